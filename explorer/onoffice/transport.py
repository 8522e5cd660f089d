"""HTTP transport to an onOffice endpoint.

One requests.Session per thread (requests promises no thread safety); no proxies or .netrc from the
environment; no cookies (one user's server cookies must not reach another user's call); no redirects
(requests would resend the POST as a GET, to any host); connect/read timeouts plus an overall deadline
(the read timeout bounds the gap between bytes, not the total); the body streamed with a size cap; and
the clock skew read from the server's Date header (signed timestamps are valid for ±120 s only).

The deadline covers the whole exchange: a watchdog thread shuts the connection's socket down when it
passes, which ends a status line or headers dripped byte by byte as well as a dripped body (requests has
no total timeout; its read timeout restarts with every byte). One `Deadline` can be shared by every call
a user action makes, so three calls in a row still end within one budget.

In-process routes (`route_in_process`): an endpoint served by this very process (the explorer's own
sandbox) is answered by an `InProcessAdapter` on the sessions `thread_session` hands out, without a socket:
a worker thread waiting on an HTTP request that only another worker thread of the same server can answer
stalls the server once every thread does it. The adapter returns an ordinary requests.Response, so the
deadline, the size cap, the Date header and the parsing below apply unchanged; the deadline bounds the
handler through its timeout argument and is checked again before the body is read.
"""

from __future__ import annotations

import heapq
import http
import http.cookiejar
import itertools
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import requests
from requests.adapters import BaseAdapter, HTTPAdapter

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


class Deadline:
    """The time one user action may take, as an absolute end on the monotonic clock.

    Every signed call the action makes draws on it (a composer send: `fields`, `actionkindtypes`, the
    action itself), so the action as a whole ends in time, not each call on its own.
    """

    __slots__ = ("seconds", "started", "end")

    def __init__(self, seconds: float):
        self.seconds = float(seconds)
        self.started = time.monotonic()
        self.end = self.started + self.seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def __repr__(self) -> str:
        return f"Deadline({self.seconds:g} s, {self.remaining():.2f} s left)"


def as_deadline(deadline: float | Deadline) -> Deadline:
    return deadline if isinstance(deadline, Deadline) else Deadline(deadline)


class _Watch:
    """The guard of one exchange: the connection it uses, and whether the deadline shut it down."""

    __slots__ = ("conn", "fired", "done", "lock")

    def __init__(self):
        self.conn = None
        self.fired = False
        self.done = False
        self.lock = threading.Lock()

    def shut(self) -> bool:
        """Shut the socket down (a blocked connect, read or write returns at once); False: try again soon."""
        with self.lock:
            if self.done:
                return True
            self.fired = True
            sock = getattr(self.conn, "sock", None)
            if sock is None:  # no connection yet, or still connecting (bounded by the connect timeout)
                return False
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # mid TLS handshake the plain socket is detached: once wrapped, shut that
                return False
            return True

    def finish(self) -> None:
        # Under the lock: once this returns, the connection may go back to the pool and serve another call.
        with self.lock:
            self.done = True


class _Watchdog:
    """One thread per process that shuts down the connections of exchanges past their deadline."""

    RETRY = 0.05

    def __init__(self):
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Watch]] = []
        self._seq = itertools.count()
        self._pid = 0

    def add(self, watch: _Watch, when: float) -> None:
        with self._cond:
            if self._pid != os.getpid():  # first use, or a forked worker (threads do not survive a fork)
                self._pid = os.getpid()
                self._heap = []
                threading.Thread(target=self._run, name="onoffice-deadline-watchdog", daemon=True).start()
            heapq.heappush(self._heap, (when, next(self._seq), watch))
            self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                _, _, watch = heapq.heappop(self._heap)
                if not watch.shut():
                    heapq.heappush(self._heap, (time.monotonic() + self.RETRY, next(self._seq), watch))


_watchdog = _Watchdog()

_watched_pool_classes: dict[type, type] = {}


def _watched(pool_class: type) -> type:
    """The pool class, telling the exchange running on this thread which connection it got."""
    watched = _watched_pool_classes.get(pool_class)
    if watched is None:
        def _get_conn(self, *args, **kwargs):
            conn = pool_class._get_conn(self, *args, **kwargs)
            watch = getattr(_local, "watch", None)
            if watch is not None:
                watch.conn = conn
            return conn
        watched = _watched_pool_classes[pool_class] = type(f"Watched{pool_class.__name__}", (pool_class,),
                                                           {"_get_conn": _get_conn})
    return watched


class _WatchedAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections the deadline watchdog can shut down."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        manager = self.poolmanager
        manager.pool_classes_by_scheme = {scheme: _watched(cls) for scheme, cls in manager.pool_classes_by_scheme.items()}


_routes: list[tuple[Callable[[str], bool], BaseAdapter]] = []


def route_in_process(matches: Callable[[str], bool], adapter: BaseAdapter) -> None:
    """Answer every URL for which `matches(url)` holds with `adapter`, on the sessions thread_session gives.

    Asked on every request (so a changed setting takes effect at once); the first route that matches wins.
    Registering the same pair twice has no effect.
    """
    if not any(m is matches and a is adapter for m, a in _routes):
        _routes.append((matches, adapter))


class _RoutedSession(requests.Session):
    """A session that asks the in-process routes first, then mounts as usual."""

    def get_adapter(self, url):
        for matches, adapter in _routes:
            if matches(url):
                return adapter
        return super().get_adapter(url)


def new_session(*, in_process: bool = False) -> requests.Session:
    """A session for onOffice calls; with `in_process`, URLs of the in-process routes get no socket."""
    session = _RoutedSession() if in_process else requests.Session()
    session.trust_env = False
    session.cookies.set_policy(_RejectAllCookies())
    # Retries happen one level up, re-signed with fresh timestamps; never here.
    adapter = _WatchedAdapter(pool_connections=2, pool_maxsize=4, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
    return session


def thread_session() -> requests.Session:
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = new_session(in_process=True)
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


def _late(budget: Deadline, call_started: float) -> str:
    earlier = call_started - budget.started
    shared = f" (the time for the whole request; earlier calls used {earlier:.1f} s of it)" if earlier >= 0.1 else ""
    return f"The answer took longer than {budget.seconds:g} s{shared}."


def post(
    url: str,
    body: bytes,
    *,
    session: requests.Session | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    deadline: float | Deadline = DEADLINE,
    max_bytes: int = MAX_BODY_BYTES,
) -> HttpResult:
    """POST the body and return the whole (capped) answer, or raise TransportError.

    `deadline` bounds the whole exchange, connect and headers included: seconds from now, or a Deadline
    shared with other calls. Sessions not made by new_session() are bounded only between body chunks.
    """
    session = session or thread_session()
    budget = as_deadline(deadline)
    started = time.monotonic()
    remaining = budget.end - started
    if remaining <= 0:
        raise TransportError(f"No time was left of the {budget.seconds:g} s for this request; nothing was sent.",
                             kind="deadline", reached_server=False)
    wall_started = time.time()
    watch = _Watch()
    _watchdog.add(watch, budget.end)

    def expired() -> bool:
        # A timeout clipped to the time left ends at the deadline too: that is the deadline, not a stall.
        return watch.fired or budget.remaining() <= 0.05

    try:
        _local.watch = watch
        try:
            response = session.post(
                url,
                data=body,
                headers={"Content-Type": "application/json"},
                timeout=(min(connect_timeout, remaining), min(read_timeout, remaining)),
                allow_redirects=False,
                stream=True,
            )
        except requests.exceptions.ConnectTimeout:
            if expired():
                raise TransportError(_late(budget, started), kind="deadline", reached_server=False) from None
            raise TransportError(f"Could not connect within {connect_timeout:g} s.", kind="connect", reached_server=False) from None
        except requests.exceptions.ReadTimeout:
            if expired():
                raise TransportError(_late(budget, started), kind="deadline") from None
            raise TransportError(f"No answer within {read_timeout:g} s.", kind="timeout") from None
        except requests.exceptions.ConnectionError as exc:
            never_reached = _never_reached_server(exc)
            if expired():
                raise TransportError(_late(budget, started), kind="deadline", reached_server=not never_reached) from None
            if never_reached:
                raise TransportError("Could not connect to the API endpoint.", kind="connect", reached_server=False) from None
            raise TransportError("The connection broke before an answer arrived.", kind="incomplete") from None
        except requests.exceptions.RequestException as exc:
            if expired():
                raise TransportError(_late(budget, started), kind="deadline") from None
            raise TransportError(f"The request failed ({type(exc).__name__}).", kind="connect") from None
        finally:
            _local.watch = None

        with response:
            skew = clock_skew_from(response.headers.get("Date"), (wall_started + time.time()) / 2)
            chunks: list[bytes] = []
            received = 0
            try:
                while True:
                    if budget.remaining() <= 0:
                        raise TransportError(_late(budget, started), kind="deadline", http_status=response.status_code,
                                             body=b"".join(chunks), clock_skew=skew)
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
                if expired():
                    raise TransportError(_late(budget, started), kind="deadline", http_status=response.status_code,
                                         body=b"".join(chunks), clock_skew=skew) from None
                kind = "timeout" if "timed out" in str(exc).lower() else "incomplete"
                message = (f"The answer stalled for more than {read_timeout:g} s." if kind == "timeout"
                           else f"The answer ended early after {received} bytes (truncated body).")
                raise TransportError(message, kind=kind, http_status=response.status_code,
                                     body=b"".join(chunks), clock_skew=skew) from None
            finally:
                watch.finish()
            data = b"".join(chunks)
            if watch.fired:  # shut down mid-body: what looked like the end of the answer was the watchdog
                raise TransportError(_late(budget, started), kind="deadline", http_status=response.status_code,
                                     body=data, clock_skew=skew)
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
    finally:
        watch.finish()
