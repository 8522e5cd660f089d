"""The building blocks of the sandbox's field configuration: one field, its select values, its category.

The field lists themselves are in fields_estate.py, fields_address.py and fieldconfig.py (agents log,
tasks and the module index that reads and writes use).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

Labels = tuple[str, str]  # (DEU, ENG)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: Labels
    length: int | None = None
    values: MappingProxyType | None = None  # select key -> (DEU, ENG)
    default: str | None = None
    filters: dict | None = None  # criterion -> allowed keys (`showfieldfilters`)
    dependencies: dict | None = None  # select key -> parent key (`showfielddependencies`)
    compound: tuple[str, ...] = ()
    measure: str | None = None
    table: str = ""
    content: Labels | None = None
    real_type: str | None = None  # reported instead of `type` with realDataTypes
    decimals: int = 2
    readonly: bool = False  # system field: set by the server, refused in create/modify
    filterable: bool = True
    active: bool = True  # inactive fields exist only for showOnlyInactive; reads refuse them
    translatable: bool = False  # estate free texts that differ per estate language
    idlist: bool = False  # returned as a JSON array of id strings (agents log Objekt_nr, Adress_nr)

    @property
    def is_numeric(self) -> bool:
        return self.type in ("integer", "float", "boolean")

    def label_in(self, language: str) -> str:
        return self.label[1] if language == "ENG" else self.label[0]

    def value_label(self, key: str, language: str) -> str | None:
        labels = self.values.get(key) if self.values else None
        if labels is None:
            return None
        return labels[1] if language == "ENG" else labels[0]


def vals(*pairs) -> MappingProxyType:
    """Select values from (key, DEU, ENG) triples, or (key, label) when both languages agree."""
    out = {}
    for item in pairs:
        key, de, en = item if len(item) == 3 else (item[0], item[1], item[1])
        out[key] = (de, en)
    return MappingProxyType(out)


# The measure format every field of these types reports (`showFieldMeasureFormat`).
_TYPE_MEASURES = {"boolean": "DATA_TYPE_BOOLEAN", "date": "DATA_TYPE_DATE", "datetime": "DATA_TYPE_DATETIME"}
MONEY, AREA, NUMERIC = "DATA_TYPE_MONETARY", "DATA_TYPE_AREA", "DATA_TYPE_NUMERIC"


def f(name, type_, de, en=None, **kw) -> Field:
    """A field; varchar fields are 80 characters long unless told otherwise, as most are in enterprise."""
    if type_ == "varchar":
        kw.setdefault("length", 80)
    if type_ in _TYPE_MEASURES:
        kw.setdefault("measure", _TYPE_MEASURES[type_])
    return Field(name=name, type=type_, label=(de, en or de), **kw)


def area(name, de, en, **kw) -> Field:
    return f(name, "float", de, en, measure=AREA, **kw)


def money(name, de, en, **kw) -> Field:
    return f(name, "float", de, en, measure=MONEY, **kw)


def count(name, de, en, **kw) -> Field:
    """Counts (rooms, bathrooms, balconies...) are floats in enterprise, not integers."""
    return f(name, "float", de, en, measure=NUMERIC, **kw)


def flag(name, de, en, **kw) -> Field:
    return f(name, "boolean", de, en, **kw)


def section(table: str, content: Labels, *fields: Field) -> list[Field]:
    return [replace(field, table=table, content=content) for field in fields]


YES_NO = vals(("1", "Ja", "Yes"), ("0", "Nein", "No"))
