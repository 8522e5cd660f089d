"""An upstream that echoes the token and each call's HMAC back (in a record, in an error message, in the
status message): the only copy of an answer the app keeps or shows is the scrubbed one, so the canary shows
up in no page, fragment, download, cache entry (key or value), database row, log line or CLI output."""

import json
import logging
import re

import pytest
from django.core.management import ManagementUtility
from django.db import connection

from explorer.accounts.models import Credential
from explorer.calls.models import CallLog
from explorer.redaction import secret_forms
from tests.conftest import cache_entries, cache_value
from tests.integration.test_canary import concrete, leak_forms, page_routes, response_text
from tests.stub_upstream import StubUpstream

pytestmark = pytest.mark.django_db


class _AnyParam(dict):
    """URL parameters for `concrete`: the world's ids, "1" for any other (routes added later included)."""

    def __contains__(self, name):
        return True

    def __missing__(self, name):
        return 1


@pytest.fixture
def echo(canary, settings):
    with StubUpstream(token=canary["token"], secret=canary["secret"]) as upstream:
        upstream.mode = "echo"
        settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, upstream.url]
        yield upstream


def hmacs(stub) -> list[str]:
    return [a["hmac"] for r in stub.requests for a in json.loads(r["body"])["request"]["actions"]]


class Leaks:
    def __init__(self, canary, stub):
        self.canary, self.stub = canary, stub

    def forms(self) -> list[str]:
        return leak_forms(self.canary) + secret_forms(hmacs(self.stub))

    def check(self, text: str, where: str) -> None:
        for form in self.forms():
            assert form not in text, f"canary or HMAC ({form[:3]}…) leaked in {where}"


@pytest.fixture
def echoed(team, canary, echo, client_for, caplog):
    """Alice saves the canary credential, tests it (the probe's error echoes token and HMAC) and sends a
    read (records echo them) and a failing read (its error message echoes them)."""
    caplog.set_level(logging.DEBUG)
    client = client_for(team.alice)
    response = client.post_form("/credentials/new/", {"label": "Echo", "api_url": echo.url, "hmac_version": "2",
                                                      **canary})
    assert response.status_code == 302
    credential = Credential.objects.get(label="Echo")
    assert client.post_form(f"/credentials/{credential.pk}/test/").status_code == 302
    sends = {}
    for name, params in (("records", "{}"), ("error", '{"fail": true}')):
        response = client.post_htmx("/compose/send/", {"cred": credential.pk, "n": 1, "0-rt": "estate",
                                                       "0-act": "read", "0-params": params}, target="call-result")
        assert response.status_code == 200
        sends[name] = (response, CallLog.objects.filter(origin="ui").latest("pk"))
    return {"client": client, "credential": credential, "sends": sends, "leaks": Leaks(canary, echo)}


def test_the_echoing_stub_really_echoes(echoed, canary, echo):
    raw = [r for r in echo.requests if b"estate" in r["body"]]
    assert raw and hmacs(echo)
    record, failing = echoed["sends"]["records"][1], echoed["sends"]["error"][1]
    assert record.status == CallLog.Status.OK and "[redacted]" in record.response_body
    assert failing.status == CallLog.Status.API_ERROR and "[redacted]" in failing.error_text


def test_send_results_and_every_history_view_show_no_canary(echoed):
    client, leaks = echoed["client"], echoed["leaks"]
    for name, (response, log) in echoed["sends"].items():
        leaks.check(response_text(response), f"the send's result ({name})")
        assert "[redacted]" in response.content.decode() or name == "error"
        pages = {f"/history/{log.pk}/": [None, "result-0", "json-0", "raw-body"],
                 f"/history/{log.pk}/download/": [None], "/history/": [None]}
        for url, targets in pages.items():
            for target in targets:
                headers = {"HX-Request": "true", "HX-Target": target} if target else {}
                page = client.get(url, headers=headers)
                assert page.status_code == 200, (url, target)
                leaks.check(response_text(page), f"{url} {target or ''}")
    download = client.get(f"/history/{echoed['sends']['records'][1].pk}/download/")
    assert "[redacted]" in response_text(download)


def test_no_page_or_fragment_shows_the_canary(echoed, team):
    client, leaks = echoed["client"], echoed["leaks"]
    params = _AnyParam(credential_id=echoed["credential"].pk, workspace_id=team.workspace.pk,
                       log_id=echoed["sends"]["records"][1].pk, other_id=echoed["sends"]["error"][1].pk)
    seen = 0
    for route, name in page_routes():
        url = concrete(route, params)
        page = client.get(url)
        text = response_text(page)
        leaks.check(text, url)
        seen += 1
        for target in set(re.findall(r'hx-target="#([\w-]+)"', text)):
            leaks.check(response_text(client.get(url, headers={"HX-Request": "true", "HX-Target": target})),
                        f"{url}#{target}")
            seen += 1
    assert seen > 30


def test_the_stored_connection_test_message_holds_no_hmac(echoed):
    credential = echoed["credential"]
    credential.refresh_from_db()
    assert not credential.last_test_ok and credential.last_test_errorcode == 137
    assert "[redacted]" in credential.last_test_message
    echoed["leaks"].check(credential.last_test_message, "last_test_message")


def test_no_cache_entry_holds_the_canary(echoed):
    entries = cache_entries()
    assert any(key.endswith("answer:" + str(echoed["sends"]["records"][1].pk)) for key in entries)
    for key, pickled in entries.items():
        echoed["leaks"].check(key, "a cache key")
        value = cache_value(pickled)
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else repr(value)
        echoed["leaks"].check(text, f"the cache entry {key}")
        for form in echoed["leaks"].forms():
            assert form.encode() not in pickled, f"canary in the pickled cache entry {key}"


def test_no_database_row_holds_the_canary(echoed):
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            echoed["leaks"].check(repr(cursor.fetchall()), f"table {table}")


def test_no_log_line_holds_the_canary(echoed, caplog):
    records = caplog.get_records("setup")  # the sends happened while setting up `echoed`
    assert any("onoffice call" in r.getMessage() for r in records)
    echoed["leaks"].check("\n".join(logging.Formatter().format(r) for r in records), "log lines")
    echoed["leaks"].check(repr([r.__dict__ for r in records]), "log records")


@pytest.mark.parametrize("params", ['{"data": ["Id"]}', '{"fail": true}'])
def test_cli_output_holds_no_canary(echoed, team, capsys, params):
    capsys.readouterr()
    try:
        ManagementUtility(["manage.py", "onoffice", "read", "estate", "--params", params, "--credential",
                           str(echoed["credential"].pk), "--user", team.alice.username]).execute()
    except SystemExit:
        pass
    out, err = capsys.readouterr()
    assert "[redacted]" in out + err
    echoed["leaks"].check(out, "CLI stdout")
    echoed["leaks"].check(err, "CLI stderr")
