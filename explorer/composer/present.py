"""What the composer's form shows of each draft: field pickers, row widgets, checks, the envelope preview."""

from __future__ import annotations

import json
from dataclasses import dataclass, field as dataclass_field

from ..onoffice.actions import CATALOGUE, RELATION_PREFIX, RELATION_TYPES, Action
from ..onoffice.checks import check_field_names, check_filter, check_record_fields, check_resource_type, check_sortby
from ..onoffice.fields import (
    ALL_OPERATORS,
    LIST_OPERATORS,
    NUMERIC_TYPES,
    Field,
    FieldProblem,
    ModuleFields,
    operators_for,
)
from .drafts import ActionDraft, FilterRow, ValueRow

LANGUAGES = ("DEU", "ENG", "FRA", "ESP", "ITA", "NLD", "POL")
SIGNED_AT_SEND = "‹signed at send›"


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


FIX_LABELS = {"operator": "Use “{}”", "sortby": "Sort by “{}”", "resourcetype": "Use “{}”", "name": "Use “{}”",
              "drop": "Remove it"}


def _fix_button(index: int, problem: FieldProblem) -> tuple[str, str]:
    """The `op` of a problem's fix button (`fix:<action>:<kind>:<path>:<value>`, see state._apply_fix) and its text."""
    if problem.fix not in FIX_LABELS or problem.suggestion is None or (problem.fix != "drop" and not problem.suggestion):
        return "", ""
    return f"fix:{index}:{problem.fix}:{problem.path}:{problem.suggestion}", FIX_LABELS[problem.fix].format(
        problem.suggestion)


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
        if draft.resource is None and (problem := check_resource_type(draft.resourcetype, CATALOGUE)):
            view.problems.append(problem)
        # An empty configuration (module not returned) checks nothing rather than flagging every name.
        if module_fields is not None and module_fields.fields and draft.params is not None:
            if draft.has_read_form:
                view.problems += check_field_names(draft.data, module_fields)
                if "filter" in draft.params:
                    view.problems += check_filter(draft.params["filter"], module_fields)
                view.problems += check_sortby(draft.params.get("sortby"), module_fields)
            if draft.has_record_form:
                view.problems += check_record_fields([row.field for row in draft.record_rows if row.field],
                                                     module_fields, path=draft.record_container or "parameters")
        return view

    @property
    def problem_rows(self) -> list[tuple[FieldProblem, str, str]]:
        """Each problem with its one-click fix: (problem, the composer's `op` value, the button's text), or
        ("", "") when there is none."""
        return [(p, *_fix_button(self.draft.index, p)) for p in self.problems]

    @property
    def option_fields(self) -> list[Field]:
        """The fields the datalists offer: for a create/modify only those the API lets one write."""
        if self.draft.has_record_form:
            return [f for f in self.field_list if f.writable]
        return self.field_list

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
