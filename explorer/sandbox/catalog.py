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
# key -> (name, description DEU/ENG, postal codes, state, parent key). Keys look like an enterprise client's:
# its own names or the openGeoDb ids the region catalogue ships with; every key is also a permitted value
# of the estate field `regionaler_zusatz` (estate_values.REGION_VALUES). Parents come before their children.
_NRW = "Nordrhein-Westfalen"
REGIONS: dict[str, dict] = {
    "StaedteregionAachen": {"name": ("Städteregion Aachen", "Aachen region"),
                            "description": ("Aachen und Umland", "Aachen and surroundings"),
                            "postalcodes": [], "state": _NRW, "parent": None},
    "openGeoDb_Region_122117": {"name": ("Aachen (Stadt)", "Aachen (city)"), "description": ("Die Stadt Aachen",
                                                                                        "The city of Aachen"),
                                "postalcodes": ["52062", "52064", "52066", "52068", "52070", "52072", "52074",
                                                "52076", "52078", "52080"], "state": _NRW,
                                "parent": "StaedteregionAachen"},
    "AachenInnenstadt": {"name": ("Aachen Innenstadt", "Aachen city centre"), "description": (None, None),
                         "postalcodes": ["52062", "52064"], "state": _NRW, "parent": "openGeoDb_Region_122117"},
    "AachenBurtscheid": {"name": ("Aachen Burtscheid", "Aachen Burtscheid"),
                         "description": ("Kurviertel im Süden Aachens", "Spa quarter in the south of Aachen"),
                         "postalcodes": ["52066"], "state": _NRW, "parent": "openGeoDb_Region_122117"},
    "AachenBrand": {"name": ("Aachen Brand", "Aachen Brand"), "description": (None, None),
                    "postalcodes": ["52078"], "state": _NRW, "parent": "openGeoDb_Region_122117"},
    "AachenLaurensberg": {"name": ("Aachen Laurensberg", "Aachen Laurensberg"), "description": (None, None),
                          "postalcodes": ["52072"], "state": _NRW, "parent": "openGeoDb_Region_122117"},
    "openGeoDb_Region_14352": {"name": ("Städteregion Umland", "Aachen surroundings"), "description": (None, None),
                               "postalcodes": ["52134", "52146", "52152", "52156", "52222", "52249"], "state": _NRW,
                               "parent": "StaedteregionAachen"},
    "KoelnStadt": {"name": ("Köln (Stadt)", "Cologne (city)"), "description": ("Köln und Umgebung",
                                                                              "Cologne and surroundings"),
                   "postalcodes": [], "state": _NRW, "parent": None},
    "KoelnInnenstadt": {"name": ("Köln Innenstadt", "Cologne city centre"), "description": (None, None),
                        "postalcodes": ["50667", "50672"], "state": _NRW, "parent": "KoelnStadt"},
    "KoelnEhrenfeld": {"name": ("Köln Ehrenfeld", "Cologne Ehrenfeld"),
                       "description": ("Szeneviertel im Westen", "Lively quarter in the west"),
                       "postalcodes": ["50823"], "state": _NRW, "parent": "KoelnStadt"},
    "KoelnNippes": {"name": ("Köln Nippes", "Cologne Nippes"),
                    "description": ("Stadtbezirk 5 von Köln", "District 5 of Cologne"),
                    "postalcodes": ["50733"], "state": _NRW, "parent": "KoelnStadt"},
    "openGeoDb_Region_402": {"name": ("Rheinland sonstige", "Other Rhineland"), "description": (None, None),
                             "postalcodes": [], "state": _NRW, "parent": None},
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
    Place("Aachen", "Innenstadt", "52062", 50.7753, 6.0839, "AachenInnenstadt", 8),
    Place("Aachen", "Frankenberger Viertel", "52064", 50.7700, 6.0950, "AachenInnenstadt", 6),
    Place("Aachen", "Burtscheid", "52066", 50.7610, 6.1000, "AachenBurtscheid", 6),
    Place("Aachen", "Rothe Erde", "52068", 50.7740, 6.1180, "AachenInnenstadt", 4),
    Place("Aachen", "Soers", "52070", 50.7890, 6.0950, "AachenInnenstadt", 3),
    Place("Aachen", "Laurensberg", "52072", 50.7950, 6.0600, "AachenLaurensberg", 4),
    Place("Aachen", "Vaalserquartier", "52074", 50.7700, 6.0400, "AachenInnenstadt", 4),
    Place("Aachen", "Kornelimünster", "52076", 50.7300, 6.1800, "AachenBrand", 3),
    Place("Aachen", "Brand", "52078", 50.7480, 6.1650, "AachenBrand", 4),
    Place("Aachen", "Eilendorf", "52080", 50.7780, 6.1630, "AachenBrand", 3),
    Place("Herzogenrath", "Kohlscheid", "52134", 50.8700, 6.1000, "openGeoDb_Region_14352", 2),
    Place("Würselen", "Zentrum", "52146", 50.8180, 6.1290, "openGeoDb_Region_14352", 3),
    Place("Simmerath", "Zentrum", "52152", 50.6050, 6.3000, "openGeoDb_Region_14352", 1),
    Place("Monschau", "Altstadt", "52156", 50.5550, 6.2400, "openGeoDb_Region_14352", 1),
    Place("Stolberg", "Zentrum", "52222", 50.7700, 6.2270, "openGeoDb_Region_14352", 2),
    Place("Eschweiler", "Zentrum", "52249", 50.8170, 6.2630, "openGeoDb_Region_14352", 2),
    Place("Düren", "Zentrum", "52349", 50.8040, 6.4930, "openGeoDb_Region_402", 2),
    Place("Jülich", "Zentrum", "52428", 50.9220, 6.3580, "openGeoDb_Region_402", 1),
    Place("Köln", "Altstadt-Nord", "50667", 50.9400, 6.9570, "KoelnInnenstadt", 5),
    Place("Köln", "Neustadt-Nord", "50672", 50.9440, 6.9400, "KoelnInnenstadt", 4),
    Place("Köln", "Nippes", "50733", 50.9600, 6.9500, "KoelnNippes", 3),
    Place("Köln", "Ehrenfeld", "50823", 50.9500, 6.9170, "KoelnEhrenfeld", 4),
    Place("Köln", "Sülz", "50937", 50.9200, 6.9200, "openGeoDb_Region_402", 3),
    Place("Bonn", "Zentrum", "53111", 50.7370, 7.0980, "openGeoDb_Region_402", 3),
    Place("Düsseldorf", "Stadtmitte", "40210", 51.2220, 6.7900, "openGeoDb_Region_402", 3),
    Place("Mönchengladbach", "Zentrum", "41061", 51.1950, 6.4400, "openGeoDb_Region_402", 2),
)
