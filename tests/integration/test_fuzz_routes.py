"""Hypothesis over every route: random and junk path ids, query strings, form fields, raw bodies, `HX-Target`
values and methods, signed in as a team member with a valid CSRF token. No input answers 5xx.

2,000 examples in the normal run, split evenly over the routes; `FUZZ_EXAMPLES=10000` for a longer run.
Derandomized, so a run is reproducible; each example runs in a transaction that is rolled back, so a
delete or a sign-out in one example does not change what the next one sees.
"""

import math
import os
import re
import traceback
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings, strategies as st

from explorer.accounts import services as account_services
from explorer.accounts.models import Invite, Membership
from explorer.accounts.selectors import workspace_list
from explorer.calls import services as call_services
from explorer.composer.state import state_from_query
from explorer.jobs import services as job_services
from explorer.saved import services as saved_services
from explorer.saved.models import Folder
from tests import stub_upstream
from tests.integration.test_canary import page_routes

pytestmark = pytest.mark.django_db

TOTAL_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2000"))

# Names the forms and links of the app use (composer state, history filters, credential and workspace
# forms, saved requests), so that examples reach past "missing field" into the code behind it.
FIELD_NAMES = [
    "cred", "n", "kind", "saved", "refresh", "sync", "confirm", "force", "page", "format", "next", "module",
    "0-rt", "0-act", "0-rid", "0-ident", "0-params", "0-src", "0-data", "0-listlimit", "0-listoffset",
    "0-f-field", "0-f-op", "0-f-val", "0-f-val2", "0-sortby", "0-lang", "1-rt", "1-act", "1-params", "op", "add",
    "remove", "move", "q", "status", "resourcetype", "action", "credential", "member", "origin", "since", "until",
    "before", "label", "token", "secret", "api_url", "hmac_version", "read_only", "name", "role", "rights",
    "workspace", "folder", "description", "with", "with_id", "var-id", "var-name", "username", "password",
    "password1", "password2", "old_password", "new_password1", "new_password2", "email", "file", "value",
    "call", "labels",
]
TARGETS = ["composer", "call-result", "field-options-0", "field-options-9", "result-0", "result-x", "json-0",
           "json-99", "raw-body", "credential-form", "history-list", "members", "invites", "saved-list", "toast",
           "job-progress", "job-list"]
JUNK = ["", "0", "-1", "1", "2", "99999999999999999999", "1e309", "NaN", "true", "on", "null", "{}", "[]", "[1]",
        '{"data": ["Id"]}', '{"data": [', '{"listlimit": -5}', '{"filter": {"x": [{"op": "~", "val": 1}]}}',
        "estate", "address", "agentslog", "fields", "read", "create", "modify", "get", "do", "delete", "json",
        "form", "csv", "postman", "compose", "/compose/", "//evil.example/", "https://evil.example/", "javascript:x",
        "../../etc/passwd", "\x00", "a\x00b", "\u202e", "ß" * 300, "<script>alert(1)</script>", "%", "%00", "{{x}}",
        "2026-13-45", "2026-02-30", "1970-01-01", "9999-12-31T23:59:59", "sandbox", "stable", "latest", " ", "\t\n"]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
value = st.one_of(st.sampled_from(JUNK), text, st.integers(-2**70, 2**70).map(str))
HOT_NAMES = ["cred", "n", "0-rt", "0-act", "0-params", "name", "label", "workspace", "role", "folder", "saved",
             "with", "next", "page", "before", "since", "q"]
field_name = st.one_of(st.sampled_from(HOT_NAMES), st.sampled_from(FIELD_NAMES), st.sampled_from(FIELD_NAMES).map(lambda n: n.replace("0", "7")),
                       text.filter(bool))
fields = st.dictionaries(field_name, st.one_of(value, st.lists(value, min_size=1, max_size=3)), max_size=8)
hx_target = st.one_of(st.none(), st.sampled_from(TARGETS), text)

ROUTES = page_routes()

@pytest.fixture
def world(team, allow_stub, settings):
    """A team with a credential (at the stub), calls in its history, an invite and a saved request."""
    settings.ONOFFICE_ALLOWED_URLS = [allow_stub.url]  # the sandbox credential is refused before sending
    credential = account_services.credential_create(user=team.alice, label="Alice live", token=stub_upstream.TOKEN,
                                                    secret=stub_upstream.SECRET, api_url=allow_stub.url,
                                                    hmac_version=2, read_only=False)
    token = account_services.invite_create(user=team.alice, workspace=team.workspace, role="viewer")
    calls = [call_services.call_perform(actions=[call_services.CONNECTION_PROBE], token=stub_upstream.TOKEN,
                                        secret=stub_upstream.SECRET, url=allow_stub.url, origin="ui", user=team.alice,
                                        workspace=team.workspace, credential=credential) for _ in range(2)]
    saved = saved_services.saved_request_create(
        user=team.alice, workspace=workspace_list(user=team.alice).get(pk=team.workspace.pk),
        state=state_from_query(QueryDict("n=1&0-rt=estate&0-act=read")), name="Team read")
    return {
        "credential_id": credential.pk, "workspace_id": team.workspace.pk, "log_id": calls[0].log.pk,
        "other_id": calls[1].log.pk, "invite_id": Invite.objects.get().pk, "token": token,
        "membership_id": Membership.objects.get(user=team.eddie, workspace=team.workspace).pk,
        "saved_id": saved.pk, "folder_id": Folder.objects.get(workspace=team.workspace).pk,
        "estate_id": 1, "file_id": 1, "uidb64": "MQ",
        "job_id": job_services.fetch_job_start(user=team.alice, log=calls[0].log, index=0, fmt="csv", labels=False).pk,
    }


def path_for(route: str, draw, params: dict) -> str:
    def one(match):
        converter, name = match.group(1) or "str:", match.group(2)
        known = params.get(name, 1)
        if converter == "int:":
            return str(draw(st.one_of(st.just(known), st.integers(0, 2**70))))
        return draw(st.one_of(st.just(str(known)), st.text(st.characters(whitelist_categories=("L", "N")),
                                                           min_size=1, max_size=30)))
    return "/" + re.sub(r"<(\w+:)?(\w+)>", one, route).lstrip("^").rstrip("$")


def request_once(client, draw, route: str, params: dict):
    path = path_for(route, draw, params)
    query = draw(fields)
    method = draw(st.sampled_from(["GET", "GET", "POST", "POST", "POST", "HEAD", "PUT"]))
    headers = {}
    target = draw(hx_target)
    if target is not None:
        headers |= {"HX-Request": "true", "HX-Target": target}
    url = f"{path}?{urlencode(query, doseq=True)}" if query else path
    if method == "GET":
        if draw(st.booleans()):  # composer links and history filters carry a composition too
            url = f"{path}?{urlencode(draw(valid_base(params)) | query, doseq=True)}"
        return url, client.get(url, headers=headers)
    if method == "HEAD":
        return url, client.head(url, headers=headers)
    headers["X-CSRFToken"] = client.csrf_token()
    if method == "PUT":
        return url, client.put(url, draw(text), headers=headers)
    if draw(st.integers(0, 4)) == 0:  # a raw body, as the sandbox API and a broken client send it
        return url, client.post(url, draw(st.one_of(text, st.sampled_from(JUNK))),
                                content_type=draw(st.sampled_from(["application/json", "text/plain"])),
                                headers=headers)
    form = draw(valid_base(params)) | draw(fields) | {"csrfmiddlewaretoken": client.csrf_token()}
    return url, client.post(url, form, headers=headers)


def valid_base(params: dict):
    """Some fields of a well-formed form (a composition, a name, a role…), so junk reaches past validation."""
    base = {"cred": str(params["credential_id"]), "n": "1", "0-rt": "estate", "0-act": "read", "0-params": "{}",
            "name": "Fuzz", "label": "Fuzz", "workspace": str(params["workspace_id"]), "role": "viewer",
            "folder": str(params["folder_id"]), "saved": str(params["saved_id"]), "with": str(params["other_id"]),
            "api_url": "https://api.onoffice.de/api/stable/api.php", "hmac_version": "2"}
    # Each key present or not; mostly its valid value, else junk in an otherwise well-formed form.
    return st.fixed_dictionaries({}, optional={k: st.one_of(st.just(v), st.just(v), value) for k, v in base.items()})


def test_no_route_answers_5xx(world, team, client_for):
    client = client_for(team.alice)
    client.csrf_token()
    session = client.cookies["sessionid"].value
    per_route = max(1, math.ceil(TOTAL_EXAMPLES / len(ROUTES)))
    failures: dict[str, str] = {}
    examples = 0

    for route, name in ROUTES:
        @settings(max_examples=per_route, deadline=None, derandomize=True, database=None, print_blob=False,
                  suppress_health_check=list(HealthCheck))
        @given(st.data())
        def check(data):
            nonlocal examples
            examples += 1
            client.cookies["sessionid"] = session  # an example that signed out does not sign out the next
            with transaction.atomic():
                try:
                    url, response = request_once(client, data.draw, route, world)
                    assert response.status_code < 500, f"{response.status_code} from {url}"
                finally:
                    transaction.set_rollback(True)

        try:
            check()
        except Exception as exc:  # collect every route's failure (with its minimal example), then report all
            failures[route] = "".join(traceback.format_exception_only(exc)).strip()[-1500:]

    print(f"fuzzed {len(ROUTES)} routes with {examples} examples ({per_route} per route)")
    assert examples >= TOTAL_EXAMPLES
    assert not failures, "\n\n".join(f"{route}: {text}" for route, text in failures.items())
