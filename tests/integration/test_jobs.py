"""Fetch all 12,345 sandbox estates by the web path (composer send, "Fetch all" form, the task worker,
download) with concurrency 4. The pages go out from worker threads, which the in-memory test database
refuses, so the scenarios run once in a subprocess on a SQLite file (tests/jobs_scenarios.py): the first
job on `manage.py db_worker --batch` in a process of its own, the others on the same worker loop in a
thread, where a cancel is posted while it runs and page failures are injected into the transport."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_file
ROOT = Path(__file__).resolve().parents[2]
ESTATES = 12_345
PAGES = 25


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("jobs")
    result = subprocess.run([sys.executable, "-m", "tests.jobs_scenarios", str(out / "db.sqlite3"), str(ESTATES),
                             str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def ndjson_ids(path):
    return [json.loads(line)["id"] for line in Path(path).read_text(encoding="utf-8").splitlines()]


def assert_complete(run):
    assert run["status"] == "done" and run["error"] == ""
    assert run["cntabsolute"] == run["records"] == run["distinct_ids"] == ESTATES
    assert run["duplicates"] == run["gaps"] == 0 and run["pages"] == run["pages_total"] == PAGES


def test_the_composer_offers_fetch_all_and_the_job_page_follows(runs):
    run = runs["ui_csv"]
    assert run["button"] == "12,345" and run["start_status"] == 302
    assert "Every id exactly once" in run["page_html"] and "Download CSV" in run["page_html"]


def test_the_db_worker_command_fetches_every_id_exactly_once_into_a_labelled_csv(runs):
    run = runs["ui_csv"]
    assert run["worker_code"] == 0, run["worker_stderr"]
    assert_complete(run)
    assert run["page_rows"] == PAGES and run["page_origins"] == ["job"] and run["failed_rows"] == 0
    assert run["download_status"] == 200 and run["disposition"].startswith("attachment; filename=")
    with open(run["path"], encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][0] == "ID" and rows[0][2] != "kaufpreis"  # labels from the field configuration
    ids = [int(r[0]) for r in rows[1:]]
    assert len(ids) == len(set(ids)) == ESTATES and set(ids) == set(range(1, ESTATES + 1))
    assert not run["file_path"].startswith("/") and "media" not in run["file_path"]  # relative to MEDIA_ROOT


def test_cancel_stops_within_one_page(runs):
    run = runs["cancel"]
    assert run["cancel_status"] == 302 and run["status"] == "cancelled" and run["error"] == ""
    assert 2 <= run["pages"] <= run["pages_at_cancel"] + 1 < PAGES
    ids = ndjson_ids(run["path"])
    assert len(ids) == len(set(ids)) == run["records"] == run["pages"] * 500
    assert "Cancelled after" in run["page_html"]


def test_a_page_failing_twice_then_answering_loses_nothing(runs):
    run = runs["twice"]
    assert_complete(run)
    assert run["retries"] == 2 and run["page_rows"] == PAGES + 2 and run["failed_rows"] == 2  # each try logged
    ids = ndjson_ids(run["path"])
    assert len(ids) == len(set(ids)) == ESTATES


def test_a_page_failing_three_times_fails_the_job_with_its_error_and_keeps_the_pages_before(runs):
    run = runs["thrice"]
    assert run["status"] == "failed" and "listoffset 1000" in run["error"] and "HTTP 503" in run["error"]
    assert run["pages"] == 2 and run["records"] == 1000 and run["failed_rows"] == 3
    assert run["download_status"] == 200  # what it has stays downloadable
    assert ndjson_ids(run["path"]) == ndjson_ids(runs["twice"]["path"])[:1000]
    assert "The job failed" in run["page_html"] and "HTTP 503" in run["page_html"]


def test_no_transaction_is_open_while_a_page_is_on_its_way(runs):
    assert runs["sends_watched"] == runs["twice"]["page_rows"] + runs["thrice"]["page_rows"] and runs["sends_inside_a_transaction"] == 0
