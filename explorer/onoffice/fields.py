"""Field configuration (`fields` get): parsing and operators per field type (the checks built on them are
in explorer/onoffice/checks.py).

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

from collections.abc import Mapping
from dataclasses import dataclass, field
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
