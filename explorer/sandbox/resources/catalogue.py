"""Reference calls of the demo client: imprint (`impressum` read), templates (`templates` get) and the
fields of search criteria (`searchCriteriaFields` get).

Shapes: https://apidoc.onoffice.de/actions/datensatz-lesen/read-imprint/,
https://apidoc.onoffice.de/actions/informationen-abfragen/email-pdf-expose-vorlagen/ and
https://apidoc.onoffice.de/actions/informationen-abfragen/suchkriterienfelder/, with the response
fixtures of onOffice's WordPress plugin (github.com/onOffice-Web-Org/oo-wp-plugin, tests/resources/
ApiResponseReadImpressum.json, ApiResponseGetSearchcriteriaFieldsENG.json).
"""

from __future__ import annotations

from explorer.onoffice.actions import ActionKind

from ..catalog import USERS_BY_ID
from ..fieldconfig import COUNTRY_VALUES, ESTATE, SEARCHCRITERIA_SELECTS
from ..protocol import ApiError, Context
from ..query import bool_param, int_param
from .common import as_id, id_list, language
from .registry import handles

# --- impressum ---------------------------------------------------------------------------------

IMPRINT = {
    "title": "Herr", "firstname": "Martin", "lastname": "Offermann", "firma": "Sandbox Immobilien GmbH",
    "postcode": "52062", "city": "Aachen", "street": "Theaterstraße", "housenumber": "1",
    "state": "Nordrhein-Westfalen", "country": "Deutschland", "phone": "0241 123 4560", "mobil": "0171 123 4560",
    "fax": "0241 123 4569", "email": "info@sandbox-immobilien.example", "homepage": "www.sandbox-immobilien.example",
    "vertretungsberechtigter": "Martin Offermann, Geschäftsführer",
    "berufsaufsichtsbehoerde": "Stadt Aachen, Ordnungsamt (Erlaubnis nach § 34c GewO)",
    "handelsregister": "Amtsgericht Aachen", "handelsregisterNr": "HRB 12345", "ustId": "DE123456789",
    "bank": "Sparkasse Aachen", "iban": "DE12 3905 0000 0000 1234 56", "bic": "AACSDE33XXX",
    "chamber": "IHK Aachen",
}


@handles("impressum", ActionKind.READ)
def impressum_read(ctx: Context):
    params = ctx.params
    english = language(params, "language") == "ENG"
    bool_param(params, "formatoutput")  # accepted; the imprint holds texts only
    names = params.get("data")
    if names is None:
        names = list(IMPRINT)
    if not isinstance(names, list):
        raise ApiError(74)
    for name in names:
        if not isinstance(name, str) or name not in IMPRINT:
            raise ApiError(75, name)
    values = dict(IMPRINT, country="Germany" if english else "Deutschland")
    if ctx.action.resourceid not in ("", 0, "0"):
        # A user's own imprint: the company's data with the user as the person and contact.
        user = USERS_BY_ID.get(as_id(ctx.action.resourceid, error=ApiError(186)))
        if user is None:
            raise ApiError(184)
        values.update(title="", firstname=user.firstname, lastname=user.lastname, email=user.email)
    return [{"id": "impressum", "type": None, "elements": {name: values[name] for name in names}}], None


# --- templates ---------------------------------------------------------------------------------

TEMPLATE_FOLDERS = {1: "Allgemein", 2: "Interessenten", 3: "Termine"}
MAIL_CATEGORIES = ("Vorlage", "Aktivitaeten_Bericht", "Interessenten_Nachweis", "ExposePDFMitInteressent_Vorlage",
                   "appointmentConfirmation", "cancelation", "adressCompletion", "contactShipping")
# id -> (folder, category, title, subject, body, html, language, sub id of the main-language version)
MAIL_TEMPLATES = {
    11: (1, "Vorlage", "Allgemeine Antwort", "Ihre Anfrage", "Guten Tag _Anrede_ _Name_,\n\nvielen Dank für Ihre "
         "Nachricht.\n\nMit freundlichen Grüßen\n_Benutzer_", False, "DEU", 0),
    12: (2, "ExposePDFMitInteressent_Vorlage", "Exposé-Versand", "Ihr Exposé: _Objekttitel_",
         "<p>Guten Tag _Anrede_ _Name_,</p><p>anbei das gewünschte Exposé.</p>", True, "DEU", 0),
    13: (2, "ExposePDFMitInteressent_Vorlage", "Exposé dispatch", "Your exposé: _Objekttitel_",
         "<p>Dear _Anrede_ _Name_,</p><p>please find the exposé attached.</p>", True, "ENG", 12),
    14: (3, "appointmentConfirmation", "Terminbestätigung", "Ihr Termin am _Termindatum_",
         "Guten Tag _Anrede_ _Name_,\n\nhiermit bestätigen wir Ihren Termin.", False, "DEU", 0),
    15: (3, "cancelation", "Terminabsage", "Absage Ihres Termins", "Leider müssen wir den Termin absagen.",
         False, "DEU", 0),
    16: (1, "adressCompletion", "Adressvervollständigung", "Bitte ergänzen Sie Ihre Daten",
         "Bitte prüfen und ergänzen Sie Ihre Kontaktdaten.", False, "DEU", 0),
}
PDF_TEMPLATES = {
    "pdf": [("urn:onoffice-de-ns:smart:2.5:pdf:expose:lang:Exposé Rheinland", "Exposé Rheinland (lang)"),
            ("urn:onoffice-de-ns:smart:2.5:pdf:expose:kurz:Exposé Rheinland", "Exposé Rheinland (kurz)"),
            ("urn:onoffice-de-ns:smart:2.5:pdf:expose:kurz:Aushang", "Aushang Schaufenster")],
    "pdfletter": [(31, "Anschreiben Eigentümer"), (32, "Anschreiben Interessent")],
    "pdfform": [(41, "Selbstauskunft Mieter"), (42, "Maklervertrag")],
    "webexpose": [(51, "Web-Exposé Standard"), (52, "Web-Exposé Premium")],
}


@handles("templates", ActionKind.GET)
def templates_get(ctx: Context):
    params = ctx.params
    kind = params.get("type")
    if kind in (None, ""):
        raise ApiError(71)
    if not isinstance(kind, str) or kind != "mail" and kind not in PDF_TEMPLATES:
        raise ApiError(72)
    if kind != "mail":
        return [{"id": index, "type": "", "elements": {"identifier": identifier, "title": title}}
                for index, (identifier, title) in enumerate(PDF_TEMPLATES[kind])], None
    chosen = sorted(MAIL_TEMPLATES)
    if params.get("folderid") not in (None, ""):
        folder = int_param(params, "folderid")
        if folder not in TEMPLATE_FOLDERS:
            raise ApiError(287)
        chosen = [t for t in chosen if MAIL_TEMPLATES[t][0] == folder]
    wanted = id_list(params, "mailtemplateids")
    if wanted is not None:
        chosen = [t for t in chosen if t in wanted]
    category = params.get("category")
    if category not in (None, ""):
        if category not in MAIL_CATEGORIES:
            raise ApiError(255, "category")
        chosen = [t for t in chosen if MAIL_TEMPLATES[t][1] == category]
    short = bool_param(params, "list")
    records = []
    for template_id in chosen:
        folder, _, title, subject, body, html, lang, sub = MAIL_TEMPLATES[template_id]
        elements = {"id": template_id, "title": title, "subject": subject, "folder": TEMPLATE_FOLDERS[folder]}
        if not short:
            elements.update(body=body, ishtml=html, language=lang, subid=sub, ismainlanguage=sub == 0)
        records.append({"id": template_id, "type": "", "elements": elements})
    return records, None


# --- searchCriteriaFields ----------------------------------------------------------------------

_DB_TYPE = "urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:"
_KNOCKOUT = frozenset({"vermarktungsart", "objektart", "kaufpreis", "kaltmiete"})
_BOUNDS = {"DEU": ("%s von", "%s bis"), "ENG": ("min. %s", "max. %s")}
# Category name (German in every language, as the plugin's English fixture shows) -> its fields:
# (field, type, extra keys). Types: a select, or a database type with a from-to range.
CRITERIA_CATEGORIES = (
    ("Geografische-Angaben", (("regionaler_zusatz", "displayAll", {}),)),
    ("Kategorie", (("vermarktungsart", "singleselect", {}), ("objektart", "singleselect", {}),
                   ("objekttyp", "singleselect", {}), ("nutzungsart", "singleselect", {}))),
    ("Preise", (("kaufpreis", "decimal", {"vermarktungsarten": "kauf"}),
                ("kaltmiete", "decimal", {"vermarktungsarten": "miete"}))),
    ("Flächen", (("wohnflaeche", "float", {"objektarten": "wohnung,haus,waz,hallen_lager_prod,zimmer"}),
                 ("anzahl_zimmer", "float", {"objektarten": "wohnung,haus,waz,zimmer"}),
                 ("grundstuecksflaeche", "float", {"objektarten": "haus,grundstueck"}))),
    ("Ausstattung", (("balkon", "boolean", {}), ("barrierefrei", "boolean", {}), ("haustiere", "boolean", {}))),
    ("Umkreis", (("range_plz", "varchar", {}), ("range_ort", "varchar", {}), ("range_strasse", "varchar", {}),
                 ("range_hausnummer", "varchar", {}), ("range", "varchar", {}), ("range_land", "singleselect", {}))),
)
_RANGE_LABELS = {"range_plz": ("PLZ", "Postal code"), "range_ort": ("Ort", "Town"),
                 "range_strasse": ("Straße", "Street"), "range_hausnummer": ("Hausnummer", "House no."),
                 "range": ("im Umkreis von (km)", "within a radius of (km)"), "range_land": ("Land", "Country")}
_RANGE_TYPES = frozenset({"decimal", "float"})


@handles("searchCriteriaFields", ActionKind.GET)
def search_criteria_fields_get(ctx: Context):
    lang = language(ctx.params, "language")
    translations = bool_param(ctx.params, "additionalTranslations")
    records, position = [], 0
    for index, (category, fields) in enumerate(CRITERIA_CATEGORIES):
        entries = []
        for name, kind, extra in fields:
            position += 1
            label = (_RANGE_LABELS[name][1 if lang == "ENG" else 0] if name in _RANGE_LABELS
                     else ESTATE[name].label_in(lang))
            entry = {"id": name, "name": label, "position": 0 if name in _RANGE_LABELS else position}
            if name in _KNOCKOUT:
                entry["ko"] = "true"
            if kind in _RANGE_TYPES:
                entry["rangefield"] = "true"
                if translations:
                    low, high = _BOUNDS.get(lang, _BOUNDS["DEU"])
                    entry["additionalTranslations"] = {f"{name}__von": low % label, f"{name}__bis": high % label}
            entry["type"] = kind if kind in ("singleselect", "displayAll") else _DB_TYPE + kind
            values = COUNTRY_VALUES if name == "range_land" else SEARCHCRITERIA_SELECTS.get(name)
            if values is not None:
                column = 1 if lang == "ENG" else 0
                entry.update(default=None, values={key: labels[column] for key, labels in values.items()})
            entries.append({**entry, **extra})
        records.append({"id": index, "type": "", "elements": {"name": category, "fields": entries}})
    return records, None
