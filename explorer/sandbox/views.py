"""HTTP endpoints of the sandbox: the API (POST only, any Content-Type, JSON body) and picture placeholders.

Top-level errors (only a status and no results, as the official PHP SDK expects for unreadable requests):
9 empty body (also any method but POST, with HTTP 405), 7 body not UTF-8 (or an unpaired surrogate escape),
5 control character, 3 nesting deeper than PHP reads (protocol.MAX_DEPTH), 4 any other invalid JSON, 13 token
missing or not a string, 14 request not an object (or the body too large, HTTP 413), 15 actions missing, not
a list or empty; top-level code 400 in all these.
Per-action failures keep code 200 and set errorcode 97 "Error in action"; when the token is unknown
every action fails with 22 and the top-level code is 400 ("not authenticated",
https://apidoc.onoffice.de/fehler/).
Anything unexpected becomes error 1 (per action, or top-level with code 500), never an error page.
Once the token names a known API user, that user's fault mode applies, if one is on (faults.py).
"""

from __future__ import annotations

import json
import logging
import time
from html import escape

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from explorer.onoffice.signing import php_json_encode

from . import faults
from .protocol import (
    ApiError, Context, authenticate, authorize, envelope, parse_action, request_error, result_error, result_ok, decoding_error,
)
from .resources import dispatch
from .resources.info import estate_pictures
from .users import api_user_for_token

logger = logging.getLogger(__name__)


def _answer(document: dict, status: int = 200) -> HttpResponse:
    # PHP-style encoding, as the real API answers: `\/`, `\uXXXX`, empty objects as [].
    return HttpResponse(php_json_encode(document), status=status, content_type="application/json; charset=utf-8")


@csrf_exempt
def api(request: HttpRequest) -> HttpResponse:
    """The API over HTTP, for outside clients (SDK, newman, curl); the explorer answers in process
    (explorer/sandbox/inprocess.py) and reaches the same `answer`."""
    delay = latency_seconds()
    if delay:
        time.sleep(delay)
    if request.method != "POST":
        return answer(request.method or "GET", b"", request.build_absolute_uri("/").rstrip("/"))
    try:
        body = request.body
    except RequestDataTooBig:
        return _answer(request_error(14), status=413)
    return answer("POST", body, request.build_absolute_uri("/").rstrip("/"))


def latency_seconds() -> float:
    """SANDBOX_LATENCY_MS: a delay added to every sandbox call, to feel a slow network (default 0)."""
    return max(0, getattr(settings, "SANDBOX_LATENCY_MS", 0) or 0) / 1000


def answer(method: str, body: bytes, base_url: str, *, timeout: float | None = None) -> HttpResponse:
    """The answer to one request: method, raw body and the address it was sent to (for picture URLs).

    `timeout`: how long the caller still waits (in process); a slow-answer fault sleeps no longer than that.
    """
    try:
        return _api(method, body, base_url, timeout)
    except faults.FaultTimeout:
        raise  # the in-process caller gave up waiting: inprocess.py reports it as a read timeout
    except Exception:
        logger.exception("sandbox: request failed")
        return _answer(request_error(1, http_code=500), status=500)


def _read_json(body: bytes):
    """The decoded body, or the error code describing why it cannot be read."""
    if not body.strip():
        return None, 9
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, 7
    try:
        document = json.loads(text)
    except RecursionError:
        return None, 3
    except ValueError as exc:
        return None, 5 if "control character" in str(exc) else 4
    code = decoding_error(document)
    return (None, code) if code else (document, 0)


def _api(method: str, body: bytes, base_url: str, timeout: float | None) -> HttpResponse:
    if method != "POST":
        response = _answer(request_error(9), status=405)
        response["Allow"] = "POST"
        return response
    document, code = _read_json(body)
    if code:
        return _answer(request_error(code))
    token = document.get("token") if isinstance(document, dict) else None
    if not isinstance(token, str) or not token:
        return _answer(request_error(13))
    # Real tokens are hex; compare_digest cannot compare other text, and it matches no API user anyway.
    user = api_user_for_token(token) if token.isascii() else None
    fault = faults.fault_for(user)
    if fault is None:
        return _actions(document, user, token, base_url, None)
    if fault.kind == faults.HTML_502:
        return faults.proxy_error()
    if fault.kind == faults.SLOW:
        faults.wait(fault.seconds, timeout)
    response = _actions(document, user, token, base_url, fault)
    return faults.truncated(response) if fault.kind == faults.TRUNCATED else response


def _actions(document: dict, user, token: str, base_url: str, fault: faults.Fault | None) -> HttpResponse:
    req = document.get("request")
    if not isinstance(req, dict):
        return _answer(request_error(14))
    actions = req.get("actions")
    if not isinstance(actions, list) or not actions:
        return _answer(request_error(15))
    if fault is not None and fault.request_level_code:
        return _answer(request_error(fault.request_level_code))
    results = [_run(raw, user, token, base_url, fault) for raw in actions]
    authenticated = user is not None and not (fault is not None and fault.rejects_token)
    return _answer(envelope(results, code=200 if authenticated else 400))


def _run(raw, user, token: str, base_url: str, fault: faults.Fault | None) -> dict:
    try:
        action = parse_action(raw)
        error = fault.action_error() if fault is not None else None
        if error is not None and fault.replaces_authentication:
            raise error
        authenticate(user, token, action)
        if error is not None:
            raise error
        authorize(user, action.kind)
        records, cntabsolute = dispatch(Context(action, user, base_url))
        return result_ok(action, records, cntabsolute)
    except ApiError as error:
        return result_error(raw, error)
    except Exception:
        logger.exception("sandbox: action failed")
        return result_error(raw, ApiError(1))


_PICTURE_COLOURS = {"Titelbild": "#1f4e79", "Foto": "#4a7a96", "Grundriss": "#7a6a4a", "Lageplan": "#4a7a5a"}


def picture(request: HttpRequest, estate_id: int, file_id: int) -> HttpResponse:
    """A placeholder image for the URLs estatepictures hands out (the demo keeps no real files)."""
    found = next((p for p in estate_pictures(estate_id) if p["id"] == file_id), None)
    if found is None:
        return HttpResponse("Not found", status=404, content_type="text/plain; charset=utf-8")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">'
        f'<rect width="640" height="480" fill="{_PICTURE_COLOURS.get(found["type"], "#555")}"/>'
        '<text x="320" y="230" font-family="sans-serif" font-size="36" fill="#fff" text-anchor="middle">'
        f'{escape(found["title"])}</text>'
        '<text x="320" y="280" font-family="sans-serif" font-size="24" fill="#fff" text-anchor="middle">'
        f'Objekt {estate_id}</text></svg>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
