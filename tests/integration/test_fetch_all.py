"""Fetch all pages (explorer.jobs.fetch) on 12,345 sandbox estates with concurrency 4, by the CLI and the
engine. The pages go out from worker threads, which the in-memory test database refuses, so the scenarios
run once in a subprocess on a SQLite file (tests/fetch_all_scenarios.py) and these tests read its outcome
and files. The sandbox is answered in-process by the explorer's transport (no HTTP server needed)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_cli import run_cli

pytestmark = pytest.mark.sqlite_file
ROOT = Path(__file__).resolve().parents[2]
ESTATES = 12_345


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("fetch_all")
    result = subprocess.run([sys.executable, "-m", "tests.fetch_all_scenarios", str(out / "db.sqlite3"),
                             str(ESTATES), str(out)], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def ndjson_ids(path):
    return [json.loads(line)["id"] for line in Path(path).read_text(encoding="utf-8").splitlines()]


def assert_complete(report):
    assert report["cntabsolute"] == ESTATES and report["records"] == ESTATES
    assert report["distinct_ids"] == ESTATES and report["duplicates"] == 0 and report["gaps"] == 0
    assert report["pages"] == report["pages_total"] == 25 and report["error"] is None


def test_cli_ndjson_has_every_id_once_and_one_log_row_per_page(runs):
    run = runs["cli_ndjson"]
    assert run["code"] == 0
    assert_complete(run["report"])
    ids = ndjson_ids(run["path"])
    assert len(ids) == len(set(ids)) == ESTATES and set(ids) == set(range(1, ESTATES + 1))
    assert run["log_rows"] == 25


def test_cli_csv_has_every_id_once_with_technical_header(runs):
    run = runs["cli_csv"]
    assert run["code"] == 0
    with open(run["path"], encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["id", "Id", "kaufpreis", "ort"]
    ids = [int(r[0]) for r in rows[1:]]
    assert len(ids) == len(set(ids)) == ESTATES


def test_cli_json_is_one_array_in_the_users_sort_then_by_id(runs):
    records = json.loads(Path(runs["cli_json"]["path"]).read_text(encoding="utf-8"))
    assert len({r["id"] for r in records}) == len(records) == ESTATES
    keys = [(-float(r["kaufpreis"] or 0), int(r["id"])) for r in records]
    assert keys == sorted(keys)  # sortby kaufpreis DESC, then Id ASC added for a stable order


def test_engine_directly_has_every_id_once(runs):
    assert_complete(runs["engine"]["report"])
    assert len(set(ndjson_ids(runs["engine"]["path"]))) == ESTATES


def test_cancel_after_the_second_page_stops_within_one_page(runs):
    report = runs["cancel"]["report"]
    assert report["cancelled"] and report["pages"] <= 3 and report["error"] is None
    assert len(ndjson_ids(runs["cancel"]["path"])) == report["records"] <= 1500


def test_a_page_failing_twice_then_succeeding_loses_nothing(runs):
    run = runs["twice"]
    assert run["calls_at_offset"] == 3 and run["report"]["retries"] == 2
    assert_complete(run["report"])
    assert len(set(ndjson_ids(run["path"]))) == ESTATES


def test_a_page_failing_three_times_fails_with_its_error_and_keeps_the_earlier_pages(runs):
    run = runs["thrice"]
    report = run["report"]
    assert run["calls_at_offset"] == 3
    assert report["failed_offset"] == 1000 and "HTTP 503 (injected)" in report["error"]
    assert report["pages"] == 2 and report["records"] == 1000
    assert ndjson_ids(run["path"]) == ndjson_ids(runs["engine"]["path"])[:1000]


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (["create", "estate", "--all-pages", "--output", "x.ndjson"], "pages a read"),
    (["read", "estate", "--all-pages"], "needs --output"),
    (["read", "estate", "--resource-id", "5", "--all-pages", "--output", "x.ndjson"], "drop --resource-id"),
    (["read", "estate", "--output", "x.ndjson"], "--output goes with --all-pages"),
    (["read", "estate", "--format", "csv"], "--format goes with --all-pages"),
    (["read", "estate", "--all-pages", "--output", "x.ndjson", "--concurrency", "0"], "between 1 and 16"),
])
def test_all_pages_usage_errors_exit_2(capsys, args, message):
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and message in err and out == ""
