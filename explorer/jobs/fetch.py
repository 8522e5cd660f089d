"""Fetch every page of a list read: the first page gives `cntabsolute`, the rest are fetched with bounded
concurrency and handed to a writer in page order.

Django-free but for the settings defaults: the caller provides `send_page(offset, limit) -> Page`, which
signs afresh and sends one call (through explorer.calls.services, so every page is a call-log row), and
raises PageFailed when that page did not come back (see `page_sender` for the usual one).

Memory: at most concurrency + 1 pages are held (in flight or waiting for their turn to be written); the
distinct-id set grows with the record count (ids only, some MB for 100,000s of records).
"""

from __future__ import annotations

import copy
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

PAGE_SIZE = 500  # the API's maximum listlimit
RETRY_BACKOFF = (0.2, 0.5)  # a failed page is sent again twice, after these pauses

# The field a stable sort by record id uses, per resource type. Estates: `Id` (a field of the estate
# module, in the sandbox as in the real API). Addresses have no record-id field to sort by (the sandbox
# answers 212 for sortby Id, as `Id` is not an address field); the customer number `KdNr` is unique and
# read-only, so it is the stable key there. Other resource types get no added sort.
STABLE_SORT_FIELD = {"estate": "Id", "address": "KdNr"}


class PageFailed(Exception):
    """One page did not come back: `message` is the explained error; `api_error` tells an API error (exit 1)
    from a transport or format one (exit 2); `retryable` False for what a retry cannot fix (allowlist)."""

    def __init__(self, message: str, *, api_error: bool = False, retryable: bool = True):
        super().__init__(message)
        self.message = message
        self.api_error = api_error
        self.retryable = retryable


@dataclass
class Page:
    records: list[dict]  # flat records: {"id": …, **elements}
    cntabsolute: int | None


@dataclass
class FetchReport:
    cntabsolute: int | None = None
    pages_total: int = 0
    pages: int = 0  # pages written
    records: int = 0  # records written
    distinct_ids: int = 0
    duplicates: int = 0  # records written whose id was written before
    gaps: int = 0  # cntabsolute minus distinct ids written (0 when more came back)
    retries: int = 0
    cancelled: bool = False
    failed_offset: int | None = None
    error: str | None = None
    api_error: bool = False
    cntabsolute_changed: bool = False  # a later page reported another total: the data changed while paging
    seconds: float = 0.0
    _ids: set = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


def stable_sort(parameters: dict, resourcetype: str) -> dict:
    """The read's parameters with a sort by record id appended when the user's sortby does not already
    end with it: {"sortby": {...user's..., "Id": "ASC"}} for estates. A string sortby (with sortorder)
    becomes the object form. Unknown resource types are left alone."""
    key = STABLE_SORT_FIELD.get(resourcetype)
    params = copy.deepcopy(parameters)
    if key is None:
        return params
    sortby = params.get("sortby")
    if sortby in (None, "", [], {}):
        spec = {}
    elif isinstance(sortby, str):
        spec = {sortby: params.pop("sortorder", "ASC")}
    elif isinstance(sortby, dict):
        spec = dict(sortby)
    else:
        return params  # not a form the API accepts: send it as given and let the API say so
    if key not in spec:
        spec[key] = "ASC"
    params["sortby"] = spec
    return params


def fetch_all(
    *,
    send_page: Callable[[int, int], Page],
    write: Callable[[list[dict]], Any],
    total_hint: int | None = None,
    concurrency: int | None = None,
    page_size: int = PAGE_SIZE,
    on_progress: Callable[[FetchReport], Any] | None = None,
    should_stop: Callable[[], bool] | None = None,
    backoff: Sequence[float] = RETRY_BACKOFF,
    sleep: Callable[[float], Any] = time.sleep,
    after_page_in_worker: Callable[[], Any] | None = None,
) -> FetchReport:
    """Page a read through `send_page` and hand each page's records, in page order, to `write`.

    `should_stop()` is asked before each page is sent and after each one is written: once it says yes,
    nothing more is written (report.cancelled). A page that fails three times ends the fetch with its
    error (report.failed_offset, report.error); what was written before it stays. `after_page_in_worker`
    runs in the worker thread after each page it sent (e.g. django.db.connection.close: a pool thread's
    connection is not left open once the fetch is over)."""
    if concurrency is None:
        from django.conf import settings

        concurrency = settings.FETCH_CONCURRENCY
    concurrency = max(1, int(concurrency))
    report = FetchReport(cntabsolute=total_hint)
    started = time.monotonic()
    stop = should_stop or (lambda: False)

    def progress() -> None:
        report.seconds = time.monotonic() - started
        if on_progress is not None:
            on_progress(report)

    def attempt(offset: int) -> Page:
        for pause in (*backoff, None):
            try:
                return send_page(offset, page_size)
            except PageFailed as exc:
                if pause is None or not exc.retryable:
                    raise
                report.retries += 1
                sleep(pause)
        raise AssertionError("unreachable")

    def accept(offset: int, page: Page) -> None:
        if page.cntabsolute is not None and report.cntabsolute is not None and offset > 0 \
                and page.cntabsolute != report.cntabsolute:
            report.cntabsolute_changed = True
        write(page.records)
        report.pages += 1
        report.records += len(page.records)
        for record in page.records:
            rid = record.get("id")
            if rid in report._ids:
                report.duplicates += 1
            else:
                report._ids.add(rid)
        report.distinct_ids = len(report._ids)

    def fail(offset: int, exc: PageFailed) -> None:
        report.failed_offset = offset
        report.error = exc.message
        report.api_error = exc.api_error

    progress()
    if stop():
        report.cancelled = True
        return finish(report, progress)
    try:
        first = attempt(0)
    except PageFailed as exc:
        fail(0, exc)
        return finish(report, progress)
    report.cntabsolute = first.cntabsolute if first.cntabsolute is not None else len(first.records)
    total = report.cntabsolute
    report.pages_total = max(1, -(-total // page_size)) if page_size > 0 else 1
    accept(0, first)
    progress()
    offsets = deque(range(page_size, total, page_size)) if page_size > 0 else deque()

    def worker(offset: int) -> Page:
        try:
            return attempt(offset)
        finally:
            if after_page_in_worker is not None:
                after_page_in_worker()

    pending: deque[tuple[int, Future]] = deque()
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="fetch-all")
    try:
        while offsets or pending:
            if stop():
                report.cancelled = True
                break
            # At most concurrency + 1 pages outstanding: `concurrency` being sent, one queued behind them.
            while offsets and len(pending) < concurrency + 1:
                offset = offsets.popleft()
                pending.append((offset, pool.submit(worker, offset)))
            offset, future = pending.popleft()
            try:
                page = future.result()
            except PageFailed as exc:
                fail(offset, exc)
                break
            if stop():  # cancelled while this page was on its way: it is not written
                report.cancelled = True
                break
            accept(offset, page)
            progress()
    finally:
        for _, future in pending:
            future.cancel()  # the ones not started; the ones in flight end within one page
        pool.shutdown(wait=True)
    return finish(report, progress)


def finish(report: FetchReport, progress: Callable[[], None]) -> FetchReport:
    if report.cntabsolute is not None:
        report.gaps = max(0, report.cntabsolute - report.distinct_ids) if report.ok else 0
    progress()
    return report


def flat_record(record) -> dict:
    """An API record as one flat object: {"id": …, **elements} (a list of elements goes under "elements")."""
    elements = record.elements
    if isinstance(elements, dict):
        return {"id": record.id, **elements}
    return {"id": record.id, "elements": elements}


def page_sender(perform: Callable[[list], Any], action) -> Callable[[int, int], Page]:
    """send_page for `action` (a read): each page a fresh copy of the action with its listlimit/listoffset,
    signed and sent by `perform(actions) -> calls.services.CallOutcome` (one call-log row per page)."""
    from ..errors import EndpointRefusedError, ExplorerError
    from ..onoffice.actions import Action
    from ..onoffice.errors import ResponseFormatError, explain
    from ..onoffice.responses import parse_response
    from ..redaction import scrub

    def send_page(offset: int, limit: int) -> Page:
        parameters = {**action.parameters, "listlimit": limit}
        if offset:  # 0 is the default; task reads refuse listoffset altogether (and count only what they return)
            parameters["listoffset"] = offset
        else:
            parameters.pop("listoffset", None)
        page_action = Action(kind=action.kind, resourcetype=action.resourcetype, resourceid=action.resourceid,
                             identifier=action.identifier, parameters=parameters)
        try:
            outcome = perform([page_action])
        except ExplorerError as exc:
            # Refused before sending (allowlist) or out of time: another try would be refused alike.
            raise PageFailed(exc.message, retryable=not isinstance(exc, EndpointRefusedError)
                             and not (exc.extra or {}).get("deadline")) from None
        where = f"page at listoffset {offset}"
        exchange = outcome.exchange
        if exchange.error is not None:
            raise PageFailed(scrub(f"{where}: {exchange.error}", outcome.secret_forms))
        response = outcome.response
        if outcome.body != exchange.body:
            # The upstream echoed the token or this page's HMAC: only the scrubbed copy may reach a file.
            try:
                response = parse_response(outcome.body, expected_results=len(response.results))
            except ResponseFormatError as exc:
                raise PageFailed(f"{where}: {exc}") from None
        failed = next((r for r in response.results if not r.ok), None)
        if response.errorcode or failed is not None or not response.results:
            code, message = (failed.errorcode, failed.message) if failed else (response.errorcode, response.message)
            explanation = explain(code, message, clock_skew=exchange.clock_skew)
            raise PageFailed(scrub(f"{where}: error {code}: {explanation.message}", outcome.secret_forms),
                             api_error=True)
        result = response.results[0]
        return Page(records=[flat_record(r) for r in result.records], cntabsolute=result.cntabsolute)

    return send_page
