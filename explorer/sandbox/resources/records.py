"""Estates and addresses: read (lists, single records, filters, paging), create, modify.

Estate create/modify take the fields inside `data`; address create/modify take them at the top level
of `parameters` (https://apidoc.onoffice.de/actions/datensatz-anlegen/adressen/). Unknown field
names: 143 for estates, 75 for addresses.
"""

from __future__ import annotations

import re
import uuid
from collections import ChainMap

from explorer.onoffice.actions import ActionKind

from .. import store
from ..catalog import SAVED_FILTERS
from ..geo import georange
from ..fieldconfig import (
    ADDRESS,
    ADDRESS_PSEUDO_FIELDS,
    CONTACT_CATEGORIES,
    CONTACT_TYPES,
    COUNTRIES,
    ESTATE,
    MAIN_CONTACT_FIELD,
    STATUS2_FOR_STATUS,
)
from ..protocol import ApiError, Context
from ..query import (
    apply_conditions,
    bool_param,
    compile_filter,
    formatter,
    int_param,
    like_regex,
    page,
    parse_sort,
    sort_rows,
)
from .common import (
    as_id,
    as_object,
    coerce,
    created,
    data_fields,
    id_list,
    language,
    now_text,
    output_options,
    resource_id,
    success,
)
from .registry import handles

ESTATE_REQUIRED = ("objektart", "nutzungsart", "vermarktungsart")
_MOBILE = re.compile(r"^(\+49\s?|0049\s?|0)1[5-7]")


def estate_unknown(name: str) -> ApiError:
    return ApiError(143, name)


def address_unknown(name: str) -> ApiError:
    return ApiError(75, name)


def visible_estates(ctx: Context, record_id: int | None = None) -> list[dict]:
    """Estates (all, or the one with record_id) this API user may see: only published ones for the
    published-only user, like an API user with the right "can only see properties published on the website"
    (https://apidoc.onoffice.de/allgemeine-hinweise/#Rights_for_the_API_user)."""
    rows = store.snapshot("estate").select(record_id)
    if ctx.published_only:
        rows = [r for r in rows if r.get("veroeffentlichen")]
    return rows


def visible_estate(ctx: Context, estate_id: int) -> dict | None:
    row = store.snapshot("estate").by_id.get(estate_id)
    if row is None or (ctx.published_only and not row.get("veroeffentlichen")):
        return None
    return row


def saved_filter(params: dict, module: str, fields, unknown) -> list:
    if params.get("filterid") in (None, ""):
        return []
    filter_id = int_param(params, "filterid")
    saved = SAVED_FILTERS.get(filter_id)
    if saved is None or saved[0] != module:
        raise ApiError(284, filter_id)
    return compile_filter(saved[3], fields, unknown_field=unknown)


# --- estates ---------------------------------------------------------------------------------

def _estate_language(params: dict) -> str | None:
    """None for the main language (DEU); another language selects that language version."""
    value = language(params, "estatelanguage")
    return None if value == "DEU" else value


@handles("estate", ActionKind.READ)
def estate_read(ctx: Context):
    params = ctx.params
    names = data_fields(params, ESTATE, estate_unknown, default=["Id"])
    formatoutput, outputlanguage = output_options(params)
    estate_language = _estate_language(params)
    record_id = resource_id(ctx.action)
    rows = visible_estates(ctx, record_id)
    if estate_language:
        # A view over the language version and its estate: copying every field of every row took seconds at 100k.
        rows = [ChainMap(r["_lang"][estate_language], r) for r in rows if estate_language in r.get("_lang", ())]
    if record_id is None:  # one estate ignores the filter (https://apidoc.onoffice.de/actions/datensatz-lesen/objekte/)
        conditions = saved_filter(params, "estate", ESTATE, estate_unknown)
        conditions += compile_filter(params.get("filter"), ESTATE, unknown_field=estate_unknown)
        conditions += georange(params)
        rows = apply_conditions(rows, conditions)
    rows = sort_rows(rows, parse_sort(params, ESTATE), ESTATE)
    window = page(rows, params)
    formatters = [(name, formatter(ESTATE[name], formatoutput, outputlanguage)) for name in names]
    add_language = bool_param(params, "addestatelanguage")
    add_main_id = bool_param(params, "addMainLangId")
    records = []
    for row in window.rows:
        elements = {name: fmt(row) for name, fmt in formatters}
        if add_language:
            elements["language"] = estate_language or ""
        if add_main_id:
            elements["mainLangId"] = str(row["_id"]) if estate_language else None
        records.append({"id": row["_id"], "type": "estate", "elements": elements})
    return records, window.total


def _estate_values(data, *, creating: bool) -> dict:
    values = {}
    for name, value in as_object(data, "data").items():
        field = ESTATE.get(name)
        if field is None:
            raise estate_unknown(name)
        values[name] = coerce(field, value)
    if creating:
        for name in ESTATE_REQUIRED:
            if not values.get(name):
                raise ApiError(254, name)
    # status and status2 describe the same thing; keep them in step whichever one was written.
    if "status" in values:
        values["status2"] = STATUS2_FOR_STATUS[values["status"]]
    elif "status2" in values:
        values["status"] = {v: k for k, v in STATUS2_FOR_STATUS.items()}[values["status2"]]
    return values


@handles("estate", ActionKind.CREATE)
def estate_create(ctx: Context):
    values = _estate_values(ctx.params.get("data"), creating=True)
    stamp = now_text(ctx.now)
    with store.writing("estate") as writer:
        estate_id = writer.next_id()
        row = {"Id": estate_id, "status": "1", "status2": "status2obj_aktiv", "land": "DEU", "waehrung": "EUR",
               **values, "erstellt_am": stamp[:10], "erstellt_von": "api", "geaendert_am": stamp,
               "uuid": str(uuid.uuid4())}
        writer.put(estate_id, row, new=True)
    return created(estate_id, "estate"), None


@handles("estate", ActionKind.MODIFY)
def estate_modify(ctx: Context):
    estate_id = as_id(ctx.action.resourceid, error=ApiError(79))
    estate_language = _estate_language(ctx.params)
    values = _estate_values(ctx.params.get("data"), creating=False)
    with store.writing("estate") as writer:
        row = visible_estate(ctx, estate_id)
        if row is None or (estate_language and estate_language not in row.get("_lang", ())):
            raise ApiError(293)
        row = dict(row)
        if estate_language:  # free texts belong to the language version, everything else is shared
            version = dict(row["_lang"][estate_language])
            for name in [n for n in values if ESTATE[n].translatable]:
                version[name] = values.pop(name)
            row["_lang"] = {**row["_lang"], estate_language: version}
        row.update(values)
        row["geaendert_am"] = now_text(ctx.now)
        writer.put(estate_id, row, new=False)
    return success("estate"), None


# --- addresses -------------------------------------------------------------------------------

def _contacts(row: dict, category: str) -> list[dict]:
    return [c for c in row.get("_contacts", ()) if CONTACT_TYPES[c["type"]] == category]


def _contact_condition(category: str):
    """Filter on `phone`, `mobile`, `fax`, `email`: any entry of that kind, not only the main one."""
    def build(op: str, value):
        if op in ("like", "not like"):
            regex = like_regex(str(value))
            hit = lambda row: any(regex.fullmatch(c["value"]) for c in _contacts(row, category))  # noqa: E731
        elif op in ("=", "!=", "in", "not in"):
            wanted = {str(v).casefold() for v in (value if isinstance(value, list) else [value])}
            hit = lambda row: any(c["value"].casefold() in wanted for c in _contacts(row, category))  # noqa: E731
        else:
            raise ApiError(257, f'operator "{op}" cannot be used on "{category}"')
        return (lambda row: not hit(row)) if op in ("!=", "not in", "not like") else hit
    return build


_CONTACT_FILTERS = {category: _contact_condition(category) for category in CONTACT_CATEGORIES}


def _land_formatter(params: dict, formatoutput: bool, outputlanguage: str):
    """Address `Land`: the country name (German unless formatted in another language), or ISO codes."""
    iso = params.get("countryIsoCodeType")
    iso = iso if isinstance(iso, str) else None  # another value is ignored, as an unknown name is
    column = {"ISO-3166-2": 2, "ISO-3166-3": None}.get(iso, 1 if formatoutput and outputlanguage == "ENG" else 0)

    def land(row):
        key = row.get("Land") or ""
        if not key or iso == "ISO-3166-3":
            return key
        return COUNTRIES[key][column] if key in COUNTRIES else key
    return land


def _address_elements(row: dict, names: list[str], formatters: dict) -> dict:
    elements = {"id": row["_id"]}
    for name in names:
        if name in formatters:
            elements[name] = formatters[name](row)
        elif name == "imageUrl":
            elements[name] = ""
        elif name.startswith("default"):
            category = name.removeprefix("default")
            for entry in _contacts(row, category):
                if entry.get("default"):
                    elements[f"{name}__{entry['id']}"] = entry["value"]
        else:
            for entry in _contacts(row, name):
                elements[f"{name}__{entry['id']}"] = entry["value"]
                if entry.get("comment"):
                    elements[f"{name}__{entry['id']}__Comment"] = entry["comment"]
    return elements


@handles("address", ActionKind.READ)
def address_read(ctx: Context):
    params = ctx.params
    names = data_fields(params, ADDRESS, address_unknown, pseudo=ADDRESS_PSEUDO_FIELDS)
    formatoutput, outputlanguage = output_options(params)
    record_id = resource_id(ctx.action)
    rows = store.snapshot("address").select(record_id)
    recordids = id_list(params, "recordids")
    if record_id is None:
        if recordids is not None:
            wanted = set(recordids)
            rows = [r for r in rows if r["_id"] in wanted]
        conditions = saved_filter(params, "address", ADDRESS, address_unknown)
        conditions += compile_filter(params.get("filter"), ADDRESS, unknown_field=address_unknown,
                                     extra=_CONTACT_FILTERS)
        rows = apply_conditions(rows, conditions)
    rows = sort_rows(rows, parse_sort(params, ADDRESS), ADDRESS)
    window = page(rows, params)
    formatters = {name: formatter(ADDRESS[name], formatoutput, outputlanguage) for name in names if name in ADDRESS}
    if "Land" in formatters:
        formatters["Land"] = _land_formatter(params, formatoutput, outputlanguage)
    records = [{"id": row["_id"], "type": "address", "elements": _address_elements(row, names, formatters)}
               for row in window.rows]
    return records, window.total


def _split_address_params(params: dict) -> tuple[dict, dict, dict]:
    """(field values, contact entries by type, default_* choices) from top-level address parameters."""
    values, contacts, defaults = {}, {}, {}
    for name, value in params.items():
        if name in ("checkDuplicate", "noOverrideByDuplicate", "outlookSync"):
            continue
        if name in CONTACT_TYPES:
            contacts[name] = value
        elif name.startswith("default_") and name.removeprefix("default_") in MAIN_CONTACT_FIELD:
            defaults[name.removeprefix("default_")] = value
        elif name in ADDRESS:
            values[name] = coerce(ADDRESS[name], value)
        else:
            raise address_unknown(name)
    return values, contacts, defaults


def _entry_type(kind: str, value: str) -> str:
    """Mobile numbers become type mobile even if sent as phone, as documented for address create
    (https://apidoc.onoffice.de/actions/datensatz-anlegen/adressen/)."""
    if CONTACT_TYPES[kind] == "phone" and _MOBILE.match(value.replace(" ", "")):
        return "mobile"
    return kind


def _sync_main_fields(row: dict) -> None:
    """Email, Telefon1, Telefax1 mirror the default entry of their kind (the first one if none is default)."""
    for category, field_name in MAIN_CONTACT_FIELD.items():
        entries = _contacts(row, category)
        main = next((e for e in entries if e.get("default")), entries[0] if entries else None)
        row[field_name] = main["value"] if main else ""


def _set_default(row: dict, category: str, value: str) -> None:
    entries = _contacts(row, category)
    if not any(e["value"] == value for e in entries):
        raise ApiError(260 if category == "phone" else 258, category)
    for entry in entries:
        entry["default"] = entry["value"] == value


def _add_contact(row: dict, kind: str, value: str, *, default: bool = False) -> None:
    entries = row.setdefault("_contacts", [])
    entry_id = max((e["id"] for e in entries), default=row["_id"] * 100) + 1
    entry_type = _entry_type(kind, value)
    entries.append({"id": entry_id, "type": entry_type, "value": value, "default": False})
    category = CONTACT_TYPES[entry_type]
    if default or not any(e.get("default") for e in _contacts(row, category)):
        _set_default(row, category, value)


def _apply_contact_changes(row: dict, contacts: dict, defaults: dict, *, modify: bool) -> None:
    row["_contacts"] = [dict(e) for e in row.get("_contacts", ())]
    for kind, change in contacts.items():
        if not modify or not isinstance(change, dict):
            if not isinstance(change, (str, int)) or str(change) == "":
                raise ApiError(85)
            _add_contact(row, kind, str(change))
            continue
        action = change.get("action")
        if action is None:
            raise ApiError(81)
        if action not in ("add", "modify", "delete"):
            raise ApiError(82)
        if action == "add":
            if not change.get("newvalue"):
                raise ApiError(85)
            _add_contact(row, kind, str(change["newvalue"]), default=bool(change.get("default")))
            continue
        if not change.get("oldvalue"):
            raise ApiError(86)
        matches = [e for e in _contacts(row, CONTACT_TYPES[kind]) if e["value"] == str(change["oldvalue"])]
        if not matches:
            raise ApiError(83)
        if len(matches) > 1:
            raise ApiError(87)
        if action == "delete":
            row["_contacts"].remove(matches[0])
        else:
            if not change.get("newvalue"):
                raise ApiError(85)
            matches[0]["value"] = str(change["newvalue"])
            if change.get("default"):
                _set_default(row, CONTACT_TYPES[kind], matches[0]["value"])
    for category, value in defaults.items():
        _set_default(row, category, str(value))
    _sync_main_fields(row)


def _salutation(values: dict) -> str:
    name = values.get("Name", "")
    if values.get("Anrede") == "Herr" and name:
        return f"Sehr geehrter Herr {name},"
    if values.get("Anrede") == "Frau" and name:
        return f"Sehr geehrte Frau {name},"
    return "Sehr geehrte Damen und Herren,"


def _duplicate_of(rows: list[dict], contacts: dict) -> dict | None:
    """checkDuplicate compares e-mail addresses; the lowest id wins
    (https://apidoc.onoffice.de/actions/datensatz-anlegen/adressen/)."""
    emails = {str(v).casefold() for k, v in contacts.items() if CONTACT_TYPES[k] == "email" and isinstance(v, str)}
    if not emails:
        return None
    return next((r for r in rows if any(c["value"].casefold() in emails for c in _contacts(r, "email"))), None)


@handles("address", ActionKind.CREATE)
def address_create(ctx: Context):
    values, contacts, defaults = _split_address_params(ctx.params)
    stamp = now_text(ctx.now)
    with store.writing("address") as writer:
        snap = store.snapshot("address")
        if bool_param(ctx.params, "checkDuplicate"):
            duplicate = _duplicate_of(snap.rows, contacts)
            if duplicate is not None:
                if not bool_param(ctx.params, "noOverrideByDuplicate"):
                    row = {**duplicate, **values, "Aenderung": stamp}
                    known = {c["value"].casefold() for c in duplicate.get("_contacts", ())}
                    fresh = {k: v for k, v in contacts.items() if str(v).casefold() not in known}
                    _apply_contact_changes(row, fresh, defaults, modify=False)
                    writer.put(duplicate["_id"], row, new=False)
                return created(duplicate["_id"], "address"), None
        address_id = writer.next_id()
        customer_no = max((r.get("KdNr", 0) for r in snap.rows), default=20000) + 1
        row = {"_id": address_id, "KdNr": customer_no, "Status": "1", "Status2Adr": "status2adr_active",
               "Land": "DEU", "SpracheKontakt": "DEU", "contactCategory": "privatperson", "Briefanrede": _salutation(values),
               **values, "Eintragsdatum": stamp[:10], "Aenderung": stamp, "uuid": str(uuid.uuid4())}
        _apply_contact_changes(row, contacts, defaults, modify=False)
        writer.put(address_id, row, new=True)
    return created(address_id, "address"), None


@handles("address", ActionKind.MODIFY)
def address_modify(ctx: Context):
    address_id = as_id(ctx.action.resourceid, error=ApiError(96))
    values, contacts, defaults = _split_address_params(ctx.params)
    with store.writing("address") as writer:
        existing = store.snapshot("address").by_id.get(address_id)
        if existing is None:
            raise ApiError(292)
        row = {**existing, **values, "Aenderung": now_text(ctx.now)}
        _apply_contact_changes(row, contacts, defaults, modify=True)
        writer.put(address_id, row, new=False)
    return success("address"), None


def address_ids_exist(ids: list[int]) -> None:
    by_id = store.snapshot("address").by_id
    for address_id in ids:
        if address_id not in by_id:
            raise ApiError(292)

