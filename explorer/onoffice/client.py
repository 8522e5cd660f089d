"""Sign, send and parse one batch of actions: the protocol half of a call, with re-signed retries."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import requests

from . import transport
from .actions import Action
from .errors import ResponseFormatError, TransportError
from .responses import ApiResponse, parse_response
from .signing import build_envelope, encode_envelope

CONNECT_RETRIES = 2
RETRY_BACKOFF = 0.2


@dataclass
class Exchange:
    """Everything one send produced; `response` is None when `error` is set."""

    http: transport.HttpResult | None = None
    response: ApiResponse | None = None
    error: TransportError | ResponseFormatError | None = None
    attempts: int = 0
    duration: float = 0.0
    signatures: tuple[str, ...] = ()

    @property
    def clock_skew(self) -> float | None:
        if self.http is not None:
            return self.http.clock_skew
        return getattr(self.error, "clock_skew", None)

    @property
    def body(self) -> bytes:
        if self.http is not None:
            return self.http.body
        return getattr(self.error, "body", b"") or b""


def send_actions(
    url: str,
    actions: Sequence[Action],
    *,
    token: str,
    secret: str,
    hmac_version: int = 2,
    session: requests.Session | None = None,
    clock: Callable[[], float] = time.time,
    deadline: float | transport.Deadline = transport.DEADLINE,
    **transport_options,
) -> Exchange:
    """Sign and send; retry only read/get batches whose connection never got through, re-signing each time.

    `deadline` (seconds, or a Deadline shared with the user action's other calls) bounds every attempt
    together: a retry only starts while time is left.
    """
    budget = transport.as_deadline(deadline)
    retry_allowed = all(not a.kind.is_write for a in actions)
    exchange = Exchange()
    started = time.monotonic()
    signatures: list[str] = []
    while True:
        exchange.attempts += 1
        envelope = build_envelope(actions, token=token, secret=secret, hmac_version=hmac_version, clock=clock)
        signatures.extend(a["hmac"] for a in envelope["request"]["actions"])
        try:
            exchange.http = transport.post(url, encode_envelope(envelope), session=session, deadline=budget,
                                           **transport_options)
        except TransportError as exc:
            backoff = RETRY_BACKOFF * exchange.attempts
            if (retry_allowed and not exc.reached_server and exc.kind != "deadline"
                    and exchange.attempts <= CONNECT_RETRIES and budget.remaining() > backoff):
                time.sleep(backoff)
                continue
            exchange.error = exc
            break
        if exchange.http.status >= 400 and not exchange.http.body.lstrip().startswith(b"{"):
            exchange.error = TransportError(
                f"HTTP {exchange.http.status} without an onOffice answer.",
                kind="http", http_status=exchange.http.status, body=exchange.http.body,
                clock_skew=exchange.http.clock_skew,
            )
            break
        try:
            exchange.response = parse_response(exchange.http.body, expected_results=len(actions))
        except ResponseFormatError as exc:
            exchange.error = exc
        break
    exchange.duration = time.monotonic() - started
    exchange.signatures = tuple(signatures)
    return exchange
