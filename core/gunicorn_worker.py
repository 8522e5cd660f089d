"""A gunicorn gthread worker that answers `/healthz` on a thread of its own.

gunicorn's gthread worker hands every connection to one thread pool, first come first served: while more
requests than threads are in flight (say 200 composer sends on 2 × 8 threads), a load balancer's probe
waits behind all of them and the instance is taken for dead. This worker looks at the first bytes of a
new request without consuming them (MSG_PEEK) and gives `GET /healthz` and `HEAD /healthz` a separate
small pool, which answers them itself (`answer_health`: explorer.health's database check, a fixed JSON
answer, the connection closed), without Django's middleware and URL resolver: on 2 cores shared with busy
request threads, every bit of Python a probe runs is time spent waiting for the interpreter lock.
Everything else goes the usual way. It relies on gunicorn's ThreadWorker internals (accept,
pending connections), hence the exact gunicorn pin in requirements.txt. Used by core/gunicorn.conf.py;
tests/integration/test_parallel_sends.py measures it.
"""

from __future__ import annotations

import errno
import json
import selectors
import socket
import time
from concurrent import futures
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

HEALTH_THREADS = 2
FIRST_BYTES_SECONDS = 2  # gunicorn's default keep-alive
HEALTH_PREFIXES = (b"GET /healthz ", b"GET /healthz?", b"HEAD /healthz ", b"HEAD /healthz?")
_PEEK = max(len(prefix) for prefix in HEALTH_PREFIXES)


def _peek(sock: socket.socket) -> bytes | None:
    """The first bytes waiting on the socket, left in place; None when nothing has arrived yet."""
    try:
        return sock.recv(_PEEK, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return b""  # reset or closed: the usual path reports it


def asks_health(first_bytes: bytes | None) -> bool:
    return bool(first_bytes) and first_bytes.startswith(HEALTH_PREFIXES)


class HealthFirstWorker(ThreadWorker):
    def init_process(self):
        self.health_pool = futures.ThreadPoolExecutor(max_workers=HEALTH_THREADS, thread_name_prefix="healthz")
        super().init_process()

    def accept(self, listener):
        # A new connection whose request has not arrived yet waits on the poller (as gunicorn already does
        # for slow clients), so that its first bytes can be read before a pool is chosen.
        try:
            client_sock, client_addr = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        if not self.cfg.is_ssl and _peek(client_sock) is None:
            # gunicorn's keep-alive is the time allowed for the first bytes too; with keep-alive off (0)
            # a new connection still gets FIRST_BYTES_SECONDS, not none.
            conn.timeout = time.monotonic() + (self.cfg.keepalive if self.cfg.keepalive > 0 else FIRST_BYTES_SECONDS)
            self.pending_conns.append(conn)
            self.poller.register(client_sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))
            return
        client_sock.setblocking(True)
        self.enqueue_req(conn)

    def enqueue_req(self, conn):
        if self.cfg.is_ssl or not asks_health(_peek(conn.sock)):
            return super().enqueue_req(conn)
        future = self.health_pool.submit(answer_health, conn.sock)
        future.add_done_callback(lambda done: self.method_queue.defer(self.finish_request, conn, done))

    def handle_quit(self, sig, frame):
        self.health_pool.shutdown(wait=False)
        super().handle_quit(sig, frame)


HEAD_LIMIT = 8192  # a probe's request head; more is not a probe
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"  # what Django's never_cache sends


def answer_health(sock: socket.socket) -> bool:
    """Read the probe's request head, check the database, answer and have the connection closed (False).
    Around the check, what Django does around every request: connections too old or unusable are closed."""
    from django.db import close_old_connections

    from explorer.health import database_status

    sock.settimeout(5)
    head = b""
    try:
        while b"\r\n\r\n" not in head and len(head) < HEAD_LIMIT:
            chunk = sock.recv(4096)
            if not chunk:
                return False
            head += chunk
    except OSError:
        return False
    close_old_connections()
    try:
        status, document = database_status()
    finally:
        close_old_connections()
    body = json.dumps(document).encode()
    reason = "OK" if status == 200 else "Service Unavailable"
    lines = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json", f"Content-Length: {len(body)}",
             f"Cache-Control: {NEVER_CACHE}", "X-Content-Type-Options: nosniff", "Connection: close", "", ""]
    try:
        sock.sendall("\r\n".join(lines).encode() + (b"" if head.startswith(b"HEAD ") else body))
    except OSError:
        pass  # the prober left
    return False
