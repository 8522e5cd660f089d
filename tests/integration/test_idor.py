"""Object-level authorization: every URL that takes an id, for every kind of visitor.

Another user's ids answer 404 (never 403), so their existence is not confirmed.
"""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from explorer.accounts import services as account_services
from explorer.calls import services as call_services
from django.http import QueryDict

from explorer.accounts.models import Invite, Membership
from explorer.accounts.selectors import workspace_list
from explorer.composer.state import state_from_query
from explorer.jobs import services as job_services
from explorer.saved import services as saved_services
from explorer.saved.models import Folder
from tests import stub_upstream

pytestmark = pytest.mark.django_db

VISITORS = ("alice", "olga", "eddie", "vera", "mallory")  # owner, co-owner, editor, viewer, outsider
OWNERS = {"alice", "olga"}
MEMBERS = OWNERS | {"eddie", "vera"}


@pytest.fixture
def objects(team, allow_stub, canary, settings, tmp_path):
    credential = account_services.credential_create(user=team.alice, label="Alice live", token=stub_upstream.TOKEN,
                                            secret=stub_upstream.SECRET, api_url=allow_stub.url, hmac_version=2,
                                            read_only=False)
    account_services.invite_create(user=team.alice, workspace=team.workspace, role="viewer")
    call = call_services.call_perform(actions=[call_services.CONNECTION_PROBE], token=stub_upstream.TOKEN,
                                 secret=stub_upstream.SECRET, url=allow_stub.url, origin="ui", user=team.alice,
                                 workspace=team.workspace, credential=credential)
    other = call_services.call_perform(actions=[call_services.CONNECTION_PROBE], token=stub_upstream.TOKEN,
                                       secret=stub_upstream.SECRET, url=allow_stub.url, origin="ui", user=team.alice,
                                       workspace=team.workspace, credential=credential)
    personal = call_services.call_perform(actions=[call_services.CONNECTION_PROBE], token=stub_upstream.TOKEN,
                                          secret=stub_upstream.SECRET, url=allow_stub.url, origin="ui",
                                          user=team.alice, workspace=team.alice.personal_workspace,
                                          credential=credential)
    settings.MEDIA_ROOT = tmp_path  # a fetch-all job of Alice's, run here (one page), with its file
    job = job_services.fetch_job_start(user=team.alice, log=call.log, index=0, fmt="ndjson", labels=False)
    job_services.fetch_job_execute(job.pk)
    allow_stub.requests.clear()
    saved = saved_services.saved_request_create(
        user=team.alice, workspace=workspace_list(user=team.alice).get(pk=team.workspace.pk),
        state=state_from_query(QueryDict("n=1&0-rt=estate&0-act=read")), name="Team read")
    return {
        "saved_id": saved.pk,
        "folder_id": Folder.objects.get(workspace=team.workspace).pk,
        "log_id": call.log.pk,
        "personal_log_id": personal.log.pk,
        "other_log_id": other.log.pk,  # a second team call, for the diff and "Compare with…"
        "credential_id": credential.pk,
        "workspace_id": team.workspace.pk,
        "invite_id": Invite.objects.get().pk,
        "membership_id": Membership.objects.get(user=team.eddie, workspace=team.workspace).pk,
        "job_id": job.pk,
    }


def credential_post(settings):
    return {"label": "Changed", "token": "", "secret": "", "api_url": settings.ONOFFICE_ALLOWED_URLS[0],
            "hmac_version": "2"}


# url name → (path template, method, data, who may, what they get)
MATRIX = {
    "explorer:credential_edit": [
        ("/credentials/{credential_id}/", "get", None, {"alice"}, 200),
        ("/credentials/{credential_id}/", "post", credential_post, {"alice"}, 302),
    ],
    "explorer:credential_test": [("/credentials/{credential_id}/test/", "post", None, {"alice"}, 302)],
    "explorer:credential_delete": [
        ("/credentials/{credential_id}/delete/", "get", None, {"alice"}, 200),
        ("/credentials/{credential_id}/delete/", "post", None, {"alice"}, 302),
    ],
    "explorer:workspace": [("/workspaces/{workspace_id}/", "get", None, MEMBERS, 200)],
    "explorer:workspace_leave": [("/workspaces/{workspace_id}/leave/", "post", None, MEMBERS, 302)],
    "explorer:invite_create": [("/workspaces/{workspace_id}/invites/", "post", {"role": "viewer"}, OWNERS, 200)],
    "explorer:invite_revoke": [
        ("/workspaces/{workspace_id}/invites/{invite_id}/revoke/", "post", None, OWNERS, 302),
    ],
    "explorer:member_role": [
        ("/workspaces/{workspace_id}/members/{membership_id}/role/", "post", {"role": "viewer"}, OWNERS, 302),
    ],
    "explorer:member_remove": [
        ("/workspaces/{workspace_id}/members/{membership_id}/remove/", "post", None, OWNERS, 302),
    ],
    # A call in a team workspace is part of the team's history; one in a personal workspace is its owner's.
    "explorer:call_detail": [("/history/{log_id}/", "get", None, MEMBERS, 200),
                             ("/history/{personal_log_id}/", "get", None, {"alice"}, 200)],
    # Members see a workspace's saved requests; a viewer who tries to change one is told why (302 back,
    # nothing changed: test_saved.py checks the refusals), everyone else gets 404.
    "explorer:saved_detail": [("/saved/{saved_id}/", "get", None, MEMBERS, 200)],
    "explorer:saved_update": [("/saved/{saved_id}/update/", "post", {"n": "1", "0-rt": "address"}, MEMBERS, 302)],
    "explorer:saved_edit": [("/saved/{saved_id}/edit/", "post", {"name": "Renamed"}, MEMBERS, 302)],
    "explorer:saved_duplicate": [("/saved/{saved_id}/duplicate/", "post", None, MEMBERS, 302)],
    "explorer:saved_delete": [
        ("/saved/{saved_id}/delete/", "get", None, MEMBERS, {"vera": 302, "*": 200}),
        ("/saved/{saved_id}/delete/", "post", None, MEMBERS, 302),
    ],
    "explorer:folder_rename": [("/saved/folders/{folder_id}/", "post", {"name": "Renamed"}, MEMBERS, 302)],
    "explorer:folder_delete": [("/saved/folders/{folder_id}/delete/", "post", None, MEMBERS, 302)],
    # A diff needs both calls visible; "Compare with…" redirects to it (an invisible other id: back with a
    # message, test_diff.py).
    "explorer:call_diff": [("/history/{log_id}/diff/{other_log_id}/", "get", None, MEMBERS, 200),
                           ("/history/{personal_log_id}/diff/{log_id}/", "get", None, {"alice"}, 200),
                           ("/history/{log_id}/diff/{personal_log_id}/", "get", None, {"alice"}, 200)],
    "explorer:call_compare": [("/history/{log_id}/compare/?with={other_log_id}", "get", None, MEMBERS, 302),
                              ("/history/{personal_log_id}/compare/?with={log_id}", "get", None, {"alice"}, 302)],
    "explorer:call_download": [("/history/{log_id}/download/", "get", None, MEMBERS, 200),
                               ("/history/{personal_log_id}/download/", "get", None, {"alice"}, 200)],
    "explorer:call_csv": [("/history/{log_id}/csv/0/", "get", None, MEMBERS, 200),
                          ("/history/{personal_log_id}/csv/0/", "get", None, {"alice"}, 200)],
    # A fetch-all job is its owner's alone, even when it paged a team call (it signs with her credential).
    "explorer:job_detail": [("/jobs/{job_id}/", "get", None, {"alice"}, 200)],
    "explorer:job_download": [("/jobs/{job_id}/download/", "get", None, {"alice"}, 200)],
    "explorer:job_cancel": [("/jobs/{job_id}/cancel/", "post", None, {"alice"}, 302)],
}
# Id-taking URLs that serve nothing user-owned, each with the reason.
PUBLIC = {
    "sandbox:picture": "pictures of the sandbox's demo estates, the same for every visitor",
}

def expected_status(status, visitor: str) -> int:
    """`status` is one code, or per visitor with "*" for the rest (a viewer may be refused, not hidden)."""
    return status.get(visitor, status["*"]) if isinstance(status, dict) else status


CASES = [
    pytest.param(path, method, data, visitor, expected_status(status, visitor) if visitor in allowed else 404,
                 id=f"{name}-{method}-{path.split('/')[2]}-{visitor}")
    for name, entries in MATRIX.items()
    for path, method, data, allowed, status in entries
    for visitor in VISITORS
]


@pytest.mark.parametrize(("path", "method", "data", "visitor", "expected"), CASES)
def test_matrix(path, method, data, visitor, expected, objects, team, client_for, settings, allow_stub):
    client = client_for(getattr(team, visitor))
    url = path.format(**objects)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post_form(url, data(settings) if callable(data) else data)
    assert response.status_code == expected
    if expected == 404:
        assert allow_stub.requests == []


def id_taking_routes(patterns=None, prefix="", namespace=""):
    """Every URL name whose route takes an id (int/uuid converter, or a parameter named *id / *pk)."""
    found = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, guarded by model permissions
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= id_taking_routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if re.search(r"<(int|uuid):|<(\w+:)?\w*(id|pk)>|\(\?P<\w*(id|pk)>", route):
                found.add(f"{namespace}{pattern.name}")
    return found


def test_every_id_taking_url_is_in_the_matrix():
    assert id_taking_routes() == set(MATRIX) | set(PUBLIC), "add new id-taking URLs to MATRIX (or PUBLIC, with why)"


def test_ids_of_one_workspace_do_not_work_under_another(objects, team, client_for):
    """Mallory owns her own team workspace; ids of Alice's members and invites must not work inside it."""
    own = account_services.workspace_create(user=team.mallory, name="Mallory GmbH")
    client = client_for(team.mallory)
    for path in ("/workspaces/{own}/members/{membership_id}/remove/", "/workspaces/{own}/members/{membership_id}/role/",
                 "/workspaces/{own}/invites/{invite_id}/revoke/"):
        response = client.post_form(path.format(own=own.pk, **objects), {"role": "owner"})
        assert response.status_code == 404
    assert Membership.objects.get(pk=objects["membership_id"]).role == "editor"
    assert Invite.objects.filter(pk=objects["invite_id"]).exists()


def test_teammates_never_see_each_others_credentials(objects, team, client_for):
    for visitor in ("olga", "eddie", "vera", "mallory"):
        page = client_for(getattr(team, visitor)).get("/credentials/").text
        assert "Alice live" not in page and f"/credentials/{objects['credential_id']}/" not in page


def test_request_facing_modules_query_only_through_selectors():
    """Views, forms and the page helper reach the database through selectors, which always take the user."""
    explorer = Path(__file__).resolve().parents[2] / "explorer"
    modules = [*explorer.glob("*/views.py"), *explorer.glob("*/forms.py"), explorer / "htmx.py", explorer / "frame.py"]
    modules = [m for m in modules if m.parent.name != "sandbox"]
    assert len(modules) >= 6, modules
    for module in modules:
        source = module.read_text()
        assert not re.search(r"\b[A-Z]\w*\.(objects|_default_manager|_base_manager)\b", source), module
