"""Fetch every page of a list read with bounded concurrency, handed to a writer in page order. The first
page's `cntabsolute` decides how many pages there are; without a hint of the total it is fetched alone.

Django-free but for the settings defaults: the caller provides `send_page(offset, limit) -> Page`, which
signs afresh and sends one call (through explorer.calls.services, so every page is a call-log row), and
raises PageFailed when that page did not come back (see `page_sender` for the usual one).

Memory: at most 2 × concurrency + 1 pages are held (in flight or waiting for their turn to be written); the
distinct-id set grows with the record count (ids only, some MB for 100,000s of records).
"""

from __future__ import annotations

import copy
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

PAGE_SIZE = 500  # the API's maximum listlimit
RETRY_BACKOFF = (0.2, 0.5)  # a failed page is sent again twice, after these pauses
# Pages a thread may have sent ahead of the one to be written next: one slow page then does not idle the
# other threads (each held page is some hundred KB of records).
WINDOW_PER_THREAD = 2

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


def pages_for(total: int, page_size: int = PAGE_SIZE) -> int:
    """Pages of `page_size` a list of `total` records takes; an empty list is one (empty) page."""
    return max(1, -(-total // page_size))


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
    on_worker_exit: Callable[[], Any] | None = None,
) -> FetchReport:
    """Page a read through `send_page` and hand each page's records, in page order, to `write`.

    `should_stop()` is asked before each page is sent and after each one is written: once it says yes,
    nothing more is written (report.cancelled). A page that fails three times ends the fetch with its
    error (report.failed_offset, report.error); what was written before it stays. `on_worker_exit` runs in
    each sending thread once the fetch is over (e.g. django.db.connection.close: the thread's connection,
    kept from page to page, is not left open). `total_hint`: the total the user's read showed; the
    first pages are then sent together instead of page 0 alone (a wrong hint costs a page, never a record)."""
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

    # Pages waiting to be written, in page order: `window` at most, `concurrency` of them being sent.
    window = concurrency * WINDOW_PER_THREAD
    pending: deque[tuple[int, Future]] = deque()
    pool = _PagePool(concurrency, attempt, on_worker_exit)

    def fill() -> None:
        while offsets and len(pending) < window:
            offset = offsets.popleft()
            pending.append((offset, pool.submit(offset)))

    total: int | None = None  # page 0's cntabsolute

    def take(offset: int, page: Page) -> None:
        nonlocal total, offsets
        if offset == 0:  # the API's own total decides how many pages there are
            total = page.cntabsolute if page.cntabsolute is not None else len(page.records)
            report.cntabsolute, report.pages_total = total, pages_for(total, page_size)
            last = max([0, *offsets, *(o for o, _ in pending)])
            offsets = deque(o for o in offsets if o < total)
            offsets.extend(range(last + page_size, total, page_size))
        elif offset >= total:
            return  # planned from a larger hint: the list has fewer records now
        accept(offset, page)
        progress()

    # Page 0 tells the total. Without a hint (or with one of a single page) it goes alone, in the calling
    # thread; with the total the user's read showed, the first pages go together (a wrong hint costs a
    # page, never a record) and page 0 corrects the plan.
    hint = None if total_hint is None else max(0, int(total_hint))
    planned = range(0, min(hint, window * page_size), page_size) if hint is not None and hint > page_size else ()
    offsets = deque(planned)
    if hint is not None:
        report.pages_total = pages_for(hint, page_size)
    progress()
    try:
        if stop():
            report.cancelled = True
            return finish(report, progress)
        if not offsets:
            try:
                take(0, attempt(0))
            except PageFailed as exc:
                fail(0, exc)
                return finish(report, progress)
        while offsets or pending:
            if stop():
                report.cancelled = True
                break
            fill()
            offset, future = pending.popleft()
            try:
                page = future.result()
            except PageFailed as exc:
                fail(offset, exc)
                break
            if stop():  # cancelled while this page was on its way: it is not written
                report.cancelled = True
                break
            take(offset, page)
    finally:
        for _, future in pending:
            future.cancel()  # the ones not started; the ones in flight end within one page
        pool.shutdown()
    return finish(report, progress)


class _PagePool:
    """`size` threads sending pages in the order submitted, each running `on_exit` once at shutdown
    (concurrent.futures' pool has no such hook: a connection opened per page instead cost a few ms each)."""

    def __init__(self, size: int, send: Callable[[int], Page], on_exit: Callable[[], Any] | None):
        self.send, self.on_exit = send, on_exit
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.size = size

    def submit(self, offset: int) -> Future:
        future: Future = Future()
        self.queue.put((offset, future))
        if len(self.threads) < self.size:  # started as needed: a one-page fetch starts one
            thread = threading.Thread(target=self._run, name=f"fetch-all-{len(self.threads)}", daemon=True)
            self.threads.append(thread)
            thread.start()
        return future

    def _run(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                offset, future = item
                if not future.set_running_or_notify_cancel():
                    continue  # cancelled before it started
                try:
                    future.set_result(self.send(offset))
                except BaseException as exc:  # handed to the reader of the future, as concurrent.futures does
                    future.set_exception(exc)
        finally:
            if self.on_exit is not None:
                self.on_exit()

    def shutdown(self) -> None:
        """Wait for the pages being sent (the cancelled ones are skipped), then end every thread."""
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()


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
