"""The tables of the result view: columns labelled from the field configuration, cells formatted for the
action's language (the raw value kept for hover and CSV), catalogue answers flattened into rows, sorting."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..onoffice.actions import ActionKind
from ..onoffice.fields import NUMERIC_TYPES, STATUS_MEANINGS, Field, ModuleFields, label_value
from ..onoffice.responses import ActionResult, Record

ID_SORT = "_id"  # the `sort` value of the record id column
LONG_TEXT = 240  # longer cell texts are cut, the whole text one click away
SHORT_TEXT = 140
DECIMAL_TYPES = frozenset({"float", "decimal"})
INTEGER_TYPES = NUMERIC_TYPES - DECIMAL_TYPES
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NUMBER = re.compile(r"(-?)(\d+)(?:\.(\d+))?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2})?)?")
_CONTACT_KEY = re.compile(r"([A-Za-z][A-Za-z_]*?)__(\d+)(__Comment)?")
_CONTACT_TYPES = {"email": "E-mail", "phone": "Phone", "mobile": "Mobile", "fax": "Fax"}


@dataclass
class Column:
    name: str
    label: str
    numeric: bool = False
    meaning: str = ""
    kind: str = ""  # "decimal", "integer", "date", "datetime": formatted for the language; "" as it comes
    field: Field | None = None
    mono: bool = False  # technical names (catalogue tables): monospace, never wrapped
    aria_sort: str = ""  # "ascending"/"descending" on the sorted column
    sort_query: str = ""  # the query of a click on the header: sort by it, or reverse it

    @property
    def title(self) -> str:
        return f"{self.name} ({self.meaning})" if self.meaning else self.name


@dataclass
class Cell:
    text: str
    cls: str = ""
    title: str = ""  # the raw value of a formatted number or date
    more: str = ""  # the rest of a long value (the cell shows its start in a <summary>)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        if value and all(not isinstance(v, (list, dict)) for v in value.values()):
            return ", ".join("" if v is None else str(v) for v in value.values())  # labels by key: the labels
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if all(not isinstance(v, (list, dict)) for v in value):
            return ", ".join("" if v is None else str(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def raw_text(value: Any) -> str:
    """A value for the CSV: as the API sent it, lists and objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def format_number(raw: Any, language: str, *, group: bool = True) -> str | None:
    """`2660000.00` → `2.660.000,00` (DEU) or `2,660,000.00` (ENG); None when it is no plain number.
    More than two decimals are trimmed of trailing zeros (`200.00000` → `200,00`)."""
    if isinstance(raw, bool):
        return None
    match = _NUMBER.fullmatch(str(raw).strip())
    if not match:
        return None
    sign, whole, fraction = match.groups()
    if fraction is not None and len(fraction) > 2:
        fraction = fraction.rstrip("0").ljust(2, "0")
    whole = f"{int(whole):,}" if group else str(int(whole))
    if language == "ENG":
        return sign + whole + (f".{fraction}" if fraction else "")
    return sign + whole.replace(",", ".") + (f",{fraction}" if fraction else "")


def format_date(raw: Any, language: str) -> str | None:
    """`2024-05-01` → `01.05.2024` (DEU) or `01 May 2024` (ENG), times kept to the minute; None otherwise."""
    match = _DATE.fullmatch(str(raw).strip()) if isinstance(raw, str) else None
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    if not 1 <= int(month) <= 12 or int(day) == 0:
        return None  # "0000-00-00": no date
    date = f"{day} {MONTHS[int(month) - 1]} {year}" if language == "ENG" else f"{day}.{month}.{year}"
    return f"{date} {hour}:{minute}" if hour is not None else date


def _column_kind(f: Field | None, formatted_by_api: bool) -> str:
    if f is None or formatted_by_api:
        return ""
    if f.type in DECIMAL_TYPES:
        return "decimal"
    if f.type in INTEGER_TYPES:
        return "integer"
    return f.type if f.type in ("date", "datetime") else ""


def cell_for(value: Any, column: Column, language: str) -> Cell:
    f = column.field
    numeric_class = "num" if column.numeric else "mono" if column.mono else ""
    if column.kind in ("decimal", "integer") and value not in (None, ""):
        text = format_number(value, language, group=column.kind == "decimal")
        if text is not None:
            return Cell(text, numeric_class, title=str(value) if text != str(value) else "")
    elif column.kind in ("date", "datetime") and value:
        text = format_date(value, language)
        if text is not None:
            return Cell(text, numeric_class, title=str(value))
    text = _text(label_value(f, value) if f is not None else value)
    if len(text) > LONG_TEXT:  # its start, the rest one click away (the summary reads on into it when open)
        cut = text.rfind(" ", 0, SHORT_TEXT) + 1 or SHORT_TEXT
        return Cell(text[:cut], numeric_class, more=text[cut:])
    return Cell(text, numeric_class)


def _contact_label(name: str) -> str | None:
    """`email__300101` → "E-mail (300101)", `phone__13021__Comment` → "Phone comment (13021)"."""
    match = _CONTACT_KEY.fullmatch(name)
    if not match:
        return None
    kind, entry, comment = match.groups()
    label = _CONTACT_TYPES.get(kind, kind.replace("_", " ").capitalize())
    return f"{label}{' comment' if comment else ''} ({entry})"


# --- tables -------------------------------------------------------------------------------------------------

def columns_for(records: list, module_fields: ModuleFields | None, module: str | None,
             formatted_by_api: bool) -> list[Column]:
    names: dict[str, None] = {}
    for record in records[:50]:  # the API returns the same keys in every record; a sample finds late extras
        if isinstance(record.elements, dict):
            names.update(dict.fromkeys(record.elements))
    known = module_fields.fields if module_fields else {}
    meanings = STATUS_MEANINGS.get(module or "", {})
    columns = []
    for name in names:
        f = known.get(name)
        meaning = ", ".join(f"{k} {v}" for k, v in meanings.get(name, {}).items())
        columns.append(Column(
            name=name,
            label=f.label if f else (_contact_label(name) or name),
            numeric=bool(f and f.type in NUMERIC_TYPES),
            meaning=meaning,
            kind="" if meaning else _column_kind(f, formatted_by_api),  # a status shows its meaning
            field=f,
        ))
    return columns


def _same_id(value: Any, record_id: Any) -> bool:
    text = str(value).replace(".", "").replace(",", "")  # "1.051" with formatoutput
    return value is not None and text == str(record_id)


def split_id_column(records: list, columns: list[Column]) -> tuple[Column | None, list[Column]]:
    """The record id column, and the field columns without the one that repeats it (`Id`, `id`)."""
    if not records or all(r.id in (None, "", 0, "0") for r in records):
        return None, columns
    sample = records[:50]
    for column in columns:
        if column.name.lower() == "id" and all(_same_id(r.elements.get(column.name), r.id) for r in sample):
            rest = [c for c in columns if c is not column]
            return Column(name=column.name, label=column.label, numeric=True, field=column.field), rest
    return Column(name="id", label="id", numeric=True), columns


def _fields_rows(records: list[Record]) -> tuple[list[Column], list[Record]]:
    """`fields` get: one row per field of every module."""
    columns = [Column("module", "Module", mono=True), Column("name", "Name", mono=True), Column("label", "Label"),
               Column("type", "Type", mono=True),
               Column("length", "Length", numeric=True), Column("permittedvalues", "Permitted values", numeric=True),
               Column("default", "Default")]
    rows = []
    for record in records:
        if not isinstance(record.elements, dict):
            continue
        for name, entry in record.elements.items():
            if not isinstance(entry, dict):
                continue  # the module's own "label"
            permitted = entry.get("permittedvalues")
            rows.append(Record(id=None, type="field", elements={
                "module": record.id, "name": name, "label": entry.get("label", ""), "type": entry.get("type", ""),
                "length": entry.get("length"),
                "permittedvalues": len(permitted) if isinstance(permitted, (dict, list)) and permitted else None,
                "default": entry.get("default")}))
    return columns, rows


def _regions_rows(records: list[Record]) -> tuple[list[Column], list[Record]]:
    """`regions` get: the tree, one row per region with its parent."""
    columns = [Column("id", "Key", mono=True), Column("name", "Name"), Column("description", "Description"),
               Column("state", "State"), Column("country", "Country"), Column("postalcodes", "Postal codes"),
               Column("parent", "Parent")]
    rows = []

    def walk(node: dict, parent: Any) -> None:
        rows.append(Record(id=None, type="region", elements={
            "id": node.get("id"), "name": node.get("name"), "description": node.get("description"),
            "state": node.get("state"), "country": node.get("country"), "postalcodes": node.get("postalcodes"),
            "parent": parent}))
        children = node.get("children")
        for child in (children.values() if isinstance(children, dict) else children or []):
            if isinstance(child, dict):
                walk(child, node.get("id"))

    for record in records:
        if isinstance(record.elements, dict):
            walk(record.elements, None)
    return columns, rows


def _item_lists(record: Record) -> list[tuple[str, list]] | None:
    """The lists of objects a record holds: its elements, or each value of its elements (estate categories)."""
    elements = record.elements
    if isinstance(elements, list):
        return [(str(record.id), elements)] if all(isinstance(i, dict) for i in elements) else None
    if elements and all(isinstance(v, list) and all(isinstance(i, dict) for i in v) for v in elements.values()):
        return [(f"{record.id} · {key}", items) for key, items in elements.items()]
    return None


def _list_rows(records: list[Record]) -> tuple[list[Column], list[Record]] | None:
    """Records holding lists of objects (estate pictures, estate categories): one row per object."""
    groups = []
    for record in records:
        lists = _item_lists(record)
        if lists is None:
            return None
        groups += lists
    names: dict[str, None] = {}
    rows = []
    for group, items in groups:
        for item in items:
            names.update(dict.fromkeys(item))
            rows.append(Record(id=None, type="", elements={"_group": group, **item}))
    if not rows:
        return None
    columns = [Column("_group", "Record")] + [Column(n, n) for n in names if n != "_group"]
    return columns, rows


def _settings_rows(record: Record) -> tuple[list[Column], list[Record]]:
    """One record of nested objects (basic settings): a row per setting, its path and its value."""
    rows = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        else:
            rows.append(Record(id=None, type="", elements={"setting": path, "value": value}))

    walk(record.elements, "")
    return [Column("setting", "Setting", mono=True), Column("value", "Value")], rows


def catalogue_table(result: ActionResult, module_fields: ModuleFields | None) -> tuple[list[Column], list[Record]] | None:
    records = result.records
    if not records:
        return None
    if result.resourcetype == "fields" and result.kind is ActionKind.GET:
        return _fields_rows(records)
    if result.resourcetype == "regions":
        return _regions_rows(records)
    if not all(isinstance(r.elements, dict) for r in records) or result.resourcetype == "estateCategories":
        return _list_rows(records)
    if (module_fields is None and len(records) == 1
            and any(isinstance(v, dict) for v in records[0].elements.values())):
        return _settings_rows(records[0])
    return None


def _sort_key(value: Any, column: Column):
    """Sortable: numbers as numbers (also "1.051,00" as the API formats them), the rest by its shown text."""
    if column.numeric or column.kind in ("decimal", "integer") or column.name == ID_SORT:
        text = str(value).strip()
        if _NUMBER.fullmatch(text) is None and re.fullmatch(r"-?[\d.]+(,\d+)?", text):
            text = text.replace(".", "").replace(",", ".")
        try:
            return (0, float(text), "")
        except ValueError:
            pass
    shown = label_value(column.field, value) if column.field is not None else value
    return (1, 0.0, _text(shown).casefold())


def sort_records(records: list[Record], columns: list[Column], id_column: Column | None, sort: str, descending: bool):
    if sort == ID_SORT and id_column is not None:
        column, value_of = Column(ID_SORT, "id", numeric=True), (lambda r: r.id)
    else:
        column = next((c for c in columns if c.name == sort), None)
        if column is None:
            return records, False
        value_of = lambda r: r.elements.get(column.name)  # noqa: E731
    present, empty = [], []
    for record in records:
        value = value_of(record)
        (empty if value in (None, "", [], {}) else present).append((_sort_key(value, column), record))
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [r for _, r in present] + [r for _, r in empty], True  # empty values last either way


# --- summaries ----------------------------------------------------------------------------------------------
