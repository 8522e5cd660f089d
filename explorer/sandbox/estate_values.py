"""Select values of the estate module: categories, status, regions, heating and fuel.

Keys are those of a real client's `fields` answer, so requests written for the real API run unchanged;
labels are written for this sandbox.
"""

from __future__ import annotations

from .catalog import REGIONS
from .fieldbase import vals

OBJEKTART = vals(
    ("zimmer", "Zimmer", "Room"), ("haus", "Haus", "House"), ("wohnung", "Wohnung", "Apartment"),
    ("grundstueck", "Grundstück", "Plot"), ("buero_praxen", "Büro/Praxen", "Office/Practice"),
    ("einzelhandel", "Laden/Einzelhandel", "Commercial / Retail"), ("gastgewerbe", "Gastgewerbe", "Hospitality industry"),
    ("hallen_lager_prod", "Hallen/Lager/Produktion", "Halls/Storage/Production"),
    ("land_und_forstwirtschaft", "Land/Forstwirtschaft", "Agriculture/Forestry"),
    ("freizeitimmbilien_gewerblich", "Freizeitimmobilie (gewerblich)", "Leisure property (commercial)"),
    ("zinshaus_renditeobjekt", "Zinshaus/Renditeobjekt", "Investment property"), ("parken", "Parken", "Parking"),
    ("sonstige", "Sonstige", "Other"), ("hausbau", "Hausbau", "House construction"),
)

# objektart -> [(objekttyp key, DEU, ENG)]; `objekttyp` reports each type's objektart as its dependency.
OBJEKTTYPEN: dict[str, list[tuple[str, str, str]]] = {
    "zimmer": [("zimmer", "Zimmer", "Room")],
    "haus": [
        ("bungalow", "Bungalow", "Bungalow"), ("reihenhaus", "Reihenhaus", "Terraced house"),
        ("reihenend", "Reihenend", "End-terrace house"), ("reihenmittel", "Reihenmittel", "Mid-terrace house"),
        ("reiheneck", "Reiheneck", "Corner terraced house"),
        ("doppelhaushaelfte", "Doppelhaushälfte", "Semi-detached house"),
        ("einfamilienhaus", "Einfamilienhaus", "Detached house"), ("stadthaus", "Stadthaus", "Town house"),
        ("villa", "Villa", "Villa"), ("bauernhaus", "Bauernhaus", "Farmhouse"), ("landhaus", "Landhaus", "Country house"),
        ("zweifamilienhaus", "Zweifamilienhaus", "Two-family house"), ("schloss", "Schloss", "Castle"),
        ("ferienhaus", "Ferienhaus", "Holiday home"), ("wohnanlage", "Wohnanlage", "Residential complex"),
    ],
    "wohnung": [
        ("dachgeschoss", "Dachgeschoss", "Attic flat"), ("maisonette", "Maisonette", "Maisonette"),
        ("loft-studio-atelier", "Loft/Studio/Atelier", "Loft/Studio"), ("penthouse", "Penthouse", "Penthouse"),
        ("terrassen", "Terrassenwohnung", "Terrace flat"), ("etage", "Etagenwohnung", "Flat"),
        ("erdgeschoss", "Erdgeschoss", "Ground floor flat"), ("hochparterre", "Hochparterre", "Mezzanine floor"),
        ("souterrain", "Souterrain", "Basement flat"), ("rohdachboden", "Rohdachboden", "Unfinished attic"),
    ],
    "grundstueck": [
        ("wohnen", "Wohnen", "Residential"), ("gewerbe", "Gewerbe", "Commercial"),
        ("land_forstwirtschaft", "Land/Forstwirtschaft", "Agriculture/Forestry"), ("gemischt", "Gemischt", "Mixed"),
        ("sondernutzung", "Sondernutzung", "Special use"),
    ],
    "buero_praxen": [
        ("bueroflaeche", "Bürofläche", "Office space"), ("buerohaus", "Bürohaus", "Office building"),
        ("bueroetage", "Büroetage", "Office floor"), ("praxis", "Praxis", "Practice"),
        ("praxisetage", "Praxisetage", "Practice floor"), ("praxishaus", "Praxishaus", "Practice building"),
    ],
    "einzelhandel": [
        ("ladenlokal", "Ladenlokal", "Shop"), ("verkaufssflaeche", "Verkaufsfläche", "Sales area"),
        ("kiosk", "Kiosk", "Kiosk"), ("einkaufszentrum", "Einkaufszentrum", "Shopping centre"),
    ],
    "gastgewerbe": [
        ("restaurant", "Restaurant", "Restaurant"), ("cafe", "Café", "Café"), ("pensionen", "Pension", "Guesthouse"),
        ("hotels", "Hotels", "Hotels"), ("gaststaette", "Gaststätte", "Inn"),
    ],
    "hallen_lager_prod": [
        ("lagerhalle", "Lagerhalle", "Warehouse"), ("lagerflaeche", "Lagerfläche", "Storage area"),
        ("produktion", "Produktion", "Production"), ("werkstatt", "Werkstatt", "Workshop"), ("halle", "Halle", "Hall"),
    ],
    "land_und_forstwirtschaft": [
        ("bauernhof", "Bauernhof", "Farm"), ("reiterhoefe", "Reiterhöfe", "Equestrian farm"),
        ("aussiedlerhof", "Aussiedlerhof", "Outlying farm"),
    ],
    "freizeitimmbilien_gewerblich": [("sportanlage", "Sportanlage", "Sports facility"),
                                     ("freizeitanlage", "Freizeitanlage", "Leisure facility")],
    "zinshaus_renditeobjekt": [
        ("mehrfamilienhaus", "Mehrfamilienhaus", "Apartment building"),
        ("wohn_und_geschaeftshaus", "Wohn- und Geschäftshaus", "Residential and commercial building"),
        ("geschaeftshaus", "Geschäftshaus", "Commercial building"), ("buerogebaeude", "Bürogebäude", "Office block"),
    ],
    "parken": [
        ("stellplatz", "Stellplatz", "Parking space"), ("carport", "Carport", "Carport"),
        ("einzelgarage", "Einzelgarage", "Single garage"), ("doppelgarage", "Doppelgarage", "Double garage"),
        ("tiefgaragenstellplatz", "Tiefgaragenstellplatz", "Underground parking space"),
    ],
    "sonstige": [
        ("parkhaus", "Parkhaus", "Car park"), ("tankstelle", "Tankstelle", "Petrol station"),
        ("sonstige", "Sonstige", "Other"),
    ],
    "hausbau": [
        ("hausbau_einfamilienhaus", "Einfamilienhaus", "Detached house"),
        ("hausbau_zweifamilienhaus", "Zweifamilienhaus", "Two-family house"),
        ("hausbau_bungalow", "Bungalow", "Bungalow"), ("hausbau_villa", "Villa", "Villa"),
    ],
}
OBJEKTTYP = vals(*(t for types in OBJEKTTYPEN.values() for t in types))
OBJEKTTYP_PARENT = {key: art for art, types in OBJEKTTYPEN.items() for key, _, _ in types}

NUTZUNGSART = vals(("wohnen", "Wohnen", "Residential"), ("gewerbe", "Gewerbe", "Commercial"),
                   ("anlage", "Anlage", "Investment"), ("waz", "WAZ (Wohnen auf Zeit)", "Temporary living"))
VERMARKTUNGSART = vals(("kauf", "Kauf", "Purchase"), ("miete", "Miete", "Rent"), ("pacht", "Pacht", "Lease"),
                       ("erbpacht", "Erbpacht", "Leasehold"))

STATUS_ESTATE = vals(("1", "Aktiv", "Active"), ("2", "Inaktiv", "Pending"), ("0", "Archiviert", "Archive"))
STATUS2_ESTATE = vals(("status2obj_aktiv", "Aktiv", "Active"), ("status2obj_inaktiv", "Inaktiv", "Inactive"),
                      ("status2obj_archiviert", "Archiviert", "Archived"))
STATUS2_FOR_STATUS = {"1": "status2obj_aktiv", "2": "status2obj_inaktiv", "0": "status2obj_archiviert"}

# Every region of the client (catalog.REGIONS) is a key of `regionaler_zusatz`. A client with the full
# region catalogue reports no permitted values for it (too many); the demo client's dozen are listed.
REGION_VALUES = vals(*((key, *region["name"]) for key, region in REGIONS.items()))

HEIZUNGSART = vals(
    ("ofen", "Ofenheizung", "Stove heating"), ("etage", "Etagenheizung", "Storey heating"),
    ("zentral", "Zentralheizung", "Central heating"), ("fern", "Fernwärme", "District heating"),
    ("fussboden", "Fußbodenheizung", "Underfloor heating"), ("gas", "Gasheizung", "Gas heating"),
    ("waermepumpe", "Wärmepumpe", "Heat pump"), ("block", "Blockheizkraftwerk", "Combined heat and power plant"),
    ("nachtspeicherheizung", "Nachtspeicherheizung", "Night storage heating"),
    ("zentral_oel", "Zentralheizung (Öl)", "Central heating (oil)"), ("electricHeating", "Elektroheizung", "Electric heating"),
    ("woodPelletHeating", "Holz-Pelletheizung", "Wood pellet heating"), ("solarHeating", "Solarheizung", "Solar heating"),
    ("keineAngabe", "Keine Angabe", "Not specified"),
)
BEFEUERUNG = vals(
    ("oel", "Öl", "Oil"), ("gas", "Gas"), ("elektro", "Elektro", "Electric"), ("alternativ", "Alternativ", "Alternative"),
    ("solar", "Solar"), ("erdwaerme", "Erdwärme", "Geothermal"), ("luftwp", "Luft/Wasser-Wärmepumpe", "Air/water heat pump"),
    ("fern", "Fernwärme", "District heating"), ("block", "Blockheizkraftwerk", "Combined heat and power plant"),
    ("pellet", "Pellet", "Pellets"), ("holz", "Holz", "Wood"), ("kohle", "Kohle", "Coal"),
    ("fluessiggas", "Flüssiggas", "Liquid gas"),
)
ENERGIETRAEGER = vals(*((k, *v) for k, v in BEFEUERUNG.items()), ("fernwaerme", "Fernwärme", "District heating"),
                      ("bioEnergy", "Bioenergie", "Bioenergy"), ("localHeating", "Nahwärme", "Local heating"))
