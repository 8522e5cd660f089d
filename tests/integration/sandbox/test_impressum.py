"""Imprint (impressum read)."""

from .conftest import READ

IMPRINT_KEYS = ["title", "firstname", "lastname", "firma", "postcode", "city", "street", "housenumber", "state",
                "country", "phone", "mobil", "fax", "email", "homepage", "vertretungsberechtigter",
                "berufsaufsichtsbehoerde", "handelsregister", "handelsregisterNr", "ustId", "bank", "iban", "bic",
                "chamber"]


def test_imprint_of_the_client(api):
    result = api.ok(READ, "impressum")
    assert result.cntabsolute is None and result.cacheable
    [record] = result.records
    assert (record.id, record.type) == ("impressum", None)
    assert list(record.elements) == IMPRINT_KEYS
    assert record.elements["country"] == "Deutschland" and record.elements["city"] == "Aachen"
    english = api.ok(READ, "impressum", {"language": "ENG", "data": ["firma", "country"]}).records[0].elements
    assert english == {"firma": record.elements["firma"], "country": "Germany"}


def test_imprint_of_a_user(api):
    elements = api.ok(READ, "impressum", resourceid=2).records[0].elements
    assert (elements["firstname"], elements["lastname"]) == ("Thomas", "Becker")
    assert elements["email"] == "tbecker@sandbox-immobilien.example"


def test_imprint_errors(api):
    assert api.error(READ, "impressum", {"data": ["firma", "slogan"]}) == 75
    assert api.error(READ, "impressum", {"data": "firma"}) == 74
    assert api.error(READ, "impressum", {"language": "deutsch"}) == 160
    assert api.error(READ, "impressum", resourceid=12345) == 184
    assert api.error(READ, "impressum", resourceid="chef") == 186
