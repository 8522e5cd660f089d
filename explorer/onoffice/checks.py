"""Checks of a request against the field configuration before it is sent: field names (with did-you-mean),
filters (shape, operators per type, values), sortby, record fields that cannot be written, resource types.

Each finding is a FieldProblem with a message and, where the fix is obvious, what the fix is; the operator
rules are those of explorer/onoffice/fields.py.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from .fields import (
    ALL_OPERATORS,
    CONTACT_WRITE_FIELDS,
    LIST_OPERATORS,
    MULTISELECT_ERROR,
    NUMERIC_TYPES,
    OPERATOR_ALIASES,
    PATTERN_OPERATORS,
    PSEUDO_FIELDS,
    Field,
    FieldProblem,
    ModuleFields,
    normalise_operator,
    operators_for,
)

def _similar(name: str, candidates: Iterable[str]) -> list[str]:
    """Candidates equal to `name` ignoring case first, else the closest spellings (case-insensitive)."""
    candidates = list(candidates)
    same_but_case = [c for c in candidates if c.lower() == name.lower()]
    if same_but_case:
        return same_but_case
    by_lower = {c.lower(): c for c in candidates}
    return [by_lower[c] for c in difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.75)]


def _unknown_field(path: str, name: Any, module_fields: ModuleFields) -> FieldProblem:
    if not isinstance(name, str) or not name:
        return FieldProblem(path, "A field name must be a non-empty text.")
    where = f"the {module_fields.label} module" if module_fields.label else "this module"
    matches = _similar(name, module_fields.fields)
    if not matches:
        return FieldProblem(path, f"Unknown field “{name}” in {where}: not in its field configuration "
                                  "(misspelt, or deactivated in onOffice enterprise).")
    if matches[0].lower() == name.lower():
        return FieldProblem(
            path, f"Unknown field “{name}”: field names are case-sensitive, it is spelled “{matches[0]}”.",
            suggestion=matches[0],
        )
    options = " or ".join(f"“{m}”" for m in matches)
    return FieldProblem(path, f"Unknown field “{name}” in {where}. Did you mean {options}?", suggestion=matches[0])


def _is_known(name: Any, module_fields: ModuleFields) -> bool:
    return isinstance(name, str) and (
        name in module_fields.fields or name in PSEUDO_FIELDS.get(module_fields.module, ())
    )


def check_field_names(names: Iterable[Any], module_fields: ModuleFields, *, path: str = "data") -> list[FieldProblem]:
    """Problems with the field names of a `data` list: unknown names, with a likely intended name."""
    problems = [
        _unknown_field(f"{path}[{index}]", name, module_fields)
        for index, name in enumerate(names)
        if not _is_known(name, module_fields)
    ]
    return [replace(p, fix="name") if p.suggestion else p for p in problems]


def check_filter(filter_obj: Any, module_fields: ModuleFields, *, path: str = "filter") -> list[FieldProblem]:
    """Problems with a `filter` parameter: shape, field names, operators by type, and values."""
    if not isinstance(filter_obj, Mapping):
        return [FieldProblem(
            path, "The filter must be an object: field name → list of conditions like {\"op\": \"=\", \"val\": 1}.",
        )]
    problems: list[FieldProblem] = []
    for name, conditions in filter_obj.items():
        field_path = f"{path}.{name}"
        if not _is_known(name, module_fields):
            problem = _unknown_field(field_path, name, module_fields)
            problems.append(replace(problem, fix="name") if problem.suggestion else problem)
        if isinstance(conditions, Mapping):
            problems.append(FieldProblem(
                field_path, "The conditions of a field must be a list, even for one condition.",
                suggestion=json.dumps([dict(conditions)], ensure_ascii=False),
            ))
            continue
        if not isinstance(conditions, list):
            problems.append(FieldProblem(field_path, "The conditions of a field must be a list of {\"op\", \"val\"} objects."))
            continue
        for index, condition in enumerate(conditions):
            problems.extend(_check_condition(f"{field_path}[{index}]", condition, module_fields.fields.get(name)))
    return problems


SORT_DIRECTIONS = ("ASC", "DESC")


def check_sortby(sortby: Any, module_fields: ModuleFields, *, path: str = "sortby") -> list[FieldProblem]:
    """Problems with `sortby`: a field name (with `sortorder`) or an object field → ASC|DESC (error 212 for an
    unknown field, 255 for another direction)."""
    if sortby in (None, "", {}, []):
        return []
    if isinstance(sortby, str):
        spec, paths = {sortby: None}, {sortby: path}
    elif isinstance(sortby, Mapping):
        spec, paths = dict(sortby), {name: f"{path}.{name}" for name in sortby}
    else:
        return [FieldProblem(path, "sortby must be a field name or an object like {\"kaufpreis\": \"ASC\"}.")]
    problems = []
    for name, direction in spec.items():
        if not _is_known(name, module_fields):
            problem = _unknown_field(paths[name], name, module_fields)
            problems.append(FieldProblem(problem.path, problem.message.replace("Unknown field", "Unknown sort field", 1),
                                         suggestion=problem.suggestion, fix="sortby" if problem.suggestion else None))
        if direction is not None and str(direction).strip().upper() not in SORT_DIRECTIONS:
            problems.append(FieldProblem(paths[name], f"Sort direction “{direction}” is neither ASC nor DESC."))
    return problems


def check_record_fields(names: Iterable[Any], module_fields: ModuleFields, *, path: str = "data") -> list[FieldProblem]:
    """Problems with the field names of a create/modify: unknown names, and fields the API does not let one
    write (error 144), with the parameter to use instead where there is one. Paths are `<path>.<name>`."""
    problems = []
    replacements = CONTACT_WRITE_FIELDS.get(module_fields.module, {})
    for name in names:
        field_path = f"{path}.{name}"
        if not _is_known(name, module_fields):
            problem = _unknown_field(field_path, name, module_fields)
            problems.append(replace(problem, fix="name") if problem.suggestion else problem)
            continue
        f = module_fields.fields.get(name)
        if f is None or f.writable:
            continue
        if name in replacements:
            problems.append(FieldProblem(
                field_path, f"“{name}” cannot be written (the API answers error 144): it shows the default entry. "
                            f"Write the entry as “{replacements[name]}” instead.",
                suggestion=replacements[name], fix="name"))
        elif f.compound:
            problems.append(FieldProblem(
                field_path, f"“{name}” cannot be written (error 144): it combines {', '.join(f.compound)}; "
                            "write those fields instead.", suggestion="", fix="drop"))
        else:
            problems.append(FieldProblem(
                field_path, f"“{name}” cannot be written (error 144): onOffice sets it itself.", suggestion="",
                fix="drop"))
    return problems


def check_resource_type(name: Any, known: Iterable[str], *, path: str = "resourcetype") -> FieldProblem | None:
    """A resource type not in `known`: wrong case (an error: types are case-sensitive) or a close spelling."""
    known = list(known)
    if not isinstance(name, str) or not name or name in known:
        return None
    matches = _similar(name, known)
    if not matches:
        return None
    if matches[0].lower() == name.lower():
        return FieldProblem(path, f"Unknown resource type “{name}”: resource types are case-sensitive, "
                                  f"it is spelled “{matches[0]}”.", suggestion=matches[0], fix="resourcetype")
    options = " or ".join(f"“{m}”" for m in matches)
    return FieldProblem(path, f"“{name}” is not in the catalogue. Did you mean {options}?", suggestion=matches[0],
                        severity="warning", fix="resourcetype")


def _check_condition(path: str, condition: Any, field: Field | None) -> list[FieldProblem]:
    if not isinstance(condition, Mapping):
        return [FieldProblem(path, "A condition must be an object like {\"op\": \"=\", \"val\": 1}.")]
    problems = [
        FieldProblem(
            f"{path}.{key}", f"“{key}” is ignored: a condition has only “op” and “val”.",
            suggestion=next(iter(difflib.get_close_matches(str(key).lower(), ["op", "val"], n=1, cutoff=0.5)), None),
            severity="warning",
        )
        for key in condition
        if key not in ("op", "val")
    ]
    if "op" not in condition:
        problems.append(FieldProblem(f"{path}.op", "The condition has no operator “op”."))
    if "val" not in condition:
        problems.append(FieldProblem(f"{path}.val", "The condition has no value “val”."))
    if "op" not in condition:
        return problems
    op = normalise_operator(condition["op"])
    if op is None:
        return [*problems, _unknown_operator(f"{path}.op", condition["op"])]
    if field is not None:
        problems.extend(_check_operator_for_type(f"{path}.op", op, field))
        if field.is_multiselect and op in ("=", "!=") and isinstance(condition.get("val"), list) \
                and len(condition["val"]) > 1:
            fix = "in" if op == "=" else "not in"
            problems.append(FieldProblem(
                f"{path}.op", f"“{op}” on the multiselect field “{field.label}” takes one value; for any of several "
                              f"values use “{fix}” (else the API answers error 257).", suggestion=fix, fix="operator"))
        if field.is_multiselect and op in ("=", "!=") and condition.get("val") == []:
            problems.append(FieldProblem(
                f"{path}.val", f"“{op}” on the multiselect field “{field.label}” needs a value: choose one, or remove "
                               "the condition (an empty list is refused with error 257)."))
    if "val" in condition:
        problems.extend(_check_value(f"{path}.val", op, condition["val"], field))
    return problems


def _unknown_operator(path: str, op: Any) -> FieldProblem:
    spelled = str(op).strip().lower()
    close = difflib.get_close_matches(spelled, [*ALL_OPERATORS, *OPERATOR_ALIASES], n=1, cutoff=0.5)
    suggestion = OPERATOR_ALIASES.get(close[0], close[0]) if close else None
    return FieldProblem(
        path, f"Unknown operator “{op}”. Valid operators: {', '.join(ALL_OPERATORS)} (also “is” and “<>”).",
        suggestion=suggestion,
    )


def _check_operator_for_type(path: str, op: str, field: Field) -> list[FieldProblem]:
    allowed = operators_for(field.type)
    if op in allowed:
        return []
    if field.is_multiselect:
        return [FieldProblem(path, f"{MULTISELECT_ERROR} (“{field.label}” is a multiselect field).")]
    if field.type == "boolean":
        reason = f"“{field.label}” is a yes/no field: compare it with = or != and the value 1 or 0."
    elif field.is_select:
        reason = f"“{op}” on the select field “{field.label}” compares its keys letter by letter, not by meaning."
    else:
        reason = (
            f"“{op}” on the text field “{field.label}” compares letter by letter (\"9\" comes after \"10\"), "
            "which is rarely what is meant."
        )
    return [FieldProblem(path, f"{reason} Usual operators here: {', '.join(allowed)}.", severity="warning")]


def _check_value(path: str, op: str, val: Any, field: Field | None) -> list[FieldProblem]:
    shape = _check_value_shape(path, op, val, field)
    if shape is not None and shape.severity == "error":
        return [shape]
    problems = [shape] if shape else []
    if field is None or op in PATTERN_OPERATORS:
        return problems
    items = [(f"{path}[{i}]", v) for i, v in enumerate(val)] if isinstance(val, list) else [(path, val)]
    problems.extend(p for item_path, value in items if (p := _check_scalar(item_path, value, field)))
    return problems


def _check_value_shape(path: str, op: str, val: Any, field: Field | None) -> FieldProblem | None:
    if op in LIST_OPERATORS:
        if not isinstance(val, list):
            return FieldProblem(path, f"“{op}” needs a list of values.", suggestion=json.dumps([val], ensure_ascii=False))
        if not val:
            return FieldProblem(path, f"An empty list with “{op}” matches nothing.", severity="warning")
    elif op == "between":
        if not isinstance(val, list) or len(val) != 2:
            return FieldProblem(path, "“between” needs a list of exactly two values: [from, to].")
    elif isinstance(val, list) and not (field is not None and field.is_multiselect):
        return FieldProblem(
            path, f"A list with “{op}”: to match any of several values use “in”.", suggestion="in", severity="warning",
        )
    return None


def _check_scalar(path: str, value: Any, field: Field) -> FieldProblem | None:
    if field.is_select and field.permitted_values:
        return _check_select_value(path, value, field)
    if field.type in NUMERIC_TYPES and not _is_number(value):
        return FieldProblem(path, f"“{value}” is not a number, but “{field.label}” holds numbers.", severity="warning")
    if field.type == "boolean" and str(value).lower() not in ("0", "1", "true", "false"):
        return FieldProblem(path, f"“{field.label}” is a yes/no field: use 1 or 0.", severity="warning")
    return None


def _check_select_value(path: str, value: Any, field: Field) -> FieldProblem | None:
    key = str(value)
    if key in field.permitted_values:
        return None
    by_label = [k for k, label in field.permitted_values.items() if label.lower() == key.lower() and label != k]
    if by_label:
        return FieldProblem(
            path, f"“{value}” is a label; filters take the key “{by_label[0]}”.", suggestion=by_label[0], severity="warning",
        )
    matches = _similar(key, field.permitted_values)
    message = f"“{value}” is not a permitted value of “{field.label}”."
    if matches:
        message += f" Did you mean “{matches[0]}” ({field.permitted_values[matches[0]]})?"
    return FieldProblem(path, message, suggestion=matches[0] if matches else None, severity="warning")


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    try:
        float(str(value).strip())
    except ValueError:
        return False
    return True
