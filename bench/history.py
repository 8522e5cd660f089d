"""History speed at a million calls: the list, a filtered list, a full-text search and the overview.

Run from the project root: `.venv/bin/python bench/history.py [--rows 1000000] [--small 1000] [--runs 15]`.
Builds a temporary SQLite database (WAL, as in production) with a team workspace of `--rows` calls and
another of `--small` calls (the same generator: five members, their credentials, 90 days, the usual mix of
statuses, actions and identifiers, with the roll-ups the overview reads), then times, through Django's
test client signed in as a member, each page of each workspace in turn (interleaved, so machine noise
hits both cases alike) and prints medians and the ratio of the large to the small case. The last line is
one JSON object with the figures in milliseconds. Goals (2-core machine): list ≤ 50 ms and ≤ 2× the small
case, filter ≤ 80 ms, search ≤ 150 ms, overview ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bootstrap import setup_django  # noqa: E402  (needs ROOT on sys.path)

ACTIONS = [("read", "estate", 40), ("read", "address", 25), ("get", "search", 10), ("create", "address", 8),
           ("modify", "estate", 7), ("get", "fields", 6), ("read", "task", 4)]
STATUSES = [("ok", 90), ("api_error", 7), ("transport_error", 2), ("format_error", 1)]
WORDS = ["akquise", "export", "portal", "expose", "besichtigung", "nachfrage", "wohnungen", "haeuser", "koeln",
         "aachen", "bonn", "duesseldorf", "neubau", "bestand", "miete", "kauf", "abgleich", "sync", "import"]
RARE = "sonderaktion"  # in 0.5 % of the calls: what the search looks for
URN = "urn:onoffice-de-ns:smart:2.5:smartml:action:"


def generate(workspace, members: list, credentials: dict, rows: int, seed: int) -> None:
    """Insert `rows` completed calls and their roll-ups with raw SQL in large transactions (fast to build)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from explorer.calls.models import CallRollup
    from explorer.calls.overview import _bucket
    from explorer.calls.search import search_text

    rng = random.Random(seed)
    weights_actions = [w for *_, w in ACTIONS]
    now = timezone.now()
    rollups: dict = defaultdict(lambda: [0, defaultdict(int), defaultdict(int)])
    columns = ("started_at", "finished_at", "user_id", "workspace_id", "credential_id", "origin", "endpoint",
               "hmac_version", "actions", "action_keys", "search_text", "status", "http_status", "errorcode",
               "action_errorcodes", "duration_ms", "response_bytes", "response_body", "response_truncated",
               "clock_skew", "error_text")
    sql = (f"INSERT INTO explorer_calllog ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})")
    batch = []
    for i in range(rows):
        kind, resourcetype, _ = rng.choices(ACTIONS, weights=weights_actions)[0]
        status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
        member = rng.choice(members)
        started = now - timedelta(seconds=rng.uniform(0, 90 * 86400))
        duration = round(rng.lognormvariate(3.2, 0.7), 2)
        words = rng.sample(WORDS, 2) + ([RARE] if rng.random() < 0.005 else [])
        identifier = "-".join(words)
        action = {"actionid": URN + kind, "resourceid": "", "identifier": identifier, "resourcetype": resourcetype,
                  "parameters": {"data": ["Id", "ort"], "listlimit": rng.choice([20, 50, 100, 500])}}
        code = 0 if status == "ok" else (rng.choice([143, 75, 137, 136, 232]) if status == "api_error" else None)
        origin = "fields" if resourcetype == "fields" else rng.choice(["ui", "ui", "saved", "cli"])
        error = f"action 1: {code}: error" if code else ("timed out" if status == "transport_error" else "")
        batch.append((started, started + timedelta(milliseconds=duration), member.pk, workspace.pk,
                      credentials[member.pk], origin, "https://api.onoffice.de/api/stable/api.php", 2,
                      json.dumps([action]), f" {kind}:{resourcetype} ", search_text([action], error), status,
                      200 if status in ("ok", "api_error") else None, 97 if code else 0,
                      json.dumps([code] if code is not None else []), duration, rng.randint(200, 90_000), "", False,
                      0.4, error))
        key = (timezone.localdate(started), status, f"{kind}:{resourcetype}", origin == "fields")
        rollup = rollups[key]
        rollup[0] += 1
        rollup[1][str(_bucket(duration))] += 1
        if code:
            rollup[2][str(code)] += 1
        if len(batch) == 20_000 or i == rows - 1:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            batch = []
    CallRollup.objects.bulk_create(
        (CallRollup(workspace=workspace, day=k[0], status=k[1], action_key=k[2], automatic=k[3], count=v[0],
                    durations=dict(v[1]), errors=dict(v[2])) for k, v in rollups.items()),
        batch_size=5000)


def build(rows: int, small: int):
    from django.contrib.auth import get_user_model

    from explorer.accounts import services as accounts
    from explorer.accounts.models import Membership

    users = [get_user_model().objects.create_user(f"agent{i}", password=None) for i in range(5)]
    for user in users:
        accounts.user_onboard(user=user)
    workspaces = {}
    for name, count, seed in (("large", rows, 1), ("small", small, 2)):
        workspace = accounts.workspace_create(user=users[0], name=f"Team {name}")
        for user in users[1:]:
            Membership.objects.create(workspace=workspace, user=user, role="editor")
        credentials = {u.pk: u.credentials.first().pk for u in users}
        started = time.perf_counter()
        generate(workspace, users, credentials, count, seed)
        print(f"{count:>9,} calls in “{workspace.name}” generated in {time.perf_counter() - started:.1f} s", flush=True)
        workspaces[name] = workspace
    return users[1], workspaces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "history.sqlite3")
        from django.conf import settings
        from django.test import Client

        settings.ALLOWED_HOSTS = ["testserver"]
        member, workspaces = build(args.rows, args.small)
        client = Client()
        client.force_login(member)
        fragment = {"HX-Request": "true", "HX-Target": "history-list"}
        pages = {
            "list": ("/history/", {}),
            "filter": ("/history/", {"status": "api_error", "resourcetype": "estate", "action": "read"}),
            "search": ("/history/", {"q": RARE}),
            "overview": ("/history/chart.svg", {"theme": "light"}),
        }
        timings: dict[str, list[float]] = defaultdict(list)
        for run in range(args.runs + 1):
            for name, workspace in workspaces.items():
                client.post("/workspaces/switch/", {"workspace": workspace.pk, "next": "/history/"})
                for page, (path, params) in pages.items():
                    started = time.perf_counter()
                    response = client.get(path, params, headers=fragment if path == "/history/" else {})
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200, (page, response.status_code)
                    if run:  # the first round warms caches and query plans
                        timings[f"{page}_{name}"].append(elapsed)
        medians = {k: statistics.median(v) for k, v in timings.items()}
        for page in pages:
            large, small = medians[f"{page}_large"], medians[f"{page}_small"]
            print(f"{page:9} {args.rows:>9,} calls {large:7.1f} ms   {args.small:>6,} calls {small:6.1f} ms"
                  f"   ratio {large / small:4.2f}")
        print(json.dumps({"list_1m_ms": round(medians["list_large"], 1), "list_1k_ms": round(medians["list_small"], 1),
                          "filter_1m_ms": round(medians["filter_large"], 1),
                          "search_1m_ms": round(medians["search_large"], 1),
                          "search_1k_ms": round(medians["search_small"], 1),
                          "overview_1m_ms": round(medians["overview_large"], 1)}))


if __name__ == "__main__":
    main()
