"""Composer state: URL round trip, JSON ↔ form sync, structural edits, nothing lost."""

import json

from django.http import QueryDict

from explorer.composer.state import state_from_query


def q(**pairs):
    data = QueryDict(mutable=True)
    for key, value in pairs.items():
        key = key.replace("__", "-").lstrip("_")
        for v in value if isinstance(value, list) else [value]:
            data.appendlist(key, v)
    return data


def test_defaults_to_one_estate_read():
    state = state_from_query(QueryDict())
    [draft] = state.drafts
    assert (draft.resourcetype, draft.action, draft.params) == ("estate", "read", {})


def test_json_is_parsed_into_the_widgets():
    params = {"data": ["Id", "kaufpreis"], "filter": {"kaufpreis": [{"op": "<", "val": 300000}],
                                                     "geaendert_am": [{"op": ">=", "val": "2026-01-01"}]},
              "listlimit": 50, "sortby": {"kaufpreis": "DESC"}, "formatoutput": True, "outputlanguage": "ENG"}
    [draft] = state_from_query(q(_0__params=json.dumps(params))).drafts
    assert draft.data == ["Id", "kaufpreis"]
    assert [(r.field, r.op, r.values) for r in draft.filters] == [("kaufpreis", "<", ["300000"])]
    assert draft.changed_since == "2026-01-01"
    assert (draft.listlimit, draft.sortby, draft.sortorder) == ("50", "kaufpreis", "DESC")
    assert draft.formatoutput and draft.outputlanguage == "ENG"


def test_form_edits_rewrite_only_the_keys_the_form_knows():
    base = {"data": ["Id"], "estatelanguage": "ENG", "addMainLangId": True}
    [draft] = state_from_query(q(
        _0__params=json.dumps(base), _0__src="form", _0__data=["Id", "ort"],
        _0__f__field=["kaufpreis", "objektart"], _0__f__op=["between", "in"], _0__f__val=["100000", ""],
        _0__f__val2=["300000", ""], _0__f__multi=["1:haus", "1:wohnung"], _0__listlimit="500",
        _0__since="2026-11-01",
    ), field_types={0: {"kaufpreis": "float", "objektart": "singleselect"}}).drafts
    assert draft.params == {
        "addMainLangId": True, "data": ["Id", "ort"], "estatelanguage": "ENG",
        "filter": {"kaufpreis": [{"op": "between", "val": [100000, 300000]}],
                   "objektart": [{"op": "in", "val": ["haus", "wohnung"]}],
                   "geaendert_am": [{"op": ">=", "val": "2026-11-01"}]},
        "listlimit": 500,
    }
    assert json.loads(draft.params_text) == draft.params


def test_empty_multiselect_equals_means_no_value():
    [draft] = state_from_query(q(_0__src="form", _0__f__field=["heizungsart"], _0__f__op=["="], _0__f__val=[""]),
                               field_types={0: {"heizungsart": "multiselect"}}).drafts
    assert draft.params["filter"] == {"heizungsart": [{"op": "=", "val": []}]}


def test_invalid_json_keeps_the_text_and_reports_the_position():
    text = '{\n  "data": ["Id",]\n}'
    [draft] = state_from_query(q(_0__params=text, _0__src="form", _0__data=["Id"])).drafts
    assert draft.params is None and draft.params_text == text
    assert draft.json_error.startswith("line 2, column")
    assert "not applied" in draft.notice


def test_unrepresentable_filter_survives_untouched_json_edits():
    params = {"filter": {"kaufpreis": {"op": "<", "val": 1}}}
    state = state_from_query(q(_0__params=json.dumps(params)))
    assert state.drafts[0].params == params
    assert "edit it in JSON" in state.drafts[0].notice


def test_url_round_trip_is_stable():
    first = state_from_query(q(cred="7", n="2", _0__rt="address", _0__params='{"listlimit": 5}',
                               _1__rt="fields", _1__act="get", _1__params='{"modules": ["estate"]}'))
    again = state_from_query(QueryDict(first.query()))
    assert again.query() == first.query()
    assert again.credential_id == 7
    assert [(d.resourcetype, d.action) for d in again.drafts] == [("address", "read"), ("fields", "get")]


def test_structural_ops():
    state = state_from_query(q(n="1", op="add-action"))
    assert len(state.drafts) == 2
    state = state_from_query(q(n="2", _1__rt="address", op="rm-action:0"))
    assert [(d.index, d.resourcetype) for d in state.drafts] == [(0, "address")]
    state = state_from_query(q(_0__params='{"filter": {"a": [{"op": "=", "val": 1}], "b": [{"op": "=", "val": 2}]}}',
                               op="rm-filter:0:0"))
    assert state.drafts[0].params == {"filter": {"b": [{"op": "=", "val": 2}]}}


def test_a_row_button_pressed_in_the_form_applies_the_form_edits_of_its_action_only():
    params = json.dumps({"filter": {"a": [{"op": "=", "val": 1}]}})
    # The form shows an edit not yet in the JSON (the value 5); the button removes nothing yet adds a row.
    form = {"_0__params": params, "_0__form": "1", "_0__f__field": ["a"], "_0__f__op": ["="], "_0__f__val": ["5"],
            "_0__f__val2": [""], "_1__params": '{"listlimit": 3}', "_1__form": "1", "_1__listlimit": "9"}
    state = state_from_query(q(n="2", op="add-filter:0", **form))
    assert state.drafts[0].params == {"filter": {"a": [{"op": "=", "val": "5"}]}}
    assert len(state.drafts[0].filters) == 2
    assert state.drafts[1].params == {"listlimit": 3}  # the other action keeps its JSON side
    # The same op in a bare link (no form widgets) works on the JSON.
    state = state_from_query(q(_0__params=params, _0__f__val=["5"], op="add-filter:0"))
    assert state.drafts[0].params == {"filter": {"a": [{"op": "=", "val": 1}]}}


def test_key_parameters_of_other_types_are_form_fields():
    [draft] = state_from_query(q(_0__rt="idsfromrelation", _0__act="get", _0__src="form",
                                 _0__x__relationtype="urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:owner",
                                 _0__x__parentids="[12, 13]")).drafts
    assert draft.params == {"parentids": [12, 13],
                            "relationtype": "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:owner"}


def test_errors_name_the_action():
    state = state_from_query(q(_0__rt="customThing", _0__act="fly", _0__params="[1"))
    assert any("Action 1: choose an action" in e for e in state.errors)
    assert any("not valid JSON" in e for e in state.errors)


def test_an_action_the_type_does_not_take_becomes_one_it_does():
    [draft] = state_from_query(q(_0__rt="fields", _0__act="read")).drafts
    assert draft.action == "get"


ESTATE_TYPES = {"objekttitel": "varchar", "kaufpreis": "float", "objektart": "singleselect", "heizungsart": "multiselect"}


def test_a_create_writes_its_record_fields_inside_data_typed_by_the_configuration():
    [draft] = state_from_query(q(
        _0__act="create", _0__params='{"data": {"objekttitel": "Alt"}}', _0__src="form",
        _0__r__field=["objekttitel", "kaufpreis", "heizungsart"], _0__r__val=["Neubau", "250000", ""],
        _0__r__multi=["2:zentral", "2:fussboden"],
    ), field_types={0: ESTATE_TYPES}).drafts
    assert draft.params == {"data": {"objekttitel": "Neubau", "kaufpreis": 250000,
                                     "heizungsart": ["zentral", "fussboden"]}}


def test_an_address_create_writes_fields_at_the_top_level_and_keeps_other_parameters():
    types = {"Vorname": "varchar", "Name": "varchar"}
    [draft] = state_from_query(q(
        _0__rt="address", _0__act="create", _0__params='{"Vorname": "Max", "Name": "Alt", "checkDuplicate": true}',
        _0__src="form", _0__r__field=["Name"], _0__r__val=["Muster"], _0__x__checkDuplicate="true",
    ), field_types={0: types}).drafts
    assert draft.params == {"Name": "Muster", "checkDuplicate": True}


def test_record_fields_are_read_back_from_the_json():
    [draft] = state_from_query(q(_0__act="modify", _0__rid="12", _0__params='{"data": {"kaufpreis": 1.5, "objektart": "haus"}}'),
                               field_types={0: ESTATE_TYPES}).drafts
    assert [(r.field, r.values) for r in draft.record_rows] == [("kaufpreis", ["1.5"]), ("objektart", ["haus"])]
    # unchanged in the form, the number stays a number
    [again] = state_from_query(q(_0__act="modify", _0__params=draft.params_text, _0__src="form",
                                 _0__r__field=["kaufpreis", "objektart"], _0__r__val=["1.5", "haus"]),
                               field_types={0: ESTATE_TYPES}).drafts
    assert again.params == {"data": {"kaufpreis": 1.5, "objektart": "haus"}}


def test_record_rows_are_added_and_removed():
    state = state_from_query(q(_0__act="create", _0__params='{"data": {"a": 1, "b": 2}}', op="rm-row:0:0"),
                             field_types={0: {}})
    assert state.drafts[0].params == {"data": {"b": 2}}
    state = state_from_query(q(_0__act="create", op="add-row:0"))
    assert len(state.drafts[0].record_rows) == 1


def test_writes_of_read_types_show_no_read_parameters():
    [draft] = state_from_query(q(_0__act="create")).drafts
    assert draft.extra_keys == () and draft.has_record_form
    [relation] = state_from_query(q(_0__rt="relation", _0__act="create")).drafts
    assert "relationtype" in relation.extra_keys


def test_json_error_positions_do_not_double_the_at():
    from explorer.composer.state import parse_params

    assert parse_params('{"a": "x\x01"}') == (None, "line 1, column 9: Invalid control character")
    assert parse_params('{"a": "x') == (None, "line 1, column 7: Unterminated string")
