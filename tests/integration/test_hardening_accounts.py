"""Hardening of the account and configuration side (issue 9): keys checked at start, safe `next`
redirects, no-store on signed-in answers, password rules, and password reset by e-mail, throttled."""

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from explorer.accounts import services as account_services
from explorer.accounts.models import Membership
from explorer.calls import services as call_services
from explorer.htmx import safe_next
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


# --- 1. A malformed FIELD_ENCRYPTION_KEYS stops every entry point at start --------------------------

def run_with_keys(keys: str, *argv: str) -> subprocess.CompletedProcess:
    env = os.environ | {"FIELD_ENCRYPTION_KEYS": keys, "SECRET_KEY": "x" * 60, "DJANGO_SETTINGS_MODULE": "core.settings"}
    return subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


# A valid Fernet key, fixed so that the test ids are the same in every process (pytest-xdist compares them).
GOOD_KEY = base64.urlsafe_b64encode(b"test-key-not-secret-32-bytes-ok!").decode()
ENTRY_POINTS = {"manage.py check": ("manage.py", "check"), "import core.wsgi": ("-c", "import core.wsgi")}


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize(("keys", "problem"), [
    ("not-a-fernet-key", "FIELD_ENCRYPTION_KEYS entry 1 is not a Fernet key"),
    (f"{GOOD_KEY},also-not-a-key", "FIELD_ENCRYPTION_KEYS entry 2 is not a Fernet key"),
    (f"{GOOD_KEY},{GOOD_KEY}", "FIELD_ENCRYPTION_KEYS lists the same key twice"),
    (" , ", "FIELD_ENCRYPTION_KEYS entry 1 is not a Fernet key"),
])
def test_malformed_keys_stop_the_server_at_start_naming_the_variable(entry, keys, problem):
    result = run_with_keys(keys, *ENTRY_POINTS[entry])
    assert result.returncode != 0
    assert problem in result.stderr
    assert "ImproperlyConfigured" in result.stderr
    assert GOOD_KEY not in result.stderr + result.stdout  # the message names the entry, never a key


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_well_formed_keys_start(entry):
    other = Fernet.generate_key().decode()
    result = run_with_keys(f"{GOOD_KEY}, {other}", *ENTRY_POINTS[entry])  # a space after the comma is fine
    assert result.returncode == 0, result.stderr


# --- 3. `next` accepts only safe local paths ------------------------------------------------------

UNSAFE_NEXT = ["compose", "//evil.example", "https://evil.example/", "/\\evil", "javascript:alert(1)",
               "/saved/\r\nSet-Cookie: x=1", "/\tevil", "", "saved/"]


@pytest.mark.parametrize("next_url", UNSAFE_NEXT)
def test_workspace_switch_with_an_unsafe_next_falls_back_to_workspaces(make_user, client_for, next_url):
    user = make_user("alice")
    workspace = account_services.user_onboard(user=user)
    client = client_for(user)
    response = client.post_form("/workspaces/switch/", {"workspace": workspace.pk, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/workspaces/"


def test_workspace_switch_follows_a_safe_next_and_switches(make_user, client_for):
    user = make_user("alice")
    account_services.user_onboard(user=user)
    team = account_services.workspace_create(user=user, name="Team")
    client = client_for(user)
    response = client.post_form("/workspaces/switch/", {"workspace": team.pk, "next": "/saved/?folder=3"})
    assert response.status_code == 302 and response["Location"] == "/saved/?folder=3"
    assert client.session["workspace_id"] == team.pk


@pytest.mark.parametrize("next_url", UNSAFE_NEXT)
def test_safe_next_refuses_anything_but_a_local_path(next_url):
    factory = RequestFactory()
    assert safe_next(factory.post("/x/", {"next": next_url}), "/default/") == "/default/"
    assert safe_next(factory.get("/x/", {"next": next_url}), "/default/") == "/default/"


def test_safe_next_keeps_a_local_path():
    assert safe_next(RequestFactory().get("/x/", {"next": "/saved/"}), "/default/") == "/saved/"
    assert safe_next(RequestFactory().post("/x/", {"next": "/history/?q=a%20b"}), "/d/") == "/history/?q=a%20b"


# --- 4. Cache-Control: no-store, private on signed-in answers ---------------------------------------

NO_STORE = {"no-store", "private"}


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def logged_call(make_user, allow_stub):
    user = make_user("alice")
    account_services.user_onboard(user=user)
    credential = account_services.credential_create(
        user=user, label="Stub", token="a" * 32, secret="b" * 64, api_url=allow_stub.url, hmac_version=2,
        read_only=False)
    log = call_services.call_perform(actions=[call_services.CONNECTION_PROBE], token=credential.token,
                                     secret=credential.secret, url=allow_stub.url, origin="ui", user=user,
                                     credential=credential).log
    return user, credential, log


def test_pages_and_downloads_of_a_signed_in_user_are_not_stored(logged_call, client_for):
    user, credential, log = logged_call
    client = client_for(user)
    for url in ("/compose/", f"/history/{log.pk}/", f"/history/{log.pk}/download/", "/history/",
                "/saved/export/?format=json", "/credentials/", f"/credentials/{credential.pk}/", "/workspaces/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NO_STORE <= cache_directives(response), (url, response.get("Cache-Control"))
    fragment = client.get(f"/history/{log.pk}/", headers={"HX-Request": "true", "HX-Target": "raw-body"})
    assert NO_STORE <= cache_directives(fragment)


def test_a_view_that_chooses_its_own_cache_control_keeps_it(make_user, client_for):
    user = make_user("alice")
    response = client_for(user).get("/sandbox/")
    assert response["Cache-Control"] == "no-store"  # set by the view; the middleware adds nothing


def test_anonymous_pages_are_left_alone(client_for):
    assert "Cache-Control" not in client_for().get("/accounts/password/reset/done/")


def test_static_files_keep_whitenoise_caching_for_a_signed_in_user(make_user, client_for, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic, as in development
    settings.WHITENOISE_AUTOREFRESH = True
    static = client_for(make_user("alice")).get("/static/explorer/app.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


# --- 5. Password rules ------------------------------------------------------------------------------

def test_the_test_suite_password_passes_the_validators(make_user):
    validate_password(PASSWORD, user=make_user("alice"))


@pytest.mark.parametrize(("password", "reason"), [
    ("anna", "too short"),
    ("short-pw-1", "too short"),
    ("password1234", "too common"),
    ("738251940362", "entirely numeric"),
    ("anna-schmidt-sign", "too similar"),
])
def test_invite_sign_up_refuses_weak_passwords(invite_link, client_for, password, reason):
    username = "anna-schmidt-sign" if reason == "too similar" else "anna"
    response = client_for().post_form(invite_link, {"username": username, "password1": password,
                                                    "password2": password})
    assert response.status_code == 200
    assert reason in response.text
    assert not get_user_model().objects.filter(username=username).exists()


def test_invite_sign_up_with_a_good_password_and_an_email(invite_link, client_for):
    response = client_for().post_form(invite_link, {"username": "anna", "email": "anna@example.com",
                                                    "password1": "Rheinufer-Makler-2024", "password2": "Rheinufer-Makler-2024"})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="anna").email == "anna@example.com"


def test_password_change_refuses_a_weak_password(make_user, client_for):
    user = make_user("alice")
    client = client_for(user)
    response = client.post_form("/accounts/password/", {"old_password": PASSWORD, "new_password1": "alice",
                                                        "new_password2": "alice"})
    assert response.status_code == 200 and "too short" in response.text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.fixture
def invite_link(make_user):
    owner = make_user("owner")
    account_services.user_onboard(user=owner)
    workspace = account_services.workspace_create(user=owner, name="Makler Team")
    token = account_services.invite_create(user=owner, workspace=workspace, role=Membership.Role.VIEWER)
    return f"/invite/{token}/"


# --- 5. Password reset by e-mail ----------------------------------------------------------------------

def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_login_page_offers_the_reset(client_for):
    page = client_for().get("/accounts/login/").text
    assert 'href="/accounts/password/reset/"' in page and "Forgot your password?" in page


def test_password_reset_by_email_end_to_end(make_user, client_for):
    make_user("alice", email="alice@example.com")
    client = client_for()
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200 and "Send reset link" in page.text
    response = client.post_form("/accounts/password/reset/", {"email": "Alice@Example.com"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    assert "Check your inbox" in client.get(response["Location"]).text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
    assert "\n" not in mail.outbox[0].subject

    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert "Choose a new password" in form_page.text and 'name="new_password1"' in form_page.text
    set_password_url = form_page.redirect_chain[-1][0]
    weak = client.post_form(set_password_url, {"new_password1": "alice12", "new_password2": "alice12"})
    assert weak.status_code == 200 and "too short" in weak.text
    done = client.post_form(set_password_url, {"new_password1": "Neue-Wohnung-Köln-77",
                                               "new_password2": "Neue-Wohnung-Köln-77"})
    assert done["Location"] == "/accounts/password/reset/complete/"
    assert "Password changed" in client.get(done["Location"]).text
    assert get_user_model().objects.get(username="alice").check_password("Neue-Wohnung-Köln-77")
    # The link works once.
    assert "does not work any more" in client_for().get(reset_link(mail.outbox[0]), follow=True).text


def test_unknown_address_gets_the_same_answer_and_no_mail(client_for, db):
    response = client_for().post_form("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password/reset/done/"
    assert mail.outbox == []


def test_reset_requests_are_throttled_per_client_address(make_user, client_for):
    for name in ("alice", "bob"):
        make_user(name, email=f"{name}@example.com")
    client = client_for()
    for attempt in range(7):
        email = "alice@example.com" if attempt % 2 else "bob@example.com"  # neither address over its limit
        response = client.post_form("/accounts/password/reset/", {"email": email})
        assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 5  # the sixth and seventh from this address: same answer, nothing sent
    # Another address is not affected.
    client_for().post_form("/accounts/password/reset/", {"email": "bob@example.com"}, REMOTE_ADDR="192.0.2.7")
    assert len(mail.outbox) == 6


def test_reset_requests_are_throttled_per_email_address(make_user, client_for):
    make_user("alice", email="alice@example.com")
    for attempt in range(7):
        client = client_for()
        email = "ALICE@example.com" if attempt % 2 else "alice@example.com"  # the same address, any case
        response = client.post_form("/accounts/password/reset/", {"email": email},
                                    REMOTE_ADDR=f"192.0.2.{attempt + 10}")
        assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 5


def test_reset_throttle_keeps_no_address_in_the_cache(make_user, client_for):
    from tests.conftest import cache_entries

    make_user("alice", email="alice@example.com")
    client_for().post_form("/accounts/password/reset/", {"email": "alice@example.com"})
    keys = list(cache_entries())
    assert keys and not any("alice" in key for key in keys)


def test_reset_with_a_bad_email_shows_the_form_again(client_for, db):
    response = client_for().post_form("/accounts/password/reset/", {"email": "not an address"})
    assert response.status_code == 200 and "valid email" in response.text
    assert mail.outbox == []
