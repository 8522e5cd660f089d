"""The sandbox answered in this process, without a socket: what the explorer uses to reach its own sandbox.

Reaching it over HTTP on the app's own address made every explorer call to the sandbox hold one worker
thread while waiting for another: with all threads sending, nobody was left to answer and the app stalled
(issue 13). `answer` runs the very handler of `/sandbox/api/{stable,latest}/api.php` in the calling
thread instead, so a send costs one thread, never two. Outside clients still use the HTTP endpoint.

Database: the handler uses the calling thread's connection, like any ORM code in that thread; the
explorer calls it in autocommit, never inside a transaction (calls.services.call_perform writes its log
row before and after, each on its own), and the sandbox's writes open their own short transactions. It
works unchanged under gunicorn's threads (connections are per thread).
"""

from __future__ import annotations

import time
from email.utils import formatdate
from urllib.parse import urlsplit

from django.conf import settings

from .protocol import request_error
from .views import _answer, answer as _handle, latency_seconds

API_PATH = "/sandbox/api/"


def answer(body: bytes, *, url: str, method: str = "POST", timeout: float | None = None) -> tuple[int, dict, bytes]:
    """The sandbox's answer to one raw request body sent to `url`: (HTTP status, headers, body).

    `timeout` is the time the caller still waits: SANDBOX_LATENCY_MS, then a slow-answer fault (faults.py),
    are slept up to it, and a delay longer than that raises TimeoutError after it, as a silent server
    would. Headers include `Date` (the explorer reads the clock skew from it) and `Content-Length`.
    """
    delay = latency_seconds()
    if delay:
        if timeout is not None and delay > timeout:
            time.sleep(max(0.0, timeout))
            raise TimeoutError(f"The sandbox did not answer within {timeout:g} s (SANDBOX_LATENCY_MS).")
        time.sleep(delay)
        timeout = None if timeout is None else timeout - delay
    parts = urlsplit(url)
    prefix = parts.path.split(API_PATH, 1)[0]
    base_url = f"{parts.scheme}://{parts.netloc}{prefix}"
    if len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:  # what Django refuses over HTTP
        response = _answer(request_error(14), status=413)
    else:
        response = _handle(method.upper(), bytes(body), base_url, timeout=timeout)
    content = response.content
    headers = {key: value for key, value in response.items()}
    headers["Date"] = formatdate(usegmt=True)
    headers["Content-Length"] = str(len(content))
    return response.status_code, headers, content
