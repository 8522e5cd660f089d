"""Field configuration (`fields` get): parsing, operators per field type, and checks of `data` and `filter`.

Sources: the `filter` parameter of the list reads (shape, operators, error 232; e.g.
https://apidoc.onoffice.de/actions/datensatz-lesen/objekte/) and the field configuration call
(https://apidoc.onoffice.de/actions/informationen-abfragen/feldkonfiguration/).

Operators per type, the decision taken here:
- numbers and dates (integer, float, date, datetime, ...): every documented operator;
- text (varchar, text, blob, ...) and singleselect: `=`, `!=`, `like`, `not like`, `in`, `not in`. The API
  also takes `<`, `>` and `between` there, but compares letter by letter ("9" > "10", "01.05.2024" <
  "15.01.2023"), which is rarely meant; check_filter warns instead of refusing;
- multiselect: `=`, `!=`, `like`, `not like`, `in`, `not in`, enforced by the API (error 232);
- boolean: `=` and `!=`;
- unknown types: every documented operator (the API decides).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .responses import ActionResult

ALL_OPERATORS = ("=", "!=", "<", ">", "<=", ">=", "between", "like", "not like", "in", "not in")
OPERATOR_ALIASES = {"is": "=", "<>": "!="}
EQUALITY_AND_PATTERN = ("=", "!=", "like", "not like", "in", "not in")
MULTISELECT_OPERATORS = EQUALITY_AND_PATTERN
BOOLEAN_OPERATORS = ("=", "!=")
LIST_OPERATORS = frozenset({"in", "not in"})
PATTERN_OPERATORS = frozenset({"like", "not like"})

NUMERIC_TYPES = frozenset({"integer", "int", "tinyint", "float", "decimal"})
TEXT_TYPES = frozenset({"varchar", "text", "freetext", "blob"})

MULTISELECT_ERROR = "Multiselect fields can only be filtered with =, !=, like, not like, in and not in"

# Address `data` also takes these pseudo fields, which the field configuration does not list
# (https://apidoc.onoffice.de/actions/datensatz-lesen/adressen/).
PSEUDO_FIELDS = {
    "address": frozenset({"phone", "mobile", "fax", "email", "defaultphone", "defaultfax", "defaultemail", "imageUrl"}),
}

# Fields the API refuses in create/modify with error 144 ("Invalid field in input data"): system fields set by
# the server, and the address fields that only mirror the default contact entry (written through the pseudo
# fields of CONTACT_WRITE_FIELDS instead). The field configuration does not say which fields are read-only,
# so they are listed here, as the sandbox models them (explorer/sandbox/fieldconfig.py, `readonly=True`);
# compound fields (`compoundFields`, such as Plz-Ort) are refused as well and recognised from the configuration.
READ_ONLY_FIELDS: dict[str, frozenset[str]] = {
    "estate": frozenset({"Id", "erstellt_am", "erstellt_von", "geaendert_am", "uuid", "provisionsbetrag"}),
    "address": frozenset({"KdNr", "uuid", "Email", "Telefon1", "Telefax1", "Eintragsdatum", "Aenderung"}),
    "agentsLog": frozenset({"Nr", "Objekt_nr", "Adress_nr", "created"}),
    "task": frozenset({"Nr", "Eintragsdatum", "modified", "von"}),
}
# Address create/modify take contact entries as these top-level parameters
# (https://apidoc.onoffice.de/actions/datensatz-anlegen/adressen/).
CONTACT_WRITE_FIELDS = {"address": {"Email": "email", "Telefon1": "phone", "Telefax1": "fax"}}

# The status fields are plain numbers in the API; their meaning is only documented
# (https://apidoc.onoffice.de/allgemeine-hinweise/#Status_in_address_and_estate).
STATUS_MEANINGS: dict[str, dict[str, dict[str, str]]] = {
    "estate": {"status": {"1": "Active", "2": "Pending", "0": "Archived"}},
    "address": {"Status": {"1": "Active", "0": "Archived"}},
}


@dataclass(frozen=True)
class Field:
    """One field of a module; permitted_values maps select keys to labels (keys when unlabelled)."""

    name: str
    label: str
    type: str
    length: int | None = None
    permitted_values: dict[str, str] = field(default_factory=dict)
    default: Any = None
    filters: dict = field(default_factory=dict)
    dependencies: dict = field(default_factory=dict)
    module: str = ""
    compound: tuple[str, ...] = ()  # `compoundFields`: a display of other fields (e.g. Plz-Ort), never written

    @property
    def writable(self) -> bool:
        """Whether create/modify take this field (else the API answers error 144)."""
        return not self.compound and self.name not in READ_ONLY_FIELDS.get(self.module, ())

    @property
    def is_select(self) -> bool:
        return self.type in ("singleselect", "multiselect")

    @property
    def is_multiselect(self) -> bool:
        return self.type == "multiselect"


@dataclass(frozen=True)
class ModuleFields:
    """The fields of one module (estate, address, ...) keyed by their case-sensitive names."""

    module: str
    label: str
    fields: dict[str, Field]


@dataclass(frozen=True)
class FieldProblem:
    """A finding at a path like `filter.kaufpreis[0].op`; errors are refused by the API, warnings are doubts."""

    path: str
    message: str
    suggestion: str | None = None
    severity: Literal["error", "warning"] = "error"
    # What a one-click fix does with `suggestion` (the composer applies it): "operator" (the condition at
    # `path` gets that operator), "sortby" (the sort field at `path` is renamed), "resourcetype", "name"
    # (the field name at `path` is replaced), "drop" (the record field at `path` is removed). None: no fix.
    fix: str | None = None


def normalise_type(raw_type: Any) -> str:
    """`varchar`, or the last part of `urn:...:dataType:Text` lower-cased (other calls use URNs)."""
    return str(raw_type or "").rsplit(":", 1)[-1].strip().lower()


def _permitted_values(raw: Any) -> dict[str, str]:
    if isinstance(raw, Mapping):
        return {str(key): str(key if label is None else label) for key, label in raw.items()}
    if isinstance(raw, list):
        return {str(key): str(key) for key in raw}
    return {}


def _length(raw: Any) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    return None


def _parse_field(module: str, name: str, raw: Mapping) -> Field:
    return Field(
        name=name,
        label=str(raw.get("label") or name),
        type=normalise_type(raw.get("type")),
        length=_length(raw.get("length")),
        permitted_values=_permitted_values(raw.get("permittedvalues")),
        default=raw.get("default"),
        # The API sends [] for "none", an object otherwise.
        filters=dict(raw["filters"]) if isinstance(raw.get("filters"), Mapping) else {},
        dependencies=dict(raw["dependencies"]) if isinstance(raw.get("dependencies"), Mapping) else {},
        module=module,
        compound=tuple(str(c) for c in raw["compoundFields"]) if isinstance(raw.get("compoundFields"), list) else (),
    )


def parse_field_config(result: ActionResult) -> dict[str, ModuleFields]:
    """The modules of a `fields` get result, keyed by module name."""
    modules: dict[str, ModuleFields] = {}
    for record in result.records:
        module = str(record.id)
        elements = record.elements if isinstance(record.elements, Mapping) else {}
        label = elements.get("label")
        modules[module] = ModuleFields(
            module=module,
            label=label if isinstance(label, str) and label else module,
            fields={
                name: _parse_field(module, name, raw) for name, raw in elements.items() if isinstance(raw, Mapping)
            },
        )
    return modules


def operators_for(field_type: str) -> tuple[str, ...]:
    """The operators that make sense for a field type, in display order (see the module docstring)."""
    kind = normalise_type(field_type)
    if kind == "multiselect":
        return MULTISELECT_OPERATORS
    if kind == "boolean":
        return BOOLEAN_OPERATORS
    if kind == "singleselect" or kind in TEXT_TYPES:
        return EQUALITY_AND_PATTERN
    return ALL_OPERATORS


def normalise_operator(op: Any) -> str | None:
    """The canonical operator (`IS` → `=`, `Not  Like` → `not like`), or None if it is not one."""
    if not isinstance(op, str):
        return None
    canonical = " ".join(op.lower().split())
    canonical = OPERATOR_ALIASES.get(canonical, canonical)
    return canonical if canonical in ALL_OPERATORS else None


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


def multiselect_keys(raw: Any) -> list[str]:
    """The keys of a multiselect value: `|a||b|` as read without formatoutput, or a list."""
    if isinstance(raw, list):
        return [str(key) for key in raw]
    if isinstance(raw, str):
        return [key for key in raw.strip("|").split("||") if key] if raw.startswith("|") else ([raw] if raw else [])
    return [] if raw is None else [str(raw)]


def label_value(field: Field, raw: Any) -> Any:
    """A raw value for display: select keys as their labels, status numbers as their meaning, else unchanged."""
    if field.is_multiselect:
        return ", ".join(field.permitted_values.get(key, key) for key in multiselect_keys(raw))
    if field.is_select:
        if raw is None or raw == "":
            return ""
        return field.permitted_values.get(str(raw), raw)
    meanings = STATUS_MEANINGS.get(field.module, {}).get(field.name)
    if meanings and raw is not None:
        return meanings.get(str(raw), raw)
    return raw
