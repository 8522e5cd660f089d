"""A threaded local stand-in for the onOffice API, for tests and benchmarks (127.0.0.1 only).

It verifies each action's HMAC (v2, or v1 when hmac_version is absent) and timestamp, answers with a
documented envelope, and can misbehave on demand (`mode`) to exercise the transport's failure paths.
"""

from __future__ import annotations

import functools
import json
import threading
import time
import zlib
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from explorer.onoffice.signing import sign_v1, sign_v2

TOKEN = "0123456789abcdef0123456789abcdef"
SECRET = "fedcba9876543210" * 4


@functools.cache
def _gzip_of_zeros(size: int = 200 * 1024 * 1024) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header, as Content-Encoding: gzip says
    block = bytes(1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(size // len(block))) + compressor.flush()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes; avoid delayed-ACK stalls

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):
        stub: StubUpstream = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        with stub.lock:
            stub.requests.append({"body": raw, "headers": dict(self.headers), "received_at": time.time()})
        handler = getattr(self, f"_mode_{stub.mode}")
        try:
            handler(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, body: bytes, content_type="application/json", extra_headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra_headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def date_header(self, offset: float = 0.0):
        self.send_header("Date", formatdate(time.time() + offset, usegmt=True))

    def send_response(self, code, message=None):
        # BaseHTTPRequestHandler writes its own Date; we send ours so the skew can be steered.
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Server", "stub")
        self.date_header(self.server.stub.clock_offset)
        for name, value in self.server.stub.extra_headers.items():
            self.send_header(name, value)

    def _mode_verify(self, raw: bytes):
        self._send(200, json.dumps(self.server.stub.answer(raw)).encode())

    def _mode_fixed(self, raw: bytes):
        self._send(200, self.server.stub.fixed_body)

    def _mode_html500(self, raw):
        self._send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html")

    def _mode_truncated(self, raw):
        body = json.dumps(self.server.stub.answer(raw)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) + 5000))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True

    def _mode_huge(self, raw):
        size = 60 * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b'{"pad":"' + b"x" * (1024 * 1024 - 10) + b'"}'
        for _ in range(60):
            self.wfile.write(block[: 1024 * 1024])
        self.close_connection = True

    def _mode_gzipbomb(self, raw):
        """200 MiB of NUL bytes, sent gzip-compressed (about 200 KiB on the wire)."""
        self._send(200, _gzip_of_zeros(), extra_headers={"Content-Encoding": "gzip"})

    def _mode_slow(self, raw):
        time.sleep(self.server.stub.delay)
        self._mode_verify(raw)

    def _mode_drip(self, raw):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.1)

    def _mode_drip_headers(self, raw):
        """The status line and headers one byte at a time: no read ever times out, the headers never end."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: " + b"p" * 100_000
        for i in range(len(head)):
            self.wfile.write(head[i:i + 1])
            self.wfile.flush()
            time.sleep(self.server.stub.drip_interval)

    def _mode_echo(self, raw):
        """An answer (unverified) that sends the token and each action's HMAC back, in a record and, for an
        action asking for it (parameters {"fail": true}) or the connection probe, in an error message."""
        doc = json.loads(raw)
        token = doc.get("token")
        results = []
        for action in doc["request"]["actions"]:
            echo = {k: action.get(k) for k in ("actionid", "resourceid", "resourcetype", "identifier")}
            hmac = action.get("hmac")
            parameters = action.get("parameters") or {}
            if parameters.get("fail") or action.get("resourcetype") == "basicsettings":
                results.append(echo | {"cacheable": False, "data": [], "status": {
                    "errorcode": 137, "message": f"The HMAC {hmac} is invalid for token {token}."}})
                continue
            record = {"id": 1, "type": action["resourcetype"],
                      "elements": {"Id": "1", "token": token, "hmac": hmac, "note": f"sent by {token} with {hmac}"}}
            results.append(echo | {"cacheable": True, "data": {"meta": {"cntabsolute": 1}, "records": [record]},
                                   "status": {"errorcode": 0, "message": f"OK {token}"}})
        failed = any(r["status"]["errorcode"] for r in results)
        body = {"status": {"code": 200, "errorcode": 97 if failed else 0,
                           "message": f"Error in action (token {token})" if failed else "OK"},
                "response": {"results": results}}
        self._send(200, json.dumps(body).encode())

    def _mode_redirect(self, raw):
        self._send(302, b"", extra_headers={"Location": "http://127.0.0.1:9/elsewhere"})


class StubUpstream:
    def __init__(self, token: str = TOKEN, secret: str = SECRET):
        self.token = token
        self.secret = secret
        self.mode = "verify"
        self.delay = 3.0
        self.drip_interval = 0.2  # mode "drip_headers": seconds between bytes
        self.clock_offset = 0.0
        self.extra_headers: dict[str, str] = {}
        self.fixed_body = b""  # mode "fixed": this answer to every request, whatever was asked
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.stub = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/stable/api.php"

    def start(self) -> StubUpstream:
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def check_action(self, token: str, action: dict) -> tuple[int, str]:
        if token != self.token:
            return 22, "Not authenticated"
        now = time.time() + self.clock_offset
        if abs(now - int(action.get("timestamp") or 0)) > 120:
            return 136, "Your timestamp is too old or your server time is wrong."
        if str(action.get("hmac_version", "")) == "2":
            expected = sign_v2(token=token, secret=self.secret, timestamp=int(action["timestamp"]),
                               resourcetype=action["resourcetype"], actionid=action["actionid"])
        else:
            expected = sign_v1(token=token, secret=self.secret, timestamp=int(action["timestamp"]),
                               resourcetype=action["resourcetype"], actionid=action["actionid"],
                               identifier=action.get("identifier") or "", resourceid=action.get("resourceid", ""),
                               parameters=action.get("parameters") or {})
        if action.get("hmac") != expected:
            return 137, "The HMAC is invalid."
        return 0, "OK"

    def answer(self, raw: bytes) -> dict:
        doc = json.loads(raw)
        results = []
        for action in doc["request"]["actions"]:
            code, message = self.check_action(doc.get("token"), action)
            echo = {k: action.get(k) for k in ("actionid", "resourceid", "resourcetype", "identifier")}
            if code:
                results.append(echo | {"cacheable": False, "data": [], "status": {"errorcode": code, "message": message}})
            else:
                record = {"id": 1, "type": action["resourcetype"], "elements": {"Id": "1", "echo": action.get("parameters")}}
                results.append(echo | {"cacheable": action["actionid"].endswith((":read", ":get")),
                                       "data": {"meta": {"cntabsolute": 1}, "records": [record]},
                                       "status": {"errorcode": 0, "message": "OK"}})
        failed = any(r["status"]["errorcode"] for r in results)
        return {"status": {"code": 200, "errorcode": 97 if failed else 0, "message": "Error in action" if failed else "OK"},
                "response": {"results": results}}

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
