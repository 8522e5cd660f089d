"""Quick search (estate, address) and search criteria (searchcriteria, searchcriterias)."""

import pytest

from .conftest import ADDRESSES, CREATE, DELETE, GET, MODIFY, READ, REL


def search(api, target, parameters, **options):
    return api.ok(GET, "search", parameters, resourceid=target, **options)


def test_estate_quick_search_by_city_street_and_owner(api):
    estate = api.ok(READ, "estate", {"data": ["objektnr_extern", "ort", "strasse", "hausnummer", "plz"]},
                    resourceid=9).records[0].elements
    hits = search(api, "estate", {"input": f"{estate['ort']} {estate['strasse']}"})
    assert 9 in [r.id for r in hits.records]
    record = next(r for r in hits.records if r.id == 9)
    assert record.type == "estate"
    assert {k: record.elements[k] for k in ("externalestateno", "zipcode", "city", "street", "houseno")} == {
        "externalestateno": estate["objektnr_extern"], "zipcode": estate["plz"], "city": estate["ort"],
        "street": estate["strasse"], "houseno": estate["hausnummer"]}
    owner = record.elements["owner"]
    assert owner and 9 in [r.id for r in search(api, "estate", {"input": owner.split()[-1]}).records]
    assert [r.id for r in search(api, "estate", {"input": estate["objektnr_extern"]}).records] == [9]
    assert search(api, "estate", {"input": "Atlantis"}).records == []


def test_estate_quick_search_sorting_filter_and_thumbnail(api):
    hits = search(api, "estate", {"input": "Aachen", "sortby": "strasse", "sortorder": "DESC", "listlimit": 500,
                                  "filter": {"status": [{"op": "=", "val": 1}]}, "includeThumbnail": "small"})
    streets = [r.elements["street"].casefold() for r in hits.records]
    assert streets and streets == sorted(streets, reverse=True)
    assert all(r.elements["thumbnail"].endswith(".svg?size=small") for r in hits.records)
    active = {r.id for r in api.ok(READ, "estate", {"filter": {"status": [{"op": "=", "val": 1}]},
                                                    "listlimit": 500}).records}
    assert {r.id for r in hits.records} <= active
    assert api.error(GET, "search", {"input": "Aachen", "sortby": "kaufpreis"}, resourceid="estate") == 212
    assert api.error(GET, "search", {"input": "Aachen", "includeThumbnail": "huge"}, resourceid="estate") == 255


def test_estate_quick_search_respects_published_only(api):
    published = {r.id for r in api.ok(READ, "estate", {"listlimit": 500}, rights="published-only").records}
    hits = search(api, "estate", {"input": "a", "listlimit": 500}, rights="published-only")
    assert hits.records and {r.id for r in hits.records} <= published


def test_address_quick_search(api):
    person = api.ok(READ, "address", {"data": ["Vorname", "Name", "KdNr", "Email"],
                                      "filter": {"Vorname": [{"op": "!=", "val": ""}], "Email": [{"op": "!=", "val": ""}]},
                                      "listlimit": 1}).records[0]
    hits = search(api, "address", {"input": f"{person.elements['Vorname']} {person.elements['Name']}", "listlimit": 500})
    record = next(r for r in hits.records if r.id == person.id)
    assert record.elements["customerno"] == int(person.elements["KdNr"])
    assert record.elements["primaryEmail"] == person.elements["Email"]
    assert person.elements["Email"] in record.elements["emailaddress"]
    assert record.elements["addressDescription"] == f"{person.elements['Vorname']} {person.elements['Name']}"
    by_number = search(api, "address", {"input": person.elements["KdNr"]})
    assert [r.id for r in by_number.records] == [person.id]
    by_name = {"input": person.elements["Name"].lower(), "searchparameter": ["Name"], "listlimit": 500}
    lower = search(api, "address", by_name)
    exact = search(api, "address", {**by_name, "casesensitive": True})
    assert person.id in [r.id for r in lower.records] and person.id not in [r.id for r in exact.records]
    only_first_names = search(api, "address", {"input": person.elements["Name"], "searchparameter": ["Vorname"]})
    assert person.id not in [r.id for r in only_first_names.records]


def test_address_quick_search_errors(api):
    assert api.error(GET, "search", {"input": "  "}, resourceid="address") == 69
    assert api.error(GET, "search", {}, resourceid="address") == 69
    assert api.error(GET, "search", {"input": "x", "searchparameter": ["vorname"]}, resourceid="address") == 75
    result = api.one(GET, "search", {"input": "x"}, resourceid="calendar")
    assert (result.errorcode, result.message) == (24, 'Missing configuration for resourceId "calendar"')


def test_seeded_search_criteria_by_every_mode(api):
    criteria = api.ok(GET, "searchcriterias", {"mode": "searchcriteria", "ids": [1, 2]}).records
    assert [r.id for r in criteria] == [1, 2] and criteria[0].type == "searchcriteria"
    elements = criteria[0].elements
    meta = elements["_meta"]
    assert elements["objektart"] and isinstance(elements["objektart"], list)
    assert len(elements["range_wohnflaeche"]) == 2 and elements["Range"]["range_land"] == "DEU"
    by_address = api.ok(GET, "searchcriterias", {"mode": "internal", "ids": [int(meta["internaladdressid"])]})
    by_customer = api.ok(GET, "searchcriterias", {"mode": "external", "ids": [int(meta["externaladdressid"])]})
    assert 1 in [r.id for r in by_address.records] and by_address.records == by_customer.records
    active = api.ok(GET, "searchcriterias", {"mode": "filter", "filter": {"status": [{"op": "=", "val": "1"}]},
                                             "sortby": "internaladdressid", "sortorder": "ASC", "listlimit": 500})
    owners = [int(r.elements["_meta"]["internaladdressid"]) for r in active.records]
    assert owners == sorted(owners) and all(r.elements["_meta"]["status"] == "1" for r in active.records)
    linked = api.ok(GET, "idsfromrelation", {"relationtype": REL + "address:searchcriteria",
                                             "parentids": [int(meta["internaladdressid"])]}).records[0].elements
    assert "1" in linked[meta["internaladdressid"]]


@pytest.mark.parametrize(("parameters", "code"), [
    ({}, 167), ({"mode": "wild", "ids": [1]}, 204), ({"mode": "internal"}, 167), ({"mode": "filter"}, 167),
    ({"mode": "filter", "filter": {"kaufpreis": [{"op": "=", "val": 1}]}}, 75),
])
def test_searchcriterias_errors(api, parameters, code):
    assert api.error(GET, "searchcriterias", parameters) == code


def test_create_modify_delete_search_criteria(api):
    result = api.ok(CREATE, "searchcriteria", {"addressid": 7, "data": {
        "objektart": ["wohnung"], "vermarktungsart": "kauf", "kaufpreis__von": 200000, "kaufpreis__bis": "350000",
        "wohnflaeche": [60, 90], "range_plz": "52074", "range": 10, "krit_bemerkung_oeffentlich": "Mit Balkon"}})
    criteria_id = result.records[0].id
    assert (result.records[0].type, result.records[0].elements) == ("searchcriteria", [])
    api.ok(MODIFY, "searchcriteria", {"data": {"anzahl_zimmer": ["2", "3"]}, "sys_status": "0", "sys_ko": ["kaufpreis"]},
           resourceid=criteria_id)
    record = api.ok(GET, "searchcriterias", {"mode": "searchcriteria", "ids": [criteria_id]}).records[0]
    assert record.elements["range_kaufpreis"] == ["200000", "350000"]
    assert record.elements["range_wohnflaeche"] == ["60", "90"]
    assert record.elements["range_anzahl_zimmer"] == ["2", "3"]
    assert record.elements["vermarktungsart"] == ["kauf"]
    assert record.elements["Range"] == {"range_plz": "52074", "range": "10"}
    meta = record.elements["_meta"]
    assert (meta["internaladdressid"], meta["status"], meta["publicnote"], meta["kocriterias"]) == (
        "7", "0", "Mit Balkon", ["kaufpreis"])
    api.ok(DELETE, "searchcriteria", {}, resourceid=criteria_id)
    assert api.ok(GET, "searchcriterias", {"mode": "searchcriteria", "ids": [criteria_id]}).records == []
    assert api.error(DELETE, "searchcriteria", {}, resourceid=criteria_id) == 95


@pytest.mark.parametrize(("parameters", "code"), [
    ({"data": {"objektart": ["wohnung"]}}, 167), ({"addressid": ADDRESSES + 1, "data": {}}, 292),
    ({"addressid": 1}, 167), ({"addressid": 1, "data": {"objektart": ["burg"]}}, 76),
    ({"addressid": 1, "data": {"kaufpreis": [1]}}, 255), ({"addressid": 1, "data": {"farbe": "rot"}}, 75),
    ({"addressid": 1, "data": {"advisor": 42}}, 184), ({"addressid": 1, "data": {"kaufpreis__von": "viel"}}, 229),
])
def test_create_search_criteria_errors(api, parameters, code):
    assert api.error(CREATE, "searchcriteria", parameters) == code


def test_search_criteria_accept_the_documented_adressid_spelling(api):
    assert api.ok(CREATE, "searchcriteria", {"adressid": 3, "data": {"objektart": "haus"}}).records[0].id > 0
    assert api.error(MODIFY, "searchcriteria", {"data": {}}, resourceid=99999) == 95
