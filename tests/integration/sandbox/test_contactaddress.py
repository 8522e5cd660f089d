"""Contact forms (contactaddress do)."""

from .conftest import DO, READ


def test_contact_request_is_checked_and_answered_with_success(api):
    before = api.ok(READ, "address", {"listlimit": 0}).cntabsolute
    result = api.ok(DO, "contactaddress", {
        "addressdata": {"Vorname": "Erika", "Name": "Mustermann", "email": "erika@example.org"}, "estateid": 3,
        "message": "Ich interessiere mich für das Objekt.", "subject": "Anfrage [onOffice-WP]",
        "referrer": "/immobilien/3", "formtype": "contact", "estatedata": ["objekttitel", "ort", "plz", "land"],
        "recipient": "makler@sandbox-immobilien.example"})
    assert [(r.id, r.elements) for r in result.records] == [(0, {"success": "success"})]
    assert result.cntabsolute is None and not result.cacheable
    assert api.ok(READ, "address", {"listlimit": 0}).cntabsolute == before


def test_contact_request_errors(api):
    assert api.error(DO, "contactaddress", {"addressdata": "Erika"}) == 74
    assert api.error(DO, "contactaddress", {"addressdata": {"Lieblingsfarbe": "blau"}}) == 75
    assert api.error(DO, "contactaddress", {"addressdata": {}, "estateid": 99999}) == 293
    assert api.error(DO, "contactaddress", {"addressdata": {}, "estatedata": ["farbe"]}) == 143
    assert api.error(DO, "contactaddress", {"addressdata": {}, "recipient": "kein-mail"}) == 146
    assert api.error(DO, "contactaddress", {"addressdata": {}, "message": ["a"]}) == 227
    assert api.error(DO, "contactaddress", {"addressdata": {}}, rights="read-only") == 174
