"""Search for suitable search criteria (search get, resourceid searchcriteria)."""

from .conftest import CREATE, GET


def search(api, parameters, **options):
    return api.ok(GET, "search", parameters, resourceid="searchcriteria", **options)


def active_criterion(api):
    records = api.ok(GET, "searchcriterias", {"mode": "searchcriteria", "ids": list(range(1, 40)),
                                              "listlimit": 500}).records
    return next(r for r in records if r.elements["_meta"]["status"] == "1" and "range_kaufpreis" in r.elements)


def test_matching_by_place_price_and_kind(api):
    criterion = active_criterion(api)
    low, high = (float(v) for v in criterion.elements["range_kaufpreis"])
    place = criterion.elements["Range"]
    data = {"range_plz": place["range_plz"], "kaufpreis": (low + high) / 2,
            "objektart": criterion.elements["objektart"][0]}
    hits = search(api, {"searchdata": data, "outputall": True, "groupbyaddress": False, "limit": 500})
    assert criterion.id in [r.id for r in hits.records] and hits.cntabsolute == len(hits.records)
    record = next(r for r in hits.records if r.id == criterion.id)
    elements = record.elements
    assert record.type == "searchcriteria" and elements["Id"] == str(criterion.id)
    assert elements["adresse"] == criterion.elements["_meta"]["internaladdressid"]
    assert elements["objektart"] == criterion.elements["objektart"][0]
    assert elements["kaufpreis__bis"] == f"{high:.2f}" and elements["range_plz"] == place["range_plz"]
    assert len(elements["range_breitengrad"].split(".")[1]) == 5
    too_expensive = search(api, {"searchdata": {**data, "kaufpreis": high + 1}, "groupbyaddress": False,
                                 "limit": 500})
    assert criterion.id not in [r.id for r in too_expensive.records]
    only_ids = search(api, {"searchdata": data, "groupbyaddress": False, "limit": 500})
    assert all(list(r.elements) == ["Id"] for r in only_ids.records)
    chosen = search(api, {"searchdata": data, "outputfields": ["Id", "adresse"], "groupbyaddress": False})
    assert all(list(r.elements) == ["Id", "adresse"] for r in chosen.records)


def test_limit_offset_order_and_grouping(api):
    everything = search(api, {"searchdata": {}, "groupbyaddress": False, "limit": 500, "outputall": True})
    total = everything.cntabsolute
    assert total == len(everything.records) > 10
    assert len(search(api, {"searchdata": {}, "groupbyaddress": False}).records) == 10  # the default limit
    count_only = search(api, {"searchdata": {}, "groupbyaddress": False, "limit": 0})
    assert count_only.records == [] and count_only.cntabsolute == total
    page = search(api, {"searchdata": {}, "groupbyaddress": False, "limit": 5, "offset": 5})
    assert [r.id for r in page.records] == [r.id for r in everything.records[5:10]]
    ordered = search(api, {"searchdata": {}, "groupbyaddress": False, "limit": 500, "outputall": True,
                           "order": {"Id": "DESC"}})
    assert [r.id for r in ordered.records] == sorted((r.id for r in everything.records), reverse=True)
    grouped = search(api, {"searchdata": {}, "limit": 500, "outputall": True})
    addresses = [r.elements["adresse"] for r in grouped.records]
    assert len(addresses) == len(set(addresses)) == len({r.elements["adresse"] for r in everything.records})


def test_new_criteria_are_found(api):
    made = api.ok(CREATE, "searchcriteria", {"addressid": 7, "data": {
        "objektart": ["haus"], "vermarktungsart": ["kauf"], "kaufpreis__von": 100000, "kaufpreis__bis": 150000,
        "range_plz": "52062", "range_ort": "Aachen", "range": "5", "range_land": "DEU"}}).records[0].id
    hits = search(api, {"searchdata": {"range_ort": "Aachen", "kaufpreis": 120000, "objektart": "haus"},
                        "groupbyaddress": False, "limit": 500})
    assert made in [r.id for r in hits.records]
    far = search(api, {"searchdata": {"range_plz": "53111", "kaufpreis": 120000}, "groupbyaddress": False,
                       "limit": 500})
    assert made not in [r.id for r in far.records]  # Bonn is farther than 5 km from Aachen


def test_search_criteria_search_errors(api):
    def error(parameters):
        return api.error(GET, "search", parameters, resourceid="searchcriteria")
    assert error({"searchdata": {"farbe": "rot"}}) == 75
    assert error({"searchdata": "52062"}) == 74
    assert error({"searchdata": {"kaufpreis": "teuer"}}) == 229
    assert error({"searchdata": {}, "limit": "zehn"}) == 228
    assert error({"searchdata": {}, "limit": -1}) == 255
    assert error({"searchdata": {}, "order": {"farbe": "ASC"}}) == 212
    assert error({"searchdata": {}, "order": {"Id": "UP"}}) == 255
    assert error({"searchdata": {}, "outputfields": ["farbe"]}) == 75
