"""Orchestration: signing service, call logging. Views and commands call these, never the protocol directly."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from .errors import EndpointRefusedError
from .models import CallLog
from .onoffice.actions import Action
from .onoffice.client import Exchange, send_actions
from .onoffice.errors import ResponseFormatError
from .onoffice.responses import ApiResponse
from .redaction import scrub, secret_forms, strip_signature_keys

logger = logging.getLogger(__name__)

LOG_BODY_LIMIT = 1024 * 1024


def _normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, "", ""))


def endpoint_allowed(url: str) -> bool:
    """Exact match against ONOFFICE_ALLOWED_URLS: every call carries a fresh HMAC worth stealing."""
    if not url or urlsplit(url).query or urlsplit(url).fragment:
        return False
    target = _normalise_url(url)
    return any(_normalise_url(allowed) == target for allowed in settings.ONOFFICE_ALLOWED_URLS)


@dataclass
class CallOutcome:
    log: CallLog
    exchange: Exchange

    @property
    def response(self) -> ApiResponse | None:
        return self.exchange.response

    @property
    def ok(self) -> bool:
        return self.response is not None and self.response.ok


@sensitive_variables("token", "secret", "forms", "credential_forms")
def call_perform(
    *,
    actions: Sequence[Action],
    token: str,
    secret: str,
    url: str,
    origin: str,
    hmac_version: int = 2,
    user=None,
    session=None,
    **transport_options,
) -> CallOutcome:
    """Sign, send and parse a batch of actions; write exactly one CallLog row for the send.

    The row is inserted as pending before the HTTP call and completed after it, each in its own short
    autocommit write, so no transaction is open while waiting for the API.
    """
    if not endpoint_allowed(url):
        raise EndpointRefusedError(
            f"The endpoint {url!r} is not on the allowlist (ONOFFICE_ALLOWED_URLS); nothing was sent.",
            extra={"url": url},
        )
    credential_forms = secret_forms([token, secret])
    logged_actions = [strip_signature_keys(a.as_dict()) for a in actions]
    log = CallLog.objects.create(
        origin=origin,
        user=user,
        endpoint=url,
        hmac_version=hmac_version,
        actions=json.loads(scrub(json.dumps(logged_actions), credential_forms)),
    )
    limits = {
        "connect_timeout": settings.ONOFFICE_CONNECT_TIMEOUT,
        "read_timeout": settings.ONOFFICE_READ_TIMEOUT,
        "deadline": settings.ONOFFICE_DEADLINE,
    }
    exchange = send_actions(url, actions, token=token, secret=secret, hmac_version=hmac_version,
                            session=session, **(limits | transport_options))
    forms = secret_forms([token, secret, *exchange.signatures])
    _complete_log(log, exchange, forms)
    return CallOutcome(log=log, exchange=exchange)


def _complete_log(log: CallLog, exchange: Exchange, forms: list[str]) -> None:
    body = exchange.body
    text = body[:LOG_BODY_LIMIT].decode("utf-8", errors="replace")
    log.finished_at = timezone.now()
    log.duration_ms = round(exchange.duration * 1000, 2)
    log.response_bytes = len(body)
    log.response_body = scrub(text, forms)
    log.clock_skew = exchange.clock_skew
    log.http_status = exchange.http.status if exchange.http else getattr(exchange.error, "http_status", None)
    error = exchange.error
    log.response_truncated = len(body) > LOG_BODY_LIMIT or getattr(error, "kind", "") in ("too_large", "incomplete")
    if exchange.response is not None:
        response = exchange.response
        log.errorcode = response.errorcode
        log.action_errorcodes = response.action_errorcodes
        log.status = CallLog.Status.OK if response.ok else CallLog.Status.API_ERROR
        if not response.ok:
            log.error_text = scrub(_api_error_text(response), forms)
    else:
        log.status = (CallLog.Status.FORMAT_ERROR if isinstance(error, ResponseFormatError)
                      else CallLog.Status.TRANSPORT_ERROR)
        log.error_text = scrub(str(error), forms)
    log.save()
    logger.info("onoffice call %s origin=%s status=%s http=%s duration_ms=%s",
                log.pk, log.origin, log.status, log.http_status, log.duration_ms)


def _api_error_text(response: ApiResponse) -> str:
    parts = []
    if response.errorcode and response.errorcode != 97:
        parts.append(f"{response.errorcode}: {response.message}")
    parts.extend(f"action {i + 1}: {r.errorcode}: {r.message}" for i, r in enumerate(response.results) if not r.ok)
    return "; ".join(parts) or f"{response.errorcode}: {response.message}"


def response_json(outcome: CallOutcome) -> object | None:
    """The decoded response document, or None when the body was not an envelope."""
    if outcome.response is None:
        return None
    return json.loads(outcome.exchange.body)


def credential_for_cli(*, credential_id: int, username: str):
    """Resolve a stored credential for the CLI. Seam: stored credentials arrive with the credentials issue."""
    from .errors import ExplorerError

    raise ExplorerError("Stored credentials are not available yet; use ONOFFICE_TOKEN and ONOFFICE_SECRET.")
