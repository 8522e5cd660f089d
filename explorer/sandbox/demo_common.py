"""What every generator of the demo data shares: the sizes, the snapshot moment, names, relation types.

The generators live in demo_addresses.py, demo_estates.py and demo.py (agents log, tasks, search criteria
and the order everything is generated in).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from explorer.onoffice.actions import RELATION_PREFIX

from .catalog import AGENTS, PLACES, Place

GENERATOR = 2  # bump when the generated data changes, so seed_demo knows an older seed is not current
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


def _rel(suffix: str) -> str:
    return RELATION_PREFIX + suffix


OWNER, BUYER, RENTER, INTERESTED = (_rel("estate:address:" + k) for k in ("owner", "buyer", "renter", "interested"))
# Contact persons of an estate: the looking-after agent's own address (`contactPerson`, brokers only), and
# with it every other contact such as a caretaker (`contactPersonAll`).
CONTACT_PERSON, CONTACT_PERSON_ALL = _rel("estate:address:contactPerson"), _rel("estate:address:contactPersonAll")
# Base property -> its units, under both documented names of the relation
# (https://apidoc.onoffice.de/actions/informationen-abfragen/relationen/).
UNITS = (_rel("complex:estate:units"), _rel("estate:estateUnit"))
OFFICER = _rel("estate:user:officer")
CONTACT = _rel("address:contact:address")  # a company (parent) and its contact persons (children)
USER_ADDRESS = _rel("user:address")  # an enterprise user and the address that stands for them
TASK_ADDRESS, TASK_ESTATE = _rel("task:address"), _rel("task:estate")
LOG_ADDRESS, LOG_ESTATE = _rel("agentsLog:address"), _rel("agentsLog:estate")
ADDRESS_CRITERIA = _rel("address:searchcriteria")


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

    @property
    def agent_addresses(self) -> dict[int, int]:
        """user id -> record id of the user's own address: the last addresses, one per agent."""
        first = self.addresses - len(AGENTS) + 1
        return {agent.id: first + n for n, agent in enumerate(AGENTS) if first + n >= 1}


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def before(rng: random.Random, days: int) -> datetime:
    """A moment within `days` days before the snapshot, at office hours."""
    moment = SNAPSHOT - timedelta(days=1 + rng.randrange(days))
    return moment.replace(hour=rng.randrange(8, 19), minute=rng.randrange(60), second=rng.randrange(60))


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def weighted_place(rng: random.Random) -> Place:
    return rng.choices(PLACES, weights=[p.weight for p in PLACES])[0]


def phone(rng: random.Random, area: str = "0241") -> str:
    return f"{area} {rng.randrange(100000, 9999999)}"


def ascii_name(text: str) -> str:
    return text.lower().translate(str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", " ": "-"}))


def compact(row: dict) -> dict:
    """The row without the values a missing field reads as anyway ("", 0, [], false), to keep records small."""
    return {k: v for k, v in row.items() if v not in ("", 0, [], None)}
