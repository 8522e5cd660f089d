"""Deterministic German demo data: estates, addresses, relations, search criteria, tasks and activities.

Every module draws from its own random stream seeded with a fixed string, and all dates are relative
to a fixed SNAPSHOT moment, so the same sizes always give the same data (seed_demo twice, or --reset
after writes, restores it byte for byte). Status values are the API's numbers: estates 1 active / 2 pending /
0 archived, addresses 1 active / 0 archived; address record ids and customer numbers (KdNr) differ, as in
enterprise (https://apidoc.onoffice.de/allgemeine-hinweise/#Status_in_address_and_estate).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from explorer.onoffice.actions import RELATION_PREFIX

from .catalog import AGENTS, PLACES, Place
from .fieldconfig import ACTION_KINDS, ADVISORY_LEVELS, FEATURES, HERKUNFT_KONTAKT, OBJEKTTYPEN, STATUS2_FOR_STATUS

GENERATOR = 1  # bump when the generated data changes, so seed_demo knows an older seed is not current
SNAPSHOT = datetime(2026, 6, 30, 18, 0, 0)
DEFAULT_ESTATES = 1200
DEFAULT_ADDRESSES = 3000

FIRST_NAMES_M = ("Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Jan", "Lukas", "Felix", "Jonas",
                 "Tobias", "Daniel", "Sebastian", "Peter", "Klaus", "Jürgen", "Uwe", "Frank", "Max", "Paul", "Leon",
                 "Niklas", "Tim", "Moritz", "Hans", "Wolfgang", "Bernd", "Dirk", "Matthias", "Alexander")
FIRST_NAMES_F = ("Anna", "Maria", "Julia", "Laura", "Sarah", "Lisa", "Katharina", "Sabine", "Petra", "Claudia",
                 "Andrea", "Nicole", "Stefanie", "Lea", "Sophie", "Marie", "Emma", "Hannah", "Lena", "Monika",
                 "Ursula", "Birgit", "Susanne", "Christina", "Johanna", "Charlotte", "Mia", "Greta", "Ines", "Jana")
LAST_NAMES = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
              "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
              "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
              "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
              "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel", "Offermann",
              "Kreutzer", "Houben", "Jansen", "Lennartz", "Pütz", "Esser", "Küpper", "Frings", "Dahmen")
STREETS = ("Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Dorfstraße", "Goethestraße",
           "Schillerstraße", "Lindenstraße", "Kirchstraße", "Bergstraße", "Ringstraße", "Mühlenweg", "Am Markt",
           "Lousbergstraße", "Theaterstraße", "Jakobstraße", "Pontstraße", "Trierer Straße", "Kölner Straße",
           "Aachener Straße", "Jülicher Straße", "Roermonder Straße", "Vaalser Straße", "Monschauer Straße",
           "Eupener Straße", "Wilhelmstraße", "Rosenweg", "Eichendorffstraße", "Am Lindenplatz", "Rheinuferstraße")
COMPANY_FORMS = ("GmbH", "GmbH & Co. KG", "KG", "AG", "e.K.", "OHG")
COMPANY_KINDS = ("Immobilien", "Hausverwaltung", "Bau", "Steuerberatung", "Architekten", "Handel", "Logistik",
                 "Praxis", "Consulting")
MAIL_DOMAINS = ("web.example", "gmx.example", "t-online.example", "mail.example", "posteo.example")
CITY_PRICES = {"Aachen": 3400, "Köln": 4900, "Düsseldorf": 5200, "Bonn": 4300}  # €/m² to buy; others 2600
HIGHLIGHTS = {"hell und modern": "bright and modern", "ruhig gelegen": "quiet location",
              "frisch saniert": "freshly renovated", "mit Balkon": "with balcony", "sofort frei": "available now",
              "gute Anbindung": "good transport links", "mit Garten": "with garden", "zentral gelegen": "central"}
OBJEKTART_WEIGHTS = {"wohnung": 40, "haus": 30, "zimmer": 3, "grundstueck": 6, "buero_praxen": 8, "einzelhandel": 5,
                     "gastgewerbe": 2, "hallen_lager_prod": 3, "land_und_forstwirtschaft": 1, "sonstige": 2}
OWNER, BUYER, RENTER, INTERESTED = (RELATION_PREFIX + "estate:address:" + k for k in ("owner", "buyer", "renter",
                                                                                     "interested"))
OFFICER = RELATION_PREFIX + "estate:user:officer"
CONTACT = RELATION_PREFIX + "address:contact:address"
TASK_ADDRESS, TASK_ESTATE = RELATION_PREFIX + "task:address", RELATION_PREFIX + "task:estate"
LOG_ADDRESS, LOG_ESTATE = RELATION_PREFIX + "agentsLog:address", RELATION_PREFIX + "agentsLog:estate"
ADDRESS_CRITERIA = RELATION_PREFIX + "address:searchcriteria"


@dataclass
class Demo:
    estates: int
    addresses: int
    # Relations made while generating records; the loader takes them out in batches. The generators
    # never make the same relation twice (each one belongs to the record being generated).
    relations: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def tasks(self) -> int:
        return max(10, self.estates // 2)

    @property
    def activities(self) -> int:
        return self.estates * 3

    @property
    def searchcriteria(self) -> int:
        return max(5, self.addresses // 4)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _before(rng: random.Random, days: int) -> datetime:
    """A moment within `days` days before the snapshot, at office hours."""
    day = SNAPSHOT - timedelta(days=1 + rng.randrange(days))
    return day.replace(hour=rng.randrange(8, 19), minute=rng.randrange(60), second=rng.randrange(60))


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _weighted_places(rng: random.Random) -> Place:
    return rng.choices(PLACES, weights=[p.weight for p in PLACES])[0]


def _phone(rng: random.Random, area: str = "0241") -> str:
    return f"{area} {rng.randrange(100000, 9999999)}"


# --- addresses -------------------------------------------------------------------------------

def addresses(demo: Demo) -> Iterator[dict]:
    rng = random.Random("sandbox-demo:address")
    customer_numbers = list(range(20001, 20001 + demo.addresses))
    rng.shuffle(customer_numbers)
    companies: list[int] = []
    for address_id in range(1, demo.addresses + 1):
        category = rng.choices(("privatperson", "firma", "behoerde"), weights=(85, 12, 3))[0]
        place = _weighted_places(rng)
        female = rng.random() < 0.5
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        last = rng.choice(LAST_NAMES)
        created = _before(rng, 3650)
        changed = created + timedelta(days=rng.randrange((SNAPSHOT - created).days + 1))
        changed = min(changed.replace(hour=rng.randrange(8, 19)), SNAPSHOT)
        active = rng.random() < 0.9
        row = {
            "KdNr": customer_numbers[address_id - 1], "contactCategory": category,
            "Strasse": f"{rng.choice(STREETS)} {rng.randrange(1, 140)}", "Plz": place.plz, "Ort": place.city,
            "Land": rng.choices(("DEU", "NLD", "BEL"), weights=(94, 3, 3))[0],
            "Benutzer": rng.choice(AGENTS).username, "Status": "1" if active else "0",
            "Status2Adr": "status2adr_active" if active else "status2adr_archived",
            "ArtDaten": sorted(rng.sample(("Kunde", "Interessent", "Eigentümer", "Mieter", "Vermieter", "Investor",
                                           "Newsletter-Empfänger"), rng.randrange(1, 3))),
            "HerkunftKontakt": sorted(rng.sample(tuple(HERKUNFT_KONTAKT), rng.randrange(0, 3))),
            "newsletter_aktiv": rng.choices(("0", "1", "2", "3", "4"), weights=(40, 35, 10, 5, 10))[0],
            "SpracheKontakt": rng.choices(("DEU", "ENG", "NLD", "FRA"), weights=(88, 6, 4, 2))[0],
            "KontaktformBevorzugt": rng.choice(("Brief", "Email", "Telefon", "")),
            "Eintragsdatum": created.strftime("%Y-%m-%d"), "Aenderung": _stamp(changed),
            "letzter_Kontakt": (changed - timedelta(days=rng.randrange(30))).strftime("%Y-%m-%d"),
            "Letzte_Aktion": (changed - timedelta(days=rng.randrange(60))).strftime("%Y-%m-%d"),
            "AGB_akzeptiert": int(rng.random() < 0.7), "Rueckruf_akzeptiert": int(rng.random() < 0.4),
            "DSGVOStatus": rng.choice(("speicherungzugestimmt", "nichtangefragt", "speicherungnichtzugestimmt")),
            "uuid": _uuid(rng),
        }
        if category == "privatperson":
            row.update({"Anrede": "Frau" if female else "Herr", "Vorname": first, "Name": last,
                        "Titel": "Dr." if rng.random() < 0.06 else "",
                        "Geburtsdatum": f"{rng.randrange(1940, 2003)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                        "Familienstand": rng.choice(("ledig", "verheiratet", "geschieden", "verwitwet")),
                        "Beruf": rng.choice(("Ingenieurin" if female else "Ingenieur", "Lehrerin" if female else "Lehrer",
                                             "Ärztin" if female else "Arzt", "Kauffrau" if female else "Kaufmann",
                                             "Rentnerin" if female else "Rentner", "Studentin" if female else "Student")),
                        "Kinder": rng.randrange(0, 4), "Haushaltsgroesse": rng.randrange(1, 6)})
            row["Briefanrede"] = f"Sehr geehrte{'' if female else 'r'} {'Frau' if female else 'Herr'} {last},"
            if rng.random() < 0.5:
                row.update({"Einkommen": float(rng.randrange(1800, 9000, 50)),
                            "Eigenkapital": float(rng.randrange(0, 250000, 1000)),
                            "Finanzierung_gesichert": int(rng.random() < 0.4),
                            "Bonitaet": rng.choice(("sehr_gut", "gut", "mittel", "unbekannt"))})
        else:
            kind = "Stadtverwaltung" if category == "behoerde" else rng.choice(COMPANY_KINDS)
            company = f"{kind} {place.city}" if category == "behoerde" else f"{last} {kind} {rng.choice(COMPANY_FORMS)}"
            row.update({"Anrede": "Firma", "Zusatz1": company, "Briefanrede": "Sehr geehrte Damen und Herren,",
                        "Homepage": f"www.{last.lower().replace('ü', 'ue').replace('ö', 'oe').replace('ä', 'ae').replace('ß', 'ss')}-{address_id}.example",
                        "UStIdNr": f"DE{rng.randrange(100000000, 999999999)}" if category == "firma" else "",
                        "Handelsregister": f"HRB {rng.randrange(1000, 30000)} Aachen" if category == "firma" else ""})
            companies.append(address_id)
        if rng.random() < 0.1:
            row["Beziehung"] = [rng.choice(("indMulti659Select204", "indMulti659Select205", "indMulti659Select206"))]
        if rng.random() < 0.05:
            row["adressHinweis"] = "Nur schriftlich kontaktieren."
        if rng.random() < 0.15:
            row["Bemerkung"] = rng.choice(("Sucht dringend.", "Bitte abends anrufen.", "Bestandskunde seit Jahren.",
                                           "Kontakt über Messe."))
        row["_contacts"] = _contacts(rng, address_id, row, first, last)
        for category_name, field_name in (("email", "Email"), ("phone", "Telefon1"), ("fax", "Telefax1")):
            main = [c for c in row["_contacts"] if c["type"].startswith(category_name) and c["default"]]
            row[field_name] = main[0]["value"] if main else ""
        if companies and category == "privatperson" and rng.random() < 0.08:
            demo.relations.append((CONTACT, rng.choice(companies), address_id))
        yield row


def _contacts(rng: random.Random, address_id: int, row: dict, first: str, last: str) -> list[dict]:
    entries = []

    def add(kind, value, *, comment=""):
        category = kind.split("_")[0]
        is_first = not any(e["type"].split("_")[0] == category for e in entries)
        entries.append({"id": address_id * 100 + len(entries) + 1, "type": kind, "value": value,
                        "default": is_first, **({"comment": comment} if comment else {})})

    plain = f"{first}.{last}".lower().translate(str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss"}))
    if rng.random() < 0.9:
        add("email", f"{plain}{address_id}@{rng.choice(MAIL_DOMAINS)}")
    if rng.random() < 0.2:
        add("email_business", f"{plain[0]}.{plain.split('.')[-1]}{address_id}@firma.example", comment="Dienstlich")
    area = "0221" if row["Ort"] == "Köln" else "0241"
    if rng.random() < 0.7:
        add("phone", _phone(rng, area), comment="abends" if rng.random() < 0.1 else "")
    if rng.random() < 0.5:
        add("mobile", f"01{rng.choice((51, 52, 60, 62, 70, 71, 76))} {rng.randrange(1000000, 99999999)}")
    if rng.random() < 0.1:
        add("fax", _phone(rng, area))
    return entries


# --- estates ---------------------------------------------------------------------------------

def estates(demo: Demo) -> Iterator[dict]:
    rng = random.Random("sandbox-demo:estate")
    for estate_id in range(1, demo.estates + 1):
        yield _estate(rng, demo, estate_id)


def _estate(rng: random.Random, demo: Demo, estate_id: int) -> dict:
    place = _weighted_places(rng)
    art = rng.choices(tuple(OBJEKTART_WEIGHTS), weights=tuple(OBJEKTART_WEIGHTS.values()))[0]
    typ_key, typ_de, typ_en = rng.choice(OBJEKTTYPEN[art])
    residential = art in ("wohnung", "haus", "zimmer")
    use = rng.choices(("wohnen", "anlage", "waz"), weights=(88, 9, 3))[0] if residential else (
        "gewerbe" if art != "grundstueck" else rng.choice(("wohnen", "gewerbe")))
    marketing = (rng.choices(("kauf", "miete"), weights=(55, 45))[0] if art not in ("land_und_forstwirtschaft",)
                 else rng.choice(("pacht", "erbpacht")))
    status = rng.choices(("1", "2", "0"), weights=(75, 10, 15))[0]
    created = _before(rng, 1800)
    changed = min(created + timedelta(days=rng.randrange((SNAPSHOT - created).days + 1), hours=rng.randrange(8)),
                  SNAPSHOT)
    agent = rng.choice(AGENTS)
    area = {"wohnung": rng.randrange(28, 170), "haus": rng.randrange(85, 290), "zimmer": rng.randrange(12, 30)}.get(
        art, rng.randrange(60, 1200))
    rooms = max(1.0, round(area / 27 * 2) / 2) if residential else 0.0
    row = {
        "Id": estate_id, "objektnr_extern": f"{place.city[:2].upper()}-{estate_id:05d}", "status": status,
        "status2": STATUS2_FOR_STATUS[status], "benutzer": str(agent.id), "objektart": art, "objekttyp": typ_key,
        "nutzungsart": use, "vermarktungsart": marketing, "erstellt_am": _stamp(created), "erstellt_von": agent.username,
        "geaendert_am": _stamp(changed), "uuid": _uuid(rng),
        "strasse": rng.choice(STREETS), "hausnummer": str(rng.randrange(1, 140)), "plz": place.plz, "ort": place.city,
        "regionaler_zusatz": place.region, "bundesland": "Nordrhein-Westfalen", "land": "DEU",
        "breitengrad": round(place.lat + rng.uniform(-0.012, 0.012), 5),
        "laengengrad": round(place.lon + rng.uniform(-0.018, 0.018), 5),
        "ind_2140_Feld_objekte1": rng.choice(("indMulti2140Select1", "indMulti2140Select2", "indMulti2140Select3")),
        "waehrung": "EUR",
    }
    published = status == "1" and rng.random() < 0.75
    sold = status == "0" and rng.random() < 0.8
    row.update({
        "veroeffentlichen": int(published), "verkauft": int(sold), "reserviert": int(status == "1" and rng.random() < 0.06),
        "exclusive": int(rng.random() < 0.15), "top_angebot": int(rng.random() < 0.1),
        "preisreduktion": int(rng.random() < 0.08), "courtage_frei": int(rng.random() < 0.2),
        "showGoogleMap": int(rng.random() < 0.8), "referenz": int(sold and rng.random() < 0.5),
        "objekt_des_tages": int(published and rng.random() < 0.02), "neu": int((SNAPSHOT - created).days < 60),
        "objektadresse_freigeben": int(rng.random() < 0.6), "virtualAddress": int(rng.random() < 0.05),
    })
    _prices(rng, row, place, art, marketing, area)
    if residential:
        row.update({
            "wohnflaeche": float(area), "nutzflaeche": float(round(area * rng.uniform(1.05, 1.3))),
            "anzahl_zimmer": rooms, "anzahl_schlafzimmer": max(1, int(rooms) - 1),
            "anzahl_badezimmer": 1 + int(area > 120), "anzahl_balkone": int(rng.random() < 0.6),
            "anzahl_terrassen": int(art == "haus" and rng.random() < 0.7),
            "balkon": int(rng.random() < 0.6), "terrasse": int(art == "haus" and rng.random() < 0.7),
            "heizungsart": sorted(rng.sample(("zentral", "fussboden", "etage", "fern"), rng.randrange(1, 3))),
            "befeuerung": [rng.choice(("gas", "oel", "fern", "luftwp", "pellet", "erdwaerme"))],
            "bad": sorted(rng.sample(("dusche", "wanne", "fenster"), rng.randrange(1, 3))),
            "boden": sorted(rng.sample(("fliesen", "parkett", "laminat", "dielen", "teppich"), rng.randrange(1, 3))),
            "kueche": [rng.choice(("ebk", "offen", "pantry"))] if rng.random() < 0.6 else [],
            "einbaukueche": int(rng.random() < 0.6), "haustiere": int(rng.random() < 0.4),
            "ausricht_balkon_terrasse": [rng.choice(("sued", "west", "suedwest", "ost"))] if rng.random() < 0.6 else [],
            "etage": rng.randrange(0, 6) if art == "wohnung" else 0,
            "anzahl_etagen": rng.randrange(2, 7) if art == "wohnung" else rng.randrange(1, 3),
            "fahrstuhl": ["personen"] if art == "wohnung" and rng.random() < 0.4 else [],
        })
    else:
        row["nutzflaeche"] = float(area)
        if art == "buero_praxen":
            row["bueroflaeche"] = float(area)
        if art == "einzelhandel":
            row["verkaufsflaeche"] = float(area)
    if art in ("haus", "grundstueck", "land_und_forstwirtschaft"):
        row["grundstuecksflaeche"] = float(rng.randrange(180, 1600) if art != "land_und_forstwirtschaft" else
                                           rng.randrange(5000, 60000))
    if art != "grundstueck":
        row.update({
            "baujahr": rng.randrange(1890, 2026), "zustand": rng.choice(("erstbezug", "neuwertig", "modernisiert",
                                                                           "gepflegt", "renovierungsbeduerftig")),
            "stellplatzart": sorted(rng.sample(("garage", "tiefgarage", "freiplatz", "carport"), rng.randrange(0, 2))),
            "anzahl_stellplaetze": rng.randrange(0, 3), "unterkellert": rng.choice(("ja", "nein", "teil")),
            "dachform": rng.choice(("satteldach", "flachdach", "walmdach", "pultdach")),
            "bauweise": rng.choice(("massiv", "massiv", "fertigteile", "holz")),
            "ausstatt_kategorie": rng.choice(("EINFACH", "STANDARD", "STANDARD", "GEHOBEN", "LUXUS")),
            "barrierefrei": int(rng.random() < 0.15), "kamin": int(rng.random() < 0.15),
            "klimatisiert": int(rng.random() < 0.1), "denkmalschutz": int(rng.random() < 0.05),
            "energieausweistyp": rng.choice(("Endenergiebedarf", "Energieverbrauchskennwert")),
            "energieausweis_gueltig_bis": f"{rng.randrange(2026, 2036)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "energyClass": rng.choice(("A+", "A", "B", "C", "D", "E", "F", "G", "H")),
        })
        row["jahr_letzte_modernisierung"] = rng.randrange(row["baujahr"], 2026) if rng.random() < 0.4 else 0
        key = "endenergiebedarf" if row["energieausweistyp"] == "Endenergiebedarf" else "energieverbrauchskennwert"
        row[key] = round(rng.uniform(25, 260), 1)
    if marketing == "miete":
        row["verfuegbar_ab"] = rng.choice(("sofort", "nach Vereinbarung", "01.09.", "01.10."))
        row["abdatum"] = (SNAPSHOT + timedelta(days=rng.randrange(0, 120))).strftime("%Y-%m-%d")
        row["vermietet"] = int(sold)
    if rng.random() < 0.03:
        row["hinweis_rot"] = "Schlüssel nur nach Rücksprache mit dem Eigentümer."
    if rng.random() < 0.1:
        row["notiz_intern"] = rng.choice(("Eigentümer verhandlungsbereit.", "Exposé überarbeiten.", "Fotos fehlen."))
    highlight = rng.choice(tuple(HIGHLIGHTS))
    row.update(_texts(highlight, typ_de, art, place, rooms, area, marketing, german=True))
    if estate_id % 4 == 0:  # every fourth estate also has an English language version
        row["_lang"] = {"ENG": _texts(HIGHLIGHTS[highlight], typ_en, art, place, rooms, area, marketing, german=False)}
    _estate_relations(rng, demo, estate_id, agent.id, marketing, sold)
    return row


def _prices(rng: random.Random, row: dict, place: Place, art: str, marketing: str, area: int) -> None:
    per_m2 = CITY_PRICES.get(place.city, 2600) * rng.uniform(0.75, 1.35)
    if marketing == "kauf":
        price = round(per_m2 * area * (0.35 if art == "grundstueck" else 1) / 1000) * 1000
        row.update({"kaufpreis": float(price), "kaufpreis_pro_qm": round(price / area, 2),
                    "aussen_courtage": "3,57 % inkl. MwSt.", "hausgeld": float(round(area * 3.2)) if art == "wohnung" else 0.0,
                    "preisAufAnfrage": int(rng.random() < 0.04)})
        if rng.random() < 0.3:
            row["stellplatzkaufpreis"] = float(rng.choice((15000, 20000, 25000)))
    elif marketing == "miete":
        cold = round(area * per_m2 / 300, 0)
        extra = round(area * 2.4)
        heating = round(area * 1.1)
        row.update({"kaltmiete": float(cold), "nettokaltmiete": float(cold), "nebenkosten": float(extra),
                    "heizkosten": float(heating), "warmmiete": float(cold + extra + heating),
                    "kaution": float(cold * 3), "mietpreis_pro_qm": round(cold / area, 2),
                    "aussen_courtage": "2 Nettokaltmieten" if rng.random() < 0.2 else "provisionsfrei"})
        if rng.random() < 0.3:
            row["stellplatzmiete"] = float(rng.choice((50, 70, 90)))
    else:
        row[marketing] = float(round(area * rng.uniform(0.5, 3)))


def _texts(highlight: str, typ: str, art: str, place: Place, rooms: float, area: int, marketing: str,
           *, german: bool) -> dict:
    where = f"{place.city}-{place.district}"
    if german:
        rooms_text = f"{rooms:g}".replace(".", ",")
        what = f"{typ} mit {rooms_text} Zimmern" if art in ("wohnung", "haus") else f"{typ} mit ca. {area} m²"
        action = "zum Kauf" if marketing == "kauf" else "zur Miete"
        texts = (f"Das Objekt bietet ca. {area} m² Fläche. Die Aufteilung ist durchdacht, "
                 f"alle Räume sind hell und gut geschnitten.",
                 f"Das Objekt liegt in {where}. Einkaufsmöglichkeiten, Schulen und der öffentliche "
                 f"Nahverkehr sind fußläufig erreichbar.",
                 "Hochwertige Bodenbeläge, moderne Sanitärausstattung, zeitgemäße Heiztechnik.",
                 "Besichtigungen nach Vereinbarung. Ein Energieausweis liegt vor.")
    else:
        what = f"{typ} with {rooms:g} rooms" if art in ("wohnung", "haus") else f"{typ} of about {area} m²"
        action = "for sale" if marketing == "kauf" else "for rent"
        texts = (f"The property offers about {area} m². The layout is well thought out and all rooms are bright.",
                 f"The property is located in {where}, with shops, schools and public transport within "
                 f"walking distance.",
                 "High-quality flooring, modern bathrooms, up-to-date heating.",
                 "Viewings by appointment. An energy certificate is available.")
    return {"objekttitel": f"{what} in {where}: {highlight}", "dreizeiler": f"{what} {action} in {place.city}.",
            **dict(zip(("objektbeschreibung", "lage", "ausstatt_beschr", "sonstige_angaben"), texts, strict=True))}


def _estate_relations(rng: random.Random, demo: Demo, estate_id: int, agent_id: int, marketing: str, sold: bool):
    pick = lambda: rng.randrange(1, demo.addresses + 1)  # noqa: E731
    owners = {pick() for _ in range(1 if rng.random() < 0.9 else 2)}
    demo.relations.extend((OWNER, estate_id, a) for a in sorted(owners))
    if sold:
        demo.relations.append((BUYER if marketing == "kauf" else RENTER, estate_id, pick()))
    interested = {pick() for _ in range(rng.randrange(0, 5))} - owners
    demo.relations.extend((INTERESTED, estate_id, a) for a in sorted(interested))
    demo.relations.append((OFFICER, estate_id, agent_id))


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
    moments = sorted(_before(rng, 730) for _ in range(demo.activities))
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
            "Aktionsart": kind, "Aktionstyp": rng.choice(types) if types else "", "Datum": _stamp(when),
            "created": _stamp(when), "Benutzer": agent.username, "Benutzer_nr": agent.id, "Kosten": 0.0,
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
        created = _before(rng, 365)
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
            "Bearbeiter": agent.username, "Eintragsdatum": _stamp(created),
            "modified": _stamp(min(created + timedelta(days=rng.randrange(30)), SNAPSHOT)),
            "von": rng.choice(AGENTS).username, "Deadline": _stamp(created + timedelta(days=rng.randrange(3, 60))),
            "Deadline_strikt": int(rng.random() < 0.2), "Privat": 0,
            "Kommentar": "Bitte dringend erledigen." if rng.random() < 0.1 else "",
            "_addresses": [address_id], "_estates": [estate_id],
        }


def searchcriteria(demo: Demo) -> Iterator[dict]:
    rng = random.Random("sandbox-demo:searchcriteria")
    for criteria_id in range(1, demo.searchcriteria + 1):
        address_id = rng.randrange(1, demo.addresses + 1)
        place = _weighted_places(rng)
        buy = rng.random() < 0.6
        art = rng.choice(("wohnung", "haus"))
        created = _before(rng, 900)
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
            "advisor": rng.choice(AGENTS).id, "creator": rng.choice(AGENTS).id, "creationdate": _stamp(created),
            "editdate": _stamp(min(created + timedelta(days=rng.randrange(60)), SNAPSHOT)),
            "status": int(rng.random() < 0.85), "publicnote": "Gerne mit Garten." if rng.random() < 0.2 else "",
            "note": "", "kocriterias": ["kaufpreis" if buy else "kaltmiete"] if rng.random() < 0.3 else [],
            "characteristic": rng.choice(("manual_saved", "manual_saved", "automatic_created", "address_completion")),
        }


def generate(demo: Demo) -> Iterator[tuple[str, int, dict]]:
    """(module, record id, row) for every record; `demo.relations` fills up on the way."""
    for module, rows in (("address", addresses(demo)), ("estate", estates(demo)), ("agentslog", activities(demo)),
                         ("task", tasks(demo)), ("searchcriteria", searchcriteria(demo))):
        for record_id, row in enumerate(rows, start=1):
            yield module, record_id, row
