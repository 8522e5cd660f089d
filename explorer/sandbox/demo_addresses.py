"""Demo addresses: private persons, companies and authorities of the Rhineland, plus the agents' own addresses.

Record ids and customer numbers (KdNr) differ, as in enterprise
(https://apidoc.onoffice.de/allgemeine-hinweise/#Status_in_address_and_estate); `Status` is 1 active, 0 archived.
The last addresses stand for the agents (ArtDaten `Systembenutzer`, linked by `user:address`); estates name them
as contact persons.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import timedelta

from .catalog import AGENTS, USERS_BY_ID, User
from .demo_common import (
    CONTACT,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    LAST_NAMES,
    SNAPSHOT,
    STREETS,
    USER_ADDRESS,
    Demo,
    ascii_name,
    before,
    day,
    new_uuid,
    phone,
    stamp,
    weighted_place,
)
from .fields_address import HERKUNFT_KONTAKT

COMPANY_FORMS = ("GmbH", "GmbH & Co. KG", "KG", "AG", "e.K.", "OHG")
COMPANY_KINDS = ("Immobilien", "Hausverwaltung", "Bau", "Steuerberatung", "Architekten", "Handel", "Logistik",
                 "Praxis", "Consulting")
MAIL_DOMAINS = ("web.example", "gmx.example", "t-online.example", "mail.example", "posteo.example")
JOBS = (("Ingenieurin", "Ingenieur"), ("Lehrerin", "Lehrer"), ("Ärztin", "Arzt"), ("Kauffrau", "Kaufmann"),
        ("Rentnerin", "Rentner"), ("Studentin", "Student"), ("Beamtin", "Beamter"))
EMPLOYERS = ("RWTH Aachen", "Uniklinik Köln", "Stadt Aachen", "Deutsche Post", "Sparkasse Aachen", "Ford Köln")
KINDS_OF_CONTACT = ("Kunde", "Interessent", "Eigentümer", "Mieter", "Vermieter", "Investor", "Newsletter-Empfänger")
OFFICE = {"Zusatz1": "Sandbox Immobilien GmbH", "Strasse": "Theaterstraße 1", "Plz": "52062", "Ort": "Aachen"}


def addresses(demo: Demo) -> Iterator[dict]:
    rng = random.Random("sandbox-demo:address")
    customer_numbers = list(range(20001, 20001 + demo.addresses))
    rng.shuffle(customer_numbers)
    agent_rows = {address_id: user_id for user_id, address_id in demo.agent_addresses.items()}
    companies: list[int] = []
    for address_id in range(1, demo.addresses + 1):
        if address_id in agent_rows:
            row = _agent(USERS_BY_ID[agent_rows[address_id]], address_id)
            demo.relations.append((USER_ADDRESS, agent_rows[address_id], address_id))
        else:
            row = _customer(rng, demo, address_id, companies)
        row["KdNr"] = customer_numbers[address_id - 1]
        yield row


def _customer(rng: random.Random, demo: Demo, address_id: int, companies: list[int]) -> dict:
    category = rng.choices(("privatperson", "firma", "behoerde"), weights=(85, 12, 3))[0]
    place = weighted_place(rng)
    female = rng.random() < 0.5
    first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
    last = rng.choice(LAST_NAMES)
    created = before(rng, 3650)
    changed = created + timedelta(days=rng.randrange((SNAPSHOT - created).days + 1))
    changed = min(changed.replace(hour=rng.randrange(8, 19)), SNAPSHOT)
    active = rng.random() < 0.9
    row = {
        "contactCategory": category,
        "Strasse": f"{rng.choice(STREETS)} {rng.randrange(1, 140)}", "Plz": place.plz, "Ort": place.city,
        "Land": rng.choices(("DEU", "NLD", "BEL"), weights=(94, 3, 3))[0],
        "Benutzer": rng.choice(AGENTS).username, "Status": "1" if active else "0",
        "Status2Adr": "status2adr_active" if active else "status2adr_archive",
        "ArtDaten": sorted(rng.sample(KINDS_OF_CONTACT, rng.randrange(1, 3))),
        "HerkunftKontakt": sorted(rng.sample(tuple(HERKUNFT_KONTAKT), rng.randrange(0, 3))),
        "newsletter_aktiv": rng.choices(("0", "1", "2", "3", "4", "5"), weights=(35, 35, 10, 5, 12, 3))[0],
        "SpracheKontakt": rng.choices(("DEU", "ENG", "NLD", "FRA"), weights=(88, 6, 4, 2))[0],
        "KontaktformBevorzugt": rng.choice(("Brief", "Email", "Telefon", "Telefax", "")),
        "Eintragsdatum": day(created), "Aenderung": stamp(changed),
        "letzter_Kontakt": stamp(changed - timedelta(days=rng.randrange(30), minutes=rng.randrange(600))),
        "Letzte_Aktion": day(changed - timedelta(days=rng.randrange(60))),
        "AGB_akzeptiert": int(rng.random() < 0.7), "Vip": int(rng.random() < 0.03),
        "DSGVOStatus": rng.choice(("speicherungzugestimmt", "speicherungzugestimmt", "speicherungwiderrufen", "")),
        "uuid": new_uuid(rng),
    }
    if rng.random() < 0.4:
        row["kunde_seit"] = day(created + timedelta(days=rng.randrange(200)))
    if category == "privatperson":
        job = rng.choice(JOBS)[0 if female else 1]
        row.update({"Anrede": "Frau" if female else "Herr", "Vorname": first, "Name": last,
                    "Titel": "Dr." if rng.random() < 0.06 else "",
                    "Geburtsdatum": f"{rng.randrange(1940, 2003)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                    "jobTitle": job, "Rueckruf_akzeptiert": int(rng.random() < 0.4),
                    "Briefanrede": f"Sehr geehrte{'' if female else 'r'} {'Frau' if female else 'Herr'} {last},"})
        if rng.random() < 0.5 and not job.startswith(("Rentner", "Student")):
            row.update({"employer": rng.choice(EMPLOYERS), "salary": float(rng.randrange(1800, 9000, 50)),
                        "workContract": rng.choice(("permanent", "permanent", "temporary"))})
        if rng.random() < 0.15:
            partner_female = not female
            row.update({"Anrede": "Eheleute", "Vorname2": rng.choice(FIRST_NAMES_F if partner_female else FIRST_NAMES_M),
                        "Name2": last})
    else:
        kind = "Stadtverwaltung" if category == "behoerde" else rng.choice(COMPANY_KINDS)
        form = rng.choice(COMPANY_FORMS)
        company = f"{kind} {place.city}" if category == "behoerde" else f"{last} {kind} {form}"
        row.update({"Anrede": "Firma", "Zusatz1": company, "Briefanrede": "Sehr geehrte Damen und Herren,",
                    "Homepage": f"www.{ascii_name(last)}-{address_id}.example"})
        if category == "firma":
            row.update({"ustIdNr": f"DE{rng.randrange(100000000, 999999999)}", "gwgRechtsform": form,
                        "gwgRegisternummer": f"HRB {rng.randrange(1000, 30000)} Aachen"})
        companies.append(address_id)
    if rng.random() < 0.1:
        row["Beziehung"] = [rng.choice(("indMulti659Select204", "indMulti659Select205", "indMulti659Select206"))]
    if rng.random() < 0.05:
        row["adressHinweis"] = "Nur schriftlich kontaktieren."
    if rng.random() < 0.15:
        row["Bemerkung"] = rng.choice(("Sucht dringend.", "Bitte abends anrufen.", "Bestandskunde seit Jahren.",
                                       "Kontakt über Messe."))
    row["_contacts"] = _contacts(rng, address_id, row, first, last)
    _main_contact_fields(row)
    if companies and category == "privatperson" and rng.random() < 0.08:
        demo.relations.append((CONTACT, rng.choice(companies), address_id))
    return row


def _agent(user: User, address_id: int) -> dict:
    """The address of an enterprise user: office contact data, no random draws (the agents never change)."""
    female = user.firstname in FIRST_NAMES_F
    extension = 4560 + user.id
    row = {
        "contactCategory": "privatperson", "Anrede": "Frau" if female else "Herr", "Vorname": user.firstname,
        "Name": user.lastname, **OFFICE, "Land": "DEU", "Benutzer": user.username, "Status": "1",
        "Status2Adr": "status2adr_active", "ArtDaten": ["Systembenutzer"], "newsletter_aktiv": "0",
        "SpracheKontakt": "DEU", "KontaktformBevorzugt": "Email",
        "jobTitle": "Immobilienmaklerin" if female else "Immobilienmakler", "employer": OFFICE["Zusatz1"],
        "Eintragsdatum": "2019-01-02", "Aenderung": "2026-01-05 09:00:00", "letzter_Kontakt": "2026-06-30 17:45:00",
        "Briefanrede": f"Liebe{'' if female else 'r'} {user.firstname},",
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox-agent:{user.username}")),
        "_contacts": [
            {"id": address_id * 100 + 1, "type": "email_business", "value": user.email, "default": True},
            {"id": address_id * 100 + 2, "type": "phone_business", "value": f"0241 123 {extension}", "default": True},
            {"id": address_id * 100 + 3, "type": "mobile", "value": f"0171 123 {extension}", "default": True},
        ],
    }
    _main_contact_fields(row)
    return row


def _main_contact_fields(row: dict) -> None:
    for category_name, field_name in (("email", "Email"), ("phone", "Telefon1"), ("fax", "Telefax1")):
        main = [c for c in row["_contacts"] if c["type"].startswith(category_name) and c["default"]]
        row[field_name] = main[0]["value"] if main else ""


def _contacts(rng: random.Random, address_id: int, row: dict, first: str, last: str) -> list[dict]:
    entries = []

    def add(kind, value, *, comment=""):
        category = kind.split("_")[0]
        is_first = not any(e["type"].split("_")[0] == category for e in entries)
        entries.append({"id": address_id * 100 + len(entries) + 1, "type": kind, "value": value,
                        "default": is_first, **({"comment": comment} if comment else {})})

    plain = ascii_name(f"{first}.{last}")
    if rng.random() < 0.9:
        add("email", f"{plain}{address_id}@{rng.choice(MAIL_DOMAINS)}")
    if rng.random() < 0.2:
        add("email_business", f"{plain[0]}.{plain.split('.')[-1]}{address_id}@firma.example", comment="Dienstlich")
    area = "0221" if row["Ort"] == "Köln" else "0241"
    if rng.random() < 0.7:
        add("phone", phone(rng, area), comment="abends" if rng.random() < 0.1 else "")
    if rng.random() < 0.5:
        add("mobile", f"01{rng.choice((51, 52, 60, 62, 70, 71, 76))} {rng.randrange(1000000, 99999999)}")
    if rng.random() < 0.1:
        add("fax", phone(rng, area))
    return entries
