"""core/gunicorn_worker.answer_health: the probe's answer without Django's request cycle, over a socket pair."""

import json
import socket

import django.db
import pytest

from core import gunicorn_worker
from explorer import health


def ask(request: bytes) -> tuple[bool, bytes]:
    server, client = socket.socketpair()
    with server, client:
        client.sendall(request)
        keep = gunicorn_worker.answer_health(server)
        server.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    return keep, answer


@pytest.fixture
def database(monkeypatch):
    """The check's outcome, set by the test; closing old connections is recorded (no database here)."""
    closed = []
    monkeypatch.setattr(django.db, "close_old_connections", lambda: closed.append(1))

    def set_status(status, document):
        monkeypatch.setattr(health, "database_status", lambda: (status, document))
    set_status.closed = closed
    return set_status


def test_a_healthy_database_gets_200_with_the_views_json_and_the_connection_closed(database):
    database(200, {"status": "ok", "database": "ok"})
    keep, answer = ask(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    head, body = answer.split(b"\r\n\r\n", 1)
    assert keep is False and head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert json.loads(body) == {"status": "ok", "database": "ok"}
    assert b"Content-Length: %d" % len(body) in head and b"Connection: close" in head
    assert b"Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private" in head
    assert len(database.closed) == 2  # before and after the check, as Django around a request


def test_a_failing_database_gets_503_naming_the_error(database):
    database(503, {"status": "error", "database": "OperationalError"})
    _, answer = ask(b"GET /healthz?full=1 HTTP/1.1\r\nHost: x\r\n\r\n")
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 503 Service Unavailable") and json.loads(body)["database"] == "OperationalError"


def test_head_gets_the_headers_only(database):
    database(200, {"status": "ok", "database": "ok"})
    _, answer = ask(b"HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200 OK") and body == b""


def test_a_client_that_leaves_before_its_request_ends_gets_nothing(database):
    database(200, {"status": "ok", "database": "ok"})
    server, client = socket.socketpair()
    with server, client:
        client.sendall(b"GET /healthz HTTP/1.1\r\n")  # the head never ends
        client.shutdown(socket.SHUT_WR)
        assert gunicorn_worker.answer_health(server) is False
        server.shutdown(socket.SHUT_WR)
        assert client.recv(100) == b""


def test_the_real_check_fails_without_a_database_and_says_which_error():
    status, document = health.database_status()  # no database access in this test: the check fails
    assert status == 503 and document["status"] == "error" and document["database"]
