"""Fire N concurrent `call_perform` sends at the stub; print a JSON summary.

Run as a subprocess by tests/integration/test_concurrency.py so the test database of the suite stays
untouched: `python -m tests.concurrent_calls DB N [--sqlite-defaults]`, where DB is a SQLite file or a
database URL (postgres://…), and --sqlite-defaults runs on Django's SQLite options instead of ours.
"""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.bootstrap import setup_django


def main(db_path: str, calls: int, sqlite_defaults: bool = False) -> None:
    setup_django(db_path, sqlite_defaults=sqlite_defaults)
    from django.conf import settings
    from django.db import connection
    from django.db.models import Sum

    from explorer.calls.models import CallLog, CallRollup
    from explorer.calls.services import call_perform
    from explorer.onoffice.actions import Action, ActionKind
    from tests.stub_upstream import SECRET, TOKEN, StubUpstream

    action = Action(kind=ActionKind.READ, resourcetype="estate")
    errors: list[str] = []

    def one_call(i: int) -> None:
        try:
            call_perform(actions=[action], token=TOKEN, secret=SECRET, url=stub.url, origin="bench")
        except Exception as exc:  # the summary reports any failure; the test asserts there is none
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    with StubUpstream() as stub:
        settings.ONOFFICE_ALLOWED_URLS = [stub.url]
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(one_call, range(calls)))
        upstream_hits = len(stub.requests)
    print(json.dumps({
        "rows": CallLog.objects.count(),
        "pending": CallLog.objects.filter(status=CallLog.Status.PENDING).count(),
        "ok": CallLog.objects.filter(status=CallLog.Status.OK).count(),
        "counted": CallRollup.objects.aggregate(n=Sum("count"))["n"] or 0,  # what the overview will show
        "error_count": len(errors),
        "upstream_hits": upstream_hits,
        "errors": errors[:5],
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sqlite_defaults="--sqlite-defaults" in sys.argv[3:])
