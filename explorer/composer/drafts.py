"""One action of the composer as a draft, and how its form widgets map to its parameters and back.

The canonical state of an action is its parameters JSON; the form widgets are a view of the keys they
know (data, filter, listlimit, ...), and keys the form does not know always survive a form edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field as dataclass_field
from typing import Any

from django.http import QueryDict

from ..onoffice.actions import CATALOGUE, Action, ActionKind
from ..onoffice.fields import LIST_OPERATORS, NUMERIC_TYPES, normalise_operator

MAX_ACTIONS = 10
MAX_FILTER_ROWS = 30
# Changed-since preset: onOffice names these fields for "all records changed in a period"
# (https://apidoc.onoffice.de/allgemeine-hinweise/#Retrieving_field_names).
CHANGED_FIELD = {"estate": "geaendert_am", "address": "Aenderung"}
FORM_KEYS = ("data", "filter", "listlimit", "listoffset", "sortby", "sortorder", "formatoutput", "outputlanguage")


@dataclass
class FilterRow:
    field: str = ""
    op: str = "="
    values: list[str] = dataclass_field(default_factory=list)

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""

    @property
    def value2(self) -> str:
        return self.values[1] if len(self.values) > 1 else ""


@dataclass
class ValueRow:
    """One field of the record a create or modify writes."""

    field: str = ""
    values: list[str] = dataclass_field(default_factory=list)

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""


@dataclass
class ActionDraft:
    index: int
    resourcetype: str = "estate"
    action: str = "read"
    resourceid: str = ""
    identifier: str = ""
    params_text: str = "{}"
    params: dict | None = dataclass_field(default_factory=dict)
    json_error: str = ""
    notice: str = ""
    data: list[str] = dataclass_field(default_factory=list)
    filters: list[FilterRow] = dataclass_field(default_factory=list)
    listlimit: str = ""
    listoffset: str = ""
    sortby: str = ""
    sortorder: str = ""
    formatoutput: bool = False
    outputlanguage: str = ""
    changed_since: str = ""
    extra: dict[str, str] = dataclass_field(default_factory=dict)  # key parameters of other types, as text
    record_rows: list[ValueRow] = dataclass_field(default_factory=list)
    field_types: dict[str, str] = dataclass_field(default_factory=dict)  # of the module, when its configuration is known

    @property
    def resource(self):
        return CATALOGUE.get(self.resourcetype)

    @property
    def kind(self) -> ActionKind | None:
        try:
            return ActionKind(self.action)
        except ValueError:
            return None

    @property
    def module(self) -> str | None:
        return self.resource.module if self.resource else None

    @property
    def has_read_form(self) -> bool:
        """List-read widgets (fields, filters, paging) apply to module-backed reads."""
        return self.kind == ActionKind.READ and self.module is not None

    @property
    def record_container(self) -> str | None:
        """Where this create/modify puts the record's fields: "data", "" (top level), or None (no record form)."""
        if self.kind not in (ActionKind.CREATE, ActionKind.MODIFY) or self.resource is None:
            return None
        return self.resource.write_fields

    @property
    def has_record_form(self) -> bool:
        return self.record_container is not None

    @property
    def changed_field(self) -> str | None:
        return CHANGED_FIELD.get(self.resourcetype)

    @property
    def extra_keys(self) -> tuple[str, ...]:
        resource = self.resource
        if resource is None:
            return ()
        if self.kind is not None and self.kind.is_write:
            if resource.write_parameters or resource.write_fields is not None:
                return resource.write_parameters
            if resource.actions & {ActionKind.READ, ActionKind.GET}:
                return ()  # the documented parameters are the read ones: the JSON editor takes the rest
        handled = FORM_KEYS if self.has_read_form else ()
        return tuple(k for k in resource.key_parameters if k not in handled)

    def record_fields(self, params: dict) -> dict:
        """The record's fields as they stand in `params`: inside data, or the known field names at the top."""
        if self.record_container == "data":
            data = params.get("data")
            return dict(data) if isinstance(data, dict) else {}
        return {k: v for k, v in params.items() if k in self.field_types}

    def to_action(self) -> Action | None:
        if self.kind is None or self.params is None or not self.resourcetype:
            return None
        return Action(kind=self.kind, resourcetype=self.resourcetype, resourceid=self.resourceid,
                      identifier=self.identifier, parameters=self.params)




def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list, int, float)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _typed(text: str) -> Any:
    """A key-parameter input's value: JSON when it reads as JSON (numbers, lists, true), else the text."""
    stripped = text.strip()
    if stripped[:1] in "[{" or stripped in ("true", "false", "null") or stripped.lstrip("-").isdigit():
        try:
            return json.loads(stripped)
        except (json.JSONDecodeError, RecursionError):
            return text
    return text


def _as_texts(value: Any) -> list[str]:
    return [_text(v) for v in value] if isinstance(value, list) else [_text(value)]


def _filter_value(row: FilterRow, field_type: str | None, original: Any = None) -> Any:
    if original is not None and _as_texts(original) == row.values:
        return original  # unchanged in the form: keep the JSON's own type (2 stays a number, "2" a text)

    def scalar(v: str) -> Any:
        if field_type in NUMERIC_TYPES:
            try:
                number = float(v.replace(",", "."))
            except ValueError:
                return v
            return int(number) if number.is_integer() else number
        return v

    if row.op in LIST_OPERATORS:
        return [scalar(v) for v in row.values if v != ""]
    if row.op == "between":
        return [scalar(row.value), scalar(row.value2)]
    if field_type == "multiselect" and row.op in ("=", "!="):
        # `=` takes one key (a list of several is refused with error 257, the checks suggest `in`); [] means
        # "no value" (https://apidoc.onoffice.de/allgemeine-hinweise/#Singleselect_and_multiselect_fields).
        keys = [v for v in row.values if v != ""]
        return keys[0] if len(keys) == 1 else keys
    return scalar(row.value)


def _record_value(row: ValueRow, field_type: str | None, original: Any = None) -> Any:
    if original is not None and _as_texts(original) == row.values:
        return original  # unchanged in the form: keep the JSON's own type
    if field_type == "multiselect":
        return [v for v in row.values if v != ""]  # multiselects are written as arrays, [] for "no value"
    return _filter_value(FilterRow(op="=", values=row.values[:1]), field_type)


def _rows_from_filter(filter_obj: Any, skip_field: str | None) -> tuple[list[FilterRow], str, bool]:
    """Filter rows, the changed-since date, and whether the whole filter fits the form."""
    rows: list[FilterRow] = []
    since = ""
    if not isinstance(filter_obj, dict):
        return rows, since, filter_obj is None
    representable = True
    for name, conditions in filter_obj.items():
        if not isinstance(conditions, list):
            representable = False
            continue
        for condition in conditions:
            op = normalise_operator(condition.get("op")) if isinstance(condition, dict) else None
            if op is None:
                representable = False
                continue
            val = condition.get("val")
            if name == skip_field and op == ">=" and not since and isinstance(val, str):
                since = val
                continue
            rows.append(FilterRow(field=name, op=op, values=_as_texts(val)))
    return rows, since, representable


def params_to_widgets(draft: ActionDraft) -> None:
    params = draft.params or {}
    if draft.has_read_form:
        data = params.get("data")
        draft.data = [str(v) for v in data] if isinstance(data, list) else []
        rows, since, representable = _rows_from_filter(params.get("filter"), draft.changed_field)
        draft.filters, draft.changed_since = rows, since
        if not representable:
            draft.notice = "Part of the filter has a shape the form cannot show; edit it in JSON."
        draft.listlimit = _text(params.get("listlimit"))
        draft.listoffset = _text(params.get("listoffset"))
        sortby = params.get("sortby")
        if isinstance(sortby, dict) and len(sortby) == 1:
            draft.sortby, draft.sortorder = next(iter(sortby.items()))
        else:
            draft.sortby = _text(sortby)
            draft.sortorder = _text(params.get("sortorder"))
        draft.formatoutput = params.get("formatoutput") in (True, "true", 1, "1")
        draft.outputlanguage = _text(params.get("outputlanguage"))
    draft.extra = {k: _text(params[k]) for k in draft.extra_keys if k in params}
    if draft.has_record_form:
        draft.record_rows = [ValueRow(field=k, values=_as_texts(v)) for k, v in draft.record_fields(params).items()]


def _row_values(q: QueryDict, key: str, row: int) -> list[str]:
    """Row `row`'s values from a multi-select, whose options are "<row>:<value>" (one name for all rows)."""
    prefix = f"{row}:"
    return [v.removeprefix(prefix) for v in q.getlist(key) if v.startswith(prefix)]


def read_widgets(q: QueryDict, p: str, draft: ActionDraft) -> None:
    draft.data = [v for v in q.getlist(f"{p}data") if v]
    fields, ops, vals, vals2 = (q.getlist(f"{p}f-{k}") for k in ("field", "op", "val", "val2"))
    for r, name in enumerate(fields[:MAX_FILTER_ROWS]):
        op = normalise_operator(ops[r] if r < len(ops) else "=") or "="
        multi = _row_values(q, f"{p}f-multi", r)
        single = vals[r] if r < len(vals) else ""
        if op == "between":
            values = [single, vals2[r] if r < len(vals2) else ""]
        elif multi:
            values = multi
        elif op in LIST_OPERATORS:
            values = [v.strip() for v in single.split(",")]
        else:
            values = [single]
        draft.filters.append(FilterRow(field=name, op=op, values=values))
    record_vals = q.getlist(f"{p}r-val")
    for r, name in enumerate(q.getlist(f"{p}r-field")[:MAX_FILTER_ROWS]):
        multi = _row_values(q, f"{p}r-multi", r)
        draft.record_rows.append(ValueRow(field=name, values=multi or [record_vals[r] if r < len(record_vals) else ""]))
    for key in ("listlimit", "listoffset", "sortby", "sortorder", "outputlanguage"):
        setattr(draft, key, q.get(f"{p}{key}", "").strip())
    draft.formatoutput = q.get(f"{p}formatoutput") in ("1", "on", "true")
    draft.changed_since = q.get(f"{p}since", "").strip()


def kept_order(previous: Any, chosen: list[str]) -> list[str]:
    """The chosen `data` fields in the user's order: the checkboxes post in the picker's (alphabetical) order,
    so the fields already in the previous `data` keep their places and newly checked ones are appended."""
    chosen = list(dict.fromkeys(chosen))
    before = [str(v) for v in previous] if isinstance(previous, list) else []
    still = set(chosen)
    kept = [name for name in dict.fromkeys(before) if name in still]
    return kept + [name for name in chosen if name not in set(kept)]


def move_data(params: dict, name: str, direction: str) -> bool:
    """Move field `name` of `params["data"]` one place up or down; whether anything moved."""
    data = params.get("data")
    if not isinstance(data, list) or name not in data or direction not in ("up", "down"):
        return False
    at = data.index(name)
    to = at - 1 if direction == "up" else at + 1
    if not 0 <= to < len(data):
        return False
    data = list(data)
    data[at], data[to] = data[to], data[at]
    params["data"] = data
    return True


def widgets_to_params(draft: ActionDraft, base: dict, field_types: dict[str, str]) -> dict:
    params = dict(base)
    if draft.has_read_form:
        for key in FORM_KEYS:
            params.pop(key, None)
        draft.data = kept_order(base.get("data"), draft.data)
        if draft.data:
            params["data"] = draft.data
        original = base.get("filter") if isinstance(base.get("filter"), dict) else {}
        conditions: dict[str, list] = {}
        for row in draft.filters:
            if row.field:
                same_field = conditions.setdefault(row.field, [])
                before = original.get(row.field)
                previous = before[len(same_field)] if isinstance(before, list) and len(before) > len(same_field) else {}
                value = _filter_value(row, field_types.get(row.field),
                                      previous.get("val") if isinstance(previous, dict) else None)
                same_field.append({"op": row.op, "val": value})
        if draft.changed_since and draft.changed_field:
            conditions.setdefault(draft.changed_field, []).append({"op": ">=", "val": draft.changed_since})
        if conditions:
            params["filter"] = conditions
        for key in ("listlimit", "listoffset"):
            value = getattr(draft, key)
            if value:
                params[key] = int(value) if value.isdigit() else value
        if draft.sortby:
            params["sortby"] = draft.sortby
            params["sortorder"] = draft.sortorder or "ASC"
        if draft.formatoutput:
            params["formatoutput"] = True
            if draft.outputlanguage:
                params["outputlanguage"] = draft.outputlanguage
    if draft.has_record_form:
        original = draft.record_fields(base)
        record = {row.field: _record_value(row, field_types.get(row.field), original.get(row.field))
                  for row in draft.record_rows if row.field}
        if draft.record_container == "data":
            params.pop("data", None)
            if record:
                params["data"] = record
        else:
            for key in original:
                params.pop(key, None)
            params.update(record)
    for key in draft.extra_keys:
        if key in draft.extra:
            if draft.extra[key].strip():
                params[key] = _typed(draft.extra[key])
            else:
                params.pop(key, None)
    return {k: params[k] for k in sorted(params)}
