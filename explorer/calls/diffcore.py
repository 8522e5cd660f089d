"""The parts of the call diff (explorer/calls/diff.py): its result types, the caps on its work, readable
paths and deepdiff's findings turned into rows."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from deepdiff import DeepDiff
from deepdiff.helper import NotPresent

MAX_RECORDS = 2_000  # records per action and side that are matched and compared
MAX_CHANGES = 500  # differences itemised on one page (all sections together)
MAX_TEXT_LINES = 400  # lines of a unified text diff shown
MAX_TEXT_INPUT_LINES = 20_000  # lines of each text that difflib reads
VALUE_LIMIT = 1_000  # characters of one value shown in a cell
RECORD_PREVIEW = 300  # characters of an added or removed record shown
MAX_DIFF_STEPS = 50_000  # comparisons one deepdiff run may make (its max_diffs counts steps, not findings)

_IDENTIFIER = re.compile(r"^[A-Za-z_][\w-]*$")


class _QuietCap(logging.Filter):
    """deepdiff warns each time a run reaches max_diffs; the page says so itself."""

    def filter(self, record):
        return "max number of diffs" not in record.getMessage()


logging.getLogger("deepdiff.diff").addFilter(_QuietCap())


@dataclass(frozen=True)
class Side:
    """One call as the diff sees it: its label ("#12"), the logged actions and the kept answer."""

    label: str
    actions: list
    body: bytes
    endpoint: str = ""
    truncated: bool = False
    error_text: str = ""


@dataclass
class Change:
    path: str
    kind: str  # "added", "removed" or "changed"
    old: str = ""
    new: str = ""


@dataclass
class Section:
    key: str
    title: str
    caption: str = ""
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text_lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, line) of a unified text diff
    text_cut: int = 0  # lines of the text diff not shown
    cut: int = 0  # differences found but not itemised (the page's cap)
    uncounted: bool = False  # the cap stopped deepdiff: more differences may exist than `cut` says

    @property
    def equal(self) -> bool:
        return not (self.changes or self.text_lines or self.cut or self.uncounted)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "changed": 0}
        for change in self.changes:
            counts[change.kind] += 1
        return counts


@dataclass
class CallDiff:
    a: Side
    b: Side
    sections: list[Section]

    @property
    def request(self) -> Section:
        return self.sections[0]

    @property
    def answers(self) -> list[Section]:
        return self.sections[1:]

    @property
    def shown(self) -> int:
        return sum(len(s.changes) for s in self.sections)

    @property
    def cut(self) -> int:
        return sum(s.cut for s in self.sections)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "removed": 0, "changed": 0}
        for section in self.sections:
            for kind, count in section.counts.items():
                counts[kind] += count
        return counts

    @property
    def equal(self) -> bool:
        return all(s.equal for s in self.sections)

    @property
    def text_lines(self) -> int:
        """Lines of a text diff (answers that are not JSON) shown."""
        return sum(len(s.text_lines) for s in self.sections)


class Budget:
    """The page's cap on itemised differences, shared by all sections."""

    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit

    def add(self, section: Section, change: Change) -> None:
        if self.left > 0:
            section.changes.append(change)
            self.left -= 1
        else:
            section.cut += 1


# ---- Formatting ------------------------------------------------------------------------------------------

def show(value: Any, limit: int = VALUE_LIMIT) -> str:
    """A value as JSON text (strings quoted, so "100" and 100 differ visibly), cut at `limit` characters."""
    if isinstance(value, NotPresent):
        return ""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def join_path(prefix: str, keys) -> str:
    """`parameters` + ["filter", "ort", 0, "val"] → `parameters.filter.ort[0].val`."""
    path = prefix
    for key in keys:
        if isinstance(key, int):
            path += f"[{key}]"
        elif _IDENTIFIER.match(str(key)):
            path += f".{key}" if path else str(key)
        else:
            path += f"[{json.dumps(str(key), ensure_ascii=False)}]"
    return path or "(whole value)"


def _natural(path: str) -> list:
    """`x[2]` before `x[10]`."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", path)]


def record_label(record_id: str) -> str:
    return f"records[id={record_id}]"


def _ignore_order_of_scalars(level) -> bool:
    """Lists of plain values (field lists like `data`, multiselect values) compare as sets; lists of objects
    (filter conditions) keep their positions, so paths read `ort[0].val`."""
    values = [v for side in (level.t1, level.t2) if isinstance(side, (list, tuple)) for v in side]
    return all(not isinstance(v, (dict, list, tuple)) for v in values)


def deep_changes(old: Any, new: Any, prefix: str, section: Section, budget: Budget) -> None:
    """Every difference deepdiff finds between `old` and `new`, as changes under `prefix`."""
    if old == new:
        return
    tree = DeepDiff(old, new, view="tree", ignore_order_func=_ignore_order_of_scalars, max_diffs=MAX_DIFF_STEPS,
                    threshold_to_diff_deeper=0)
    changes = []
    for report_type, levels in tree.items():
        for level in levels:
            path = join_path(prefix, level.path(output_format="list"))
            if report_type.endswith("_added"):
                changes.append(Change(path, "added", new=show(level.t2)))
            elif report_type.endswith("_removed"):
                changes.append(Change(path, "removed", old=show(level.t1)))
            else:  # values_changed, type_changes
                changes.append(Change(path, "changed", old=show(level.t1), new=show(level.t2)))
    for change in sorted(changes, key=lambda c: _natural(c.path)):
        budget.add(section, change)
    if tree.get_stats().get("MAX DIFF LIMIT REACHED"):
        section.uncounted = True
        section.notes.append("These values are too large to compare completely: the differences found first are shown.")


def simple_change(old: Any, new: Any, path: str, section: Section, budget: Budget, *, missing=None) -> None:
    """One scalar-ish value: added when only `new` has it, removed when only `old` does."""
    if old == new:
        return
    if old is missing:
        budget.add(section, Change(path, "added", new=show(new)))
    elif new is missing:
        budget.add(section, Change(path, "removed", old=show(old)))
    else:
        budget.add(section, Change(path, "changed", old=show(old), new=show(new)))


# ---- Requests ---------------------------------------------------------------------------------------------
