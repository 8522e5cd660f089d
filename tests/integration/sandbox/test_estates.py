"""Estate reads (every documented read parameter and operator) and writes, over real HTTP."""

import math
import re
from datetime import timedelta

import pytest

from explorer.sandbox.fieldconfig import ESTATE
from explorer.sandbox.protocol import local_now

from .conftest import CREATE, DELETE, ESTATES, MODIFY, READ

FIELDS = ["Id", "kaufpreis", "kaltmiete", "wohnflaeche", "anzahl_zimmer", "objektart", "vermarktungsart", "ort",
          "status", "heizungsart", "veroeffentlichen", "baujahr", "geaendert_am", "objekttitel", "energyClass"]


@pytest.fixture
def estates(api):
    """All estates as the API returns them raw: {id: elements}."""
    return {r.id: r.elements for r in api.read_all("estate", FIELDS)}


def ids(result):
    return [r.id for r in result.records]


def test_default_read_is_20_of_all_with_typed_values(api, estates):
    result = api.ok(READ, "estate", {"data": FIELDS})
    assert len(result.records) == 20 and result.cntabsolute == ESTATES
    record = result.records[0]
    assert record.type == "estate" and isinstance(record.id, int)
    assert record.elements["Id"] == str(record.id)
    assert re.fullmatch(r"\d+\.\d\d", record.elements["kaufpreis"])  # floats as strings with decimals
    assert record.elements["veroeffentlichen"] in ("0", "1")  # booleans as "0"/"1"
    assert {e["status"] for e in estates.values()} == {"0", "1", "2"}  # active 1, pending 2, archived 0
    multiselects = [e["heizungsart"] for e in estates.values() if e["heizungsart"]]
    assert multiselects and all(re.fullmatch(r"(\|[a-z]+\|)+", m) for m in multiselects)


def test_without_data_only_the_id_comes_back(api):
    assert api.ok(READ, "estate").records[0].elements == {"Id": "1"}


def test_paging_with_listlimit_and_listoffset_covers_everything_once(api, estates):
    seen = []
    for offset in range(0, ESTATES, 25):
        result = api.ok(READ, "estate", {"data": ["Id"], "listlimit": 25, "listoffset": offset})
        assert result.cntabsolute == ESTATES
        seen += ids(result)
    assert seen == sorted(estates)
    assert api.ok(READ, "estate", {"listoffset": ESTATES}).records == []


@pytest.mark.parametrize(("listlimit", "count"), [(0, 0), (7, 7), ("7", 7), (500, ESTATES), (501, 20), (10_000, 20)])
def test_listlimit_default_20_maximum_500_and_above_falls_back_to_20(api, listlimit, count):
    assert len(api.ok(READ, "estate", {"listlimit": listlimit}).records) == count


@pytest.mark.parametrize(("parameters", "code"), [
    ({"listlimit": "many"}, 228), ({"listlimit": -1}, 255), ({"listoffset": -5}, 255), ({"listoffset": [1]}, 228),
    ({"data": "Id"}, 74), ({"formatoutput": "maybe"}, 255), ({"outputlanguage": "english"}, 160),
    ({"estatelanguage": "en"}, 160), ({"sortby": 5}, 255), ({"sortby": "kaufpreis", "sortorder": "UP"}, 255),
    ({"filter": "kaufpreis>1"}, 257), ({"filter": {"kaufpreis": [{"val": 1}]}}, 257),
    ({"filter": {"kaufpreis": [{"op": "between", "val": [1]}]}}, 257),
    ({"filter": {"kaufpreis": [{"op": "<", "val": "viel"}]}}, 257),
    ({"filterid": 999}, 284), ({"filterid": 201}, 284),
])
def test_invalid_read_parameters(api, parameters, code):
    assert api.error(READ, "estate", parameters) == code


@pytest.mark.parametrize("where", ["data", "filter", "sortby"])
@pytest.mark.parametrize("name", ["nonsense", "Kaufpreis", "KAUFPREIS", "objektnr_alt"])
def test_unknown_wrongly_cased_or_inactive_fields_are_refused(api, where, name):
    parameters = {"data": [name], "filter": {name: [{"op": "=", "val": 1}]}, "sortby": {name: "ASC"}}[where]
    result = api.one(READ, "estate", {where: parameters})
    if where == "sortby":
        assert (result.errorcode, result.message) == (212, "Unknown sort field.")
    else:
        assert (result.errorcode, result.message) == (143, f"Unknown field in estate data: {name}")


def _num(value):
    return float(value)


@pytest.mark.parametrize(("expression", "expected"), [
    ({"kaufpreis": [{"op": ">", "val": 300000}]}, lambda e: _num(e["kaufpreis"]) > 300000),
    ({"kaufpreis": [{"op": ">", "val": "300000"}]}, lambda e: _num(e["kaufpreis"]) > 300000),
    ({"kaufpreis": [{"op": "<", "val": 300000}]}, lambda e: _num(e["kaufpreis"]) < 300000),
    ({"kaufpreis": [{"op": ">=", "val": 0}, {"op": "<=", "val": 250000}]},
     lambda e: 0 <= _num(e["kaufpreis"]) <= 250000),
    ({"anzahl_zimmer": [{"op": "BETWEEN", "val": [2, 3.5]}]}, lambda e: 2 <= _num(e["anzahl_zimmer"]) <= 3.5),
    ({"baujahr": [{"op": "between", "val": ["1950", "1999"]}]}, lambda e: 1950 <= int(e["baujahr"]) <= 1999),
    ({"anzahl_zimmer": [{"op": ">", "val": 9}]}, lambda e: _num(e["anzahl_zimmer"]) > 9),  # numeric, not "9" > "10"
    ({"status": [{"op": "=", "val": 1}]}, lambda e: e["status"] == "1"),
    ({"status": [{"op": "is", "val": "2"}]}, lambda e: e["status"] == "2"),
    ({"status": [{"op": "!=", "val": 1}]}, lambda e: e["status"] != "1"),
    ({"status": [{"op": "<>", "val": 0}]}, lambda e: e["status"] != "0"),
    ({"objektart": [{"op": "IN", "val": ["Wohnung", "HAUS"]}]}, lambda e: e["objektart"] in ("wohnung", "haus")),
    ({"objektart": [{"op": "not in", "val": ["wohnung", "haus"]}]}, lambda e: e["objektart"] not in ("wohnung", "haus")),
    ({"objektart": [{"op": "in", "val": "haus"}]}, lambda e: e["objektart"] == "haus"),
    ({"ort": [{"op": "like", "val": "K%"}]}, lambda e: e["ort"].lower().startswith("k")),
    ({"ort": [{"op": "like", "val": "%chen"}]}, lambda e: e["ort"].endswith("chen")),
    ({"ort": [{"op": "like", "val": "B_nn"}]}, lambda e: e["ort"] == "Bonn"),
    ({"ort": [{"op": "not like", "val": "Aachen"}]}, lambda e: e["ort"] != "Aachen"),
    ({"veroeffentlichen": [{"op": "=", "val": True}]}, lambda e: e["veroeffentlichen"] == "1"),
    ({"veroeffentlichen": [{"op": "=", "val": 0}], "status": [{"op": "=", "val": 1}]},
     lambda e: e["veroeffentlichen"] == "0" and e["status"] == "1"),
    ({"geaendert_am": [{"op": ">=", "val": "2026-01-01 00:00:00"}]}, lambda e: e["geaendert_am"] >= "2026-01-01"),
    ({"geaendert_am": [{"op": "<", "val": "01.01.2026"}]}, lambda e: e["geaendert_am"] < "2026-01-01"),
    ({"heizungsart": [{"op": "=", "val": "zentral"}]}, lambda e: "|zentral|" in e["heizungsart"]),
    ({"heizungsart": [{"op": "!=", "val": "zentral"}]}, lambda e: "|zentral|" not in e["heizungsart"]),
    ({"heizungsart": [{"op": "in", "val": ["fern", "etage"]}]},
     lambda e: "|fern|" in e["heizungsart"] or "|etage|" in e["heizungsart"]),
    ({"heizungsart": [{"op": "not in", "val": ["fern", "etage"]}]},
     lambda e: "|fern|" not in e["heizungsart"] and "|etage|" not in e["heizungsart"]),
    ({"heizungsart": [{"op": "like", "val": "fu%"}]}, lambda e: "|fussboden|" in e["heizungsart"]),
    ({"heizungsart": [{"op": "not like", "val": "fu%"}]}, lambda e: "|fussboden|" not in e["heizungsart"]),
    ({"objekttitel": [{"op": "like", "val": "%zimmern%"}], "vermarktungsart": [{"op": "=", "val": "kauf"}]},
     lambda e: "zimmern" in e["objekttitel"].lower() and e["vermarktungsart"] == "kauf"),
])
def test_filter_operators_match_the_records_they_should(api, estates, expression, expected):
    result = api.ok(READ, "estate", {"data": ["Id"], "filter": expression, "listlimit": 500})
    wanted = sorted(i for i, e in estates.items() if expected(e))
    assert ids(result) == wanted
    assert result.cntabsolute == len(wanted)
    assert 0 < len(wanted) < ESTATES or expression.get("anzahl_zimmer") or expression.get("ort")


@pytest.mark.parametrize("op", ["<", ">", "<=", ">=", "between"])
def test_multiselect_fields_refuse_ordering_operators(api, op):
    value = ["a", "b"] if op == "between" else "zentral"
    result = api.one(READ, "estate", {"filter": {"heizungsart": [{"op": op, "val": value}]}})
    assert (result.errorcode, result.message) == (
        232, "Multiselect fields can only be filtered with =, !=, like, not like, in and not in")


def test_unknown_operator_is_142(api):
    result = api.one(READ, "estate", {"filter": {"kaufpreis": [{"op": "~", "val": 1}]}})
    assert (result.errorcode, result.message) == (142, "Unknown operator: ~")


def test_resourceid_reads_one_estate_and_ignores_the_filter(api):
    result = api.ok(READ, "estate", {"data": ["Id"], "filter": {"Id": [{"op": "=", "val": 2}]}}, resourceid="5")
    assert ids(result) == [5] and result.cntabsolute == 1
    assert api.ok(READ, "estate", {}, resourceid=ESTATES + 100).records == []


def test_sortby_object_and_string_with_sortorder(api, estates):
    by_price = sorted(estates, key=lambda i: (-_num(estates[i]["kaufpreis"]), i))
    result = api.ok(READ, "estate", {"data": ["Id"], "sortby": {"kaufpreis": "DESC"}, "listlimit": 500})
    assert ids(result) == by_price
    result = api.ok(READ, "estate", {"data": ["Id"], "sortby": "kaufpreis", "sortorder": "desc", "listlimit": 500})
    assert ids(result) == by_price
    two_keys = sorted(estates, key=lambda i: (estates[i]["ort"], -_num(estates[i]["wohnflaeche"]), i))
    result = api.ok(READ, "estate", {"sortby": {"ort": "ASC", "wohnflaeche": "DESC"}, "listlimit": 500})
    assert ids(result) == two_keys
    result = api.ok(READ, "estate", {"sortby": "Id", "sortorder": "DESC", "listlimit": 3})
    assert ids(result) == [ESTATES, ESTATES - 1, ESTATES - 2]


def test_formatoutput_gives_labels_in_the_output_language(api, estates):
    parameters = {"data": ["Id", "objektart", "heizungsart", "kaufpreis", "veroeffentlichen", "energyClass", "land",
                           "erstellt_am"], "listlimit": 500}
    german = {r.id: r.elements for r in api.ok(READ, "estate", {**parameters, "formatoutput": True}).records}
    english = {r.id: r.elements for r in api.ok(READ, "estate", {**parameters, "formatoutput": True,
                                                                  "outputlanguage": "ENG"}).records}
    raw_only_language = api.ok(READ, "estate", {**parameters, "outputlanguage": "ENG"}).records[0].elements
    assert raw_only_language["objektart"] in ESTATE["objektart"].values  # outputlanguage needs formatoutput
    heated = next(i for i, e in estates.items() if e["heizungsart"])
    keys = estates[heated]["heizungsart"].strip("|").split("||")
    assert german[heated]["heizungsart"] == [ESTATE["heizungsart"].values[k][0] for k in keys]
    assert english[heated]["heizungsart"] == [ESTATE["heizungsart"].values[k][1] for k in keys]
    house = next(i for i, e in estates.items() if e["objektart"] == "haus")
    assert (german[house]["objektart"], english[house]["objektart"]) == ("Haus", "House")
    assert {german[i]["veroeffentlichen"] for i in german} == {"Ja", "Nein"}
    assert {english[i]["veroeffentlichen"] for i in english} == {"Yes", "No"}
    assert english[1]["land"] == "Germany" and german[1]["land"] == "Deutschland"
    priced = next(i for i, e in estates.items() if _num(e["kaufpreis"]) >= 1000)
    assert german[priced]["kaufpreis"] == f"{_num(estates[priced]['kaufpreis']):,.2f} €".replace(",", "X").replace(
        ".", ",").replace("X", ".")
    # Prices and areas follow the client's "representation of numerical values" (a basic setting, German in the
    # demo client), not the output language (https://apidoc.onoffice.de/actions/datensatz-lesen/objekte/).
    assert english[priced]["kaufpreis"] == german[priced]["kaufpreis"]
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", german[1]["erstellt_am"])  # a date, as in enterprise
    grundstueck = [i for i, e in estates.items() if not e["energyClass"]]
    assert all(german[i]["energyClass"] is None for i in grundstueck)  # unset selects are null when formatted


def test_estatelanguage_reads_the_english_versions(api):
    english = api.ok(READ, "estate", {"data": ["Id", "objekttitel", "kaufpreis"], "estatelanguage": "ENG",
                                      "addestatelanguage": True, "addMainLangId": True, "listlimit": 500})
    assert ids(english) == list(range(4, ESTATES + 1, 4))  # every fourth estate has an English version
    record = english.records[0].elements
    assert (record["language"], record["mainLangId"]) == ("ENG", "4")
    assert " with " in record["objekttitel"] or " of about " in record["objekttitel"]
    german = api.ok(READ, "estate", {"data": ["objekttitel"], "addestatelanguage": True, "addMainLangId": True},
                    resourceid=4).records[0].elements
    assert german["objekttitel"] != record["objekttitel"]
    assert (german["language"], german["mainLangId"]) == ("", None)
    assert api.ok(READ, "estate", {"estatelanguage": "FRA"}).cntabsolute == 0


def _km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_georangesearch_around_a_zip_and_coordinates(api):
    everything = api.read_all("estate", ["breitengrad", "laengengrad"])
    for geo, center, radius in (({"country": "DEU", "zip": "52062", "radius": "8"}, (50.7753, 6.0839), 8),
                                ({"latitude": "50.94", "longitude": "6.95", "radius": 40}, (50.94, 6.95), 40)):
        result = api.ok(READ, "estate", {"data": ["Id"], "listlimit": 500, "georangesearch": geo})
        expected = [r.id for r in everything
                    if _km(*center, float(r.elements["breitengrad"]), float(r.elements["laengengrad"])) <= radius]
        assert ids(result) == expected and 0 < len(expected) < ESTATES
    for geo in ({"zip": "52062", "radius": 5}, {"country": "DEU", "zip": "52062"}, "Aachen",
                {"latitude": "x", "longitude": "6", "radius": 1}):
        result = api.one(READ, "estate", {"georangesearch": geo})
        assert (result.errorcode, result.message) == (164, "Incomplete parameters for geo range search")


def test_saved_filter_by_filterid(api, estates):
    result = api.ok(READ, "estate", {"data": ["Id"], "filterid": 101, "listlimit": 500})
    assert ids(result) == sorted(i for i, e in estates.items()
                                 if e["status"] == "1" and e["vermarktungsart"] == "kauf")


def test_published_only_user_sees_only_published_estates(api, estates):
    published = sorted(i for i, e in estates.items() if e["veroeffentlichen"] == "1")
    assert 0 < len(published) < ESTATES
    result = api.ok(READ, "estate", {"data": ["Id"], "listlimit": 500}, rights="published-only")
    assert ids(result) == published and result.cntabsolute == len(published)
    hidden = next(i for i in estates if i not in published)
    assert api.ok(READ, "estate", {}, resourceid=hidden, rights="published-only").records == []
    assert api.one(MODIFY, "estate", {"data": {"kaltmiete": 1}}, resourceid=hidden,
                   rights="published-only").errorcode == 293


NEW_ESTATE = {"objektart": "haus", "nutzungsart": "wohnen", "vermarktungsart": "kauf", "objekttyp": "einfamilienhaus",
              "plz": 52068, "ort": "Aachen", "land": "DEU", "wohnflaeche": 75, "anzahl_zimmer": 3,
              "breitengrad": "50.7762106", "laengengrad": "6.0857545", "heizungsart": ["zentral", "fussboden"],
              "kaufpreis": 200000, "veroeffentlichen": True, "baujahr": "1998", "abdatum": "01.09.2026",
              "objekttitel": "Neubau am Stadtrand"}


def test_create_estate_then_read_it_back(api):
    result = api.ok(CREATE, "estate", {"data": NEW_ESTATE})
    assert result.cacheable is False and result.cntabsolute is None
    new_id = result.records[0].id
    assert (new_id, result.records[0].type, result.records[0].elements) == (ESTATES + 1, "estate", [])
    elements = api.ok(READ, "estate", {"data": ["Id", "plz", "wohnflaeche", "anzahl_zimmer", "heizungsart",
                                                "kaufpreis", "veroeffentlichen", "baujahr", "abdatum", "status",
                                                "status2", "erstellt_am", "breitengrad"]},
                      resourceid=new_id).records[0].elements
    assert elements == {"Id": str(new_id), "plz": "52068", "wohnflaeche": "75.00", "anzahl_zimmer": "3.0",
                        "heizungsart": "|zentral||fussboden|", "kaufpreis": "200000.00", "veroeffentlichen": "1",
                        "baujahr": "1998", "abdatum": "2026-09-01", "status": "1", "status2": "status2obj_aktiv",
                        "erstellt_am": elements["erstellt_am"], "breitengrad": "50.77621"}
    assert elements["erstellt_am"] == local_now().strftime("%Y-%m-%d")  # a date field


@pytest.mark.parametrize(("data", "code", "message"), [
    ({"objektart": "haus", "nutzungsart": "wohnen"}, 254, 'Missing mandatory field "vermarktungsart"'),
    ({**NEW_ESTATE, "Kaufpreis": 1}, 143, "Unknown field in estate data: Kaufpreis"),
    ({**NEW_ESTATE, "objektart": "schloss"}, 77, "Invalid singleselect key: schloss"),
    ({**NEW_ESTATE, "heizungsart": ["zentral", "kamin"]}, 76, "Invalid multiselect key: kamin"),
    ({**NEW_ESTATE, "heizungsart": "zentral"}, 74, "Given element or parameter was expected to be an array"),
    ({**NEW_ESTATE, "Id": 5}, 144, 'Invalid field in input data: "Id"'),
    ({**NEW_ESTATE, "erstellt_am": "2020-01-01"}, 144, 'Invalid field in input data: "erstellt_am"'),
    ({**NEW_ESTATE, "baujahr": "neunzehn"}, 228, "Given element or parameter was expected to be an integer: baujahr"),
    ({**NEW_ESTATE, "kaufpreis": "teuer"}, 229, "Given element or parameter was expected to be an float: kaufpreis"),
    ({**NEW_ESTATE, "abdatum": "morgen"}, 122, "Invalid date"),
    ({**NEW_ESTATE, "benutzer": 42}, 184, "User id is not existing or inactive"),
])
def test_create_estate_validation(api, data, code, message):
    result = api.one(CREATE, "estate", {"data": data})
    assert (result.errorcode, result.message) == (code, message)
    assert api.ok(READ, "estate").cntabsolute == ESTATES


def test_modify_estate_changes_fields_and_geaendert_am(api):
    before = local_now() - timedelta(seconds=5)
    result = api.ok(MODIFY, "estate", {"data": {"kaufpreis": 345678.9, "status": 0, "benutzer": "3"}}, resourceid="7")
    assert result.records[0].elements == {"success": "success"}
    elements = api.ok(READ, "estate", {"data": ["kaufpreis", "status", "status2", "benutzer", "geaendert_am"]},
                      resourceid=7).records[0].elements
    assert elements["kaufpreis"] == "345678.90" and elements["benutzer"] == "3"
    assert (elements["status"], elements["status2"]) == ("0", "status2obj_archiviert")
    changed = api.ok(READ, "estate", {"data": ["Id"], "filter": {
        "geaendert_am": [{"op": ">=", "val": before.strftime("%Y-%m-%d %H:%M:%S")}]}})
    assert ids(changed) == [7]  # changed-since queries use geaendert_am, as onOffice advises


def test_modify_english_version_keeps_german_text(api):
    api.ok(MODIFY, "estate", {"estatelanguage": "ENG", "data": {"objekttitel": "Lovely house", "kaltmiete": 999}},
           resourceid=8)
    english = api.ok(READ, "estate", {"data": ["objekttitel", "kaltmiete"], "estatelanguage": "ENG"}, resourceid=8)
    german = api.ok(READ, "estate", {"data": ["objekttitel", "kaltmiete"]}, resourceid=8)
    assert english.records[0].elements == {"objekttitel": "Lovely house", "kaltmiete": "999.00"}
    assert german.records[0].elements["objekttitel"] != "Lovely house"
    assert german.records[0].elements["kaltmiete"] == "999.00"
    assert api.one(MODIFY, "estate", {"estatelanguage": "ENG", "data": {"kaltmiete": 1}}, resourceid=7).errorcode == 293


@pytest.mark.parametrize(("resourceid", "parameters", "code"), [
    (ESTATES + 1, {"data": {"kaufpreis": 1}}, 293), ("abc", {"data": {"kaufpreis": 1}}, 79),
    (3, {}, 167), (3, {"data": ["kaufpreis"]}, 74), (3, {"data": {"objekttyp": "ufo"}}, 77),
])
def test_modify_estate_errors(api, resourceid, parameters, code):
    assert api.error(MODIFY, "estate", parameters, resourceid=resourceid) == code


def test_estate_has_no_delete(api):
    result = api.one(DELETE, "estate", {}, resourceid=1)
    assert (result.errorcode, result.message) == (25, 'Missing configuration for resourceType "estate"')
