"""What the result view shows of one send: per-action status with explanations, labelled and paged tables.

Built from the log row and the answer's body, so the same view serves the composer right after a send
and `/history/<id>/` later (paging through a big answer re-reads it, it never re-sends).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..calls.models import CallLog
from ..onoffice.actions import ActionKind
from ..onoffice.errors import EMPTY_RESULT_HINT, ErrorExplanation, ResponseFormatError, explain
from ..onoffice.fields import NUMERIC_TYPES, STATUS_MEANINGS, Field, ModuleFields, label_value
from ..onoffice.paging import PageWindow, RecordPage, page_window, paginate_records
from ..onoffice.responses import ActionResult, ApiResponse, parse_response
from ..onoffice.transport import SKEW_BAD_SECONDS, SKEW_WARN_SECONDS

ROWS_PER_PAGE = 50


@dataclass
class Column:
    name: str
    label: str
    numeric: bool = False
    meaning: str = ""


@dataclass
class ActionResultView:
    index: int
    result: ActionResult
    explanation: ErrorExplanation | None
    window: PageWindow | None
    columns: list[Column] = field(default_factory=list)
    rows: list[tuple[Any, list[tuple[str, bool]]]] = field(default_factory=list)  # (id, [(text, numeric)])
    page: RecordPage | None = None
    tabular: bool = True
    empty_hint: str = ""

    @property
    def kind(self) -> str:
        kind = self.result.kind
        return kind.value if kind else self.result.actionid


@dataclass
class CallResultView:
    log: CallLog
    response: ApiResponse | None
    format_error: str = ""
    results: list[ActionResultView] = field(default_factory=list)
    request_error: ErrorExplanation | None = None

    @property
    def skew_level(self) -> str:
        skew = abs(self.log.clock_skew or 0)
        return "bad" if skew >= SKEW_BAD_SECONDS else "warn" if skew >= SKEW_WARN_SECONDS else ""

    @property
    def summary(self) -> str:
        return self.log.get_status_display()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _columns(records: list, module_fields: ModuleFields | None, module: str | None) -> list[Column]:
    names: dict[str, None] = {}
    for record in records[:50]:  # the API returns the same keys in every record; a sample finds late extras
        if isinstance(record.elements, dict):
            names.update(dict.fromkeys(record.elements))
    known = module_fields.fields if module_fields else {}
    meanings = STATUS_MEANINGS.get(module or "", {})
    columns = []
    for name in names:
        f = known.get(name)
        columns.append(Column(
            name=name,
            label=f.label if f else name,
            numeric=bool(f and f.type in NUMERIC_TYPES),
            meaning=", ".join(f"{k} {v}" for k, v in meanings.get(name, {}).items()),
        ))
    return columns


def _cell(value: Any, f: Field | None) -> str:
    return _text(label_value(f, value) if f is not None else value)


def _action_view(index: int, result: ActionResult, sent: dict, module_fields: ModuleFields | None,
                 page: int, clock_skew: float | None, hmac_version: int) -> ActionResultView:
    explanation = None if result.ok else explain(result.errorcode, result.message, clock_skew=clock_skew,
                                                  hmac_version=hmac_version)
    parameters = sent.get("parameters") if isinstance(sent.get("parameters"), dict) else {}
    window = None
    if result.ok and result.cntabsolute is not None:
        window = page_window(result.cntabsolute, parameters.get("listlimit", 20), parameters.get("listoffset", 0))
    view = ActionResultView(index=index, result=result, explanation=explanation, window=window)
    records = result.records
    view.tabular = all(isinstance(r.elements, dict) for r in records)
    if result.ok and not records and result.kind in (ActionKind.READ, ActionKind.GET):
        view.empty_hint = EMPTY_RESULT_HINT
    view.page = paginate_records(records, page, ROWS_PER_PAGE)
    if view.tabular and records:
        module = module_fields.module if module_fields else None
        view.columns = _columns(records, module_fields, module)
        known = module_fields.fields if module_fields else {}
        fields = [known.get(c.name) for c in view.columns]
        view.rows = [(record.id, [(_cell(record.elements.get(c.name), f), c.numeric)
                                  for c, f in zip(view.columns, fields)])
                     for record in view.page.records]
    return view


def call_result_view(*, log: CallLog, body: bytes, field_configs: dict[int, ModuleFields | None] | None = None,
                     pages: dict[int, int] | None = None) -> CallResultView:
    """The result view of a logged call; `pages` picks the table page per action index."""
    field_configs = field_configs or {}
    pages = pages or {}
    view = CallResultView(log=log, response=None)
    if log.status in (CallLog.Status.TRANSPORT_ERROR, CallLog.Status.PENDING):
        return view
    try:
        response = parse_response(body, expected_results=len(log.actions))
    except ResponseFormatError as exc:
        view.format_error = str(exc)
        return view
    view.response = response
    if response.errorcode and not response.results:
        view.request_error = explain(response.errorcode, response.message, clock_skew=log.clock_skew,
                                     hmac_version=log.hmac_version)
    for index, result in enumerate(response.results):
        sent = log.actions[index] if index < len(log.actions) else {}
        view.results.append(_action_view(index, result, sent, field_configs.get(index), pages.get(index, 1),
                                          log.clock_skew, log.hmac_version))
    return view
