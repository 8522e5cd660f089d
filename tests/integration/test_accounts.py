from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from explorer.accounts import services as account_services
from explorer.errors import ExplorerError
from explorer.accounts.models import Invite, Membership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post_form("/accounts/login/", {"username": username, "password": password}, **extra)


def test_sign_in_and_out(make_user, client_for):
    make_user("alice")
    client = client_for()
    response = sign_in(client, "alice")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/credentials/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405  # signing out needs a POST
    response = client.post_form("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/credentials/")["Location"] == "/accounts/login/?next=/credentials/"


def test_wrong_password_is_refused(make_user, client_for):
    make_user("alice")
    response = sign_in(client_for(), "alice", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_htmx_request_without_session_goes_to_sign_in_as_a_whole_page(client_for):
    response = client_for().get("/credentials/", headers={"HX-Request": "true", "HX-Target": "credential-list",
                                                          "HX-Current-URL": "http://testserver/credentials/"})
    assert response["HX-Redirect"] == "/accounts/login/?next=/credentials/"


def test_sixth_attempt_is_refused_for_fifteen_minutes(make_user, client_for):
    make_user("alice")
    client = client_for()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(4):
            assert sign_in(client, "alice", "wrong").status_code == 200
        assert sign_in(client, "alice", "wrong").status_code == 429  # the fifth failure locks
        locked = sign_in(client, "alice")  # the sixth attempt: refused even with the right password
        assert locked.status_code == 429
        assert "Sign-in paused" in locked.text
        traveller.shift(timedelta(minutes=14, seconds=59))
        assert sign_in(client, "alice").status_code == 429
        traveller.shift(timedelta(seconds=2))
        assert sign_in(client, "alice").status_code == 302


def test_lockout_is_per_username(make_user, client_for):
    make_user("alice")
    make_user("bob")
    client = client_for()
    for _ in range(5):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "bob").status_code == 302


def test_password_change(make_user, client_for):
    alice = make_user("alice")
    client = client_for(alice)
    new_password = "another-long-password-4321"
    response = client.post_form("/accounts/password/", {"old_password": PASSWORD, "new_password1": new_password,
                                                        "new_password2": new_password})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new_password)
    assert client.get("/credentials/").status_code == 200  # still signed in


def test_demo_account_only_with_debug(settings, capsys, make_user):
    settings.DEBUG = False
    call_command("demo_account")
    assert capsys.readouterr().out == ""
    assert not get_user_model().objects.filter(username="demo").exists()

    settings.DEBUG = True
    call_command("demo_account")
    call_command("demo_account")
    out = capsys.readouterr().out
    assert out.count("Demo account: sign in at") == 2 and "demo-explorer" in out
    demo = get_user_model().objects.get(username="demo")
    assert demo.check_password("demo-explorer")


# --- Invites -----------------------------------------------------------------------------------

@pytest.fixture
def invite_link(make_user):
    owner = make_user("owner")
    account_services.user_onboard(user=owner)
    workspace = account_services.workspace_create(user=owner, name="Makler Team")
    token = account_services.invite_create(user=owner, workspace=workspace, role=Membership.Role.VIEWER)
    return f"/invite/{token}/"


def signup(client, link, username="newbie"):
    return client.post_form(link, {"username": username, "password1": "a-fresh-password-2468",
                                   "password2": "a-fresh-password-2468"})


def test_invite_creates_an_account_that_joins_the_workspace(invite_link, client_for):
    client = client_for()
    page = client.get(invite_link)
    assert "Join “Makler Team”" in page.text and "viewer" in page.text
    response = signup(client, invite_link)
    newbie = get_user_model().objects.get(username="newbie")
    membership = Membership.objects.get(user=newbie, workspace__name="Makler Team")
    assert membership.role == "viewer"
    assert response["Location"] == f"/workspaces/{membership.workspace_id}/"
    assert client.get("/credentials/").status_code == 200
    assert newbie.personal_workspace and newbie.credentials.get().label == "Sandbox (demo)"


def test_invite_works_once(invite_link, client_for):
    signup(client_for(), invite_link)
    assert client_for().get(invite_link).status_code == 404
    response = signup(client_for(), invite_link, username="second")
    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="second").exists()


def test_invite_expires_after_seven_days(invite_link, client_for):
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        response = client_for().get(invite_link)
    assert response.status_code == 404
    assert "expired (links last 7 days)" in response.text
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert client_for().get(invite_link).status_code == 200


def test_unknown_invite_token_is_404(client_for):
    assert client_for().get("/invite/not-a-real-token/").status_code == 404


def test_signed_in_user_joins_with_one_click(invite_link, make_user, client_for):
    bob = make_user("bob")
    client = client_for(bob)
    assert "Join as bob" in client.get(invite_link).text
    client.post_form(invite_link)
    assert Membership.objects.get(user=bob, workspace__name="Makler Team").role == "viewer"
    assert Invite.objects.get().accepted_by == bob


def test_accepting_a_claimed_invite_leaves_no_account_behind(invite_link, make_user):
    pending = Invite.objects.get()
    account_services.invite_accept(invite=pending, user=make_user("first"))
    with pytest.raises(ExplorerError, match="already been used"):
        account_services.user_create_from_invite(invite=pending, username="late", password="x-long-password-1")
    assert not get_user_model().objects.filter(username="late").exists()
