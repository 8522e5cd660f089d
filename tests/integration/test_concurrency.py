"""Nothing lost: N concurrent sends give N completed log rows, on a real SQLite file (threads on the in-memory
test database get "database table is locked" at once) and, in the PostgreSQL run, on PostgreSQL; the same
load on Django's default SQLite options loses rows, so the check can see a loss."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import fresh_database

ROOT = Path(__file__).resolve().parents[2]
CALLS = 200


def run_calls(db: str, calls: int, *options: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "tests.concurrent_calls", db, str(calls), *options],
                            cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_concurrent_sends_each_leave_one_completed_row(tmp_path):
    with fresh_database(tmp_path) as db:
        summary = run_calls(db, CALLS)
    assert summary == {"rows": CALLS, "pending": 0, "ok": CALLS, "counted": CALLS, "error_count": 0,
                       "upstream_hits": CALLS, "errors": []}


@pytest.mark.sqlite_file
def test_djangos_default_sqlite_options_lose_rows_under_the_same_load(tmp_path):
    """Proves the check above can fail: without WAL, IMMEDIATE and a busy timeout, writers collide."""
    summary = run_calls(str(tmp_path / "db.sqlite3"), CALLS, "--sqlite-defaults")
    assert summary["counted"] < CALLS or summary["ok"] < CALLS, summary  # writes were lost
    assert any("locked" in error for error in summary["errors"]), summary


def test_concurrent_cache_misses_make_one_field_configuration_call(tmp_path):
    """20 composer requests with a cold cache for one credential: one `fields` call, the others wait for it."""
    requests = 20
    result = subprocess.run(
        [sys.executable, "-m", "tests.concurrent_composer", str(tmp_path / "db.sqlite3"), str(requests)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary == {"statuses": [200], "fields_calls": 1, "fields_rows": 1, "errors": []}
