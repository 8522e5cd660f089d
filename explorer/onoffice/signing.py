"""HMAC signing of onOffice actions, v2 (default) and legacy v1.

v2 = base64(HMAC-SHA256(secret, timestamp + token + resourcetype + actionid));
v1 = md5(secret + md5(php_json(ksorted parameters) + "," + token,actionid,identifier,resourceid,secret,
timestamp,resourcetype)), with php_json and ksort exactly as PHP (explorer/onoffice/phpjson.py, shared with
the sandbox's verifier). Both as documented at
https://apidoc.onoffice.de/onoffice-api-request/request-elemente/action/ (v1 under "Old hmac method").
Every action carries its own timestamp and signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable, Iterable

from . import phpjson
from .actions import Action

HMAC_VERSIONS = (1, 2)


def php_json_encode(value) -> str:
    """A body in PHP's json_encode style (compact, `\\/`, \\uXXXX, PHP's float format, empty objects as `[]`).

    What is sent; the v1 signature covers PHP's reading of it instead (phpjson.json_encode).
    """
    return phpjson.wire_encode(value)


def sort_parameters(parameters: dict) -> dict:
    """First-level key sort, as PHP's ksort in the SDK (`"9"` before `"10"`; nested objects keep their order)."""
    return phpjson.ksort(parameters)


def sign_v2(*, token: str, secret: str, timestamp: int, resourcetype: str, actionid: str) -> str:
    message = f"{int(timestamp)}{token}{resourcetype}{actionid}"
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def sign_v1(
    *,
    token: str,
    secret: str,
    timestamp: int,
    resourcetype: str,
    actionid: str,
    identifier: str = "",
    resourceid: str | int = "",
    parameters: dict | list | None = None,
) -> str:
    # What the real API computes from the decoded request: PHP's json_encode of its ksorted parameters.
    encoded_parameters = phpjson.json_encode(phpjson.ksort(parameters or {}))
    fields = [token, actionid, identifier or "", str(resourceid), secret, str(int(timestamp)), resourcetype]
    inner = hashlib.md5(f"{encoded_parameters},{','.join(fields)}".encode()).hexdigest()
    return hashlib.md5(f"{secret}{inner}".encode()).hexdigest()


def sign_action(action: Action, *, token: str, secret: str, timestamp: int, hmac_version: int = 2) -> dict:
    """The action as sent: SDK key order, with timestamp, hmac_version (v2 only) and hmac."""
    if hmac_version not in HMAC_VERSIONS:
        raise ValueError("hmac_version must be 1 or 2")
    parameters = sort_parameters(action.parameters)
    signed = {
        "actionid": action.actionid,
        "identifier": action.identifier,
        "parameters": parameters,
        "resourceid": action.resourceid,
        "resourcetype": action.resourcetype,
        "timestamp": int(timestamp),
    }
    if hmac_version == 2:
        signed["hmac_version"] = 2
        signed["hmac"] = sign_v2(
            token=token, secret=secret, timestamp=timestamp,
            resourcetype=action.resourcetype, actionid=action.actionid,
        )
    else:
        signed["hmac"] = sign_v1(
            token=token, secret=secret, timestamp=timestamp, resourcetype=action.resourcetype,
            actionid=action.actionid, identifier=action.identifier, resourceid=action.resourceid,
            parameters=parameters,
        )
    return signed


def build_envelope(
    actions: Iterable[Action],
    *,
    token: str,
    secret: str,
    hmac_version: int = 2,
    clock: Callable[[], float] = time.time,
) -> dict:
    """The request envelope; each action is signed with a timestamp read when it is signed."""
    return {
        "token": token,
        "request": {
            "actions": [
                sign_action(a, token=token, secret=secret, timestamp=int(clock()), hmac_version=hmac_version)
                for a in actions
            ]
        },
    }


def encode_envelope(envelope: dict) -> bytes:
    """The POST body. PHP-style encoding so v1 servers re-encoding the parameters see the same bytes."""
    return php_json_encode(envelope).encode("ascii")
