"""Quick search (`search` with resourceid estate or address) and search criteria (`searchcriteria`
create/modify/delete, `searchcriterias` get).

Quick search splits `input` into words that must all match
(https://apidoc.onoffice.de/actions/informationen-abfragen/suche/): estates in objektnr_extern, ort, strasse,
hausnummer and the owner's Vorname/Name; addresses in Vorname, Name, Zusatz1, default
e-mail and KdNr (all e-mails and phone numbers with includecontactdata). Search criteria store selects
as key lists and ranges as [from, to]; `searchcriterias` answers them with `range_<field>` and `_meta`.
"""

from __future__ import annotations

from explorer.onoffice.actions import RELATION_PREFIX, ActionKind

from .. import store
from ..catalog import API_ACCOUNT, USERS_BY_ID
from ..fieldconfig import (
    ADDRESS,
    ESTATE,
    OBJEKTART,
    SEARCHCRITERIA_BOOLEANS,
    SEARCHCRITERIA_LOCATION,
    SEARCHCRITERIA_RANGES,
    SEARCHCRITERIA_SELECTS,
    Field,
)
from ..models import Relation
from ..protocol import ApiError, Context
from ..query import apply_conditions, bool_param, compile_filter, page, parse_sort, sort_rows
from .common import as_id, as_object, created, criteria_number, id_list, now_text, success
from .criteria_search import search_criteria
from .records import address_ids_exist, address_unknown, estate_unknown, saved_filter, visible_estates
from .registry import handles

OWNER = RELATION_PREFIX + "estate:address:owner"
ADDRESS_SEARCHCRITERIA = RELATION_PREFIX + "address:searchcriteria"
ESTATE_SEARCH_SORT = ("objektnr_extern", "ort", "strasse", "hausnummer")
ADDRESS_SEARCH_SORT = ("KdNr", "Vorname", "Name", "Zusatz1", "contactCategory", "Email")


@handles("search", ActionKind.GET)
def search_get(ctx: Context):
    target = ctx.action.resourceid
    if target == "estate":
        return _search_estates(ctx)
    if target == "address":
        return _search_addresses(ctx)
    if target == "searchcriteria":
        return search_criteria(ctx)
    raise ApiError(24, target)


def _words(params: dict, *, required: bool) -> list[str]:
    text = params.get("input")
    if text is None or (isinstance(text, str) and not text.strip()):
        if required:
            raise ApiError(69)
        return []
    if not isinstance(text, (str, int)):
        raise ApiError(227, "input")
    return str(text).split()


def _search_sort(params: dict, allowed) -> list[tuple[str, bool]]:
    sortby = params.get("sortby")
    if sortby in (None, ""):
        return []
    if not isinstance(sortby, str) or sortby not in allowed:
        raise ApiError(212)
    order = str(params.get("sortorder") or "ASC").upper()
    if order not in ("ASC", "DESC"):
        raise ApiError(255, "sortorder")
    return [(sortby, order == "DESC")]


def _search_estates(ctx: Context):
    params = ctx.params
    words = [w.casefold() for w in _words(params, required=False)]
    thumbnail = params.get("includeThumbnail")
    if thumbnail not in (None, "", "small", "medium"):
        raise ApiError(255, "includeThumbnail")
    relations = store.relations()
    addresses = store.snapshot("address").by_id

    def owner(row):
        owners = [addresses[a] for a in relations.children.get((OWNER, row["_id"]), ()) if a in addresses]
        return f"{owners[0].get('Vorname', '')} {owners[0].get('Name', '')}".strip() if owners else ""

    rows = visible_estates(ctx)
    conditions = saved_filter({"filterid": params.get("filterId")}, "estate", ESTATE, estate_unknown)
    conditions += compile_filter(params.get("filter"), ESTATE, unknown_field=estate_unknown)
    rows = apply_conditions(rows, conditions)
    if words:
        def matches(row):
            haystack = [str(row.get(k) or "").casefold() for k in ESTATE_SEARCH_SORT] + [owner(row).casefold()]
            return all(any(word in text for text in haystack) for word in words)
        rows = [row for row in rows if matches(row)]
    rows = sort_rows(rows, _search_sort(params, ESTATE_SEARCH_SORT), ESTATE)
    window = page(rows, params)
    records = []
    for row in window.rows:
        elements = {
            "externalestateno": row.get("objektnr_extern", ""), "zipcode": row.get("plz", ""),
            "city": row.get("ort", ""), "street": row.get("strasse", ""), "houseno": row.get("hausnummer", ""),
            "owner": owner(row), "type": OBJEKTART.get(row.get("objektart"), ("",))[0],
        }
        if thumbnail:
            elements["thumbnail"] = f"{ctx.base_url}/sandbox/pictures/{row['_id']}/{row['_id'] * 10}.svg?size={thumbnail}"
        records.append({"id": row["_id"], "type": "estate", "elements": elements})
    return records, None  # the quick search reports no count (nor does the vendor's example)


def _search_addresses(ctx: Context):
    params = ctx.params
    words = _words(params, required=True)
    case_sensitive = bool_param(params, "casesensitive")
    contact_data = bool_param(params, "includecontactdata")
    fields = params.get("searchparameter")
    if fields is not None:
        if not isinstance(fields, list) or not fields:
            raise ApiError(74)
        for name in fields:
            if name not in ADDRESS:
                raise address_unknown(name)
    else:
        fields = ["Vorname", "Name", "Zusatz1", "Email", "KdNr"]
    fold = (lambda s: s) if case_sensitive else str.casefold
    words = [fold(w) for w in words]

    def haystack(row):
        values = [str(row.get(name) or "") for name in fields]
        if contact_data:
            values += [c["value"] for c in row.get("_contacts", ()) if c["type"] != "fax"]
        return [fold(v) for v in values]

    rows = [r for r in store.snapshot("address").rows
            if all(any(word in text for text in haystack(r)) for word in words)]
    rows = sort_rows(rows, _search_sort(params, ADDRESS_SEARCH_SORT), ADDRESS)
    window = page(rows, params)
    records = []
    for row in window.rows:
        emails = [c["value"] for c in row.get("_contacts", ()) if c["type"].startswith("email")]
        name = f"{row.get('Vorname', '')} {row.get('Name', '')}".strip()
        records.append({"id": row["_id"], "type": "address", "elements": {
            "customerno": row.get("KdNr"), "firstname": row.get("Vorname", ""), "surname": row.get("Name", ""),
            "company": row.get("Zusatz1", ""), "addressDescription": name or row.get("Zusatz1", ""),
            "emailaddress": emails, "primaryEmail": row.get("Email", "")}})
    return records, None


# --- search criteria -------------------------------------------------------------------------

def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _criteria_values(data, row: dict) -> dict:
    """Apply a `data` object of searchcriteria create/modify to a stored criteria row."""
    row = {**row, "values": dict(row.get("values", {})), "location": dict(row.get("location", {}))}
    for key, value in as_object(data, "data").items():
        base, _, bound = key.rpartition("__") if "__" in key else (key, "", "")
        if key in SEARCHCRITERIA_SELECTS:
            keys = [str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]
            for k in keys:
                if k not in SEARCHCRITERIA_SELECTS[key]:
                    raise ApiError(76, k)
            row["values"][key] = keys
        elif key in SEARCHCRITERIA_RANGES:
            if not isinstance(value, list) or len(value) != 2:
                raise ApiError(255, key)
            row["values"][key] = [criteria_number(value[0], key), criteria_number(value[1], key)]
        elif base in SEARCHCRITERIA_RANGES and bound in ("von", "bis"):
            current = list(row["values"].get(base, [0.0, 0.0]))
            current[0 if bound == "von" else 1] = criteria_number(value, key)
            row["values"][base] = current
        elif key in SEARCHCRITERIA_BOOLEANS:
            row["values"][key] = int(value in (True, 1, "1", "true"))
        elif key in SEARCHCRITERIA_LOCATION:
            row["location"][key] = str(value)
        elif key == "advisor":
            advisor = as_id(value, error=ApiError(184))
            if advisor not in USERS_BY_ID:
                raise ApiError(184)
            row["advisor"] = advisor
        elif key == "krit_bemerkung_oeffentlich":
            row["publicnote"] = str(value)
        elif key == "krit_bemerkung":
            row["note"] = str(value)
        else:
            raise ApiError(75, key)
    return row


def _criteria_address(params: dict) -> int:
    # The vendor's parameter list spells it `adressid`, its example and onOffice's WordPress plugin use
    # `addressid` (https://apidoc.onoffice.de/actions/datensatz-anlegen/suchkriterien/).
    value = params.get("addressid", params.get("adressid"))
    if value in (None, ""):
        raise ApiError(167, "addressid")
    address_id = as_id(value, error=ApiError(292))
    address_ids_exist([address_id])
    return address_id


@handles("searchcriteria", ActionKind.CREATE)
def searchcriteria_create(ctx: Context):
    address_id = _criteria_address(ctx.params)
    stamp = now_text(ctx.now)
    row = _criteria_values(ctx.params.get("data"), {
        "address": address_id, "advisor": API_ACCOUNT.id, "creator": API_ACCOUNT.id, "creationdate": stamp,
        "editdate": stamp, "status": 1, "publicnote": "", "note": "", "kocriterias": [],
        "characteristic": "manual_saved"})
    with store.writing("searchcriteria") as writer:
        criteria_id = writer.next_id()
        writer.put(criteria_id, row, new=True)
    with store.writing_relations():
        Relation.objects.get_or_create(relationtype=ADDRESS_SEARCHCRITERIA, parent_id=address_id, child_id=criteria_id)
    return created(criteria_id, "searchcriteria"), None


def _existing_criteria(ctx: Context) -> tuple[int, dict]:
    criteria_id = as_id(ctx.action.resourceid, error=ApiError(95))
    row = store.snapshot("searchcriteria").by_id.get(criteria_id)
    if row is None:
        raise ApiError(95)
    return criteria_id, row


@handles("searchcriteria", ActionKind.MODIFY)
def searchcriteria_modify(ctx: Context):
    params = ctx.params
    with store.writing("searchcriteria") as writer:
        criteria_id, row = _existing_criteria(ctx)
        row = _criteria_values(params.get("data", {}), row)
        if "sys_status" in params:
            row["status"] = int(str(params["sys_status"]) == "1")
        if "sysExpiryDate" in params:
            row["expiry"] = str(params["sysExpiryDate"] or "")
        if "sys_ko" in params:
            ko = params["sys_ko"] if isinstance(params["sys_ko"], list) else [params["sys_ko"]]
            for name in ko:
                if name not in SEARCHCRITERIA_SELECTS and name not in SEARCHCRITERIA_RANGES:
                    raise ApiError(75, name)
            row["kocriterias"] = list(ko)
        row["editdate"] = now_text(ctx.now)
        writer.put(criteria_id, row, new=False)
    return success("searchcriteria"), None


@handles("searchcriteria", ActionKind.DELETE)
def searchcriteria_delete(ctx: Context):
    with store.writing("searchcriteria") as writer:
        criteria_id, _ = _existing_criteria(ctx)
        writer.delete(criteria_id)
    with store.writing_relations():
        Relation.objects.filter(relationtype=ADDRESS_SEARCHCRITERIA, child_id=criteria_id).delete()
    return success("searchcriteria"), None


# `_meta` fields of search criteria, filterable and sortable in searchcriterias get
# (https://apidoc.onoffice.de/actions/informationen-abfragen/suchkriterien/).
META_FIELDS = {f.name: f for f in (
    Field("internaladdressid", "integer", ("", "")), Field("externaladdressid", "integer", ("", "")),
    Field("advisor", "integer", ("", "")), Field("creator", "integer", ("", "")),
    Field("creationdate", "datetime", ("", "")), Field("editdate", "datetime", ("", "")),
    Field("status", "integer", ("", "")), Field("publicnote", "text", ("", "")),
    Field("characteristic", "varchar", ("", "")),
    Field("kocriterias", "multiselect", ("", ""), values={k: (k, k) for k in (*SEARCHCRITERIA_SELECTS,
                                                                              *SEARCHCRITERIA_RANGES)}),
)}


def _meta(row: dict, addresses: dict[int, dict]) -> dict:
    return {"_id": row["_id"], "internaladdressid": row["address"],
            "externaladdressid": addresses.get(row["address"], {}).get("KdNr", 0), "advisor": row["advisor"],
            "creator": row["creator"], "creationdate": row["creationdate"], "editdate": row["editdate"],
            "status": row["status"], "publicnote": row["publicnote"], "characteristic": row["characteristic"],
            "kocriterias": row["kocriterias"], "_row": row}


@handles("searchcriterias", ActionKind.GET)
def searchcriterias_get(ctx: Context):
    params = ctx.params
    mode = params.get("mode")
    if mode in (None, ""):
        raise ApiError(167, "mode")
    if mode not in ("internal", "external", "searchcriteria", "filter"):
        raise ApiError(204)
    addresses = store.snapshot("address").by_id
    rows = [_meta(r, addresses) for r in store.snapshot("searchcriteria").rows]
    if mode == "filter":
        if params.get("filter") in (None, "", [], {}):
            raise ApiError(167, "filter")
    else:
        ids = set(id_list(params, "ids", required=True))
        column = {"internal": "internaladdressid", "external": "externaladdressid", "searchcriteria": "_id"}[mode]
        rows = [r for r in rows if r[column] in ids]
    rows = apply_conditions(rows, compile_filter(params.get("filter"), META_FIELDS, unknown_field=address_unknown))
    rows = sort_rows(rows, parse_sort(params, META_FIELDS), META_FIELDS)
    window = page(rows, params)
    records = []
    for meta in window.rows:
        row = meta["_row"]
        elements = {}
        for key, value in row["values"].items():
            if key in SEARCHCRITERIA_RANGES:
                elements[f"range_{key}"] = [_number_text(v) for v in value]
            elif key in SEARCHCRITERIA_BOOLEANS:
                elements[key] = str(value)
            else:
                elements[key] = value
        if row["location"]:
            elements["Range"] = dict(row["location"])
        elements["_meta"] = {k: (v if k == "kocriterias" else str(v)) for k, v in meta.items()
                             if not k.startswith("_")}
        records.append({"id": row["_id"], "type": "searchcriteria", "elements": elements})
    return records, window.total

