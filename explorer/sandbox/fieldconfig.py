"""The sandbox's field configuration: what `fields` get reports and what reads and writes validate against.

Field names, types, select keys and the shape of filters/dependencies follow real `fields` responses: the
vendor's example (https://apidoc.onoffice.de/actions/informationen-abfragen/feldkonfiguration/), the stubs of
github.com/innobraingmbh/onoffice-structure (tests/Stubs/FieldsResponse*.json) and the fixtures of
onOffice's WordPress plugin (github.com/onOffice-Web-Org/oo-wp-plugin, tests/resources/). Every select
carries DEU and ENG labels. Types cover every documented one: varchar, text, integer, float, boolean, date,
datetime, singleselect, multiselect, blob, freetext, and with `realDataTypes` also user, datei, redhint,
blackhint, dividingline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

Labels = tuple[str, str]  # (DEU, ENG)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: Labels
    length: int | None = None
    values: MappingProxyType | None = None  # select key -> (DEU, ENG)
    default: str | None = None
    filters: dict | None = None  # criterion -> allowed keys (`showfieldfilters`)
    dependencies: dict | None = None  # select key -> parent key (`showfielddependencies`)
    compound: tuple[str, ...] = ()
    measure: str | None = None
    table: str = ""
    content: Labels | None = None
    real_type: str | None = None  # reported instead of `type` with realDataTypes
    decimals: int = 2
    readonly: bool = False  # system field: set by the server, refused in create/modify
    filterable: bool = True
    active: bool = True  # inactive fields exist only for showOnlyInactive; reads refuse them
    translatable: bool = False  # estate free texts that differ per estate language
    idlist: bool = False  # returned as a JSON array of id strings (agents log Objekt_nr, Adress_nr)

    @property
    def is_numeric(self) -> bool:
        return self.type in ("integer", "float", "boolean")

    def label_in(self, language: str) -> str:
        return self.label[1] if language == "ENG" else self.label[0]

    def value_label(self, key: str, language: str) -> str | None:
        labels = self.values.get(key) if self.values else None
        if labels is None:
            return None
        return labels[1] if language == "ENG" else labels[0]


def _vals(*pairs) -> MappingProxyType:
    """Select values from (key, DEU, ENG) triples, or (key, label) when both languages agree."""
    out = {}
    for item in pairs:
        key, de, en = item if len(item) == 3 else (item[0], item[1], item[1])
        out[key] = (de, en)
    return MappingProxyType(out)


# The measure format every field of these types reports (`showFieldMeasureFormat`).
_TYPE_MEASURES = {"boolean": "DATA_TYPE_BOOLEAN", "date": "DATA_TYPE_DATE", "datetime": "DATA_TYPE_DATETIME"}


def _f(name, type_, de, en=None, **kw) -> Field:
    if type_ == "varchar":
        kw.setdefault("length", 80)
    if type_ in _TYPE_MEASURES:
        kw.setdefault("measure", _TYPE_MEASURES[type_])
    return Field(name=name, type=type_, label=(de, en or de), **kw)


def _section(table: str, content: Labels, *fields: Field) -> list[Field]:
    return [replace(f, table=table, content=content) for f in fields]


# --- shared select lists -----------------------------------------------------------------------

COUNTRIES = {
    # ISO3: (DEU name, ENG name, ISO2)
    "DEU": ("Deutschland", "Germany", "DE"),
    "AUT": ("Österreich", "Austria", "AT"),
    "CHE": ("Schweiz", "Switzerland", "CH"),
    "NLD": ("Niederlande", "Netherlands", "NL"),
    "BEL": ("Belgien", "Belgium", "BE"),
    "LUX": ("Luxemburg", "Luxembourg", "LU"),
    "FRA": ("Frankreich", "France", "FR"),
    "ITA": ("Italien", "Italy", "IT"),
    "ESP": ("Spanien", "Spain", "ES"),
    "POL": ("Polen", "Poland", "PL"),
    "DNK": ("Dänemark", "Denmark", "DK"),
    "GBR": ("Großbritannien", "United Kingdom", "GB"),
    "USA": ("Vereinigte Staaten", "United States", "US"),
}
COUNTRY_VALUES = _vals(*((k, de, en) for k, (de, en, _) in COUNTRIES.items()))

OBJEKTART = _vals(
    ("zimmer", "Zimmer", "Room"), ("haus", "Haus", "House"), ("wohnung", "Wohnung", "Apartment"),
    ("grundstueck", "Grundstück", "Plot"), ("buero_praxen", "Büro/Praxen", "Office/Practice"),
    ("einzelhandel", "Laden/Einzelhandel", "Commercial / Retail"), ("gastgewerbe", "Gastgewerbe", "Hospitality industry"),
    ("hallen_lager_prod", "Hallen/Lager/Produktion", "Halls/Storage/Production"),
    ("land_und_forstwirtschaft", "Land/Forstwirtschaft", "Agriculture/Forestry"),
    ("freizeitimmbilien_gewerblich", "Freizeitimmobilie (gewerblich)", "Leisure property (commercial)"),
    ("sonstige", "Sonstige", "Other"),
)

# objektart -> [(objekttyp key, DEU, ENG)] (the WordPress plugin's ApiResponseGetEstateCategories.json, trimmed)
OBJEKTTYPEN: dict[str, list[tuple[str, str, str]]] = {
    "zimmer": [("zimmer", "Zimmer", "Room")],
    "haus": [
        ("bungalow", "Bungalow", "Bungalow"), ("reihenhaus", "Reihenhaus", "Terraced house"),
        ("reihenend", "Reihenend", "End-terrace house"), ("reihenmittel", "Reihenmittel", "Mid-terrace house"),
        ("doppelhaushaelfte", "Doppelhaushälfte", "Semi-detached house"),
        ("einfamilienhaus", "Einfamilienhaus", "Detached house"), ("stadthaus", "Stadthaus", "Town house"),
        ("villa", "Villa", "Villa"), ("bauernhaus", "Bauernhaus", "Farmhouse"),
        ("zweifamilienhaus", "Zweifamilienhaus", "Two-family house"),
        ("mehrfamilienhaus", "Mehrfamilienhaus", "Apartment building"),
    ],
    "wohnung": [
        ("dachgeschoss", "Dachgeschoss", "Attic flat"), ("maisonette", "Maisonette", "Maisonette"),
        ("loft-studio-atelier", "Loft/Studio/Atelier", "Loft/Studio"), ("penthouse", "Penthouse", "Penthouse"),
        ("etage", "Etagenwohnung", "Flat"), ("erdgeschoss", "Erdgeschoss", "Ground floor flat"),
        ("hochparterre", "Hochparterre", "Mezzanine floor"), ("souterrain", "Souterrain", "Basement flat"),
    ],
    "grundstueck": [
        ("wohnen", "Wohnen", "Residential"), ("gewerbe", "Gewerbe", "Commercial"),
        ("land_forstwirtschaft", "Land/Forstwirtschaft", "Agriculture/Forestry"), ("gemischt", "Gemischt", "Mixed"),
    ],
    "buero_praxen": [
        ("bueroflaeche", "Bürofläche", "Office space"), ("buerohaus", "Bürohaus", "Office building"),
        ("praxis", "Praxis", "Practice"), ("praxisetage", "Praxisetage", "Practice floor"),
    ],
    "einzelhandel": [
        ("ladenlokal", "Ladenlokal", "Shop"), ("verkaufsflaeche", "Verkaufsfläche", "Sales area"),
        ("kiosk", "Kiosk", "Kiosk"),
    ],
    "gastgewerbe": [
        ("restaurant", "Restaurant", "Restaurant"), ("cafe", "Café", "Café"), ("pensionen", "Pension", "Guesthouse"),
        ("hotels", "Hotels", "Hotels"),
    ],
    "hallen_lager_prod": [
        ("lagerhalle", "Lagerhalle", "Warehouse"), ("produktion", "Produktion", "Production"),
        ("werkstatt", "Werkstatt", "Workshop"),
    ],
    "land_und_forstwirtschaft": [
        ("bauernhof", "Bauernhof", "Farm"), ("reiterhoefe", "Reiterhöfe", "Equestrian farm"),
    ],
    "freizeitimmbilien_gewerblich": [("sportanlage", "Sportanlage", "Sports facility")],
    "sonstige": [
        ("parkhaus", "Parkhaus", "Car park"), ("tankstelle", "Tankstelle", "Petrol station"),
        ("stellplatz", "Stellplatz", "Parking space"), ("carport", "Carport", "Carport"),
    ],
}
OBJEKTTYP = _vals(*(t for types in OBJEKTTYPEN.values() for t in types))
OBJEKTTYP_PARENT = {key: art for art, types in OBJEKTTYPEN.items() for key, _, _ in types}

NUTZUNGSART = _vals(("wohnen", "Wohnen", "Residential"), ("gewerbe", "Gewerbe", "Commercial"),
                    ("anlage", "Anlage", "Investment"), ("waz", "WAZ (Wohnen auf Zeit)", "Temporary living"))
VERMARKTUNGSART = _vals(("kauf", "Kauf", "Purchase"), ("miete", "Miete", "Rent"), ("pacht", "Pacht", "Lease"),
                        ("erbpacht", "Erbpacht", "Leasehold"))

HERKUNFT_KONTAKT = _vals(
    ("Immobilienportal", "Immobilienportal", "Real estate portal"), ("eigene-Homepage", "Eigene Homepage", "Own homepage"),
    ("Empfehlung", "Empfehlung", "Recommendation"), ("Zeitungsanzeige", "Zeitungsanzeige", "Newspaper ad"),
    ("Bauschild", "Bauschild", "Construction sign"), ("Newsletter", "Newsletter", "Newsletter"),
    ("immobilienscout24_system", "ImmobilienScout24", "ImmobilienScout24"), ("Tippgeber", "Tippgeber", "Tipster"),
    ("Werbung", "Werbung", "Advertising"), ("Kunde-hat-angerufen", "Kunde hat angerufen", "Customer called"),
    ("Suchmaschine", "Suchmaschine", "Search engine"), ("Sonstiges", "Sonstiges", "Miscellaneous"),
)

STATUS_ESTATE = _vals(("1", "Aktiv", "Active"), ("2", "Inaktiv", "Pending"), ("0", "Archiviert", "Archive"))
STATUS2_ESTATE = _vals(("status2obj_aktiv", "Aktiv", "Active"), ("status2obj_inaktiv", "Inaktiv", "Inactive"),
                       ("status2obj_archiviert", "Archiviert", "Archived"))
STATUS2_FOR_STATUS = {"1": "status2obj_aktiv", "2": "status2obj_inaktiv", "0": "status2obj_archiviert"}

# Region keys are opaque ids, as in enterprise (https://apidoc.onoffice.de/actions/informationen-abfragen/regionen/);
# the tree lives in catalog.REGIONS.
REGION_VALUES = _vals(
    ("indMulti1274Select5430", "Aachen Innenstadt", "Aachen city centre"),
    ("indMulti1274Select5431", "Aachen Burtscheid", "Aachen Burtscheid"),
    ("indMulti1274Select5432", "Aachen Brand", "Aachen Brand"),
    ("indMulti1274Select5433", "Aachen Laurensberg", "Aachen Laurensberg"),
    ("indMulti1274Select5440", "Köln Innenstadt", "Cologne city centre"),
    ("indMulti1274Select5441", "Köln Ehrenfeld", "Cologne Ehrenfeld"),
    ("indMulti1274Select5442", "Köln Nippes", "Cologne Nippes"),
    ("indMulti1274Select5450", "Städteregion Umland", "Aachen region"),
    ("indMulti1274Select5460", "Rheinland sonstige", "Other Rhineland"),
)

# --- estate ----------------------------------------------------------------------------------

_KAUF = {"vermarktungsarten": ["kauf"]}
_MIETE = {"vermarktungsarten": ["miete"]}
_WOHNEN = {"nutzungsarten": ["wohnen", "waz"]}
_MONEY = "DATA_TYPE_MONETARY"
_AREA = "DATA_TYPE_AREA"

ESTATE_FIELDS: list[Field] = [
    *_section("verwaltung", ("Verwaltung", "Administration"),
        _f("Id", "integer", "Datensatznummer", "Record number", readonly=True, measure="DATA_TYPE_NUMERIC"),
        _f("objektnr_extern", "varchar", "ImmoNr", "Property no.", length=50),
        _f("status", "singleselect", "Status", "Status", values=STATUS_ESTATE, default="1"),
        _f("status2", "singleselect", "Status 2", "Status 2", values=STATUS2_ESTATE, default="status2obj_aktiv"),
        _f("benutzer", "text", "Betreuer", "Support", real_type="user", measure="DATA_TYPE_USER"),
        _f("erstellt_am", "datetime", "Erstellt am", "Created on", readonly=True),
        _f("erstellt_von", "varchar", "Erstellt von", "Created by", readonly=True),
        _f("geaendert_am", "datetime", "Geändert am", "Modified on", readonly=True),
        _f("uuid", "varchar", "UUID", "UUID", length=36, readonly=True),
        _f("stammobjekt", "boolean", "Stammobjekt", "Base property"),
        _f("sperrvermerk", "varchar", "Sperrvermerk", "Blocking note", length=100),
        _f("verfuegbar_ab", "varchar", "Verfügbar ab (Text)", "Available from (text)", length=20),
        _f("abdatum", "date", "Verfügbar ab", "Available from"),
        _f("bisdatum", "date", "Verfügbar bis", "Available until"),
        _f("vermietet", "boolean", "Vermietet", "Let"),
    ),
    *_section("objektkategorie", ("Objektkategorie", "Property category"),
        _f("objektart", "singleselect", "Objektart", "Type of property", values=OBJEKTART),
        _f("objekttyp", "singleselect", "Objekttyp", "Property type", values=OBJEKTTYP,
           dependencies=OBJEKTTYP_PARENT),
        _f("nutzungsart", "singleselect", "Nutzungsart", "Type of use", values=NUTZUNGSART),
        _f("vermarktungsart", "singleselect", "Vermarktungsart", "Marketing type", values=VERMARKTUNGSART),
        _f("ind_2140_Feld_objekte1", "singleselect", "Lagequalität", "Location quality", values=_vals(
            ("indMulti2140Select1", "Einfache Lage", "Simple location"),
            ("indMulti2140Select2", "Gute Lage", "Good location"),
            ("indMulti2140Select3", "Sehr gute Lage", "Very good location"))),
    ),
    *_section("vermarktung", ("Vermarktung", "Marketing"),
        _f("veroeffentlichen", "boolean", "Veröffentlichen", "Publish"),
        _f("exclusive", "boolean", "Exklusiv", "Exclusive"),
        _f("top_angebot", "boolean", "Top-Angebot", "Top offer"),
        _f("preisreduktion", "boolean", "Preisreduktion", "Price reduction"),
        _f("courtage_frei", "boolean", "Provisionsfrei", "Brokerage free"),
        _f("showGoogleMap", "boolean", "Auf Karte anzeigen", "Show on map"),
        _f("referenz", "boolean", "Referenz", "Reference"),
        _f("objekt_des_tages", "boolean", "Objekt des Tages", "Property of the day"),
        _f("neu", "boolean", "Neu", "New"),
        _f("verkauft", "boolean", "Verkauft/Vermietet", "Sold/Rented"),
        _f("reserviert", "boolean", "Reserviert", "Reserved"),
        _f("objektadresse_freigeben", "boolean", "Objektadresse freigeben", "Release property address"),
    ),
    *_section("geo", ("Geografische Angaben", "Geographic information"),
        _f("strasse", "varchar", "Straße", "Street"),
        _f("hausnummer", "varchar", "Hausnummer", "House number", length=10),
        _f("plz", "varchar", "PLZ", "ZIP code", length=10),
        _f("ort", "varchar", "Ort", "City"),
        _f("regionaler_zusatz", "singleselect", "Regionaler Zusatz", "Regional addition", values=REGION_VALUES),
        _f("bundesland", "varchar", "Bundesland", "Federal state", length=50),
        _f("land", "singleselect", "Land", "Country", values=COUNTRY_VALUES, default="DEU"),
        _f("breitengrad", "float", "Breitengrad", "Latitude", decimals=5),
        _f("laengengrad", "float", "Längengrad", "Longitude", decimals=5),
        _f("virtualAddress", "boolean", "Virtuelle Adresse", "Virtual address"),
        _f("etage", "integer", "Etage", "Floor", measure="DATA_TYPE_NUMERIC"),
        _f("anzahl_etagen", "integer", "Anzahl Etagen", "Number of floors", measure="DATA_TYPE_NUMERIC"),
    ),
    *_section("preise", ("Preise", "Prices"),
        _f("kaufpreis", "float", "Kaufpreis", "Purchase price", measure=_MONEY, filters={"kaufpreis": _KAUF}),
        _f("kaltmiete", "float", "Kaltmiete", "Basic rent", measure=_MONEY, filters={"kaltmiete": _MIETE}),
        _f("warmmiete", "float", "Warmmiete", "Rent incl. heating", measure=_MONEY, filters={"warmmiete": _MIETE}),
        _f("nettokaltmiete", "float", "Nettokaltmiete", "Net basic rent", measure=_MONEY,
           filters={"nettokaltmiete": _MIETE}),
        _f("nebenkosten", "float", "Nebenkosten", "Service charges", measure=_MONEY),
        _f("heizkosten", "float", "Heizkosten", "Heating costs", measure=_MONEY),
        _f("kaution", "float", "Kaution", "Deposit", measure=_MONEY, filters={"kaution": _MIETE}),
        _f("hausgeld", "float", "Hausgeld", "Maintenance fee", measure=_MONEY, filters={"hausgeld": _KAUF}),
        _f("pacht", "float", "Pacht", "Lease", measure=_MONEY, filters={"pacht": {"vermarktungsarten": ["pacht"]}}),
        _f("erbpacht", "float", "Erbpacht", "Leasehold", measure=_MONEY,
           filters={"erbpacht": {"vermarktungsarten": ["erbpacht"]}}),
        _f("kaufpreis_pro_qm", "float", "Kaufpreis pro m²", "Purchase price per m²", measure=_MONEY),
        _f("mietpreis_pro_qm", "float", "Mietpreis pro m²", "Rent per m²", measure=_MONEY),
        _f("stellplatzmiete", "float", "Stellplatzmiete", "Parking space rent", measure=_MONEY),
        _f("stellplatzkaufpreis", "float", "Stellplatzkaufpreis", "Parking space price", measure=_MONEY),
        _f("provisionsbetrag", "float", "Provisionsbetrag (intern)", "Commission amount (internal)", measure=_MONEY,
           readonly=True),
        _f("aussen_courtage", "varchar", "Außen-Courtage", "Buyer's commission", length=50),
        _f("innen_courtage", "varchar", "Innen-Courtage", "Seller's commission", length=50),
        _f("preisAufAnfrage", "boolean", "Preis auf Anfrage", "Price on request"),
        _f("waehrung", "singleselect", "Währung", "Currency", default="EUR",
           values=_vals(("EUR", "Euro"), ("CHF", "Schweizer Franken", "Swiss franc"), ("USD", "US-Dollar", "US dollar"))),
    ),
    *_section("flaechen", ("Flächen", "Areas"),
        _f("wohnflaeche", "float", "Wohnfläche", "Living space", measure=_AREA, filters={"wohnflaeche": _WOHNEN}),
        _f("nutzflaeche", "float", "Nutzfläche", "Usable area", measure=_AREA),
        _f("grundstuecksflaeche", "float", "Grundstücksfläche", "Plot area", measure=_AREA),
        _f("gesamtflaeche", "float", "Gesamtfläche", "Total area", measure=_AREA),
        _f("bueroflaeche", "float", "Bürofläche", "Office space", measure=_AREA,
           filters={"bueroflaeche": {"immobilienart": ["buero_praxen"]}}),
        _f("verkaufsflaeche", "float", "Verkaufsfläche", "Sales area", measure=_AREA,
           filters={"verkaufsflaeche": {"immobilienart": ["einzelhandel"]}}),
        _f("balkon_terrasse_flaeche", "float", "Balkon-/Terrassenfläche", "Balcony/terrace area", measure=_AREA),
        _f("gartenflaeche", "float", "Gartenfläche", "Garden area", measure=_AREA),
        _f("anzahl_zimmer", "float", "Zimmer", "Rooms", decimals=1, measure="DATA_TYPE_NUMERIC"),
        _f("anzahl_schlafzimmer", "integer", "Schlafzimmer", "Bedrooms", measure="DATA_TYPE_NUMERIC",
           filters={"anzahl_schlafzimmer": _WOHNEN}),
        _f("anzahl_badezimmer", "integer", "Badezimmer", "Bathrooms", measure="DATA_TYPE_NUMERIC"),
        _f("anzahl_sep_wc", "integer", "Separate WCs", "Separate toilets", measure="DATA_TYPE_NUMERIC"),
        _f("anzahl_balkone", "integer", "Balkone", "Balconies", measure="DATA_TYPE_NUMERIC"),
        _f("anzahl_terrassen", "integer", "Terrassen", "Terraces", measure="DATA_TYPE_NUMERIC"),
        _f("anzahl_stellplaetze", "integer", "Stellplätze", "Parking spaces", measure="DATA_TYPE_NUMERIC"),
    ),
    *_section("ausstattung", ("Ausstattung", "Features"),
        _f("heizungsart", "multiselect", "Heizungsart", "Heating", values=_vals(
            ("ofen", "Ofenheizung", "Stove heating"), ("etage", "Etagenheizung", "Storey heating"),
            ("zentral", "Zentralheizung", "Central heating"), ("fern", "Fernwärme", "District heating"),
            ("fussboden", "Fußbodenheizung", "Underfloor heating")),
           filters={"heizungsart": {"nutzungsarten": ["wohnen"], "immobilienart": ["wohnung", "haus", "zimmer"]}}),
        _f("befeuerung", "multiselect", "Befeuerung", "Fuel", values=_vals(
            ("oel", "Öl", "Oil"), ("gas", "Gas"), ("elektro", "Elektro", "Electric"), ("solar", "Solar"),
            ("erdwaerme", "Erdwärme", "Geothermal"), ("luftwp", "Luftwärmepumpe", "Air heat pump"),
            ("pellet", "Pellets", "Pellets"), ("holz", "Holz", "Wood"))),
        _f("bad", "multiselect", "Bad", "Bathroom", values=_vals(
            ("dusche", "Dusche", "Shower"), ("wanne", "Wanne", "Bathtub"), ("fenster", "Fenster", "Window"),
            ("bidet", "Bidet"))),
        _f("kueche", "multiselect", "Küche", "Kitchen", values=_vals(
            ("ebk", "Einbauküche", "Fitted kitchen"), ("offen", "Offene Küche", "Open kitchen"),
            ("pantry", "Pantryküche", "Kitchenette"))),
        _f("boden", "multiselect", "Boden", "Flooring", values=_vals(
            ("fliesen", "Fliesen", "Tiles"), ("stein", "Stein", "Stone"), ("teppich", "Teppich", "Carpet"),
            ("parkett", "Parkett", "Parquet"), ("laminat", "Laminat", "Laminate"), ("dielen", "Dielen", "Floorboards"),
            ("marmor", "Marmor", "Marble"))),
        _f("stellplatzart", "multiselect", "Stellplatzart", "Parking type", values=_vals(
            ("garage", "Garage"), ("tiefgarage", "Tiefgarage", "Underground car park"), ("carport", "Carport"),
            ("freiplatz", "Außenstellplatz", "Outdoor parking space"), ("duplex", "Duplex"))),
        _f("ausricht_balkon_terrasse", "multiselect", "Ausrichtung Balkon/Terrasse", "Balcony/terrace orientation",
           values=_vals(("nord", "Nord", "North"), ("ost", "Ost", "East"), ("sued", "Süd", "South"),
                        ("west", "West"), ("suedwest", "Südwest", "South-west"), ("suedost", "Südost", "South-east"))),
        _f("fahrstuhl", "multiselect", "Fahrstuhl", "Lift", values=_vals(
            ("personen", "Personenaufzug", "Passenger lift"), ("lasten", "Lastenaufzug", "Goods lift"))),
        _f("kamin", "boolean", "Kamin", "Fireplace"),
        _f("klimatisiert", "boolean", "Klimatisiert", "Air-conditioned"),
        _f("gartennutzung", "boolean", "Gartennutzung", "Garden use"),
        _f("balkon", "boolean", "Balkon", "Balcony"),
        _f("terrasse", "boolean", "Terrasse", "Terrace"),
        _f("unterkellert", "singleselect", "Unterkellert", "Basement", values=_vals(
            ("ja", "Ja", "Yes"), ("nein", "Nein", "No"), ("teil", "Teilweise", "Partly"))),
        _f("barrierefrei", "boolean", "Barrierefrei", "Barrier-free"),
        _f("rollstuhlgerecht", "boolean", "Rollstuhlgerecht", "Wheelchair accessible"),
        _f("haustiere", "boolean", "Haustiere erlaubt", "Pets allowed"),
        _f("wg_geeignet", "boolean", "WG-geeignet", "Suitable for flat share"),
        _f("denkmalschutz", "boolean", "Denkmalschutz", "Listed building"),
        _f("einbaukueche", "boolean", "Einbauküche", "Fitted kitchen"),
        _f("dachform", "singleselect", "Dachform", "Roof shape", values=_vals(
            ("flachdach", "Flachdach", "Flat roof"), ("pultdach", "Pultdach", "Pent roof"),
            ("satteldach", "Satteldach", "Gable roof"), ("walmdach", "Walmdach", "Hip roof"),
            ("mansarddach", "Mansarddach", "Mansard roof"))),
        _f("bauweise", "singleselect", "Bauweise", "Construction", values=_vals(
            ("massiv", "Massiv", "Solid"), ("fertigteile", "Fertigteile", "Prefabricated"), ("holz", "Holz", "Timber"))),
        _f("ausstatt_kategorie", "singleselect", "Ausstattungskategorie", "Quality of fittings", values=_vals(
            ("EINFACH", "Einfach", "Basic"), ("STANDARD", "Standard"), ("GEHOBEN", "Gehoben", "Upscale"),
            ("LUXUS", "Luxus", "Luxury"))),
    ),
    *_section("zustand", ("Zustand", "Condition"),
        _f("baujahr", "integer", "Baujahr", "Year of construction", measure="DATA_TYPE_YEAR"),
        _f("jahr_letzte_modernisierung", "integer", "Letzte Modernisierung", "Last modernisation",
           measure="DATA_TYPE_YEAR"),
        _f("zustand", "singleselect", "Zustand", "Condition", values=_vals(
            ("erstbezug", "Erstbezug", "First occupancy"), ("neuwertig", "Neuwertig", "As new"),
            ("modernisiert", "Modernisiert", "Modernised"), ("gepflegt", "Gepflegt", "Well kept"),
            ("renovierungsbeduerftig", "Renovierungsbedürftig", "In need of renovation"),
            ("projektiert", "Projektiert", "Planned"))),
    ),
    *_section("energie", ("Energieausweis", "Energy certificate"),
        _f("energieausweistyp", "singleselect", "Energieausweistyp", "Energy certificate type", values=_vals(
            ("Endenergiebedarf", "Bedarfsausweis", "Energy demand certificate"),
            ("Energieverbrauchskennwert", "Verbrauchsausweis", "Energy consumption certificate"))),
        _f("energieausweis_gueltig_bis", "date", "Energieausweis gültig bis", "Energy certificate valid until"),
        _f("endenergiebedarf", "float", "Endenergiebedarf", "Final energy demand", measure="DATA_TYPE_ENERGY_REQUIRED"),
        _f("energieverbrauchskennwert", "float", "Energieverbrauchskennwert", "Energy consumption",
           measure="DATA_TYPE_ENERGY_REQUIRED"),
        _f("energyClass", "singleselect", "Energieeffizienzklasse", "Energy class",
           values=_vals(*((c, c) for c in ("A+", "A", "B", "C", "D", "E", "F", "G", "H")))),
        _f("energieausweis_pdf", "text", "Energieausweis (Datei)", "Energy certificate (file)", real_type="datei"),
    ),
    *_section("freitexte", ("Freitexte", "Descriptions"),
        _f("objekttitel", "varchar", "Objekttitel", "Property title", length=255, translatable=True),
        _f("objektbeschreibung", "text", "Objektbeschreibung", "Property description", translatable=True),
        _f("lage", "text", "Lage", "Location", translatable=True),
        _f("ausstatt_beschr", "text", "Ausstattung", "Features", translatable=True),
        _f("sonstige_angaben", "text", "Sonstige Angaben", "Other information", translatable=True),
        _f("dreizeiler", "text", "Kurzbeschreibung", "Short description", translatable=True),
    ),
    *_section("intern", ("Interne Angaben", "Internal"),
        _f("hinweis_rot", "text", "Wichtiger Hinweis", "Important notice", real_type="redhint", filterable=False),
        _f("hinweis_schwarz", "text", "Hinweis", "Notice", real_type="blackhint", filterable=False),
        _f("trennlinie_intern", "text", "Trennlinie", "Dividing line", real_type="dividingline", filterable=False),
        _f("notiz_intern", "text", "Interne Notiz", "Internal note"),
        _f("objektnr_alt", "varchar", "Alte ImmoNr", "Old property no.", length=50, active=False),
        _f("provisionspflichtig_alt", "boolean", "Provisionspflichtig (alt)", "Commission payable (old)", active=False),
    ),
]

# --- address ----------------------------------------------------------------------------------

_PRIVATE = {"kontaktkategorien": ["privatperson"]}
_COMPANY = {"kontaktkategorien": ["firma", "behoerde"]}

ADDRESS_FIELDS: list[Field] = [
    *_section("Stammdaten", ("Stammdaten", "Personal details"),
        _f("KdNr", "integer", "Kundennummer", "Customer no.", readonly=True, measure="DATA_TYPE_NUMERIC"),
        _f("contactCategory", "singleselect", "Kontaktkategorie", "Contact category", default="privatperson",
           values=_vals(("privatperson", "Privatperson", "Private person"), ("firma", "Firma", "Company"),
                        ("behoerde", "Behörde", "Public authority"))),
        _f("Anrede", "singleselect", "Anrede", "Title", values=_vals(
            ("Herr", "Herr", "Mr."), ("Frau", "Frau", "Mrs."), ("Firma", "Firma", "Company"),
            ("Familie", "Familie", "Family"), ("Eheleute", "Eheleute", "Spouses"))),
        _f("Titel", "varchar", "Titel", "Academic title"),
        _f("Anrede-Titel", "varchar", "Anrede/Titel", "Title", compound=("Anrede", "Titel")),
        _f("Vorname", "varchar", "Vorname", "First name"),
        _f("Name", "varchar", "Name", "Name"),
        _f("Zusatz1", "varchar", "Firma", "Company"),
        _f("Zusatz2", "varchar", "Firma (Zusatz)", "Company (additional)"),
        _f("Strasse", "varchar", "Straße", "Street"),
        _f("Plz", "varchar", "PLZ", "ZIP code", length=20),
        _f("Ort", "varchar", "Ort", "Town"),
        _f("Plz-Ort", "varchar", "PLZ/Ort", "ZIP, City", compound=("Plz", "Ort")),
        _f("Land", "singleselect", "Land", "Country", values=COUNTRY_VALUES, default="DEU"),
        _f("Geburtsdatum", "date", "Geburtsdatum", "Date of birth", filters={"Geburtsdatum": _PRIVATE}),
        _f("Geburtsort", "varchar", "Geburtsort", "Place of birth", filters={"Geburtsort": _PRIVATE}),
        _f("Familienstand", "singleselect", "Familienstand", "Marital status", values=_vals(
            ("ledig", "Ledig", "Single"), ("verheiratet", "Verheiratet", "Married"),
            ("geschieden", "Geschieden", "Divorced"), ("verwitwet", "Verwitwet", "Widowed")),
           filters={"Familienstand": _PRIVATE}),
        _f("Beruf", "varchar", "Beruf", "Profession"),
        _f("Position", "varchar", "Position", "Position", filters={"Position": _COMPANY}),
        _f("Abteilung", "varchar", "Abteilung", "Department", filters={"Abteilung": _COMPANY}),
        _f("UStIdNr", "varchar", "USt-IdNr.", "VAT ID", length=20, filters={"UStIdNr": _COMPANY}),
        _f("Handelsregister", "varchar", "Handelsregister", "Commercial register", filters={"Handelsregister": _COMPANY}),
        _f("Kinder", "integer", "Kinder", "Children", measure="DATA_TYPE_NUMERIC"),
        _f("Haushaltsgroesse", "integer", "Haushaltsgröße", "Household size", measure="DATA_TYPE_NUMERIC"),
        _f("uuid", "varchar", "UUID", "UUID", length=36, readonly=True),
    ),
    *_section("Kontakt", ("Kontakt", "Contact"),
        _f("Briefanrede", "text", "Briefanrede", "Salutation"),
        _f("Email", "varchar", "E-Mail", "E-mail", readonly=True),
        _f("Telefon1", "varchar", "Telefon", "Phone", readonly=True),
        _f("Telefax1", "varchar", "Telefax", "Fax", readonly=True),
        _f("Homepage", "varchar", "Homepage", "Homepage"),
        _f("SpracheKontakt", "singleselect", "Sprache", "Language", default="DEU", values=_vals(
            ("DEU", "Deutsch", "German"), ("ENG", "Englisch", "English"), ("FRA", "Französisch", "French"),
            ("NLD", "Niederländisch", "Dutch"), ("ITA", "Italienisch", "Italian"), ("ESP", "Spanisch", "Spanish"))),
        _f("KontaktformBevorzugt", "singleselect", "Bevorzugte Kontaktform", "Preferred form of contact", values=_vals(
            ("Brief", "Brief", "Letter"), ("Email", "E-Mail", "E-mail"), ("Telefon", "Telefon", "Phone"))),
        _f("letzter_Kontakt", "date", "Letzter Kontakt", "Last contact"),
        _f("Eintragsdatum", "date", "Eintragsdatum", "Entry date", readonly=True),
        _f("Kundenlogo", "blob", "Kundenlogo", "Customer logo", filterable=False),
        _f("Passfoto", "text", "Passfoto", "Passport photo", real_type="datei", filterable=False),
        _f("adressTrennlinie1", "text", "Trennlinie", "Dividing line", real_type="dividingline", filterable=False),
    ),
    *_section("Verwaltung", ("Verwaltung", "Management"),
        _f("Benutzer", "text", "Betreuer", "Advisor", real_type="user", measure="DATA_TYPE_USER"),
        _f("Status", "singleselect", "Status", "Status", default="1",
           values=_vals(("1", "Aktiv", "Active"), ("0", "Archiviert", "Archive"))),
        _f("Status2Adr", "singleselect", "Status 2", "Status 2", default="status2adr_active",
           values=_vals(("status2adr_active", "Aktiv", "Active"), ("status2adr_archived", "Archiviert", "Archived"))),
        _f("ArtDaten", "multiselect", "Kontaktart", "Type of contact", values=_vals(
            ("Kunde", "Kunde", "Customer"), ("Eigentümer", "Eigentümer", "Owner"),
            ("Interessent", "Interessent", "Interested party"), ("Makler", "Makler", "Broker"),
            ("Notar", "Notar", "Notary"), ("Tippgeber", "Tippgeber", "Tipster"), ("Mieter", "Mieter", "Tenant"),
            ("Vermieter", "Vermieter", "Landlord"), ("Investor", "Investor", "Investor"),
            ("Kooperationspartner", "Kooperationspartner", "Partner"),
            ("Newsletter-Empfänger", "Newsletter-Empfänger", "Newsletter receiver"))),
        _f("HerkunftKontakt", "multiselect", "Herkunft Kontakt", "Contact source", values=HERKUNFT_KONTAKT),
        _f("Beziehung", "multiselect", "Beziehung", "Relation", values=_vals(
            ("indMulti659Select204", "Kunde", "Customer"), ("indMulti659Select205", "Verwandter", "A relative"),
            ("indMulti659Select206", "Arbeitgeber", "Employer"), ("indMulti659Select207", "Tippgeber", "Tipster"))),
        _f("newsletter_aktiv", "singleselect", "Newsletter", "Newsletter", values=_vals(
            ("0", "Nein", "No"), ("1", "Ja", "Yes"), ("2", "Abgemeldet", "Cancellation"),
            ("3", "Double-Opt-In ausstehend", "Double opt-in pending"), ("4", "Keine Angabe", "Not specified"))),
        _f("Letzte_Aktion", "date", "Letzte Aktion", "Last action"),
        _f("Aenderung", "datetime", "Letzte Änderung", "Last change", readonly=True),
        _f("AGB_akzeptiert", "boolean", "AGB akzeptiert", "Terms accepted"),
        _f("Rueckruf_akzeptiert", "boolean", "Rückruf akzeptiert", "Accepted recall"),
        _f("DSGVOStatus", "singleselect", "DSGVO-Status", "GDPR status", values=_vals(
            ("speicherungzugestimmt", "Speicherung zugestimmt", "Storage agreed"),
            ("speicherungnichtzugestimmt", "Speicherung nicht zugestimmt", "Storage not agreed"),
            ("nichtangefragt", "Nicht angefragt", "Not asked"))),
        _f("Tipp_ID", "integer", "Tippgeber", "Tipster", measure="DATA_TYPE_NUMERIC"),
        _f("Bemerkung", "text", "Bemerkung", "Note"),
        _f("adressHinweis", "text", "Wichtiger Hinweis", "Important notice", real_type="redhint", filterable=False),
    ),
    *_section("Finanzierung", ("Finanzierung", "Financing"),
        _f("Einkommen", "float", "Nettoeinkommen", "Net income", measure=_MONEY),
        _f("Eigenkapital", "float", "Eigenkapital", "Equity", measure=_MONEY),
        _f("Finanzierung_gesichert", "boolean", "Finanzierung gesichert", "Financing secured"),
        _f("Bonitaet", "singleselect", "Bonität", "Credit rating", values=_vals(
            ("sehr_gut", "Sehr gut", "Very good"), ("gut", "Gut", "Good"), ("mittel", "Mittel", "Medium"),
            ("unbekannt", "Unbekannt", "Unknown"))),
    ),
    *_section("Geldwäsche-Gesetz", ("Geldwäsche-Gesetz", "Money Laundering Act"),
        _f("gwgRegisternummer", "varchar", "Registernummer", "Register number"),
        _f("gwgGeprueft", "boolean", "Identität geprüft", "Identity checked"),
        _f("gwgPruefdatum", "date", "Prüfdatum", "Check date"),
        _f("Ausweisnummer", "varchar", "Ausweisnummer", "ID card number", length=30),
        _f("Nationalitaet", "singleselect", "Nationalität", "Nationality", values=COUNTRY_VALUES),
    ),
]

# Address `data`/`filter` pseudo fields for contact entries
# (https://apidoc.onoffice.de/actions/datensatz-lesen/adressen/).
CONTACT_CATEGORIES = ("phone", "mobile", "fax", "email")
ADDRESS_PSEUDO_FIELDS = frozenset({*CONTACT_CATEGORIES, "defaultphone", "defaultfax", "defaultemail", "imageUrl"})
# Contact entry types accepted on create/modify, with the category they belong to.
CONTACT_TYPES = {
    "phone": "phone", "phone_private": "phone", "phone_business": "phone", "mobile": "mobile",
    "fax": "fax", "fax_private": "fax", "fax_business": "fax",
    "email": "email", "email_private": "email", "email_business": "email",
}
# The address field that mirrors the default entry of a category.
MAIN_CONTACT_FIELD = {"phone": "Telefon1", "fax": "Telefax1", "email": "Email"}

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
CANCELLATION_REASONS = _vals(("Preis", "Preis", "Price"), ("Lage", "Lage", "Location"), ("Größe", "Größe", "Size"),
                             ("Zustand", "Zustand", "Condition"), ("Finanzierung", "Finanzierung", "Financing"),
                             ("Sonstiges", "Sonstiges", "Other"))
FEATURES = _vals(("indMulti1780Select8196", "Wichtig", "Important"),
                 ("indMulti1780Select8197", "Rückruf erbeten", "Callback requested"),
                 ("indMulti1780Select8198", "Vertraulich", "Confidential"))

AGENTSLOG_FIELDS: list[Field] = _section("agentsLog", ("Maklerbuch", "Agents log"),
    _f("Nr", "integer", "Nr.", "No.", readonly=True),
    _f("Objekt_nr", "varchar", "Objekt", "Estate", idlist=True, filterable=False, readonly=True),
    _f("Adress_nr", "varchar", "Adresse", "Address", idlist=True, filterable=False, readonly=True),
    _f("Aktionsart", "singleselect", "Aktionsart", "Kind of action",
       values=_vals(*((k, *labels) for k, (labels, _) in ACTION_KINDS.items()))),
    _f("Aktionstyp", "freetext", "Aktionstyp", "Type of action"),
    _f("Datum", "datetime", "Datum", "Date"),
    _f("created", "datetime", "Erstellt", "Created", readonly=True),
    _f("Benutzer", "text", "Benutzer", "User", real_type="user", filterable=False),
    _f("Benutzer_nr", "integer", "Benutzer-Nr.", "User no."),
    _f("Kosten", "float", "Kosten", "Costs", measure=_MONEY),
    _f("Bemerkung", "text", "Bemerkung", "Note"),
    _f("merkmal", "multiselect", "Merkmal", "Characteristic", values=FEATURES),
    _f("HerkunftKontakt", "multiselect", "Herkunft Kontakt", "Contact source", values=HERKUNFT_KONTAKT),
    _f("dauer", "integer", "Dauer (Sekunden)", "Duration (seconds)", filterable=False, measure="DATA_TYPE_DURATION"),
    _f("Beratungsebene", "singleselect", "Beratungsebene", "Advisory level",
       values=_vals(*((de, de, en) for de, en in ADVISORY_LEVELS.values()))),
    _f("Absagegrund", "singleselect", "Absagegrund", "Reason of cancellation", values=CANCELLATION_REASONS),
)

TASK_STATUS = _vals(("1", "Nicht begonnen", "Not started"), ("2", "In Bearbeitung", "In process"),
                    ("3", "Erledigt", "Completed"), ("4", "Zurückgestellt", "Deferred"),
                    ("5", "Abgebrochen", "Cancelled"), ("6", "Sonstiges", "Miscellaneous"),
                    ("7", "Geprüft", "Checked"), ("8", "Klärungsbedarf", "Need clarification"))
TASK_PRIORITY = _vals(("1", "Sehr hoch", "Highest"), ("2", "Hoch", "High"), ("3", "Normal", "Normal"),
                      ("4", "Niedrig", "Low"), ("5", "Sehr niedrig", "Lowest"))

TASK_FIELDS: list[Field] = _section("task", ("Aufgaben", "Tasks"),
    _f("Nr", "integer", "Nr.", "No.", readonly=True),
    _f("Eintragsdatum", "datetime", "Eintragsdatum", "Entry date", readonly=True),
    _f("modified", "datetime", "Geändert", "Modified", readonly=True),
    _f("von", "text", "Von", "From", real_type="user", readonly=True),
    _f("Betreff", "varchar", "Betreff", "Subject", length=255),
    _f("Aufgabe", "text", "Aufgabe", "Task"),
    _f("Kommentar", "text", "Kommentar", "Comment"),
    _f("Prio", "singleselect", "Priorität", "Priority", values=TASK_PRIORITY, default="3"),
    _f("Status", "singleselect", "Status", "Status", values=TASK_STATUS, default="1"),
    _f("Art", "singleselect", "Art", "Type", values=_vals(*((k, *v) for k, v in ACTION_KINDS["Aufgabe"][1].items()))),
    _f("Verantwortung", "varchar", "Verantwortung", "Responsibility"),
    _f("Bearbeiter", "varchar", "Bearbeiter", "Processor"),
    _f("Deadline", "datetime", "Fällig am", "Deadline"),
    _f("Deadline_strikt", "boolean", "Deadline strikt", "Strict deadline"),
    _f("Beginnt_am", "datetime", "Zurückgestellt bis", "Deferred until"),
    _f("Erinnerung", "boolean", "Erinnerung", "Reminder"),
    _f("Erinnerungsdatum", "date", "Erinnerungsdatum", "Reminder date"),
    _f("Privat", "boolean", "Privat", "Private"),
    _f("Aufwand_Soll_NUM", "float", "Aufwand (Soll)", "Targeted effort"),
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
    index = {f.name: f for f in fields}
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
    return {name: f for name, f in MODULE_FIELDS[module].items() if f.active}


ESTATE = active_fields("estate")
ADDRESS = active_fields("address")
AGENTSLOG = active_fields("agentsLog")
TASK = active_fields("task")
