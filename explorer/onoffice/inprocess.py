"""A `requests` transport adapter that answers in this process, without a socket: for the explorer's own
sandbox, so a call to it never waits for a free worker thread of the same server (explorer/onoffice/
transport.py routes matching URLs here; the answer goes through the same deadline, cap and parsing)."""

from __future__ import annotations

import http
import io
from collections.abc import Callable

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers


class _InProcessBody:
    """The raw body of an in-process answer, read as transport.post reads urllib3's (read1, stream, read)."""

    def __init__(self, body: bytes):
        self._buffer = io.BytesIO(body)
        self.closed = False

    def read1(self, amt: int = -1, decode_content: bool = True) -> bytes:
        return self._buffer.read1(amt)

    def read(self, amt: int | None = None, decode_content: bool = True, **_) -> bytes:
        return self._buffer.read(-1 if amt is None else amt)

    def stream(self, amt: int = 64 * 1024, decode_content: bool = True):
        while chunk := self._buffer.read(amt):
            yield chunk

    def release_conn(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True
        self._buffer.close()


# handler(body, *, url, method, timeout) -> (status, headers, body); TimeoutError when it gives up waiting.
InProcessHandler = Callable[..., tuple[int, dict, bytes]]


class InProcessAdapter(BaseAdapter):
    """A requests adapter that hands the exact request body to a handler in this process (no socket)."""

    def __init__(self, handler: InProcessHandler):
        super().__init__()
        self.handler = handler

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, (bytes, bytearray)):  # a file or generator body: read it whole
            body = b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in body)
        try:
            status, headers, content = self.handler(bytes(body), url=request.url, method=request.method,
                                                    timeout=read_timeout)
        except TimeoutError as exc:
            raise requests.exceptions.ReadTimeout(str(exc), request=request) from None
        response = requests.Response()
        response.status_code = status
        response.headers = CaseInsensitiveDict(headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = _InProcessBody(content)
        try:
            response.reason = http.HTTPStatus(status).phrase
        except ValueError:
            response.reason = ""
        response.url = request.url
        response.request = request
        response.connection = self
        return response

    def close(self) -> None:
        pass
