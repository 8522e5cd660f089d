"""Fire N concurrent `call_perform` sends at the stub with a file-based SQLite DB; print a JSON summary.

Run as a subprocess by tests/integration/test_concurrency.py so the test database of the suite (in
memory) stays untouched: `python -m tests.concurrent_calls DB_PATH N`.
"""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.bootstrap import setup_django


def main(db_path: str, calls: int) -> None:
    setup_django(db_path)
    from django.conf import settings
    from django.db import connection

    from explorer.calls.models import CallLog
    from explorer.onoffice.actions import Action, ActionKind
    from explorer.calls.services import call_perform
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
        "upstream_hits": upstream_hits,
        "errors": errors[:5],
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
