"""What the result view shows of one send: per action a summary in words, the status with explanations,
and labelled, formatted, sortable and paged tables.

Built from the log row and the answer's body, so the same view serves the composer right after a send
and `/history/<id>/` later (paging or sorting a big answer re-reads it, it never re-sends).

- Summaries come from the answer's records and the logged action: "Created address 4711" (with a link that
  reads it back), "Modified estate 23" (the resourceid that was sent), "Read 50 of 704 estates".
- Writes answer `elements: []` (create) or `{"success": "success"}` in a record with id 0 (modify, delete,
  do, as the real API answers them): that is said in words, never tabled.
- Catalogue answers (`fields`, regions, estate categories, pictures, basic settings) are flattened into rows
  (a field per row); other answers whose records hold fields are tabled as they come.
- Numbers and dates are formatted for the action's language (`outputlanguage`, DEU by default) unless the API
  formatted them already (`formatoutput`); the raw value stays on hover and in the CSV.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from ..calls.models import CallLog
from ..onoffice.actions import ActionKind
from ..onoffice.errors import EMPTY_RESULT_HINT, ErrorExplanation, ResponseFormatError, explain
from ..onoffice.fields import PSEUDO_FIELDS, ModuleFields
from ..onoffice.paging import PageWindow, RecordPage, page_window, paginate_records
from ..onoffice.responses import ActionResult, ApiResponse, Record, parse_response
from ..onoffice.transport import SKEW_BAD_SECONDS, SKEW_WARN_SECONDS
from .tables import (
    ID_SORT,
    Cell,
    Column,
    catalogue_table,
    cell_for,
    columns_for,
    raw_text,
    sort_records,
    split_id_column,
)

ROWS_PER_PAGE = 50
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
            values = [raw_text(record.elements.get(c.name)) for c in columns]
            yield ([raw_text(record.id)] if self.id_column else []) + values


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
    catalogue = catalogue_table(result, module_fields) if result.ok else None
    if catalogue is not None:
        columns, table_records = catalogue
        id_column = None
    elif (result.kind is not None and result.kind.is_write and _is_write_echo(records)) or not records:
        columns, table_records, id_column = [], [], None
    elif all(isinstance(r.elements, dict) for r in records) and any(r.elements for r in records):
        columns = columns_for(records, module_fields, module, formatted_by_api)
        id_column, columns = split_id_column(records, columns)
        table_records = records
    else:
        columns, table_records, id_column = [], [], None
        view.tabular = False  # lists of something else: the JSON shows them
    view.summary = _summary(result, sent, len(table_records))
    view.read_back = _read_back(result, sent, module_fields, credential_id)
    sorted_records, sorted_ok = sort_records(table_records, columns, id_column, table.sort, table.dir == "desc")
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
                      [cell_for(record.elements.get(c.name), c, language) for c in columns])
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
