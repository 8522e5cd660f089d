"""The sandbox's field configuration and demo data look like a real installation's, so standard requests
written for the real API run unchanged: the official client's examples, the fields real clients read, the real
types, and the contact-person and unit relations."""

import re

import pytest

from .conftest import CREATE, ESTATES, GET, MODIFY, READ, REL

# The "create estate" request of onOffice's browser API client, written out here: plz as a number,
# regionaler_zusatz as a list of region keys, counts as numbers, coordinates as strings.
OFFICIAL_CREATE_ESTATE = {
    "objektart": "haus", "nutzungsart": "wohnen", "vermarktungsart": "kauf", "objekttyp": "einfamilienhaus",
    "plz": 52068, "ort": "Aachen", "land": "DEU", "regionaler_zusatz": ["openGeoDb_Region_122117"],
    "nebenkosten": 100, "heizkosten": 80, "mietpreis_pro_qm": 12, "wohnflaeche": 75, "anzahl_zimmer": 3,
    "anzahl_schlafzimmer": 1, "anzahl_badezimmer": 1, "breitengrad": "50.7762106", "laengengrad": "6.0857545",
    "heizungsart": ["zentral", "fussboden"], "stellplatzart": ["freiplatz", "carport"], "kaufpreis": 200000,
}

# What onOffice's WordPress plugin requests for its estate lists and maps (geo fields, marketing flags) and
# what a typical website integration reads for an exposé: every name must be a field of a real client.
WORDPRESS_ESTATE_FIELDS = [
    "Id", "objektnr_extern", "objekttitel", "objektbeschreibung", "objektart", "objekttyp", "vermarktungsart",
    "virtualStreet", "virtualHouseNumber", "virtualLatitude", "virtualLongitude", "virtualAddress",
    "objektadresse_freigeben", "strasse", "hausnummer", "plz", "ort", "land", "laengengrad", "breitengrad",
    "showGoogleMap", "referenz", "reserviert", "verkauft", "exclusive", "neu", "top_angebot", "preisreduktion",
    "courtage_frei", "provisionsfrei", "objekt_des_tages", "preisAufAnfrage", "energieausweistyp", "energyClass",
    "kaltmiete", "warmmiete", "heizkosten_in_nebenkosten", "energieverbrauchskennwert", "balkon_terrasse_flaeche",
    "grundstuecksflaeche", "warmwasserEnthalten", "kaufpreis",
]
EXPOSE_ESTATE_FIELDS = [
    "nutzungsart", "regionaler_zusatz", "bundesland", "etage", "etagen_zahl", "wohnungsnr", "lage_gebiet",
    "flur", "flurstueck", "gemarkung", "nebenkosten", "heizkosten", "kaufpreis_pro_qm", "mietpreis_pro_qm",
    "innen_courtage", "aussen_courtage", "waehrung", "hausgeld", "kaution", "pacht", "erbpacht",
    "erschliessungskosten", "provisionsAbgabe", "stellplatzmiete", "stellplatzkaufpreis", "x_fache",
    "mieteinnahmen_ist", "zzgl_mehrwertsteuer", "dreizeiler", "lage", "ausstatt_beschr", "sonstige_angaben",
    "wohnflaeche", "nutzflaeche", "gesamtflaeche", "ladenflaeche", "lagerflaeche", "verkaufsflaeche",
    "bueroflaeche", "gastroflaeche", "grz", "gfz", "anzahl_zimmer", "anzahl_schlafzimmer", "anzahl_badezimmer",
    "anzahl_sep_wc", "gartenflaeche", "kellerflaeche", "teilbar_ab", "anzahl_stellplaetze", "multiParkingLot",
    "anzahl_wohneinheiten", "vermietbare_flaeche", "wg_geeignet", "bad", "kueche", "boden", "kamin", "heizungsart",
    "befeuerung", "klimatisiert", "fahrstuhl", "stellplatzart", "gartennutzung", "ausricht_balkon_terrasse",
    "moebliert", "rollstuhlgerecht", "kabel_sat_tv", "barrierefrei", "sauna", "swimmingpool", "wintergarten",
    "unterkellert", "gaesteWc", "abstellraum", "fahrradraum", "balkon", "terrasse", "haustiere", "baujahr",
    "zustand", "verfuegbar_ab", "abdatum", "max_mietdauer", "vermietet", "stammobjekt", "denkmalgeschuetzt",
    "energieausweis_gueltig_bis", "endenergiebedarf", "energietraeger", "status", "status2", "veroeffentlichen",
    "benutzer", "erstellt_am", "geaendert_am", "letzte_aktion", "angebotsrecht",
]
STANDARD_ADDRESS_FIELDS = [
    "KdNr", "Anrede", "Titel", "Anrede-Titel", "Vorname", "Name", "Zusatz1", "Zusatz2", "Strasse", "Plz", "Ort",
    "Plz-Ort", "Land", "Email", "Telefon1", "Telefax1", "mobile", "phone", "email", "defaultemail", "Geburtsdatum",
    "Briefanrede", "Homepage", "Benutzer", "Status", "Status2Adr", "ArtDaten", "HerkunftKontakt", "Beziehung",
    "newsletter_aktiv", "SpracheKontakt", "KontaktformBevorzugt", "letzter_Kontakt", "Letzte_Aktion", "Eintragsdatum",
    "Aenderung", "AGB_akzeptiert", "Rueckruf_akzeptiert", "DSGVOStatus", "Tipp_ID", "Bemerkung", "ustIdNr",
    "jobTitle", "employer", "salary", "gwgAusweisnummer", "gwgRegisternummer", "Vip", "kunde_seit",
]


def field_config(api, module):
    return api.ok(GET, "fields", {"labels": True, "modules": [module]}).records[0].elements


def test_the_official_create_estate_example_answers_ok_and_reads_back(api):
    result = api.ok(CREATE, "estate", {"data": OFFICIAL_CREATE_ESTATE})
    new_id = result.records[0].id
    elements = api.ok(READ, "estate", {"data": ["regionaler_zusatz", "plz", "anzahl_badezimmer", "stellplatzart",
                                                "erstellt_am", "land"]}, resourceid=new_id).records[0].elements
    assert elements["regionaler_zusatz"] == "|openGeoDb_Region_122117|"  # a multiselect, read pipe-encoded
    assert (elements["plz"], elements["anzahl_badezimmer"], elements["land"]) == ("52068", "1.00", "DEU")
    assert elements["stellplatzart"] == "|freiplatz||carport|"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", elements["erstellt_am"])
    # The client's "edit estate" example changes heating to gas: a permitted key as well.
    api.ok(MODIFY, "estate", {"data": {"objektart": "haus", "nutzungsart": "wohnen", "vermarktungsart": "kauf",
                                       "objekttyp": "einfamilienhaus", "plz": 52068, "ort": "Aachen", "land": "DEU",
                                       "heizungsart": ["gas", "fussboden"], "kaufpreis": 200000}},
           resourceid=str(new_id))
    labels = api.ok(READ, "estate", {"data": ["regionaler_zusatz", "heizungsart"], "formatoutput": True},
                    resourceid=new_id).records[0].elements
    assert labels == {"regionaler_zusatz": ["Aachen (Stadt)"], "heizungsart": ["Gasheizung", "Fußbodenheizung"]}


def test_a_single_region_key_is_refused_as_a_multiselect_is(api):
    result = api.one(CREATE, "estate", {"data": {**OFFICIAL_CREATE_ESTATE, "regionaler_zusatz": "AachenBrand"}})
    assert result.errorcode == 74
    result = api.one(CREATE, "estate", {"data": {**OFFICIAL_CREATE_ESTATE, "regionaler_zusatz": ["Atlantis"]}})
    assert (result.errorcode, result.message) == (76, "Invalid multiselect key: Atlantis")


@pytest.mark.parametrize("names", [WORDPRESS_ESTATE_FIELDS, EXPOSE_ESTATE_FIELDS], ids=["wordpress", "expose"])
def test_reading_the_estate_fields_real_clients_request_gives_no_unknown_field(api, names):
    result = api.ok(READ, "estate", {"data": names, "listlimit": 500})
    assert result.cntabsolute == ESTATES
    assert all(set(r.elements) == set(names) for r in result.records)
    assert set(names) <= set(field_config(api, "estate"))


def test_reading_the_standard_address_fields_gives_no_unknown_field(api):
    result = api.ok(READ, "address", {"data": STANDARD_ADDRESS_FIELDS, "listlimit": 500})
    assert result.records and all(r.elements["KdNr"].isdigit() for r in result.records)
    pseudo = {"mobile", "phone", "email", "defaultemail"}
    assert set(STANDARD_ADDRESS_FIELDS) - pseudo <= set(field_config(api, "address"))


def test_named_fields_have_the_types_lengths_and_keys_of_a_real_installation(api):
    estate, address = field_config(api, "estate"), field_config(api, "address")
    kinds = {name: estate[name]["type"] for name in (
        "regionaler_zusatz", "anzahl_badezimmer", "anzahl_schlafzimmer", "anzahl_zimmer", "etagen_zahl", "erstellt_am",
        "geaendert_am", "kaution", "haustiere", "objekttitel", "aussen_courtage", "provisionsfrei", "moebliert",
        "etage", "baujahr", "stammobjekt", "virtualLatitude")}
    assert kinds == {
        "regionaler_zusatz": "multiselect", "anzahl_badezimmer": "float", "anzahl_schlafzimmer": "float",
        "anzahl_zimmer": "float", "etagen_zahl": "float", "erstellt_am": "date", "geaendert_am": "datetime",
        "kaution": "varchar", "haustiere": "singleselect", "objekttitel": "text", "aussen_courtage": "text",
        "provisionsfrei": "boolean", "moebliert": "singleselect", "etage": "integer", "baujahr": "integer",
        "stammobjekt": "boolean", "virtualLatitude": "float"}
    lengths = {name: estate[name]["length"] for name in ("objektnr_extern", "plz", "ort", "hausnummer", "strasse")}
    assert lengths == {"objektnr_extern": 20, "plz": 20, "ort": 50, "hausnummer": 20, "strasse": 80}
    assert list(estate["unterkellert"]["permittedvalues"]) == ["JA", "NEIN", "TEIL"]
    assert {"teppichboden", "fliesen", "parkett"} <= set(estate["boden"]["permittedvalues"])
    assert estate["objekttyp"]["permittedvalues"]["mehrfamilienhaus"] == "Mehrfamilienhaus"
    assert {(n, address[n]["type"], address[n]["length"]) for n in ("KdNr", "Email", "Telefon1", "Plz", "Vorname",
                                                                 "letzter_Kontakt", "Geburtsdatum")} == {
        ("KdNr", "integer", None), ("Email", "varchar", 100), ("Telefon1", "varchar", 40), ("Plz", "varchar", 20),
        ("Vorname", "varchar", 80), ("letzter_Kontakt", "datetime", None), ("Geburtsdatum", "date", None)}
    assert list(address["Status2Adr"]["permittedvalues"]) == ["status2adr_active", "status2adr_archive"]
    assert address["newsletter_aktiv"]["default"] == "4"
    english = api.ok(GET, "fields", {"labels": True, "language": "ENG", "modules": ["estate"]}).records[0].elements
    assert (english["provisionsfrei"]["label"], english["moebliert"]["permittedvalues"]["teil"]) == (
        "Commission-free", "Partly furnished")  # both languages, as before


def test_demo_values_have_the_form_of_their_types(api):
    names = ["anzahl_badezimmer", "erstellt_am", "regionaler_zusatz", "haustiere", "unterkellert", "kaution",
             "objektart", "provisionsfrei", "vermarktungsart"]
    estates = [r.elements for r in api.read_all("estate", names)]
    assert all(re.fullmatch(r"\d+\.\d\d", e["anzahl_badezimmer"]) for e in estates)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", e["erstellt_am"]) for e in estates)
    assert all(re.fullmatch(r"\|[A-Za-z0-9_]+\|", e["regionaler_zusatz"]) for e in estates)  # every estate has one
    assert {e["haustiere"] for e in estates} <= {"", "0", "1", "2"}
    assert {e["unterkellert"] for e in estates} <= {"", "JA", "NEIN", "TEIL"}
    rented = [e for e in estates if e["vermarktungsart"] == "miete"]
    assert rented and all(e["kaution"] for e in rented) and {e["provisionsfrei"] for e in rented} == {"0", "1"}
    addresses = [r.elements for r in api.read_all("address", ["KdNr", "letzter_Kontakt", "Status2Adr"])]
    assert all(re.fullmatch(r"\d{5}", a["KdNr"]) for a in addresses)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", a["letzter_Kontakt"]) for a in addresses)
    assert {a["Status2Adr"] for a in addresses} == {"status2adr_active", "status2adr_archive"}


def related(api, relationtype, **ids):
    return api.ok(GET, "idsfromrelation", {"relationtype": REL + relationtype, **ids}).records[0].elements


def test_every_estate_has_its_agent_as_contact_person(api):
    estate_ids = list(range(1, ESTATES + 1))
    brokers = related(api, "estate:address:contactPerson", parentids=estate_ids)
    everyone = related(api, "estate:address:contactPersonAll", parentids=estate_ids)
    assert all(len(brokers[str(i)]) == 1 and set(brokers[str(i)]) <= set(everyone[str(i)]) for i in estate_ids)
    assert any(len(everyone[str(i)]) > 1 for i in estate_ids)  # some estates have a second contact
    estate = api.ok(READ, "estate", {"data": ["benutzer"]}, resourceid=1).records[0].elements
    broker = int(brokers["1"][0])
    assert related(api, "user:address", parentids=[int(estate["benutzer"])]) == {estate["benutzer"]: [str(broker)]}
    contact = api.ok(READ, "address", {"data": ["Vorname", "Name", "Zusatz1", "ArtDaten", "defaultemail"]},
                     resourceid=broker).records[0].elements
    assert (contact["Zusatz1"], contact["ArtDaten"]) == ("Sandbox Immobilien GmbH", "|Systembenutzer|")
    assert any(k.startswith("defaultemail__") and v.endswith("@sandbox-immobilien.example") for k, v in contact.items())
    # Addresses have contact persons of their own: a company and the people working there.
    companies = related(api, "address:contact:address", childids=list(range(1, 151)))
    assert any(companies.values())


def test_base_property_and_its_units_under_both_relation_names(api):
    for name in ("complex:estate:units", "estate:estateUnit"):
        assert related(api, name, parentids=[20]) == {"20": ["21", "22", "23"]}
        assert related(api, name, childids=[22]) == {"22": ["20"]}
    fields = ["stammobjekt", "objektart", "strasse", "hausnummer", "plz", "wohnungsnr"]
    base, *units = (api.ok(READ, "estate", {"data": fields}, resourceid=i).records[0].elements for i in (20, 21, 22, 23))
    assert (base["stammobjekt"], base["objektart"]) == ("1", "zinshaus_renditeobjekt")
    assert [u["wohnungsnr"] for u in units] == ["WE 1", "WE 2", "WE 3"]
    assert all((u["strasse"], u["hausnummer"], u["plz"], u["objektart"]) ==
               (base["strasse"], base["hausnummer"], base["plz"], "wohnung") for u in units)
