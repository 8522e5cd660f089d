"""The sandbox's field configuration: what `fields` get reports and what reads and writes validate against.

Field names, types, lengths, select keys and the shape of filters/dependencies follow real `fields`
responses (https://apidoc.onoffice.de/actions/informationen-abfragen/feldkonfiguration/): the estate and
address modules are in fields_estate.py and fields_address.py, the agents log, tasks, search criteria and
the module index here. Every field and select value carries DEU and ENG labels. Types cover every
documented one: varchar, text, integer, float, boolean, date, datetime, singleselect, multiselect, blob,
freetext, and with `realDataTypes` also user, datei, redhint, blackhint, dividingline.
"""

from __future__ import annotations

from .fieldbase import MONEY, Field, Labels, f, section, vals
from .fields_address import (
    ADDRESS_FIELDS,
    ADDRESS_PSEUDO_FIELDS,
    CONTACT_CATEGORIES,
    CONTACT_TYPES,
    COUNTRIES,
    COUNTRY_VALUES,
    HERKUNFT_KONTAKT,
    MAIN_CONTACT_FIELD,
)
from .estate_values import (
    NUTZUNGSART,
    OBJEKTART,
    OBJEKTTYP,
    OBJEKTTYPEN,
    REGION_VALUES,
    STATUS2_FOR_STATUS,
    VERMARKTUNGSART,
)
from .fields_estate import ESTATE_FIELDS

# Names the resource handlers and the demo data import from here.
__all__ = [
    "ACTION_KINDS", "ADDRESS", "ADDRESS_PSEUDO_FIELDS", "ADVISORY_LEVELS", "AGENTSLOG", "CANCELLATION_REASONS",
    "CONTACT_CATEGORIES", "CONTACT_TYPES", "COUNTRIES", "COUNTRY_VALUES", "ESTATE", "FEATURES", "Field",
    "HERKUNFT_KONTAKT", "MAIN_CONTACT_FIELD", "MODULE_FIELDS", "MODULE_LABELS", "NUTZUNGSART", "OBJEKTART",
    "OBJEKTTYPEN", "SEARCHCRITERIA_BOOLEANS", "SEARCHCRITERIA_LOCATION", "SEARCHCRITERIA_RANGES",
    "SEARCHCRITERIA_SELECTS", "STATUS2_FOR_STATUS", "TASK", "VERMARKTUNGSART", "active_fields",
]

# --- agents log and tasks -----------------------------------------------------------------------

ACTION_KINDS: dict[str, tuple[Labels, dict[str, Labels]]] = {
    # Aktionsart key -> (labels, {Aktionstyp key -> labels}); the German keys are the API values
    # (https://apidoc.onoffice.de/actions/informationen-abfragen/aktionsart-und-typ/).
    "Email": (("E-Mail", "E-mail"), {"Eingang": ("Eingang", "Incoming"), "Ausgang": ("Ausgang", "Outgoing")}),
    "Telefonat": (("Telefonat", "Phone call"), {"Eingang": ("Eingang", "Incoming"), "Ausgang": ("Ausgang", "Outgoing")}),
    "Brief": (("Brief", "Letter"), {"Eingang": ("Eingang", "Incoming"), "Ausgang": ("Ausgang", "Outgoing")}),
    "Besichtigung": (("Besichtigung", "Viewing"), {
        "Erstbesichtigung": ("Erstbesichtigung", "First viewing"),
        "Zweitbesichtigung": ("Zweitbesichtigung", "Second viewing"),
        "Abgesagt": ("Abgesagt", "Cancelled")}),
    "Angebot": (("Angebot", "Offer"), {
        "Exposé versendet": ("Exposé versendet", "Exposé sent"), "Preisvorschlag": ("Preisvorschlag", "Price proposal")}),
    "Notiz": (("Notiz", "Note"), {}),
    "Preisänderung": (("Preisänderung", "Price change"), {}),
    "Newsletter": (("Newsletter", "Newsletter"), {
        "bestellt": ("bestellt", "ordered"), "nicht bestellt": ("nicht bestellt", "not ordered")}),
    "Kaufvertrag": (("Kaufvertrag", "Purchase contract"), {
        "Entwurf": ("Entwurf", "Draft"), "Beurkundung": ("Beurkundung", "Notarisation")}),
    # Task types are addressed by id (task field `Art`, https://apidoc.onoffice.de/actions/datensatz-anlegen/tasks/).
    "Aufgabe": (("Aufgabe", "Task"), {
        "1": ("Rückruf", "Call back"), "2": ("Besichtigung vorbereiten", "Prepare viewing"),
        "3": ("Exposé erstellen", "Create exposé"), "4": ("Vertrag prüfen", "Check contract"),
        "5": ("Sonstiges", "Miscellaneous")}),
}

ADVISORY_LEVELS = {
    "A": ("A Miet-/Kaufvertrag unterzeichnet", "A Rental/purchase contract signed"),
    "B": ("B Schriftliche Miet-/Kaufzusage", "B Written rental/purchase commitment"),
    "C": ("C Im intensiven Gespräch", "C In intensive talks"),
    "D": ("D Interessiert, aber noch prüfend", "D Interested, still checking"),
    "E": ("E Dokumentation erhalten", "E Documentation received"),
    "F": ("F Dokumentation bestellt", "F Documentation ordered"),
    "G": ("G Absage", "G Cancellation"),
}
CANCELLATION_REASONS = vals(("Preis", "Preis", "Price"), ("Lage", "Lage", "Location"), ("Größe", "Größe", "Size"),
                            ("Zustand", "Zustand", "Condition"), ("Finanzierung", "Finanzierung", "Financing"),
                            ("Sonstiges", "Sonstiges", "Other"))
FEATURES = vals(("indMulti1780Select8196", "Wichtig", "Important"),
                ("indMulti1780Select8197", "Rückruf erbeten", "Callback requested"),
                ("indMulti1780Select8198", "Vertraulich", "Confidential"))

AGENTSLOG_FIELDS: list[Field] = section("agentsLog", ("Maklerbuch", "Agents log"),
    f("Nr", "integer", "Nr.", "No.", readonly=True),
    f("Objekt_nr", "varchar", "Objekt", "Estate", idlist=True, filterable=False, readonly=True),
    f("Adress_nr", "varchar", "Adresse", "Address", idlist=True, filterable=False, readonly=True),
    f("Aktionsart", "singleselect", "Aktionsart", "Kind of action",
      values=vals(*((k, *labels) for k, (labels, _) in ACTION_KINDS.items()))),
    f("Aktionstyp", "freetext", "Aktionstyp", "Type of action"),
    f("Datum", "datetime", "Datum", "Date"),
    f("created", "datetime", "Erstellt", "Created", readonly=True),
    f("Benutzer", "text", "Benutzer", "User", real_type="user", filterable=False),
    f("Benutzer_nr", "integer", "Benutzer-Nr.", "User no."),
    f("Kosten", "float", "Kosten", "Costs", measure=MONEY),
    f("Bemerkung", "text", "Bemerkung", "Note"),
    f("merkmal", "multiselect", "Merkmal", "Characteristic", values=FEATURES),
    f("HerkunftKontakt", "multiselect", "Herkunft Kontakt", "Contact source", values=HERKUNFT_KONTAKT),
    f("dauer", "integer", "Dauer (Sekunden)", "Duration (seconds)", filterable=False, measure="DATA_TYPE_DURATION"),
    f("Beratungsebene", "singleselect", "Beratungsebene", "Advisory level",
      values=vals(*((de, de, en) for de, en in ADVISORY_LEVELS.values()))),
    f("Absagegrund", "singleselect", "Absagegrund", "Reason of cancellation", values=CANCELLATION_REASONS),
)

TASK_STATUS = vals(("1", "Nicht begonnen", "Not started"), ("2", "In Bearbeitung", "In process"),
                   ("3", "Erledigt", "Completed"), ("4", "Zurückgestellt", "Deferred"),
                   ("5", "Abgebrochen", "Cancelled"), ("6", "Sonstiges", "Miscellaneous"),
                   ("7", "Geprüft", "Checked"), ("8", "Klärungsbedarf", "Need clarification"))
TASK_PRIORITY = vals(("1", "Sehr hoch", "Highest"), ("2", "Hoch", "High"), ("3", "Normal", "Normal"),
                     ("4", "Niedrig", "Low"), ("5", "Sehr niedrig", "Lowest"))

TASK_FIELDS: list[Field] = section("task", ("Aufgaben", "Tasks"),
    f("Nr", "integer", "Nr.", "No.", readonly=True),
    f("Eintragsdatum", "datetime", "Eintragsdatum", "Entry date", readonly=True),
    f("modified", "datetime", "Geändert", "Modified", readonly=True),
    f("von", "text", "Von", "From", real_type="user", readonly=True),
    f("Betreff", "varchar", "Betreff", "Subject", length=255),
    f("Aufgabe", "text", "Aufgabe", "Task"),
    f("Kommentar", "text", "Kommentar", "Comment"),
    f("Prio", "singleselect", "Priorität", "Priority", values=TASK_PRIORITY, default="3"),
    f("Status", "singleselect", "Status", "Status", values=TASK_STATUS, default="1"),
    f("Art", "singleselect", "Art", "Type", values=vals(*((k, *v) for k, v in ACTION_KINDS["Aufgabe"][1].items()))),
    f("Verantwortung", "varchar", "Verantwortung", "Responsibility"),
    f("Bearbeiter", "varchar", "Bearbeiter", "Processor"),
    f("Deadline", "datetime", "Fällig am", "Deadline"),
    f("Deadline_strikt", "boolean", "Deadline strikt", "Strict deadline"),
    f("Beginnt_am", "datetime", "Zurückgestellt bis", "Deferred until"),
    f("Erinnerung", "boolean", "Erinnerung", "Reminder"),
    f("Erinnerungsdatum", "date", "Erinnerungsdatum", "Reminder date"),
    f("Privat", "boolean", "Privat", "Private"),
    f("Aufwand_Soll_NUM", "float", "Aufwand (Soll)", "Targeted effort"),
)

# --- search criteria (searchcriteria / searchcriterias) ---------------------------------------

SEARCHCRITERIA_SELECTS = {"objektart": OBJEKTART, "objekttyp": OBJEKTTYP, "nutzungsart": NUTZUNGSART,
                          "vermarktungsart": VERMARKTUNGSART, "regionaler_zusatz": REGION_VALUES}
SEARCHCRITERIA_RANGES = ("kaufpreis", "kaltmiete", "wohnflaeche", "anzahl_zimmer", "grundstuecksflaeche")
SEARCHCRITERIA_BOOLEANS = ("balkon", "barrierefrei", "haustiere")
SEARCHCRITERIA_LOCATION = ("range_plz", "range_ort", "range_strasse", "range_hausnummer", "range", "range_land")

# --- modules -----------------------------------------------------------------------------------

MODULE_LABELS: dict[str, Labels] = {
    "estate": ("Immobilien", "Estates"), "address": ("Adressen", "Addresses"),
    "agentsLog": ("Maklerbuch", "Agents log"), "task": ("Aufgaben", "Tasks"),
    "calendar": ("Termine", "Appointments"), "email": ("E-Mail", "E-mail"), "file": ("Dateien", "Files"),
    "news": ("News", "News"), "intranet": ("Intranet", "Intranet"), "project": ("Projekte", "Projects"),
    "user": ("Benutzer", "Users"),
}


def _index(fields: list[Field]) -> dict[str, Field]:
    index = {field.name: field for field in fields}
    if len(index) != len(fields):
        raise ValueError("duplicate field name in the sandbox field configuration")
    return index


MODULE_FIELDS: dict[str, dict[str, Field]] = {
    "estate": _index(ESTATE_FIELDS),
    "address": _index(ADDRESS_FIELDS),
    "agentsLog": _index(AGENTSLOG_FIELDS),
    "task": _index(TASK_FIELDS),
}


def active_fields(module: str) -> dict[str, Field]:
    return {name: field for name, field in MODULE_FIELDS[module].items() if field.active}


ESTATE = active_fields("estate")
ADDRESS = active_fields("address")
AGENTSLOG = active_fields("agentsLog")
TASK = active_fields("task")
