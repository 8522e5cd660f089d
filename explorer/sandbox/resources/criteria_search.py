"""Search for suitable search criteria (`search` get with resourceid `searchcriteria`).

https://apidoc.onoffice.de/actions/informationen-abfragen/suche-nach-passenden-suchkriterien/:
`searchdata` describes a property (field -> value); a criterion fits when each given value lies in its
range, is among its selected keys, or (range_plz/range_ort/coordinates) its search radius reaches the
place. Paging here is `offset` and `limit` (default 10; 0 answers only the count), not listlimit;
`groupbyaddress` (default true) keeps one criterion per address. Only active criteria are searched
(inferred: the call serves matching, and inactive criteria take no part in it in enterprise).
Elements look like onOffice's WordPress plugin fixture (github.com/onOffice-Web-Org/oo-wp-plugin,
tests/resources/FormPostApplicantSearch/ApiResponseGetSearchSearchCriteria.json).
"""

from __future__ import annotations

from .. import store
from ..fieldconfig import (
    SEARCHCRITERIA_BOOLEANS,
    SEARCHCRITERIA_LOCATION,
    SEARCHCRITERIA_RANGES,
    SEARCHCRITERIA_SELECTS,
)
from ..geo import _distance_km, _place_center
from ..protocol import ApiError, Context
from ..query import bool_param, int_param
from .common import as_object, criteria_number

LIMIT_DEFAULT = 10
_COORDINATES = ("range_breitengrad", "range_laengengrad")
SEARCHABLE = frozenset({*SEARCHCRITERIA_SELECTS, *SEARCHCRITERIA_RANGES, *SEARCHCRITERIA_BOOLEANS,
                        *SEARCHCRITERIA_LOCATION, *_COORDINATES})


def _center(row: dict) -> tuple[float, float] | None:
    location = row.get("location", {})
    return _place_center(str(location.get("range_plz") or ""), str(location.get("range_ort") or ""))


def _conditions(searchdata: dict) -> list:
    conditions = []
    place = {k: searchdata[k] for k in ("range_plz", "range_ort", *_COORDINATES) if searchdata.get(k) not in (None, "")}
    for name, value in searchdata.items():
        if name not in SEARCHABLE:
            raise ApiError(75, name)
        if name in place or value in (None, ""):
            continue
        if name in SEARCHCRITERIA_SELECTS:
            keys = {str(v).casefold() for v in (value if isinstance(value, list) else [value])}
            conditions.append(lambda row, n=name, k=keys: not row["values"].get(n)
                              or bool(k.intersection(v.casefold() for v in row["values"][n])))
        elif name in SEARCHCRITERIA_RANGES:
            number = criteria_number(value, name)
            conditions.append(lambda row, n=name, x=number: n not in row["values"] or (
                row["values"][n][0] <= x and (not row["values"][n][1] or x <= row["values"][n][1])))
        elif name in SEARCHCRITERIA_BOOLEANS:
            wanted = int(value in (True, 1, "1", "true"))
            conditions.append(lambda row, n=name, w=wanted: int(row["values"].get(n, 0)) == w)
        else:  # range, range_land, range_strasse, range_hausnummer: compared as given
            conditions.append(lambda row, n=name, t=str(value).casefold():
                              str(row["location"].get(n, "")).casefold() == t)
    if place:
        conditions.append(_reaches(place))
    return conditions


def _reaches(place: dict):
    if all(k in place for k in _COORDINATES):
        center = (criteria_number(place["range_breitengrad"], "range_breitengrad"),
                  criteria_number(place["range_laengengrad"], "range_laengengrad"))
    elif any(k in place for k in _COORDINATES):
        raise ApiError(164)
    else:
        center = _place_center(str(place.get("range_plz") or ""), str(place.get("range_ort") or ""))
    if center is None:
        return lambda row: False

    def reaches(row):
        mine = _center(row)
        if mine is None:
            return False
        radius = float(row["location"].get("range") or 0)
        return _distance_km(center, mine) <= radius
    return reaches


def _money(value: float) -> str:
    return f"{value:.2f}"


def elements(row: dict) -> dict:
    """Every field of a criterion the way this call answers it (outputall)."""
    out = {"Id": str(row["_id"]), "adresse": str(row["address"])}
    for key, value in row["values"].items():
        if key in SEARCHCRITERIA_RANGES:
            for bound, number in zip(("von", "bis"), value, strict=True):
                if number:
                    out[f"{key}__{bound}"] = _money(number)
        elif key in SEARCHCRITERIA_BOOLEANS:
            out[key] = str(value)
        elif key == "regionaler_zusatz":
            out[key] = list(value)
        else:
            out[key] = value[0] if len(value) == 1 else list(value)
    center = _center(row)
    out["range_breitengrad"], out["range_laengengrad"] = (f"{c:.5f}" for c in (center or (0.0, 0.0)))
    for key in SEARCHCRITERIA_LOCATION:
        if row["location"].get(key) not in (None, ""):
            out[key] = str(row["location"][key])
    return out


def _fields(params: dict) -> list[str] | None:
    if bool_param(params, "outputall"):
        return None
    names = params.get("outputfields")
    if names in (None, ""):
        return ["Id"]
    if not isinstance(names, list):
        raise ApiError(74)
    for name in names:
        if not isinstance(name, str) or name not in ("Id", "adresse", *SEARCHABLE) and "__" not in name:
            raise ApiError(75, name)
    return names


def _order(params: dict) -> list[tuple[str, bool]]:
    order = params.get("order")
    if order in (None, "", [], {}):
        return []
    if isinstance(order, list):
        spec = [(name, "ASC") for name in order]
    elif isinstance(order, dict):
        spec = list(order.items())
    else:
        raise ApiError(255, "order")
    out = []
    for name, direction in spec:
        base = str(name).rpartition("__")[0] or str(name)
        if name not in ("Id", "adresse") and base not in SEARCHABLE:
            raise ApiError(212)
        direction = str(direction).upper()
        if direction not in ("ASC", "DESC"):
            raise ApiError(255, "order")
        out.append((str(name), direction == "DESC"))
    return out


def _sort_key(value):
    """Numbers before texts, numbers by value (the answer carries them as strings)."""
    try:
        return (0, float(value), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(value or "").casefold())


def search_criteria(ctx: Context):
    params = ctx.params
    conditions = _conditions(as_object(params.get("searchdata", {}), "searchdata"))
    fields = _fields(params)
    keys = _order(params)
    limit, offset = int_param(params, "limit", LIMIT_DEFAULT), int_param(params, "offset", 0)
    if limit < 0:
        raise ApiError(255, "limit")
    if offset < 0:
        raise ApiError(255, "offset")
    rows = [r for r in store.snapshot("searchcriteria").rows if r["status"] == 1 and all(c(r) for c in conditions)]
    found = [elements(r) for r in rows]
    for name, descending in reversed(keys):
        found.sort(key=lambda e, n=name: _sort_key(e.get(n)), reverse=descending)
    if bool_param(params, "groupbyaddress", True):
        seen = set()
        found = [e for e in found if not (e["adresse"] in seen or seen.add(e["adresse"]))]
    records = []
    for item in found[offset:offset + limit]:
        shown = item if fields is None else {name: item[name] for name in fields if name in item}
        records.append({"id": int(item["Id"]), "type": "searchcriteria", "elements": shown})
    return records, len(found)
