"""HTTP transport to an onOffice endpoint.

One requests.Session per thread (requests promises no thread safety); no proxies or .netrc from the
environment; no cookies (one user's server cookies must not reach another user's call); no redirects
(requests would resend the POST as a GET, to any host); connect/read timeouts plus an overall deadline
(the read timeout bounds the gap between bytes, not the total); the body streamed with a size cap; and
the clock skew read from the server's Date header (signed timestamps are valid for ±120 s only).
"""

from __future__ import annotations

import http.cookiejar
import socket
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import requests
from requests.adapters import HTTPAdapter

from .errors import TransportError

CONNECT_TIMEOUT = 3.05
READ_TIMEOUT = 20.0
DEADLINE = 25.0
MAX_BODY_BYTES = 10 * 1024 * 1024
_CHUNK = 64 * 1024
USER_AGENT = "onoffice-api-explorer/1.0"


class _RejectAllCookies(http.cookiejar.DefaultCookiePolicy):
    # A per-thread session is shared by every user served by that thread: never carry cookies over.
    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False


_local = threading.local()


def new_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.cookies.set_policy(_RejectAllCookies())
    # Retries happen one level up, re-signed with fresh timestamps; never here.
    adapter = HTTPAdapter(pool_connections=2, pool_maxsize=4, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return session


def thread_session() -> requests.Session:
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = new_session()
    return session


@dataclass(frozen=True)
class HttpResult:
    status: int
    body: bytes
    duration: float
    clock_skew: float | None


# onOffice accepts timestamps within ±120 s; a skew from 30 s deserves a look, from 90 s it is about to fail.
SKEW_WARN_SECONDS = 30
SKEW_BAD_SECONDS = 90


def clock_skew_from(date_header: str | None, local_midpoint: float) -> float | None:
    """Seconds the server's clock is ahead of ours (negative: behind); None without a usable Date."""
    if not date_header:
        return None
    try:
        server = parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # Date has 1 s resolution and is truncated: compare with the middle of that second.
    return round(server + 0.5 - local_midpoint, 1)


def _never_reached_server(exc: BaseException) -> bool:
    """True when the connection was never established, so the request provably did not arrive."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, (ConnectionRefusedError, socket.gaierror)):
            return True
        stack.extend([e.__cause__, e.__context__, getattr(e, "reason", None)])
        stack.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
    return False


def post(
    url: str,
    body: bytes,
    *,
    session: requests.Session | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BODY_BYTES,
) -> HttpResult:
    """POST the body and return the whole (capped) answer, or raise TransportError."""
    session = session or thread_session()
    started = time.monotonic()
    wall_started = time.time()
    try:
        response = session.post(
            url,
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=(connect_timeout, read_timeout),
            allow_redirects=False,
            stream=True,
        )
    except requests.exceptions.ConnectTimeout:
        raise TransportError(f"Could not connect within {connect_timeout:g} s.", kind="connect", reached_server=False) from None
    except requests.exceptions.ReadTimeout:
        raise TransportError(f"No answer within {read_timeout:g} s.", kind="timeout") from None
    except requests.exceptions.ConnectionError as exc:
        if _never_reached_server(exc):
            raise TransportError("Could not connect to the API endpoint.", kind="connect", reached_server=False) from None
        raise TransportError("The connection broke before an answer arrived.", kind="incomplete") from None
    except requests.exceptions.RequestException as exc:
        raise TransportError(f"The request failed ({type(exc).__name__}).", kind="connect") from None

    with response:
        skew = clock_skew_from(response.headers.get("Date"), (wall_started + time.time()) / 2)
        chunks: list[bytes] = []
        received = 0
        try:
            while True:
                if time.monotonic() - started > deadline:
                    raise TransportError(f"The answer took longer than {deadline:g} s.", kind="deadline", clock_skew=skew)
                chunk = response.raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                received += len(chunk)
                if received > max_bytes:
                    chunks.append(chunk[: len(chunk) - (received - max_bytes)])  # keep exactly the first max_bytes
                    raise TransportError(
                        f"The answer is larger than {max_bytes // (1024 * 1024)} MiB; reading stopped.",
                        kind="too_large", http_status=response.status_code, body=b"".join(chunks), clock_skew=skew,
                    )
                chunks.append(chunk)
        # read1 raises urllib3's own errors (IncompleteRead, ReadTimeoutError, DecodeError); requests
        # exposes their base class as BaseHTTPError, which keeps this package free of a urllib3 import.
        except (requests.exceptions.BaseHTTPError, requests.exceptions.RequestException, OSError) as exc:
            kind = "timeout" if "timed out" in str(exc).lower() else "incomplete"
            message = (f"The answer stalled for more than {read_timeout:g} s." if kind == "timeout"
                       else f"The answer ended early after {received} bytes (truncated body).")
            raise TransportError(message, kind=kind, http_status=response.status_code,
                                 body=b"".join(chunks), clock_skew=skew) from None
        data = b"".join(chunks)
        status = response.status_code
        if 300 <= status < 400:
            location = response.headers.get("Location", "")
            raise TransportError(f"HTTP {status} redirect to {location!r} was not followed.",
                                 kind="redirect", http_status=status, body=data, clock_skew=skew)
        return HttpResult(
            status=status,
            body=data,
            duration=time.monotonic() - started,
            clock_skew=skew,
        )
