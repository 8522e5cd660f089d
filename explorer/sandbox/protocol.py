"""The protocol side of the sandbox: errors with the vendor's texts, per-action checks, the envelope.

Order of the checks for one action (inferred: onOffice documents the codes, not their order): structure
(16-20, 23, 247), then authentication (22 unknown token, 136 timestamp outside ±120 s, 243 hmac not a
string, 137 HMAC mismatch; v2 when hmac_version is 2 or "2", legacy v1 when it is absent), then rights
(174 for any write by a read-only API user), then the resource handler (25 for unknown resource types).

Parameters reach the handlers as PHP reads them: the real API decodes the body into PHP arrays, where a list
and an object with integer keys are the same thing, so an object whose keys are all integers (what PHP's
json_encode makes of an array with a gap, e.g. after unset()) is read as the list of its values. Integers
beyond 64 bits are floats to PHP: as resourceid or timestamp they are malformed.
"""

from __future__ import annotations

import hmac as hmac_module
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from explorer.onoffice.actions import CACHEABLE_ACTIONS, ActionKind
from explorer.onoffice.errors import ERROR_MESSAGES
from explorer.onoffice.phpjson import php_key
from explorer.onoffice.signing import sign_v1, sign_v2

from .users import SandboxApiUser

TIMESTAMP_WINDOW = 120  # seconds either way (https://apidoc.onoffice.de/allgemeine-hinweise/#HMAC_validation)
_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1
MAX_DEPTH = 512  # PHP's json_decode default depth: deeper bodies fail with 3 "maximum stack depth exceeded"
try:
    CLIENT_TIMEZONE = ZoneInfo("Europe/Berlin")  # record dates are German local time, as in enterprise
except ZoneInfoNotFoundError:  # a machine without a time-zone database
    CLIENT_TIMEZONE = UTC


def local_now() -> datetime:
    return datetime.now(CLIENT_TIMEZONE).replace(tzinfo=None, microsecond=0)


class ApiError(Exception):
    """An error code with the vendor's message; `%s` placeholders are filled from args in order."""

    def __init__(self, code: int, *args):
        message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[1])
        for arg in args:
            message = message.replace("%s", str(arg), 1)
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ActionRequest:
    """One action of a request, checked for structure; `raw` keeps what was sent for the echo."""

    raw: dict
    kind: ActionKind
    resourcetype: str
    resourceid: str | int
    identifier: object
    parameters: dict


@dataclass
class Context:
    """What a resource handler gets: the action, the API user and request-wide facts."""

    action: ActionRequest
    user: SandboxApiUser
    base_url: str
    now: datetime = field(default_factory=local_now)

    @property
    def params(self) -> dict:
        return self.action.parameters

    @property
    def published_only(self) -> bool:
        return self.user.rights == "published-only"


def echo(raw, *, cacheable: bool = False) -> dict:
    """The echo keys of a result in the API's order: as sent, "" for what is missing or malformed."""
    raw = raw if isinstance(raw, dict) else {}
    out = {}
    for key in ("actionid", "resourceid", "resourcetype"):
        value = raw.get(key, "")
        out[key] = value if _is_text_or_int(value) else ""
    out["cacheable"] = cacheable
    identifier = raw.get("identifier", "")
    out["identifier"] = identifier if _is_text_or_int(identifier) or identifier is None else ""
    return out


def _is_text_or_int(value) -> bool:
    return isinstance(value, str) or (not isinstance(value, bool) and _is_int64(value))


def _is_int64(value) -> bool:
    return isinstance(value, int) and _INT64_MIN <= value <= _INT64_MAX


def decoding_error(document) -> int:
    """What PHP's json_decode would refuse in a body Python read: 3 objects and lists nested deeper than
    MAX_DEPTH, 7 a string with an unpaired UTF-16 surrogate escape (it has no UTF-8 form); else 0."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if not _utf8(value):
                return 7
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                return 3
            if isinstance(value, dict):
                stack.extend((key, depth) for key in value)
                value = value.values()
            stack.extend((item, depth + 1) for item in value)
    return 0


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def php_arrays(value):
    """The value with every non-empty object whose keys are all integers (PHP's reading) turned into the
    list of its values, at any depth. Iterative: parameters may be nested as deep as the body allows."""
    root = [value]
    stack = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, dict):
            if item and all(isinstance(php_key(k), int) for k in item):
                item = container[key] = list(item.values())
            else:
                item = container[key] = dict(item)
        elif isinstance(item, list):
            item = container[key] = list(item)
        else:
            continue
        stack.extend((item, k) for k in (item if isinstance(item, dict) else range(len(item))))
    return root[0]


def parse_action(raw) -> ActionRequest:
    if not isinstance(raw, dict):
        raise ApiError(247)
    actionid = raw.get("actionid")
    if not isinstance(actionid, str):
        raise ApiError(16)
    if not actionid:
        raise ApiError(17)
    kind = ActionKind.from_urn(actionid)
    if kind is None:
        raise ApiError(23, actionid)
    resourcetype = raw.get("resourcetype")
    if not isinstance(resourcetype, str):
        raise ApiError(19)
    resourceid = raw.get("resourceid")
    if not _is_text_or_int(resourceid):
        raise ApiError(18)
    parameters = raw.get("parameters")
    if parameters == []:  # PHP encodes an empty parameter set as []
        parameters = {}
    if not isinstance(parameters, dict):
        raise ApiError(20)
    # The parameter set itself stays an object (its keys are names, even numeric ones); its values are read
    # the PHP way. `raw` keeps what was sent: the v1 signature covers that.
    parameters = {name: php_arrays(value) for name, value in parameters.items()}
    return ActionRequest(raw, kind, resourcetype, resourceid, raw.get("identifier", ""), parameters)


def authenticate(user: SandboxApiUser | None, token: str, action: ActionRequest) -> None:
    """Raise the documented error when the action is not properly signed by a known API user."""
    if user is None:
        raise ApiError(22)
    raw = action.raw
    timestamp = raw.get("timestamp")
    try:
        timestamp = int(str(timestamp).strip()) if isinstance(timestamp, (str, int)) else None
    except ValueError:  # not an integer, or more digits than Python converts
        timestamp = None
    if not _is_int64(timestamp) or abs(int(time.time()) - timestamp) > TIMESTAMP_WINDOW:
        raise ApiError(136)
    signature = raw.get("hmac")
    if not isinstance(signature, str):
        raise ApiError(243, "hmac")
    if not signature.isascii():  # no signature is; compare_digest cannot compare such text
        raise ApiError(137)
    version = raw.get("hmac_version")
    if version is None:
        # The parameters as decoded, re-encoded the PHP way (explorer/onoffice/phpjson.py, the encoder the
        # explorer's signer uses too): ksort, integer keys, PHP's float format. What PHP cannot encode
        # (NaN, infinity) cannot match any signature.
        try:
            expected = sign_v1(
                token=token, secret=user.secret, timestamp=timestamp, resourcetype=action.resourcetype,
                actionid=raw["actionid"], identifier=_v1_text(action.identifier), resourceid=action.resourceid,
                parameters=raw.get("parameters") or {},
            )
        except (ValueError, TypeError, OverflowError):  # NaN, infinity, integers no float can hold
            raise ApiError(137) from None
    elif str(version).strip() == "2" and not isinstance(version, bool):
        expected = sign_v2(token=token, secret=user.secret, timestamp=timestamp,
                           resourcetype=action.resourcetype, actionid=raw["actionid"])
    else:
        raise ApiError(255, "hmac_version")
    if not hmac_module.compare_digest(expected, signature):
        raise ApiError(137)


def _v1_text(value) -> str:
    return "" if value is None else str(value)


def authorize(user: SandboxApiUser, kind: ActionKind) -> None:
    if kind.is_write and user.rights == "read-only":
        raise ApiError(174)


def result_ok(action: ActionRequest, records: list[dict], cntabsolute) -> dict:
    return {
        **echo(action.raw, cacheable=action.kind in CACHEABLE_ACTIONS),
        "data": {"meta": {"cntabsolute": cntabsolute}, "records": records},
        "status": {"errorcode": 0, "message": "OK"},
    }


def result_error(raw, error: ApiError) -> dict:
    return {**echo(raw), "data": [],
            "status": {"errorcode": error.code, "message": error.message}}


def envelope(results: list[dict], *, code: int = 200) -> dict:
    failed = any(r["status"]["errorcode"] for r in results)
    status = ({"code": code, "errorcode": 97, "message": ERROR_MESSAGES[97]} if failed
              else {"code": code, "errorcode": 0, "message": "OK"})
    return {"status": status, "response": {"results": results}}


def request_error(code: int, *, http_code: int = 400) -> dict:
    """A request that cannot be read at all: only a top-level status, no results (as the official PHP SDK
    expects)."""
    return {"status": {"code": http_code, "errorcode": code, "message": ERROR_MESSAGES[code]}}
