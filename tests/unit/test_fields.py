"""Field configuration parsing and the checks of `data` and `filter`."""

import json

import pytest

from explorer.onoffice.checks import (
    check_field_names,
    check_filter,
    check_record_fields,
    check_resource_type,
    check_sortby,
)
from explorer.onoffice.fields import (
    ALL_OPERATORS,
    MULTISELECT_ERROR,
    STATUS_MEANINGS,
    Field,
    label_value,
    multiselect_keys,
    normalise_operator,
    operators_for,
    parse_field_config,
)
from explorer.onoffice.responses import parse_response

# A trimmed `fields` response in the shape of the vendor's example, plus an address module without labels
# and an empty module.
FIELDS_RESPONSE = {
    "status": {"code": 200, "errorcode": 0, "message": "OK"},
    "response": {"results": [{
        "actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:get", "resourceid": "", "resourcetype": "fields",
        "cacheable": True, "identifier": "",
        "data": {"meta": {"cntabsolute": None}, "records": [
            {"id": "estate", "type": "", "elements": {
                "label": "Immobilien",
                "kaufpreis": {"type": "float", "length": None, "permittedvalues": None, "default": None,
                              "filters": {"kaufpreis": {"vermarktungsarten": ["kauf"]}}, "dependencies": [],
                              "compoundFields": [], "label": "Kaufpreis", "fieldMeasureFormat": "DATA_TYPE_MONETARY"},
                "status2": {"type": "singleselect", "length": None,
                            "permittedvalues": {"status2obj_inaktiv": "Inaktiv", "status2obj_aktiv": "Aktiv",
                                                "status2obj_archiviert": "Archiviert"},
                            "default": "status2obj_aktiv", "filters": [], "dependencies": [], "compoundFields": [],
                            "label": "Status", "fieldMeasureFormat": None},
                "objekttyp": {"type": "singleselect", "length": None,
                              "permittedvalues": {"stellplatz": "Stellplatz", "carport": "Carport",
                                                  "reihenhaus": "Reihenhaus"},
                              "default": None,
                              "filters": {"carport": {"nutzungsarten": ["wohnen"], "vermarktungsarten": ["kauf", "miete"]}},
                              "dependencies": {"stellplatz": "parken", "carport": "parken", "reihenhaus": "haus"},
                              "compoundFields": [], "label": "Objekttyp", "fieldMeasureFormat": None},
                "heizungsart": {"type": "multiselect", "length": None,
                                "permittedvalues": {"zentral": "Zentralheizung", "fussboden": "Fußbodenheizung"},
                                "default": None,
                                "filters": {"heizungsart": {"nutzungsarten": ["wohnen"],
                                                            "immobilienart": ["wohnung", "haus", "waz"]}},
                                "dependencies": [], "compoundFields": [], "label": "Heizungsart",
                                "fieldMeasureFormat": None},
                "verfuegbar_ab": {"type": "varchar", "length": 20, "permittedvalues": None, "default": None,
                                  "filters": [], "dependencies": [], "compoundFields": [],
                                  "label": "Verfügbar ab (Text)", "fieldMeasureFormat": None},
                "status": {"type": "integer", "length": None, "permittedvalues": None, "default": None,
                           "filters": [], "dependencies": [], "compoundFields": [], "label": "Status (Zahl)"},
                "balkon": {"type": "boolean", "length": None, "permittedvalues": None, "default": None,
                           "filters": [], "dependencies": [], "compoundFields": [], "label": "Balkon"},
                "geaendert_am": {"type": "urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:datetime", "length": None,
                                 "permittedvalues": None, "default": None, "filters": [], "dependencies": [],
                                 "compoundFields": [], "label": "Geändert am"},
            }},
            {"id": "address", "type": "", "elements": {
                "Beziehung": {"type": "multiselect", "length": None, "permittedvalues": ["Kunde", "Verwandter"],
                              "default": None, "filters": [], "dependencies": [], "compoundFields": []},
                "Status": {"type": "integer", "length": None, "permittedvalues": None, "default": None,
                           "filters": [], "dependencies": [], "compoundFields": []},
                "Email": {"type": "varchar", "length": "100", "permittedvalues": None, "default": None,
                          "filters": [], "dependencies": [], "compoundFields": []},
            }},
            {"id": "news", "type": "", "elements": []},
        ]},
        "status": {"errorcode": 0, "message": "OK"},
    }]},
}


@pytest.fixture(scope="module")
def modules():
    result = parse_response(json.dumps(FIELDS_RESPONSE)).results[0]
    return parse_field_config(result)


@pytest.fixture(scope="module")
def estate(modules):
    return modules["estate"]


def errors(problems):
    return [p for p in problems if p.severity == "error"]


# --- parsing -------------------------------------------------------------------------------------------------


def test_parses_every_module_with_its_label(modules):
    assert list(modules) == ["estate", "address", "news"]
    assert modules["estate"].label == "Immobilien"
    assert modules["address"].label == "address"  # no labels requested → the module key
    assert modules["news"].fields == {}


def test_module_label_is_not_taken_for_a_field(estate):
    assert "label" not in estate.fields
    assert set(estate.fields) == {"kaufpreis", "status2", "objekttyp", "heizungsart", "verfuegbar_ab", "status",
                                  "balkon", "geaendert_am"}


def test_field_attributes(estate):
    objekttyp = estate.fields["objekttyp"]
    assert objekttyp == Field(
        name="objekttyp", label="Objekttyp", type="singleselect", length=None,
        permitted_values={"stellplatz": "Stellplatz", "carport": "Carport", "reihenhaus": "Reihenhaus"},
        default=None,
        filters={"carport": {"nutzungsarten": ["wohnen"], "vermarktungsarten": ["kauf", "miete"]}},
        dependencies={"stellplatz": "parken", "carport": "parken", "reihenhaus": "haus"},
        module="estate",
    )
    assert estate.fields["status2"].default == "status2obj_aktiv"
    assert estate.fields["verfuegbar_ab"].length == 20
    assert estate.fields["verfuegbar_ab"].label == "Verfügbar ab (Text)"


def test_empty_filters_and_dependencies_arrive_as_lists_and_become_empty_dicts(estate):
    assert estate.fields["status2"].filters == {}
    assert estate.fields["kaufpreis"].dependencies == {}


def test_permitted_values_as_plain_key_list_get_keys_as_labels(modules):
    assert modules["address"].fields["Beziehung"].permitted_values == {"Kunde": "Kunde", "Verwandter": "Verwandter"}


def test_null_permitted_values_are_empty(estate):
    assert estate.fields["kaufpreis"].permitted_values == {}


def test_label_falls_back_to_the_name_and_length_strings_become_ints(modules):
    email = modules["address"].fields["Email"]
    assert email.label == "Email"
    assert email.length == 100


def test_urn_types_are_normalised(estate):
    assert estate.fields["geaendert_am"].type == "datetime"


def test_field_is_frozen(estate):
    with pytest.raises(AttributeError):
        estate.fields["kaufpreis"].label = "x"


# --- operators -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field_type", ["integer", "float", "date", "datetime", "decimal", "something_new"])
def test_numbers_dates_and_unknown_types_take_every_operator(field_type):
    assert operators_for(field_type) == ALL_OPERATORS
    assert len(ALL_OPERATORS) == 11


def test_multiselect_operators_are_the_ones_of_error_232():
    assert set(operators_for("multiselect")) == {"=", "!=", "like", "not like", "in", "not in"}


def test_boolean_takes_only_equality():
    assert operators_for("boolean") == ("=", "!=")


@pytest.mark.parametrize("field_type", ["varchar", "text", "singleselect", "urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:Text"])
def test_text_and_singleselect_offer_no_ordering(field_type):
    ops = operators_for(field_type)
    assert "like" in ops and "in" in ops
    assert not {"<", ">", "<=", ">=", "between"} & set(ops)


@pytest.mark.parametrize(("raw", "canonical"), [
    ("IS", "="), ("<>", "!="), ("Not  Like", "not like"), ("BETWEEN", "between"), (" in ", "in"), ("==", None),
    (1, None),
])
def test_normalise_operator(raw, canonical):
    assert normalise_operator(raw) == canonical


# --- check_field_names ---------------------------------------------------------------------------------------


def test_known_names_pass(estate):
    assert check_field_names(["kaufpreis", "objekttyp", "heizungsart"], estate) == []


def test_case_mistake_is_named_as_such(estate):
    [problem] = check_field_names(["kaufpreis", "Kaufpreis"], estate)
    assert problem.path == "data[1]"
    assert problem.suggestion == "kaufpreis"
    assert "case-sensitive" in problem.message
    assert problem.severity == "error"


def test_typo_gets_close_matches(estate):
    [problem] = check_field_names(["objektyp"], estate)
    assert problem.suggestion == "objekttyp"
    assert "Did you mean “objekttyp”" in problem.message


def test_typo_with_wrong_case_still_finds_the_field(estate):
    [problem] = check_field_names(["HeizungsArtt"], estate)
    assert problem.suggestion == "heizungsart"


def test_unrelated_name_has_no_suggestion(estate):
    [problem] = check_field_names(["zzz_unbekannt"], estate)
    assert problem.suggestion is None
    assert "Unknown field “zzz_unbekannt”" in problem.message and "deactivated" in problem.message


def test_non_string_name_is_flagged(estate):
    [problem] = check_field_names([42], estate)
    assert problem.path == "data[0]"


def test_address_pseudo_fields_are_known_only_for_addresses(modules):
    assert check_field_names(["email", "phone", "imageUrl"], modules["address"]) == []
    assert len(check_field_names(["email"], modules["estate"])) == 1


# --- check_filter --------------------------------------------------------------------------------------------


def test_documented_filter_passes(estate):
    filter_obj = {
        "kaufpreis": [{"op": "<", "val": 300000}, {"op": ">=", "val": "100000.50"}],
        "objekttyp": [{"op": "IN", "val": ["carport", "stellplatz"]}],
        "heizungsart": [{"op": "like", "val": "%zentral%"}],
        "geaendert_am": [{"op": "BETWEEN", "val": ["2020-01-01", "2021-04-01"]}],
        "balkon": [{"op": "=", "val": 1}],
        "status": [{"op": "is", "val": 1}],
    }
    assert check_filter(filter_obj, estate) == []


def test_filter_must_be_an_object(estate):
    [problem] = check_filter([{"kaufpreis": 1}], estate)
    assert problem.path == "filter"
    assert problem.severity == "error"


def test_single_condition_not_wrapped_in_a_list(estate):
    [problem] = check_filter({"kaufpreis": {"op": "<", "val": 5}}, estate)
    assert problem.path == "filter.kaufpreis"
    assert json.loads(problem.suggestion) == [{"op": "<", "val": 5}]


def test_conditions_neither_list_nor_object(estate):
    [problem] = check_filter({"kaufpreis": 5}, estate)
    assert problem.path == "filter.kaufpreis"


def test_condition_must_be_an_object(estate):
    [problem] = check_filter({"kaufpreis": [{"op": "<", "val": 5}, "< 5"]}, estate)
    assert problem.path == "filter.kaufpreis[1]"


def test_unknown_field_in_filter(estate):
    problems = check_filter({"Kaufpreis": [{"op": "<", "val": 5}]}, estate)
    assert [(p.path, p.suggestion) for p in problems] == [("filter.Kaufpreis", "kaufpreis")]


def test_unknown_operator_with_suggestion(estate):
    [problem] = check_filter({"kaufpreis": [{"op": "==", "val": 5}]}, estate)
    assert problem.path == "filter.kaufpreis[0].op"
    assert problem.suggestion == "="
    assert "Unknown operator “==”" in problem.message


def test_missing_op_and_val(estate):
    problems = check_filter({"kaufpreis": [{}]}, estate)
    assert sorted(p.path for p in errors(problems)) == ["filter.kaufpreis[0].op", "filter.kaufpreis[0].val"]


def test_misspelt_key_is_ignored_by_the_api_and_said_so(estate):
    problems = check_filter({"kaufpreis": [{"op": "<", "value": 5}]}, estate)
    assert [(p.path, p.severity, p.suggestion) for p in problems] == [
        ("filter.kaufpreis[0].value", "warning", "val"),
        ("filter.kaufpreis[0].val", "error", None),
    ]


@pytest.mark.parametrize("op", ["in", "NOT IN"])
def test_in_needs_a_list(estate, op):
    [problem] = check_filter({"objekttyp": [{"op": op, "val": "carport"}]}, estate)
    assert problem.path == "filter.objekttyp[0].val"
    assert problem.severity == "error"
    assert json.loads(problem.suggestion) == ["carport"]


def test_in_with_empty_list_warns(estate):
    [problem] = check_filter({"objekttyp": [{"op": "in", "val": []}]}, estate)
    assert problem.severity == "warning"


@pytest.mark.parametrize("val", [5, [1], [1, 2, 3], "1,2"])
def test_between_needs_two_values(estate, val):
    [problem] = check_filter({"kaufpreis": [{"op": "between", "val": val}]}, estate)
    assert problem.path == "filter.kaufpreis[0].val"
    assert problem.severity == "error"
    assert "two values" in problem.message


@pytest.mark.parametrize("op", ["<", ">=", "between"])
def test_multiselect_refuses_ordering_with_the_text_of_error_232(estate, op):
    val = ["a", "b"] if op == "between" else "zentral"
    problems = check_filter({"heizungsart": [{"op": op, "val": val}]}, estate)
    [problem] = errors(problems)
    assert problem.path == "filter.heizungsart[0].op"
    assert MULTISELECT_ERROR in problem.message


def test_multiselect_equals_takes_one_value_and_several_need_in(estate):
    # The API answers `=` with several values on a multiselect with error 257 (issue 11): flag it, suggest `in`.
    [problem] = check_filter({"heizungsart": [{"op": "=", "val": ["zentral", "fussboden"]}]}, estate)
    assert (problem.path, problem.severity, problem.suggestion, problem.fix) == (
        "filter.heizungsart[0].op", "error", "in", "operator")
    assert "257" in problem.message
    [problem] = check_filter({"heizungsart": [{"op": "!=", "val": ["zentral", "fussboden"]}]}, estate)
    assert problem.suggestion == "not in"
    assert check_filter({"heizungsart": [{"op": "=", "val": "zentral"}]}, estate) == []
    assert check_filter({"heizungsart": [{"op": "in", "val": ["zentral", "fussboden"]}]}, estate) == []


@pytest.mark.parametrize("op", ["=", "!="])
def test_multiselect_equals_with_no_value_is_flagged(estate, op):
    # What the composer sends for a multiselect condition whose value was left empty; the API answers 257.
    [problem] = check_filter({"heizungsart": [{"op": op, "val": []}]}, estate)
    assert (problem.path, problem.severity) == ("filter.heizungsart[0].val", "error")
    assert "needs a value" in problem.message and "257" in problem.message


def test_ordering_on_text_is_a_warning_not_an_error(estate):
    [problem] = check_filter({"verfuegbar_ab": [{"op": ">", "val": "01.05.2024"}]}, estate)
    assert problem.severity == "warning"
    assert problem.path == "filter.verfuegbar_ab[0].op"
    assert "letter by letter" in problem.message


def test_boolean_compared_with_like_warns(estate):
    [problem] = check_filter({"balkon": [{"op": "like", "val": "1"}]}, estate)
    assert problem.severity == "warning"
    assert "yes/no" in problem.message


def test_boolean_value_must_be_zero_or_one(estate):
    [problem] = check_filter({"balkon": [{"op": "=", "val": "ja"}]}, estate)
    assert (problem.path, problem.severity) == ("filter.balkon[0].val", "warning")


def test_select_label_instead_of_key(estate):
    [problem] = check_filter({"heizungsart": [{"op": "in", "val": ["zentral", "Fußbodenheizung"]}]}, estate)
    assert problem.path == "filter.heizungsart[0].val[1]"
    assert problem.suggestion == "fussboden"
    assert "label" in problem.message


def test_select_key_with_wrong_case(estate):
    [problem] = check_filter({"objekttyp": [{"op": "=", "val": "Carport"}]}, estate)
    assert (problem.path, problem.suggestion) == ("filter.objekttyp[0].val", "carport")


def test_select_value_unknown(estate):
    [problem] = check_filter({"status2": [{"op": "=", "val": "gone"}]}, estate)
    assert problem.suggestion is None
    assert "not a permitted value of “Status”" in problem.message


def test_like_patterns_are_not_checked_against_permitted_values(estate):
    assert check_filter({"objekttyp": [{"op": "like", "val": "%haus%"}]}, estate) == []


def test_number_field_with_text_value(estate):
    [problem] = check_filter({"kaufpreis": [{"op": "<", "val": "billig"}]}, estate)
    assert (problem.path, problem.severity) == ("filter.kaufpreis[0].val", "warning")


def test_list_with_equals_on_a_scalar_field_suggests_in(estate):
    [problem] = check_filter({"objekttyp": [{"op": "=", "val": ["carport", "stellplatz"]}]}, estate)
    assert (problem.suggestion, problem.severity) == ("in", "warning")


def test_paths_index_each_condition(estate):
    problems = check_filter({"kaufpreis": [{"op": "<", "val": 1}, {"op": "between", "val": 1}]}, estate)
    assert [p.path for p in problems] == ["filter.kaufpreis[1].val"]


# --- display values ------------------------------------------------------------------------------------------


def test_singleselect_key_to_label(estate):
    assert label_value(estate.fields["status2"], "status2obj_aktiv") == "Aktiv"
    assert label_value(estate.fields["status2"], "unbekannt") == "unbekannt"
    assert label_value(estate.fields["status2"], None) == ""


def test_multiselect_pipe_string_and_list(estate):
    heizung = estate.fields["heizungsart"]
    assert label_value(heizung, "|zentral||fussboden|") == "Zentralheizung, Fußbodenheizung"
    assert label_value(heizung, ["fussboden", "other"]) == "Fußbodenheizung, other"
    assert label_value(heizung, "") == ""
    assert label_value(heizung, None) == ""


def test_formatted_multiselect_text_passes_through(estate):
    assert label_value(estate.fields["heizungsart"], "Zentralheizung") == "Zentralheizung"


def test_multiselect_keys():
    assert multiselect_keys("|Tippgeber||Werbung|") == ["Tippgeber", "Werbung"]
    assert multiselect_keys("||") == []
    assert multiselect_keys(["a", 2]) == ["a", "2"]


def test_status_meanings_per_faq(modules):
    assert STATUS_MEANINGS["estate"]["status"] == {"1": "Active", "2": "Pending", "0": "Archived"}
    assert STATUS_MEANINGS["address"]["Status"] == {"1": "Active", "0": "Archived"}
    assert label_value(modules["estate"].fields["status"], "2") == "Pending"
    assert label_value(modules["estate"].fields["status"], 0) == "Archived"
    assert label_value(modules["address"].fields["Status"], "1") == "Active"


def test_other_values_are_unchanged(estate):
    assert label_value(estate.fields["kaufpreis"], "189000.00") == "189000.00"


# --- checks before sending (issue 11): sortby, resource types, fields that cannot be written -------------

def test_sortby_names_are_checked_with_did_you_mean(estate):
    assert check_sortby({"kaufpreis": "ASC"}, estate) == []
    assert check_sortby("kaufpreis", estate) == []
    assert check_sortby(None, estate) == []
    [problem] = check_sortby({"Kaufpreis": "DESC"}, estate)
    assert (problem.path, problem.suggestion, problem.fix) == ("sortby.Kaufpreis", "kaufpreis", "sortby")
    assert "case-sensitive" in problem.message and problem.severity == "error"
    [problem] = check_sortby("kaufpreiss", estate)
    assert (problem.path, problem.suggestion, problem.fix) == ("sortby", "kaufpreis", "sortby")
    [problem] = check_sortby("nothing_like_it", estate)
    assert problem.suggestion is None and problem.fix is None
    [problem] = check_sortby({"kaufpreis": "UP"}, estate)
    assert "neither ASC nor DESC" in problem.message


def test_resource_type_did_you_mean():
    known = ["estate", "address", "fields", "searchcriteria"]
    assert check_resource_type("estate", known) is None
    problem = check_resource_type("Estate", known)
    assert (problem.suggestion, problem.fix, problem.severity) == ("estate", "resourcetype", "error")
    assert "case-sensitive" in problem.message
    problem = check_resource_type("adress", known)
    assert (problem.suggestion, problem.severity) == ("address", "warning")
    assert check_resource_type("somethingElse", known) is None  # not in the catalogue: sent as typed


def test_fields_that_cannot_be_written_are_flagged(modules, estate):
    address = modules["address"]
    assert not address.fields["Email"].writable and address.fields["Status"].writable
    [problem] = check_record_fields(["Status", "Email"], address, path="parameters")
    assert (problem.path, problem.suggestion, problem.fix) == ("parameters.Email", "email", "name")
    assert "144" in problem.message
    [problem] = check_record_fields(["geaendert_am", "kaufpreis"], estate)
    assert (problem.path, problem.fix) == ("data.geaendert_am", "drop")
    [problem] = check_record_fields(["kaufpreiss"], estate)
    assert (problem.path, problem.suggestion, problem.fix) == ("data.kaufpreiss", "kaufpreis", "name")


def test_compound_fields_are_read_only():
    raw = {"Plz-Ort": {"type": "varchar", "length": None, "permittedvalues": None, "default": None,
                       "compoundFields": ["Plz", "Ort"], "label": "PLZ/Ort"},
           "Ort": {"type": "varchar", "length": None, "permittedvalues": None, "default": None, "label": "Ort"}}
    body = json.loads(json.dumps(FIELDS_RESPONSE))
    body["response"]["results"][0]["data"]["records"] = [{"id": "address", "type": "", "elements": raw}]
    address = parse_field_config(parse_response(json.dumps(body)).results[0])["address"]
    assert address.fields["Plz-Ort"].compound == ("Plz", "Ort") and not address.fields["Plz-Ort"].writable
    [problem] = check_record_fields(["Plz-Ort", "Ort"], address, path="parameters")
    assert problem.fix == "drop" and "Plz, Ort" in problem.message


def test_did_you_mean_of_data_and_filter_names_offers_a_fix(estate):
    [problem] = check_field_names(["Kaufpreis"], estate)
    assert (problem.path, problem.suggestion, problem.fix) == ("data[0]", "kaufpreis", "name")
    [problem] = check_filter({"Kaufpreis": [{"op": "<", "val": 1}]}, estate)
    assert (problem.path, problem.fix) == ("filter.Kaufpreis", "name")
