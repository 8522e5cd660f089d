"""Composer state: read from the query string, kept in step between the form widgets and the JSON editor.

The canonical state of an action is its parameters JSON; the form widgets are a view of the keys they
know (data, filter, listlimit, ...). Whichever side the user edited last (`<i>-src`) wins, and keys the
form does not know always survive. The canonical state fits in a URL (`ComposeState.query()`), so a
composed request can be shared, bookmarked and restored with the back button.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field as dataclass_field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict

from .onoffice.actions import CATALOGUE, RELATION_PREFIX, RELATION_TYPES, Action, ActionKind
from .onoffice.fields import (
    ALL_OPERATORS,
    LIST_OPERATORS,
    NUMERIC_TYPES,
    Field,
    FieldProblem,
    ModuleFields,
    check_field_names,
    check_filter,
    normalise_operator,
    operators_for,
)

MAX_ACTIONS = 10
MAX_FILTER_ROWS = 30
# Changed-since preset: the FAQ names these fields for "all records changed in a period".
CHANGED_FIELD = {"estate": "geaendert_am", "address": "Aenderung"}
FORM_KEYS = ("data", "filter", "listlimit", "listoffset", "sortby", "sortorder", "formatoutput", "outputlanguage")
LANGUAGES = ("DEU", "ENG", "FRA", "ESP", "ITA", "NLD", "POL")


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


@dataclass
class ComposeState:
    credential_id: int | None
    drafts: list[ActionDraft]

    def query(self, **overrides) -> str:
        """The canonical URL query of this state (parameters as JSON, no widget noise)."""
        pairs: list[tuple[str, str]] = []
        if self.credential_id:
            pairs.append(("cred", str(self.credential_id)))
        pairs.append(("n", str(len(self.drafts))))
        for d in self.drafts:
            i = d.index
            pairs += [(f"{i}-rt", d.resourcetype), (f"{i}-act", d.action)]
            if d.resourceid:
                pairs.append((f"{i}-rid", d.resourceid))
            if d.identifier:
                pairs.append((f"{i}-ident", d.identifier))
            params = json.dumps(d.params, ensure_ascii=False, separators=(",", ":")) if d.params is not None else d.params_text
            pairs.append((f"{i}-params", params))
        pairs += [(k, str(v)) for k, v in overrides.items()]
        return urlencode(pairs)

    @property
    def actions(self) -> list[Action]:
        return [a for d in self.drafts if (a := d.to_action()) is not None]

    @property
    def errors(self) -> list[str]:
        errors = []
        for d in self.drafts:
            label = f"Action {d.index + 1}"
            if not d.resourcetype:
                errors.append(f"{label}: choose a resource type.")
            if d.kind is None:
                errors.append(f"{label}: choose an action (read, get, create, modify, delete or do).")
            if d.json_error:
                errors.append(f"{label}: the parameters are not valid JSON ({d.json_error}).")
        return errors


def json_error_text(exc: json.JSONDecodeError) -> str:
    return f"line {exc.lineno}, column {exc.colno}: {exc.msg}"


def parse_params(text: str) -> tuple[dict | None, str]:
    """Parameters from the JSON editor: (object, "") or (None, error with line and column)."""
    if not text.strip():
        return {}, ""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, json_error_text(exc)
    except RecursionError:
        return None, "line 1, column 1: nested too deeply"
    if value == []:
        return {}, ""  # the PHP SDK sends empty parameters as []
    if not isinstance(value, dict):
        return None, "line 1, column 1: the parameters must be a JSON object { ... }"
    return value, ""


def pretty(params: dict) -> str:
    return json.dumps(params, ensure_ascii=False, indent=2)


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
        return [v for v in row.values if v != ""]  # multiselects take arrays; [] means "no value" (FAQ)
    return scalar(row.value)


def _record_value(row: ValueRow, field_type: str | None, original: Any = None) -> Any:
    if original is not None and _as_texts(original) == row.values:
        return original  # unchanged in the form: keep the JSON's own type
    if field_type == "multiselect":
        return [v for v in row.values if v != ""]  # multiselects are written as arrays (FAQ)
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


def _apply_params_to_widgets(draft: ActionDraft) -> None:
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


def _read_widgets(q: QueryDict, p: str, draft: ActionDraft) -> None:
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


def _widgets_to_params(draft: ActionDraft, base: dict, field_types: dict[str, str]) -> dict:
    params = dict(base)
    if draft.has_read_form:
        for key in FORM_KEYS:
            params.pop(key, None)
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


def draft_from_query(q: QueryDict, i: int, field_types: dict[str, str] | None = None) -> ActionDraft:
    p = f"{i}-"
    draft = ActionDraft(
        index=i,
        resourcetype=q.get(f"{p}rt", "estate").strip(),
        action=q.get(f"{p}act", "read").strip().lower(),
        resourceid=q.get(f"{p}rid", "").strip(),
        identifier=q.get(f"{p}ident", "").strip(),
        params_text=q.get(f"{p}params", "{}"),
        field_types=field_types or {},
    )
    if draft.resource is not None and draft.kind not in draft.resource.actions:
        # The type changed under the action: take the first action the new type offers.
        draft.action = next(k.value for k in ActionKind if k in draft.resource.actions)
    params, error = parse_params(draft.params_text)
    if q.get(f"{p}src") == "form":
        _read_widgets(q, p, draft)
        draft.extra = {k: q.get(f"{p}x-{k}", "") for k in draft.extra_keys if f"{p}x-{k}" in q}
        if params is None:
            # Never overwrite text the user is still fixing: keep it and say why the form did not apply.
            draft.params, draft.json_error = None, error
            draft.notice = "Form changes are not applied while the JSON has an error."
            return draft
        draft.params = _widgets_to_params(draft, params, draft.field_types)
        draft.params_text = pretty(draft.params)
        return draft
    draft.params, draft.json_error = params, error
    if params is not None:
        draft.params_text = pretty(params)
        _apply_params_to_widgets(draft)
    return draft


def _apply_op(state_drafts: list[ActionDraft], op: str) -> list[ActionDraft]:
    """Structural edits from buttons: add/remove actions, filter rows and record fields."""
    name, _, arg = op.partition(":")
    drafts = state_drafts
    if name == "add-action" and len(drafts) < MAX_ACTIONS:
        drafts.append(ActionDraft(index=len(drafts)))
    elif name == "rm-action" and arg.isdigit() and len(drafts) > 1:
        drafts = [d for d in drafts if d.index != int(arg)]
    elif name in ("add-filter", "rm-filter", "add-row", "rm-row"):
        i, _, row = arg.partition(":")
        draft = next((d for d in drafts if str(d.index) == i), None)
        rows = (draft.filters if name.endswith("filter") else draft.record_rows) if draft is not None else None
        if draft is not None and draft.params is not None:
            if name.startswith("add-") and len(rows) < MAX_FILTER_ROWS:
                rows.append(FilterRow() if name == "add-filter" else ValueRow())
            elif name.startswith("rm-") and row.isdigit() and int(row) < len(rows):
                del rows[int(row)]
                draft.params = _widgets_to_params(draft, draft.params, draft.field_types)
                draft.params_text = pretty(draft.params)
    for new_index, draft in enumerate(drafts):
        draft.index = new_index
    return drafts


def state_from_query(q: QueryDict, field_types_for=None) -> ComposeState:
    """The composer state from GET or POST data; `field_types_for(draft)` gives {field: type} when known."""
    try:
        count = max(1, min(int(q.get("n", "1")), MAX_ACTIONS))
    except ValueError:
        count = 1
    drafts = []
    for i in range(count):
        types = {}
        if field_types_for is not None:
            probe = ActionDraft(index=i, resourcetype=q.get(f"{i}-rt", "estate"), action=q.get(f"{i}-act", "read"))
            types = field_types_for(probe) or {}
        drafts.append(draft_from_query(q, i, types))
    if q.get("op"):
        drafts = _apply_op(drafts, q["op"])
    cred = q.get("cred", "")
    return ComposeState(credential_id=int(cred) if cred.isdigit() else None, drafts=drafts)


def module_field_types(module_fields: ModuleFields | None) -> dict[str, str]:
    return {name: f.type for name, f in module_fields.fields.items()} if module_fields else {}


# --- What the template shows of a draft ---------------------------------------------------------

LABEL_LANGUAGE = "DEU"  # labels as the agency sees them in onOffice enterprise
SIGNED_AT_SEND = "‹signed at send›"


def module_for(resourcetype: str) -> str | None:
    resource = CATALOGUE.get(resourcetype)
    return resource.module if resource else None


def catalogue_entries() -> list:
    return sorted(CATALOGUE.values(), key=lambda r: r.name.lower())


@dataclass
class RowView:
    """A filter or record-field row as shown: its field from the configuration and the value widget."""

    index: int
    row: FilterRow | ValueRow
    field: Field | None
    widget: str  # select, multi, text; filters also between and list

    @property
    def input_type(self) -> str:
        return "date" if self.field is not None and self.field.type == "date" else "text"

    @property
    def choices(self) -> list[tuple[str, str]]:
        return list(self.field.permitted_values.items()) if self.field else []

    @property
    def numeric(self) -> bool:
        return self.field is not None and self.field.type in NUMERIC_TYPES


@dataclass
class FilterRowView(RowView):
    operators: tuple[str, ...] = ()


def _row_view(index: int, row: FilterRow, f: Field | None) -> FilterRowView:
    operators = operators_for(f.type) if f else ALL_OPERATORS
    if row.op not in operators:
        operators = (*operators, row.op)  # keep what the user chose visible; the checks explain it
    if row.op == "between":
        widget = "between"
    elif f is not None and f.permitted_values and (row.op in LIST_OPERATORS or f.is_multiselect):
        widget = "multi"
    elif row.op in LIST_OPERATORS:
        widget = "list"
    elif f is not None and f.is_select and f.permitted_values:
        widget = "select"
    else:
        widget = "text"
    return FilterRowView(index=index, row=row, field=f, widget=widget, operators=operators)


def _record_row_view(index: int, row: ValueRow, f: Field | None) -> RowView:
    if f is not None and f.permitted_values:
        widget = "multi" if f.is_multiselect else "select" if f.is_select else "text"
    else:
        widget = "text"
    return RowView(index=index, row=row, field=f, widget=widget)


def relation_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Relation type URNs grouped by parent module, each labelled "child: kind"."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for urn in RELATION_TYPES:
        parent, _, rest = urn.removeprefix(RELATION_PREFIX).partition(":")
        groups.setdefault(parent, []).append((urn, rest.replace(":", " · ")))
    return list(groups.items())


def _list_limit_problems(draft: ActionDraft) -> list[FieldProblem]:
    """listlimit above the type's maximum is not refused by the API: it silently answers 20 records."""
    limit_max = draft.resource.list_limit_max if draft.resource else None
    limit = (draft.params or {}).get("listlimit")
    try:
        too_many = limit_max is not None and int(limit) > limit_max
    except (TypeError, ValueError):
        return [] if limit is None else [FieldProblem("listlimit", f"listlimit must be a whole number, not “{limit}”.")]
    if not too_many:
        return []
    return [FieldProblem("listlimit", f"listlimit is at most {limit_max} for {draft.resourcetype}: the API answers a "
                         f"larger value with its default of 20 records. Page with listoffset instead.",
                         suggestion=str(limit_max))]


@dataclass
class DraftView:
    draft: ActionDraft
    module_fields: ModuleFields | None
    fields_error: str = ""
    field_list: list[Field] = dataclass_field(default_factory=list)
    selected: list[tuple[str, Field | None]] = dataclass_field(default_factory=list)
    problems: list[FieldProblem] = dataclass_field(default_factory=list)
    filter_rows: list[FilterRowView] = dataclass_field(default_factory=list)
    record_rows: list[RowView] = dataclass_field(default_factory=list)
    action_kinds: list = dataclass_field(default_factory=list)

    @classmethod
    def build(cls, draft: ActionDraft, module_fields: ModuleFields | None, fields_error: str | None) -> DraftView:
        view = cls(draft=draft, module_fields=module_fields, fields_error=fields_error or "")
        known = module_fields.fields if module_fields else {}
        view.field_list = sorted(known.values(), key=lambda f: (f.label.lower(), f.name))
        view.selected = [(name, known.get(name)) for name in draft.data]
        view.filter_rows = [_row_view(r, row, known.get(row.field)) for r, row in enumerate(draft.filters)]
        view.record_rows = [_record_row_view(r, row, known.get(row.field)) for r, row in enumerate(draft.record_rows)]
        view.problems = _list_limit_problems(draft)
        # An empty configuration (module not returned) checks nothing rather than flagging every name.
        if module_fields is not None and module_fields.fields and draft.params is not None:
            if draft.has_read_form:
                view.problems += check_field_names(draft.data, module_fields)
                if "filter" in draft.params:
                    view.problems += check_filter(draft.params["filter"], module_fields)
            if draft.has_record_form:
                view.problems += check_field_names([row.field for row in draft.record_rows if row.field],
                                                   module_fields, path=draft.record_container or "parameters")
        return view

    @property
    def selected_names(self) -> set[str]:
        return set(self.draft.data)

    @property
    def unknown_selected(self) -> list[str]:
        return [name for name, f in self.selected if f is None]

    @property
    def extra_items(self) -> list[tuple[str, str]]:
        return [(key, self.draft.extra.get(key, "")) for key in self.draft.extra_keys]

    @property
    def extra_filled(self) -> bool:
        return any(value for _, value in self.extra_items)

    @property
    def action_kind_choice(self) -> bool:
        return "actionkind" in self.draft.extra_keys

    @property
    def action_types(self) -> tuple:
        """The types of the chosen kind of action."""
        chosen = self.draft.extra.get("actionkind", "")
        return next((k.types for k in self.action_kinds if k.key == chosen), ())

    @property
    def relation_choice(self) -> bool:
        return self.draft.resourcetype in ("relation", "idsfromrelation")

    @property
    def relation_groups(self):
        return relation_groups()


def preview_envelope(actions: list[Action], credential) -> str:
    """The envelope as it will be sent, token masked and signatures marked as made at send time."""
    hmac_version = credential.hmac_version if credential else 2
    signed = []
    for action in actions:
        item = action.as_dict() | {"parameters": {k: action.parameters[k] for k in sorted(action.parameters)},
                                   "timestamp": SIGNED_AT_SEND}
        if hmac_version == 2:
            item["hmac_version"] = 2
        item["hmac"] = SIGNED_AT_SEND
        signed.append(item)
    token = f"••••••••{credential.token_hint}" if credential else "‹your token›"
    return json.dumps({"token": token, "request": {"actions": signed}}, ensure_ascii=False, indent=2)


def state_from_logged(actions: list[dict], credential_id: int | None) -> ComposeState:
    """The composer state that re-creates a logged call (to open it again in the composer)."""
    drafts = []
    for i, logged in enumerate(actions):
        params = logged.get("parameters")
        kind = ActionKind.from_urn(logged.get("actionid", "")) or ActionKind.READ
        drafts.append(ActionDraft(index=i, resourcetype=str(logged.get("resourcetype") or ""), action=kind.value,
                                  resourceid=str(logged.get("resourceid") or ""),
                                  identifier=str(logged.get("identifier") or ""),
                                  params=params if isinstance(params, dict) else {}))
    return ComposeState(credential_id=credential_id, drafts=drafts or [ActionDraft(index=0)])
