"""Paging arithmetic: the API's listlimit/listoffset window, and server-side pages of a large answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# The API's default when listlimit is absent
# (https://apidoc.onoffice.de/allgemeine-hinweise/#Maximum_number_of_data_records).
DEFAULT_LIST_LIMIT = 20


@dataclass(frozen=True)
class PageWindow:
    """Rows first..last (1-based, 0 when empty) of total, offsets for the neighbouring pages and a label."""

    first: int
    last: int
    total: int | None
    prev_offset: int | None
    next_offset: int | None
    label: str


def _count(n: int) -> str:
    return f"{n:,}"


def _as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def page_window(cntabsolute: int | None, listlimit: int | None, listoffset: int | None) -> PageWindow:
    """Where a list read stands, e.g. "1–20 of 1,234"; total None (no cntabsolute) gives no next page."""
    limit = _as_int(listlimit, DEFAULT_LIST_LIMIT)
    offset = max(0, _as_int(listoffset, 0))
    total = None if cntabsolute is None else max(0, _as_int(cntabsolute, 0))
    if limit <= 0 or total == 0 or (total is not None and offset >= total):
        # listlimit 0 asks only for the count; an offset past the end shows nothing.
        prev_offset = None
        if limit > 0 and total and offset > 0:
            prev_offset = (total - 1) // limit * limit
        return PageWindow(0, 0, total, prev_offset, None, f"0 of {_count(total)}" if total is not None else "0")
    last = offset + limit if total is None else min(offset + limit, total)
    first = offset + 1
    span = _count(first) if first == last else f"{_count(first)}–{_count(last)}"
    return PageWindow(
        first=first,
        last=last,
        total=total,
        prev_offset=max(0, offset - limit) if offset > 0 else None,
        next_offset=offset + limit if total is not None and offset + limit < total else None,
        label=span if total is None else f"{span} of {_count(total)}",
    )


@dataclass(frozen=True)
class RecordPage:
    """One page of records for display, with its window ("101–200 of 1,234") and neighbouring page numbers."""

    records: Sequence
    number: int
    page_count: int
    window: PageWindow

    @property
    def prev_number(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next_number(self) -> int | None:
        return self.number + 1 if self.number < self.page_count else None


def paginate_records(records: Sequence, page: Any, per_page: int) -> RecordPage:
    """Page `page` (1-based; junk or out of range is clamped, as it comes from a query string) of records."""
    per_page = max(1, _as_int(per_page, 1))
    page_count = max(1, -(-len(records) // per_page))
    number = min(max(1, _as_int(page, 1)), page_count)
    offset = (number - 1) * per_page
    return RecordPage(
        records=records[offset:offset + per_page],
        number=number,
        page_count=page_count,
        window=page_window(len(records), per_page, offset),
    )
