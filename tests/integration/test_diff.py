"""The diff of two calls (explorer/calls/diff.py) and its pages: `/history/<id>/diff/<other>/` and the
"Compare with…" form of a call's page (`/history/<id>/compare/?with=…`)."""

import json
import re

import pytest

from explorer.accounts import services as account_services
from explorer.calls import diff, diffcore
from explorer.calls import services as call_services
from explorer.calls.compare import compare_candidates
from explorer.onoffice.actions import Action, ActionKind
from tests import stub_upstream
from tests.integration.test_compose_views import envelope

pytestmark = pytest.mark.django_db

READ = "urn:onoffice-de-ns:smart:2.5:smartml:action:read"


def record(record_id, **elements):
    return {"id": record_id, "type": "estate", "elements": {"Id": str(record_id), **elements}}


def answer(records, cntabsolute=None, errorcode=0):
    result = {"actionid": READ, "resourcetype": "estate", "resourceid": "", "identifier": "", "cacheable": True,
              "data": {"meta": {"cntabsolute": len(records) if cntabsolute is None else cntabsolute},
                       "records": records},
              "status": {"errorcode": errorcode, "message": "OK" if not errorcode else "Error"}}
    return json.dumps(envelope([result])).encode()


def read(identifier="", **parameters):
    return {"actionid": READ, "resourcetype": "estate", "resourceid": "", "identifier": identifier,
            "parameters": parameters}


def side(label, body, actions=None, **extra):
    return diff.Side(label=label, actions=actions if actions is not None else [read()], body=body, **extra)


def changes(section):
    return {(c.path, c.kind): (c.old, c.new) for c in section.changes}


def action_section(result, index=0):
    return next(s for s in result.sections if s.key == f"action-{index}")


# ---- explorer/calls/diff.py --------------------------------------------------------------------------------

def test_records_are_matched_by_id_even_when_reordered():
    a = [record(1, kaufpreis="100.00"), record(2, kaufpreis="200.00"), record(3, kaufpreis="300.00")]
    b = [record(3, kaufpreis="300.00"), record(1, kaufpreis="100.00"), record(2, kaufpreis="200.00")]
    result = diff.call_diff(side("#1", answer(a)), side("#2", answer(b)))
    section = action_section(result)
    assert section.changes == [] and section.equal
    assert any("another order" in note for note in section.notes)
    assert result.equal


def test_a_changed_value_shows_old_and_new():
    a = [record(1, kaufpreis="100.00", ort="Köln"), record(2, kaufpreis="200.00", ort="Bonn")]
    b = [record(2, kaufpreis="250.00", ort="Bonn"), record(1, kaufpreis="100.00", ort="Köln")]
    section = action_section(diff.call_diff(side("#1", answer(a)), side("#2", answer(b))))
    assert changes(section) == {("records[id=2].elements.kaufpreis", "changed"): ('"200.00"', '"250.00"')}


def test_added_and_removed_records_and_counts():
    a = [record(1, kaufpreis="1"), record(2, kaufpreis="2")]
    b = [record(2, kaufpreis="2"), record(7, kaufpreis="7")]
    section = action_section(diff.call_diff(side("#1", answer(a, cntabsolute=20)), side("#2", answer(b, 21))))
    found = changes(section)
    assert found[("records[id=1]", "removed")][0] == '{"Id": "1", "kaufpreis": "1"}'
    assert found[("records[id=7]", "added")][1] == '{"Id": "7", "kaufpreis": "7"}'
    assert found[("data.meta.cntabsolute", "changed")] == ("20", "21")
    assert section.counts == {"added": 1, "removed": 1, "changed": 1}


def test_fields_added_and_removed_inside_a_record_and_type_changes():
    a = [record(5, kaufpreis="100", etage=2)]
    b = [record(5, kaufpreis=100, balkon=True)]
    found = changes(action_section(diff.call_diff(side("#1", answer(a)), side("#2", answer(b)))))
    assert found == {("records[id=5].elements.kaufpreis", "changed"): ('"100"', "100"),
                     ("records[id=5].elements.etage", "removed"): ("2", ""),
                     ("records[id=5].elements.balkon", "added"): ("", "true")}


def test_envelope_and_action_status_changes():
    ok = answer([record(1)])
    failed = json.loads(answer([], errorcode=0))
    failed["status"] = {"code": 200, "errorcode": 97, "message": "Error in action"}
    failed["response"]["results"][0]["status"] = {"errorcode": 137, "message": "Not allowed"}
    result = diff.call_diff(side("#1", ok), side("#2", json.dumps(failed).encode()))
    envelope_changes = changes(next(s for s in result.sections if s.key == "envelope"))
    assert envelope_changes[("status.errorcode", "changed")] == ("0", "97")
    assert envelope_changes[("status.message", "changed")] == ('"OK"', '"Error in action"')
    found = changes(action_section(result))
    assert found[("status.errorcode", "changed")] == ("0", "137")
    assert found[("data.meta.cntabsolute", "changed")] == ("1", "0")
    assert ("records[id=1]", "removed") in found


def test_request_parameter_changes():
    a = read("estates-in-koeln", data=["Id", "kaufpreis"], listlimit=20,
             filter={"ort": [{"op": "=", "val": "Köln"}], "status": [{"op": "=", "val": 1}]})
    b = read("estates-in-bonn", data=["kaufpreis", "Id", "objektart"], sortby={"kaufpreis": "ASC"},
             filter={"ort": [{"op": "=", "val": "Bonn"}]})
    body = answer([])
    request = diff.call_diff(side("#1", body, [a]), side("#2", body, [b])).request
    found = changes(request)
    assert found[("identifier", "changed")] == ('"estates-in-koeln"', '"estates-in-bonn"')
    assert found[("parameters.filter.ort[0].val", "changed")] == ('"Köln"', '"Bonn"')
    assert ("parameters.filter.status", "removed") in found
    assert found[("parameters.listlimit", "removed")] == ("20", "")
    assert found[("parameters.sortby", "added")] == ("", '{"kaufpreis": "ASC"}')
    # The order of a field list does not matter; only the new field is named.
    assert [path for path, kind in found if path.startswith("parameters.data")] == ["parameters.data[2]"]


def test_request_actions_compared_by_index():
    first = read("one")
    second = {"actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:get", "resourcetype": "fields",
              "resourceid": "", "identifier": "", "parameters": {"modules": ["estate"]}}
    changed = read("one") | {"resourcetype": "address"}
    found = changes(diff.call_diff(side("#1", b"", [first, second]), side("#2", b"", [changed])).request)
    assert found[("actions[0].resourcetype", "changed")] == ('"estate"', '"address"')
    assert found[("actions[1]", "removed")] == ("get fields", "")


def test_bodies_that_are_not_json_are_compared_as_text():
    html = b"<html>\n<body>\n<h1>502 Bad Gateway</h1>\n</body>\n</html>"
    result = diff.call_diff(side("#1", answer([record(1)])), side("#2", html, truncated=False))
    (section,) = result.answers
    assert section.key == "answer-text" and not section.equal
    assert any("#2: the answer is not JSON" in note for note in section.notes)
    kinds = {kind for kind, _ in section.text_lines}
    assert {"file", "hunk", "added", "removed"} <= kinds
    assert ("added", "+<h1>502 Bad Gateway</h1>") in section.text_lines


def test_a_truncated_answer_says_so():
    whole = answer([record(i, kaufpreis=str(i)) for i in range(50)])
    result = diff.call_diff(side("#1", whole), side("#2", whole[: len(whole) // 2], truncated=True))
    (section,) = result.answers
    assert any("cut at the log's limit" in note for note in section.notes)


def test_an_empty_answer_names_the_transport_error():
    result = diff.call_diff(side("#1", answer([])), side("#2", b"", error_text="Connection refused"))
    assert any("no answer was kept" in n and "Connection refused" in n for n in result.answers[0].notes)


def test_caps_on_records_and_differences():
    many_a = [record(i, kaufpreis="1") for i in range(diff.MAX_RECORDS + 100)]
    many_b = [record(i, kaufpreis="2") for i in range(diff.MAX_RECORDS + 100)]
    result = diff.call_diff(side("#1", answer(many_a)), side("#2", answer(many_b)))
    section = action_section(result)
    assert len(section.changes) == diff.MAX_CHANGES
    assert result.shown == diff.MAX_CHANGES
    assert any(f"first {diff.MAX_RECORDS:,} are compared" in note for note in section.notes)
    # Records beyond the cap of differences are counted, records beyond MAX_RECORDS are not looked at.
    not_itemised = diff.MAX_RECORDS - diff.MAX_CHANGES
    assert any(f"{not_itemised:,} more changed records not itemised" in note for note in section.notes)


def test_cap_on_differences_of_one_value():
    a = {"filter": {"Id": [{"op": "=", "val": n} for n in range(2000)]}}
    b = {"filter": {"Id": [{"op": "=", "val": n + 1} for n in range(2000)]}}
    result = diff.call_diff(side("#1", b"", [read(**a)]), side("#2", b"", [read(**b)]), max_changes=50)
    assert len(result.request.changes) == 50 and result.request.cut == 1950
    assert result.request.changes[1].path == "parameters.filter.Id[1].val"


def test_cap_on_the_work_of_one_deepdiff_run(monkeypatch):
    monkeypatch.setattr(diffcore, "MAX_DIFF_STEPS", 100)
    a = {"filter": {"Id": [{"op": "=", "val": n} for n in range(2000)]}}
    b = {"filter": {"Id": [{"op": "=", "val": n + 1} for n in range(2000)]}}
    request = diff.call_diff(side("#1", b"", [read(**a)]), side("#2", b"", [read(**b)])).request
    assert request.uncounted and 0 < len(request.changes) < 100
    assert any("too large to compare completely" in note for note in request.notes)


def test_cap_on_text_lines():
    a = "\n".join(f"line {i}" for i in range(3000)).encode()
    b = "\n".join(f"line {i} changed" for i in range(3000)).encode()
    (section,) = diff.call_diff(side("#1", a), side("#2", b)).answers
    assert len(section.text_lines) == diff.MAX_TEXT_LINES and section.text_cut > 0


def test_long_values_are_cut_for_display():
    long = "x" * 5000
    found = changes(diff.call_diff(side("#1", b"", [read(identifier="a")]),
                                   side("#2", b"", [read(identifier=long)])).request)
    new = found[("identifier", "changed")][1]
    assert len(new) < 1100 and new.endswith("(5,002 characters)")


def test_paths_read_well():
    assert diff.join_path("parameters", ["filter", "ort", 0, "val"]) == "parameters.filter.ort[0].val"
    assert diff.join_path("", ["status", "errorcode"]) == "status.errorcode"
    assert diff.join_path("records[id=12]", ["elements", "Straße Nr"]) == 'records[id=12].elements["Straße Nr"]'


# ---- Pages ------------------------------------------------------------------------------------------------

def answering_records(stub, by_identifier):
    """The stub answers an estate read with the records given for its identifier."""
    def respond(raw):
        results = []
        for action in json.loads(raw)["request"]["actions"]:
            records = by_identifier[action["identifier"]]
            results.append({k: action.get(k) for k in ("actionid", "resourceid", "resourcetype", "identifier")}
                           | {"cacheable": True, "data": {"meta": {"cntabsolute": len(records) * 10},
                                                          "records": records},
                              "status": {"errorcode": 0, "message": "OK"}})
        return envelope(results)
    stub.answer = respond
    return stub


@pytest.fixture
def calls(team, allow_stub):
    """Two estate reads of Alice in the team workspace (visible to members), one in her personal workspace."""
    answering_records(allow_stub, {
        "koeln": [record(1, kaufpreis="100000.00", ort="Köln"), record(2, kaufpreis="200000.00", ort="Köln")],
        "bonn": [record(2, kaufpreis="250000.00", ort="Köln"), record(3, kaufpreis="300000.00", ort="Bonn")],
        "private": [record(9)],
    })
    credential = account_services.credential_create(user=team.alice, label="Alice live", token=stub_upstream.TOKEN,
                                                    secret=stub_upstream.SECRET, api_url=allow_stub.url,
                                                    hmac_version=2, read_only=False)

    def send(identifier, workspace, **parameters):
        action = Action(kind=ActionKind.READ, resourcetype="estate", identifier=identifier, parameters=parameters)
        return call_services.call_perform(actions=[action], token=stub_upstream.TOKEN, secret=stub_upstream.SECRET,
                                          url=allow_stub.url, origin="ui", user=team.alice, workspace=workspace,
                                          credential=credential).log
    first = send("koeln", team.workspace, filter={"ort": [{"op": "=", "val": "Köln"}]})
    second = send("bonn", team.workspace, filter={"ort": [{"op": "=", "val": "Bonn"}]})
    personal = send("private", team.alice.personal_workspace)
    allow_stub.requests.clear()
    return {"first": first, "second": second, "personal": personal, "credential": credential}


def test_the_diff_page_shows_both_calls_and_the_changes(calls, team, client_for, allow_stub):
    first, second = calls["first"], calls["second"]
    response = client_for(team.vera).get(f"/history/{first.pk}/diff/{second.pk}/")
    assert response.status_code == 200
    page = response.text
    assert f"Compare call #{first.pk} with call #{second.pk}" in page
    assert "<h2" in page and "Request" in page and "Answer, action 1" in page
    # Side by side: the path, the old and the new value.
    row = re.search(r'<tr class="diff-row diff-row-changed">(.*?)</tr>',
                    page.split('id="diff-action-0"')[1], re.S).group(1)
    assert "records[id=2].elements.kaufpreis" in row
    assert "&quot;200000.00&quot;" in row and "&quot;250000.00&quot;" in row
    assert "records[id=1]" in page and "records[id=3]" in page
    assert "parameters.filter.ort[0].val" in page and "&quot;Köln&quot;" in page
    assert f'href="/history/{second.pk}/diff/{first.pk}/"' in page  # Swap
    assert f'href="/history/{first.pk}/"' in page and f'href="/history/{second.pk}/"' in page
    assert "read" in page and "“koeln”" in page and "“bonn”" in page and "alice" in page
    assert allow_stub.requests == []  # nothing is sent again


def test_a_call_compared_with_itself_has_no_differences(calls, team, client_for):
    first = calls["first"]
    page = client_for(team.alice).get(f"/history/{first.pk}/diff/{first.pk}/").text
    assert "No differences" in page and "diff-row" not in page


@pytest.mark.parametrize("who", ["vera", "mallory"])
def test_invisible_calls_are_404(calls, team, client_for, who):
    client = client_for(getattr(team, who))
    first, personal = calls["first"], calls["personal"]
    for url in (f"/history/{first.pk}/diff/{personal.pk}/", f"/history/{personal.pk}/diff/{first.pk}/",
                f"/history/{first.pk}/diff/999999/"):
        assert client.get(url).status_code == 404, url
    assert client_for(team.alice).get(f"/history/{first.pk}/diff/{personal.pk}/").status_code == 200


def test_a_non_json_answer_is_compared_as_text(calls, team, client_for, allow_stub):
    allow_stub.mode = "fixed"
    allow_stub.fixed_body = b"<html><body>Maintenance until 6 am</body></html>"
    broken = call_services.call_perform(
        actions=[Action(kind=ActionKind.READ, resourcetype="estate", identifier="bonn")], token=stub_upstream.TOKEN,
        secret=stub_upstream.SECRET, url=allow_stub.url, origin="ui", user=team.alice, workspace=team.workspace,
        credential=calls["credential"]).log
    page = client_for(team.alice).get(f"/history/{calls['first'].pk}/diff/{broken.pk}/").text
    assert "compared as text" in page and "the answer is not JSON" in page
    assert "diff-line-added" in page and "Maintenance until 6 am" in page


def test_the_call_page_offers_compare_with(calls, team, client_for):
    first, second, personal = calls["first"], calls["second"], calls["personal"]
    page = client_for(team.vera).get(f"/history/{second.pk}/").text
    form = page.split('id="compare"')[1].split("</form>")[0]
    assert f'action="/history/{second.pk}/compare/"' in page
    assert f'<option value="{first.pk}">#{first.pk}' in form
    assert f'value="{second.pk}"' not in form and f'value="{personal.pk}"' not in form
    assert 'name="with_id" type="number"' in form


def test_compare_candidates_are_the_same_workspace_and_first_resource_type(calls, team, allow_stub):
    first, second, personal = calls["first"], calls["second"], calls["personal"]
    address = call_services.call_perform(
        actions=[Action(kind=ActionKind.READ, resourcetype="address", identifier="koeln")], token=stub_upstream.TOKEN,
        secret=stub_upstream.SECRET, url=allow_stub.url, origin="ui", user=team.alice, workspace=team.workspace,
        credential=calls["credential"]).log
    assert [c.pk for c in compare_candidates(user=team.vera, log=second)] == [first.pk]
    assert address.pk not in [c.pk for c in compare_candidates(user=team.alice, log=first)]
    assert [c.pk for c in compare_candidates(user=team.alice, log=personal)] == []


def test_compare_redirects_to_the_diff(calls, team, client_for):
    first, second = calls["first"], calls["second"]
    client = client_for(team.vera)
    response = client.get(f"/history/{second.pk}/compare/", {"with": first.pk})
    assert response.status_code == 302 and response["Location"] == f"/history/{second.pk}/diff/{first.pk}/"
    # A typed number wins over the picked call.
    response = client.get(f"/history/{second.pk}/compare/", {"with": "", "with_id": f" {first.pk} "})
    assert response["Location"] == f"/history/{second.pk}/diff/{first.pk}/"


@pytest.mark.parametrize(("value", "message"), [
    ("", "Pick a call to compare with"),
    ("abc", "is not a call number"),
    ("personal", "is not in the history you can see"),
    ("999999", "Call #999999 is not in the history you can see"),
    ("self", "pick another call"),
])
def test_compare_with_a_bad_id_goes_back_with_a_message(calls, team, client_for, value, message):
    first = calls["first"]
    value = {"personal": calls["personal"].pk, "self": first.pk}.get(value, value)
    client = client_for(team.vera)
    response = client.get(f"/history/{first.pk}/compare/", {"with_id": value})
    assert response.status_code == 302 and response["Location"] == f"/history/{first.pk}/#compare"
    page = client.get(response["Location"]).text
    assert message in page
    # The personal call's existence is not confirmed: the same words as for an id that does not exist.
    if value == calls["personal"].pk:
        assert f"Call #{value} is not in the history you can see." in page


def test_compare_of_an_invisible_call_is_404(calls, team, client_for):
    response = client_for(team.mallory).get(f"/history/{calls['first'].pk}/compare/", {"with": calls["second"].pk})
    assert response.status_code == 404
