"""Relations: create, modify (relationinfo), delete, and `idsfromrelation` get.

Relation types are the documented URNs (explorer.onoffice.actions.RELATION_TYPES); anything else is 132.
Create is 1:n in either direction, n:n is 219. Records of modules the sandbox keeps (estates, addresses,
users, tasks, agents log, search criteria) must exist; other modules are not checked. The
published-only API user does not see relations to unpublished estates.
"""

from __future__ import annotations

import json
from itertools import product

from explorer.onoffice.actions import RELATION_PREFIX, RELATION_TYPES, ActionKind

from .. import store
from ..catalog import USERS_BY_ID
from ..models import Relation
from ..protocol import ApiError, Context
from .common import id_list, success
from .records import visible_estate
from .registry import handles

# Parent and child module of the relation types whose names do not read "<parent>:<child>:...".
_SPECIAL_ENDS = {
    "estate:estateUnit": ("estate", "estate"),
    "complex:estate:units": ("estate", "estate"),
    "address:contact:address": ("address", "address"),
    "customer:address:contact": ("address", "address"),
}
_MODULE_NAMES = {"agentsLog": "agentslog", "agentsLogMail": "agentslog"}
_MISSING = {"estate": 293, "address": 292}


def relation_ends(relationtype: str) -> tuple[str, str]:
    suffix = relationtype.removeprefix(RELATION_PREFIX)
    if suffix in _SPECIAL_ENDS:
        return _SPECIAL_ENDS[suffix]
    parent, child = suffix.split(":")[:2]
    return _MODULE_NAMES.get(parent, parent), _MODULE_NAMES.get(child, child)


def _relation_type(params: dict) -> str:
    relationtype = params.get("relationtype")
    if not isinstance(relationtype, str) or relationtype not in RELATION_TYPES:
        raise ApiError(132)
    return relationtype


def _relations(params: dict, *, single: bool) -> tuple[str, list[int], list[int]]:
    """(relationtype, parent ids, child ids) of a relation create, modify or delete."""
    relationtype = _relation_type(params)
    parents = id_list(params, "parentid", required=True, allow_scalar=True)
    children = id_list(params, "childid", required=True, allow_scalar=True)
    if not parents or not children:
        raise ApiError(185)
    if single and (len(parents) != 1 or len(children) != 1):
        raise ApiError(187)
    return relationtype, parents, children


def _check_exists(ctx: Context, module: str, ids: list[int]) -> None:
    for record_id in ids:
        if module == "estate":
            found = visible_estate(ctx, record_id) is not None
        elif module == "user":
            found = record_id in USERS_BY_ID
        elif module in store.RECORD_MODULES:
            found = record_id in store.snapshot(module).by_id
        else:
            continue  # modules the demo client does not hold (calendar, files, projects...)
        if not found:
            raise ApiError(_MISSING.get(module, 80))


def _relation_info(params: dict) -> str:
    info = params.get("relationinfo")
    if info in (None, "", [], {}):
        return ""
    if not isinstance(info, dict):
        raise ApiError(179)
    return json.dumps(info, ensure_ascii=False, sort_keys=True)


@handles("relation", ActionKind.CREATE)
def relation_create(ctx: Context):
    params = ctx.params
    relationtype, parents, children = _relations(params, single=False)
    if len(parents) > 1 and len(children) > 1:
        raise ApiError(219)
    parent_module, child_module = relation_ends(relationtype)
    _check_exists(ctx, parent_module, parents)
    _check_exists(ctx, child_module, children)
    info = _relation_info(params)
    with store.writing_relations():
        for parent, child in product(parents, children):
            relation, made = Relation.objects.get_or_create(
                relationtype=relationtype, parent_id=parent, child_id=child, defaults={"info": info})
            if not made and info and relation.info != info:
                relation.info = info
                relation.save(update_fields=["info"])
    return success(""), None


@handles("relation", ActionKind.MODIFY)
def relation_modify(ctx: Context):
    """Only relationinfo can change (https://apidoc.onoffice.de/actions/datensatz-bearbeiten/relations/); the sandbox
    allows it on every type."""
    params = ctx.params
    relationtype, parents, children = _relations(params, single=False)
    if "relationinfo" not in params:
        raise ApiError(181)
    info = _relation_info(params)
    with store.writing_relations():
        for parent, child in product(parents, children):
            if not Relation.objects.filter(relationtype=relationtype, parent_id=parent, child_id=child).update(info=info):
                raise ApiError(180)
    return success(""), None


@handles("relation", ActionKind.DELETE)
def relation_delete(ctx: Context):
    relationtype, parents, children = _relations(ctx.params, single=True)
    with store.writing_relations():
        deleted, _ = Relation.objects.filter(
            relationtype=relationtype, parent_id=parents[0], child_id=children[0]).delete()
        if not deleted:
            raise ApiError(168)
    return success(""), None


@handles("idsfromrelation", ActionKind.GET)
def idsfromrelation_get(ctx: Context):
    params = ctx.params
    relationtype = _relation_type(params)
    parent_ids = id_list(params, "parentids")
    child_ids = id_list(params, "childids")
    if parent_ids is None and child_ids is None:
        raise ApiError(167, "parentids")
    # Either direction, never both (https://apidoc.onoffice.de/actions/informationen-abfragen/relationen/).
    if parent_ids is not None and child_ids is not None:
        raise ApiError(255, "childids")
    index = store.relations()
    parent_module, child_module = relation_ends(relationtype)
    if parent_ids is not None:
        given, lookup, related_module, given_module = parent_ids, index.children, child_module, parent_module
    else:
        given, lookup, related_module, given_module = child_ids, index.parents, parent_module, child_module

    def visible(module, record_id):
        return module != "estate" or not ctx.published_only or visible_estate(ctx, record_id) is not None

    elements = {}
    for record_id in given:
        related = lookup.get((relationtype, record_id), []) if visible(given_module, record_id) else []
        elements[str(record_id)] = [str(r) for r in related if visible(related_module, r)]
    return [{"id": "relatedIds", "type": "", "elements": elements}], None

