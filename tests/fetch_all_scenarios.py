"""Fetch-all scenarios on a seeded sandbox, run as a subprocess by tests/integration/test_fetch_all.py: the
pages go out from several threads, which the in-memory test database refuses ("database table is locked"),
so this runs on a SQLite file (or a database URL). `python -m tests.fetch_all_scenarios DB ESTATES OUTDIR`
prints one JSON object with each scenario's outcome."""

import json
import sys
import time
from pathlib import Path

from bench.bootstrap import setup_django


def main(db: str, estates: int, outdir: str) -> None:
    setup_django(db, secret_key="fetch-all-tests-not-secret", fallback_encryption_key=True)
    from django.core.management import call_command
    from django.db import connection

    from explorer.calls.models import CallLog
    from explorer.calls.services import call_perform
    from explorer.jobs.fetch import PageFailed, fetch_all, page_sender, stable_sort
    from explorer.jobs.output import NdjsonWriter
    from explorer.onoffice.actions import Action, ActionKind
    from explorer.sandbox.seeding import seed
    from explorer.sandbox.users import api_endpoint, api_users

    out = Path(outdir)
    started = time.perf_counter()
    seed(estates, 150, reset=True)
    results = {"seed_s": round(time.perf_counter() - started, 2)}
    user = next(u for u in api_users() if u.rights == "read-write")
    url = api_endpoint()
    signing = {"token": user.token, "secret": user.secret, "url": url}
    params = {"data": ["Id", "kaufpreis", "ort"], "sortby": {"kaufpreis": "DESC"}}

    def cli(fmt: str, *extra: str) -> dict:
        path = out / f"cli.{fmt}"
        rows_before = CallLog.objects.count()
        t = time.perf_counter()
        code = 0
        try:
            call_command("onoffice", "read", "estate", "--params", json.dumps(params), "--url", url,
                         "--all-pages", "--output", str(path), "--format", fmt, "--concurrency", "4", *extra,
                         stdout=open(out / f"cli.{fmt}.stdout", "w"), stderr=open(out / f"cli.{fmt}.stderr", "w"))
        except SystemExit as exc:
            code = exc.code
        return {"code": code, "path": str(path), "seconds": round(time.perf_counter() - t, 2),
                "log_rows": CallLog.objects.count() - rows_before,
                "report": json.loads((out / f"cli.{fmt}.stdout").read_text())}

    import os
    os.environ["ONOFFICE_TOKEN"], os.environ["ONOFFICE_SECRET"] = user.token, user.secret
    results["cli_ndjson"] = cli("ndjson")
    results["cli_csv"] = cli("csv")
    results["cli_json"] = cli("json")

    action = Action(ActionKind.READ, "estate", parameters=stable_sort(params, "estate"))
    perform = lambda actions: call_perform(actions=actions, origin="cli", **signing)  # noqa: E731
    send_page = page_sender(perform, action)

    def engine(name: str, sender, **options) -> dict:
        path = out / f"{name}.ndjson"
        with open(path, "w", encoding="utf-8") as stream:
            writer = NdjsonWriter(stream)
            report = fetch_all(send_page=sender, write=writer.write, concurrency=4,
                               on_worker_exit=lambda: connection.close(), **options)
            writer.close()
        return {"path": str(path), "report": report.as_dict()}

    results["engine"] = engine("engine", send_page)

    written = []
    results["cancel"] = engine("cancel", send_page, should_stop=lambda: len(written) >= 2,
                               on_progress=lambda r: written.append(r.pages) if r.pages > len(written) else None)

    def flaky(times: int, offset: int = 1000):
        failures = {"left": times, "calls": 0}

        def sender(o, limit):
            if o == offset:
                failures["calls"] += 1
                if failures["left"] > 0:
                    failures["left"] -= 1
                    raise PageFailed(f"page at listoffset {o}: HTTP 503 (injected)")
            return send_page(o, limit)
        return sender, failures

    sender, failures = flaky(2)
    results["twice"] = engine("twice", sender) | {"calls_at_offset": failures["calls"]}
    sender, failures = flaky(3)
    results["thrice"] = engine("thrice", sender) | {"calls_at_offset": failures["calls"]}
    print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
