"""The explorer answers its own sandbox in process (issue 13): no socket, the transport's deadline, size cap,
Date header and parsing as for a real call, a sandbox credential that survives a port change, and
SANDBOX_LATENCY_MS."""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings

from explorer.accounts import services as account_services
from explorer.accounts.models import endpoint_kind, endpoint_resolve, sandbox_endpoint
from explorer.calls import services as call_services
from explorer.calls.models import CallLog
from explorer.onoffice.actions import Action, ActionKind
from explorer.onoffice.transport import Deadline
from explorer.sandbox.users import api_users

READ_WRITE = next(u for u in api_users() if u.rights == "read-write")


@pytest.fixture
def no_sockets(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    def refuse(self, *args, **kwargs):
        raise AssertionError(f"a socket was opened: {args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def perform(url=None, actions=None, **options):
    return call_services.call_perform(actions=actions or [call_services.CONNECTION_PROBE], token=READ_WRITE.token,
                                      secret=READ_WRITE.secret, url=url or sandbox_endpoint(), origin="ui", **options)


@pytest.mark.django_db
@pytest.mark.parametrize("hmac_version", [1, 2])
def test_a_sandbox_call_opens_no_socket_and_is_parsed_as_a_real_one(no_sockets, hmac_version):
    outcome = perform(hmac_version=hmac_version,
                      actions=[Action(ActionKind.READ, "estate", parameters={"data": ["Id"], "listlimit": 1.0,
                                                                              "10": 1, "9": 2}),
                               call_services.CONNECTION_PROBE])
    assert outcome.exchange.http.status == 200
    assert outcome.response is not None and len(outcome.response.results) == 2
    # The estate read fails on the unknown parameters only if the HMAC passed: never 137.
    assert 137 not in outcome.response.action_errorcodes
    assert outcome.response.results[1].ok
    assert outcome.exchange.clock_skew is not None and abs(outcome.exchange.clock_skew) <= 1.5  # Date header
    assert outcome.log.status in (CallLog.Status.OK, CallLog.Status.API_ERROR) and outcome.log.http_status == 200


@pytest.mark.django_db
def test_v1_floats_negative_zero_and_numeric_keys_pass_the_sandboxs_check(no_sockets):
    action = Action(ActionKind.READ, "estate", parameters={"data": ["Id"], "listlimit": 2.0, "listoffset": -0.0,
                                                           "10": {"a": 1e20}, "9": 0.5})
    outcome = perform(hmac_version=1, actions=[action])
    assert outcome.response.results[0].errorcode != 137


@pytest.mark.django_db
def test_the_size_cap_applies_in_process(no_sockets):
    outcome = perform(max_bytes=50)
    assert outcome.exchange.error.kind == "too_large" and outcome.log.status == CallLog.Status.TRANSPORT_ERROR


@pytest.mark.django_db
def test_the_deadline_ends_a_slow_sandbox(no_sockets, settings):
    settings.SANDBOX_LATENCY_MS = 3000
    outcome = perform(deadline=Deadline(0.3))
    assert outcome.exchange.error.kind == "deadline"
    assert outcome.exchange.duration < 1.5


@pytest.mark.django_db
def test_latency_is_added_per_call(no_sockets, settings):
    settings.SANDBOX_LATENCY_MS = 200
    outcome = perform()
    assert outcome.ok and outcome.exchange.duration >= 0.2


@pytest.mark.django_db
def test_a_demo_credential_saved_under_port_8000_works_on_8001(no_sockets, settings, make_user):
    old = "http://127.0.0.1:8000/sandbox/api/stable/api.php"
    settings.SANDBOX_BASE_URL = "http://127.0.0.1:8001"
    settings.ONOFFICE_ALLOWED_URLS = [settings.ONOFFICE_STABLE_URL, settings.ONOFFICE_LATEST_URL,
                                      "http://127.0.0.1:8001/sandbox/api/stable/api.php",
                                      "http://127.0.0.1:8001/sandbox/api/latest/api.php"]
    user = make_user("porty")
    credential = account_services.credential_create(user=user, label="Sandbox (old port)", token=READ_WRITE.token,
                                                    secret=READ_WRITE.secret, api_url=old, hmac_version=2,
                                                    read_only=False)
    assert credential.endpoint_kind == "sandbox"  # badge SANDBOX, not STABLE
    assert call_services.endpoint_allowed(old)
    assert endpoint_resolve(old) == "http://127.0.0.1:8001/sandbox/api/stable/api.php"
    tested = call_services.credential_test(user=user, credential=credential)
    assert tested.last_test_ok, tested.last_test_message
    assert CallLog.objects.get(credential=credential).endpoint == "http://127.0.0.1:8001/sandbox/api/stable/api.php"


@pytest.mark.django_db
def test_sandbox_recognition(settings):
    settings.SANDBOX_BASE_URL = "http://127.0.0.1:8001"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".example.com"]
    assert endpoint_kind("http://localhost:9999/sandbox/api/latest/api.php") == "sandbox"
    assert endpoint_resolve("https://app.example.com/sandbox/api/latest/api.php") == \
        "http://127.0.0.1:8001/sandbox/api/latest/api.php"
    assert endpoint_kind("https://evil.test/sandbox/api/stable/api.php") == "stable"  # not a host of ours
    assert endpoint_kind("http://127.0.0.1:8000/sandbox/api/other/api.php") != "sandbox"
    assert endpoint_resolve("http://127.0.0.1:8000/sandbox/api/stable/api.php?x=1").endswith("?x=1")
    assert not call_services.endpoint_allowed("https://evil.test/sandbox/api/stable/api.php")


@pytest.mark.django_db
def test_a_disabled_sandbox_is_refused_before_sending(settings):
    settings.SANDBOX_ENABLED = False
    assert not call_services.endpoint_allowed(sandbox_endpoint())


@pytest.mark.django_db(transaction=True)
def test_parallel_sandbox_calls_from_more_threads_than_a_worker_has(no_sockets):
    """16 sends at once from 16 threads: each is answered in its own thread, nobody waits on anybody."""
    from django.db import connection as main_connection
    if main_connection.vendor == "sqlite" and main_connection.is_in_memory_db():
        pytest.skip("SQLite's shared-cache in-memory test database refuses concurrent writers (table locked); "
                    "runs on PostgreSQL (make test)")
    barrier = threading.Barrier(16)

    def one(_):
        barrier.wait(timeout=10)
        try:
            return perform().ok
        finally:
            from django.db import connection
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(one, range(16)))
    assert results == [True] * 16
    assert CallLog.objects.filter(status=CallLog.Status.OK).count() == 16
    assert django_settings.SANDBOX_ENABLED
