"""`manage.py onoffice` end to end against the threaded stub upstream, run in-process like manage.py does."""

import json
import time
from unittest import mock

import pytest
from django.core.management import ManagementUtility

from explorer.calls.models import CallLog
from tests.stub_upstream import SECRET, TOKEN

pytestmark = pytest.mark.django_db


def run_cli(capsys, *args, env=None, monkeypatch=None):
    """Run like `python manage.py onoffice ...`; returns (exit code, stdout, stderr)."""
    code = 0
    # A command closes every database connection when it ends; on PostgreSQL that would end the test's own.
    with mock.patch("django.db.connections.close_all"):
        try:
            ManagementUtility(["manage.py", "onoffice", *args]).execute()
        except SystemExit as exc:
            code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def creds(monkeypatch):
    monkeypatch.setenv("ONOFFICE_TOKEN", TOKEN)
    monkeypatch.setenv("ONOFFICE_SECRET", SECRET)


def sent_actions(stub):
    return [a for r in stub.requests for a in json.loads(r["body"])["request"]["actions"]]


def test_v2_read_verifies_and_prints_json(capsys, allow_stub, creds):
    code, out, err = run_cli(capsys, "read", "estate", "--params", '{"data": ["Id", "kaufpreis"], "listlimit": 5}',
                             "--url", allow_stub.url)
    assert code == 0, err
    document = json.loads(out)
    assert document["status"]["errorcode"] == 0
    [action] = sent_actions(allow_stub)
    assert action["hmac_version"] == 2
    assert abs(action["timestamp"] - time.time()) < 5


def test_v1_with_slash_and_umlauts_verifies(capsys, allow_stub, creds):
    params = json.dumps({"input": "Düsseldorf/Köln – Straße", "data": ["Id"]}, ensure_ascii=False)
    code, out, err = run_cli(capsys, "get", "search", "--resource-id", "estate", "--identifier", "q/1",
                             "--params", params, "--url", allow_stub.url, "--hmac-version", "1")
    assert code == 0, err
    [action] = sent_actions(allow_stub)
    assert "hmac_version" not in action and len(action["hmac"]) == 32
    assert action["parameters"]["input"] == "Düsseldorf/Köln – Straße"
    assert abs(action["timestamp"] - time.time()) < 5


def test_params_file_is_read(capsys, allow_stub, creds, tmp_path):
    path = tmp_path / "query.json"
    path.write_text('{"labels": true, "modules": ["estate"]}', encoding="utf-8")
    code, out, err = run_cli(capsys, "get", "fields", "--params-file", str(path), "--url", allow_stub.url)
    assert code == 0, err
    assert sent_actions(allow_stub)[0]["parameters"] == {"labels": True, "modules": ["estate"]}


def test_api_error_exits_1_with_the_timestamp_hint(capsys, allow_stub, creds):
    allow_stub.clock_offset = 3600  # the stub's clock is an hour ahead: a classic time-zone mistake
    code, out, err = run_cli(capsys, "read", "estate", "--url", allow_stub.url)
    assert code == 1
    assert json.loads(out)["response"]["results"][0]["status"]["errorcode"] == 136
    assert "error 136" in err and "time zone" in err and "+3600 s" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("mode", "expected"), [
    ("html500", "HTTP 500"),
    ("truncated", "truncated"),
    ("huge", "larger than 10 MiB"),
    ("slow", "No answer within"),
])
def test_transport_failures_exit_2_without_traceback(capsys, allow_stub, creds, mode, expected):
    allow_stub.mode = mode
    code, out, err = run_cli(capsys, "read", "estate", "--url", allow_stub.url)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err and out == ""
    log = CallLog.objects.get()
    assert log.status == CallLog.Status.TRANSPORT_ERROR


def test_url_outside_the_allowlist_is_refused_before_sending(capsys, stub, creds):
    code, out, err = run_cli(capsys, "read", "estate", "--url", stub.url)
    assert code == 2
    assert "allowlist" in err
    assert stub.requests == []
    assert CallLog.objects.count() == 0


@pytest.mark.parametrize(("args", "expected"), [
    (["read", "estate", "--params", '{"data": [}'], "not valid JSON: Expecting value at line 1, column 11"),
    (["read", "estate", "--params", '{"a": "x'], "not valid JSON: Unterminated string starting at line 1, column 7."),
    (["read", "estate", "--params", "[1]"], "must be a JSON object"),
    (["read", "estate", "--params", "[" * 100_000], "nested too deeply"),
    (["read", "estate", "--params-file", "/nonexistent/q.json"], "Cannot read --params-file"),
    (["frobnicate", "estate"], "invalid choice"),
    (["read", "estate", "--hmac-version", "3"], "invalid choice"),
    (["read", "estate", "--credential", "1"], "--credential and --user go together"),
])
def test_usage_errors_exit_2(capsys, allow_stub, creds, args, expected):
    code, out, err = run_cli(capsys, *args, "--url", allow_stub.url)
    assert code == 2
    assert expected in err
    assert allow_stub.requests == []


def test_missing_credentials_exit_2(capsys, allow_stub, monkeypatch):
    monkeypatch.delenv("ONOFFICE_TOKEN", raising=False)
    monkeypatch.delenv("ONOFFICE_SECRET", raising=False)
    code, out, err = run_cli(capsys, "read", "estate", "--url", allow_stub.url)
    assert code == 2 and "ONOFFICE_TOKEN" in err


def test_every_send_leaves_one_completed_log_row_without_secrets(capsys, caplog, allow_stub, creds):
    caplog.set_level("DEBUG")
    run_cli(capsys, "read", "estate", "--url", allow_stub.url)
    allow_stub.mode = "html500"
    code, out, err = run_cli(capsys, "read", "estate", "--url", allow_stub.url)
    rows = list(CallLog.objects.order_by("id"))
    assert [r.status for r in rows] == [CallLog.Status.OK, CallLog.Status.TRANSPORT_ERROR]
    assert all(r.completed and r.finished_at and r.origin == "cli" for r in rows)
    hmacs = [a["hmac"] for a in sent_actions(allow_stub)]
    texts = [json.dumps(list(CallLog.objects.values()), default=str), caplog.text, out, err]
    for text in texts:
        for secret in (TOKEN, SECRET, *hmacs):
            assert secret not in text
