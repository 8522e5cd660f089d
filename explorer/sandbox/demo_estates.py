"""Demo estates of Aachen and the Rhineland, with their owners, buyers, interested parties, contact persons
and, for apartment buildings, their units.

Values have the types of the field configuration (fields_estate.py): counts are floats, `regionaler_zusatz`
a list, `erstellt_am` a date, `kaution` a text. `status` is 1 active, 2 pending, 0 archived. Every 40th
estate is a base property (`stammobjekt`) whose next three estates are its units
(https://apidoc.onoffice.de/actions/informationen-abfragen/relationen/).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from .catalog import AGENTS, PLACES, Place
from .demo_common import (
    BUYER,
    CONTACT_PERSON,
    CONTACT_PERSON_ALL,
    INTERESTED,
    OFFICER,
    OWNER,
    RENTER,
    SNAPSHOT,
    STREETS,
    UNITS,
    Demo,
    before,
    day,
    new_uuid,
    stamp,
    weighted_place,
)
from .estate_values import OBJEKTTYPEN, STATUS2_FOR_STATUS

CITY_PRICES = {"Aachen": 3400, "Köln": 4900, "Düsseldorf": 5200, "Bonn": 4300}  # €/m² to buy; others 2600
HIGHLIGHTS = {"hell und modern": "bright and modern", "ruhig gelegen": "quiet location",
              "frisch saniert": "freshly renovated", "mit Balkon": "with balcony", "sofort frei": "available now",
              "gute Anbindung": "good transport links", "mit Garten": "with garden", "zentral gelegen": "central"}
OBJEKTART_WEIGHTS = {"wohnung": 40, "haus": 30, "zimmer": 3, "grundstueck": 6, "buero_praxen": 8, "einzelhandel": 5,
                     "gastgewerbe": 2, "hallen_lager_prod": 3, "land_und_forstwirtschaft": 1,
                     "zinshaus_renditeobjekt": 2, "parken": 2, "sonstige": 1}
RESIDENTIAL = ("wohnung", "haus", "zimmer")
BUILDINGS_WITHOUT_ROOMS = ("grundstueck", "parken")
BASE_EVERY, UNITS_PER_BASE = 40, 3
PLACES_BY_PLZ = {p.plz: p for p in PLACES}


def estates(demo: Demo) -> Iterator[dict]:
    rng = random.Random("sandbox-demo:estate")
    sites: dict[int, tuple[Place, str, str]] = {}  # base property id -> its place, street, house number
    for estate_id in range(1, demo.estates + 1):
        base_id = next((b for b in sites if b < estate_id <= b + UNITS_PER_BASE), None)
        is_base = estate_id % BASE_EVERY == BASE_EVERY // 2 and estate_id + UNITS_PER_BASE <= demo.estates
        row = _estate(rng, demo, estate_id, site=sites.get(base_id), base=is_base)
        if is_base:
            sites[estate_id] = (PLACES_BY_PLZ[row["plz"]], row["strasse"], row["hausnummer"])
        if base_id is not None:
            row["wohnungsnr"] = f"WE {estate_id - base_id}"
            demo.relations.extend((units, base_id, estate_id) for units in UNITS)
        yield row


def _kind(rng: random.Random, *, unit: bool, base: bool) -> tuple[str, tuple[str, str, str], str, str]:
    """(objektart, objekttyp entry, nutzungsart, vermarktungsart)."""
    if base:
        return "zinshaus_renditeobjekt", OBJEKTTYPEN["zinshaus_renditeobjekt"][0], "anlage", "kauf"
    if unit:
        return "wohnung", OBJEKTTYPEN["wohnung"][5], "wohnen", rng.choice(("kauf", "miete"))
    art = rng.choices(tuple(OBJEKTART_WEIGHTS), weights=tuple(OBJEKTART_WEIGHTS.values()))[0]
    typ = rng.choice(OBJEKTTYPEN[art])
    if art in RESIDENTIAL:
        use = rng.choices(("wohnen", "anlage", "waz"), weights=(88, 9, 3))[0]
    elif art == "zinshaus_renditeobjekt":
        use = "anlage"
    elif art in ("grundstueck", "parken"):
        use = rng.choice(("wohnen", "gewerbe"))
    else:
        use = "gewerbe"
    marketing = (rng.choice(("pacht", "erbpacht")) if art == "land_und_forstwirtschaft"
                 else "kauf" if art == "zinshaus_renditeobjekt" else rng.choices(("kauf", "miete"), weights=(55, 45))[0])
    return art, typ, use, marketing


def _estate(rng: random.Random, demo: Demo, estate_id: int, *, site, base: bool) -> dict:
    place = site[0] if site else weighted_place(rng)
    art, (typ_key, typ_de, typ_en), use, marketing = _kind(rng, unit=site is not None, base=base)
    residential = art in RESIDENTIAL
    status = rng.choices(("1", "2", "0"), weights=(75, 10, 15))[0]
    created = before(rng, 1800)
    changed = min(created + timedelta(days=rng.randrange((SNAPSHOT - created).days + 1), hours=rng.randrange(8)),
                  SNAPSHOT)
    agent = rng.choice(AGENTS)
    area = {"wohnung": rng.randrange(28, 170), "haus": rng.randrange(85, 290), "zimmer": rng.randrange(12, 30),
            "parken": rng.randrange(12, 30), "zinshaus_renditeobjekt": rng.randrange(380, 1400)}.get(
        art, rng.randrange(60, 1200))
    rooms = max(1.0, round(area / 27 * 2) / 2) if residential else 0.0
    row = {
        "Id": estate_id, "objektnr_extern": f"{place.city[:2].upper()}-{estate_id:05d}", "status": status,
        "status2": STATUS2_FOR_STATUS[status], "benutzer": str(agent.id), "objektart": art, "objekttyp": typ_key,
        "nutzungsart": use, "vermarktungsart": marketing, "erstellt_am": day(created), "erstellt_von": agent.username,
        "geaendert_am": stamp(changed), "letzte_aktion": day(changed), "uuid": new_uuid(rng),
        "strasse": site[1] if site else rng.choice(STREETS),
        "hausnummer": site[2] if site else str(rng.randrange(1, 140)), "plz": place.plz, "ort": place.city,
        "regionaler_zusatz": [place.region], "bundesland": "Nordrhein-Westfalen", "land": "DEU",
        "breitengrad": round(place.lat + rng.uniform(-0.012, 0.012), 5),
        "laengengrad": round(place.lon + rng.uniform(-0.018, 0.018), 5),
        "ind_2140_Feld_objekte1": rng.choice(("indMulti2140Select1", "indMulti2140Select2", "indMulti2140Select3")),
        "waehrung": "EUR", "stammobjekt": int(base),
        "auftragsart": rng.choice(("exklusiv", "normal", "normal")),
    }
    published = status == "1" and rng.random() < 0.75
    sold = status == "0" and rng.random() < 0.8
    row.update({
        "veroeffentlichen": int(published), "verkauft": int(sold), "reserviert": int(status == "1" and rng.random() < 0.06),
        "exclusive": int(row["auftragsart"] == "exklusiv"), "top_angebot": int(rng.random() < 0.1),
        "preisreduktion": int(rng.random() < 0.08), "courtage_frei": int(rng.random() < 0.2),
        "showGoogleMap": int(rng.random() < 0.8), "referenz": int(sold and rng.random() < 0.5),
        "objekt_des_tages": int(published and rng.random() < 0.02), "neu": int((SNAPSHOT - created).days < 60),
        "objektadresse_freigeben": int(rng.random() < 0.6),
    })
    if sold:
        row["verkauft_am"] = day(changed)
    if rng.random() < 0.05:
        _virtual_address(rng, row, place)
    _prices(rng, row, place, art, marketing, area)
    if residential:
        _living(rng, row, art, area, rooms, marketing)
    else:
        _commercial(rng, row, art, area)
    if art not in BUILDINGS_WITHOUT_ROOMS:
        _building(rng, row)
    if rng.random() < 0.03:
        row["hinweis_rot"] = "Schlüssel nur nach Rücksprache mit dem Eigentümer."
    if rng.random() < 0.1:
        row["InterneBemerkung"] = rng.choice(("Eigentümer verhandlungsbereit.", "Exposé überarbeiten.", "Fotos fehlen."))
    highlight = rng.choice(tuple(HIGHLIGHTS))
    row.update(_texts(highlight, typ_de, art, place, rooms, area, marketing, german=True))
    if estate_id % 4 == 0:  # every fourth estate also has an English language version
        row["_lang"] = {"ENG": _texts(HIGHLIGHTS[highlight], typ_en, art, place, rooms, area, marketing, german=False)}
    _estate_relations(rng, demo, estate_id, agent.id, marketing, sold)
    return row


def _virtual_address(rng: random.Random, row: dict, place: Place) -> None:
    """An address shown instead of the real one (the WordPress plugin shows it when virtualAddress is set)."""
    row.update({"virtualAddress": 1, "virtualStreet": rng.choice(STREETS), "virtualHouseNumber": "",
                "virtualLatitude": round(place.lat, 5), "virtualLongitude": round(place.lon, 5)})


def _living(rng: random.Random, row: dict, art: str, area: int, rooms: float, marketing: str) -> None:
    flat = art == "wohnung"
    row.update({
        "wohnflaeche": float(area), "nutzflaeche": float(round(area * rng.uniform(1.05, 1.3))),
        "anzahl_zimmer": rooms, "anzahl_schlafzimmer": float(max(1, int(rooms) - 1)),
        "anzahl_badezimmer": float(1 + int(area > 120)), "anzahl_sep_wc": float(area > 100 and rng.random() < 0.6),
        "anzahl_balkone": float(rng.random() < 0.6), "anzahl_terrassen": float(art == "haus" and rng.random() < 0.7),
        "balkon": int(rng.random() < 0.6), "terrasse": int(art == "haus" and rng.random() < 0.7),
        "heizungsart": sorted(rng.sample(("zentral", "fussboden", "etage", "fern", "gas"), rng.randrange(1, 3))),
        "befeuerung": [rng.choice(("gas", "oel", "fern", "luftwp", "pellet", "erdwaerme"))],
        "bad": sorted(rng.sample(("dusche", "wanne", "fenster"), rng.randrange(1, 3))),
        "boden": sorted(rng.sample(("fliesen", "parkett", "laminat", "dielen", "teppichboden"), rng.randrange(1, 3))),
        "kueche": [rng.choice(("ebk", "offen", "pantry"))] if rng.random() < 0.6 else [],
        "einbaukueche": int(rng.random() < 0.6), "haustiere": rng.choice(("1", "0", "2", "")),
        "ausricht_balkon_terrasse": [rng.choice(("sued", "west", "suedwest", "ost"))] if rng.random() < 0.6 else [],
        "etage": rng.randrange(0, 6) if flat else 0,
        "etagen_zahl": float(rng.randrange(2, 7) if flat else rng.randrange(1, 3)),
        "fahrstuhl": ["personen"] if flat and rng.random() < 0.4 else [],
        "kabel_sat_tv": int(rng.random() < 0.7), "gaesteWc": int(area > 90 and rng.random() < 0.5),
        "abstellraum": int(rng.random() < 0.4), "fahrradraum": int(flat and rng.random() < 0.3),
        "rolladen": int(rng.random() < 0.5), "seniorengerecht": int(rng.random() < 0.08),
        "distanz_kindergarten": round(rng.uniform(0.2, 3), 1), "distanz_grundschule": round(rng.uniform(0.2, 3), 1),
        "distanz_zentrum": round(rng.uniform(0.3, 12), 1), "distanz_autobahn": round(rng.uniform(1, 15), 1),
    })
    if art == "haus":
        row.update({"wintergarten": int(rng.random() < 0.1), "einliegerwohnung": int(rng.random() < 0.08),
                    "dachboden": int(rng.random() < 0.5), "sauna": int(rng.random() < 0.04),
                    "gartenflaeche": float(rng.randrange(50, 800))})
    if marketing == "miete":
        row.update({"moebliert": rng.choice(("", "", "", "teil", "voll")), "wg_geeignet": int(rng.random() < 0.15)})


def _commercial(rng: random.Random, row: dict, art: str, area: int) -> None:
    row["nutzflaeche"] = float(area)
    extra = {"buero_praxen": ("bueroflaeche", "gesamtflaeche"), "einzelhandel": ("verkaufsflaeche", "ladenflaeche"),
             "gastgewerbe": ("gastroflaeche", "gesamtflaeche"), "hallen_lager_prod": ("lagerflaeche", "gesamtflaeche"),
             "zinshaus_renditeobjekt": ("vermietbare_flaeche", "gesamtflaeche")}.get(art, ("gesamtflaeche",))
    row.update({name: float(area) for name in extra})
    if art in ("buero_praxen", "einzelhandel", "hallen_lager_prod"):
        row["teilbar_ab"] = float(round(area / 3))
    if art == "gastgewerbe" and row["objekttyp"] in ("hotels", "pensionen"):
        row["anzahl_betten"] = float(rng.randrange(8, 60))
    if art == "zinshaus_renditeobjekt":
        units = max(3, area // 75)
        rent = round(area * rng.uniform(8, 12))
        row.update({"anzahl_wohneinheiten": float(units), "anzahl_gewerbeeinheiten": float(rng.randrange(0, 2)),
                    "mieteinnahmen_ist": float(rent), "mieteinnahmen_soll": float(round(rent * 1.08)),
                    "mieteinnahmen_pro_jahr_ist": float(rent * 12)})
        if row.get("kaufpreis"):
            row["x_fache"] = round(row["kaufpreis"] / (rent * 12), 1)
    if art == "parken":
        row["stellplatzart"] = [rng.choice(("garage", "tiefgarage", "carport", "freiplatz"))]
    if art in ("grundstueck", "land_und_forstwirtschaft"):
        row["grundstuecksflaeche"] = float(rng.randrange(180, 1600) if art == "grundstueck" else
                                           rng.randrange(5000, 60000))
    if art == "grundstueck":
        row.update({"erschliessung": rng.choice(("erschlossen", "teilerschlossen", "unerschlossen")),
                    "bebaubar_nach": rng.choice(("bebauungsplan", "nachbarbebauung", "aussengebiet")),
                    "bebaubar_mit": sorted(rng.sample(("einfamilienhaus", "doppelhaus", "reihenhaus"), 2)),
                    "grz": rng.choice(("0,3", "0,4")), "gfz": rng.choice(("0,6", "0,8", "1,2"))})


def _building(rng: random.Random, row: dict) -> None:
    built = rng.randrange(1890, 2026)
    row.update({
        "baujahr": built, "zustand": rng.choice(("erstbezug", "neuwertig", "modernisiert", "gepflegt", "saniert",
                                                 "renovierungsbeduerftig")),
        "alter": "neubau" if built >= 2018 else "altbau",
        "stellplatzart": row.get("stellplatzart") or sorted(rng.sample(("garage", "tiefgarage", "freiplatz", "carport"),
                                                                       rng.randrange(0, 2))),
        "anzahl_stellplaetze": float(rng.randrange(0, 3)), "unterkellert": rng.choice(("JA", "NEIN", "TEIL")),
        "dachform": rng.choice(("satteldach", "flachdach", "walmdach", "pultdach")),
        "bauweise": rng.choice(("massiv", "massiv", "fertigteile", "holz")),
        "ausstatt_kategorie": rng.choice(("EINFACH", "STANDARD", "STANDARD", "GEHOBEN", "LUXUS")),
        "barrierefrei": int(rng.random() < 0.15), "kamin": int(rng.random() < 0.15),
        "klimatisiert": int(rng.random() < 0.1), "denkmalgeschuetzt": int(built < 1920 and rng.random() < 0.3),
        "energieausweistyp": rng.choice(("Endenergiebedarf", "Energieverbrauchskennwert")),
        "energieausweis_gueltig_bis": f"{rng.randrange(2026, 2036)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        "energieausweisBaujahr": built, "energyClass": rng.choice(("A+", "A", "B", "C", "D", "E", "F", "G", "H")),
        "energietraeger": rng.choice(("gas", "oel", "fernwaerme", "luftwp", "pellet")),
    })
    row["jahr_letzte_modernisierung"] = rng.randrange(built, 2026) if rng.random() < 0.4 else 0
    key = "endenergiebedarf" if row["energieausweistyp"] == "Endenergiebedarf" else "energieverbrauchskennwert"
    row[key] = round(rng.uniform(25, 260), 1)


def _prices(rng: random.Random, row: dict, place: Place, art: str, marketing: str, area: int) -> None:
    per_m2 = CITY_PRICES.get(place.city, 2600) * rng.uniform(0.75, 1.35)
    if art == "parken":
        per_m2 = rng.uniform(700, 1500)
    if marketing == "kauf":
        price = round(per_m2 * area * (0.35 if art == "grundstueck" else 1) / 1000) * 1000
        row.update({"kaufpreis": float(price), "kaufpreis_pro_qm": round(price / area, 2),
                    "aussen_courtage": "3,57 % inkl. MwSt.", "innen_courtage": "3,57 % inkl. MwSt.",
                    "zzgl_mehrwertsteuer": "0", "hausgeld": float(round(area * 3.2)) if art == "wohnung" else 0.0,
                    "preisAufAnfrage": int(rng.random() < 0.04), "vermietet": int(rng.random() < 0.1)})
        if rng.random() < 0.3:
            row["stellplatzkaufpreis"] = float(rng.choice((15000, 20000, 25000)))
    elif marketing == "miete":
        cold = round(area * per_m2 / 300, 0)
        extra = round(area * 2.4)
        heating = round(area * 1.1)
        free = rng.random() < 0.8  # the one who orders the agent pays: most rentals are commission-free
        row.update({"kaltmiete": float(cold), "nettokaltmiete": float(cold), "nebenkosten": float(extra),
                    "heizkosten": float(heating), "warmmiete": float(cold + extra + heating),
                    "heizkosten_in_nebenkosten": rng.choice(("J", "N")), "warmwasserEnthalten": int(rng.random() < 0.5),
                    "kaution": rng.choice((f"{int(cold * 3)}", "3 Nettokaltmieten")),
                    "mietpreis_pro_qm": round(cold / area, 2), "provisionsfrei": int(free),
                    "aussen_courtage": "provisionsfrei" if free else "2 Nettokaltmieten zzgl. MwSt.",
                    "verfuegbar_ab": rng.choice(("sofort", "nach Vereinbarung", "01.09.", "01.10.")),
                    "abdatum": day(SNAPSHOT + timedelta(days=rng.randrange(0, 120)))})
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
    broker = demo.agent_addresses.get(agent_id)
    contacts = {broker} if broker else set()
    if rng.random() < 0.25:
        contacts.add(pick())  # a caretaker or a tenant who shows the flat
    if broker:
        demo.relations.append((CONTACT_PERSON, estate_id, broker))
    demo.relations.extend((CONTACT_PERSON_ALL, estate_id, a) for a in sorted(contacts))
