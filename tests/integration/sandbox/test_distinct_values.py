"""Values in use (distinctValues get)."""

from collections import Counter

from .conftest import GET, READ


def values(api, **parameters):
    result = api.ok(GET, "distinctValues", parameters)
    assert result.cntabsolute is None
    [record] = result.records
    assert (record.id, record.type) == (0, "")
    return record.elements


def test_estate_values_with_labels_most_frequent_first(api):
    estates = api.read_all("estate", ["objektart"])
    used = Counter(r.elements["objektart"] for r in estates)
    found = values(api, module="estate", field="objektart", language="DEU")
    assert set(found) == set(used) and found["haus"] == "Haus"
    assert [used[k] for k in found] == sorted(used.values(), reverse=True)
    assert values(api, module="estate", field="objektart", language="ENG")["haus"] == "House"
    rentals = values(api, module="estate", field="objektart",
                     filter={"vermarktungsart": [{"op": "=", "val": "miete"}]})
    rented = {r.elements["objektart"] for r in estates_of(api, "miete")}
    assert set(rentals) == rented
    assert set(values(api, module="estate", field="vermarktungsart", filterid=102)) == {"miete"}


def estates_of(api, marketing):
    return api.read_all("estate", ["objektart"], filter={"vermarktungsart": [{"op": "=", "val": marketing}]})


def test_address_and_search_criteria_values(api):
    addresses = api.ok(READ, "address", {"data": ["Anrede"], "listlimit": 500}).records
    used = {r.elements["Anrede"] for r in addresses} - {""}
    assert set(values(api, module="address", field="Anrede")) == used
    art = values(api, module="searchcriteria", field="objektart")
    assert set(art) <= {"wohnung", "haus"} and art


def test_distinct_values_errors(api):
    assert api.error(GET, "distinctValues", {"field": "objektart"}) == 167
    assert api.error(GET, "distinctValues", {"module": "estate"}) == 167
    assert api.error(GET, "distinctValues", {"module": "project", "field": "x"}) == 163
    assert api.error(GET, "distinctValues", {"module": "estate", "field": "farbe"}) == 143
    assert api.error(GET, "distinctValues", {"module": "address", "field": "farbe"}) == 75
    assert api.error(GET, "distinctValues", {"module": "estate", "field": "ort", "filterid": 999}) == 284
    assert api.error(GET, "distinctValues", {"module": "estate", "field": "ort", "language": "xx"}) == 160
