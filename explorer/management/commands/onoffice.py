"""`manage.py onoffice ACTION RESOURCETYPE ...`: one signed call from the command line.

Exit codes: 0 all actions OK; 1 the API reported an error; 2 usage, allowlist, transport or response-format error.
"""

import json
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from explorer.errors import ExplorerError
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

    def handle(self, *args, **options):
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
