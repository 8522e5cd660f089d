"""The signing service: every call to an onOffice endpoint goes through call_perform and gets one log row.

Views, commands and the other features call these, never the protocol directly."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ..accounts.models import Credential, endpoint_resolve, is_sandbox_url
from ..accounts.services import credential_secrets
from ..errors import EndpointRefusedError, ExplorerError
from ..onoffice import transport
from ..onoffice.actions import Action, ActionKind
from ..onoffice.client import Exchange, send_actions
from ..onoffice.errors import ResponseFormatError, explain
from ..onoffice.inprocess import InProcessAdapter
from ..onoffice.responses import ApiResponse
from ..redaction import scrub, secret_forms, strip_signature_keys
from ..sandbox import inprocess as sandbox_inprocess
from ..storage import nul_safe
from .models import CallLog, CallRollup
from .overview import rollup_record
from .search import action_keys, search_text

logger = logging.getLogger(__name__)

LOG_BODY_LIMIT = 1024 * 1024


def _normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, "", ""))


def endpoint_allowed(url: str) -> bool:
    """Exact match against ONOFFICE_ALLOWED_URLS: every call carries a fresh HMAC worth stealing.

    Any address of this server's sandbox counts as the current one (accounts.models.endpoint_resolve),
    and only while the sandbox is served."""
    if not url or urlsplit(url).query or urlsplit(url).fragment:
        return False
    if is_sandbox_url(url):
        if not settings.SANDBOX_ENABLED:
            return False
        url = endpoint_resolve(url)
    target = _normalise_url(url)
    return any(_normalise_url(allowed) == target for allowed in settings.ONOFFICE_ALLOWED_URLS)


def _answered_in_process(url: str) -> bool:
    """This server's sandbox, unless it runs as a service of its own (SANDBOX_IN_PROCESS=false)."""
    return bool(settings.SANDBOX_ENABLED and settings.SANDBOX_IN_PROCESS) and is_sandbox_url(url)


# This server's own sandbox is answered in the calling thread, never over HTTP to ourselves: one worker
# thread waiting for another to answer stalls the server once all of them do (issue 13). The transport
# treats the answer like any other (deadline, size cap, Date, parsing).
transport.route_in_process(_answered_in_process, InProcessAdapter(sandbox_inprocess.answer))


@dataclass
class CallOutcome:
    log: CallLog
    exchange: Exchange
    # The credential's values and this send's signatures in every encoding, to scrub texts shown later.
    secret_forms: list[str] = field(default_factory=list, repr=False)
    _body: bytes | None = field(default=None, init=False, repr=False)

    @property
    def response(self) -> ApiResponse | None:
        return self.exchange.response

    @property
    def body(self) -> bytes:
        """The answer scrubbed of the credential and this send's signatures: the only copy kept or shown
        (an upstream may echo the token or an HMAC; the raw bytes stay in `exchange.body`, unshown)."""
        if self._body is None:
            text = self.exchange.body.decode("utf-8", errors="replace")
            self._body = scrub(text, self.secret_forms).encode()
        return self._body

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
    workspace=None,
    credential=None,
    deadline=None,
    **transport_options,
) -> CallOutcome:
    """Sign, send and parse a batch of actions; write exactly one CallLog row for the send.

    The row is inserted as pending before the HTTP call and completed after it, each in its own short
    autocommit write, so no transaction is open while waiting for the API. `workspace` and `credential`
    only label the row (and mark the credential as used); the caller passes token and secret.
    `deadline` (onoffice.transport.Deadline) is the user action's time shared by all its calls; without
    it the send gets ONOFFICE_DEADLINE of its own. Once it has run out nothing is sent and no row written.
    """
    if deadline is not None and deadline.remaining() <= 0:
        raise ExplorerError(f"The {deadline.seconds:g} s this request may take ran out before this call; "
                            "nothing was sent.", extra={"deadline": True})
    url = endpoint_resolve(url)  # a sandbox address from another port or host: this server's sandbox now
    if not endpoint_allowed(url):
        raise EndpointRefusedError(
            f"The endpoint {url!r} is not on the allowlist (ONOFFICE_ALLOWED_URLS); nothing was sent.",
            extra={"url": url},
        )
    credential_forms = secret_forms([token, secret])
    logged_actions = nul_safe(json.loads(scrub(json.dumps([strip_signature_keys(a.as_dict()) for a in actions]),
                                               credential_forms)))
    _sweep_when_due()
    log = CallLog.objects.create(
        origin=origin,
        user=user,
        workspace=workspace,
        credential=credential,
        endpoint=url,
        hmac_version=hmac_version,
        actions=logged_actions,
        action_keys=action_keys(logged_actions),
        search_text=search_text(logged_actions),
    )
    limits = {
        "connect_timeout": settings.ONOFFICE_CONNECT_TIMEOUT,
        "read_timeout": settings.ONOFFICE_READ_TIMEOUT,
        "deadline": settings.ONOFFICE_DEADLINE if deadline is None else deadline,
    }
    exchange = send_actions(url, actions, token=token, secret=secret, hmac_version=hmac_version,
                            session=session, **(limits | transport_options))
    forms = sorted(credential_forms + secret_forms(exchange.signatures), key=len, reverse=True)
    _complete_log(log, exchange, forms)
    if credential is not None:
        Credential.objects.filter(pk=credential.pk).update(last_used_at=log.finished_at)
    return CallOutcome(log=log, exchange=exchange, secret_forms=forms)


# search_text only when an error adds to it: on SQLite every write of it re-indexes the row (0006_history_search).
COMPLETION_FIELDS = ["finished_at", "duration_ms", "response_bytes", "response_body", "clock_skew", "http_status",
                     "response_truncated", "errorcode", "action_errorcodes", "status", "error_text"]


def _complete_log(log: CallLog, exchange: Exchange, forms: list[str]) -> None:
    body = exchange.body
    text = body[:LOG_BODY_LIMIT].decode("utf-8", errors="replace")
    log.finished_at = timezone.now()
    log.duration_ms = round(exchange.duration * 1000, 2)
    log.response_bytes = len(body)
    log.response_body = nul_safe(scrub(text, forms))
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
            log.error_text = nul_safe(scrub(_api_error_text(response), forms))
    else:
        log.status = (CallLog.Status.FORMAT_ERROR if isinstance(error, ResponseFormatError)
                      else CallLog.Status.TRANSPORT_ERROR)
        log.error_text = nul_safe(scrub(str(error), forms))
    fields = COMPLETION_FIELDS
    if log.error_text:
        log.search_text = search_text(log.actions, log.error_text)
        fields = [*COMPLETION_FIELDS, "search_text"]
    log.save(update_fields=fields)
    rollup_record(log)
    logger.info("onoffice call %s origin=%s status=%s http=%s duration_ms=%s",
                log.pk, log.origin, log.status, log.http_status, log.duration_ms)


def _api_error_text(response: ApiResponse) -> str:
    parts = []
    if response.errorcode and response.errorcode != 97:
        parts.append(f"{response.errorcode}: {response.message}")
    parts.extend(f"action {i + 1}: {r.errorcode}: {r.message}" for i, r in enumerate(response.results) if not r.ok)
    return "; ".join(parts) or f"{response.errorcode}: {response.message}"


# A send's row stays pending while it waits at most the deadline; after that and a margin, nobody will
# complete it (a killed worker, a lost connection): the next send marks it, and the history says so.
INTERRUPTED_MARGIN_SECONDS = 30
INTERRUPTED_TEXT = ("The call was interrupted before its answer was recorded (the server stopped or lost it). "
                    "For a write, check in onOffice whether it arrived.")


# A pending row counts as interrupted only after the deadline and the margin, so looking once every few
# seconds (per process) is as good as before every send, and spares each send (each fetch-all page) a query.
SWEEP_EVERY_SECONDS = 10
_next_sweep = 0.0


def _sweep_when_due() -> None:
    global _next_sweep
    now = time.monotonic()
    if now >= _next_sweep:
        _next_sweep = now + SWEEP_EVERY_SECONDS
        call_log_sweep_interrupted()


def call_log_sweep_interrupted() -> int:
    """Complete the rows left pending past the call deadline as "interrupted"; returns how many."""
    cutoff = timezone.now() - timedelta(seconds=settings.ONOFFICE_DEADLINE + INTERRUPTED_MARGIN_SECONDS)
    swept = 0
    for log in CallLog.objects.filter(status=CallLog.Status.PENDING, started_at__lt=cutoff).defer("response_body"):
        # Conditional, so a completion that lands at the same moment wins and nothing is counted twice.
        if CallLog.objects.filter(pk=log.pk, status=CallLog.Status.PENDING).update(
                status=CallLog.Status.INTERRUPTED, finished_at=timezone.now(), error_text=INTERRUPTED_TEXT):
            log.status = CallLog.Status.INTERRUPTED
            rollup_record(log)
            swept += 1
    return swept


def call_log_prune(*, days: int, batch: int = 5000) -> int:
    """Delete call-log rows older than `days` days, in batches (short transactions); returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    CallRollup.objects.filter(day__lt=timezone.localdate(cutoff)).delete()  # the overview forgets them too
    removed = 0
    while True:
        ids = list(CallLog.objects.filter(started_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return removed
        removed += CallLog.objects.filter(pk__in=ids).delete()[0]


@sensitive_variables("token", "secret")
def credential_call(*, user, credential: Credential, actions: Sequence[Action], origin: str,
                    workspace=None, deadline=None) -> CallOutcome:
    """call_perform with a stored credential: decrypted here, used once, never handed back."""
    token, secret = credential_secrets(credential)
    return call_perform(actions=actions, token=token, secret=secret, url=credential.api_url, origin=origin,
                        hmac_version=credential.hmac_version, user=user, workspace=workspace, credential=credential,
                        deadline=deadline)


# A cheap read every API user may do; onOffice's own WordPress plugin probes availability with it.
CONNECTION_PROBE = Action(kind=ActionKind.READ, resourcetype="basicsettings", identifier="connection-test",
                          parameters={"data": {"basicData": {"characteristicsCi": ["claim"]}}})


def credential_test(*, user, credential: Credential, workspace=None) -> Credential:
    """One signed probe through call_perform; the verdict (OK or error code, message, skew) is stored."""
    errorcode, skew = None, None
    try:
        outcome = credential_call(user=user, credential=credential, actions=[CONNECTION_PROBE],
                                  origin=CallLog.Origin.TEST, workspace=workspace)
    except ExplorerError as exc:
        ok, message = False, exc.message
    else:
        skew = outcome.exchange.clock_skew
        ok = outcome.ok
        response = outcome.response
        if ok:
            message = "OK"
        elif response is not None:
            failed = next((r for r in response.results if not r.ok), response)
            errorcode = failed.errorcode
            message = explain(errorcode, failed.message).message
        else:
            message = outcome.log.error_text
        # An upstream may echo the token or the probe's HMAC (replayable for 120 s): never store them.
        message = scrub(message, outcome.secret_forms)
    fields = {"last_tested_at": timezone.now(), "last_test_ok": ok, "last_test_errorcode": errorcode,
              "last_test_message": message[:500], "last_test_skew": skew}
    for name, value in fields.items():
        setattr(credential, name, value)
    Credential.objects.filter(pk=credential.pk).update(**fields)
    return credential


# --- Answers kept for paging -------------------------------------------------------------------

RESULT_TTL = 60 * 60


def result_cache_key(log_id: int) -> str:
    # Only the log id: never a secret. "answer:" since answers are kept scrubbed; "result:" entries held raw ones.
    return f"answer:{log_id}"


def answer_keep(outcome: CallOutcome) -> None:
    """Keep the whole answer for an hour, so paging through a big result re-reads it instead of re-sending."""
    if outcome.response is not None:
        cache.set(result_cache_key(outcome.log.pk), outcome.body, RESULT_TTL)


def call_body(log: CallLog) -> bytes:
    """The whole (scrubbed) answer while it is kept, else the (capped, scrubbed) body kept in the log."""
    return cache.get(result_cache_key(log.pk)) or log.response_body.encode()
