"""Composer state: read from the query string or POST, kept in step between the form and the JSON editor.

Whichever side the user edited last (`<i>-src`) wins. The canonical state fits in a URL
(`ComposeState.query()`), so a composed request can be shared, bookmarked and restored with the back button.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from ..onoffice.actions import CATALOGUE, Action, ActionKind
from .drafts import (
    MAX_ACTIONS,
    MAX_FILTER_ROWS,
    ActionDraft,
    FilterRow,
    ValueRow,
    move_data,
    params_to_widgets,
    read_widgets,
    widgets_to_params,
)

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
    # The decoder's messages may end in "at" ("Invalid control character at"): the position is given first.
    return f"line {exc.lineno}, column {exc.colno}: {exc.msg.removesuffix(' starting at').removesuffix(' at')}"


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
    if q.get(f"{p}src") == "form" or (f"{p}form" in q and _edits_rows_of(q.get("op", ""), i)):
        read_widgets(q, p, draft)
        draft.extra = {k: q.get(f"{p}x-{k}", "") for k in draft.extra_keys if f"{p}x-{k}" in q}
        if params is None:
            # Never overwrite text the user is still fixing: keep it and say why the form did not apply.
            draft.params, draft.json_error = None, error
            draft.notice = "Form changes are not applied while the JSON has an error."
            return draft
        draft.params = widgets_to_params(draft, params, draft.field_types)
        draft.params_text = pretty(draft.params)
        return draft
    draft.params, draft.json_error = params, error
    if params is not None:
        draft.params_text = pretty(params)
        params_to_widgets(draft)
    return draft


ROW_OPS = ("add-filter", "rm-filter", "add-row", "rm-row")


def _edits_rows_of(op: str, i: int) -> bool:
    """A row button (add/remove a filter or record field) edits the form side of its action, when the form's
    widgets came along (`<i>-form`); a bare link with the op applies it to the JSON."""
    name, _, arg = op.partition(":")
    return name in ROW_OPS and arg.partition(":")[0] == str(i)


def _apply_op(state_drafts: list[ActionDraft], op: str) -> list[ActionDraft]:
    """Structural edits from buttons: add/remove actions, filter rows and record fields."""
    name, _, arg = op.partition(":")
    drafts = state_drafts
    if name == "add-action" and len(drafts) < MAX_ACTIONS:
        drafts.append(ActionDraft(index=len(drafts)))
    elif name == "rm-action" and arg.isdigit() and len(drafts) > 1:
        drafts = [d for d in drafts if d.index != int(arg)]
    elif name in ROW_OPS:
        i, _, row = arg.partition(":")
        draft = next((d for d in drafts if str(d.index) == i), None)
        rows = (draft.filters if name.endswith("filter") else draft.record_rows) if draft is not None else None
        if draft is not None and draft.params is not None:
            if name.startswith("add-") and len(rows) < MAX_FILTER_ROWS:
                rows.append(FilterRow() if name == "add-filter" else ValueRow())
            elif name.startswith("rm-") and row.isdigit() and int(row) < len(rows):
                del rows[int(row)]
                draft.params = widgets_to_params(draft, draft.params, draft.field_types)
                draft.params_text = pretty(draft.params)
    elif name in ("move-data", "fix"):
        i, _, rest = arg.partition(":")
        draft = next((d for d in drafts if str(d.index) == i), None)
        if draft is not None and draft.params is not None:
            params = json.loads(json.dumps(draft.params))  # edited on a copy: a failed fix changes nothing
            if name == "move-data":
                field, _, direction = rest.rpartition(":")
                changed = move_data(params, field, direction)
            else:
                kind, _, rest = rest.partition(":")
                path, _, value = rest.rpartition(":")
                changed = _apply_fix(draft, params, kind, path, value)
            if changed:
                draft.params = params
                draft.params_text = pretty(params)
                params_to_widgets(draft)
    for new_index, draft in enumerate(drafts):
        draft.index = new_index
    return drafts


_CONDITION_PATH = re.compile(r"^filter\.(?P<field>.+)\[(?P<row>\d+)\]\.op$")
_DATA_ITEM_PATH = re.compile(r"^data\[(?P<row>\d+)\]$")


def _renamed(mapping: dict, old: str, new: str) -> dict:
    """`mapping` with key `old` renamed to `new` in its place (an existing `new` gives way)."""
    return {(new if k == old else k): v for k, v in mapping.items() if k != new or k == old}


def _apply_fix(draft: ActionDraft, params: dict, kind: str, path: str, value: str) -> bool:
    """A problem's one-click fix (see FieldProblem.fix) applied to the parameters (or the resource type)."""
    if kind == "resourcetype":
        if value not in CATALOGUE:
            return False
        draft.resourcetype = value
        if draft.kind not in draft.resource.actions:
            draft.action = next(k.value for k in ActionKind if k in draft.resource.actions)
        return True
    if kind == "operator" and (match := _CONDITION_PATH.match(path)):
        conditions = (params.get("filter") or {}).get(match["field"]) if isinstance(params.get("filter"), dict) else None
        row = int(match["row"])
        if value not in ("in", "not in", "=", "!=") or not isinstance(conditions, list) or row >= len(conditions) \
                or not isinstance(conditions[row], dict):
            return False
        conditions[row]["op"] = value
        return True
    if kind == "sortby" and value:
        sortby = params.get("sortby")
        if path == "sortby" and isinstance(sortby, str):
            params["sortby"] = value
            return True
        old = path.removeprefix("sortby.")
        if path.startswith("sortby.") and isinstance(sortby, dict) and old in sortby:
            params["sortby"] = _renamed(sortby, old, value)
            return True
        return False
    if kind == "name" and value:
        data = params.get("data")
        if (match := _DATA_ITEM_PATH.match(path)) and isinstance(data, list) and int(match["row"]) < len(data):
            data[int(match["row"])] = value
            params["data"] = list(dict.fromkeys(data))
            return True
        container, _, old = path.partition(".")
        if container == "filter" and isinstance(params.get("filter"), dict) and old in params["filter"]:
            params["filter"] = _renamed(params["filter"], old, value)
            return True
        if container == "data" and isinstance(data, dict) and old in data:
            params["data"] = _renamed(data, old, value)
            return True
        if container == "parameters" and old in params:
            renamed = _renamed(params, old, value)
            params.clear()
            params.update(renamed)
            return True
        return False
    if kind == "drop":
        container, _, old = path.partition(".")
        target = params.get("data") if container == "data" else params if container == "parameters" else None
        if isinstance(target, dict) and old in target:
            del target[old]
            return True
    return False


def query_modules(q: QueryDict) -> dict[int, str]:
    """The module behind each action of the query (by index), for the actions whose type has one.

    The composer service loads these field configurations before it builds the state, so that form
    values can be typed by their field (a number stays a number) without the state reaching back.
    """
    modules = {}
    for i in range(_action_count(q)):
        module = module_for(q.get(f"{i}-rt", "estate"))
        if module is not None:
            modules[i] = module
    return modules


def _action_count(q: QueryDict) -> int:
    try:
        return max(1, min(int(q.get("n", "1")), MAX_ACTIONS))
    except ValueError:
        return 1


def state_from_query(q: QueryDict, field_types: dict[int, dict[str, str]] | None = None) -> ComposeState:
    """The composer state from GET or POST data; `field_types` gives {field: type} per action index, when known."""
    field_types = field_types or {}
    drafts = [draft_from_query(q, i, field_types.get(i)) for i in range(_action_count(q))]
    if q.get("op"):
        drafts = _apply_op(drafts, q["op"])
    cred = q.get("cred", "")
    return ComposeState(credential_id=int(cred) if cred.isdigit() else None, drafts=drafts)


def module_for(resourcetype: str) -> str | None:
    resource = CATALOGUE.get(resourcetype)
    return resource.module if resource else None



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


def saved_actions(state: ComposeState) -> list[dict]:
    """The drafts as a saved request keeps them: parameters as an object, or as typed while not valid JSON."""
    actions = []
    for d in state.drafts:
        action = {"resourcetype": d.resourcetype, "action": d.action, "resourceid": d.resourceid,
                  "identifier": d.identifier}
        if d.params is None:
            action["parameters_text"] = d.params_text
        else:
            action["parameters"] = d.params
        actions.append(action)
    return actions


def query_from_saved(actions: list[dict], **extra: str) -> QueryDict:
    """The composer's query for saved actions (the inverse of saved_actions), plus `extra` pairs."""
    data = QueryDict(mutable=True)
    data["n"] = str(max(1, min(len(actions), MAX_ACTIONS)))
    for i, action in enumerate(actions[:MAX_ACTIONS]):
        data[f"{i}-rt"] = str(action.get("resourcetype", ""))
        data[f"{i}-act"] = str(action.get("action", "read"))
        data[f"{i}-rid"] = str(action.get("resourceid", ""))
        data[f"{i}-ident"] = str(action.get("identifier", ""))
        if "parameters_text" in action:
            data[f"{i}-params"] = str(action["parameters_text"])
        else:
            data[f"{i}-params"] = json.dumps(action.get("parameters") or {}, ensure_ascii=False)
    for key, value in extra.items():
        data[key] = value
    return data
