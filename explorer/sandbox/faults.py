"""Fault modes: one sandbox API user answers wrongly on purpose, to test how an integration handles errors.

Off by default. At most one per API user, keyed by its name (users.py), kept in the database so that every
process of the server applies it. `views.answer`, the handler both the HTTP endpoint and the in-process path
(inprocess.py) run, applies it once the request's token has named a known API user; an unknown token is
answered as usual. What each kind does is in KINDS; writes still happen under `slow` and `truncated` (the
answer is late or lost, not the action), and nothing runs under `html502`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.http import HttpResponse

from explorer.onoffice.errors import ERROR_MESSAGES

from .models import FaultMode
from .protocol import ApiError
from .users import SandboxApiUser, api_users

CLOCK, HMAC, CODE, SLOW, HTML_502, TRUNCATED = "clock", "hmac", "code", "slow", "html502", "truncated"
KINDS = {
    CLOCK: "Every action fails with 136, as when the client's clock is off by more than 120 s.",
    HMAC: "Every action fails with 137, as when token and secret do not match.",
    CODE: "Every action fails with the error code you choose (request-level codes answer at the top level).",
    SLOW: "Every answer comes that many seconds late (the caller's own timeout still applies).",
    HTML_502: "An HTML page with HTTP status 502, as a proxy answers when the API is down; nothing runs.",
    TRUNCATED: "The answer's JSON is cut off halfway, as when a connection or proxy drops the rest; actions run.",
}
LABELS = {CLOCK: "136: timestamp refused", HMAC: "137: HMAC invalid", CODE: "A chosen error code",
          SLOW: "Slow answer", HTML_502: "HTML page, HTTP 502", TRUNCATED: "Truncated body"}
SLOW_MAX_SECONDS = 120
# Codes the sandbox answers for an unreadable request, with a top-level status only (views.py): a fault
# with one of them is answered that way too; every other code fails each action.
REQUEST_LEVEL_CODES = frozenset({3, 4, 5, 6, 7, 8, 9, 13, 14, 15})
CODES = tuple(code for code in ERROR_MESSAGES if code != 0)
PLACEHOLDER = "sandbox fault"  # fills the `%s` of texts such as 75 'Unknown field: "%s"'

PROXY_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    "<body><h1>502 Bad Gateway</h1><p>The proxy got no valid answer from the upstream server.</p></body></html>\n"
)


class FaultInvalid(ValueError):
    """A fault that cannot be set; the message says why, in words for the console."""

    def __init__(self, message: str, *, field: str = "kind"):
        super().__init__(message)
        self.message = message
        self.field = field  # the input at fault: api_user, kind, code or seconds


class FaultTimeout(TimeoutError):
    """A slow answer outlasted the time the in-process caller still waits (inprocess.py: a read timeout)."""


@dataclass(frozen=True)
class Fault:
    api_user: str
    kind: str
    code: int | None = None
    seconds: int | None = None
    set_by: str = ""
    since: datetime | None = None

    @property
    def label(self) -> str:
        """A few words for the banner."""
        if self.kind == CODE:
            return f"error {self.code}"
        if self.kind == SLOW:
            return f"answers {self.seconds} s late"
        return {CLOCK: "error 136 (clock)", HMAC: "error 137 (HMAC)", HTML_502: "HTML 502 page",
                TRUNCATED: "truncated body"}[self.kind]

    def describe(self) -> str:
        """One sentence for the console and the banner."""
        if self.kind == CODE:
            return f"Every action fails with {self.code} “{self.action_error().message}”."
        if self.kind == SLOW:
            return f"Every answer comes {self.seconds} s late."
        return KINDS[self.kind]

    def action_error(self) -> ApiError | None:
        """The error each action answers with (136, 137 or the chosen code), None for the other kinds."""
        code = {CLOCK: 136, HMAC: 137, CODE: self.code}.get(self.kind)
        if code is None:
            return None
        return ApiError(code, *[PLACEHOLDER] * ERROR_MESSAGES[code].count("%s"))

    @property
    def replaces_authentication(self) -> bool:
        """136 and 137 stand for a failed signature check: they come whether the signature is right or not."""
        return self.kind in (CLOCK, HMAC)

    @property
    def rejects_token(self) -> bool:
        """Error 22 "Not authenticated" comes with top-level code 400, as for an unknown token (views.py)."""
        return self.kind == CODE and self.code == 22

    @property
    def request_level_code(self) -> int | None:
        return self.code if self.kind == CODE and self.code in REQUEST_LEVEL_CODES else None


_FIELDS = ("api_user", "kind", "code", "seconds", "set_by", "since")


def _names() -> list[str]:
    return [user.name for user in api_users()]


def _validated(api_user: str, kind: str, code, seconds) -> tuple[int | None, int | None]:
    if api_user not in _names():
        raise FaultInvalid(f"Unknown sandbox API user “{api_user}”: choose one of {', '.join(_names())}.",
                           field="api_user")
    if kind not in KINDS:
        raise FaultInvalid(f"Unknown fault “{kind}”: choose one of {', '.join(KINDS)}.")
    if kind == CODE:
        if isinstance(code, bool) or not isinstance(code, int) or code not in CODES:
            shown = "No code" if code is None else f"{code} is not a documented onOffice error code"
            raise FaultInvalid(f"{shown}: choose one of the listed codes (1 to 304; 0 would mean OK).", field="code")
        return code, None
    if kind == SLOW:
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= SLOW_MAX_SECONDS:
            raise FaultInvalid(f"A slow answer needs a delay of 1 to {SLOW_MAX_SECONDS} whole seconds.",
                               field="seconds")
        return None, seconds
    return None, None


def fault_set(api_user: str, kind: str, *, code: int | None = None, seconds: int | None = None,
              set_by: str = "") -> Fault:
    """Switch a fault on for one API user (replacing the one it had); FaultInvalid when it cannot be."""
    code, seconds = _validated(api_user, kind, code, seconds)
    row, _ = FaultMode.objects.update_or_create(api_user=api_user, defaults={
        "kind": kind, "code": code, "seconds": seconds, "set_by": set_by[:150]})
    return Fault(api_user, kind, code, seconds, row.set_by, row.since)


def fault_clear(api_user: str) -> bool:
    """Answer normally again; False when the user had no fault."""
    deleted, _ = FaultMode.objects.filter(api_user=api_user).delete()
    return bool(deleted)


def fault_clear_all() -> list[str]:
    """Every fault off (the console's reset); the names of the API users that had one."""
    with transaction.atomic():
        names = sorted(FaultMode.objects.values_list("api_user", flat=True))
        FaultMode.objects.all().delete()
    return names


def fault_list() -> list[Fault]:
    """The faults switched on, in the order of the API users (users.py); one query."""
    order = {name: index for index, name in enumerate(_names())}
    rows = FaultMode.objects.filter(api_user__in=order).values_list(*_FIELDS)
    faults = [Fault(*row) for row in rows if row[1] in KINDS]
    return sorted(faults, key=lambda fault: order[fault.api_user])


def fault_for(user: SandboxApiUser | None) -> Fault | None:
    """The fault of the API user a request's token named; None for an unknown token or no fault."""
    if user is None:
        return None
    row = FaultMode.objects.filter(api_user=user.name).values_list(*_FIELDS).first()
    return Fault(*row) if row is not None and row[1] in KINDS else None


def wait(seconds: float, timeout: float | None) -> None:
    """Sleep `seconds`; a caller that waits less (`timeout`) gets FaultTimeout after its timeout, as from a
    server that stays silent."""
    if timeout is not None and seconds > timeout:
        time.sleep(max(0.0, timeout))
        raise FaultTimeout(f"The sandbox did not answer within {timeout:g} s (slow-answer fault).")
    time.sleep(seconds)


def proxy_error() -> HttpResponse:
    response = HttpResponse(PROXY_PAGE, status=502, content_type="text/html; charset=utf-8")
    # Asked for, not a failure of this server: Django's request logger would file every 5xx as an error.
    response._has_been_logged = True
    return response


def truncated(response: HttpResponse) -> HttpResponse:
    """The same answer with only the first half of its body: valid JSON at the start, then nothing."""
    content = response.content
    return HttpResponse(content[:max(1, len(content) // 2)], status=response.status_code,
                        content_type=response["Content-Type"])
