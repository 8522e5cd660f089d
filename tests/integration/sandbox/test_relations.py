"""relation create/modify/delete and idsfromrelation get with the documented relation-type URNs."""

import pytest

from explorer.onoffice.actions import RELATION_TYPES

from .conftest import ADDRESSES, CREATE, DELETE, ESTATES, GET, MODIFY, READ, REL

OWNER = REL + "estate:address:owner"
BUYER = REL + "estate:address:buyer"
INTERESTED = REL + "estate:address:interested"
CONTACT = REL + "address:contact:address"


def related(api, relationtype, *, parentids=None, childids=None, **options):
    parameters = {"relationtype": relationtype}
    if parentids is not None:
        parameters["parentids"] = parentids
    if childids is not None:
        parameters["childids"] = childids
    result = api.ok(GET, "idsfromrelation", parameters, **options)
    assert (result.records[0].id, result.records[0].type, result.cntabsolute) == ("relatedIds", "", None)
    return result.records[0].elements


def test_seeded_estates_have_owners_and_interested_parties(api):
    owners = related(api, OWNER, parentids=list(range(1, ESTATES + 1)))
    assert set(owners) == {str(i) for i in range(1, ESTATES + 1)}
    assert all(1 <= len(v) <= 2 and all(1 <= int(a) <= ADDRESSES for a in v) for v in owners.values())
    interested = related(api, INTERESTED, parentids=list(range(1, ESTATES + 1)))
    assert sum(len(v) for v in interested.values()) > ESTATES
    assert all(isinstance(a, str) for v in interested.values() for a in v)  # ids as strings


def test_create_relation_both_directions_and_read_it_back(api):
    api.ok(CREATE, "relation", {"relationtype": BUYER, "parentid": [3], "childid": [10, 11]})
    assert related(api, BUYER, parentids=[3])["3"][-2:] == ["10", "11"]
    assert "3" in related(api, BUYER, childids=[10])["10"]
    seeded = related(api, BUYER, childids=[12])["12"]
    api.ok(CREATE, "relation", {"relationtype": BUYER, "parentid": [4, 5], "childid": [12]})
    assert related(api, BUYER, childids=[12]) == {"12": [*seeded, "4", "5"]}
    api.ok(CREATE, "relation", {"relationtype": BUYER, "parentid": [4], "childid": [12]})  # again: no duplicate
    assert related(api, BUYER, childids=[12]) == {"12": [*seeded, "4", "5"]}


def test_unrelated_ids_answer_an_empty_list(api):
    assert related(api, REL + "estate:address:renter", parentids=[ESTATES + 5]) == {str(ESTATES + 5): []}


@pytest.mark.parametrize(("parameters", "code"), [
    ({"relationtype": BUYER, "parentid": [1, 2], "childid": [3, 4]}, 219),
    ({"relationtype": REL + "estate:address:friend", "parentid": [1], "childid": [3]}, 132),
    ({"relationtype": "buyer", "parentid": [1], "childid": [3]}, 132),
    ({"relationtype": BUYER, "parentid": [ESTATES + 1], "childid": [3]}, 293),
    ({"relationtype": BUYER, "parentid": [1], "childid": [ADDRESSES + 1]}, 292),
    ({"relationtype": REL + "estate:user:officer", "parentid": [1], "childid": [77]}, 80),
    ({"relationtype": BUYER, "childid": [3]}, 167),
    ({"relationtype": BUYER, "parentid": [1], "childid": ["x"]}, 185),
])
def test_create_relation_errors(api, parameters, code):
    assert api.error(CREATE, "relation", parameters) == code


def test_relation_types_of_modules_outside_the_demo_are_stored_unchecked(api):
    # Projects are not part of the demo data: their ids cannot be checked, the relation is kept as sent.
    project = REL + "project:address"
    assert project in RELATION_TYPES
    api.ok(CREATE, "relation", {"relationtype": project, "parentid": 2909, "childid": [1, 2],
                                "relationinfo": {"rolle": "Käufer"}})
    assert related(api, project, parentids=[2909]) == {"2909": ["1", "2"]}


def test_modify_relationinfo_and_delete(api):
    api.ok(CREATE, "relation", {"relationtype": CONTACT, "parentid": [1], "childid": [2]})
    api.ok(MODIFY, "relation", {"relationtype": CONTACT, "parentid": [1], "childid": [2],
                                "relationinfo": {"statusTerminbestaetigung": "bestätigt"}})
    assert api.error(MODIFY, "relation", {"relationtype": CONTACT, "parentid": [1], "childid": [99],
                                          "relationinfo": {"a": "b"}}) == 180
    assert api.error(MODIFY, "relation", {"relationtype": CONTACT, "parentid": [1], "childid": [2]}) == 181
    result = api.ok(DELETE, "relation", {"relationtype": CONTACT, "parentid": 1, "childid": 2})
    assert result.records[0].elements == {"success": "success"}
    assert "2" not in related(api, CONTACT, parentids=[1])["1"]
    assert api.error(DELETE, "relation", {"relationtype": CONTACT, "parentid": 1, "childid": 2}) == 168
    assert api.error(DELETE, "relation", {"relationtype": CONTACT, "parentid": [1, 3], "childid": 2}) == 187


@pytest.mark.parametrize(("parameters", "code"), [
    ({"relationtype": OWNER}, 167),
    ({"relationtype": OWNER, "parentids": [1], "childids": [1]}, 255),
    ({"relationtype": OWNER, "parentids": 1}, 74),
    ({"relationtype": "urn:nonsense", "parentids": [1]}, 132),
    ({"relationtype": OWNER, "parentids": list(range(1, 502))}, 302),
])
def test_idsfromrelation_errors(api, parameters, code):
    assert api.error(GET, "idsfromrelation", parameters) == code


def test_published_only_user_does_not_see_relations_of_unpublished_estates(api):
    published = {r.id for r in api.ok(READ, "estate", {"listlimit": 500}, rights="published-only").records}
    owners = related(api, OWNER, parentids=list(range(1, ESTATES + 1)), rights="published-only")
    assert {k for k, v in owners.items() if v} == {str(i) for i in published}
    hidden = next(i for i in range(1, ESTATES + 1) if i not in published)
    owner = related(api, OWNER, parentids=[hidden])[str(hidden)][0]
    seen = related(api, OWNER, childids=[int(owner)], rights="published-only")[owner]
    assert str(hidden) not in seen
