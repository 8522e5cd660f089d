"""Fetch all pages: N sandbox estates with SANDBOX_LATENCY_MS added per call, sequential (concurrency 1)
against concurrency 4 in one run, with the wall time and peak memory of the fetching process.

Run from the repository root: `.venv/bin/python bench/fetch_all.py [--records 50000] [--small 10000]
[--latency-ms 100] [--repeat 1] [--without-hint]`. The sandbox runs as its own service (bench/services.py:
gunicorn with SANDBOX_SERVICE=true on a temporary SQLite file seeded with the estates, the latency added
there, four workers without keep-alive), as a real onOffice server is another machine; each fetch runs in a fresh child process (`--fetch`) with
SANDBOX_IN_PROCESS=false, through the explorer's own path (explorer.jobs.fetch with call_perform: every page
signed afresh and logged in the child's own database), so its peak RSS (resource.getrusage maxrss) is the
fetch's own. (No tracemalloc: tracing every allocation slows the fetch itself several-fold.)
The last line is one JSON object: records, sequential_s, concurrent_s, speedup, peak_rss_mb.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bootstrap import setup_django  # noqa: E402  (needs ROOT on sys.path)
from bench.services import sandbox_service  # noqa: E402

PARAMETERS = {"data": ["Id", "objekttitel", "objektart", "kaufpreis", "wohnflaeche", "plz", "ort"]}
SECRET_KEY = "bench-fetch-all-not-secret"


def fetch(db: str, sandbox: str, concurrency: int, output: str, hint: bool = True) -> dict:
    """One fetch-all in this process from the sandbox service at `sandbox`; returns its figures. `hint`: the
    engine gets the total of a first small read, as a job gets the total its composer read showed."""
    # DEBUG off as in production: with it on Django keeps every query of the fetch in memory.
    os.environ.update({"SANDBOX_IN_PROCESS": "false", "SANDBOX_BASE_URL": sandbox, "SECRET_KEY": SECRET_KEY,
                       "DEBUG": "false"})
    setup_django(db, secret_key=SECRET_KEY, fallback_encryption_key=True)
    import resource

    from django.db import connection

    from explorer.calls.services import call_perform
    from explorer.jobs.fetch import fetch_all, page_sender, stable_sort
    from explorer.jobs.output import NdjsonWriter
    from explorer.onoffice.actions import Action, ActionKind
    from explorer.sandbox.users import api_endpoint, api_users

    user = api_users()[0]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    action = Action(ActionKind.READ, "estate", parameters=stable_sort(PARAMETERS, "estate"))
    send_page = page_sender(lambda actions: call_perform(actions=actions, token=user.token, secret=user.secret,
                                                         url=api_endpoint(), origin="bench"), action)
    # The read the user sent before "Fetch all N records"; it also pays a fresh process's one-time costs
    # (connection, lazy imports), which are not paging.
    shown = send_page(0, 1).cntabsolute
    connection.close()
    started, cpu_started = time.perf_counter(), time.process_time()
    with open(output, "w", encoding="utf-8") as stream:
        writer = NdjsonWriter(stream)
        report = fetch_all(send_page=send_page, write=writer.write, concurrency=concurrency,
                           total_hint=shown if hint else None, on_worker_exit=lambda: connection.close())
        writer.close()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert report.ok and report.distinct_ids == report.cntabsolute and not report.duplicates, report.as_dict()
    return {"records": report.records, "pages": report.pages, "seconds": seconds, "cpu_s": cpu,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_before_fetch_mb": rss_before}


def run_child(db: str, sandbox: str, concurrency: int, output: str, hint: bool) -> dict:
    result = subprocess.run([sys.executable, __file__, "--fetch", db, "--sandbox", sandbox,
                             "--concurrency", str(concurrency), "--output", output,
                             *(() if hint else ("--without-hint",))],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(tmp: Path, records: int, latency_ms: int, repeat: int, hint: bool) -> dict:
    started = time.perf_counter()
    # What is measured is the fetching process; the service stands in for onOffice's servers, which answer
    # each call on a worker of its own. So: one worker per page in flight, and no keep-alive, so that every
    # call goes to a free worker (a kept connection stays with the worker that accepted it, and two of the
    # four often share one interpreter lock for the whole run: single runs then gave 3.6-3.7).
    # warm_up loads every worker.
    with sandbox_service(str(tmp / f"sandbox-{records}.sqlite3"), secret_key=SECRET_KEY, estates=records,
                         addresses=500, workers=4, keep_alive=False, SANDBOX_LATENCY_MS=str(latency_ms)) as sandbox:
        print(f"{records:>7,} estates seeded and served in {time.perf_counter() - started:.1f} s", flush=True)
        warm_up(sandbox, latency_ms)
        # Sequential and concurrent runs take turns, so that a machine getting busier or quieter meanwhile
        # weighs on both alike.
        runs: dict[int, list[dict]] = {1: [], 4: []}
        for i in range(repeat):
            for concurrency in runs:
                runs[concurrency].append(run_child(str(tmp / f"explorer-{records}-{concurrency}-{i}.sqlite3"), sandbox,
                                                   concurrency, str(tmp / "out.ndjson"), hint))
        figures = {}
        for concurrency, done in runs.items():
            figures[concurrency] = summarise(done)
            f = figures[concurrency]
            print(f"{records:>7,} estates, concurrency {concurrency}: {f['pages']} pages, median of {repeat} "
                  f"{f["seconds"]:.2f} s (fetcher CPU {f["cpu_s"]:.2f} s); peak RSS {f['peak_rss_mb']:.1f} MB (before the fetch "
                  f"{f['rss_before_fetch_mb']:.1f})", flush=True)
    return figures


def warm_up(sandbox: str, latency_ms: int) -> None:
    """Estate reads until every worker of the service has its estates in memory, before either fetch is timed
    (a real server has them too; the first of the two runs would otherwise pay for the loads alone). A worker
    still loading takes seconds; rounds of parallel reads go on until one round has none slower than 0.5 s
    beyond the latency."""
    from concurrent.futures import ThreadPoolExecutor

    from explorer.onoffice.actions import Action, ActionKind
    from explorer.onoffice.client import send_actions
    from explorer.onoffice.transport import new_session
    from explorer.sandbox.users import api_users

    user = api_users()[0]
    read = Action(ActionKind.READ, "estate", parameters={"data": ["Id"], "listlimit": 1})

    def one(_) -> float:
        started = time.perf_counter()
        session = new_session()
        try:
            exchange = send_actions(f"{sandbox}/sandbox/api/stable/api.php", [read], token=user.token,
                                    secret=user.secret, session=session)
        finally:
            session.close()
        assert exchange.error is None and exchange.response.results[0].ok, exchange.error
        return time.perf_counter() - started

    for _ in range(20):
        with ThreadPoolExecutor(8) as pool:
            if max(pool.map(one, range(8))) < 0.5 + latency_ms / 1000:
                return
    sys.exit("the sandbox service did not settle")


def summarise(runs: list[dict]) -> dict:
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "rss_before_fetch_mb": max(r["rss_before_fetch_mb"] for r in runs),
        "pages": runs[0]["pages"],
        "runs": runs,
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=10_000, help="the smaller count, to show memory does not grow")
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1, help="fetches per concurrency and size (median)")
    parser.add_argument("--without-hint", action="store_true",
                        help="as the CLI fetches: page 0 alone before the others (no total known beforehand)")
    parser.add_argument("--fetch", help=argparse.SUPPRESS)  # child mode: the explorer's DB
    parser.add_argument("--sandbox", help=argparse.SUPPRESS)  # child mode: the sandbox service's base URL
    parser.add_argument("--concurrency", type=int, default=4, help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fetch:
        print(json.dumps(fetch(args.fetch, args.sandbox, args.concurrency, args.output, not args.without_hint)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "parent.sqlite3", secret_key=SECRET_KEY, fallback_encryption_key=True)  # warm_up
        print(f"SANDBOX_LATENCY_MS={args.latency_ms}", flush=True)
        small = measure(Path(tmp), args.small, args.latency_ms, args.repeat, not args.without_hint)
        large = measure(Path(tmp), args.records, args.latency_ms, args.repeat, not args.without_hint)
    sequential, concurrent = large[1]["seconds"], large[4]["seconds"]
    peak = max(large[1]["peak_rss_mb"], large[4]["peak_rss_mb"])
    small_peak = max(small[1]["peak_rss_mb"], small[4]["peak_rss_mb"])
    speedup = sequential / concurrent
    pairs = [s["seconds"] / c["seconds"] for s, c in zip(large[1]["runs"], large[4]["runs"])]
    print("speedup of each sequential run against the concurrent run after it: "
          + ", ".join(f"{ratio:.2f}" for ratio in pairs))
    print(f"peak RSS {args.small:,}: {small_peak:.1f} MB, {args.records:,}: {peak:.1f} MB")
    print(f"goals: speedup >= 3.7: {'met' if speedup >= 3.7 else 'NOT met'} ({speedup:.2f}); "
          f"peak RSS <= 200 MB: {'met' if peak <= 200 else 'NOT met'}")
    print(json.dumps({"records": args.records, "sequential_s": round(sequential, 2),
                      "concurrent_s": round(concurrent, 2), "speedup": round(speedup, 2),
                      "peak_rss_mb": round(peak, 1)}))


if __name__ == "__main__":
    main()
