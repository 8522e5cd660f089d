import re

import pytest

from explorer.accounts import services as account_services
from explorer.accounts.models import Invite, Membership, Workspace, invite_token_hash

pytestmark = pytest.mark.django_db


def test_create_team_workspace_makes_the_creator_owner_and_switches_to_it(make_user, client_for):
    alice = make_user("alice")
    client = client_for(alice)
    response = client.post_form("/workspaces/", {"name": "Makler Team"})
    workspace = Workspace.objects.get(name="Makler Team")
    assert response["Location"] == f"/workspaces/{workspace.pk}/"
    assert workspace.memberships.get().user == alice and workspace.memberships.get().role == "owner"
    page = client.get("/workspaces/").text
    assert re.search(rf'<option value="{workspace.pk}" selected>Makler Team</option>', page)


def test_workspace_list_shows_roles_and_member_counts(team, client_for):
    page = client_for(team.vera).get("/workspaces/").text
    assert "Makler Team" in page and "Viewer" in page
    assert '<td class="num">4</td>' in page
    assert client_for(team.mallory).get("/workspaces/").text.count("Makler Team") == 0


def test_switcher_only_accepts_own_workspaces(team, client_for):
    client = client_for(team.mallory)
    response = client.post_form("/workspaces/switch/", {"workspace": team.workspace.pk, "next": "/credentials/"})
    assert response["Location"] == "/workspaces/"
    assert client.session.get("workspace_id") is None

    client = client_for(team.vera)
    response = client.post_form("/workspaces/switch/", {"workspace": team.workspace.pk, "next": "/credentials/"})
    assert response["Location"] == "/credentials/"
    assert client.session["workspace_id"] == team.workspace.pk


def test_switcher_ignores_foreign_next_urls(team, client_for):
    response = client_for(team.vera).post_form("/workspaces/switch/", {"workspace": team.workspace.pk,
                                                                       "next": "https://evil.example/"})
    assert response["Location"] == "/workspaces/"


def test_removed_member_loses_the_workspace_on_the_next_request(team, client_for):
    client = client_for(team.vera)
    client.post_form("/workspaces/switch/", {"workspace": team.workspace.pk})
    Membership.objects.filter(user=team.vera, workspace=team.workspace).delete()
    page = client.get("/credentials/").text
    assert "Makler Team" not in page
    assert client.get(f"/workspaces/{team.workspace.pk}/").status_code == 404


def test_owner_creates_an_invite_link_shown_once(team, client_for):
    client = client_for(team.alice)
    response = client.post_htmx(f"/workspaces/{team.workspace.pk}/invites/", {"role": "editor"},
                                target="workspace-invites")
    assert response.text.lstrip().startswith('<section id="workspace-invites"')
    assert response["Cache-Control"] == "no-store"
    link = re.search(r'value="(http://testserver/invite/([^"/]+)/)"', response.text)
    invite = Invite.objects.get()
    assert invite.role == "editor" and invite.token_hash == invite_token_hash(link.group(2))
    link = link.group(1)
    later = client.get(f"/workspaces/{team.workspace.pk}/").text
    assert link not in later and "Editor" in later


def test_personal_workspace_takes_no_invites(team, client_for):
    personal = team.alice.personal_workspace
    response = client_for(team.alice).post_form(f"/workspaces/{personal.pk}/invites/", {"role": "editor"})
    assert response.status_code == 200
    assert "A personal workspace has no other members" in response.text
    assert not Invite.objects.exists()


def test_owner_changes_roles_and_removes_members(team, client_for):
    client = client_for(team.alice)
    eddie = Membership.objects.get(user=team.eddie, workspace=team.workspace)
    response = client.post_htmx(f"/workspaces/{team.workspace.pk}/members/{eddie.pk}/role/", {"role": "viewer"},
                                target="workspace-members")
    assert response.text.lstrip().startswith('<section id="workspace-members"')
    assert "eddie is now viewer." in response.text  # toast, out of band
    eddie.refresh_from_db()
    assert eddie.role == "viewer"
    client.post_form(f"/workspaces/{team.workspace.pk}/members/{eddie.pk}/remove/")
    assert not Membership.objects.filter(pk=eddie.pk).exists()


def test_an_owner_removing_themselves_has_left(team, client_for):
    client = client_for(team.olga)  # a co-owner: alice stays owner
    olga = Membership.objects.get(user=team.olga, workspace=team.workspace)
    response = client.post_form(f"/workspaces/{team.workspace.pk}/members/{olga.pk}/remove/")
    assert response["Location"] == "/workspaces/"
    assert not Membership.objects.filter(pk=olga.pk).exists()


def test_the_last_owner_stays(make_user, client_for):
    alice = make_user("alice")
    workspace = account_services.workspace_create(user=alice, name="Solo")
    membership = workspace.memberships.get()
    client = client_for(alice)
    client.post_form(f"/workspaces/{workspace.pk}/members/{membership.pk}/role/", {"role": "editor"})
    membership.refresh_from_db()
    assert membership.role == "owner"
    response = client.post_form(f"/workspaces/{workspace.pk}/leave/")
    assert response["Location"] == f"/workspaces/{workspace.pk}/"
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_members_can_leave_but_not_their_personal_workspace(team, client_for):
    client = client_for(team.vera)
    assert client.post_form(f"/workspaces/{team.workspace.pk}/leave/")["Location"] == "/workspaces/"
    assert not Membership.objects.filter(user=team.vera, workspace=team.workspace).exists()
    client.post_form(f"/workspaces/{team.vera.personal_workspace.pk}/leave/")
    assert Membership.objects.filter(user=team.vera, workspace=team.vera.personal_workspace).exists()


def test_owner_revokes_an_invite(team, client_for):
    token = account_services.invite_create(user=team.alice, workspace=team.workspace, role="viewer")
    invite = Invite.objects.get()
    client_for(team.olga).post_form(f"/workspaces/{team.workspace.pk}/invites/{invite.pk}/revoke/")
    assert not Invite.objects.exists()
    assert client_for().get(f"/invite/{token}/").status_code == 404


def test_non_owners_see_members_without_controls(team, client_for):
    page = client_for(team.eddie).get(f"/workspaces/{team.workspace.pk}/").text
    assert "vera" in page and "Viewer" in page
    assert "/members/" not in page and "Create invite link" not in page


def test_the_invites_fragment_shows_no_invite_form_to_a_member_who_does_not_manage(team, client_for):
    headers = {"HX-Request": "true", "HX-Target": "workspace-invites"}
    for name in ("eddie", "vera"):
        response = client_for(getattr(team, name)).get(f"/workspaces/{team.workspace.pk}/", headers=headers)
        assert response.status_code == 200
        assert "Create invite link" not in response.text and "/invites/" not in response.text
    owner = client_for(team.alice).get(f"/workspaces/{team.workspace.pk}/", headers=headers)
    assert "Create invite link" in owner.text
