"""Static reference data of the demo client: users, groups, regions, basic settings and saved filters.

These are part of the enterprise configuration, not of the records, so they live in code and
`seed_demo --reset` leaves them alone. Shapes follow the vendor's examples linked at each block.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    id: int
    username: str
    firstname: str
    lastname: str
    group_id: int

    @property
    def email(self) -> str:
        return f"{self.username}@sandbox-immobilien.example"

    @property
    def full_name(self) -> str:
        return f"{self.firstname} {self.lastname}"


GROUPS = {1: "Vertrieb Aachen", 2: "Vermietung Köln", 3: "Verwaltung"}

USERS: tuple[User, ...] = (
    User(1, "mschmitz", "Marie", "Schmitz", 1),
    User(2, "tbecker", "Thomas", "Becker", 1),
    User(3, "akrueger", "Anna", "Krüger", 1),
    User(4, "jhoffmann", "Jonas", "Hoffmann", 2),
    User(5, "lweber", "Laura", "Weber", 2),
    User(6, "fmeyer", "Felix", "Meyer", 3),
    # The enterprise user behind every sandbox API user (real API users are enterprise users too).
    User(99, "api", "API", "Benutzer", 3),
)
AGENTS = USERS[:5]  # users who look after estates and addresses in the demo data
API_ACCOUNT = USERS[-1]
USERS_BY_ID = {u.id: u for u in USERS}
USERS_BY_NAME = {u.username: u for u in USERS}

# Regions (https://apidoc.onoffice.de/actions/informationen-abfragen/regionen/):
# key -> (name, description DEU/ENG, postal codes, state, children keys).
# Keys match fieldconfig.REGION_VALUES; parents are listed before their children.
REGIONS: dict[str, dict] = {
    "Verkaufsgebiet A": {"name": ("Verkaufsgebiet Aachen", "Sales area Aachen"),
                         "description": ("Aachen und Städteregion", "Aachen and surroundings"),
                         "postalcodes": [["52062", "52080"]], "state": "Nordrhein-Westfalen", "parent": None},
    "indMulti1274Select5430": {"name": ("Aachen Innenstadt", "Aachen city centre"), "description": (None, None),
                               "postalcodes": ["52062", "52064"], "state": "Nordrhein-Westfalen",
                               "parent": "Verkaufsgebiet A"},
    "indMulti1274Select5431": {"name": ("Aachen Burtscheid", "Aachen Burtscheid"),
                               "description": ("Kurviertel im Süden Aachens", "Spa quarter in the south of Aachen"),
                               "postalcodes": ["52066"], "state": "Nordrhein-Westfalen", "parent": "Verkaufsgebiet A"},
    "indMulti1274Select5432": {"name": ("Aachen Brand", "Aachen Brand"), "description": (None, None),
                               "postalcodes": ["52078"], "state": "Nordrhein-Westfalen", "parent": "Verkaufsgebiet A"},
    "indMulti1274Select5433": {"name": ("Aachen Laurensberg", "Aachen Laurensberg"), "description": (None, None),
                               "postalcodes": ["52072"], "state": "Nordrhein-Westfalen", "parent": "Verkaufsgebiet A"},
    "indMulti1274Select5450": {"name": ("Städteregion Umland", "Aachen region"), "description": (None, None),
                               "postalcodes": [["52134", "52249"]], "state": "Nordrhein-Westfalen",
                               "parent": "Verkaufsgebiet A"},
    "Verkaufsgebiet K": {"name": ("Verkaufsgebiet Köln", "Sales area Cologne"),
                         "description": ("Köln und Umgebung", "Cologne and surroundings"),
                         "postalcodes": [["50667", "51149"]], "state": "Nordrhein-Westfalen", "parent": None},
    "indMulti1274Select5440": {"name": ("Köln Innenstadt", "Cologne city centre"), "description": (None, None),
                               "postalcodes": ["50667", "50672"], "state": "Nordrhein-Westfalen",
                               "parent": "Verkaufsgebiet K"},
    "indMulti1274Select5441": {"name": ("Köln Ehrenfeld", "Cologne Ehrenfeld"),
                               "description": ("Szeneviertel im Westen", "Lively quarter in the west"),
                               "postalcodes": ["50823"], "state": "Nordrhein-Westfalen", "parent": "Verkaufsgebiet K"},
    "indMulti1274Select5442": {"name": ("Köln Nippes", "Cologne Nippes"),
                               "description": ("Stadtbezirk 5 von Köln", "District 5 of Cologne"),
                               "postalcodes": ["50733"], "state": "Nordrhein-Westfalen", "parent": "Verkaufsgebiet K"},
    "indMulti1274Select5460": {"name": ("Rheinland sonstige", "Other Rhineland"), "description": (None, None),
                               "postalcodes": [["40210", "53359"]], "state": "Nordrhein-Westfalen", "parent": None},
}

# Basic settings (https://apidoc.onoffice.de/actions/datensatz-lesen/read-basic-settings/): category -> key -> value.
BASIC_SETTINGS = {
    "characteristicsCi": {
        "logo": "", "color": "1f4e79", "color2": "f2a900", "textcolorMail": "333333",
        "claim": "Ihr Zuhause im Rheinland", "systemUiColor": "1f4e79", "moduleIconUiColor": "ffffff",
        "moduleIconShadeUiType": "hell", "warningNoticeUiColor": "ff7f50", "showLogoInQuickbar": False,
        "spotColor": "1a4268",
    },
    "team": {"about": "Sandbox Immobilien GmbH: seit 1998 Ihr Makler in Aachen und Köln."},
    "permissions": {"/onOfficeApp/timetracking/enabled": True},
}

# Saved enterprise filters (https://apidoc.onoffice.de/actions/informationen-abfragen/filter/):
# id -> (module, name, scope, filter expression).
SAVED_FILTERS: dict[int, tuple[str, str, str, dict]] = {
    101: ("estate", "Aktive Kaufobjekte", "public",
          {"status": [{"op": "=", "val": 1}], "vermarktungsart": [{"op": "=", "val": "kauf"}]}),
    102: ("estate", "Aktive Mietobjekte", "public",
          {"status": [{"op": "=", "val": 1}], "vermarktungsart": [{"op": "=", "val": "miete"}]}),
    103: ("estate", "Auf der Homepage", "office", {"veroeffentlichen": [{"op": "=", "val": 1}]}),
    201: ("address", "Aktive Interessenten", "public",
          {"Status": [{"op": "=", "val": 1}], "ArtDaten": [{"op": "=", "val": "Interessent"}]}),
    202: ("address", "Newsletter-Empfänger", "private", {"newsletter_aktiv": [{"op": "=", "val": 1}]}),
}

PICTURE_CATEGORIES = ("Titelbild", "Foto", "Foto_gross", "Grundriss", "Lageplan", "Epass_Skala", "Panorama",
                      "Link", "Film-Link", "Ogulo-Link", "Objekt-Link", "Expose")


@dataclass(frozen=True)
class Place:
    city: str
    district: str
    plz: str
    lat: float
    lon: float
    region: str  # key of REGIONS
    weight: int  # how many demo records land here, relatively


# Where the demo records are: Aachen and the Rhineland (coordinates approximate district centres).
PLACES: tuple[Place, ...] = (
    Place("Aachen", "Innenstadt", "52062", 50.7753, 6.0839, "indMulti1274Select5430", 8),
    Place("Aachen", "Frankenberger Viertel", "52064", 50.7700, 6.0950, "indMulti1274Select5430", 6),
    Place("Aachen", "Burtscheid", "52066", 50.7610, 6.1000, "indMulti1274Select5431", 6),
    Place("Aachen", "Rothe Erde", "52068", 50.7740, 6.1180, "indMulti1274Select5430", 4),
    Place("Aachen", "Soers", "52070", 50.7890, 6.0950, "indMulti1274Select5430", 3),
    Place("Aachen", "Laurensberg", "52072", 50.7950, 6.0600, "indMulti1274Select5433", 4),
    Place("Aachen", "Vaalserquartier", "52074", 50.7700, 6.0400, "indMulti1274Select5430", 4),
    Place("Aachen", "Kornelimünster", "52076", 50.7300, 6.1800, "indMulti1274Select5432", 3),
    Place("Aachen", "Brand", "52078", 50.7480, 6.1650, "indMulti1274Select5432", 4),
    Place("Aachen", "Eilendorf", "52080", 50.7780, 6.1630, "indMulti1274Select5432", 3),
    Place("Herzogenrath", "Kohlscheid", "52134", 50.8700, 6.1000, "indMulti1274Select5450", 2),
    Place("Würselen", "Zentrum", "52146", 50.8180, 6.1290, "indMulti1274Select5450", 3),
    Place("Simmerath", "Zentrum", "52152", 50.6050, 6.3000, "indMulti1274Select5450", 1),
    Place("Monschau", "Altstadt", "52156", 50.5550, 6.2400, "indMulti1274Select5450", 1),
    Place("Stolberg", "Zentrum", "52222", 50.7700, 6.2270, "indMulti1274Select5450", 2),
    Place("Eschweiler", "Zentrum", "52249", 50.8170, 6.2630, "indMulti1274Select5450", 2),
    Place("Düren", "Zentrum", "52349", 50.8040, 6.4930, "indMulti1274Select5460", 2),
    Place("Jülich", "Zentrum", "52428", 50.9220, 6.3580, "indMulti1274Select5460", 1),
    Place("Köln", "Altstadt-Nord", "50667", 50.9400, 6.9570, "indMulti1274Select5440", 5),
    Place("Köln", "Neustadt-Nord", "50672", 50.9440, 6.9400, "indMulti1274Select5440", 4),
    Place("Köln", "Nippes", "50733", 50.9600, 6.9500, "indMulti1274Select5442", 3),
    Place("Köln", "Ehrenfeld", "50823", 50.9500, 6.9170, "indMulti1274Select5441", 4),
    Place("Köln", "Sülz", "50937", 50.9200, 6.9200, "indMulti1274Select5460", 3),
    Place("Bonn", "Zentrum", "53111", 50.7370, 7.0980, "indMulti1274Select5460", 3),
    Place("Düsseldorf", "Stadtmitte", "40210", 51.2220, 6.7900, "indMulti1274Select5460", 3),
    Place("Mönchengladbach", "Zentrum", "41061", 51.1950, 6.4400, "indMulti1274Select5460", 2),
)
