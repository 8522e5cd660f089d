"""Nothing lost: N concurrent sends give N completed log rows, on a real SQLite file (threads on the in-memory
test database get "database table is locked" at once)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_concurrent_sends_each_leave_one_completed_row(tmp_path):
    calls = 64
    result = subprocess.run(
        [sys.executable, "-m", "tests.concurrent_calls", str(tmp_path / "db.sqlite3"), str(calls)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary == {"rows": calls, "pending": 0, "ok": calls, "upstream_hits": calls, "errors": []}


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
