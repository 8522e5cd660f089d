"""fields, estateCategories, users, actionkindtypes, basicsettings, regions, filters, estatepictures."""

import pytest
import requests

from explorer.onoffice.checks import check_filter
from explorer.onoffice.fields import parse_field_config
from explorer.sandbox.catalog import REGIONS

from .conftest import DELETE, ESTATES, GET, READ

DOCUMENTED_TYPES = {"varchar", "text", "integer", "float", "boolean", "date", "datetime", "singleselect",
                    "multiselect", "blob", "freetext"}
REAL_TYPES = {"user", "datei", "redhint", "blackhint", "dividingline"}


def test_fields_with_labels_in_german_and_english(api):
    german = api.ok(GET, "fields", {"labels": True, "language": "DEU", "modules": ["estate", "address"]})
    english = api.ok(GET, "fields", {"labels": True, "language": "ENG", "modules": ["estate"]})
    assert german.cntabsolute is None and german.cacheable
    estate, address = german.records
    assert (estate.id, estate.type, estate.elements["label"]) == ("estate", "", "Immobilien")
    assert english.records[0].elements["label"] == "Estates"
    assert len(estate.elements) - 1 >= 100 and len(address.elements) - 1 >= 60
    assert estate.elements["objektart"]["permittedvalues"]["haus"] == "Haus"
    assert english.records[0].elements["objektart"]["permittedvalues"]["haus"] == "House"
    assert english.records[0].elements["kaufpreis"]["label"] == "Purchase price"
    types = {f["type"] for module in german.records for name, f in module.elements.items() if name != "label"}
    agents_log = api.ok(GET, "fields", {"modules": ["agentsLog"]}).records[0].elements
    assert DOCUMENTED_TYPES <= types | {f["type"] for f in agents_log.values()}


def test_permittedvalues_are_a_key_list_without_labels(api):
    elements = api.ok(GET, "fields", {"modules": ["address"], "fieldList": ["Anrede", "Vorname"]}).records[0].elements
    assert elements == {
        "Anrede": {"type": "singleselect", "length": None, "permittedvalues": ["Herr", "Frau", "Firma", "Familie",
                                                                               "Eheleute"],
                   "default": None, "compoundFields": []},
        "Vorname": {"type": "varchar", "length": 80, "permittedvalues": None, "default": None, "compoundFields": []},
    }


def test_filters_dependencies_measure_formats_tables_and_real_types(api):
    parameters = {"labels": True, "modules": ["estate", "address"], "showfieldfilters": True,
                  "showfielddependencies": True, "showFieldMeasureFormat": True, "showTable": True,
                  "showContent": True, "realDataTypes": True}
    estate, address = api.ok(GET, "fields", parameters).records
    assert estate.elements["kaufpreis"]["filters"] == {"kaufpreis": {"vermarktungsarten": ["kauf"]}}
    assert estate.elements["kaufpreis"]["fieldMeasureFormat"] == "DATA_TYPE_MONETARY"
    assert estate.elements["objekttyp"]["dependencies"]["reihenhaus"] == "haus"
    assert estate.elements["objektart"]["dependencies"] == []
    assert address.elements["Plz-Ort"]["compoundFields"] == ["Plz", "Ort"]
    assert (address.elements["Email"]["tablename"], address.elements["Email"]["content"]) == ("Kontakt", "Kontakt")
    types = {f["type"] for m in (estate, address) for n, f in m.elements.items() if n != "label"}
    assert REAL_TYPES <= types
    assert api.ok(GET, "fields", {"modules": ["address"]}).records[0].elements["Benutzer"]["type"] == "text"


def test_the_explorer_checks_filters_against_this_configuration_as_the_sandbox_does(api):
    estate = parse_field_config(api.ok(GET, "fields", {"labels": True, "modules": ["estate"]}))["estate"]
    assert estate.label == "Immobilien" and estate.fields["heizungsart"].is_multiselect
    good = {"kaufpreis": [{"op": "<", "val": 300000}], "heizungsart": [{"op": "in", "val": ["zentral"]}]}
    bad = {"heizungsart": [{"op": "<", "val": "zentral"}]}
    assert not [p for p in check_filter(good, estate) if p.severity == "error"]
    assert api.ok(READ, "estate", {"filter": good}).cntabsolute > 0
    assert [p for p in check_filter(bad, estate) if p.severity == "error"]
    assert api.error(READ, "estate", {"filter": bad}) == 232


def test_inactive_fields_only_with_showOnlyInactive(api):
    inactive = api.ok(GET, "fields", {"modules": ["estate"], "showOnlyInactive": True}).records[0].elements
    assert set(inactive) == {"objektnr_alt", "provisionspflichtig_alt"}
    assert "objektnr_alt" not in api.ok(GET, "fields", {"modules": ["estate"]}).records[0].elements


def test_all_modules_without_the_modules_parameter(api):
    records = api.ok(GET, "fields").records
    by_id = {r.id: r.elements for r in records}
    assert {"estate", "address", "agentsLog", "task", "calendar", "user"} <= set(by_id)
    assert by_id["calendar"] == []  # modules without fields answer an empty array, like PHP
    assert api.error(GET, "fields", {"modules": ["estates"]}) == 163
    assert api.error(GET, "fields", {"language": "german"}) == 160


def test_estate_categories(api):
    records = {r.id: r.elements for r in api.ok(GET, "estateCategories").records}
    assert set(records) == {"objektart", "objekttyp", "nutzungsart", "vermarktungsart"}
    assert {"id": "haus", "name": "Haus"} in records["objektart"]
    assert {"id": "reihenhaus", "name": "Reihenhaus"} in records["objekttyp"]["haus"]
    assert [v["id"] for v in records["vermarktungsart"]] == ["kauf", "miete", "pacht", "erbpacht"]


def test_users_by_filter(api):
    everyone = api.ok(GET, "users").records
    assert {"mschmitz", "api"} <= {r.elements["username"] for r in everyone}
    assert everyone[0].type is None and everyone[0].elements["id"] == everyone[0].id
    group = api.ok(GET, "users", {"userfilter": "byGroupId", "groupId": 2}).records
    assert [r.elements["username"] for r in group] == ["jhoffmann", "lweber"]
    assert [r.elements["username"] for r in api.ok(GET, "users", {"userfilter": "onlyOwn"}).records] == ["api"]
    assert api.error(GET, "users", {"userfilter": "byGroupId"}) == 167
    assert api.error(GET, "users", {"userfilter": "byGroupId", "groupId": 77}) == 272
    assert api.error(GET, "users", {"userfilter": "friends"}) == 255


def test_actionkindtypes_in_two_languages(api):
    german = {r.elements["key"]: r.elements for r in api.ok(GET, "actionkindtypes").records}
    english = {r.elements["key"]: r.elements for r in api.ok(GET, "actionkindtypes", {"lang": "ENG"}).records}
    assert german["Email"]["types"] == {"Eingang": "Eingang", "Ausgang": "Ausgang"}
    assert english["Email"]["types"] == {"Eingang": "Incoming", "Ausgang": "Outgoing"}
    assert english["Telefonat"]["label"] == "Phone call"
    assert api.ok(GET, "actionkindtypes").records[0].type == "actionkind"


def test_actionkindtypes_have_integer_ids_and_a_default_type(api):
    records = api.ok(GET, "actionkindtypes").records
    assert [r.id for r in records] == list(range(len(records)))
    for record in records:
        types, default = record.elements["types"], record.elements["default"]
        assert default == (next(iter(types)) if types else None)
        assert types == [] or isinstance(types, dict)  # no types: PHP's empty array
    assert {r.elements["key"]: r.elements["default"] for r in records}["Email"] == "Eingang"


def test_basicsettings(api):
    result = api.ok(READ, "basicsettings", {"data": {"basicData": {"characteristicsCi": ["color", "claim"],
                                                                   "team": ["about"]}}})
    assert result.records[0].id == 0 and result.cacheable and result.cntabsolute == 1
    elements = result.records[0].elements["basicData"]
    assert elements["characteristicsCi"] == {"color": "1f4e79", "claim": "Ihr Zuhause im Rheinland"}
    assert set(elements["team"]) == {"about"}
    assert api.error(READ, "basicsettings") == 167
    assert api.error(READ, "basicsettings", {"data": ["logo"]}) == 74
    assert api.error(READ, "basicsettings", {"data": {"basicData": ["logo"]}}) == 255


def _regions(tree: dict) -> list[dict]:
    """Every region of a tree of records' elements, at any depth."""
    found = []
    for region in tree.values():
        found.append(region)
        found += _regions(region["children"] or {})
    return found


def test_regions_tree_counts_every_region_and_speaks_english(api):
    german = api.ok(GET, "regions")
    english = api.ok(GET, "regions", {"language": "ENG"})
    every = _regions({r.id: r.elements for r in english.records})
    assert english.cntabsolute == german.cntabsolute == len(every) == len(REGIONS) > len(english.records)
    assert {r["id"] for r in every} == set(REGIONS)
    assert all(r.elements["id"] == r.id and r.type == "" for r in english.records)
    by_id = {r["id"]: r for r in every}
    german_by_id = {r["id"]: r for r in _regions({r.id: r.elements for r in german.records})}
    for key, region in REGIONS.items():
        assert by_id[key]["name"] == region["name"][1] and german_by_id[key]["name"] == region["name"][0]
        assert by_id[key]["description"] == region["description"][1]
        assert german_by_id[key]["state"] == region["state"] and german_by_id[key]["country"] == "Deutschland"
        assert by_id[key]["country"] == "Germany"
    assert {by_id[key]["state"] for key in REGIONS if REGIONS[key]["state"] == "Nordrhein-Westfalen"} == {
        "North Rhine-Westphalia"}
    leaf = next(key for key in REGIONS if not any(r["parent"] == key for r in REGIONS.values()))
    assert by_id[leaf]["children"] == []  # PHP's empty array


def test_saved_filters(api):
    records = api.ok(GET, "filters", {"module": "estate"}).records
    assert [(r.id, r.type, r.elements["name"]) for r in records][0] == (101, "filter", "Aktive Kaufobjekte")
    assert api.error(GET, "filters", {}) == 167


def test_estatepictures_and_their_urls(api):
    result = api.ok(GET, "estatepictures", {"estateids": [1, 2], "categories": ["Titelbild", "Foto"],
                                            "size": "500x500"})
    assert result.records and result.cntabsolute == len(result.records)
    picture = result.records[0]
    assert picture.type == "files" and isinstance(picture.elements, list)
    element = picture.elements[0]
    assert {element["type"] for r in result.records for element in r.elements} <= {"Titelbild", "Foto"}
    assert set(element) == {"estateid", "type", "url", "title", "text", "originalname", "modified", "estateMainId"}
    image = requests.get(element["url"], timeout=5)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/svg+xml"
    assert requests.get(f"{api.base_url}/sandbox/pictures/1/999.svg", timeout=5).status_code == 404
    for parameters in ({"estateids": [1]}, {"categories": ["Foto"]}, {"estateids": [], "categories": ["Foto"]}):
        assert api.error(GET, "estatepictures", parameters) == 139


def test_estatepictures_only_for_visible_estates(api):
    published = {r.id for r in api.ok(READ, "estate", {"listlimit": 500}, rights="published-only").records}
    result = api.ok(GET, "estatepictures", {"estateids": list(range(1, ESTATES + 1)), "categories": ["Titelbild"]},
                    rights="published-only")
    assert {int(r.elements[0]["estateid"]) for r in result.records} == published


@pytest.mark.parametrize(("kind", "resourcetype"), [
    (GET, "estate"), (READ, "fields"), (GET, "appointmentList"), (READ, "Estate"), (DELETE, "estate")])
def test_unsupported_combinations_are_missing_configuration(api, kind, resourcetype):
    result = api.one(kind, resourcetype)
    assert (result.errorcode, result.message) == (25, f'Missing configuration for resourceType "{resourcetype}"')
