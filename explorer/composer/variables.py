"""Variables in saved requests: `{{name}}` inside string values of an action.

The syntax is Postman's, so a saved request exports to a collection unchanged and Postman resolves the
same names. Only string values (parameters at any depth, resourceid, identifier) are resolved, never
object keys or non-strings, so resolving cannot break the JSON of a request; the collection's
pre-request script (explorer/saved/postman.py) resolves exactly the same places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

NAME = r"[A-Za-z0-9_.-]+"
VARIABLE = re.compile(r"\{\{(" + NAME + r")\}\}")
_NAME = re.compile(NAME)


def is_valid_name(name: str) -> bool:
    return isinstance(name, str) and _NAME.fullmatch(name) is not None


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def variables_in(actions: Iterable[Mapping]) -> list[str]:
    """The variable names the actions use, in order of first use."""
    names: dict[str, None] = {}
    for action in actions:
        for key in ("resourceid", "identifier", "parameters"):
            for text in _strings(action.get(key)):
                names.update(dict.fromkeys(VARIABLE.findall(text)))
    return list(names)


def substitute(value, values: Mapping[str, str]):
    """A copy of value with every known `{{name}}` in its strings replaced; unknown names stay, as in Postman."""
    if isinstance(value, str):
        return VARIABLE.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), value)
    if isinstance(value, Mapping):
        return {key: substitute(item, values) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [substitute(item, values) for item in value]
    return value


def resolve_actions(actions: Iterable[Mapping], values: Mapping[str, str]) -> list[dict]:
    """The actions with their variables replaced in resourceid, identifier and parameters."""
    return [
        {**action, **{key: substitute(action[key], values)
                      for key in ("resourceid", "identifier", "parameters") if key in action}}
        for action in actions
    ]


# `{{` that does not open a well-formed variable: `{{ city }}` (spaces), `{{}}`, `{{city` (unclosed).
_MALFORMED = re.compile(r"\{\{(?!" + NAME + r"\}\})[^{}]{0,40}\}?\}?")


def malformed_in(actions: Iterable[Mapping]) -> list[str]:
    """Fragments that look like a variable but are not one, so the user learns why nothing is replaced."""
    found: dict[str, None] = {}
    for action in actions:
        for key in ("resourceid", "identifier", "parameters"):
            for text in _strings(action.get(key)):
                found.update(dict.fromkeys(_MALFORMED.findall(text)))
    return list(found)
