"""Deterministic German demo data: estates, addresses, relations, search criteria, tasks and activities.

Every module draws from its own random stream seeded with a fixed string, and all dates are relative
to a fixed SNAPSHOT moment, so the same sizes always give the same data (seed_demo twice, or --reset
after writes, restores it byte for byte). Addresses and estates are made in demo_addresses.py and
demo_estates.py; the agents log, tasks and search criteria here.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from .catalog import AGENTS
from .demo_addresses import addresses
from .demo_common import (
    ADDRESS_CRITERIA,
    DEFAULT_ADDRESSES,
    DEFAULT_ESTATES,
    GENERATOR,
    LOG_ADDRESS,
    LOG_ESTATE,
    SNAPSHOT,
    TASK_ADDRESS,
    TASK_ESTATE,
    Demo,
    before,
    compact,
    stamp,
    weighted_place,
)
from .demo_estates import estates
from .fieldconfig import ACTION_KINDS, ADVISORY_LEVELS, FEATURES, HERKUNFT_KONTAKT

# What seed_demo, the seeding and the calendar's appointments take from here.
__all__ = ["DEFAULT_ADDRESSES", "DEFAULT_ESTATES", "GENERATOR", "SNAPSHOT", "Demo", "generate"]

# --- activities, tasks, search criteria ------------------------------------------------------

LOG_NOTES = {
    "Email": ("Exposé angefordert", "Rückfrage zur Finanzierung", "Unterlagen versendet", "Terminbestätigung"),
    "Telefonat": ("Erstkontakt", "Rückruf wegen Besichtigung", "Preisverhandlung", "Nachfrage zum Objekt"),
    "Besichtigung": ("Besichtigung durchgeführt", "Interessent sehr angetan", "Zweiter Termin vereinbart"),
    "Angebot": ("Angebot übermittelt", "Preisvorschlag des Interessenten"),
    "Brief": ("Anschreiben Eigentümer", "Vertragsunterlagen per Post"),
    "Notiz": ("Interne Notiz", "Eigentümer informiert"),
}


def activities(demo: Demo) -> Iterator[dict]:
    rng = random.Random("sandbox-demo:agentslog")
    kinds = tuple(LOG_NOTES)
    # Ids grow with time, as in enterprise: draw all moments first, then the entries in that order.
    moments = sorted(before(rng, 730) for _ in range(demo.activities))
    for entry_id, when in enumerate(moments, start=1):
        kind = rng.choices(kinds, weights=(30, 25, 20, 8, 7, 10))[0]
        types = tuple(ACTION_KINDS[kind][1])
        agent = rng.choice(AGENTS)
        level = ADVISORY_LEVELS[rng.choice("BCDEG")][0] if kind in ("Besichtigung", "Angebot") else ""
        estate_id, address_id = rng.randrange(1, demo.estates + 1), rng.randrange(1, demo.addresses + 1)
        demo.relations.append((LOG_ESTATE, entry_id, estate_id))
        demo.relations.append((LOG_ADDRESS, entry_id, address_id))
        yield {
            "Nr": entry_id, "Objekt_nr": [estate_id], "Adress_nr": [address_id],
            "Aktionsart": kind, "Aktionstyp": rng.choice(types) if types else "", "Datum": stamp(when),
            "created": stamp(when), "Benutzer": agent.username, "Benutzer_nr": agent.id, "Kosten": 0.0,
            "Bemerkung": rng.choice(LOG_NOTES[kind]),
            "merkmal": [rng.choice(tuple(FEATURES))] if rng.random() < 0.15 else [],
            "HerkunftKontakt": [rng.choice(tuple(HERKUNFT_KONTAKT))] if rng.random() < 0.3 else [],
            "dauer": rng.randrange(60, 3600) if kind in ("Telefonat", "Besichtigung") else 0,
            "Beratungsebene": level,
            "Absagegrund": rng.choice(("Preis", "Lage", "Größe", "Zustand")) if level.startswith("G") else "",
            **({"_mailbody": f"Guten Tag,\n\n{rng.choice(LOG_NOTES[kind])}.\n\nMit freundlichen Grüßen\n{agent.full_name}"}
               if kind == "Email" else {}),
        }


TASK_SUBJECTS = ("Besichtigung vorbereiten", "Exposé aktualisieren", "Rückruf Interessent", "Unterlagen anfordern",
                 "Energieausweis prüfen", "Fotos beauftragen", "Preis mit Eigentümer abstimmen", "Notartermin planen")


def tasks(demo: Demo) -> Iterator[dict]:
    rng = random.Random("sandbox-demo:task")
    for task_id in range(1, demo.tasks + 1):
        created = before(rng, 365)
        agent = rng.choice(AGENTS)
        estate_id = rng.randrange(1, demo.estates + 1)
        address_id = rng.randrange(1, demo.addresses + 1)
        subject = rng.choice(TASK_SUBJECTS)
        status = rng.choices(("1", "2", "3", "4", "5", "8"), weights=(30, 25, 30, 5, 5, 5))[0]
        demo.relations.append((TASK_ESTATE, task_id, estate_id))
        demo.relations.append((TASK_ADDRESS, task_id, address_id))
        yield {
            "Nr": task_id, "Betreff": subject, "Aufgabe": f"{subject} für Objekt {estate_id}.",
            "Prio": rng.choices(("1", "2", "3", "4", "5"), weights=(5, 20, 50, 20, 5))[0], "Status": status,
            "Art": rng.choice(tuple(ACTION_KINDS["Aufgabe"][1])), "Verantwortung": agent.username,
            "Bearbeiter": agent.username, "Eintragsdatum": stamp(created),
            "modified": stamp(min(created + timedelta(days=rng.randrange(30)), SNAPSHOT)),
            "von": rng.choice(AGENTS).username, "Deadline": stamp(created + timedelta(days=rng.randrange(3, 60))),
            "Deadline_strikt": int(rng.random() < 0.2), "Privat": 0,
            "Kommentar": "Bitte dringend erledigen." if rng.random() < 0.1 else "",
            "_addresses": [address_id], "_estates": [estate_id],
        }


def searchcriteria(demo: Demo) -> Iterator[dict]:
    rng = random.Random("sandbox-demo:searchcriteria")
    for criteria_id in range(1, demo.searchcriteria + 1):
        address_id = rng.randrange(1, demo.addresses + 1)
        place = weighted_place(rng)
        buy = rng.random() < 0.6
        art = rng.choice(("wohnung", "haus"))
        created = before(rng, 900)
        low_area = rng.randrange(40, 140, 5)
        rooms = rng.choice((1.0, 2.0, 2.5, 3.0, 4.0))
        values = {"objektart": [art], "vermarktungsart": ["kauf" if buy else "miete"], "nutzungsart": ["wohnen"],
                  "wohnflaeche": [float(low_area), float(low_area + rng.randrange(20, 80, 5))],
                  "anzahl_zimmer": [rooms, rooms + rng.choice((1.0, 2.0))]}
        if buy:
            low = rng.randrange(150, 700) * 1000
            values["kaufpreis"] = [float(low), float(low + rng.randrange(50, 300) * 1000)]
        else:
            values["kaltmiete"] = [0.0, float(rng.randrange(500, 2200, 50))]
        if rng.random() < 0.3:
            values["balkon"] = 1
        demo.relations.append((ADDRESS_CRITERIA, address_id, criteria_id))
        yield {
            "address": address_id, "values": values,
            "location": {"range_plz": place.plz, "range_ort": place.city, "range": str(rng.choice((5, 10, 15, 25))),
                         "range_land": "DEU"},
            "advisor": rng.choice(AGENTS).id, "creator": rng.choice(AGENTS).id, "creationdate": stamp(created),
            "editdate": stamp(min(created + timedelta(days=rng.randrange(60)), SNAPSHOT)),
            "status": int(rng.random() < 0.85), "publicnote": "Gerne mit Garten." if rng.random() < 0.2 else "",
            "note": "", "kocriterias": ["kaufpreis" if buy else "kaltmiete"] if rng.random() < 0.3 else [],
            "characteristic": rng.choice(("manual_saved", "manual_saved", "automatic_created", "address_completion")),
        }


def generate(demo: Demo) -> Iterator[tuple[str, int, dict]]:
    """(module, record id, row) for every record; `demo.relations` fills up on the way.

    Records of field modules leave out empty values: their reads answer a missing field as "", 0 or []
    (explorer/sandbox/query.py, raw_formatter). Search criteria keep every key, their handlers read them all.
    """
    for module, rows in (("address", addresses(demo)), ("estate", estates(demo)), ("agentslog", activities(demo)),
                         ("task", tasks(demo)), ("searchcriteria", searchcriteria(demo))):
        for record_id, row in enumerate(rows, start=1):
            yield module, record_id, row if module == "searchcriteria" else compact(row)
