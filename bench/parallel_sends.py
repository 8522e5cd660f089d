"""Parallel composer sends to the sandbox under gunicorn, with /healthz timed while they run.

Run from the repository root: `.venv/bin/python bench/parallel_sends.py [--sends 200] [--workers 2]
[--threads 8]`. Seeds a temporary SQLite file, signs one user in, starts gunicorn as README's production
notes run it (`-c core/gunicorn.conf.py`; `--worker-class gthread` compares with gunicorn's own worker) on
127.0.0.1, and posts N composer sends (`/compose/send/` as htmx sends it: an estate read on the demo
credential, answered with the result fragment) all at the same moment, while a probe in a process of its
own asks `/healthz` every 20 ms.
Before issue 13's fix each send to the sandbox held a second worker thread of the same server, so more
sends than threads stalled everything. tests/integration/test_parallel_sends.py runs this with a count
above the thread count. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bootstrap import setup_django  # noqa: E402  (needs ROOT on sys.path)
from bench.services import free_port, gunicorn  # noqa: E402

SECRET_KEY = "bench-parallel-sends-not-secret"
PARAMS = {"data": ["Id", "objekttitel", "kaufpreis", "ort"], "listlimit": 20}
HEALTH_EVERY = 0.02


def prepare(db: Path | str, base_url: str) -> tuple[str, int]:
    """Seed the sandbox, create a user with the demo credential; returns (session cookie, credential id)."""
    os.environ["SANDBOX_BASE_URL"] = base_url
    setup_django(db, secret_key=SECRET_KEY, fallback_encryption_key=True)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from explorer.accounts.models import sandbox_endpoint
    from explorer.accounts.services import credential_create
    from explorer.sandbox.seeding import seed
    from explorer.sandbox.users import api_users

    seed()
    demo = next(u for u in api_users() if u.rights == "read-write")
    user = get_user_model().objects.create_user("alice")
    credential = credential_create(user=user, label="Sandbox", token=demo.token, secret=demo.secret,
                                   api_url=sandbox_endpoint(), hmac_version=2, read_only=False)
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value, credential.pk


def run(sends: int, workers: int, threads: int, worker_class: str | None = None, database: str | None = None) -> dict:
    """Start the server (core/gunicorn.conf.py, or another worker class to compare) and measure; on a
    temporary SQLite file unless `database` is an empty database's URL."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        session, cred = prepare(database or Path(tmp) / "db.sqlite3", base)
        env = {**os.environ, "DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1",
               "SANDBOX_BASE_URL": base, "LOG_LEVEL": "WARNING"}
        with gunicorn(env, workers=workers, threads=threads, worker_class=worker_class, port=port) as base:
            return _measure(base, session, cred, sends)


def _measure(base: str, session: str, cred: int, sends: int) -> dict:
    page = requests.get(f"{base}/compose/", cookies={"sessionid": session}, timeout=30)
    page.raise_for_status()
    csrf = page.cookies.get("csrftoken") or re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    form = {"cred": str(cred), "n": "1", "0-rt": "estate", "0-act": "read", "0-params": json.dumps(PARAMS),
            "csrfmiddlewaretoken": csrf}
    cookies = {"sessionid": session, "csrftoken": csrf}
    # What htmx sends for the composer's Send button: the answer is the `call-result` fragment, not the page.
    headers = {"HX-Request": "true", "HX-Target": "call-result", "HX-Current-URL": f"{base}/compose/",
               "X-CSRFToken": csrf}
    barrier = threading.Barrier(sends)

    def send() -> tuple[bool, float, str]:
        barrier.wait()
        started = time.perf_counter()
        try:
            response = requests.post(f"{base}/compose/send/", data=form, cookies=cookies, headers=headers,
                                     timeout=60)
        except requests.RequestException as exc:
            return False, time.perf_counter() - started, type(exc).__name__
        seconds = time.perf_counter() - started
        ok = response.status_code == 200 and "Read 20 of" in response.text
        return ok, seconds, "" if ok else f"HTTP {response.status_code}: {response.text[:200]}"

    idle = [_probe(base)[0] for _ in range(20)]  # the baseline: /healthz with nothing else running
    # The probe runs in a process of its own, as a load balancer's does: in this one it would wait for the
    # interpreter lock among the 200 sending threads, and time that instead of the server.
    prober = subprocess.Popen([sys.executable, __file__, "--probe", base], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    prober.stdout.readline()  # "ready": probing
    started = time.time()
    with ThreadPoolExecutor(max_workers=sends) as pool:
        results = list(pool.map(lambda _: send(), range(sends)))
    ended = time.time()
    probes, _ = prober.communicate("stop\n", timeout=60)
    during = [(seconds, status) for at, seconds, status in json.loads(probes) if at <= ended and at + seconds >= started]
    health = [seconds for seconds, _ in during]
    health_failures = [status for _, status in during if status != "200"]
    durations = [seconds for _, seconds, _ in results]
    failures = [why for ok, _, why in results if not ok]
    return {"sends": sends, "ok": sends - len(failures), "wall_s": round(ended - started, 2),
            "median_s": round(statistics.median(durations), 3), "max_s": round(max(durations), 3),
            "healthz_idle_ms": round(statistics.median(idle) * 1000, 1), "healthz_checks": len(health),
            "healthz_median_ms": round(statistics.median(health) * 1000, 1),
            "healthz_p95_ms": (round(statistics.quantiles(health, n=20, method="inclusive")[-1] * 1000, 1)
                               if len(health) > 1 else None),
            "healthz_max_ms": round(max(health) * 1000, 1), "healthz_failures": len(health_failures),
            "failures": failures[:3]}


def _probe(base: str) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        status = str(requests.get(f"{base}/healthz", timeout=30).status_code)
    except requests.RequestException as exc:
        status = type(exc).__name__
    return time.perf_counter() - started, status


def probe_until_stopped(base: str) -> None:
    """Child mode: ask /healthz every HEALTH_EVERY s until a line arrives on stdin; print [[at, s, status]]."""
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    samples = []
    print("ready", flush=True)
    while not stop.is_set():
        at = time.time()
        seconds, status = _probe(base)
        samples.append((at, seconds, status))
        time.sleep(HEALTH_EVERY)
    print(json.dumps(samples), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--worker-class", help="instead of core/gunicorn.conf.py's, e.g. gthread to compare")
    parser.add_argument("--database", help="an empty database's URL (default: a temporary SQLite file)")
    parser.add_argument("--probe", help=argparse.SUPPRESS)  # child mode: the base URL to ask /healthz
    args = parser.parse_args()
    if args.probe:
        probe_until_stopped(args.probe)
        return
    figures = run(args.sends, args.workers, args.threads, args.worker_class, args.database)
    print(f"{figures['ok']} of {figures['sends']} sends answered OK in {figures['wall_s']} s "
          f"(median {figures['median_s']} s, slowest {figures['max_s']} s); /healthz asked "
          f"{figures['healthz_checks']} times meanwhile: median {figures['healthz_median_ms']} ms, "
          f"slowest {figures['healthz_max_ms']} ms (idle: median {figures['healthz_idle_ms']} ms; ratio of the "
          f"slowest to idle {figures['healthz_max_ms'] / figures['healthz_idle_ms']:.1f})")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
