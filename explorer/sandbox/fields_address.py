"""The address module of the sandbox's field configuration: the standard fields of an enterprise client.

Names, types, lengths and select keys follow a real client's `fields` answer (`KdNr` an integer, `Email` a
varchar of 100, `Telefon1` of 40, `letzter_Kontakt` a datetime, `Status2Adr` with `status2adr_archive`,
`newsletter_aktiv` defaulting to 4 "not specified"); labels are written for this sandbox. `Beziehung` and the
fields starting with `ind_` are the client's own (custom) fields
(https://apidoc.onoffice.de/actions/informationen-abfragen/feldkonfiguration/).
"""

from __future__ import annotations

from dataclasses import replace

from .fieldbase import MONEY, NUMERIC, Field, f, flag, section, vals

COUNTRIES = {
    # ISO3: (DEU name, ENG name, ISO2)
    "DEU": ("Deutschland", "Germany", "DE"),
    "AUT": ("Österreich", "Austria", "AT"),
    "CHE": ("Schweiz", "Switzerland", "CH"),
    "NLD": ("Niederlande", "Netherlands", "NL"),
    "BEL": ("Belgien", "Belgium", "BE"),
    "LUX": ("Luxemburg", "Luxembourg", "LU"),
    "FRA": ("Frankreich", "France", "FR"),
    "ITA": ("Italien", "Italy", "IT"),
    "ESP": ("Spanien", "Spain", "ES"),
    "PRT": ("Portugal", "Portugal", "PT"),
    "POL": ("Polen", "Poland", "PL"),
    "CZE": ("Tschechien", "Czechia", "CZ"),
    "DNK": ("Dänemark", "Denmark", "DK"),
    "SWE": ("Schweden", "Sweden", "SE"),
    "NOR": ("Norwegen", "Norway", "NO"),
    "GRC": ("Griechenland", "Greece", "GR"),
    "TUR": ("Türkei", "Turkey", "TR"),
    "GBR": ("Großbritannien", "United Kingdom", "GB"),
    "IRL": ("Irland", "Ireland", "IE"),
    "USA": ("Vereinigte Staaten", "United States", "US"),
}
COUNTRY_VALUES = vals(*((k, de, en) for k, (de, en, _) in COUNTRIES.items()))

HERKUNFT_KONTAKT = vals(
    ("Immobilienportal", "Immobilienportal", "Real estate portal"), ("eigene-Homepage", "Eigene Homepage", "Own homepage"),
    ("webseite_system", "Eigene Webseite", "Own website"), ("Empfehlung", "Empfehlung", "Recommendation"),
    ("Zeitungsanzeige", "Zeitungsanzeige", "Newspaper ad"), ("Bauschild", "Bauschild", "Construction sign"),
    ("Brief-Mailing", "Brief-Mailing", "Mailing"), ("Flyer", "Flyer", "Flyer"), ("Newsletter", "Newsletter", "Newsletter"),
    ("immobilienscout24_system", "ImmobilienScout24", "ImmobilienScout24"), ("immonet_system", "Immonet", "Immonet"),
    ("Tippgeber", "Tippgeber", "Tipster"), ("Ladenlokal", "Ladenlokal", "Shop"), ("Werbung", "Werbung", "Advertising"),
    ("Kunde-hat-angerufen", "Kunde hat angerufen", "Customer called"),
    ("Veranstaltung/Seminar", "Veranstaltung/Seminar", "Event/Seminar"), ("Suchmaschine", "Suchmaschine", "Search engine"),
    ("Sonstiges", "Sonstiges", "Miscellaneous"),
)

LANGUAGES = vals(
    ("DEU", "Deutsch", "German"), ("ENG", "Englisch", "English"), ("FRA", "Französisch", "French"),
    ("NLD", "Niederländisch", "Dutch"), ("ITA", "Italienisch", "Italian"), ("ESP", "Spanisch", "Spanish"),
    ("POL", "Polnisch", "Polish"), ("TUR", "Türkisch", "Turkish"), ("CHE", "Schweizerdeutsch", "Swiss German"),
)

# `Systembenutzer` marks the address of an enterprise user (the demo's agents, catalog.AGENTS).
ART_DATEN = vals(
    ("Kunde", "Kunde", "Customer"), ("Eigentümer", "Eigentümer", "Owner"), ("Interessent", "Interessent", "Interested party"),
    ("Makler", "Makler", "Broker"), ("Notar", "Notar", "Notary"), ("Tippgeber", "Tippgeber", "Tipster"),
    ("Mieter", "Mieter", "Tenant"), ("Vermieter", "Vermieter", "Landlord"), ("Investor", "Investor", "Investor"),
    ("Kooperationspartner", "Kooperationspartner", "Partner"), ("Premiumkunde", "Premiumkunde", "Premium customer"),
    ("Privatkontakt", "Privatkontakt", "Private contact"), ("Exposé-Sammler", "Exposé-Sammler", "Brochure collector"),
    ("Newsletter-Empfänger", "Newsletter-Empfänger", "Newsletter receiver"),
    ("Systembenutzer", "Systembenutzer (mit Benutzer verknüpft)", "System user (linked to a user)"),
)

_PRIVATE = {"kontaktkategorien": ["privatperson"]}
_COMPANY = {"kontaktkategorien": ["firma", "behoerde"]}


def _private(field: Field) -> Field:
    """A field only private persons have (`showfieldfilters` names the contact category)."""
    return replace(field, filters={field.name: _PRIVATE})


def _company(field: Field) -> Field:
    return replace(field, filters={field.name: _COMPANY})


ADDRESS_FIELDS: list[Field] = [
    *section("Stammdaten", ("Stammdaten", "Personal details"),
        f("KdNr", "integer", "Kundennummer", "Customer no.", readonly=True, measure=NUMERIC),
        f("contactCategory", "singleselect", "Kontaktkategorie", "Contact category", default="privatperson",
          values=vals(("privatperson", "Privatperson", "Private person"), ("firma", "Firma", "Company"),
                      ("behoerde", "Behörde", "Public authority"))),
        f("Anrede", "singleselect", "Anrede", "Title", values=vals(
            ("Herr", "Herr", "Mr."), ("Frau", "Frau", "Mrs."), ("Firma", "Firma", "Company"),
            ("Familie", "Familie", "Family"), ("Eheleute", "Eheleute", "Spouses"))),
        f("Titel", "varchar", "Titel", "Academic title"),
        f("Anrede-Titel", "varchar", "Anrede, Titel", "Title", compound=("Anrede", "Titel")),
        f("Vorname", "varchar", "Vorname", "First name"),
        f("Name", "varchar", "Name", "Name"),
        _company(f("Zusatz1", "varchar", "Firma", "Company")),
        _company(f("Zusatz2", "varchar", "Firma Zusatz", "Company (additional)")),
        f("Strasse", "varchar", "Straße", "Street"),
        f("Plz", "varchar", "PLZ", "ZIP code", length=20),
        f("Ort", "varchar", "Ort", "Town"),
        f("Plz-Ort", "varchar", "PLZ, Ort", "ZIP, City", compound=("Plz", "Ort")),
        f("Land", "singleselect", "Land", "Country", values=COUNTRY_VALUES, default="DEU"),
        _private(f("Geburtsdatum", "date", "Geburtsdatum", "Date of birth")),
        _private(f("Anrede2", "varchar", "Anrede 2", "Title 2")),
        _private(f("Titel2", "varchar", "Titel 2", "Academic title 2")),
        _private(f("Vorname2", "varchar", "Vorname 2", "First name 2")),
        _private(f("Name2", "varchar", "Name 2", "Name 2")),
        _private(f("Geburtsdatum2", "date", "Geburtsdatum 2", "Date of birth 2")),
        _private(f("employer", "varchar", "Arbeitgeber", "Employer")),
        _private(f("jobTitle", "varchar", "Berufsbezeichnung", "Job title")),
        _private(f("jobPosition", "varchar", "Position", "Position")),
        _private(f("salary", "float", "Einkommen", "Income", measure=MONEY)),
        _private(f("workContract", "singleselect", "Arbeitsverhältnis", "Employment", values=vals(
            ("temporary", "Befristet", "Temporary"), ("permanent", "Unbefristet", "Permanent")))),
        f("ustIdNr", "varchar", "USt-IdNr.", "VAT ID"),
        f("taxLiability", "singleselect", "Steuerpflicht", "Tax liability", values=vals(
            ("inland", "Inland / EU steuerpflichtig", "Domestic / EU taxable"), ("inlandTaxFree", "Inland steuerfrei",
                                                                                "Domestic tax-free"),
            ("europe", "EU steuerfrei", "EU tax-free"), ("other", "Drittland", "Third country"))),
        f("uuid", "varchar", "UUID", "UUID", length=36, readonly=True),
    ),
    *section("Kontakt", ("Kontakt", "Contact"),
        f("Briefanrede", "text", "Briefanrede", "Salutation"),
        f("Email", "varchar", "E-Mail", "E-mail", length=100, readonly=True),
        f("Telefon1", "varchar", "Telefonnummern", "Phone numbers", length=40, readonly=True),
        f("Telefax1", "varchar", "Telefaxnummern", "Fax numbers", length=40, readonly=True),
        f("Homepage", "varchar", "Homepage", "Homepage"),
        f("SpracheKontakt", "singleselect", "Sprache", "Language", default="DEU", values=LANGUAGES),
        f("KontaktformBevorzugt", "singleselect", "Bevorzugte Kontaktform", "Preferred form of contact", values=vals(
            ("Brief", "Brief", "Letter"), ("Email", "E-Mail", "E-mail"), ("Telefax", "Telefax", "Fax"),
            ("Telefon", "Telefon", "Phone"))),
        f("letzter_Kontakt", "datetime", "Letzter Kontakt", "Last contact"),
        f("Eintragsdatum", "date", "Eintragsdatum", "Entry date", readonly=True),
        f("kunde_seit", "date", "Kunde seit", "Customer since"),
        f("Kundenlogo", "blob", "Kundenlogo", "Customer logo", filterable=False),
        f("Passfoto", "text", "Passfoto", "Passport photo", real_type="datei", filterable=False),
        f("adressTrennlinie1", "text", "Trennlinie", "Dividing line", real_type="dividingline", filterable=False),
    ),
    *section("Verwaltung", ("Verwaltung", "Management"),
        f("Benutzer", "text", "Betreuer", "Advisor", real_type="user", measure="DATA_TYPE_USER"),
        f("Status", "singleselect", "Status", "Status", default="1",
          values=vals(("1", "Aktiv", "Active"), ("0", "Archiviert", "Archive"))),
        f("Status2Adr", "singleselect", "Status 2", "Status 2", default="status2adr_active",
          values=vals(("status2adr_active", "Aktiv", "Active"), ("status2adr_archive", "Archiviert", "Archived"))),
        f("ArtDaten", "multiselect", "Kontaktart", "Type of contact", values=ART_DATEN),
        f("HerkunftKontakt", "multiselect", "Herkunft Kontakt", "Contact source", values=HERKUNFT_KONTAKT),
        f("Beziehung", "multiselect", "Beziehung", "Relation", values=vals(
            ("indMulti659Select204", "Kunde", "Customer"), ("indMulti659Select205", "Verwandter", "A relative"),
            ("indMulti659Select206", "Arbeitgeber", "Employer"), ("indMulti659Select207", "Tippgeber", "Tipster"))),
        f("newsletter_aktiv", "singleselect", "Newsletter", "Newsletter", default="4", values=vals(
            ("0", "Nein", "No"), ("1", "Ja", "Yes"), ("2", "Abgemeldet", "Cancellation"),
            ("3", "Double-Opt-In ausstehend", "Double opt-in pending"), ("4", "Keine Angabe", "Not specified"),
            ("5", "Unzustellbar", "Undeliverable"))),
        f("NewsletterTag", "multiselect", "Newsletter-Tags", "Newsletter tags", values=vals(
            ("indMulti2098Select5952", "Kaufinteressenten", "Buyers"),
            ("indMulti2098Select5953", "Mietinteressenten", "Tenants"),
            ("indMulti2098Select5954", "Eigentümer-News", "Owner news"))),
        f("Letzte_Aktion", "date", "Letzte Aktion", "Last action"),
        f("Aenderung", "datetime", "Letzte Änderung", "Last change", readonly=True),
        flag("AGB_akzeptiert", "AGB akzeptiert", "Terms accepted"),
        _private(flag("Rueckruf_akzeptiert", "Rückruf akzeptiert", "Accepted recall")),
        flag("Vip", "VIP-Kontakt", "VIP contact"),
        flag("Privat", "Privat", "Private"),
        f("DSGVOStatus", "singleselect", "DSGVO-Status", "GDPR status", values=vals(
            ("speicherungzugestimmt", "Speicherung zugestimmt", "Storage agreed"),
            ("speicherungwiderrufen", "Speicherung widerrufen", "Storage revoked"),
            ("ignorieren", "Ignorieren", "Ignore"))),
        f("DSGVOSaveUntil", "date", "Speichern bis", "Store until"),
        f("Tipp_ID", "integer", "Tippgeber", "Tipster", measure=NUMERIC),
        f("Bemerkung", "text", "Bemerkung", "Note"),
        f("additionalHeader", "varchar", "Warnhinweis", "Warning", length=255),
        f("adressHinweis", "text", "Wichtiger Hinweis", "Important notice", real_type="redhint", filterable=False),
        f("ind_1986_Feld_adressen9", "varchar", "Filiale", "Branch"),
        f("ind_1990_Feld_adressen11", "varchar", "Erreichbarkeit", "Availability"),
    ),
    *section("Geldwäsche-Gesetz", ("Geldwäsche-Gesetz", "Money Laundering Act"),
        f("gwgVertragspartner", "singleselect", "Vertragspartner", "Contracting party", values=vals(
            ("gwgVertragspartner", "Person", "Person"), ("gwgVertragspartnerUnternehmen", "Unternehmen", "Company"))),
        f("gwgAusweisart", "singleselect", "Ausweisart", "Type of ID", values=vals(
            ("Personalausweis", "Personalausweis", "Identity card"), ("Reisepass", "Reisepass", "Passport"),
            ("Sonstige", "Sonstige", "Other"))),
        f("gwgAusweisnummer", "varchar", "Ausweisnummer", "ID card number"),
        f("gwgAusstellendeBehoerde", "varchar", "Ausstellende Behörde", "Issuing authority"),
        f("gwgGeburtsname", "varchar", "Geburtsname", "Birth name"),
        f("gwgGeburtsort", "varchar", "Geburtsort", "Place of birth"),
        f("gwgGeburtsdatum", "date", "GwG-Geburtsdatum", "AML date of birth"),
        f("gwgStaatsangehoerigkeit", "varchar", "Staatsangehörigkeit", "Nationality"),
        f("gwgRegisternummer", "varchar", "Registernummer", "Register number"),
        f("gwgRechtsform", "varchar", "Rechtsform", "Legal form"),
        flag("gwgBerechtigter", "Wirtschaftlich Berechtigter", "Beneficial owner"),
        f("gwgAuffaelligkeiten", "text", "Auffälligkeiten", "Irregularities"),
    ),
    *section("addressFaktura", ("Faktura", "Invoicing"),
        f("sepaMandateReference", "varchar", "SEPA-Mandatsreferenz", "SEPA mandate reference", length=64),
        f("typeOfPayment", "singleselect", "Zahlungsart", "Type of payment", values=vals(
            ("bankTransfer", "Überweisung", "Bank transfer"), ("sepaDirectDebit", "Lastschrift", "Direct debit"),
            ("creditCard", "Kreditkarte", "Credit card"), ("otherPaymentType", "Sonstige", "Other"))),
        f("paymentInterval", "singleselect", "Zahlungsintervall", "Payment interval", default="monthly", values=vals(
            ("monthly", "Monatlich", "Monthly"), ("quarterly", "Quartalsweise", "Quarterly"),
            ("semiAnnual", "Halbjährlich", "Half-yearly"), ("annual", "Jährlich", "Yearly"))),
        f("termOfPayment", "singleselect", "Zahlungsziel", "Term of payment", values=vals(
            ("1", "Sofort", "Immediately"), ("2", "7 Tage", "7 days"), ("3", "14 Tage", "14 days"))),
    ),
]

# Address `data`/`filter` pseudo fields for contact entries
# (https://apidoc.onoffice.de/actions/datensatz-lesen/adressen/).
CONTACT_CATEGORIES = ("phone", "mobile", "fax", "email")
ADDRESS_PSEUDO_FIELDS = frozenset({*CONTACT_CATEGORIES, "defaultphone", "defaultfax", "defaultemail", "imageUrl"})
# Contact entry types accepted on create/modify, with the category they belong to.
CONTACT_TYPES = {
    "phone": "phone", "phone_private": "phone", "phone_business": "phone", "mobile": "mobile",
    "fax": "fax", "fax_private": "fax", "fax_business": "fax",
    "email": "email", "email_private": "email", "email_business": "email",
}
# The address field that mirrors the default entry of a category.
MAIN_CONTACT_FIELD = {"phone": "Telefon1", "fax": "Telefax1", "email": "Email"}
