"""Signing throughput and the overhead of `call_perform` over a bare `requests.post`.

Run from the project root: `.venv/bin/python bench/signing.py [--calls N]`.
Both paths post to the same threaded local stub in the same process, interleaved, so machine noise
hits them alike. The service path adds: signing, allowlist check, pending CallLog insert, streaming
read, parsing, scrubbing and the CallLog update (SQLite, WAL, in a temporary file).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bootstrap import setup_django  # noqa: E402  (needs ROOT on sys.path)


def signatures_per_second(sign, seconds: float = 1.0) -> float:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for _ in range(500):
            sign()
        count += 500
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "bench.sqlite3"))
        import requests
        from django.conf import settings

        from explorer.calls.models import CallLog
        from explorer.onoffice.actions import Action, ActionKind
        from explorer.onoffice.signing import build_envelope, encode_envelope, sign_v1, sign_v2
        from explorer.calls.services import call_perform
        from tests.stub_upstream import SECRET, TOKEN, StubUpstream

        params = {"data": ["Id", "kaufpreis", "objekttitel", "ort"], "filter": {"kaufpreis": [{"op": "<", "val": 300000}]},
                  "listlimit": 20, "sortby": {"kaufpreis": "ASC"}}
        v2 = signatures_per_second(lambda: sign_v2(token=TOKEN, secret=SECRET, timestamp=1700000000,
                                                   resourcetype="estate", actionid=ActionKind.READ.urn))
        v1 = signatures_per_second(lambda: sign_v1(token=TOKEN, secret=SECRET, timestamp=1700000000,
                                                   resourcetype="estate", actionid=ActionKind.READ.urn,
                                                   parameters=params))
        print(f"signatures per second: v2 {v2:,.0f}   v1 {v1:,.0f} (v1 encodes the parameters)")

        action = Action(kind=ActionKind.READ, resourcetype="estate", parameters=params)
        with StubUpstream() as stub:
            settings.ONOFFICE_ALLOWED_URLS = [stub.url]
            bare_session = requests.Session()
            body = encode_envelope(build_envelope([action], token=TOKEN, secret=SECRET))

            def bare() -> None:
                response = bare_session.post(stub.url, data=body, headers={"Content-Type": "application/json"},
                                             timeout=(3, 20))
                response.json()

            def service() -> None:
                call_perform(actions=[action], token=TOKEN, secret=SECRET, url=stub.url, origin="bench")

            for _ in range(30):  # warm up connections, caches and the SQLite file
                bare()
                service()
            bare_times, service_times = [], []
            for _ in range(args.calls):
                for fn, sink in ((bare, bare_times), (service, service_times)):
                    started = time.perf_counter()
                    fn()
                    sink.append(time.perf_counter() - started)
            bare_session.close()
            logged = CallLog.objects.filter(origin="bench").count()

        bare_ms = statistics.median(bare_times) * 1000
        service_ms = statistics.median(service_times) * 1000
        print(f"calls: {args.calls} each, interleaved; CallLog rows written: {logged}")
        print(f"bare requests.post (pre-signed body): median {bare_ms:.3f} ms")
        print(f"call_perform (sign + send + parse + log): median {service_ms:.3f} ms")
        print(f"overhead per call: median {service_ms - bare_ms:+.3f} ms   ratio {service_ms / bare_ms:.2f}x"
              f"   (goal: at most 2 ms added)")


if __name__ == "__main__":
    main()
