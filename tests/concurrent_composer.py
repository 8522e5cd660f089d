"""N composer requests at the same moment, for one credential with a cold cache, on a file SQLite DB; print
a JSON summary (how many `fields` calls reached the stub). Run as a subprocess by
tests/integration/test_concurrency.py: `python -m tests.concurrent_composer DB_PATH N`.
"""

import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from bench.bootstrap import setup_django


def main(db_path: str, requests: int) -> None:
    os.environ.update({"DEBUG": "true", "ALLOWED_HOSTS": "testserver"})
    setup_django(db_path, secret_key="concurrent-composer-not-secret", fallback_encryption_key=True)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from explorer.accounts import services as account_services
    from explorer.calls.models import CallLog
    from tests.stub_upstream import SECRET, TOKEN, StubUpstream

    with StubUpstream() as stub:
        # Slow enough that every request misses the cache before the first answer is in.
        stub.mode, stub.delay = "slow", 0.5
        settings.ONOFFICE_ALLOWED_URLS = [stub.url]
        user = get_user_model().objects.create_user("alice")
        credential = account_services.credential_create(user=user, label="Stub", token=TOKEN, secret=SECRET,
                                                         api_url=stub.url, hmac_version=2, read_only=False)
        clients = []
        for _ in range(requests):
            client = Client()
            client.force_login(user)
            clients.append(client)
        start = threading.Barrier(requests)
        errors: list[str] = []

        def one(client) -> int:
            try:
                start.wait()
                response = client.get("/compose/", {"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read"})
                return response.status_code
            except Exception as exc:  # the summary reports any failure; the test asserts there is none
                errors.append(f"{type(exc).__name__}: {exc}")
                return 0
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=requests) as pool:
            statuses = list(pool.map(one, clients))
        fields_calls = sum(1 for r in stub.requests for a in json.loads(r["body"])["request"]["actions"]
                           if a["resourcetype"] == "fields")
    print(json.dumps({
        "statuses": sorted(set(statuses)),
        "fields_calls": fields_calls,
        "fields_rows": CallLog.objects.filter(origin=CallLog.Origin.FIELDS).count(),
        "errors": errors[:5],
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
