"""`manage.py onoffice ACTION RESOURCETYPE ...`: one signed call from the command line.

With `--all-pages --output FILE --format {ndjson,csv,json}` (reads only) every page of the read is fetched
(explorer.jobs.fetch, `--concurrency` pages at a time, each a signed call of its own) into FILE, with a
progress line on stderr and the fetch report as JSON on stdout.

Exit codes: 0 all actions OK; 1 the API reported an error; 2 usage, allowlist, transport or response-format error.
"""

import json
import os
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from explorer.errors import ExplorerError
from explorer.jobs.fetch import fetch_all, page_sender, stable_sort
from explorer.jobs.output import FORMATS, writer_for
from explorer.onoffice.actions import Action, ActionKind
from explorer.onoffice.errors import EMPTY_RESULT_HINT, explain
from explorer.onoffice.responses import json_error_where
from explorer.accounts.services import credential_for_cli
from explorer.calls.services import call_perform
from explorer.redaction import scrub


def _usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _parse_params(text: str, source: str) -> dict:
    try:
        value = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        raise _usage_error(f"{source} is not valid JSON: {json_error_where(exc)}.") from None
    except RecursionError:
        raise _usage_error(f"{source} is nested too deeply.") from None
    if value == []:
        return {}
    if not isinstance(value, dict):
        raise _usage_error(f"{source} must be a JSON object, like '{{\"data\": [\"Id\"]}}'.")
    return value


class _ProgressLine:
    """`records 1,500 / 12,345 (12%) · pages 3/25 · 2,950 rec/s · ~4 s left` on stderr, redrawn in place on
    a terminal (at most 10 times a second) and one line per 10% otherwise."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0
        self.last_decile = -1

    def update(self, report) -> None:
        total = report.cntabsolute
        rate = report.records / report.seconds if report.seconds > 0 else 0
        share = f" ({report.records * 100 // total}%)" if total else ""
        left = f" · ~{(total - report.records) / rate:.0f} s left" if total and rate else ""
        line = (f"records {report.records:,} / {'?' if total is None else f'{total:,}'}{share} · pages "
                f"{report.pages}/{report.pages_total or '?'} · {rate:,.0f} rec/s{left}")
        now = time.monotonic()
        if self.tty:
            if now - self.last >= 0.1 or (total is not None and report.records >= total):
                self.stream.write("\r\033[K" + line)
                self.stream.flush()
                self.last = now
            return
        decile = report.records * 10 // total if total else 0
        if decile != self.last_decile:
            self.stream.write(line + "\n")
            self.stream.flush()
            self.last_decile = decile

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Send one signed action to the onOffice API and print the response JSON."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=[k.value for k in ActionKind], help="read, create, modify, get, do or delete")
        parser.add_argument("resourcetype", help="e.g. estate, address, fields (case-sensitive)")
        parser.add_argument("--resource-id", default="", help="record id, or a sub-type such as 'estate' for search")
        parser.add_argument("--identifier", default="", help="free label echoed back in the result")
        params = parser.add_mutually_exclusive_group()
        params.add_argument("--params", help="parameters as a JSON object")
        params.add_argument("--params-file", help="path of a file holding the parameters JSON ('-' reads stdin)")
        parser.add_argument("--url", help="API endpoint (default ONOFFICE_API_URL); must be on ONOFFICE_ALLOWED_URLS")
        parser.add_argument("--hmac-version", type=int, choices=[1, 2], default=None,
                            help="2 (default) or 1 for the legacy MD5 signature")
        parser.add_argument("--credential", type=int, help="id of a stored credential (needs --user)")
        parser.add_argument("--user", help="username owning --credential")
        parser.add_argument("--all-pages", action="store_true",
                            help="read: fetch every page (listlimit 500, sorted by record id) into --output")
        parser.add_argument("--output", help="file the records go to (with --all-pages)")
        parser.add_argument("--format", choices=FORMATS, default=None, help="ndjson (default), csv or json")
        parser.add_argument("--concurrency", type=int, default=None,
                            help=f"pages sent at once (default FETCH_CONCURRENCY={settings.FETCH_CONCURRENCY})")

    def handle(self, *args, **options):
        self._check_all_pages(options)
        parameters = self._parameters(options)
        action = Action(
            kind=ActionKind(options["action"]),
            resourcetype=options["resourcetype"],
            resourceid=options["resource_id"],
            identifier=options["identifier"],
            parameters=parameters,
        )
        signing = self._signing(options)
        hmac_version = signing["hmac_version"]
        if options["all_pages"]:
            return self._fetch_all(action, signing, options)
        try:
            outcome = call_perform(actions=[action], origin="cli", **signing)
        except ExplorerError as exc:
            raise _usage_error(exc.message) from None
        exchange = outcome.exchange
        # Only scrubbed text leaves: an upstream may echo the token or this call's HMAC.
        self._forms = outcome.secret_forms
        if exchange.error is not None:
            self.stderr.write(scrub(f"Error: {exchange.error}", self._forms))
            if exchange.clock_skew is not None and abs(exchange.clock_skew) >= 30:
                self.stderr.write(f"Warning: this machine's clock differs from the server's by {exchange.clock_skew:+.0f} s.")
            sys.exit(2)
        self.stdout.write(json.dumps(json.loads(outcome.body), indent=2, ensure_ascii=False))
        response = outcome.response
        if response.ok:
            if response.results and not response.results[0].records and action.kind == ActionKind.READ:
                self.stderr.write(f"Note: {EMPTY_RESULT_HINT}")
            return
        self._explain(response, exchange.clock_skew, hmac_version)
        sys.exit(1)

    def _check_all_pages(self, options) -> None:
        if not options["all_pages"]:
            for name in ("output", "format", "concurrency"):
                if options[name] is not None:
                    raise _usage_error(f"--{name} goes with --all-pages.")
            return
        if options["action"] != ActionKind.READ.value:
            raise _usage_error(f"--all-pages pages a read; {options['action']!r} has no pages.")
        if options["resource_id"]:
            raise _usage_error("--all-pages reads a list; drop --resource-id (one record has no pages).")
        if not options["output"]:
            raise _usage_error("--all-pages needs --output FILE (the records are not printed).")
        if options["concurrency"] is not None and not 1 <= options["concurrency"] <= 16:
            raise _usage_error("--concurrency must be between 1 and 16.")

    def _fetch_all(self, action, signing, options):
        fmt = options["format"] or "ndjson"
        concurrency = options["concurrency"] or settings.FETCH_CONCURRENCY
        action = Action(kind=action.kind, resourcetype=action.resourcetype, resourceid=action.resourceid,
                        identifier=action.identifier,
                        parameters=stable_sort(action.parameters, action.resourcetype))
        send_page = page_sender(lambda actions: call_perform(actions=actions, origin="cli", **signing), action)
        progress = _ProgressLine(self.stderr._out)
        try:
            stream = open(options["output"], "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise _usage_error(f"Cannot write --output {options['output']!r}: {exc.strerror or exc}.") from None
        with stream:
            writer = writer_for(fmt, stream, parameters=action.parameters)
            report = fetch_all(send_page=send_page, write=writer.write, concurrency=concurrency,
                               on_progress=progress.update, on_worker_exit=lambda: connection.close())
            writer.close()
        progress.done()
        self.stdout.write(json.dumps(report.as_dict(), indent=2))
        if report.error is not None:
            self.stderr.write(f"Error: {report.error}")
            self.stderr.write(f"Kept {report.records:,} records of {report.pages} pages in {options['output']}.")
            sys.exit(1 if report.api_error else 2)
        if report.duplicates or report.gaps or report.cntabsolute_changed:
            self.stderr.write(f"Note: the data changed while paging: {report.duplicates} duplicates, "
                              f"{report.gaps} records missing against cntabsolute {report.cntabsolute}.")

    def _parameters(self, options) -> dict:
        if options["params_file"]:
            path = options["params_file"]
            if path == "-":
                return _parse_params(sys.stdin.read(), "stdin")
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise _usage_error(f"Cannot read --params-file {path!r}: {getattr(exc, 'strerror', None) or exc}.") from None
            return _parse_params(text, f"--params-file {path!r}")
        return _parse_params(options["params"] or "", "--params")

    def _signing(self, options) -> dict:
        """call_perform's credential arguments: a stored credential (logged as used) or the environment."""
        url = options["url"] or settings.ONOFFICE_API_URL
        if options["credential"] is not None or options["user"]:
            if options["credential"] is None or not options["user"]:
                raise _usage_error("--credential and --user go together.")
            try:
                cred = credential_for_cli(credential_id=options["credential"], username=options["user"])
            except ExplorerError as exc:
                raise _usage_error(exc.message) from None
            return {"token": cred.token, "secret": cred.secret, "url": options["url"] or cred.api_url,
                    "hmac_version": options["hmac_version"] or cred.hmac_version, "user": cred.user,
                    "credential": cred.credential}
        token = os.environ.get("ONOFFICE_TOKEN", "")
        secret = os.environ.get("ONOFFICE_SECRET", "")
        if not token or not secret:
            raise _usage_error("Set ONOFFICE_TOKEN and ONOFFICE_SECRET in the environment, or name a stored "
                               "credential with --credential ID --user USERNAME.")
        return {"token": token, "secret": secret, "url": url, "hmac_version": options["hmac_version"] or 2}

    def _explain(self, response, clock_skew, hmac_version):
        if response.errorcode and not response.results:
            self._write_error("Request", response.errorcode, response.message, clock_skew, hmac_version)
        for i, result in enumerate(response.results, start=1):
            if not result.ok:
                label = f"Action {i} ({result.resourcetype} {result.kind.value if result.kind else '?'})"
                self._write_error(label, result.errorcode, result.message, clock_skew, hmac_version)

    def _write_error(self, label, code, message, clock_skew, hmac_version):
        explanation = explain(code, message, clock_skew=clock_skew, hmac_version=hmac_version)
        self.stderr.write(scrub(f"{label}: error {code}: {explanation.message}", self._forms))
        if explanation.hint:
            self.stderr.write(scrub(f"Hint: {explanation.hint}", self._forms))
