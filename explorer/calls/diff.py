"""A structural diff of two logged calls: their requests (actions by index: kind, resource type, resource id,
identifier, parameter paths) and their answers (per action result: status, cntabsolute, and `data.records`
matched by record id, not by position). deepdiff finds the differences; this module only matches records,
names paths readably (`records[id=12].elements.kaufpreis`, `parameters.filter.ort[0].val`) and caps the work.

Answers that are not JSON (transport errors, answers cut at the log's limit) are compared as text lines.
No database access here: the view hands in what it read through the selectors.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from ..onoffice.actions import ActionKind
from .diffcore import (
    MAX_CHANGES,
    MAX_RECORDS,
    MAX_TEXT_INPUT_LINES,
    MAX_TEXT_LINES,
    RECORD_PREVIEW,
    VALUE_LIMIT,
    Budget,
    CallDiff,
    Change,
    Section,
    Side,
    deep_changes,
    join_path,
    record_label,
    show,
    simple_change,
)


def _kind(action: dict) -> str:
    kind = ActionKind.from_urn(str(action.get("actionid", "")))
    return kind.value if kind else str(action.get("actionid", ""))


def action_summary(action: Any) -> str:
    """`read estate “for-sale”`: what the history shows for one action."""
    if not isinstance(action, dict):
        return show(action, 80)
    text = f"{_kind(action)} {action.get('resourcetype', '')}".strip()
    if action.get("resourceid") not in (None, ""):
        text += f" {action.get('resourceid')}"
    if action.get("identifier"):
        text += f" “{action['identifier']}”"
    return text


_MISSING = object()


def diff_requests(a: Side, b: Side, budget: Budget) -> Section:
    section = Section("request", "Request")
    if a.endpoint != b.endpoint:
        simple_change(a.endpoint, b.endpoint, "endpoint", section, budget)
    actions_a = a.actions if isinstance(a.actions, list) else []
    actions_b = b.actions if isinstance(b.actions, list) else []
    several = max(len(actions_a), len(actions_b)) > 1
    for index in range(max(len(actions_a), len(actions_b))):
        prefix = f"actions[{index}]" if several else ""
        old = actions_a[index] if index < len(actions_a) else _MISSING
        new = actions_b[index] if index < len(actions_b) else _MISSING
        if old is _MISSING:
            budget.add(section, Change(prefix or "action", "added", new=action_summary(new)))
            continue
        if new is _MISSING:
            budget.add(section, Change(prefix or "action", "removed", old=action_summary(old)))
            continue
        if not (isinstance(old, dict) and isinstance(new, dict)):
            deep_changes(old, new, prefix, section, budget)
            continue
        if _kind(old) != _kind(new):
            budget.add(section, Change(join_path(prefix, ["action"]), "changed", old=_kind(old), new=_kind(new)))
        for key in ("resourcetype", "resourceid", "identifier"):
            simple_change(old.get(key, _MISSING), new.get(key, _MISSING), join_path(prefix, [key]), section, budget,
                    missing=_MISSING)
        deep_changes(old.get("parameters", {}), new.get("parameters", {}), join_path(prefix, ["parameters"]),
                     section, budget)
        others = sorted((set(old) | set(new)) - {"actionid", "resourcetype", "resourceid", "identifier", "parameters"})
        for key in others:
            deep_changes({key: old[key]} if key in old else {}, {key: new[key]} if key in new else {}, prefix,
                         section, budget)
    return section


# ---- Answers ----------------------------------------------------------------------------------------------

def parse(body: bytes) -> tuple[Any, str]:
    """(document, "") or (None, why it is not JSON)."""
    if not body:
        return None, "no answer was kept"
    try:
        return json.loads(body), ""
    except UnicodeDecodeError:
        return None, "the answer is not UTF-8 text"
    except ValueError as error:
        return None, f"the answer is not JSON ({error.msg} at line {error.lineno}, column {error.colno})"


def _results(document: Any) -> list | None:
    if isinstance(document, dict) and isinstance(document.get("response"), dict):
        results = document["response"].get("results")
        if isinstance(results, list):
            return results
    return None


def _get(document: Any, *keys, default=_MISSING):
    for key in keys:
        if not isinstance(document, dict) or key not in document:
            return default
        document = document[key]
    return document


def _records(result: Any) -> list | None:
    records = _get(result, "data", "records", default=None)
    return records if isinstance(records, list) else None


def _by_id(records: list) -> dict[str, Any] | None:
    """Records keyed by str(id), or None when some record has no id or an id repeats (then: by position)."""
    keyed = {}
    for record in records:
        if not isinstance(record, dict) or record.get("id") in (None, ""):
            return None
        key = str(record["id"])
        if key in keyed:
            return None
        keyed[key] = record
    return keyed


def _record_preview(record: Any) -> str:
    shown = record.get("elements", record) if isinstance(record, dict) else record
    return show(shown, RECORD_PREVIEW)


def diff_records(old: list, new: list, section: Section, budget: Budget, a: Side, b: Side) -> None:
    for records, side in ((old, a), (new, b)):
        if len(records) > MAX_RECORDS:
            section.notes.append(f"Call {side.label} has {len(records):,} records in this result: the first "
                                 f"{MAX_RECORDS:,} are compared.")
    old, new = old[:MAX_RECORDS], new[:MAX_RECORDS]
    keyed_old, keyed_new = _by_id(old), _by_id(new)
    if keyed_old is None or keyed_new is None:
        section.notes.append("Some records have no id (or share one): records are compared by position.")
        deep_changes(old, new, "records", section, budget)
        return
    if list(keyed_old) != list(keyed_new) and set(keyed_old) == set(keyed_new):
        section.notes.append("The same records came back in another order (matched by id).")
    differing = 0
    for key, record in keyed_old.items():
        label = record_label(key)
        if key not in keyed_new:
            budget.add(section, Change(label, "removed", old=_record_preview(record)))
        elif record != keyed_new[key]:
            if budget.left > 0:
                deep_changes(record, keyed_new[key], label, section, budget)
            else:
                differing += 1
    for key, record in keyed_new.items():
        if key not in keyed_old:
            budget.add(section, Change(record_label(key), "added", new=_record_preview(record)))
    if differing:
        section.notes.append(f"{differing:,} more changed record{'s' if differing != 1 else ''} not itemised "
                             f"(at most {budget.limit:,} differences are shown).")
        section.uncounted = True


def diff_result(old: Any, new: Any, section: Section, budget: Budget, a: Side, b: Side) -> None:
    for keys in (("status", "errorcode"), ("status", "message"), ("data", "meta", "cntabsolute")):
        simple_change(_get(old, *keys), _get(new, *keys), join_path("", keys), section, budget, missing=_MISSING)
    records_old, records_new = _records(old), _records(new)
    if records_old is not None and records_new is not None:
        diff_records(records_old, records_new, section, budget, a, b)
        rest_old = {k: v for k, v in old["data"].items() if k not in ("records", "meta")}
        rest_new = {k: v for k, v in new["data"].items() if k not in ("records", "meta")}
        deep_changes(rest_old, rest_new, "data", section, budget)
    else:
        deep_changes(_get(old, "data", default=None), _get(new, "data", default=None), "data", section, budget)


def diff_text(a: Side, b: Side, section: Section) -> None:
    """Line by line (difflib), for answers that are not JSON."""
    def lines(side: Side) -> list[str]:
        document, why = parse(side.body)
        if why:
            text = side.body.decode("utf-8", errors="replace").splitlines()
        else:  # the other side is the one that is not JSON: this one, indented, reads line by line
            text = json.dumps(document, ensure_ascii=False, indent=2).splitlines()
        if len(text) > MAX_TEXT_INPUT_LINES:
            section.notes.append(f"Call {side.label}'s answer has {len(text):,} lines: the first "
                                 f"{MAX_TEXT_INPUT_LINES:,} are compared.")
        return text[:MAX_TEXT_INPUT_LINES]

    diff = list(difflib.unified_diff(lines(a), lines(b), f"call {a.label}", f"call {b.label}", n=2, lineterm=""))
    for line in diff[:MAX_TEXT_LINES]:
        if line.startswith(("---", "+++")):
            kind = "file"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "added"
        elif line.startswith("-"):
            kind = "removed"
        else:
            kind = "context"
        section.text_lines.append((kind, line[:VALUE_LIMIT]))
    section.text_cut = max(len(diff) - MAX_TEXT_LINES, 0)


def diff_answers(a: Side, b: Side, budget: Budget) -> list[Section]:
    doc_a, why_a = parse(a.body)
    doc_b, why_b = parse(b.body)
    results_a, results_b = _results(doc_a), _results(doc_b)
    if why_a or why_b:
        section = Section("answer-text", "Answer", "compared as text lines")
        for side, why in ((a, why_a), (b, why_b)):
            if why:
                cut = " (it was cut at the log's limit)" if side.truncated else ""
                error = f": {side.error_text}" if side.error_text and not side.body else ""
                section.notes.append(f"Call {side.label}: {why}{cut}{error}.")
        section.notes.append("So the answers are compared as text, line by line.")
        diff_text(a, b, section)
        return [section]
    if results_a is None or results_b is None:
        section = Section("answer", "Answer", "not an onOffice envelope: compared as a whole")
        deep_changes(doc_a, doc_b, "", section, budget)
        return [section]
    envelope = Section("envelope", "Answer envelope", "status of the whole call")
    for keys in (("status", "code"), ("status", "errorcode"), ("status", "message")):
        simple_change(_get(doc_a, *keys), _get(doc_b, *keys), join_path("", keys), envelope, budget, missing=_MISSING)
    sections = [envelope]
    for index in range(max(len(results_a), len(results_b))):
        old = results_a[index] if index < len(results_a) else _MISSING
        new = results_b[index] if index < len(results_b) else _MISSING
        section = Section(f"action-{index}", f"Answer, action {index + 1}", _caption(a, b, index))
        if old is _MISSING or new is _MISSING:
            only = a if new is _MISSING else b
            section.notes.append(f"Only call {only.label} has a result for this action.")
            present = new if old is _MISSING else old
            summary = f"{_records_count(present)} · status {show(_get(present, 'status', 'errorcode', default=None))}"
            budget.add(section, Change("result", "added" if old is _MISSING else "removed",
                                       old="" if old is _MISSING else summary, new=summary if old is _MISSING else ""))
        else:
            diff_result(old, new, section, budget, a, b)
        sections.append(section)
    return sections


def _records_count(result: Any) -> str:
    records = _records(result)
    return f"{len(records):,} records" if records is not None else "no records"


def _caption(a: Side, b: Side, index: int) -> str:
    names = []
    for side in (a, b):
        actions = side.actions if isinstance(side.actions, list) else []
        names.append(action_summary(actions[index]) if index < len(actions) else "")
    if names[0] == names[1] or not names[1]:
        return names[0]
    return f"{names[0]} → {names[1]}" if names[0] else names[1]


def call_diff(a: Side, b: Side, *, max_changes: int = MAX_CHANGES) -> CallDiff:
    """The request section first, then the answer sections."""
    budget = Budget(max_changes)
    request = diff_requests(a, b, budget)
    return CallDiff(a=a, b=b, sections=[request, *diff_answers(a, b, budget)])


def side_of(log, body: bytes) -> Side:
    """A logged call (CallLog) and its kept answer as one side of the diff."""
    return Side(label=f"#{log.pk}", actions=log.actions if isinstance(log.actions, list) else [], body=body,
                endpoint=log.endpoint, truncated=log.response_truncated, error_text=log.error_text)
