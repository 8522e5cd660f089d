"""Appointments of the demo client (module `calendar`): their fields, value lists and seeded records.

Field names follow the deprecated calendar read and the create/modify pages
(https://apidoc.onoffice.de/actions/datensatz-lesen/kalender-termin/,
https://apidoc.onoffice.de/actions/datensatz-anlegen/termine/). The rows are stored like the other
modules' records; `seed_records` adds them to what seed_demo loads.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from explorer.onoffice.actions import RELATION_PREFIX

from ..catalog import AGENTS, API_ACCOUNT, GROUPS, USERS
from ..demo import SNAPSHOT, Demo
from ..fieldconfig import Field

MODULE = "calendar"
CALENDAR_ADDRESS = RELATION_PREFIX + "calendar:address"
CALENDAR_ESTATE = RELATION_PREFIX + "calendar:estate"

# Types of appointment, as configured under "Input fields, module calendar management".
ART = ("Besichtigung", "Notartermin", "Beratungsgespräch", "Besprechung", "Telefontermin", "Übergabe",
       "Bewertung")
RESOURCES = ("Konferenzraum", "Firmenfahrzeug", "Beamer")
STATUSES = ("active", "completed", "canceled", "participantsAvailable")
REMINDERS = ("0 minutes", "5 minutes", "15 minutes", "30 minutes", "1 hours", "2 hours", "3 hours", "12 hours",
             "15 hours", "1 days", "2 days", "3 days", "1 weeks", "3 weeks")
REMINDER_TYPES = ("email", "popup", "sms")
REPETITIONS = ("t", "w", "m", "j")
LOCATION_KEYS = ("address", "estate", "user", "group", "mandant", "sonstiges", "customVideoUrl", "userMeetingUrl",
                 "keine Angaben")
CONFIRMATIONS = ("canceled", "confirmed", "sent", "not-set")
OFFICE = "Theaterstraße 1, 52062 Aachen, Deutschland"  # the demo client's own address (location "mandant")

# The fields the calendar filter works on (the read page lists exactly these).
FILTER_FIELDS = {f.name: f for f in (
    Field("start_dt", "datetime", ("Beginnt am", "Starting on")),
    Field("end_dt", "datetime", ("Endet am", "Ends on")),
    Field("rp_flag", "boolean", ("Serientermin", "Recurring")),
    Field("description", "varchar", ("Betreff", "Subject")),
    Field("von", "varchar", ("Ersteller", "Creator")),
    Field("erledigt", "boolean", ("Erledigt", "Done")),
    Field("note", "text", ("Bemerkung", "Notes")),
    Field("art", "varchar", ("Terminart", "Type of appointment")),
)}

# Settable in `data` of create/modify, with their kind: text, bool, int, time, or a value list.
DATA_FIELDS: dict[str, object] = {
    "description": "text", "start_dt": "datetime", "end_dt": "datetime", "art": ART, "ganztags": "bool",
    "allowTransitTime": "bool", "transitTime": "time", "transitTimePre": "time", "transitTimePost": "time",
    "note": "text", "abgesagt": "bool", "status": STATUSES, "private": "bool", "erinnerung": REMINDERS,
    "origin": "bool", "ressources": RESOURCES, "von": "user", "rp_flag": "bool", "rp_type": REPETITIONS,
    "rp_tage": "int", "rp_beginn_datum": "date", "rp_ende_datum": "date", "rp_ende_status": "int",
    "rp_exception": "text",
}

_SUBJECTS = {
    "Besichtigung": ("Besichtigung mit Interessent", "Zweitbesichtigung", "Besichtigung vor Ort"),
    "Notartermin": ("Beurkundung Kaufvertrag", "Notartermin Kaufvertrag"),
    "Beratungsgespräch": ("Beratung Finanzierung", "Verkäuferberatung", "Erstgespräch Eigentümer"),
    "Telefontermin": ("Rückruf Interessent", "Telefonat Eigentümer"),
    "Übergabe": ("Schlüsselübergabe", "Wohnungsübergabe mit Protokoll"),
    "Bewertung": ("Wertermittlung vor Ort", "Objektbewertung"),
}
_NOTES = ("", "", "Unterlagen mitbringen.", "Parkplatz vor dem Haus.", "Bitte pünktlich sein.",
          "Energieausweis bereithalten.")


def blank(von: str, stamp: str) -> dict:
    """A row with the defaults the read example shows for a plain appointment."""
    return {
        "description": "", "start_dt": "", "end_dt": "", "art": "", "note": "", "ganztags": 0, "private": 0,
        "status": "active", "abgesagt": 0, "erledigt": 0, "erinnerung": "", "ressources": [], "von": von,
        "users": [], "groups": [], "_addresses": [], "_estates": [], "location": {}, "modified": stamp,
        "created": stamp, "allowTransitTime": 0, "transitTime": None, "transitTimePre": "00:00:00",
        "transitTimePost": "00:00:00", "origin": 0, "rp_flag": 0, "rp_type": "", "rp_tage": 0,
        "rp_beginn_datum": "0000-00-00", "rp_ende_datum": "0000-00-00", "rp_ende_status": 0, "rp_exception": "",
        "reminderTypes": [], "confirmations": {},
    }


def participants(row: dict) -> list[int]:
    """Ids of everyone taking part: the users added explicitly and the members of the groups added."""
    ids = list(row.get("users", ()))
    groups = set(row.get("groups", ()))
    ids += [u.id for u in USERS if u.group_id in groups and u.id not in ids]
    return ids


def appointment_count(demo: Demo) -> int:
    return max(10, demo.estates // 2)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def appointments(demo: Demo) -> Iterator[dict]:
    """Half a year back and two months ahead of the demo snapshot, on working days in office hours."""
    rng = random.Random("sandbox-demo:calendar")
    team_groups = [g for g in GROUPS if g == API_ACCOUNT.group_id] + list(GROUPS)
    for appointment_id in range(1, appointment_count(demo) + 1):
        day = SNAPSHOT.date() - timedelta(days=180) + timedelta(days=rng.randrange(240))
        while day.weekday() > 4:
            day += timedelta(days=1)
        start = datetime(day.year, day.month, day.day, rng.randrange(8, 18), rng.choice((0, 15, 30, 45)))
        created = min(start - timedelta(days=rng.randrange(1, 30)), SNAPSHOT)
        agent = rng.choice(AGENTS)
        row = blank(agent.username, _stamp(created))
        if rng.random() < 0.2:  # a team meeting of a group, in the office
            group = rng.choice(team_groups)
            row.update(description=f"Teambesprechung {GROUPS[group]}", art="Besprechung", groups=[group],
                       ressources=["Konferenzraum"], location={"mandant": True})
            end = start + timedelta(minutes=60)
        else:
            art = rng.choices(tuple(_SUBJECTS), weights=(40, 8, 15, 15, 8, 6))[0]
            estate_id = rng.randrange(1, demo.estates + 1)
            address_id = rng.randrange(1, demo.addresses + 1)
            row.update(description=rng.choice(_SUBJECTS[art]), art=art, users=[agent.id], _addresses=[address_id],
                       note=rng.choice(_NOTES), confirmations={str(address_id): rng.choice(CONFIRMATIONS)})
            if art == "Telefontermin":
                row["location"] = {"keine Angaben": ""}
            else:
                row["_estates"] = [estate_id]
                row["location"] = {"estate": estate_id}
                if art == "Besichtigung":
                    row["ressources"] = ["Firmenfahrzeug"] if rng.random() < 0.3 else []
            end = start + timedelta(minutes=rng.choice((30, 45, 60, 90)))
        status = "active" if start > SNAPSHOT else rng.choices(("completed", "canceled", "active"), (80, 8, 12))[0]
        row.update(start_dt=_stamp(start), end_dt=_stamp(end), status=status, abgesagt=int(status == "canceled"),
                   erledigt=int(status == "completed"), erinnerung=rng.choice(("", "15 minutes", "1 hours")),
                   modified=_stamp(min(created + timedelta(days=rng.randrange(10)), SNAPSHOT)))
        for address_id in row["_addresses"]:
            demo.relations.append((CALENDAR_ADDRESS, appointment_id, address_id))
        for estate_id in row["_estates"]:
            demo.relations.append((CALENDAR_ESTATE, appointment_id, estate_id))
        yield row


def seed_records(demo: Demo, records: Iterator[tuple[str, int, dict]]) -> Iterator[tuple[str, int, dict]]:
    """The records seed_demo loads, followed by the appointments."""
    yield from records
    for appointment_id, row in enumerate(appointments(demo), start=1):
        yield MODULE, appointment_id, row
