"""The sandbox as its own service (README, production notes): a process with SANDBOX_SERVICE=true serves the
sandbox API and /healthz only, and an explorer with SANDBOX_IN_PROCESS=false reaches it over HTTP at
SANDBOX_BASE_URL, its credentials' sandbox addresses included."""

import json
import socket
import time

import pytest
import requests
from django.conf import settings as django_settings

from explorer.accounts.models import endpoint_kind
from explorer.calls import services as call_services
from explorer.onoffice.actions import Action, ActionKind
from explorer.sandbox.users import api_users
from tests.databases import fresh_database
from bench.services import sandbox_service

READ_WRITE = next(u for u in api_users() if u.rights == "read-write")
ESTATES = 37  # not what the test database holds: the count tells which sandbox answered


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("service")) as db, \
            sandbox_service(db, secret_key=django_settings.SECRET_KEY, estates=ESTATES, addresses=12,
                            keep_alive=False) as base:
        # Keep-alive off (`--keep-alive 0`, as bench/fetch_all.py serves it): core/gunicorn_worker.py still gives a
        # new connection time for its first bytes (it once took 0 s for none and dropped every connection).
        yield base


def test_the_service_serves_the_api_and_health_but_no_explorer_page(service):
    assert requests.get(f"{service}/healthz", timeout=10).json()["status"] == "ok"
    with requests.Session() as session:  # one connection each time: the server closes it after the answer
        answers = [session.get(f"{service}/healthz", timeout=10) for _ in range(3)]
    assert [a.headers["Connection"] for a in answers] == ["close"] * 3 and all(a.ok for a in answers)
    assert "no-store" in answers[0].headers["Cache-Control"] and answers[0].headers["Content-Type"] == "application/json"
    head = requests.head(f"{service}/healthz", timeout=10)  # answered by the worker itself, as a GET without body
    assert head.status_code == 200 and head.content == b""


def test_a_client_slow_to_send_its_request_is_still_answered_with_keep_alive_off(service):
    host, port = service.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        time.sleep(1.2)  # the worker's loop has looked at waiting connections meanwhile
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and b'"status": "ok"' in answer
    for page in ("/compose/", "/accounts/login/", "/sandbox/", "/history/"):
        assert requests.get(f"{service}{page}", timeout=10, allow_redirects=False).status_code == 404, page
    answer = requests.post(f"{service}/sandbox/api/stable/api.php", data=b"{}", timeout=10).json()
    assert answer["status"]["code"] == 400  # the sandbox's own answer to a body without a token


@pytest.mark.django_db
def test_the_explorer_sends_its_sandbox_calls_to_the_service(service, settings):
    settings.SANDBOX_IN_PROCESS = False
    settings.SANDBOX_BASE_URL = service
    settings.ONOFFICE_ALLOWED_URLS = [f"{service}/sandbox/api/stable/api.php"]
    read = Action(ActionKind.READ, "estate", parameters={"data": ["Id"], "listlimit": 5})
    # A credential saved with the app's own address (any port) means the sandbox, now the service.
    for url in (f"{service}/sandbox/api/stable/api.php", "http://127.0.0.1:8000/sandbox/api/stable/api.php"):
        outcome = call_services.call_perform(actions=[read], token=READ_WRITE.token, secret=READ_WRITE.secret,
                                             url=url, origin="ui")
        result = outcome.response.results[0]
        assert outcome.log.status == "ok", outcome.log.error_text
        assert outcome.log.endpoint == f"{service}/sandbox/api/stable/api.php"
        assert result.cntabsolute == ESTATES and len(result.records) == 5
        assert endpoint_kind(outcome.log.endpoint) == "sandbox"
        assert READ_WRITE.secret not in json.dumps(outcome.log.actions)


@pytest.mark.django_db
def test_in_process_is_the_default_and_answers_from_this_database(service, settings):
    """The same call with SANDBOX_IN_PROCESS on is answered here (this test database has no such count)."""
    settings.SANDBOX_BASE_URL = service
    settings.ONOFFICE_ALLOWED_URLS = [f"{service}/sandbox/api/stable/api.php"]
    read = Action(ActionKind.READ, "estate", parameters={"data": ["Id"], "listlimit": 5})
    outcome = call_services.call_perform(actions=[read], token=READ_WRITE.token, secret=READ_WRITE.secret,
                                         url=f"{service}/sandbox/api/stable/api.php", origin="ui")
    assert outcome.response.results[0].cntabsolute != ESTATES
