"""Checks before sending (issue 11): one-click fixes applied through the composer's `op`, the chosen `data`
order kept across edits and reorderable, did-you-mean for resource types, sort fields and written fields."""

import json

import pytest
from django.http import QueryDict

from explorer.composer.present import DraftView
from explorer.composer.state import state_from_query
from explorer.onoffice.fields import Field, ModuleFields
from tests.integration import test_compose_views as views

ESTATE = ModuleFields(module="estate", label="Immobilien", fields={
    "Id": Field("Id", "Datensatznummer", "integer", module="estate"),
    "kaufpreis": Field("kaufpreis", "Kaufpreis", "float", module="estate"),
    "ort": Field("ort", "Ort", "varchar", module="estate"),
    "objekttitel": Field("objekttitel", "Objekttitel", "varchar", module="estate"),
    "geaendert_am": Field("geaendert_am", "Geändert am", "datetime", module="estate"),
    "heizungsart": Field("heizungsart", "Heizungsart", "multiselect", module="estate",
                         permitted_values={"zentral": "Zentralheizung", "fern": "Fernwärme", "etage": "Etage"}),
})
ADDRESS = ModuleFields(module="address", label="Adressen", fields={
    "Name": Field("Name", "Name", "varchar", module="address"),
    "Email": Field("Email", "E-Mail", "varchar", module="address"),
})
TYPES = {name: f.type for name, f in ESTATE.fields.items()}


def q(**pairs):
    data = QueryDict(mutable=True)
    for key, value in pairs.items():
        key = key.replace("__", "-").lstrip("_")
        for v in value if isinstance(value, list) else [value]:
            data.appendlist(key, v)
    return data


def draft_of(module_fields=ESTATE, **pairs):
    [draft] = state_from_query(q(**pairs), field_types={0: {n: f.type for n, f in module_fields.fields.items()}}).drafts
    return draft


def view_of(draft, module_fields=ESTATE):
    return DraftView.build(draft, module_fields, None)


MULTI_EQUALS = {"filter": {"heizungsart": [{"op": "=", "val": ["zentral", "fern"]}]}}


def test_multiselect_equals_with_two_values_is_flagged_with_the_in_fix():
    draft = draft_of(_0__src="form", _0__f__field=["heizungsart"], _0__f__op=["="], _0__f__val=[""],
                     _0__f__val2=[""], _0__f__multi=["0:zentral", "0:fern"])
    assert draft.params["filter"] == MULTI_EQUALS["filter"]
    [(problem, op, label)] = view_of(draft).problem_rows
    assert problem.severity == "error" and "257" in problem.message
    assert op == "fix:0:operator:filter.heizungsart[0].op:in" and label == "Use “in”"
    fixed = draft_of(_0__params=json.dumps(MULTI_EQUALS), op=op)
    assert fixed.params == {"filter": {"heizungsart": [{"op": "in", "val": ["zentral", "fern"]}]}}
    assert [(r.field, r.op, r.values) for r in fixed.filters] == [("heizungsart", "in", ["zentral", "fern"])]
    assert json.loads(fixed.params_text) == fixed.params
    assert view_of(fixed).problems == []


def test_one_value_with_equals_on_a_multiselect_is_sent_as_that_key():
    draft = draft_of(_0__src="form", _0__f__field=["heizungsart"], _0__f__op=["="], _0__f__val=[""],
                     _0__f__val2=[""], _0__f__multi=["0:zentral"])
    assert draft.params["filter"] == {"heizungsart": [{"op": "=", "val": "zentral"}]}


def test_chosen_fields_keep_the_users_order_across_three_edits():
    # The picker posts its checkboxes alphabetically; the user checked ort, then kaufpreis, then Id.
    first = draft_of(_0__src="form", _0__data=["ort"])
    second = draft_of(_0__src="form", _0__params=first.params_text, _0__data=["kaufpreis", "ort"])
    third = draft_of(_0__src="form", _0__params=second.params_text, _0__data=["Id", "kaufpreis", "ort"])
    assert third.params["data"] == third.data == ["ort", "kaufpreis", "Id"]
    # An unrelated edit (listlimit) and an unchecked field keep the rest in place.
    fourth = draft_of(_0__src="form", _0__params=third.params_text, _0__data=["Id", "kaufpreis", "ort"],
                      _0__listlimit="5")
    assert fourth.params["data"] == ["ort", "kaufpreis", "Id"] and fourth.params["listlimit"] == 5
    fifth = draft_of(_0__src="form", _0__params=fourth.params_text, _0__data=["Id", "ort"])
    assert fifth.params["data"] == ["ort", "Id"]
    assert [name for name, _ in view_of(fifth).selected] == ["ort", "Id"]


def test_move_data_reorders_the_chosen_fields():
    params = json.dumps({"data": ["ort", "kaufpreis", "Id"]})
    assert draft_of(_0__params=params, op="move-data:0:Id:up").params["data"] == ["ort", "Id", "kaufpreis"]
    assert draft_of(_0__params=params, op="move-data:0:ort:down").params["data"] == ["kaufpreis", "ort", "Id"]
    moved = draft_of(_0__params=params, op="move-data:0:ort:up")  # already first: nothing changes
    assert moved.params["data"] == ["ort", "kaufpreis", "Id"]
    assert draft_of(_0__params=params, op="move-data:0:Id:up").data == ["ort", "Id", "kaufpreis"]


def test_sortby_did_you_mean_and_its_fix():
    draft = draft_of(_0__params=json.dumps({"sortby": {"Kaufpreis": "DESC"}}))
    [(problem, op, _)] = view_of(draft).problem_rows
    assert problem.path == "sortby.Kaufpreis" and op == "fix:0:sortby:sortby.Kaufpreis:kaufpreis"
    assert draft_of(_0__params=draft.params_text, op=op).params == {"sortby": {"kaufpreis": "DESC"}}
    draft = draft_of(_0__params=json.dumps({"sortby": "kaufpreiss", "sortorder": "ASC"}))
    [(problem, op, _)] = view_of(draft).problem_rows
    assert draft_of(_0__params=draft.params_text, op=op).params["sortby"] == "kaufpreis"


def test_resource_type_did_you_mean_and_its_fix():
    draft = draft_of(_0__rt="Estate", _0__params=json.dumps({"data": ["Id"]}))
    [(problem, op, label)] = view_of(draft, None).problem_rows
    assert "case-sensitive" in problem.message and problem.severity == "error"
    assert op == "fix:0:resourcetype:resourcetype:estate" and label == "Use “estate”"
    fixed = draft_of(_0__rt="Estate", _0__params=draft.params_text, op=op)
    assert (fixed.resourcetype, fixed.action, fixed.data) == ("estate", "read", ["Id"])


def test_fields_that_cannot_be_written_are_flagged_fixed_and_not_offered():
    draft = draft_of(ADDRESS, _0__rt="address", _0__act="create",
                     _0__params=json.dumps({"Name": "Muster", "Email": "a@example.org"}))
    dv = view_of(draft, ADDRESS)
    [(problem, op, label)] = dv.problem_rows
    assert problem.path == "parameters.Email" and "144" in problem.message
    assert op == "fix:0:name:parameters.Email:email" and label == "Use “email”"
    assert [f.name for f in dv.option_fields] == ["Name"]
    fixed = draft_of(ADDRESS, _0__rt="address", _0__act="create", _0__params=draft.params_text, op=op)
    assert fixed.params == {"Name": "Muster", "email": "a@example.org"}
    assert view_of(fixed, ADDRESS).problems == []
    # estate: a system field is removed by its fix
    draft = draft_of(_0__act="modify", _0__rid="3", _0__params=json.dumps({"data": {"geaendert_am": "x", "ort": "Aachen"}}))
    [(problem, op, label)] = view_of(draft).problem_rows
    assert (op, label) == ("fix:0:drop:data.geaendert_am:", "Remove it")
    assert draft_of(_0__act="modify", _0__rid="3", _0__params=draft.params_text, op=op).params == {"data": {"ort": "Aachen"}}


def test_data_name_did_you_mean_fix():
    draft = draft_of(_0__params=json.dumps({"data": ["Id", "Kaufpreis"]}))
    [(_, op, _)] = view_of(draft).problem_rows
    assert draft_of(_0__params=draft.params_text, op=op).params["data"] == ["Id", "kaufpreis"]


@pytest.mark.django_db
def test_the_composer_shows_the_fix_button_and_holds_the_send(client_for, make_user, allow_stub, monkeypatch):
    monkeypatch.setitem(views.FIELDS_ANSWER, "estate", views.FIELDS_ANSWER["estate"] | {
        "heizungsart": {"type": "multiselect", "length": None, "default": None, "label": "Heizungsart",
                        "permittedvalues": {"zentral": "Zentral", "fern": "Fern"}}})
    alice = make_user("alice")
    views.answering(allow_stub)
    credential = views.account_services.credential_create(
        user=alice, label="CRM", token=views.stub_upstream.TOKEN, secret=views.stub_upstream.SECRET,
        api_url=allow_stub.url, hmac_version=2, read_only=False)
    client = client_for(alice)
    data = views.compose_query(credential, {"data": ["Id"], **MULTI_EQUALS})
    html = client.post_htmx("/compose/", data, target="composer").content.decode()
    assert 'value="fix:0:operator:filter.heizungsart[0].op:in"' in html and "Use “in”" in html
    held = client.post_htmx("/compose/send/", data, target="call-result").content.decode()
    assert "Not sent" in held and views.sent(allow_stub) == []
    fixed = client.post_htmx("/compose/", data | {"op": "fix:0:operator:filter.heizungsart[0].op:in"},
                             target="composer").content.decode()
    assert "&quot;op&quot;: &quot;in&quot;" in fixed and "problem-fix" not in fixed
    html = client.post_htmx("/compose/", views.compose_query(credential, {"data": ["kaufpreis", "Id"]}),
                            target="composer").content.decode()
    assert 'value="move-data:0:kaufpreis:down"' in html and 'value="move-data:0:Id:up"' in html
