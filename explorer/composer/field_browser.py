"""The field browser (`/fields/?cred=<id>&module=<module>`): every field of one module, as a page or as CSV.

The configuration comes through the composer's loading (FieldLoader: cached per credential, module and
language, one signed call on a miss); a failure is explained on the page, never raised. The credential is
always one of the user's own: an id that is not theirs falls back to their first credential, and the page
says so, as the composer does.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from ..accounts.models import Credential
from ..accounts.selectors import credential_list
from ..onoffice.actions import CATALOGUE, ActionKind
from ..onoffice.fields import Field, ModuleFields
from .fields import FieldLoader

DEFAULT_MODULE = "estate"
CSV_HEADER = ("module", "name", "label", "type", "length", "default", "permitted_values")
VALUES_INLINE = 6  # longer lists of permitted values are collapsed in a <details>


@dataclass(frozen=True)
class ModuleChoice:
    module: str  # the field-configuration module (agentsLog)
    resourcetype: str  # the resource type the composer reads it with (agentslog)
    readable: bool


def module_choices() -> list[ModuleChoice]:
    """The modules behind the catalogue's resource types, in catalogue order, each once."""
    choices: dict[str, ModuleChoice] = {}
    for rt in CATALOGUE.values():
        if rt.module and rt.module not in choices:
            choices[rt.module] = ModuleChoice(rt.module, rt.name, ActionKind.READ in rt.actions)
    return list(choices.values())


def module_pick(wanted: str) -> tuple[ModuleChoice, str]:
    """The module asked for (by module or resource-type name, any case), else estate with a note."""
    choices = module_choices()
    wanted = (wanted or "").strip()
    for choice in choices:
        if wanted in (choice.module, choice.resourcetype) or wanted.lower() in (choice.module.lower(),
                                                                                 choice.resourcetype.lower()):
            return choice, ""
    default = next(c for c in choices if c.module == DEFAULT_MODULE)
    note = f"There is no module “{wanted}”: showing {default.module}." if wanted else ""
    return default, note


def credential_pick(credentials: list[Credential], wanted: str) -> tuple[Credential | None, str]:
    """The user's credential asked for, else their first one; says so when the id was not theirs."""
    chosen = next((c for c in credentials if str(c.pk) == (wanted or "").strip()), None)
    if chosen is not None or not credentials:
        return chosen, ""
    first = credentials[0]
    if wanted:
        return first, (f"The credential asked for is not one of yours: showing the fields of your first "
                       f"credential “{first.label}”.")
    return first, ""


@dataclass(frozen=True)
class FieldRow:
    field: Field
    values: list[tuple[str, str]]
    collapsed: bool
    default: str
    default_label: str  # a select default as its label
    filters: list[tuple[str, str]]
    dependencies: list[tuple[str, str]]
    search: str
    data_url: str
    filter_url: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _pairs(mapping: dict) -> list[tuple[str, str]]:
    return [(str(key), ", ".join(map(_text, value)) if isinstance(value, list) else _text(value))
            for key, value in mapping.items()]


def compose_url(*, credential: Credential | None, resourcetype: str, params: dict) -> str:
    query = {"n": 1, "0-rt": resourcetype, "0-act": "read", "0-params": json.dumps(params, ensure_ascii=False)}
    if credential is not None:
        query["cred"] = credential.pk
    return f"{reverse('explorer:compose')}?{urlencode(query)}"


def field_rows(module_fields: ModuleFields, *, choice: ModuleChoice, credential: Credential | None) -> list[FieldRow]:
    rows = []
    for field in module_fields.fields.values():
        values = list(field.permitted_values.items())
        search = " ".join([field.name, field.label, field.type, *(label for _, label in values)]).lower()
        rows.append(FieldRow(
            field=field, values=values, collapsed=len(values) > VALUES_INLINE, default=_text(field.default),
            default_label=field.permitted_values.get(_text(field.default), ""),
            filters=_pairs(field.filters), dependencies=_pairs(field.dependencies), search=search,
            data_url=compose_url(credential=credential, resourcetype=choice.resourcetype,
                                 params={"data": [field.name]}) if choice.readable else "",
            filter_url=compose_url(credential=credential, resourcetype=choice.resourcetype,
                                   params={"filter": {field.name: [{"op": "=", "val": ""}]}}) if choice.readable else "",
        ))
    return rows


def field_browser_context(*, user, data, workspace: Callable[[], object]) -> dict:
    """What the page (and the CSV) shows: the chosen credential and module, the fields or the error."""
    credentials = list(credential_list(user=user))
    credential, credential_note = credential_pick(credentials, data.get("cred", ""))
    choice, module_note = module_pick(data.get("module", ""))
    module_fields, error = None, ""
    if credential is not None:
        loader = FieldLoader(user=user, credential=credential, workspace=workspace)
        module_fields = loader.module_fields(choice.module, 0)
        error = loader.errors.get(choice.module, "")
        if module_fields is None and not error:
            error = "The field configuration could not be loaded."
    rows = field_rows(module_fields, choice=choice, credential=credential) if module_fields else []
    query = {"cred": credential.pk, "module": choice.module} if credential else {"module": choice.module}
    return {
        "credentials": credentials,
        "credential": credential,
        "notes": [note for note in (credential_note, module_note) if note],
        "modules": module_choices(),
        "module": choice,
        "module_fields": module_fields,
        "rows": rows,
        "has_filters": any(r.filters for r in rows),
        "has_dependencies": any(r.dependencies for r in rows),
        "fields_error": error,
        "csv_url": f"{reverse('explorer:field_browser')}?{urlencode(query | {'format': 'csv'})}",
        "compose_url": compose_url(credential=credential, resourcetype=choice.resourcetype, params={})
        if choice.readable else f"{reverse('explorer:compose')}?{urlencode({'cred': credential.pk} if credential else {})}",
    }


def fields_csv(module: str, module_fields: ModuleFields) -> bytes:
    """Every field as CSV (UTF-8): permitted values as `key=label|key=label`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for field in module_fields.fields.values():
        writer.writerow([module, field.name, field.label, field.type, _text(field.length), _text(field.default),
                         "|".join(f"{key}={label}" for key, label in field.permitted_values.items())])
    return out.getvalue().encode("utf-8")
