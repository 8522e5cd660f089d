"""What the result view shows of one send: per action a summary in words, the status with explanations,
and labelled, formatted, sortable and paged tables.

Built from the log row and the answer's body, so the same view serves the composer right after a send
and `/history/<id>/` later (paging or sorting a big answer re-reads it, it never re-sends).

- Summaries come from the answer's records and the logged action: "Created address 4711" (with a link that
  reads it back), "Modified estate 23" (the resourceid that was sent), "Read 50 of 704 estates".
- Writes answer `elements: []` (create) or `{"success": "success"}` in a record with id 0 (modify, delete,
  do; docs/onoffice-api.md §1.3): that is said in words, never tabled.
- Catalogue answers (`fields`, regions, estate categories, pictures, basic settings) are flattened into rows
  (a field per row); other answers whose records hold fields are tabled as they come.
- Numbers and dates are formatted for the action's language (`outputlanguage`, DEU by default) unless the API
  formatted them already (`formatoutput`); the raw value stays on hover and in the CSV.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from ..calls.models import CallLog
from ..onoffice.actions import ActionKind
from ..onoffice.errors import EMPTY_RESULT_HINT, ErrorExplanation, ResponseFormatError, explain
from ..onoffice.fields import NUMERIC_TYPES, PSEUDO_FIELDS, STATUS_MEANINGS, Field, ModuleFields, label_value
from ..onoffice.paging import PageWindow, RecordPage, page_window, paginate_records
from ..onoffice.responses import ActionResult, ApiResponse, Record, parse_response
from ..onoffice.transport import SKEW_BAD_SECONDS, SKEW_WARN_SECONDS

ROWS_PER_PAGE = 50
ID_SORT = "_id"  # the `sort` value of the record id column
LONG_TEXT = 240  # longer cell texts are cut, the whole text one click away
SHORT_TEXT = 140
DECIMAL_TYPES = frozenset({"float", "decimal"})
INTEGER_TYPES = NUMERIC_TYPES - DECIMAL_TYPES
SUCCESS_ELEMENTS = {"success": "success"}
# Parameters of an address create that are no fields (records.py of the sandbox; the create address page).
ADDRESS_OPTIONS = frozenset({"checkDuplicate", "noOverrideByDuplicate", "outlookSync"})
READ_BACK_TYPES = frozenset({"estate", "address"})

# What one record of a resource type is called in a summary: (singular, plural).
NOUNS = {
    "estate": ("estate", "estates"), "address": ("address", "addresses"), "task": ("task", "tasks"),
    "agentslog": ("agents log entry", "agents log entries"), "relation": ("relation", "relations"),
    "user": ("user", "users"), "users": ("user", "users"), "regions": ("region", "regions"),
    "filters": ("filter", "filters"), "actionkindtypes": ("action kind", "action kinds"),
    "searchcriteria": ("search criterion", "search criteria"), "estatepictures": ("picture", "pictures"),
    "estateCategories": ("category", "categories"), "basicsettings": ("setting", "settings"),
    "calendar": ("appointment", "appointments"), "appointment": ("appointment", "appointments"),
    "fields": ("field", "fields"), "file": ("file", "files"), "idsfromrelation": ("related id", "related ids"),
    "searchcriterias": ("search criterion", "search criteria"), "emailaccount": ("e-mail account", "e-mail accounts"),
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NUMBER = re.compile(r"(-?)(\d+)(?:\.(\d+))?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2})?)?")
_CONTACT_KEY = re.compile(r"([A-Za-z][A-Za-z_]*?)__(\d+)(__Comment)?")
_CONTACT_TYPES = {"email": "E-mail", "phone": "Phone", "mobile": "Mobile", "fax": "Fax"}


def noun(resourcetype: str, count: int = 1) -> str:
    singular, plural = NOUNS.get(resourcetype, (f"{resourcetype} record", f"{resourcetype} records"))
    return singular if count == 1 else plural


@dataclass(frozen=True)
class TableRequest:
    """What a table fragment asks for (`?page=3&sort=kaufpreis&dir=desc`); junk is harmless."""

    page: Any = 1
    sort: str = ""
    dir: str = "asc"

    @classmethod
    def from_query(cls, query) -> TableRequest:
        return cls(page=query.get("page", 1), sort=str(query.get("sort", ""))[:200],
                   dir="desc" if query.get("dir") == "desc" else "asc")


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


@dataclass
class ActionResultView:
    index: int
    result: ActionResult
    explanation: ErrorExplanation | None
    window: PageWindow | None
    columns: list[Column] = field(default_factory=list)
    rows: list[tuple[Any, list[Cell]]] = field(default_factory=list)  # (id or None, cells)
    page: RecordPage | None = None
    tabular: bool = True
    empty_hint: str = ""
    summary: str = ""
    read_back: str = ""  # a composer URL reading the created record
    id_column: Column | None = None  # the record id, shown once (labelled like an `Id` field when there is one)
    table_records: list[Record] = field(default_factory=list)  # every row of the table, sorted (CSV)
    language: str = "DEU"
    sort: str = ""
    dir: str = "asc"

    @property
    def kind(self) -> str:
        kind = self.result.kind
        return kind.value if kind else self.result.actionid

    @property
    def sort_query(self) -> str:
        """What paging keeps of the sort: `&sort=…&dir=…` or nothing."""
        return f"&{urlencode({'sort': self.sort, 'dir': self.dir})}" if self.sort else ""

    @property
    def sort_label(self) -> str:
        column = next((c for c in ([self.id_column] if self.id_column else []) + self.columns if c.aria_sort), None)
        return f"Sorted by {column.label}, {column.aria_sort}" if column else ""

    def csv_rows(self):
        """The header (technical names) and every row with its raw values: the whole answer, sorted as shown."""
        columns = self.columns
        header = ([self.id_column.name] if self.id_column else []) + [c.name for c in columns]
        yield header
        for record in self.table_records:
            values = [_raw(record.elements.get(c.name)) for c in columns]
            yield ([_raw(record.id)] if self.id_column else []) + values


@dataclass
class CallResultView:
    log: CallLog
    response: ApiResponse | None
    format_error: str = ""
    # The answer parsed when it came in, but only the history's capped copy is at hand here.
    only_part_kept: bool = False
    results: list[ActionResultView] = field(default_factory=list)
    request_error: ErrorExplanation | None = None

    @property
    def skew_level(self) -> str:
        skew = abs(self.log.clock_skew or 0)
        return "bad" if skew >= SKEW_BAD_SECONDS else "warn" if skew >= SKEW_WARN_SECONDS else ""

    @property
    def summary(self) -> str:
        return self.log.get_status_display()


# --- values -------------------------------------------------------------------------------------------------

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


def _raw(value: Any) -> str:
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


def _cell(value: Any, column: Column, language: str) -> Cell:
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

def _columns(records: list, module_fields: ModuleFields | None, module: str | None,
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


def _id_column(records: list, columns: list[Column]) -> tuple[Column | None, list[Column]]:
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


def _catalogue(result: ActionResult, module_fields: ModuleFields | None) -> tuple[list[Column], list[Record]] | None:
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


def _sorted(records: list[Record], columns: list[Column], id_column: Column | None, sort: str, descending: bool):
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

def _count(n: int) -> str:
    return f"{n:,}"


def _summary(result: ActionResult, sent: dict, table_rows: int) -> str:
    if not result.ok:
        return ""
    kind, rt, records = result.kind, result.resourcetype, result.records
    resourceid = str(sent.get("resourceid") or result.resourceid or "").strip()
    if kind is ActionKind.CREATE:
        new_id = records[0].id if records else None
        return f"Created {noun(rt)} {new_id}" if new_id not in (None, "", 0, "0") else f"Created {noun(rt)}"
    if kind is ActionKind.MODIFY:
        return f"Modified {noun(rt)} {resourceid}".rstrip()
    if kind is ActionKind.DELETE:
        return f"Deleted {noun(rt)} {resourceid}".rstrip()
    if kind is ActionKind.DO:
        return f"Done: {rt}"
    if rt == "fields" and kind is ActionKind.GET:
        modules = [str(r.id) for r in records]
        where = f"module {modules[0]}" if len(modules) == 1 else f"{len(modules)} modules"
        return f"{_count(table_rows)} {noun(rt, table_rows)} in {where}" if modules else "No fields"
    total = result.cntabsolute
    shown = len(records)
    if kind is ActionKind.READ and resourceid and shown == 1:
        return f"Read {noun(rt)} {resourceid}"
    if shown == 0:
        if total:
            return f"{_count(total)} {noun(rt, total)} match; none on this page"
        return f"No {noun(rt, 0)} match"
    verb = "Read" if kind is ActionKind.READ else "Got"
    if total is not None and total != shown:
        return f"{verb} {_count(shown)} of {_count(total)} {noun(rt, total)}"
    return f"{verb} {_count(shown)} {noun(rt, shown)}"


def _read_back(result: ActionResult, sent: dict, module_fields: ModuleFields | None,
               credential_id: int | None) -> str:
    """A composer reading the record a create made: estates by resourceid, addresses by recordids, with the
    fields that were written (what a read can return of them)."""
    rt = result.resourcetype
    if not (result.ok and result.kind is ActionKind.CREATE and rt in READ_BACK_TYPES and result.records):
        return ""
    new_id = result.records[0].id
    if new_id in (None, "", 0, "0"):
        return ""
    parameters = sent.get("parameters") if isinstance(sent.get("parameters"), dict) else {}
    written = parameters.get("data") if rt == "estate" else parameters
    names = [n for n in (written if isinstance(written, dict) else {})
             if n not in ADDRESS_OPTIONS and not n.startswith("default_")]
    if module_fields is not None:
        allowed = set(module_fields.fields) | PSEUDO_FIELDS.get(rt, frozenset())
        names = [n for n in names if n in allowed]
    elif rt == "address":
        names = []  # without the field configuration a guessed name could fail the read
    query = {"n": 1}
    if credential_id:
        query["cred"] = credential_id
    query |= {"0-rt": rt, "0-act": "read"}
    if rt == "estate":
        query["0-rid"] = new_id
        params = {"data": list(dict.fromkeys(["Id", *names]))}
    else:
        params = {"recordids": [new_id]} | ({"data": names} if names else {})
    query["0-params"] = json.dumps(params, ensure_ascii=False, separators=(",", ":"))
    return f"{reverse('explorer:compose')}?{urlencode(query)}"


def _is_write_echo(records: list[Record]) -> bool:
    """A write's answer: no fields (create: `[]`) or only `{"success": "success"}` (modify, delete, do)."""
    return all(not r.elements or r.elements == SUCCESS_ELEMENTS for r in records)


# --- the view -----------------------------------------------------------------------------------------------

def _language(parameters: dict) -> tuple[str, bool]:
    """(language of numbers and dates, whether the API formatted them already)."""
    language = str(parameters.get("outputlanguage") or "DEU").upper()
    formatted = parameters.get("formatoutput") in (True, 1, "1", "true", "True")
    return ("ENG" if language == "ENG" else "DEU"), formatted


def _action_view(index: int, result: ActionResult, sent: dict, module_fields: ModuleFields | None,
                 table: TableRequest, clock_skew: float | None, hmac_version: int,
                 credential_id: int | None) -> ActionResultView:
    explanation = None if result.ok else explain(result.errorcode, result.message, clock_skew=clock_skew,
                                                  hmac_version=hmac_version)
    parameters = sent.get("parameters") if isinstance(sent.get("parameters"), dict) else {}
    window = None
    if result.ok and result.cntabsolute is not None:
        window = page_window(result.cntabsolute, parameters.get("listlimit", 20), parameters.get("listoffset", 0))
    language, formatted_by_api = _language(parameters)
    view = ActionResultView(index=index, result=result, explanation=explanation, window=window, language=language)
    records = result.records
    if result.ok and not records and result.kind in (ActionKind.READ, ActionKind.GET):
        view.empty_hint = EMPTY_RESULT_HINT
    module = module_fields.module if module_fields else None
    catalogue = _catalogue(result, module_fields) if result.ok else None
    if catalogue is not None:
        columns, table_records = catalogue
        id_column = None
    elif (result.kind is not None and result.kind.is_write and _is_write_echo(records)) or not records:
        columns, table_records, id_column = [], [], None
    elif all(isinstance(r.elements, dict) for r in records) and any(r.elements for r in records):
        columns = _columns(records, module_fields, module, formatted_by_api)
        id_column, columns = _id_column(records, columns)
        table_records = records
    else:
        columns, table_records, id_column = [], [], None
        view.tabular = False  # lists of something else: the JSON shows them
    view.summary = _summary(result, sent, len(table_records))
    view.read_back = _read_back(result, sent, module_fields, credential_id)
    sorted_records, sorted_ok = _sorted(table_records, columns, id_column, table.sort, table.dir == "desc")
    if sorted_ok:
        view.sort, view.dir = table.sort, table.dir
    view.table_records = sorted_records
    view.columns, view.id_column = columns, id_column
    view.page = paginate_records(sorted_records, table.page, ROWS_PER_PAGE)
    for column in ([id_column] if id_column else []) + columns:
        name = ID_SORT if column is id_column else column.name
        current = view.sort == name
        column.aria_sort = ("descending" if view.dir == "desc" else "ascending") if current else ""
        next_dir = "desc" if current and view.dir == "asc" else "asc"
        column.sort_query = urlencode({"page": 1, "sort": name, "dir": next_dir})
    if columns:
        view.rows = [(record.id if id_column else None,
                      [_cell(record.elements.get(c.name), c, language) for c in columns])
                     for record in view.page.records]
    return view


def call_result_view(*, log: CallLog, body: bytes, field_configs: dict[int, ModuleFields | None] | None = None,
                     pages: dict[int, Any] | None = None) -> CallResultView:
    """The result view of a logged call; `pages` picks the table page per action index (a page number, or a
    TableRequest with page and sort)."""
    field_configs = field_configs or {}
    pages = pages or {}
    view = CallResultView(log=log, response=None)
    if log.status in (CallLog.Status.TRANSPORT_ERROR, CallLog.Status.PENDING):
        return view
    try:
        response = parse_response(body, expected_results=len(log.actions))
    except ResponseFormatError as exc:
        if log.response_truncated and log.status in (CallLog.Status.OK, CallLog.Status.API_ERROR):
            view.only_part_kept = True  # not the answer's fault: its whole copy is in another process or gone
        else:
            view.format_error = str(exc)
        return view
    view.response = response
    if response.errorcode and not response.results:
        view.request_error = explain(response.errorcode, response.message, clock_skew=log.clock_skew,
                                     hmac_version=log.hmac_version)
    for index, result in enumerate(response.results):
        sent = log.actions[index] if index < len(log.actions) else {}
        table = pages.get(index, 1)
        if not isinstance(table, TableRequest):
            table = TableRequest(page=table)
        view.results.append(_action_view(index, result, sent, field_configs.get(index), table,
                                          log.clock_skew, log.hmac_version, log.credential_id))
    return view
