"""Sandbox read speed and memory: a filtered, sorted 500-record estate read over 1,200, 10,000 and 100,000 estates.

Run from the repository root: `.venv/bin/python bench/sandbox.py [--repeat N] [--estates 1200,10000,100000]`.
Sets Django up on a temporary SQLite file, seeds the demo data, serves the app with a threaded WSGI
server on 127.0.0.1 and times the read over real HTTP with the explorer's own client
(explorer.onoffice.client.send_actions: sign, POST, parse), i.e. end to end as the explorer sees it.
The first read after seeding (cache load) is reported separately; the medians are of warm reads, and
their ratios are against the smallest size of the same run. Memory is the peak resident set size of
the whole process (server, client, seeding and the in-memory snapshots). The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bootstrap import setup_django  # noqa: E402  (needs ROOT on sys.path)

PARAMETERS = {
    "data": ["Id", "objektnr_extern", "objekttitel", "objektart", "vermarktungsart", "kaufpreis", "kaltmiete",
             "wohnflaeche", "anzahl_zimmer", "plz", "ort", "heizungsart", "status", "veroeffentlichen"],
    "filter": {
        "status": [{"op": "!=", "val": 0}],
        "objektart": [{"op": "in", "val": ["wohnung", "haus", "zimmer", "grundstueck", "buero_praxen"]}],
    },
    "sortby": {"kaufpreis": "DESC", "wohnflaeche": "ASC"},
    "listlimit": 500,
}


def serve() -> tuple[str, object]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/sandbox/api/stable/api.php", server


def time_reads(url: str, repeat: int) -> tuple[float, list[float], int]:
    from explorer.onoffice.actions import Action, ActionKind
    from explorer.onoffice.client import send_actions
    from explorer.sandbox.users import api_users

    user = api_users()[0]
    action = Action(ActionKind.READ, "estate", parameters=PARAMETERS)

    def once() -> tuple[float, int]:
        started = time.perf_counter()
        exchange = send_actions(url, [action], token=user.token, secret=user.secret)
        elapsed = time.perf_counter() - started
        result = exchange.response.results[0]
        assert result.ok, (result.errorcode, result.message)
        return elapsed, len(result.records)

    cold, count = once()
    warm = [once()[0] for _ in range(repeat)]
    return cold, warm, count


GOALS_MS = {10_000: 100, 100_000: 100}
GOAL_RSS_MB = 400


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def label(estates: int) -> str:
    return f"{estates // 1000}k" if estates >= 10_000 and estates % 1000 == 0 else str(estates)


def sizes(text: str) -> list[int]:
    return sorted({int(part) for part in text.split(",")})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="warm reads per size (default 30)")
    parser.add_argument("--estates", type=sizes, default=[1_200, 10_000, 100_000],
                        help="comma-separated numbers of estates (default 1200,10000,100000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # Runs on a checkout without .env too: a fixed SECRET_KEY and, if needed, a one-off encryption key.
        setup_django(Path(tmp) / "bench.sqlite3", keep_env_log_level=True, secret_key="bench-sandbox-not-secret",
                     fallback_encryption_key=True)
        from explorer.sandbox.seeding import seed

        url, server = serve()
        medians, firsts = {}, {}
        for estates in args.estates:
            started = time.perf_counter()
            seed(estates, 3000, reset=True)
            seeded = time.perf_counter() - started
            cold, warm, count = time_reads(url, args.repeat)
            medians[estates], firsts[estates] = statistics.median(warm), cold
            print(f"{estates:>6} estates: seeded in {seeded:.1f} s; {count} records per read; "
                  f"first read {cold * 1000:.1f} ms; median of {args.repeat} reads {medians[estates] * 1000:.1f} ms "
                  f"(min {min(warm) * 1000:.1f}, max {max(warm) * 1000:.1f}); peak RSS so far {peak_rss_mb():.0f} MB")
        server.shutdown()
        base = args.estates[0]
        for estates in args.estates[1:]:
            print(f"ratio {estates:,} / {base:,}: {medians[estates] / medians[base]:.2f}")
        for estates, goal in GOALS_MS.items():
            if estates in medians:
                met = "met" if medians[estates] * 1000 <= goal else "NOT met"
                print(f"goal: median at {estates:,} estates <= {goal} ms: {met}")
        rss = peak_rss_mb()
        print(f"goal: peak RSS <= {GOAL_RSS_MB} MB: {'met' if rss <= GOAL_RSS_MB else 'NOT met'} ({rss:.0f} MB)")
        figures = {f"read_{label(n)}_ms": round(medians[n] * 1000, 1) for n in sorted(medians, reverse=True)}
        firsts = {f"first_read_{label(n)}_ms": round(firsts[n] * 1000) for n in sorted(firsts, reverse=True)}
        print(json.dumps({**figures, "peak_rss_mb": round(rss), **firsts}))


if __name__ == "__main__":
    main()
