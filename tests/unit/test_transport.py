"""Transport and client against a threaded stub on 127.0.0.1 (loopback only: no test reaches the network)."""

import socket
import time

import pytest

from explorer.onoffice import transport
from explorer.onoffice.actions import Action, ActionKind
from explorer.onoffice.client import send_actions
from explorer.onoffice.errors import ResponseFormatError, TransportError
from tests.stub_upstream import SECRET, TOKEN, StubUpstream

READ_ESTATES = Action(kind=ActionKind.READ, resourcetype="estate", parameters={"data": ["Id"]})


@pytest.fixture
def stub():
    with StubUpstream() as upstream:
        yield upstream


def send(stub, actions=(READ_ESTATES,), **options):
    return send_actions(stub.url, list(actions), token=TOKEN, secret=SECRET, **options)


@pytest.mark.parametrize("hmac_version", [1, 2])
def test_signed_batch_verifies_and_parses(stub, hmac_version):
    awkward = Action(kind=ActionKind.GET, resourcetype="search", resourceid="estate",
                     parameters={"input": "Köln/Süd Straße", "data": ["a/b"]})
    exchange = send(stub, [READ_ESTATES, awkward], hmac_version=hmac_version)
    assert exchange.error is None
    assert exchange.response.ok, exchange.response.action_errorcodes
    assert [r.resourcetype for r in exchange.response.results] == ["estate", "search"]
    assert abs(exchange.clock_skew) < 2


def test_clock_skew_is_read_from_the_date_header(stub):
    stub.clock_offset = 100
    exchange = send(stub)
    assert 98 <= exchange.clock_skew <= 102


def test_html_error_page_is_a_transport_error(stub):
    stub.mode = "html500"
    exchange = send(stub)
    assert isinstance(exchange.error, TransportError)
    assert exchange.error.kind == "http" and exchange.error.http_status == 500
    assert exchange.body.startswith(b"<html>")


def test_truncated_body_is_reported_with_the_bytes_received(stub):
    stub.mode = "truncated"
    exchange = send(stub)
    assert exchange.error.kind == "incomplete"
    assert 0 < len(exchange.body) < 5000


def test_huge_body_stops_at_the_cap(stub):
    stub.mode = "huge"
    started = time.monotonic()
    exchange = send(stub, max_bytes=2 * 1024 * 1024)
    assert exchange.error.kind == "too_large"
    assert len(exchange.body) == 2 * 1024 * 1024
    assert time.monotonic() - started < 10


def test_silent_server_trips_the_read_timeout(stub):
    stub.mode = "slow"
    stub.delay = 2
    exchange = send(stub, read_timeout=0.3)
    assert exchange.error.kind == "timeout"
    assert exchange.attempts == 1, "a request that reached the server is never re-sent"


def test_dripping_server_trips_the_overall_deadline(stub):
    stub.mode = "drip"
    started = time.monotonic()
    exchange = send(stub, read_timeout=0.5, deadline=0.6)
    assert exchange.error.kind == "deadline"
    assert time.monotonic() - started < 3


def test_redirects_are_not_followed(stub):
    stub.mode = "redirect"
    exchange = send(stub)
    assert exchange.error.kind == "redirect" and "elsewhere" in str(exchange.error)
    assert len(stub.requests) == 1


def _closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api.php"


def test_reads_are_retried_re_signed_when_the_connection_never_opened(monkeypatch):
    monkeypatch.setattr("explorer.onoffice.client.RETRY_BACKOFF", 0)
    ticks = iter(range(1700000000, 1700000100))
    exchange = send_actions(_closed_port_url(), [READ_ESTATES], token=TOKEN, secret=SECRET, clock=lambda: next(ticks))
    assert exchange.error.kind == "connect" and not exchange.error.reached_server
    assert exchange.attempts == 3
    assert len(set(exchange.signatures)) == 3, "each attempt is signed with its own timestamp"


def test_writes_are_never_retried(monkeypatch):
    monkeypatch.setattr("explorer.onoffice.client.RETRY_BACKOFF", 0)
    create = Action(kind=ActionKind.CREATE, resourcetype="estate", parameters={"data": {"objekttitel": "x"}})
    exchange = send_actions(_closed_port_url(), [create], token=TOKEN, secret=SECRET)
    assert exchange.attempts == 1


def test_sessions_refuse_cookies(stub):
    stub.extra_headers = {"Set-Cookie": "sid=abc; Path=/"}
    session = transport.new_session()
    send(stub, session=session)
    send(stub, session=session)
    assert all("Cookie" not in r["headers"] for r in stub.requests)


def test_session_ignores_proxy_environment(monkeypatch, stub):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")
    exchange = send(stub, session=transport.new_session())
    assert exchange.error is None


def test_each_thread_gets_its_own_session():
    import threading

    sessions = []
    t = threading.Thread(target=lambda: sessions.append(transport.thread_session()))
    t.start()
    t.join()
    assert sessions[0] is not transport.thread_session()
    assert transport.thread_session() is transport.thread_session()


def test_wrong_secret_gives_137_per_action(stub):
    exchange = send_actions(stub.url, [READ_ESTATES], token=TOKEN, secret="x" * 64)
    assert exchange.response.errorcode == 97
    assert exchange.response.action_errorcodes == [137]


def test_non_envelope_json_is_a_format_error(stub, monkeypatch):
    monkeypatch.setattr(stub, "answer", lambda raw: {"hello": "world"})
    exchange = send(stub)
    assert isinstance(exchange.error, ResponseFormatError)


def test_headers_dripped_byte_by_byte_end_at_the_deadline(stub):
    # Each byte comes well within the read timeout: only a guard on the whole exchange can stop it.
    stub.mode = "drip_headers"
    started = time.monotonic()
    exchange = send(stub, read_timeout=1.0, deadline=2.0)
    elapsed = time.monotonic() - started
    assert exchange.error.kind == "deadline", exchange.error
    assert "took longer than 2 s" in str(exchange.error)
    assert elapsed < 3.0, elapsed
    assert exchange.attempts == 1


def test_one_deadline_bounds_several_calls(stub):
    stub.mode = "drip_headers"
    deadline = transport.Deadline(2.0)
    started = time.monotonic()
    first = send(stub, read_timeout=1.0, deadline=deadline)
    second = send(stub, read_timeout=1.0, deadline=deadline)
    assert time.monotonic() - started < 3.0
    assert first.error.kind == "deadline" and second.error.kind == "deadline"
    assert not second.error.reached_server and "nothing was sent" in str(second.error)
    assert len(stub.requests) == 1, "a call with no time left is not sent"


def test_a_shared_deadline_names_the_time_earlier_calls_used(stub):
    stub.mode = "drip_headers"
    deadline = transport.Deadline(1.5)
    time.sleep(0.5)
    exchange = send(stub, read_timeout=1.0, deadline=deadline)
    assert exchange.error.kind == "deadline"
    assert "earlier calls used 0.5 s" in str(exchange.error)


def test_connections_are_reused_after_a_call_within_its_deadline(stub):
    session = transport.new_session()
    for _ in range(3):
        assert send(stub, session=session, deadline=transport.Deadline(5)).error is None
    time.sleep(0.3)  # the watchdog has passed none of these deadlines: nothing was shut down
    assert send(stub, session=session).error is None


def test_the_watchdog_never_shuts_a_finished_exchange(stub):
    # Deadlines that pass right after their calls finished must not touch the pooled connection.
    session = transport.new_session()
    for _ in range(5):
        assert send(stub, session=session, deadline=0.3).error is None
    time.sleep(0.5)
    exchange = send(stub, session=session)
    assert exchange.error is None and exchange.attempts == 1


def test_connect_retries_stop_when_the_deadline_is_spent(monkeypatch):
    monkeypatch.setattr("explorer.onoffice.client.RETRY_BACKOFF", 0.4)
    started = time.monotonic()
    exchange = send_actions(_closed_port_url(), [READ_ESTATES], token=TOKEN, secret=SECRET, deadline=0.5)
    assert exchange.error.kind == "connect"
    assert exchange.attempts == 2, "the third attempt would have started after the deadline"
    assert time.monotonic() - started < 1.0
