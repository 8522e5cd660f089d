"""Fetch-all jobs by the web path on a seeded sandbox, run as a subprocess by tests/integration/test_jobs.py:
`python -m tests.jobs_scenarios DB ESTATES OUTDIR` prints one JSON object with each scenario's outcome.

The pages go out from several threads, which the in-memory test database refuses, hence a SQLite file.
Each job is started as a browser would (the composer's send, then the "Fetch all" form) and run by the
real worker of django-tasks-db: the first one by `manage.py db_worker --batch` in a process of its own,
the others by the same worker loop (its Worker class) in a thread of this process, so that a cancel can
be posted while it runs and page failures can be injected into the signing service's transport.
"""

import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.bootstrap import ROOT, setup_django

PARAMS = {"data": ["Id", "kaufpreis", "ort"], "sortby": {"kaufpreis": "DESC"}, "listlimit": 20}


def main(db: str, estates: int, outdir: str) -> None:
    out = Path(outdir)
    os.environ["MEDIA_ROOT"] = str(out / "media")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    setup_django(db, secret_key="jobs-tests-not-secret", fallback_encryption_key=True)
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test.utils import override_settings
    from django_tasks_db.management.commands.db_worker import Worker

    from explorer.accounts.services import credential_create_for_sandbox
    from explorer.calls import services as call_services
    from explorer.calls.models import CallLog
    from explorer.jobs.models import FetchJob
    from explorer.onoffice.client import Exchange
    from explorer.onoffice.errors import TransportError
    from explorer.sandbox.seeding import seed
    from explorer.sandbox.users import api_users
    from tests.conftest import CsrfClient

    started = time.perf_counter()
    seed(estates, 150, reset=True)
    results = {"seed_s": round(time.perf_counter() - started, 2)}
    user = get_user_model().objects.create_user(username="alice", password="a-long-test-password-9876")
    demo = next(u for u in api_users() if u.rights == "read-write")
    credential = credential_create_for_sandbox(user=user, demo_user=demo)
    client = CsrfClient()
    client.force_login(user)

    def start(fmt: str, labels: bool = False) -> dict:
        query = {"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read", "0-params": json.dumps(PARAMS)}
        html = client.post_htmx("/compose/send/", query, target="call-result").content.decode()
        button = re.search(r"Fetch all ([\d,]+) records", html)
        call = re.search(r'name="call" value="(\d+)"', html)
        form = {"call": call.group(1), "action": "0", "format": fmt} | ({"labels": "1"} if labels else {})
        response = client.post_form("/jobs/", form)
        job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
        return {"button": button.group(1) if button else None, "job": job_id, "start_status": response.status_code}

    def outcome(run: dict) -> dict:
        job = FetchJob.objects.get(pk=run["job"])
        pages = CallLog.objects.filter(job=job)
        download = client.get(f"/jobs/{job.pk}/download/")
        path = out / f"job{job.pk}.{job.format}"
        if download.status_code == 200:
            path.write_bytes(b"".join(download.streaming_content))
        page = client.get(f"/jobs/{job.pk}/").content.decode()
        return run | {
            "status": job.status, "error": job.error, "records": job.records, "pages": job.pages,
            "pages_total": job.pages_total, "cntabsolute": job.cntabsolute, "distinct_ids": job.distinct_ids,
            "duplicates": job.duplicates, "gaps": job.gaps, "retries": job.retries, "note": job.note,
            "page_rows": pages.count(), "page_origins": sorted(set(pages.values_list("origin", flat=True))),
            "failed_rows": pages.exclude(status=CallLog.Status.OK).count(),
            "download_status": download.status_code, "disposition": download.get("Content-Disposition", ""),
            "path": str(path), "page_html": page, "file_path": job.file_path,
        }

    def in_process_worker() -> threading.Thread:
        worker = Worker(queue_names=["default"], interval=0.05, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="jobs-scenarios", excluded_queue_names=[])
        thread = threading.Thread(target=worker.run)
        thread.start()
        return thread

    # 1. Every id exactly once, by the real `db_worker` command in its own process (CSV with labels).
    run = start("csv", labels=True)
    t = time.perf_counter()
    worker = subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
                            cwd=ROOT, env=os.environ | {"DATABASE_URL": f"sqlite:///{db}"}, capture_output=True,
                            text=True, timeout=180)
    results["ui_csv"] = outcome(run) | {"worker_code": worker.returncode, "worker_stderr": worker.stderr[-2000:],
                                        "seconds": round(time.perf_counter() - t, 2),
                                        # the worker is the only child waited for so far (Linux: KiB)
                                        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN)
                                                                    .ru_maxrss / 1024, 1)}

    # 2. Cancel while it runs: pages slowed down so that there is time to press the button.
    with override_settings(SANDBOX_LATENCY_MS=150):
        run = start("ndjson")
        thread = in_process_worker()
        deadline = time.monotonic() + 60
        while FetchJob.objects.get(pk=run["job"]).pages < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        cancel = client.post_form(f"/jobs/{run['job']}/cancel/")
        run |= {"pages_at_cancel": FetchJob.objects.get(pk=run["job"]).pages, "cancel_status": cancel.status_code}
        thread.join(120)
    results["cancel"] = outcome(run)

    # 3./4. A page failing twice then answering, and one failing three times (HTTP 503 from the transport).
    real_send = call_services.send_actions

    in_transaction = []  # per page sent: was a transaction open on the sending thread's connection?

    def failing(times: int, offset: int = 1000):
        left = {"n": times}

        def send_actions(url, actions, **kwargs):
            in_transaction.append(transaction.get_connection().in_atomic_block)
            if actions[0].parameters.get("listoffset") == offset and left["n"] > 0:
                left["n"] -= 1
                return Exchange(error=TransportError("HTTP 503 Service Unavailable (injected)", kind="http",
                                                     http_status=503))
            return real_send(url, actions, **kwargs)
        return send_actions

    for name, times in (("twice", 2), ("thrice", 3)):
        run = start("ndjson")
        call_services.send_actions = failing(times)
        try:
            in_process_worker().join(120)
        finally:
            call_services.send_actions = real_send
        results[name] = outcome(run)
    results["sends_inside_a_transaction"] = sum(in_transaction)
    results["sends_watched"] = len(in_transaction)
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
