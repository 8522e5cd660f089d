"""Address reads and writes: top-level fields, contact data, KdNr vs record number, changed-since."""

from datetime import timedelta

import pytest

from explorer.sandbox.protocol import local_now

from .conftest import ADDRESSES, CREATE, MODIFY, READ

FIELDS = ["KdNr", "Vorname", "Name", "Zusatz1", "Land", "Ort", "Status", "Email", "Aenderung", "ArtDaten"]


@pytest.fixture
def addresses(api):
    return {r.id: r.elements for r in api.read_all("address", FIELDS)}


def test_read_addresses_with_record_id_inside_and_customer_numbers_distinct(api, addresses):
    assert len(addresses) == ADDRESSES
    first = api.ok(READ, "address", {"data": FIELDS}).records[0]
    assert first.type == "address" and first.elements["id"] == first.id  # an int, as in the vendor's example
    assert all(e["KdNr"] != str(i) for i, e in addresses.items())  # Datensatznummer is not the KdNr
    assert len({e["KdNr"] for e in addresses.values()}) == ADDRESSES
    assert {e["Status"] for e in addresses.values()} == {"0", "1"}  # the API's numbers: 1 active, 0 archived
    assert {e["Land"] for e in addresses.values()} <= {"Deutschland", "Niederlande", "Belgien"}


def test_recordids_and_unknown_fields(api):
    result = api.ok(READ, "address", {"data": ["Name"], "recordids": [5, "3", 999999]})
    assert [r.id for r in result.records] == [3, 5]
    assert api.one(READ, "address", {"data": ["name"]}).message == 'Unknown field: "name"'
    assert api.error(READ, "address", {"filter": {"Vorname ": [{"op": "=", "val": "x"}]}}) == 75
    assert api.error(READ, "address", {"recordids": 5}) == 74
    assert api.error(READ, "address", {"recordids": list(range(1, 502))}) == 302


def test_contact_data_pseudo_fields(api):
    records = api.read_all("address", ["email", "phone", "mobile", "defaultemail", "Email", "Telefon1"])
    with_two = next(r for r in records if sum(k.startswith("email__") and "Comment" not in k for k in r.elements) > 1)
    emails = {k: v for k, v in with_two.elements.items() if k.startswith("email__") and not k.endswith("Comment")}
    default = [v for k, v in with_two.elements.items() if k.startswith("defaultemail__")]
    assert default == [with_two.elements["Email"]] and default[0] in emails.values()
    assert any(k.endswith("__Comment") for k in with_two.elements)
    phones = [r for r in records if any(k.startswith("phone__") for k in r.elements)]
    assert phones and all(r.elements["Telefon1"] in r.elements.values() for r in phones)


def test_email_filter_searches_all_entries_while_Email_only_the_main_one(api):
    records = api.read_all("address", ["email", "Email"])
    second = next(v for r in records for k, v in r.elements.items()
                  if k.startswith("email__") and not k.endswith("Comment") and v != r.elements["Email"])
    by_all = api.ok(READ, "address", {"filter": {"email": [{"op": "=", "val": second}]}})
    by_main = api.ok(READ, "address", {"filter": {"Email": [{"op": "=", "val": second}]}})
    assert by_all.cntabsolute == 1 and by_main.cntabsolute == 0
    assert api.ok(READ, "address", {"filter": {"email": [{"op": "like", "val": "%@firma.example"}]}}).cntabsolute > 0
    assert api.error(READ, "address", {"filter": {"email": [{"op": ">", "val": "a"}]}}) == 257


def test_country_output_as_name_or_iso_code(api):
    for parameters, value in (({}, "Deutschland"), ({"countryIsoCodeType": "ISO-3166-2"}, "DE"),
                              ({"countryIsoCodeType": "ISO-3166-3"}, "DEU"), ({"countryIsoCodeType": "bogus"}, "Deutschland"),
                              ({"formatoutput": True, "outputlanguage": "ENG"}, "Germany")):
        result = api.ok(READ, "address", {"data": ["Land"], "filter": {"Land": [{"op": "=", "val": "DEU"}]},
                                          "listlimit": 1, **parameters})
        assert result.records[0].elements["Land"] == value


def test_sort_by_string_with_sortorder(api, addresses):
    result = api.ok(READ, "address", {"data": ["Name"], "sortby": "Name", "sortorder": "DESC", "listlimit": 500})
    names = [r.elements["Name"].casefold() for r in result.records]
    assert names == sorted(names, reverse=True)


def test_create_address_with_contact_data(api):
    result = api.ok(CREATE, "address", {
        "Anrede": "Herr", "Vorname": "Max", "Name": "Mustermann", "email": "m.mustermann@example.org",
        "phone": "0241 12345", "phone_business": "0241 56789", "default_phone": "0241 56789",
        "mobile": "0171 1234567", "Plz": "52074", "Ort": "Aachen", "Land": "Frankreich", "Benutzer": "tbecker",
        "HerkunftKontakt": ["Suchmaschine", "Newsletter"]})
    new_id = result.records[0].id
    assert (new_id, result.records[0].elements) == (ADDRESSES + 1, [])
    elements = api.ok(READ, "address", {"data": ["KdNr", "Briefanrede", "Email", "Telefon1", "Land", "Benutzer",
                                                 "HerkunftKontakt", "mobile", "Status"], "recordids": [new_id],
                                        "countryIsoCodeType": "ISO-3166-3"}).records[0].elements
    assert elements["Briefanrede"] == "Sehr geehrter Herr Mustermann,"
    assert (elements["Email"], elements["Telefon1"], elements["Land"]) == ("m.mustermann@example.org", "0241 56789", "FRA")
    assert (elements["Benutzer"], elements["Status"]) == ("tbecker", "1")
    assert elements["HerkunftKontakt"] == "|Suchmaschine||Newsletter|"
    assert "0171 1234567" in elements.values()  # a mobile number, stored as mobile
    assert int(elements["KdNr"]) > ADDRESSES and int(elements["KdNr"]) != new_id


@pytest.mark.parametrize(("parameters", "code"), [
    ({"Vorname": "A", "Nachname": "B"}, 75),
    ({"Plz-Ort": "52062 Aachen"}, 144),
    ({"KdNr": 5}, 144),
    ({"Land": "Atlantis"}, 77),
    ({"Benutzer": "nobody"}, 251),
    ({"email": "a@b.example", "default_email": "c@d.example"}, 258),
    ({"phone": "0241 1", "default_phone": "0241 2"}, 260),
    ({"Geburtsdatum": "gestern"}, 122),
    ({"ArtDaten": ["Kunde", "Alien"]}, 76),
])
def test_create_address_validation(api, parameters, code):
    assert api.error(CREATE, "address", parameters) == code


def test_check_duplicate_updates_the_lowest_id_unless_told_not_to(api):
    email = api.ok(READ, "address", {"data": ["Email"], "filter": {"Email": [{"op": "like", "val": "%@%"}]},
                                     "listlimit": 1}).records[0]
    kept = api.ok(CREATE, "address", {"email": email.elements["Email"], "Vorname": "Neu", "checkDuplicate": True,
                                      "noOverrideByDuplicate": True})
    assert kept.records[0].id == email.id
    assert api.ok(READ, "address", {"data": ["Vorname"]}, resourceid=email.id).records[0].elements["Vorname"] != "Neu"
    updated = api.ok(CREATE, "address", {"email": email.elements["Email"], "Vorname": "Neu", "checkDuplicate": True})
    assert updated.records[0].id == email.id
    assert api.ok(READ, "address", {"data": ["Vorname"]}, resourceid=email.id).records[0].elements["Vorname"] == "Neu"
    assert api.ok(READ, "address").cntabsolute == ADDRESSES


def test_modify_address_fields_and_phone_entries(api):
    before = local_now() - timedelta(seconds=5)
    api.ok(CREATE, "address", {"Vorname": "Eva", "phone": "0241 111", "email": "eva@example.org"})
    new_id = ADDRESSES + 1
    api.ok(MODIFY, "address", {"Name": "Lustig", "phone": {"action": "add", "newvalue": "0241 222", "default": True}},
           resourceid=new_id)
    api.ok(MODIFY, "address", {"email": {"action": "modify", "oldvalue": "eva@example.org",
                                         "newvalue": "eva@example.net"}}, resourceid=str(new_id))
    api.ok(MODIFY, "address", {"phone": {"action": "delete", "oldvalue": "0241 111"}}, resourceid=new_id)
    elements = api.ok(READ, "address", {"data": ["Name", "Telefon1", "Email", "phone"]},
                      resourceid=new_id).records[0].elements
    assert (elements["Name"], elements["Telefon1"], elements["Email"]) == ("Lustig", "0241 222", "eva@example.net")
    assert [v for k, v in elements.items() if k.startswith("phone__")] == ["0241 222"]
    changed = api.ok(READ, "address", {"filter": {"Aenderung": [{"op": ">=", "val": before.strftime("%Y-%m-%d %H:%M:%S")}]}})
    assert [r.id for r in changed.records] == [new_id]  # changed-since queries use Aenderung, as onOffice advises


@pytest.mark.parametrize(("parameters", "code"), [
    ({"phone": {"newvalue": "1"}}, 81), ({"phone": {"action": "replace", "newvalue": "1"}}, 82),
    ({"phone": {"action": "delete", "oldvalue": "000"}}, 83), ({"phone": {"action": "add"}}, 85),
    ({"phone": {"action": "modify", "newvalue": "1"}}, 86), ({"Status": 7}, 77),
])
def test_modify_address_errors(api, parameters, code):
    assert api.error(MODIFY, "address", parameters, resourceid=2) == code


def test_modify_unknown_address_is_292(api):
    result = api.one(MODIFY, "address", {"Vorname": "X"}, resourceid=ADDRESSES + 50)
    assert result.errorcode == 292
    assert result.message.startswith("Unknown address record id.")
