"""Filtering, sorting, paging and output formatting of records, driven by the field configuration.

Semantics of `filter` as documented for the list reads (e.g.
https://apidoc.onoffice.de/actions/datensatz-lesen/objekte/): conditions are ANDed across fields and
within a field; operators `is`/`=`, `!=`/`<>`, `<`, `>`, `<=`, `>=`, `between`, `like` (`%`, `_`),
`not like`, `in`, `not in`, case-insensitive. Numbers, booleans compare as numbers; everything else as
case-insensitive text, as MySQL's default collation does (the vendor's own examples filter `objektart`
with "Haus" though the key is `haus`). German dates (dd.mm.yyyy) in filter values are read as ISO dates.
Multiselects take only `=`, `!=`, `like`, `not like`, `in`, `not in` (232); `=` means "contains the key",
`in` "contains any of them".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .catalog import USERS_BY_ID, USERS_BY_NAME
from .fieldconfig import Field
from .protocol import ApiError
from .rows import Row as TableRow
from .rows import RowList
from .table import dense_ranks, strictly_ascending

OPERATORS = {"is": "=", "=": "=", "!=": "!=", "<>": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">=",
             "between": "between", "like": "like", "not like": "not like", "in": "in", "not in": "not in"}
MULTISELECT_OPERATORS = frozenset({"=", "!=", "like", "not like", "in", "not in"})
LIST_LIMIT_DEFAULT = 20
LIST_LIMIT_MAX = 500

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(.*)$")

Row = Mapping  # a dict, or a Row of a store table
Condition = Callable[[Row], bool]
Test = Callable[[object], bool]


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int


def like_regex(pattern: str) -> re.Pattern:
    parts = []
    for char in pattern:
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _as_number(value, field_name: str) -> float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("true", "false"):
            return int(text.lower() == "true")
        try:
            return float(text)
        except ValueError:
            pass
    if value is None:
        return 0
    raise ApiError(257, f'"{value}" is not a number for field "{field_name}"')


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    german = _GERMAN_DATE.match(text)
    if german:
        day, month, year, rest = german.groups()
        text = f"{year}-{int(month):02d}-{int(day):02d}{rest}"
    return text.casefold()


def _key_kind(field: Field) -> str:
    if field.is_numeric:
        return "number"
    return "multiselect" if field.type == "multiselect" else "text"


# The comparable form of a stored value (None when the row lacks it): numbers as numbers, texts case-folded
# (stored texts and select keys are always str), multiselects as key lists.
_COMPARABLE = {
    "number": lambda v: v or 0,
    "multiselect": lambda v: [k.casefold() for k in v or ()],
    "text": lambda v: (v or "").casefold(),
}
# Sort keys: multiselects sort by their keys joined.
_SORT_KEY = {**_COMPARABLE, "multiselect": lambda v: "|".join(k.casefold() for k in v or ())}


@dataclass(frozen=True)
class FieldCondition:
    """A condition on one field: `test` takes the stored value. Store tables evaluate it column-wise,
    once per distinct value (see rows.RowList.where); other rows call it row by row."""

    name: str
    test: Test

    def __call__(self, row: Row) -> bool:
        return self.test(row.get(self.name))


def _value_test(field: Field, op: str, value) -> Test:
    """One compiled `{op, val}` for a field (already validated as known), as a test of the stored value."""
    numeric = field.is_numeric
    coerce = (lambda v: _as_number(v, field.name)) if numeric else _as_text
    get = _COMPARABLE[_key_kind(field)]
    if field.type == "multiselect":
        if op not in MULTISELECT_OPERATORS:
            raise ApiError(232)
        if op in ("in", "not in"):
            wanted = {coerce(v) for v in _as_list(value, field.name)}
            hit = lambda v: any(k in wanted for k in get(v))  # noqa: E731
        elif op in ("like", "not like"):
            regex = like_regex(str(value))
            hit = lambda v: any(regex.fullmatch(k) for k in get(v))  # noqa: E731
        else:
            key = coerce(_scalar(value, field.name))
            hit = lambda v: key in get(v)  # noqa: E731
        return (lambda v: not hit(v)) if op in ("!=", "not in", "not like") else hit
    if op in ("in", "not in"):
        wanted = {coerce(v) for v in _as_list(value, field.name)}
        return (lambda v: get(v) in wanted) if op == "in" else (lambda v: get(v) not in wanted)
    if op in ("like", "not like"):
        regex = like_regex(str(_scalar(value, field.name)))
        text = raw_value_formatter(field)
        if op == "like":
            return lambda v: regex.fullmatch(str(text(v))) is not None
        return lambda v: regex.fullmatch(str(text(v))) is None
    if op == "between":
        bounds = _as_list(value, field.name)
        if len(bounds) != 2:
            raise ApiError(257, f'"between" on field "{field.name}" needs exactly two values')
        low, high = coerce(bounds[0]), coerce(bounds[1])
        return lambda v: low <= get(v) <= high
    x = coerce(_scalar(value, field.name))
    return {
        "=": lambda v: get(v) == x,
        "!=": lambda v: get(v) != x,
        "<": lambda v: get(v) < x,
        ">": lambda v: get(v) > x,
        "<=": lambda v: get(v) <= x,
        ">=": lambda v: get(v) >= x,
    }[op]


def _as_list(value, field_name: str) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [value]
    raise ApiError(257, f'the value for field "{field_name}" must be a list')


def _scalar(value, field_name: str):
    if isinstance(value, (list, dict)):
        raise ApiError(257, f'the value for field "{field_name}" must be a single value')
    return value


def compile_filter(
    filter_param,
    fields: Mapping[str, Field],
    *,
    unknown_field: Callable[[str], ApiError],
    extra: Mapping[str, Callable[[str, object], Condition]] | None = None,
) -> list[Condition]:
    """Conditions for a `filter` object. `extra` handles pseudo fields (e.g. address `email`)."""
    if filter_param in (None, [], {}):
        return []
    if not isinstance(filter_param, dict):
        raise ApiError(257, "filter must be an object of field: [{op, val}, ...]")
    conditions = []
    for name, expressions in filter_param.items():
        field = fields.get(name)
        if field is None and not (extra and name in extra):
            raise unknown_field(name)
        if field is not None and not field.filterable:
            raise ApiError(257, f'field "{name}" cannot be filtered')
        if isinstance(expressions, dict):
            expressions = [expressions]
        if not isinstance(expressions, list) or not expressions:
            raise ApiError(257, f'field "{name}" needs a list of {{op, val}} objects')
        for expression in expressions:
            if not isinstance(expression, dict) or "op" not in expression:
                raise ApiError(257, f'field "{name}" needs a list of {{op, val}} objects')
            op = " ".join(str(expression["op"]).lower().split())
            if op not in OPERATORS:
                raise ApiError(142, expression["op"])
            value = expression.get("val")
            if field is None:
                conditions.append(extra[name](OPERATORS[op], value))
            else:
                conditions.append(FieldCondition(field.name, _value_test(field, OPERATORS[op], value)))
    return conditions


def apply_conditions(rows: Iterable[Row], conditions: list[Condition]) -> list[Row] | RowList:
    """The rows meeting every condition, in their order. Rows of a store table stay a RowList."""
    table_rows = RowList.of(rows)
    if table_rows is None:
        rows = list(rows)
        for condition in conditions:
            rows = [row for row in rows if condition(row)]
        return rows
    for condition in conditions:
        if isinstance(condition, FieldCondition):
            table_rows = table_rows.where(condition.name, condition.test)
        else:
            table_rows = table_rows.where_row(condition)
    return table_rows


def parse_sort(params: dict, fields: Mapping[str, Field], *, allowed: Iterable[str] = ()) -> list[tuple[str, bool]]:
    """`sortby` as object {field: ASC|DESC} or as field name with `sortorder`; returns [(field, descending)]."""
    sortby = params.get("sortby")
    if sortby in (None, "", [], {}):
        return []
    allowed = set(allowed)
    if isinstance(sortby, str):
        order = params.get("sortorder", "ASC")
        spec = {sortby: order}
    elif isinstance(sortby, dict):
        spec = sortby
    else:
        raise ApiError(255, "sortby")
    out = []
    for name, order in spec.items():
        if name not in fields and name not in allowed:
            raise ApiError(212)
        direction = str(order or "ASC").strip().upper()
        if direction not in ("ASC", "DESC"):
            raise ApiError(255, "sortorder")
        out.append((name, direction == "DESC"))
    return out


def sort_rows(rows: list[Row], keys: list[tuple[str, bool]], fields: Mapping[str, Field],
              extra: Mapping[str, Callable[[Row], object]] | None = None) -> list[Row] | RowList:
    """Stable multi-key sort; rows arrive in id order, so equal keys stay ordered by id.

    Rows of a store table sort by per-column ranks (cached by the table), and only as far as they are
    read: a page of 500 out of 100,000 sorts only the rows that can be on it (see rows.RowList)."""
    if not keys:
        return rows
    table_rows = RowList.of(rows)
    if table_rows is None:
        for name, descending in reversed(keys):
            if extra and name in extra:
                key = extra[name]
            else:
                field = fields[name]
                key = (lambda row, n=field.name, k=_SORT_KEY[_key_kind(field)]: k(row.get(n)))
            rows = sorted(rows, key=key, reverse=descending)
        return rows
    table, positions = table_rows.table, table_rows.positions()
    first, descending = keys[0]
    if not (extra and first in extra):
        kind = _key_kind(fields[first])
        if table.rank_increasing(fields[first].name, kind, _SORT_KEY[kind]) and strictly_ascending(positions):
            # A unique key that grows with the id (the record id: fetch-all's stable sort, and paging in id
            # order) orders rows in id order as they are: nothing to sort, and no later key can matter.
            return RowList(table, positions[::-1] if descending else positions)
    sort_keys = []
    for name, descending in keys:
        if extra and name in extra:
            ranks = dict(zip(positions, dense_ranks([extra[name](TableRow(table, p)) for p in positions])))
        else:
            kind = _key_kind(fields[name])
            ranks = table.rank(fields[name].name, kind, _SORT_KEY[kind])
        sort_keys.append((ranks, descending))
    return table_rows.ordered(sort_keys)


def list_window(params: dict) -> tuple[int, int]:
    """(limit, offset). Above 500 the limit falls back to the default 20, as the real API seems to do
    (onOffice's WordPress plugin ran into it: https://github.com/onOffice-Web-Org/oo-wp-plugin/pull/313):
    never more than 500 records."""
    limit = int_param(params, "listlimit", LIST_LIMIT_DEFAULT)
    offset = int_param(params, "listoffset", 0)
    if limit < 0:
        raise ApiError(255, "listlimit")
    if offset < 0:
        raise ApiError(255, "listoffset")
    if limit > LIST_LIMIT_MAX:
        limit = LIST_LIMIT_DEFAULT
    return limit, offset


def page(rows: list[Row] | RowList, params: dict) -> Page:
    limit, offset = list_window(params)
    return Page(rows[offset:offset + limit], len(rows))


def int_param(params: dict, name: str, default: int | None = None) -> int:
    value = params.get(name, default)
    if value is None:
        raise ApiError(167, name)
    if isinstance(value, bool):
        raise ApiError(228, name)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdecimal():
        return int(value)
    raise ApiError(228, name)


def bool_param(params: dict, name: str, default: bool = False) -> bool:
    value = params.get(name, default)
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("0", "1", "true", "false", ""):
        return value.strip().lower() in ("1", "true")
    raise ApiError(255, name)


# --- output --------------------------------------------------------------------------------------

def _number_de(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


_UNITS = {"DATA_TYPE_MONETARY": " €", "DATA_TYPE_AREA": " m²", "DATA_TYPE_ENERGY_REQUIRED": " kWh/(m²·a)"}
_FORMATTED_FLOATS = frozenset({*_UNITS, "DATA_TYPE_NUMERIC"})


def raw_value_formatter(field: Field) -> Callable[[object], object]:
    """A stored value (None when missing) as the API sends it without formatoutput: strings,
    multiselects pipe-encoded."""
    if field.idlist:
        return lambda v: [str(i) for i in v or ()]
    if field.type == "integer":
        return lambda v: str(v or 0)
    if field.type == "float":
        pattern = f"{{:.{field.decimals}f}}"
        return lambda v: pattern.format(v or 0)
    if field.type == "boolean":
        return lambda v: "1" if v else "0"
    if field.type == "multiselect":
        return lambda v: "|" + "||".join(v) + "|" if v else ""
    return lambda v: str(v or "")


def raw_formatter(field: Field) -> Callable[[Row], object]:
    name, format_value = field.name, raw_value_formatter(field)
    return lambda row: format_value(row.get(name))


def formatted_formatter(field: Field, language: str) -> Callable[[Row], object]:
    """formatoutput: select labels in the output language, German number and date formats with units."""
    name = field.name
    if field.idlist:
        return raw_formatter(field)
    if field.real_type == "user":
        def user_name(row):
            value = row.get(name)
            user = USERS_BY_NAME.get(value) or USERS_BY_ID.get(int(value) if str(value).isdecimal() else -1)
            return user.full_name if user else str(value or "")
        return user_name
    if field.type == "integer" and field.measure != "DATA_TYPE_YEAR":
        return lambda row: _number_de(row.get(name) or 0, 0)
    if field.type == "float" and field.measure in _FORMATTED_FLOATS:
        unit = _UNITS.get(field.measure, "")
        return lambda row: _number_de(row.get(name) or 0, field.decimals) + unit
    if field.type == "boolean":
        yes, no = ("Yes", "No") if language == "ENG" else ("Ja", "Nein")
        return lambda row: yes if row.get(name) else no
    if field.type == "singleselect":
        return lambda row: field.value_label(row.get(name) or "", language)
    if field.type == "multiselect":
        return lambda row: [field.value_label(k, language) or k for k in row.get(name) or ()]
    if field.type in ("date", "datetime"):
        def german_date(row):
            value = row.get(name) or ""
            if len(value) < 10:
                return value
            return f"{value[8:10]}.{value[5:7]}.{value[0:4]}{value[10:]}"
        return german_date
    return raw_formatter(field)


def formatter(field: Field, formatoutput: bool, language: str) -> Callable[[Row], object]:
    return formatted_formatter(field, language) if formatoutput else raw_formatter(field)
