"""Appointments (`calendar`): read by id or by period, create, modify, delete.

Read (https://apidoc.onoffice.de/actions/datensatz-lesen/kalender-termin/): with a resource id one
appointment, else the appointments of a period (`datestart`/`dateend`, time part ignored) or of an
editing period (`modifiedstart`/`modifiedend`, ignored next to datestart/dateend). Without `users`,
`groups` or `allusers` only the appointments of the API user and its group come back; cancelled ones
only with `showcancelled`. There is no listlimit: one call answers at most 500 appointments, ordered by
start. Create/modify/delete: https://apidoc.onoffice.de/actions/datensatz-anlegen/termine/,
https://apidoc.onoffice.de/actions/datensatz-bearbeiten/appointments/ and
https://apidoc.onoffice.de/actions/datensatz-loeschen/appointments/.
"""

from __future__ import annotations

from datetime import datetime

from explorer.onoffice.actions import ActionKind

from .. import store
from ..catalog import API_ACCOUNT, GROUPS, USERS_BY_ID, USERS_BY_NAME
from ..models import Relation
from ..protocol import ApiError, Context
from ..query import apply_conditions, bool_param, compile_filter
from .appointments import (
    CALENDAR_ADDRESS,
    CALENDAR_ESTATE,
    DATA_FIELDS,
    FILTER_FIELDS,
    LOCATION_KEYS,
    MODULE,
    OFFICE,
    REMINDER_TYPES,
    blank,
    participants,
)
from .common import as_id, as_object, created, now_text, success
from .records import address_ids_exist, visible_estate
from .registry import handles

MAX_APPOINTMENTS = 500
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M",
                 "%d.%m.%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y")


def _moment(value) -> datetime:
    """A date as the calls take it; the PHP SDK's own test sends dd-mm-YYYY HH:ii:ss."""
    if not isinstance(value, str):
        raise ApiError(122)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    raise ApiError(122)


def _unknown(name: str) -> ApiError:
    return ApiError(154)


def _int_ids(value, error: ApiError) -> list[int]:
    if not isinstance(value, list):
        raise error
    return [as_id(v, error=error) for v in value]


def _audience(params: dict):
    """Who the period read is for: a test on a row, None for everyone (allusers)."""
    if bool_param(params, "allusers"):
        return None
    users = params.get("users")
    groups = params.get("groups")
    if users in (None, []) and groups in (None, []):
        return lambda row: API_ACCOUNT.id in participants(row)
    user_ids = set(_int_ids(users or [], ApiError(301)))
    group_ids = set(_int_ids(groups or [], ApiError(295)))
    if any(u not in USERS_BY_ID for u in user_ids):
        raise ApiError(184)
    if any(g not in GROUPS for g in group_ids):
        raise ApiError(272)
    return lambda row: bool(user_ids.intersection(participants(row)) or group_ids.intersection(row["groups"]))


def _period(params: dict):
    """A test on a row for the period asked for, by appointment dates or by editing dates."""
    start, end = params.get("datestart"), params.get("dateend")
    if start not in (None, "") or end not in (None, ""):
        if start in (None, ""):
            raise ApiError(91)
        if end in (None, ""):
            raise ApiError(92)
        first, last = _moment(start).date().isoformat(), _moment(end).date().isoformat()
        if first > last:
            raise ApiError(93)
        return lambda row: row["start_dt"][:10] <= last and row["end_dt"][:10] >= first
    low, high = params.get("modifiedstart"), params.get("modifiedend")
    if low in (None, "") and high in (None, ""):
        raise ApiError(289)
    low = _moment(low).strftime("%Y-%m-%d %H:%M:%S") if low not in (None, "") else ""
    high = _moment(high).strftime("%Y-%m-%d %H:%M:%S") if high not in (None, "") else "9999"
    if low > high:
        raise ApiError(288)
    return lambda row: low <= row["modified"] <= high


@handles(MODULE, ActionKind.READ)
def calendar_read(ctx: Context):
    params = ctx.params
    confirmation = bool_param(params, "showConfirmationStatus")
    conflicts = bool_param(params, "showConflicts")
    snap = store.snapshot(MODULE)
    single = ctx.action.resourceid not in ("", 0, "0")
    if single:
        if params.get("filter") not in (None, "", [], {}):
            raise ApiError(241)
        appointment_id = as_id(ctx.action.resourceid, error=ApiError(121))
        rows = snap.select(appointment_id)
        if not rows:
            raise ApiError(169)
    else:
        period = _period(params)
        audience = _audience(params)
        cancelled = bool_param(params, "showcancelled")
        rows = [r for r in snap.rows if period(r) and (cancelled or r["status"] != "canceled")
                and (audience is None or audience(r))]
        rows = apply_conditions(rows, compile_filter(params.get("filter"), FILTER_FIELDS, unknown_field=_unknown))
        rows = sorted(rows, key=lambda r: r["start_dt"])  # stable: equal starts stay in id order
    # Beyond 500 the answer is cut, cntabsolute still counts every match: a client can tell it should ask
    # for a shorter period, as the read page advises (the count past the cut is inferred).
    places = (store.snapshot("estate").by_id, store.snapshot("address").by_id)
    records = [{"id": r["_id"], "type": "calendar",
                "elements": _elements(r, places, confirmation=confirmation, hints=conflicts and single,
                                      all_rows=snap.rows)}
               for r in rows[:MAX_APPOINTMENTS]]
    return records, len(rows)


def _ort(row: dict, places: tuple[dict, dict]) -> str:
    location = row.get("location") or {}
    estates, addresses = places
    if "estate" in location:
        estate = estates.get(int(location["estate"])) or {}
        return _place(estate.get("strasse"), estate.get("hausnummer"), estate.get("plz"), estate.get("ort"))
    if "address" in location:
        address = addresses.get(int(location["address"])) or {}
        return _place(address.get("Strasse"), "", address.get("Plz"), address.get("Ort"))
    if location.get("mandant"):
        return OFFICE
    for key in ("sonstiges", "customVideoUrl"):
        if location.get(key):
            return str(location[key])
    if location.get("userMeetingUrl"):
        user = USERS_BY_ID.get(int(location["userMeetingUrl"]))
        return f"https://meet.sandbox-immobilien.example/{user.username}" if user else ""
    return ""


def _place(street, number, plz, city) -> str:
    line = " ".join(p for p in (street or "", number or "") if p)
    return f"{line}, {plz or ''} {city or ''}, Deutschland".replace("  ", " ")


def _user(user_id: int) -> dict:
    user = USERS_BY_ID[user_id]
    return {"id": str(user.id), "username": user.username, "firstName": user.firstname, "lastName": user.lastname,
            "email": user.email}


def _overall(statuses: list[str]) -> str:
    found = set(statuses) - {"not-set"}
    if not found:
        return "not-set"
    if found == {"confirmed", "canceled"}:
        return "confirmed and canceled"
    for status in ("sent", "confirmed", "canceled"):
        if status in found:
            return status
    return "not-set"


def _elements(row: dict, places: tuple[dict, dict], *, confirmation: bool, hints: bool, all_rows: list[dict]) -> dict:
    people = [USERS_BY_ID[u] for u in participants(row) if u in USERS_BY_ID]
    elements = {
        "start_dt": row["start_dt"], "end_dt": row["end_dt"], "description": row["description"], "note": row["note"],
        "ort": _ort(row, places), "art": {row["art"]: row["art"]} if row["art"] else [],
        "fuer": [f"{u.lastname}, {u.firstname} ({u.username})" for u in people],
        "groups": [GROUPS[g] for g in row["groups"] if g in GROUPS],
        "emails": {u.username: u.email for u in people} or [],
        "user_ids": [u.id for u in people], "ressources": list(row["ressources"]),
        "ressourcesWithKeys": {r: r for r in row["ressources"]} or [],
        "erinnerung": row["erinnerung"], "ganztags": bool(row["ganztags"]), "rp_flag": bool(row["rp_flag"]),
        "abgesagt": row["status"] == "canceled", "status": row["status"],
        "assignedaddressids": list(row["_addresses"]),
    }
    if confirmation:
        statuses = [row["confirmations"].get(str(a), "not-set") for a in row["_addresses"]]
        elements["confirmationStatus"] = _overall(statuses)
        elements["addresses"] = [{"id": a, "confirmationStatus": s} for a, s in zip(row["_addresses"], statuses,
                                                                                   strict=True)]
    elements.update({
        "assignedobjectids": list(row["_estates"]), "rp_type": row["rp_type"], "rp_tage": row["rp_tage"],
        "rp_beginn_datum": row["rp_beginn_datum"], "rp_ende_datum": row["rp_ende_datum"],
        "rp_ende_status": str(row["rp_ende_status"]), "allowTransitTime": bool(row["allowTransitTime"]),
        "transitTime": row["transitTime"], "transitTimePre": row["transitTimePre"],
        "transitTimePost": row["transitTimePost"],
        "rp_exception": [d for d in row["rp_exception"].split("#") if d], "ProjektNr": None, "von": row["von"],
        "private": str(row["private"]), "modified": row["modified"],
        "users": [_user(u) for u in row["users"] if u in USERS_BY_ID],
    })
    if hints:
        elements["hints"] = _hints(row, all_rows)
    return elements


def _hints(row: dict, rows: list[dict]) -> dict:
    """Overlaps with other appointments; none for private or recurring ones, as documented."""
    found = {"conflictedUsers": [], "conflictedResources": [], "conflictedAddresses": [], "conflictedEstates": []}
    if row["private"] or row["rp_flag"]:
        return found
    mine = (set(participants(row)), set(row["ressources"]), set(row["_addresses"]), set(row["_estates"]))
    seen = [set(), set(), set(), set()]
    for other in rows:
        if other["_id"] == row["_id"] or other["status"] == "canceled" or other["private"] or other["rp_flag"]:
            continue
        if other["start_dt"] < row["end_dt"] and other["end_dt"] > row["start_dt"]:
            theirs = (participants(other), other["ressources"], other["_addresses"], other["_estates"])
            for index, (wanted, present) in enumerate(zip(mine, theirs, strict=True)):
                seen[index].update(wanted.intersection(present))
    for key, ids in zip(found, seen, strict=True):
        found[key] = [{"id": i} for i in sorted(ids, key=str)]
    return found


# --- writes ----------------------------------------------------------------------------------

def _data_values(data) -> dict:
    values = {}
    for name, value in as_object(data, "data").items():
        kind = DATA_FIELDS.get(name)
        if kind is None:
            raise ApiError(154)
        values[name] = _value(name, kind, value)
    if "status" in values:  # status overrides abgesagt when both are given
        values["abgesagt"] = int(values["status"] == "canceled")
    elif "abgesagt" in values:
        values["status"] = "canceled" if values["abgesagt"] else "active"
    if "status" in values:
        values["erledigt"] = int(values["status"] == "completed")
    return values


def _value(name: str, kind, value):
    if kind == "bool":
        if isinstance(value, bool) or value in (0, 1, "0", "1", "true", "false"):
            return int(value in (True, 1, "1", "true"))
        raise ApiError(255, name)
    if kind == "int":
        if isinstance(value, bool) or not str(value).strip().isdecimal():
            raise ApiError(228, name)
        number = int(str(value).strip())
        if name == "rp_tage" and not 1 <= number <= 999 or name == "rp_ende_status" and number not in (0, 1, 2):
            raise ApiError(255, name)
        return number
    if kind == "datetime":
        return _moment(value).strftime("%Y-%m-%d %H:%M:%S")
    if kind == "date":
        return _moment(value).strftime("%Y-%m-%d")
    if kind == "time":
        if value is None:
            return None
        try:
            return datetime.strptime(str(value), "%H:%M:%S").strftime("%H:%M:%S")
        except ValueError:
            raise ApiError(255, name) from None
    if kind == "user":
        if str(value) not in USERS_BY_NAME:
            raise ApiError(251, value)
        return str(value)
    if kind == "text":
        if isinstance(value, (list, dict)):
            raise ApiError(227, name)
        return "" if value is None else str(value)
    if name == "ressources":
        if not isinstance(value, list):
            raise ApiError(74)
        for item in value:
            if item not in kind:
                raise ApiError(252, name)
        return list(dict.fromkeys(value))
    if value not in kind:
        raise ApiError(252 if name == "art" else 255, name)
    return value


def _subscribers(params: dict) -> tuple[list[int], list[int]] | None:
    if "subscribers" not in params:
        return None
    value = as_object(params["subscribers"], "subscribers")
    users = _int_ids(value.get("users", []), ApiError(301))
    groups = _int_ids(value.get("groups", []), ApiError(295))
    if any(u not in USERS_BY_ID for u in users):
        raise ApiError(184)
    if any(g not in GROUPS for g in groups):
        raise ApiError(272)
    return list(dict.fromkeys(users)), list(dict.fromkeys(groups))


def _location(params: dict) -> dict | None:
    if "location" not in params:
        return None
    value = as_object(params["location"], "location")
    if len(value) > 1:
        raise ApiError(290)
    for key, item in value.items():
        if key not in LOCATION_KEYS:
            raise ApiError(290)
        if key in ("address", "estate", "user", "group", "userMeetingUrl"):
            as_id(item, error=ApiError(290))
    return dict(value)


def _settle_location(row: dict) -> None:
    """A location naming a record the appointment is not linked to is entered as "other" (sonstiges)."""
    location = row["location"]
    linked = {"address": row["_addresses"], "estate": row["_estates"], "user": participants(row),
              "group": row["groups"]}
    for key, ids in linked.items():
        if key in location and int(location[key]) not in ids:
            row["location"] = {"sonstiges": str(location[key])}


def _links(ctx: Context, params: dict) -> tuple[list[int] | None, int | None]:
    addresses = params.get("relatedAddressIds")
    if addresses is not None:
        addresses = _int_ids(addresses, ApiError(99))
        address_ids_exist(addresses)
    estate = params.get("relatedEstateId", ...)
    if estate is ...:
        return addresses, None
    if estate in (None, 0, "0", ""):
        return addresses, 0
    estate_id = as_id(estate, error=ApiError(65))
    if visible_estate(ctx, estate_id) is None:
        raise ApiError(293)
    return addresses, estate_id


def _apply(ctx: Context, row: dict, *, replace_addresses: bool) -> dict:
    params = ctx.params
    row.update(_data_values(params.get("data", {})))
    if not row["start_dt"]:
        raise ApiError(91)
    if not row["end_dt"]:
        raise ApiError(92)
    if row["start_dt"] > row["end_dt"]:
        raise ApiError(93)
    addresses, estate = _links(ctx, params)
    if addresses is not None or replace_addresses:
        kept = [] if replace_addresses else row["_addresses"]
        row["_addresses"] = list(dict.fromkeys([*kept, *(addresses or [])]))
    if estate is not None:
        row["_estates"] = [estate] if estate else []
    subscribers = _subscribers(params)
    if subscribers is not None:
        row["users"], row["groups"] = subscribers
    location = _location(params)
    if location is not None:
        row["location"] = location
    types = params.get("reminderTypes")
    if types is not None:
        if not isinstance(types, list):
            raise ApiError(74)
        if any(t not in REMINDER_TYPES for t in types):
            raise ApiError(255, "reminderTypes")
        row["reminderTypes"] = list(dict.fromkeys(types))
    _settle_location(row)
    row["confirmations"] = {k: v for k, v in row["confirmations"].items() if int(k) in row["_addresses"]}
    row["modified"] = now_text(ctx.now)
    return row


def _link(appointment_id: int, row: dict | None) -> None:
    """Keep calendar:address and calendar:estate in step, so idsfromrelation finds them."""
    with store.writing_relations():
        for relationtype, key in ((CALENDAR_ADDRESS, "_addresses"), (CALENDAR_ESTATE, "_estates")):
            ids = row[key] if row else []
            Relation.objects.filter(relationtype=relationtype, parent_id=appointment_id).exclude(
                child_id__in=ids).delete()
            for child in ids:
                Relation.objects.get_or_create(relationtype=relationtype, parent_id=appointment_id, child_id=child)


@handles(MODULE, ActionKind.CREATE)
def calendar_create(ctx: Context):
    stamp = now_text(ctx.now)
    row = _apply(ctx, {**blank(API_ACCOUNT.username, stamp), "users": [API_ACCOUNT.id]}, replace_addresses=False)
    with store.writing(MODULE) as writer:
        appointment_id = writer.next_id()
        writer.put(appointment_id, row, new=True)
    _link(appointment_id, row)
    return created(appointment_id, "calendar"), None


def _existing(ctx: Context) -> tuple[int, dict]:
    rid = ctx.action.resourceid
    if rid in ("", 0, "0"):
        raise ApiError(117)
    appointment_id = as_id(rid, error=ApiError(121))
    row = store.snapshot(MODULE).by_id.get(appointment_id)
    if row is None:
        raise ApiError(169)
    return appointment_id, row


@handles(MODULE, ActionKind.MODIFY)
def calendar_modify(ctx: Context):
    replace = bool_param(ctx.params, "replaceAddressIds")
    with store.writing(MODULE) as writer:
        appointment_id, existing = _existing(ctx)
        row = _apply(ctx, {k: v for k, v in existing.items() if k != "_id"}, replace_addresses=replace)
        writer.put(appointment_id, row, new=False)
    _link(appointment_id, row)
    return success("calendar"), None


@handles(MODULE, ActionKind.DELETE)
def calendar_delete(ctx: Context):
    with store.writing(MODULE) as writer:
        appointment_id, _ = _existing(ctx)
        writer.delete(appointment_id)
    _link(appointment_id, None)
    return success("calendar"), None
