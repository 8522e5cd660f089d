"""The signing service: allowlist, one log row per send, no transaction across the call, no secrets stored."""

import json
import secrets

import pytest
from django.db import connection

from explorer.calls import services as call_services
from explorer.errors import EndpointRefusedError
from explorer.calls.models import CallLog
from explorer.onoffice.actions import Action, ActionKind
from tests.stub_upstream import StubUpstream

READ = Action(kind=ActionKind.READ, resourcetype="estate", parameters={"data": ["Id"]})


@pytest.fixture
def canary_stub(settings):
    token, secret = secrets.token_hex(16), secrets.token_hex(32)
    with StubUpstream(token=token, secret=secret) as upstream:
        settings.ONOFFICE_ALLOWED_URLS = [upstream.url]
        settings.ONOFFICE_READ_TIMEOUT = 1.0
        yield upstream


def perform(stub, actions=(READ,), **kwargs):
    return call_services.call_perform(actions=list(actions), token=stub.token, secret=stub.secret, url=stub.url,
                                 origin="ui", **kwargs)


@pytest.mark.django_db(transaction=True)
def test_row_is_pending_during_the_call_and_no_transaction_is_open(canary_stub, monkeypatch):
    seen = {}
    real_send = call_services.send_actions

    def observing_send(*args, **kwargs):
        seen["rows"] = list(CallLog.objects.values_list("status", flat=True))
        seen["in_transaction"] = connection.in_atomic_block
        return real_send(*args, **kwargs)

    monkeypatch.setattr(call_services, "send_actions", observing_send)
    outcome = perform(canary_stub)
    assert seen == {"rows": [CallLog.Status.PENDING], "in_transaction": False}
    outcome.log.refresh_from_db()
    assert outcome.log.status == CallLog.Status.OK


@pytest.mark.django_db
def test_successful_send_is_logged_with_its_measurements(canary_stub):
    outcome = perform(canary_stub, [READ, Action(kind=ActionKind.GET, resourcetype="fields")])
    log = CallLog.objects.get()
    assert log == outcome.log
    assert log.status == CallLog.Status.OK and log.http_status == 200
    assert log.errorcode == 0 and log.action_errorcodes == [0, 0]
    assert log.duration_ms > 0 and log.response_bytes == len(outcome.exchange.body)
    assert abs(log.clock_skew) < 2 and not log.response_truncated
    assert [a["resourcetype"] for a in log.actions] == ["estate", "fields"]
    assert all(set(a) == {"actionid", "identifier", "parameters", "resourceid", "resourcetype"} for a in log.actions)


@pytest.mark.django_db
def test_api_error_is_logged_with_per_action_codes(canary_stub):
    canary_stub.clock_offset = -500
    perform(canary_stub)
    log = CallLog.objects.get()
    assert log.status == CallLog.Status.API_ERROR
    assert log.errorcode == 97 and log.action_errorcodes == [136]
    assert "136" in log.error_text


@pytest.mark.django_db
def test_malformed_answer_is_logged_as_format_error(canary_stub, monkeypatch):
    monkeypatch.setattr(canary_stub, "answer", lambda raw: {"status": {"code": 200, "errorcode": 0}})
    perform(canary_stub)
    log = CallLog.objects.get()
    assert log.status == CallLog.Status.FORMAT_ERROR and "response.results" in log.error_text


@pytest.mark.django_db
def test_oversized_body_is_capped_in_the_log(canary_stub):
    canary_stub.mode = "huge"
    perform(canary_stub)
    log = CallLog.objects.get()
    assert log.response_truncated
    assert len(log.response_body) <= call_services.LOG_BODY_LIMIT
    assert log.response_bytes == 10 * 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data", "http://127.0.0.1:1/api.php",
    "https://api.onoffice.de.evil.example/api/stable/api.php",
])
def test_endpoints_outside_the_allowlist_are_refused(canary_stub, url):
    with pytest.raises(EndpointRefusedError):
        call_services.call_perform(actions=[READ], token="t", secret="s", url=url, origin="ui")
    assert canary_stub.requests == [] and CallLog.objects.count() == 0


def test_allowlist_matching_is_exact(settings):
    settings.ONOFFICE_ALLOWED_URLS = ["https://api.onoffice.de/api/stable/api.php"]
    assert call_services.endpoint_allowed("HTTPS://API.onoffice.de/api/stable/api.php")
    assert not call_services.endpoint_allowed("https://api.onoffice.de/api/stable/api.php?x=1")
    assert not call_services.endpoint_allowed("https://api.onoffice.de/api/latest/api.php")
    assert not call_services.endpoint_allowed("")


@pytest.mark.django_db
def test_canary_credentials_never_reach_the_log_or_logging(canary_stub, caplog):
    caplog.set_level("DEBUG")
    # Parameters that (wrongly) carry the credentials are echoed by the stub: both copies must be scrubbed.
    leaky = Action(kind=ActionKind.READ, resourcetype="estate",
                   parameters={"note": canary_stub.token, "other": canary_stub.secret})
    perform(canary_stub, [leaky])
    canary_stub.mode = "html500"
    perform(canary_stub)
    hmacs = [a["hmac"] for r in canary_stub.requests for a in json.loads(r["body"])["request"]["actions"]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM explorer_calllog")
        raw_rows = repr(cursor.fetchall())
    assert "[redacted]" in raw_rows
    for text in (raw_rows, caplog.text):
        for value in (canary_stub.token, canary_stub.secret, *hmacs):
            assert value not in text
