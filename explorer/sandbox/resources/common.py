"""Parameter checks and value conversion shared by the resource handlers."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import datetime

from ..catalog import USERS_BY_ID, USERS_BY_NAME
from ..fieldconfig import COUNTRIES, COUNTRY_VALUES, Field
from ..protocol import ApiError
from ..query import bool_param

MAX_IDS = 500  # error 302 "This action support only up to 500 Ids"
_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1  # PHP integers; beyond them PHP holds a float
_LANGUAGE = re.compile(r"^[A-Z]{3}$")
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M")


def now_text(now: datetime) -> str:
    return now.strftime("%Y-%m-%d %H:%M:%S")


def success(record_type: str | None) -> list[dict]:
    """Modify/delete/do answer: one record with id 0 and elements {"success": "success"}, as the real API
    answers (e.g. https://apidoc.onoffice.de/actions/datensatz-bearbeiten/)."""
    return [{"id": 0, "type": record_type, "elements": {"success": "success"}}]


def created(record_id: int, record_type: str) -> list[dict]:
    """Create answer: the new id with empty elements."""
    return [{"id": record_id, "type": record_type, "elements": []}]


def as_object(value, name: str) -> dict:
    """An OBJECT parameter; PHP clients encode an empty one as [] (json_encode of an empty array)."""
    if value is None:
        raise ApiError(167, name)
    if value == []:
        return {}
    if not isinstance(value, dict):
        raise ApiError(74)
    return value


def as_id(value, *, error: ApiError) -> int:
    if isinstance(value, bool):
        raise error
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str) and value.strip().isdecimal() and int(value) > 0:  # isdigit() takes "²" too
        return int(value)
    raise error


def resource_id(ctx_action) -> int | None:
    """The record id named by resourceid, None when it is empty (a list request)."""
    rid = ctx_action.resourceid
    if rid in ("", 0, "0"):
        return None
    return as_id(rid, error=ApiError(18))


def id_list(params: dict, name: str, *, required: bool = False, allow_scalar: bool = False) -> list[int] | None:
    """An ARRAY of record ids (some calls also take a single integer, e.g. agentslog estateid)."""
    value = params.get(name)
    if value is None:
        if required:
            raise ApiError(167, name)
        return None
    if allow_scalar and not isinstance(value, list):
        value = [value]
    if not isinstance(value, list):
        raise ApiError(74)
    if len(value) > MAX_IDS:
        raise ApiError(302)
    return [as_id(v, error=ApiError(185)) for v in value]


def language(params: dict, name: str, default: str = "DEU") -> str:
    value = params.get(name) or default
    if not isinstance(value, str) or not _LANGUAGE.match(value):
        raise ApiError(160, value)
    return value


def data_fields(params: dict, fields: Mapping[str, Field], unknown, *, pseudo: Iterable[str] = (),
                default: list[str] | None = None) -> list[str]:
    """The `data` ARRAY of a read: exact, case-sensitive names of active fields (or pseudo fields)."""
    names = params.get("data")
    if names is None:
        return list(default or ())
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ApiError(74)
    pseudo = set(pseudo)
    for name in names:
        if name not in fields and name not in pseudo:
            raise unknown(name)
    return list(dict.fromkeys(names))


def criteria_number(value, name: str) -> float:
    """A number of a search criterion (a range bound, a coordinate): a decimal comma is accepted; anything else,
    booleans included, is 229."""
    if isinstance(value, bool):
        raise ApiError(229, name)
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        raise ApiError(229, name) from None


def output_options(params: dict) -> tuple[bool, str]:
    """(formatoutput, outputlanguage); the language only matters with formatoutput, as documented."""
    return bool_param(params, "formatoutput"), language(params, "outputlanguage")


def country_key(value) -> str:
    """ISO3 code or a German/English country name -> ISO3 key ("" clears)."""
    text = str(value or "").strip()
    if not text:
        return ""
    if text.upper() in COUNTRIES:
        return text.upper()
    for key, (de, en, _) in COUNTRIES.items():
        if text.casefold() in (de.casefold(), en.casefold()):
            return key
    raise ApiError(77, text)


def coerce(field: Field, value):
    """A value from a create/modify call in the form records store it; raises the documented errors."""
    if field.readonly or field.compound:
        raise ApiError(144, field.name)
    if field.real_type == "user":
        return _user_value(field, value)
    kind = field.type
    if kind == "integer":
        number = int(value.strip()) if isinstance(value, str) and _is_integral(value) else value
        if isinstance(value, bool) or not _is_integral(value) or not _INT64_MIN <= number <= _INT64_MAX:
            raise ApiError(228, field.name)
        return int(number)
    if kind == "float":
        if value in (None, ""):
            return 0.0
        try:
            number = float(str(value).replace(",", ".")) if isinstance(value, (int, float, str)) else None
        except (ValueError, OverflowError):
            number = None
        if isinstance(value, bool) or number is None or not math.isfinite(number):
            raise ApiError(229, field.name)
        return number
    if kind == "boolean":
        if isinstance(value, (bool, int, float)) and value in (0, 1):
            return int(value)
        if isinstance(value, str) and value.strip().lower() in ("0", "1", "true", "false"):
            return int(value.strip().lower() in ("1", "true"))
        raise ApiError(255, field.name)
    if kind == "date":
        return _date_value(value, _DATE_FORMATS, "%Y-%m-%d", field)
    if kind == "datetime":
        return _date_value(value, _DATETIME_FORMATS + _DATE_FORMATS, "%Y-%m-%d %H:%M:%S", field)
    if kind == "singleselect":
        if value in (None, ""):
            return ""
        if isinstance(value, (list, dict)):
            raise ApiError(187)
        key = country_key(value) if field.values is COUNTRY_VALUES else str(value)
        if key not in field.values:
            raise ApiError(77, key)
        return key
    if kind == "multiselect":
        if not isinstance(value, list):
            raise ApiError(74)
        keys = [str(v) for v in value]
        for key in keys:
            if key not in field.values:
                raise ApiError(76, key)
        return list(dict.fromkeys(keys))
    if isinstance(value, (list, dict)):
        raise ApiError(227, field.name)
    text = "" if value is None else str(int(value) if isinstance(value, bool) else value)
    if field.length and len(text) > field.length:
        raise ApiError(255, field.name)
    return text


def _is_integral(value) -> bool:
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, str) and value.strip().removeprefix("-").isdecimal()


def _date_value(value, formats, out_format, field: Field) -> str:
    if value in (None, ""):
        return ""
    text = str(value).strip()
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).strftime(out_format)
        except ValueError:
            continue
    raise ApiError(122)


def _user_value(field: Field, value) -> str:
    """Estates name their support by user id, addresses and tasks by user name (see the create calls
    https://apidoc.onoffice.de/actions/datensatz-anlegen/objekte/ and .../adressen/)."""
    if value in (None, ""):
        return ""
    if field.name == "benutzer":
        user_id = as_id(value, error=ApiError(184))
        if user_id not in USERS_BY_ID:
            raise ApiError(184)
        return str(user_id)
    if str(value) not in USERS_BY_NAME:
        raise ApiError(251, value)
    return str(value)
