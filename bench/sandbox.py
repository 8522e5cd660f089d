"""Sandbox read speed: a filtered, sorted 500-record estate read over 10,000 and over 1,200 estates.

Run from the repository root: `.venv/bin/python bench/sandbox.py [--repeat N]`.
Sets Django up on a temporary SQLite file, seeds the demo data, serves the app with a threaded WSGI
server on 127.0.0.1 and times the read over real HTTP with the explorer's own client
(explorer.onoffice.client.send_actions: sign, POST, parse), i.e. end to end as the explorer sees it.
The first read after seeding (cache load) is reported separately; the medians are of warm reads.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="warm reads per size (default 30)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # Runs on a checkout without .env too: a fixed SECRET_KEY and, if needed, a one-off encryption key.
        setup_django(Path(tmp) / "bench.sqlite3", keep_env_log_level=True, secret_key="bench-sandbox-not-secret",
                     fallback_encryption_key=True)
        from explorer.sandbox.seeding import seed

        url, server = serve()
        medians = {}
        for estates in (10_000, 1_200):
            started = time.perf_counter()
            seed(estates, 3000, reset=True)
            seeded = time.perf_counter() - started
            cold, warm, count = time_reads(url, args.repeat)
            medians[estates] = statistics.median(warm)
            print(f"{estates:>6} estates: seeded in {seeded:.1f} s; {count} records per read; "
                  f"first read {cold * 1000:.1f} ms; median of {args.repeat} reads {medians[estates] * 1000:.1f} ms "
                  f"(min {min(warm) * 1000:.1f}, max {max(warm) * 1000:.1f})")
        server.shutdown()
        print(f"ratio 10,000 / 1,200: {medians[10_000] / medians[1_200]:.2f}")
        print(f"goal: median at 10,000 estates <= 100 ms: {'met' if medians[10_000] <= 0.1 else 'NOT met'}")


if __name__ == "__main__":
    main()
