"""Canary tests: a random token and secret, saved through the form, must never show up
again: not in any page or fragment (as owner, teammate or outsider), not in dumpdata, the admin, call-log
rows, logs, error reports, nor in the raw SQLite file and its WAL.
"""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.debug import ExceptionReporter

from explorer.accounts import services as account_services
from explorer.accounts.models import Credential, Invite, Membership
from explorer.composer.state import state_from_query
from explorer.jobs import services as job_services
from explorer.saved import services as saved_services
from explorer.saved.models import Folder
from explorer.redaction import secret_forms
from explorer.sandbox import faults as sandbox_faults
from tests.stub_upstream import StubUpstream

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def leak_forms(canary) -> list[str]:
    """The values, their encodings, and 8-character slices (the page may show the token's last 4, no more)."""
    values = [canary["token"], canary["secret"]]
    return secret_forms(values) + [v[:8] for v in values] + [v[-8:] for v in values]


def assert_no_leak(text: str, canary, where: str):
    for form in leak_forms(canary):
        assert form not in text, f"canary ({form[:3]}…) leaked in {where}"


@pytest.fixture
def canary_stub(canary):
    with StubUpstream(token=canary["token"], secret=canary["secret"]) as upstream:
        yield upstream


@pytest.fixture
def world(team, canary, canary_stub, settings, client_for, tmp_path):
    """Alice saves the canary credential through the form, tests it, sends a call with it, and fetches all its
    pages as a job (run here: one page)."""
    settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, canary_stub.url]
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for(team.alice)
    response = client.post_form("/credentials/new/", {"label": "Canary", "api_url": canary_stub.url,
                                                      "hmac_version": "2", **canary})
    assert response.status_code == 302
    credential = Credential.objects.get(label="Canary")
    assert client.post_form(f"/credentials/{credential.pk}/test/").status_code == 302
    credential.refresh_from_db()
    assert credential.last_test_ok, "the canary stub accepts the canary credential"
    token = account_services.invite_create(user=team.alice, workspace=team.workspace, role="viewer")
    # A saved request of the team, opened and sent by Alice with the canary credential.
    saved = saved_services.saved_request_create(user=team.alice, workspace=workspace_with_role(team.alice, team),
                                                state=state_from_query(QueryDict("n=1&0-rt=estate&0-act=read")),
                                                name="Canary read", endpoint_kind="custom")
    # A sandbox fault on, so every page carries the fault banner and the console a filled-in fault row.
    sandbox_faults.fault_set("demo-read-only", sandbox_faults.SLOW, seconds=5, set_by="alice")
    response = client.post_htmx("/compose/send/", {"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read",
                                                   "0-params": "{}", "saved": saved.pk}, target="call-result")
    assert response.status_code == 200
    job = job_services.fetch_job_start(user=team.alice, log=credential.call_logs.order_by("pk").last(), index=0,
                                       fmt="csv", labels=True)
    job_services.fetch_job_execute(job.pk)
    return {
        "client": client,
        "credential": credential,
        "params": {
            "credential_id": credential.pk,
            "workspace_id": team.workspace.pk,
            "invite_id": Invite.objects.get().pk,
            "membership_id": Membership.objects.get(user=team.vera, workspace=team.workspace).pk,
            "log_id": credential.call_logs.order_by("pk").first().pk,
            "other_id": credential.call_logs.order_by("pk").last().pk,  # the diff of the test and the send
            "token": token,
            "uidb64": "MQ",  # a password-reset link's user id (base64 of "1"); with the invite token it is invalid
            "estate_id": 1,
            "index": 0,  # an action of a logged call (its CSV)
            "file_id": 1,
            "saved_id": saved.pk,
            "folder_id": Folder.objects.filter(workspace=team.workspace).first().pk,
            "api_user": "demo-read-write",  # a sandbox API user's fault row (/sandbox/faults/<api_user>/)
            "job_id": job.pk,
        },
    }


def workspace_with_role(user, team):
    from explorer.accounts.selectors import workspace_list

    return workspace_list(user=user).get(pk=team.workspace.pk)


def page_routes(patterns=None, prefix=""):
    """(route, name) of every URL outside the admin (the admin has its own test below)."""
    routes = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                routes += page_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.append((prefix + str(pattern.pattern), pattern.name))
    return routes


def concrete(route: str, params: dict) -> str:
    def value(match):
        name = match.group(2)
        assert name in params, f"add a value for <{name}> (route {route}) to the canary world"
        return str(params[name])
    return "/" + re.sub(r"<(\w+:)?(\w+)>", value, route).lstrip("^").rstrip("$")


def response_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    return headers + "\n" + body.decode("utf-8", errors="replace")


def test_no_page_or_fragment_shows_the_canary(world, team, client_for, canary):
    visitors = {"owner": world["client"], "teammate": client_for(team.vera), "outsider": client_for(team.mallory),
                "anonymous": client_for()}
    seen = 0
    for route, name in page_routes():
        url = concrete(route, world["params"])
        for who, client in visitors.items():
            page = client.get(url)
            text = response_text(page)
            assert_no_leak(text, canary, f"{url} as {who}")
            seen += 1
            # Every fragment the page can ask for is requested the way htmx asks for it.
            for target in set(re.findall(r'hx-target="#([\w-]+)"', text)):
                fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": target})
                assert_no_leak(response_text(fragment), canary, f"{url}#{target} as {who}")
                seen += 1
    assert seen > 60


def test_a_rejected_form_does_not_echo_the_secrets(world, canary):
    credential = world["credential"]
    for url in ("/credentials/new/", f"/credentials/{credential.pk}/"):
        for target in (None, "credential-form"):
            data = {"label": "", "api_url": "https://nowhere.example/", "hmac_version": "2", **canary}
            if target:
                response = world["client"].post_htmx(url, data, target=target)
            else:
                response = world["client"].post_form(url, data)
            assert "This field is required" in response.text
            assert_no_leak(response_text(response), canary, f"rejected POST {url}")


def test_call_log_rows_hold_no_canary(world, canary):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM explorer_calllog")
        rows = cursor.fetchall()
    assert rows
    assert_no_leak(repr(rows), canary, "explorer_calllog")


def test_dumpdata_holds_no_canary(world, canary, capsys):
    call_command("dumpdata")
    dumped = capsys.readouterr().out
    assert '"label": "Canary"' in dumped
    assert_no_leak(dumped, canary, "dumpdata")


def test_admin_shows_no_canary(world, canary, make_user, client_for):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client = client_for(admin)
    credential = world["credential"]
    log_id = world["params"]["log_id"]
    for url in ("/admin/explorer/credential/", f"/admin/explorer/credential/{credential.pk}/change/",
                "/admin/explorer/calllog/", f"/admin/explorer/calllog/{log_id}/change/",
                f"/admin/explorer/credential/{credential.pk}/history/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_leak(response_text(response), canary, url)
    assert f"…{canary['token'][-4:]}" not in client.get("/admin/explorer/credential/").text  # only hint column
    assert canary["token"][-4:] in client.get("/admin/explorer/credential/").text


def test_logs_hold_no_canary(world, canary, caplog):
    caplog.set_level(logging.DEBUG)
    world["client"].post_form(f"/credentials/{world['credential'].pk}/test/")
    assert caplog.records
    assert_no_leak(caplog.text, canary, "logs")
    assert_no_leak(repr([r.__dict__ for r in caplog.records]), canary, "log records")


def reports_of_crash(client, url, data, caplog):
    """Crash inside the request; render the error report Django would mail, in text and HTML."""
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post_form(url, data) if data is not None else client.post_form(url)
    assert response.status_code == 500
    record = next(r for r in caplog.records if r.exc_info)
    reporter = ExceptionReporter(record.request, *record.exc_info)
    return reporter.get_traceback_text(), reporter.get_traceback_html()


def test_error_report_of_a_crash_while_sending_holds_no_canary(world, canary, caplog, monkeypatch, settings):
    settings.DEBUG = False

    def broken_post(url, body, **kwargs):
        raise RuntimeError("transport exploded")

    monkeypatch.setattr("explorer.onoffice.transport.post", broken_post)
    text, html = reports_of_crash(world["client"], f"/credentials/{world['credential'].pk}/test/", None, caplog)
    assert "transport exploded" in text and "broken_post" in html
    assert_no_leak(text, canary, "error report (text)")
    assert_no_leak(html, canary, "error report (HTML)")


def test_error_report_of_a_crash_while_saving_holds_no_canary(world, canary, caplog, monkeypatch, settings):
    settings.DEBUG = False

    def broken_create(**kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("explorer.accounts.services.credential_create", broken_create)
    data = {"label": "Second", "api_url": settings.ONOFFICE_ALLOWED_URLS[0], "hmac_version": "2", **canary}
    text, html = reports_of_crash(world["client"], "/credentials/new/", data, caplog)
    assert "database exploded" in text and "broken_create" in html
    assert_no_leak(text, canary, "error report (text)")
    assert_no_leak(html, canary, "error report (HTML)")


CANARY_AT_REST_SCRIPT = """
import json, os, sqlite3, sys
from pathlib import Path
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import Client

call_command("migrate", verbosity=0)
client = Client()
client.force_login(get_user_model().objects.create_user("alice"))
response = client.post("/credentials/new/", {"label": "Canary", "token": os.environ["CANARY_TOKEN"],
                       "secret": os.environ["CANARY_SECRET"], "api_url": sys.argv[2], "hmac_version": "2"})
assert response.status_code == 302, response.status_code
database = Path(sys.argv[1])
wal = Path(str(database) + "-wal")
# Read while the connection is open: the WAL still holds the latest pages.
print(json.dumps({"wal_bytes": wal.stat().st_size, "files": [database.read_bytes().hex(), wal.read_bytes().hex()],
                  "dump": "\\n".join(sqlite3.connect(database).iterdump())}))
"""


@pytest.mark.sqlite_file
def test_sqlite_file_and_wal_hold_no_canary(tmp_path, canary):
    database = tmp_path / "canary.sqlite3"
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "DEBUG": "true", "ALLOWED_HOSTS": "testserver",
                        "CANARY_TOKEN": canary["token"], "CANARY_SECRET": canary["secret"]}
    url = "https://api.onoffice.de/api/stable/api.php"
    result = subprocess.run([sys.executable, "-c", CANARY_AT_REST_SCRIPT, str(database), url], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["wal_bytes"] > 0
    assert "Canary" in found["dump"]
    assert_no_leak(found["dump"], canary, "iterdump of the SQLite file")
    for raw in found["files"] + [database.read_bytes().hex()]:
        contents = bytes.fromhex(raw)
        for form in leak_forms(canary):
            assert form.encode() not in contents, "canary found in the raw SQLite file or WAL"


def test_saved_request_exports_hold_no_credential(world, canary):
    world["client"].get(f"/saved/{world['params']['saved_id']}/")  # opening it makes its workspace current
    for fmt in ("json", "postman"):
        response = world["client"].get(f"/saved/export/?format={fmt}")
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert_no_leak(response_text(response), canary, f"/saved/export/?format={fmt}")
        assert "Canary read" in response.text
