"""Configuration and reference calls: fields, estateCategories, users, actionkindtypes, basicsettings,
regions, filters and estatepictures. Shapes follow the examples on each call's page under
https://apidoc.onoffice.de/actions/ and the response fixtures of onOffice's WordPress plugin
(github.com/onOffice-Web-Org/oo-wp-plugin, tests/resources/).
"""

from __future__ import annotations

import zlib

from explorer.onoffice.actions import ActionKind

from ..catalog import API_ACCOUNT, BASIC_SETTINGS, GROUPS, PICTURE_CATEGORIES, REGIONS, SAVED_FILTERS, USERS
from ..fieldconfig import (
    ACTION_KINDS,
    COUNTRIES,
    MODULE_FIELDS,
    MODULE_LABELS,
    NUTZUNGSART,
    OBJEKTART,
    OBJEKTTYPEN,
    VERMARKTUNGSART,
    Field,
)
from ..protocol import ApiError, Context
from ..query import bool_param, int_param
from .common import as_object, id_list, language
from .records import visible_estate
from .registry import handles


@handles("fields", ActionKind.GET)
def fields_get(ctx: Context):
    params = ctx.params
    labels = bool_param(params, "labels")
    lang = language(params, "language")
    modules = params.get("modules")
    if modules is None:
        modules = list(MODULE_LABELS)
    if not isinstance(modules, list):
        raise ApiError(74)
    for module in modules:
        if not isinstance(module, str) or module not in MODULE_LABELS:
            raise ApiError(163)
    field_list = params.get("fieldList")
    if field_list is not None and not isinstance(field_list, list):
        raise ApiError(74)
    if field_list and not all(isinstance(name, str) for name in field_list):
        raise ApiError(291)
    wanted = set(field_list) if field_list is not None else None
    inactive = bool_param(params, "showOnlyInactive")
    options = {name: bool_param(params, name) for name in (
        "showfieldfilters", "showfielddependencies", "realDataTypes", "showFieldMeasureFormat", "showContent",
        "showTable")}
    records = []
    for module in modules:
        elements = {"label": MODULE_LABELS[module][1 if lang == "ENG" else 0]} if labels else {}
        for field in MODULE_FIELDS.get(module, {}).values():
            if field.active == inactive or (wanted is not None and field.name not in wanted):
                continue
            elements[field.name] = _field_entry(field, labels, lang, options)
        records.append({"id": module, "type": "", "elements": elements})
    return records, None


def _field_entry(field: Field, labels: bool, lang: str, options: dict) -> dict:
    permitted = None
    if field.values is not None:
        permitted = ({key: field.value_label(key, lang) for key in field.values} if labels else list(field.values))
    entry = {
        "type": field.real_type if options["realDataTypes"] and field.real_type else field.type,
        "length": field.length,
        "permittedvalues": permitted,
        "default": field.default,
    }
    if options["showfieldfilters"]:
        entry["filters"] = field.filters or []
    if options["showfielddependencies"]:
        entry["dependencies"] = field.dependencies or []
    entry["compoundFields"] = list(field.compound)
    if labels:
        entry["label"] = field.label_in(lang)
    if options["showFieldMeasureFormat"]:
        entry["fieldMeasureFormat"] = field.measure
    if options["showTable"]:
        entry["tablename"] = field.table
    if options["showContent"]:
        entry["content"] = (field.content[1] if lang == "ENG" else field.content[0]) if field.content else None
    return entry


@handles("estateCategories", ActionKind.GET)
def estate_categories_get(ctx: Context):
    def items(values):
        return [{"id": key, "name": labels[0]} for key, labels in values.items()]
    records = [
        {"id": "objektart", "type": "", "elements": items(OBJEKTART)},
        {"id": "objekttyp", "type": "", "elements": {
            art: [{"id": key, "name": de} for key, de, _ in types] for art, types in OBJEKTTYPEN.items()}},
        {"id": "nutzungsart", "type": "", "elements": items(NUTZUNGSART)},
        {"id": "vermarktungsart", "type": "", "elements": items(VERMARKTUNGSART)},
    ]
    return records, None


@handles("users", ActionKind.GET)
def users_get(ctx: Context):
    params = ctx.params
    mode = params.get("userfilter") or "ownOfficeGroupOrAll"
    if mode == "ownOfficeGroupOrAll":
        users = list(USERS)  # the API account belongs to no office group, so: all
    elif mode == "onlyOwn":
        users = [API_ACCOUNT]
    elif mode == "byGroupId":
        group_id = int_param(params, "groupId")
        if group_id not in GROUPS:
            raise ApiError(272)
        users = [u for u in USERS if u.group_id == group_id]
    else:
        raise ApiError(255, "userfilter")
    records = [{"id": u.id, "type": None, "elements": {
        "id": u.id, "username": u.username, "firstname": u.firstname, "lastname": u.lastname, "email": u.email,
        "meetingurl": f"https://meet.sandbox-immobilien.example/{u.username}"}} for u in users]
    return records, None


@handles("actionkindtypes", ActionKind.GET)
def actionkindtypes_get(ctx: Context):
    """Integer ids; `default` is the kind's preselected type (the first one here), null for a kind without
    types, as real answers have them
    (https://apidoc.onoffice.de/actions/informationen-abfragen/aktionsart-und-typ/)."""
    column = 1 if language(ctx.params, "lang") == "ENG" else 0
    records = [
        {"id": index, "type": "actionkind", "elements": {
            "key": key, "label": labels[column], "types": {k: v[column] for k, v in types.items()},
            "default": next(iter(types), None)}}
        for index, (key, (labels, types)) in enumerate(ACTION_KINDS.items())
    ]
    return records, None


@handles("basicsettings", ActionKind.READ)
def basicsettings_read(ctx: Context):
    data = as_object(ctx.params.get("data"), "data")
    tab = data.get("basicData")
    if not isinstance(tab, dict):
        raise ApiError(255, "data")
    elements = {}
    for category, keys in tab.items():
        values = BASIC_SETTINGS.get(category)
        if values is None or not isinstance(keys, list):
            raise ApiError(255, "data")
        elements[category] = {key: values[key] for key in keys if key in values}
    return [{"id": 0, "type": None, "elements": {"basicData": elements}}], 1  # one record, counted as such


# German federal states as the region catalogue names them, and in English (`language: ENG`).
STATES_ENG = {
    "Baden-Württemberg": "Baden-Württemberg", "Bayern": "Bavaria", "Berlin": "Berlin", "Brandenburg": "Brandenburg",
    "Bremen": "Bremen", "Hamburg": "Hamburg", "Hessen": "Hesse",
    "Mecklenburg-Vorpommern": "Mecklenburg-Western Pomerania", "Niedersachsen": "Lower Saxony", "Nordrhein-Westfalen": "North Rhine-Westphalia",
    "Rheinland-Pfalz": "Rhineland-Palatinate", "Saarland": "Saarland", "Sachsen": "Saxony",
    "Sachsen-Anhalt": "Saxony-Anhalt", "Schleswig-Holstein": "Schleswig-Holstein", "Thüringen": "Thuringia",
}


@handles("regions", ActionKind.GET)
def regions_get(ctx: Context):
    """The region tree (https://apidoc.onoffice.de/actions/informationen-abfragen/regionen/). `cntabsolute`
    counts every region at any depth, as real answers do, not only the top-level records; with
    `language: ENG` names, descriptions, states and the country are English."""
    english = language(ctx.params, "language") == "ENG"
    column = 1 if english else 0
    country = COUNTRIES["DEU"][column]

    def node(key):
        region = REGIONS[key]
        children = {k: node(k) for k, r in REGIONS.items() if r["parent"] == key}
        state = STATES_ENG.get(region["state"], region["state"]) if english else region["state"]
        return {"id": key, "name": region["name"][column], "description": region["description"][column],
                "postalcodes": region["postalcodes"], "state": state, "country": country, "children": children}
    records = [{"id": key, "type": "", "elements": node(key)} for key, r in REGIONS.items() if r["parent"] is None]
    return records, len(REGIONS)


@handles("filters", ActionKind.GET)
def filters_get(ctx: Context):
    module = ctx.params.get("module")
    if module in (None, ""):
        raise ApiError(167, "module")
    if module not in ("estate", "address"):
        raise ApiError(163)
    records = [{"id": fid, "type": "filter", "elements": {"scope": scope, "name": name, "userId": None, "groupId": None}}
               for fid, (mod, name, scope, _) in SAVED_FILTERS.items() if mod == module]
    return records, len(records)


def estate_pictures(estate_id: int) -> list[dict]:
    """The released pictures of an estate, derived from its id: the demo keeps no files, only their metadata."""
    count = 2 + zlib.crc32(str(estate_id).encode()) % 5
    kinds = ["Titelbild", "Foto", "Grundriss", "Foto", "Lageplan", "Foto"][:count]
    titles = {"Titelbild": "Außenansicht", "Foto": "Innenansicht", "Grundriss": "Grundriss", "Lageplan": "Lageplan"}
    return [{"id": estate_id * 10 + n, "type": kind, "title": f"{titles[kind]} {n + 1}",
             "modified": 1735689600 + estate_id * 97 + n}
            for n, kind in enumerate(kinds)]


@handles("estatepictures", ActionKind.GET)
def estatepictures_get(ctx: Context):
    params = ctx.params
    categories = params.get("categories")
    estate_ids = id_list(params, "estateids")
    if not estate_ids or not isinstance(categories, list) or not categories:
        raise ApiError(139)
    for category in categories:
        if category not in PICTURE_CATEGORIES:
            raise ApiError(255, "categories")
    size = params.get("size") or "original"
    if not isinstance(size, str):
        raise ApiError(255, "size")
    records = []
    for estate_id in estate_ids:
        if visible_estate(ctx, estate_id) is None:
            continue
        for picture in estate_pictures(estate_id):
            if picture["type"] not in categories:
                continue
            records.append({"id": picture["id"], "type": "files", "elements": [{
                "estateid": str(estate_id), "type": picture["type"],
                "url": f"{ctx.base_url}/sandbox/pictures/{estate_id}/{picture['id']}.svg?size={size}",
                "title": picture["title"], "text": "", "originalname": f"{picture['type']}_{picture['id']}.jpg",
                "modified": picture["modified"], "estateMainId": str(estate_id)}]})
    return records, len(records)
