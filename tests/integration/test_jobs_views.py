"""Fetch-all jobs in the app: the button on a read's result, starting a job (a queued django task), the real
database worker running it, the progress page, the owner-only download, cancel, expiry, and the canary.

These reads fit one page (60 estates, listlimit 500), so the whole job runs in the test's thread on the
in-memory test database; the multi-page runs with concurrency 4 are in test_jobs.py (a SQLite file). The
worker is django-tasks-db's own loop (`db_worker`'s Worker, batch mode) run here in the test's thread; its
connection housekeeping is switched off, as it would close the test's transaction."""

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from explorer.accounts import services as account_services
from explorer.accounts.models import Credential
from explorer.calls.models import CallLog
from explorer.composer.fields import field_config_fetch
from explorer.jobs import services
from explorer.jobs.models import FetchJob
from explorer.sandbox.seeding import seed
from explorer.sandbox.users import api_users
from tests.integration.test_canary import leak_forms, response_text
from tests.stub_upstream import StubUpstream

pytestmark = pytest.mark.django_db

ESTATES = 60
PARAMS = {"data": ["Id", "kaufpreis", "ort"], "listlimit": 20}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def alice(make_user, media):
    seed(ESTATES, 150, reset=True)
    user = make_user("alice")
    user.sandbox = account_services.credential_create_for_sandbox(
        user=user, demo_user=next(u for u in api_users() if u.rights == "read-write"))
    return user


@pytest.fixture
def worker(monkeypatch):
    """Run every ready task with django-tasks-db's worker loop, then return."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        db_worker.Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                         startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[]).run()
    return run


def send_read(client, credential, params=None):
    query = {"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read",
             "0-params": json.dumps(params or PARAMS)}
    response = client.post_htmx("/compose/send/", query, target="call-result")
    assert response.status_code == 200
    return response.content.decode(), CallLog.objects.filter(origin="ui").latest("pk")


def start(client, log, django_capture_on_commit_callbacks, **form):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post_form("/jobs/", {"call": log.pk, "action": 0, "format": "csv", "labels": "1"} | form)
    return response


def test_a_read_showing_part_of_its_records_offers_fetch_all(alice, client_for):
    client = client_for(alice)
    html, log = send_read(client, alice.sandbox)
    assert f"Fetch all {ESTATES} records" in html
    form = re.search(r'<form class="fetch-all" method="post" action="/jobs/">.*?</form>', html, re.S).group(0)
    assert f'name="call" value="{log.pk}"' in form and 'name="action" value="0"' in form
    html, _ = send_read(client, alice.sandbox, {"data": ["Id"], "listlimit": 500})
    assert "Fetch all" not in html  # every record came back already


def test_fetch_all_is_a_task_the_worker_runs_and_the_owner_downloads(alice, client_for, worker,
                                                                     django_capture_on_commit_callbacks):
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox)
    response = start(client, log, django_capture_on_commit_callbacks)
    job = FetchJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    task = DBTaskResult.objects.get(task_path="explorer.jobs.tasks.fetch_job_run")
    assert job.task_id == str(task.id) and task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert job.status == "queued" and job.parameters == {"data": ["Id", "kaufpreis", "ort"]}  # paging keys dropped
    assert job.cntabsolute == ESTATES  # what the read said: the engine plans its first pages from it
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "Queued" in page
    assert f"of {ESTATES} records (0%)" in page and "pages 0 of 1" in page

    worker()
    job.refresh_from_db()
    assert job.status == "done" and job.records == job.distinct_ids == job.cntabsolute == ESTATES
    assert (job.pages, job.pages_total, job.duplicates, job.gaps) == (1, 1, 0, 0)
    page_log = CallLog.objects.get(job=job)
    assert page_log.origin == "job" and page_log.status == "ok" and page_log.credential_id == alice.sandbox.pk
    assert page_log.actions[0]["parameters"]["listlimit"] == 500
    assert page_log.actions[0]["parameters"]["sortby"] == {"Id": "ASC"}  # the stable key was added
    fragment = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true", "HX-Target": "job-progress"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section id="job-progress"') and "every 1s" not in html  # polling stops
    assert "Every id exactly once" in html and f"/jobs/{job.pk}/download/" in html

    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == f'attachment; filename="onoffice-estate-job{job.pk}.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    fields = field_config_fetch(user=alice, credential=alice.sandbox, module="estate").fields
    assert rows[0] == ["ID", *(fields[name].label for name in ("Id", "kaufpreis", "ort"))]  # the labels onOffice gives
    assert rows[0][2] != "kaufpreis"
    assert len({r[0] for r in rows[1:]}) == len(rows) - 1 == ESTATES
    assert oct(Path(services.job_file(job)).stat().st_mode & 0o777) == "0o600"
    listing = client.get("/jobs/").content.decode()
    assert f"/jobs/{job.pk}/" in listing and "Done" in listing and "every 2s" not in listing
    # While a job runs its file is not whole yet (a JSON array still open): no link, and the URL refuses.
    FetchJob.objects.filter(pk=job.pk).update(status="running")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/jobs/{job.pk}/download/" not in page and "Kept until" not in page
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_csv_without_labels_has_the_technical_names(alice, client_for, worker, django_capture_on_commit_callbacks):
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox)
    start(client, log, django_capture_on_commit_callbacks, labels="")
    worker()
    job = FetchJob.objects.get()
    rows = list(csv.reader(io.StringIO(services.job_file(job).read_text(encoding="utf-8"))))
    assert rows[0] == ["id", "Id", "kaufpreis", "ort"] and len(rows) == ESTATES + 1


@pytest.mark.parametrize("fmt", ["ndjson", "json"])
def test_ndjson_and_json_files(alice, client_for, worker, django_capture_on_commit_callbacks, fmt):
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox)
    start(client, log, django_capture_on_commit_callbacks, format=fmt)
    worker()
    job = FetchJob.objects.get()
    text = b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content).decode()
    records = [json.loads(line) for line in text.splitlines()] if fmt == "ndjson" else json.loads(text)
    assert sorted(r["id"] for r in records) == list(range(1, ESTATES + 1))


def test_other_users_get_404_for_every_job_url(alice, make_user, client_for, worker,
                                               django_capture_on_commit_callbacks):
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox)
    start(client, log, django_capture_on_commit_callbacks)
    worker()
    job = FetchJob.objects.get()
    mallory = client_for(make_user("mallory"))
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/download/"):
        assert mallory.get(url).status_code == 404, url
    assert mallory.post_form(f"/jobs/{job.pk}/cancel/").status_code == 404
    assert f"/jobs/{job.pk}/" not in mallory.get("/jobs/").content.decode()
    # Her "Fetch all" with Alice's call id: that call is not in her history.
    assert mallory.post_form("/jobs/", {"call": log.pk, "action": 0, "format": "csv"}).status_code == 404
    assert FetchJob.objects.count() == 1
    assert client_for().get(f"/jobs/{job.pk}/download/").status_code == 302  # anonymous: to the sign-in page


def test_a_teammate_cannot_fetch_with_alices_credential(team, client_for, media, django_capture_on_commit_callbacks):
    """Vera sees Alice's team call in the history, but a job signs with the call's credential: refused."""
    seed(ESTATES, 150, reset=True)
    credential = account_services.credential_create_for_sandbox(user=team.alice, demo_user=api_users()[0])
    alice = client_for(team.alice)
    alice.post_form("/workspaces/switch/", {"workspace": team.workspace.pk})
    _, log = send_read(alice, credential)
    assert log.workspace_id == team.workspace.pk
    vera = client_for(team.vera)
    response = start(vera, log, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/jobs/"
    assert "not sent with one of your credentials" in vera.get("/jobs/").content.decode()
    assert not FetchJob.objects.exists()


@pytest.mark.parametrize(("params", "form", "message"), [
    (PARAMS, {"format": "xml"}, "Pick a format"),
    (PARAMS, {"action": 3}, "has no action 4"),
])
def test_bad_starts_are_explained(alice, client_for, django_capture_on_commit_callbacks, params, form, message):
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox, params)
    response = start(client, log, django_capture_on_commit_callbacks, **form)
    assert response["Location"] == "/jobs/" and message in client.get("/jobs/").content.decode()
    assert not FetchJob.objects.exists()


def test_only_a_list_read_can_be_fetched(alice, client_for):
    log = CallLog.objects.create(origin="ui", user=alice, credential=alice.sandbox, endpoint="x",
                                 actions=[{"actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:create",
                                           "resourcetype": "estate", "parameters": {}},
                                          {"actionid": "urn:onoffice-de-ns:smart:2.5:smartml:action:read",
                                           "resourcetype": "estate", "resourceid": "5", "parameters": {}}])
    for index, message in ((0, "Only a read has pages"), (1, "one record by its id")):
        with pytest.raises(services.ExplorerError, match=message):
            services.fetch_job_start(user=alice, log=log, index=index, fmt="csv", labels=False)


def test_cancel_of_a_queued_job_ends_it_and_the_worker_skips_it(alice, client_for, worker,
                                                                django_capture_on_commit_callbacks):
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox)
    start(client, log, django_capture_on_commit_callbacks)
    job = FetchJob.objects.get()
    response = client.post_htmx(f"/jobs/{job.pk}/cancel/", target="job-progress")
    assert response.status_code == 200 and "Cancelled after 0 pages" in response.content.decode()
    worker()
    job.refresh_from_db()
    assert job.status == "cancelled" and job.pages == 0 and not CallLog.objects.filter(job=job).exists()
    assert DBTaskResult.objects.get(task_path="explorer.jobs.tasks.fetch_job_run").return_value == {
        "skipped": "cancelled"}


def test_files_expire_deleted_by_the_worker_when_due(alice, client_for, worker, settings,
                                                     django_capture_on_commit_callbacks):
    settings.FETCH_FILE_HOURS = 2
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox)
    start(client, log, django_capture_on_commit_callbacks)
    worker()
    job = FetchJob.objects.get()
    path = services.job_file(job)
    assert path.is_file() and abs((job.expires_at - job.finished_at) - timedelta(hours=2)) < timedelta(seconds=1)
    sweep = DBTaskResult.objects.get(task_path="explorer.jobs.tasks.fetch_jobs_expire")
    assert sweep.run_after == job.expires_at  # the worker runs the sweep when the file is due
    worker()
    assert path.is_file() and FetchJob.objects.get().status == "done"  # not yet due: not run
    with time_machine.travel(job.expires_at + timedelta(seconds=1)):
        assert client.get(f"/jobs/{job.pk}/download/").status_code == 404  # past expiry, even before the sweep
        worker()
        job.refresh_from_db()
        assert job.status == "expired" and job.file_path == "" and not path.exists()
        page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "was deleted" in page and "/download/" not in page


def test_a_deleted_credential_fails_the_job_with_a_reason(alice, client_for, worker,
                                                          django_capture_on_commit_callbacks):
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox)
    start(client, log, django_capture_on_commit_callbacks)
    Credential.objects.filter(pk=alice.sandbox.pk).delete()
    worker()
    job = FetchJob.objects.get()
    assert job.status == "failed" and "credential of this job was deleted" in job.error
    assert "credential of this job was deleted" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_the_navigation_links_the_jobs(alice, client_for):
    assert '<a href="/jobs/"' in client_for(alice).get("/jobs/").content.decode()


def test_an_echoing_upstream_leaves_no_secret_in_the_job_its_file_or_pages(
        make_user, client_for, canary, settings, media, worker, django_capture_on_commit_callbacks):
    with StubUpstream(token=canary["token"], secret=canary["secret"]) as echo:
        echo.mode = "echo"
        settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, echo.url]
        user = make_user("alice")
        client = client_for(user)
        assert client.post_form("/credentials/new/", {"label": "Echo", "api_url": echo.url, "hmac_version": "2",
                                                      **canary}).status_code == 302
        _, log = send_read(client, Credential.objects.get(label="Echo"), {"data": ["Id"]})
        start(client, log, django_capture_on_commit_callbacks, format="ndjson")
        worker()
        hmacs = [a["hmac"] for r in echo.requests for a in json.loads(r["body"])["request"]["actions"]]
    job = FetchJob.objects.get()
    assert job.status == "done" and job.records == 1
    file_text = services.job_file(job).read_text(encoding="utf-8")
    assert "[redacted]" in file_text
    texts = {"file": file_text, "job row": repr(FetchJob.objects.filter(pk=job.pk).values().get()),
             "page": response_text(client.get(f"/jobs/{job.pk}/")),
             "download": response_text(client.get(f"/jobs/{job.pk}/download/")),
             "list": response_text(client.get("/jobs/"))}
    from explorer.redaction import secret_forms
    for where, text in texts.items():
        for form in leak_forms(canary) + secret_forms(hmacs):
            assert form not in text, f"canary or HMAC leaked in the {where}"


def test_cancel_of_a_job_whose_worker_went_quiet_ends_it_at_once(alice, client_for, worker,
                                                                  django_capture_on_commit_callbacks):
    client = client_for(alice)
    _, log = send_read(client, alice.sandbox)
    start(client, log, django_capture_on_commit_callbacks)
    job = FetchJob.objects.get()
    FetchJob.objects.filter(pk=job.pk).update(status="running", progress_at=timezone.now())
    client.post_form(f"/jobs/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.status == "running" and job.cancel_requested  # a live worker stops it between pages
    FetchJob.objects.filter(pk=job.pk).update(progress_at=timezone.now() - timedelta(hours=1))
    assert "the worker may have stopped" in client.get(f"/jobs/{job.pk}/").content.decode()
    client.post_form(f"/jobs/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.status == "cancelled" and job.finished_at is not None
