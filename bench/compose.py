"""Server time of the composer's heavy fragments, as medians and as ratios to a plain signed-in page.

Run from the project root: `.venv/bin/python bench/compose.py [--runs N]`.
In-process through Django's test client (server time, no browser), on a temporary SQLite file, against
the threaded local stub. Measured in one run, interleaved with the baseline page:
- the field dropdown fragment (`field-options-0`) for a 1,000-field module with a warm cache (goal ≤ 15 ms);
- the result fragment of a send answering 500 records × 100 fields (goal ≤ 300 ms; includes the
  local round trip to the stub), and the re-render of that table from the kept answer (table paging);
- the re-render of the composer form after one edit with 20 chosen fields and 3 filters (goal ≤ 20 ms) and
  the size of that fragment (goal ≤ 60 KB: the picker's field list and the datalists load lazily).
The last line is the figures as JSON.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bootstrap import setup_django  # noqa: E402  (needs ROOT on sys.path)

FIELD_COUNT = 1000
RECORDS, RECORD_FIELDS = 500, 100
READ = "urn:onoffice-de-ns:smart:2.5:smartml:action:read"
GET = "urn:onoffice-de-ns:smart:2.5:smartml:action:get"


def field_config() -> dict:
    types = ["varchar", "integer", "float", "date", "singleselect", "multiselect", "boolean", "text"]
    elements = {"label": "Immobilien"}
    for i in range(FIELD_COUNT):
        kind = types[i % len(types)]
        permitted = {f"k{j}": f"Wert {j}" for j in range(8)} if kind.endswith("select") else None
        elements[f"feld_{i:04d}"] = {"type": kind, "length": 80 if kind == "varchar" else None,
                                     "permittedvalues": permitted, "default": None, "label": f"Feld Nummer {i}",
                                     "filters": [], "dependencies": [], "compoundFields": []}
    return elements


def envelope(actionid: str, resourcetype: str, records: list, cntabsolute) -> bytes:
    result = {"actionid": actionid, "resourceid": "", "resourcetype": resourcetype, "identifier": "",
              "cacheable": True, "data": {"meta": {"cntabsolute": cntabsolute}, "records": records},
              "status": {"errorcode": 0, "message": "OK"}}
    return json.dumps({"status": {"code": 200, "errorcode": 0, "message": "OK"},
                       "response": {"results": [result]}}).encode()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client

        from explorer.accounts import services as account_services
        from explorer.calls.models import CallLog
        from tests.stub_upstream import SECRET, TOKEN, StubUpstream

        settings.ALLOWED_HOSTS = ["testserver"]
        settings.DEBUG = False
        user = get_user_model().objects.create_user("bench", password="bench-password-123")
        account_services.user_onboard(user=user)
        config = field_config()
        names = [n for n in config if n != "label"][:RECORD_FIELDS]
        records = [{"id": r, "type": "estate", "elements": {n: f"{r}-{n}" for n in names}} for r in range(1, RECORDS + 1)]

        with StubUpstream() as stub:
            settings.ONOFFICE_ALLOWED_URLS = [stub.url]
            credential = account_services.credential_create(user=user, label="Bench", token=TOKEN, secret=SECRET,
                                                    api_url=stub.url, hmac_version=2, read_only=False)
            client = Client()
            client.force_login(user)
            query = urlencode({"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read",
                               "0-params": json.dumps({"data": names[:5], "listlimit": 500})})
            stub.mode = "fixed"
            stub.fixed_body = envelope(GET, "fields", [{"id": "estate", "type": "", "elements": config}], None)
            warm = client.get(f"/compose/?{query}")  # fetches the field configuration once, then it is cached
            assert warm.status_code == 200, warm.status_code
            stub.fixed_body = envelope(READ, "estate", records, 12_000)
            send_data = {"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read",
                         "0-params": json.dumps({"data": names, "listlimit": 500})}
            htmx = {"HX-Request": "true"}
            first = client.post("/compose/send/", send_data, headers=htmx | {"HX-Target": "call-result"})
            assert b"1\xe2\x80\x93500 of 12,000" in first.content, first.content[:500]
            log_id = CallLog.objects.filter(origin="ui").latest("pk").pk

            def timed(fn) -> float:
                started = time.perf_counter()
                response = fn()
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, response.status_code
                return elapsed

            page = lambda: client.get("/credentials/")  # noqa: E731  (named for the table below)
            dropdown = lambda: client.get(f"/compose/?{query}", headers=htmx | {"HX-Target": "field-options-0"})  # noqa: E731
            send = lambda: client.post("/compose/send/", send_data, headers=htmx | {"HX-Target": "call-result"})  # noqa: E731
            rerender = lambda: client.get(f"/history/{log_id}/?page=2", headers=htmx | {"HX-Target": "result-0"})  # noqa: E731
            # One edit in the form (listlimit) of a read with 20 chosen fields and 3 filters, as htmx posts it.
            chosen, filtered = names[:20], [n for n in names if config[n]["type"] in ("integer", "varchar", "date")][:3]
            edit_data = {"cred": credential.pk, "n": 1, "0-rt": "estate", "0-act": "read", "0-src": "form", "0-form": "1",
                         "0-params": json.dumps({"data": chosen, "listlimit": 20}),
                         "0-data": chosen, "0-f-field": filtered, "0-f-op": [">=", "=", "<"],
                         "0-f-val": ["10", "Wert", "2025-01-01"], "0-f-val2": ["", "", ""],
                         "0-listlimit": "50", "0-sortorder": "ASC"}
            edit = lambda: client.post("/compose/", edit_data, headers=htmx | {"HX-Target": "composer"})  # noqa: E731
            edited = edit()
            assert edited.status_code == 200 and b'&quot;listlimit&quot;: 50' in edited.content, edited.content[:300]
            assert edited.content.count(b'name="0-f-field"') == 3 and b"feld_0019" in edited.content
            samples = {name: [] for name in ("page", "dropdown", "send", "rerender", "edit")}
            for _ in range(3):
                page(), dropdown(), rerender(), edit()
            for _ in range(args.runs):
                for name, fn in (("page", page), ("dropdown", dropdown), ("send", send), ("rerender", rerender),
                                 ("edit", edit)):
                    samples[name].append(timed(fn))
            dropdown_size = len(dropdown().content)
            edit_size = len(edit().content)

    base = median_ms(samples["page"])
    print(f"runs: {args.runs} each, interleaved; in-process test client, DEBUG off, SQLite file")
    print(f"plain signed-in page (/credentials/):            median {base:7.2f} ms   ratio 1.00x")
    for name, label, goal in (
        ("dropdown", f"field dropdown fragment ({FIELD_COUNT:,} fields, warm)", 15),
        ("send", f"result fragment, send {RECORDS} × {RECORD_FIELDS} fields", 300),
        ("rerender", "result table page re-rendered from the answer", 300),
        ("edit", "composer re-render, 1 edit, 20 fields, 3 filters", 20),
    ):
        value = median_ms(samples[name])
        print(f"{label:<48} median {value:7.2f} ms   ratio {value / base:5.2f}x   goal ≤ {goal} ms")
    print(f"field dropdown fragment size: {dropdown_size / 1024:.0f} KiB")
    print(f"composer fragment size after one edit: {edit_size / 1024:.1f} KiB   goal ≤ 60 KB")
    figures = {name: round(median_ms(values), 2) for name, values in samples.items()}
    print(json.dumps({"runs": args.runs, "median_ms": figures, "dropdown_kib": round(dropdown_size / 1024, 1),
                      "composer_edit_kib": round(edit_size / 1024, 1),
                      "goals": {"dropdown_ms": 15, "send_ms": 300, "rerender_ms": 300, "edit_ms": 20, "edit_kb": 60},
                      "met": figures["dropdown"] <= 15 and figures["send"] <= 300 and figures["rerender"] <= 300
                      and figures["edit"] <= 20 and edit_size <= 60_000}))


if __name__ == "__main__":
    main()
