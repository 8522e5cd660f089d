"""Agents log (activities: read, create) and tasks (read, create, modify).

Agents log entries are read newest first; `Benutzer`, `Adress_nr`, `Objekt_nr` and `dauer` cannot be
filtered (https://apidoc.onoffice.de/actions/datensatz-lesen/maklerbuch/). Create takes the German
names of kinds and types of action and writes one entry per address
(https://apidoc.onoffice.de/actions/datensatz-anlegen/maklerbuch-aktivitaeten/). Task fields: 138 for
unknown names (https://apidoc.onoffice.de/actions/datensatz-lesen/tasks/).
"""

from __future__ import annotations

import math

from explorer.onoffice.actions import RELATION_PREFIX, ActionKind

from .. import store
from ..catalog import API_ACCOUNT, USERS_BY_ID, USERS_BY_NAME
from ..fieldconfig import (
    ACTION_KINDS,
    ADVISORY_LEVELS,
    AGENTSLOG,
    CANCELLATION_REASONS,
    FEATURES,
    HERKUNFT_KONTAKT,
    TASK,
)
from ..models import Relation
from ..protocol import ApiError, Context
from ..query import apply_conditions, compile_filter, formatter, page, parse_sort, sort_rows
from .common import as_id, as_object, coerce, created, data_fields, id_list, now_text, output_options, resource_id, success
from .records import address_ids_exist, visible_estate
from .registry import handles

AGENTSLOG_NEWEST_FIRST = [("Datum", True), ("Nr", True)]
LINKS = {"agentslog": (RELATION_PREFIX + "agentsLog:address", RELATION_PREFIX + "agentsLog:estate"),
         "task": (RELATION_PREFIX + "task:address", RELATION_PREFIX + "task:estate")}


def _link(module: str, record_id: int, addresses: list[int] | None, estates: list[int] | None) -> None:
    """Keep the relations of an entry in step with it, so idsfromrelation finds new entries too."""
    with store.writing_relations():
        for relationtype, ids in zip(LINKS[module], (addresses, estates), strict=True):
            if ids is None:
                continue
            Relation.objects.filter(relationtype=relationtype, parent_id=record_id).exclude(child_id__in=ids).delete()
            for child in ids:
                Relation.objects.get_or_create(relationtype=relationtype, parent_id=record_id, child_id=child)


def _check_links(ctx: Context, addresses, estates) -> None:
    """The addresses and estates an entry links to must exist (and the estates be visible)."""
    address_ids_exist(addresses or [])
    for estate_id in estates or []:
        if visible_estate(ctx, estate_id) is None:
            raise ApiError(293)


def agentslog_unknown(name: str) -> ApiError:
    return ApiError(75, name)


def task_unknown(name: str) -> ApiError:
    return ApiError(138)


@handles("agentslog", ActionKind.READ)
def agentslog_read(ctx: Context):
    params = ctx.params
    names = data_fields(params, AGENTSLOG, agentslog_unknown)
    formatoutput, outputlanguage = output_options(params)
    rows = store.snapshot("agentslog").select(resource_id(ctx.action))
    for param, column in (("estateid", "Objekt_nr"), ("addressid", "Adress_nr")):
        ids = id_list(params, param, allow_scalar=True)
        if ids is not None:
            wanted = set(ids)
            rows = [r for r in rows if wanted.intersection(r.get(column, ()))]
    if params.get("projectid") not in (None, ""):
        rows = []  # the demo client has no projects
    rows = apply_conditions(rows, compile_filter(params.get("filter"), AGENTSLOG, unknown_field=agentslog_unknown))
    # Objekt_nr and Adress_nr hold lists of ids, unordered like the other fields that cannot be filtered.
    sortable = {name: f for name, f in AGENTSLOG.items() if not f.idlist}
    rows = sort_rows(rows, parse_sort(params, sortable) or AGENTSLOG_NEWEST_FIRST, AGENTSLOG)
    window = page(rows, params)
    formatters = [(name, formatter(AGENTSLOG[name], formatoutput, outputlanguage)) for name in names]
    full_mail = params.get("fullmail") in (True, 1, "1", "true")
    records = []
    for row in window.rows:
        elements = {name: fmt(row) for name, fmt in formatters}
        if full_mail:
            elements["mailbody"] = row.get("_mailbody", "")
        records.append({"id": row["_id"], "type": "agentslog", "elements": elements})
    return records, window.total


def _number(params: dict, name: str, code: int) -> float | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    try:
        number = float(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
    except (ValueError, OverflowError):
        number = None
    if number is None or not math.isfinite(number) or number < 0:
        raise ApiError(code, value)
    return number


def _key(params: dict, name: str, allowed, code: int) -> str:
    """A key of a select-like parameter ("" when not given); anything else fails with the parameter's code."""
    value = params.get(name) or ""
    if value and (not isinstance(value, str) or value not in allowed):
        raise ApiError(code, value)
    return value


@handles("agentslog", ActionKind.CREATE)
def agentslog_create(ctx: Context):
    params = ctx.params
    kind = _key(params, "actionkind", ACTION_KINDS, 100)
    action_type = _key(params, "actiontype", ACTION_KINDS[kind][1] if kind else {}, 101)
    origin = _key(params, "origincontact", HERKUNFT_KONTAKT, 220)
    features = params.get("features") or []
    features = features if isinstance(features, list) else [features]
    for feature in features:
        if not isinstance(feature, str) or feature not in FEATURES:
            raise ApiError(221, feature)
    cost = _number(params, "cost", 222)
    duration = _number(params, "duration", 223)
    level = _key(params, "advisorylevel", ADVISORY_LEVELS, 225)
    if params.get("reasoncancellation") and level != "G":
        raise ApiError(224)
    reason = _key(params, "reasoncancellation", CANCELLATION_REASONS, 226)
    address_ids = id_list(params, "addressids") or []
    estate_id = params.get("estateid")
    estate_ids = [as_id(estate_id, error=ApiError(65))] if estate_id not in (None, "") else []
    if not address_ids and not estate_ids:
        raise ApiError(98)
    _check_links(ctx, address_ids, estate_ids)
    user = API_ACCOUNT
    if params.get("userid") not in (None, ""):
        user = USERS_BY_ID.get(as_id(params["userid"], error=ApiError(186)))
        if user is None:
            raise ApiError(184)
    stamp = now_text(ctx.now)
    when = coerce(AGENTSLOG["Datum"], params["datetime"]) if params.get("datetime") else stamp
    entry = {
        "Objekt_nr": estate_ids, "Aktionsart": kind, "Aktionstyp": action_type, "Datum": when, "created": stamp,
        "Benutzer": user.username, "Benutzer_nr": user.id, "Kosten": cost or 0.0, "Bemerkung": str(params.get("note") or ""),
        "merkmal": features, "HerkunftKontakt": [origin] if origin else [], "dauer": int(duration or 0),
        "Beratungsebene": ADVISORY_LEVELS[level][0] if level else "", "Absagegrund": reason,
    }
    address_groups = [[a] for a in address_ids] or [[]]  # one entry per address
    new_ids = []
    with store.writing("agentslog") as writer:
        for address_group in address_groups:
            entry_id = writer.next_id()
            writer.put(entry_id, {**entry, "Nr": entry_id, "Adress_nr": address_group}, new=True)
            new_ids.append(entry_id)
    for entry_id, address_group in zip(new_ids, address_groups, strict=True):
        _link("agentslog", entry_id, address_group, estate_ids)
    return created(new_ids[0], "agentsLog"), None


# --- tasks -----------------------------------------------------------------------------------

def _task_links(params: dict) -> tuple[list[int] | None, list[int] | None]:
    addresses = id_list(params, "relatedAddressId", allow_scalar=True)
    estates = id_list(params, "relatedEstateId", allow_scalar=True)
    return addresses, estates


@handles("task", ActionKind.READ)
def task_read(ctx: Context):
    """One page only: the real endpoint refuses `listoffset` (144 "Invalid field in input data") and counts in
    cntabsolute the rows it returns, not all that match, as the maintainers of a public PHP client document
    (apidoc says neither)."""
    params = ctx.params
    if "listoffset" in params:
        raise ApiError(144, "listoffset")
    # Nr is filter-only (https://apidoc.onoffice.de/actions/datensatz-lesen/tasks/).
    readable = {name: f for name, f in TASK.items() if name != "Nr"}
    names = data_fields(params, readable, task_unknown)
    formatoutput, outputlanguage = output_options(params)
    rows = store.snapshot("task").select(resource_id(ctx.action))
    addresses, estates = _task_links(params)
    if addresses is not None:
        rows = [r for r in rows if set(addresses).intersection(r.get("_addresses", ()))]
    if estates is not None:
        rows = [r for r in rows if set(estates).intersection(r.get("_estates", ()))]
    rows = apply_conditions(rows, compile_filter(params.get("filter"), TASK, unknown_field=task_unknown))
    rows = sort_rows(rows, parse_sort(params, readable), readable)
    window = page(rows, params)
    formatters = [(name, formatter(TASK[name], formatoutput, outputlanguage)) for name in names]
    records = []
    for row in window.rows:
        elements = {name: fmt(row) for name, fmt in formatters}
        # The linked records come back when they were asked for (second example on
        # https://apidoc.onoffice.de/actions/datensatz-lesen/tasks/).
        if addresses is not None:
            elements["relatedAddressId"] = [str(i) for i in row.get("_addresses", ())]
        if estates is not None:
            elements["relatedEstateId"] = [str(i) for i in row.get("_estates", ())]
        records.append({"id": row["_id"], "type": "task", "elements": elements})
    return records, len(records)


def _task_values(data) -> dict:
    values = {}
    for name, value in as_object(data, "data").items():
        field = TASK.get(name)
        if field is None:
            raise ApiError(138)
        values[name] = coerce(field, value)
    for name in ("Verantwortung", "Bearbeiter"):
        if values.get(name) and values[name] not in USERS_BY_NAME:
            raise ApiError(251, values[name])
    return values


@handles("task", ActionKind.CREATE)
def task_create(ctx: Context):
    values = _task_values(ctx.params.get("data"))
    addresses, estates = _task_links(ctx.params)
    _check_links(ctx, addresses, estates)
    stamp = now_text(ctx.now)
    with store.writing("task") as writer:
        task_id = writer.next_id()
        row = {"Prio": "3", "Status": "1", **values, "Nr": task_id, "Eintragsdatum": stamp, "modified": stamp,
               "von": API_ACCOUNT.username, "_addresses": addresses or [], "_estates": estates or []}
        writer.put(task_id, row, new=True)
    _link("task", task_id, addresses or [], estates or [])
    return created(task_id, "task"), None


@handles("task", ActionKind.MODIFY)
def task_modify(ctx: Context):
    task_id = as_id(ctx.action.resourceid, error=ApiError(79))
    values = _task_values(ctx.params.get("data"))
    addresses, estates = _task_links(ctx.params)
    _check_links(ctx, addresses, estates)
    with store.writing("task") as writer:
        existing = store.snapshot("task").by_id.get(task_id)
        if existing is None:
            raise ApiError(80)
        row = {**existing, **values, "modified": now_text(ctx.now)}
        if addresses is not None:
            row["_addresses"] = addresses
        if estates is not None:
            row["_estates"] = estates
        writer.put(task_id, row, new=False)
    _link("task", task_id, addresses, estates)
    return success("task"), None
