"""The sandbox onboarding page: what the sandbox is, its endpoints, and its demo API users, each one click away
from being a credential of the signed-in user."""

import json

import pytest
from django.urls import resolve, reverse

from explorer.accounts import services as account_services
from explorer.accounts.models import Credential, sandbox_endpoint
from explorer.sandbox.users import api_users
from tests.integration.test_canary import assert_no_leak

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def alice_client(alice, client_for):
    return client_for(alice)


def added(**filters):
    """Credentials made by the page: every sign-in also gives a first-time user the "Sandbox (demo)" one."""
    return Credential.objects.filter(**filters).exclude(label=account_services.SANDBOX_DEMO_LABEL)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_routes_resolve_to_the_page_and_the_sandbox_api_stays_reachable():
    assert reverse("explorer:sandbox") == "/sandbox/"
    assert reverse("explorer:sandbox_credential_add") == "/sandbox/credentials/"
    assert reverse("explorer:sandbox_fault", args=["demo-read-only"]) == "/sandbox/faults/demo-read-only/"
    assert reverse("explorer:sandbox_reset") == "/sandbox/reset/"  # the console's actions: test_sandbox_console.py
    assert resolve("/sandbox/").view_name == "explorer:sandbox"
    assert resolve("/sandbox/api/stable/api.php").view_name == "sandbox:api-stable"
    assert resolve("/sandbox/api/latest/api.php").view_name == "sandbox:api-latest"


def test_anonymous_visitors_are_sent_to_sign_in(client_for):
    client = client_for()
    response = client.get("/sandbox/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/sandbox/")
    refused = client.post_form("/sandbox/credentials/", {"rights": "read-write"})
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    assert not added().exists()


def test_the_page_lists_the_endpoints_and_the_three_demo_users_in_full(alice_client):
    response = alice_client.get("/sandbox/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.text
    assert 'class="brand"' in page and "German demo data" in page
    assert "demo values of this server, not secrets of any CRM" in page
    stable = sandbox_endpoint()
    assert stable in page and stable.replace("/api/stable/", "/api/latest/") in page
    users = api_users()
    assert [u.rights for u in users] == ["read-write", "read-only", "published-only"]
    for user in users:
        assert user.name in page
        assert f'id="sandbox-token-{user.rights}">{user.token}</code>' in page
        assert f'id="sandbox-secret-{user.rights}">{user.secret}</code>' in page
        assert f'data-copy="#sandbox-token-{user.rights}"' in page
        assert f'data-copy="#sandbox-secret-{user.rights}"' in page
        assert f'name="rights" value="{user.rights}"' in page
    assert "174" in page and "veroeffentlichen=1" in page
    assert page.count('action="/sandbox/credentials/"') == 3
    assert page.count('name="csrfmiddlewaretoken"') >= 3


def test_the_credentials_page_links_to_the_sandbox(alice_client):
    assert 'href="/sandbox/"' in alice_client.get("/credentials/").text


@pytest.mark.parametrize("rights", ["read-write", "read-only", "published-only"])
def test_add_as_credential_creates_one_with_the_right_flags(alice, alice_client, rights):
    demo = next(u for u in api_users() if u.rights == rights)
    response = alice_client.post_form("/sandbox/credentials/", {"rights": rights}, follow=True)
    assert response.redirect_chain == [("/credentials/", 302)]
    assert f"Added “Sandbox ({rights})”." in messages_of(response)
    credential = added().get(user=alice)
    assert credential.label == f"Sandbox ({rights})"
    assert (credential.token, credential.secret) == (demo.token, demo.secret)
    assert credential.token_hint == demo.token[-4:]
    assert credential.api_url == sandbox_endpoint() and credential.endpoint_kind == "sandbox"
    assert credential.hmac_version == 2
    assert credential.read_only is (rights == "read-only")


def test_a_second_add_gets_a_unique_label(alice, alice_client):
    for _ in range(3):
        assert alice_client.post_form("/sandbox/credentials/", {"rights": "read-only"}).status_code == 302
    labels = list(added(user=alice).order_by("id").values_list("label", flat=True))
    assert labels == ["Sandbox (read-only)", "Sandbox (read-only) 2", "Sandbox (read-only) 3"]


def test_labels_are_unique_per_user_only(alice, alice_client, make_user, client_for):
    bob = make_user("bob")
    assert client_for(bob).post_form("/sandbox/credentials/", {"rights": "read-write"}).status_code == 302
    assert alice_client.post_form("/sandbox/credentials/", {"rights": "read-write"}).status_code == 302
    assert added().get(user=alice).label == "Sandbox (read-write)"
    assert added().get(user=bob).label == "Sandbox (read-write)"


def test_the_add_needs_the_csrf_token(alice_client):
    response = alice_client.post("/sandbox/credentials/", {"rights": "read-write"})
    assert response.status_code == 403
    assert not added().exists()


@pytest.mark.parametrize("rights", ["", "admin", "READ-WRITE", "read-write "])
def test_unknown_rights_are_refused_and_nothing_is_created(alice_client, rights):
    response = alice_client.post_form("/sandbox/credentials/", {"rights": rights}, follow=True)
    assert response.redirect_chain == [("/sandbox/", 302)]
    assert any("Unknown sandbox API user" in m for m in messages_of(response))
    assert not added().exists()


def test_the_add_is_post_only(alice_client):
    assert alice_client.get("/sandbox/credentials/").status_code == 405


def test_with_the_sandbox_off_the_page_says_so_and_the_add_is_refused(alice_client, settings):
    settings.SANDBOX_ENABLED = False
    page = alice_client.get("/sandbox/").text
    assert "The sandbox is switched off on this server." in page
    for user in api_users():
        assert user.token not in page and user.secret not in page
    assert 'action="/sandbox/credentials/"' not in page
    response = alice_client.post_form("/sandbox/credentials/", {"rights": "read-write"}, follow=True)
    assert response.redirect_chain == [("/sandbox/", 302)]
    assert any("switched off" in m for m in messages_of(response))
    assert not added().exists()


def test_the_sandbox_api_still_answers_under_the_same_prefix(client_for):
    response = client_for().post("/sandbox/api/stable/api.php", b"", content_type="application/json")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["status"]["errorcode"] == 9


def test_the_page_shows_no_real_credential(alice, alice_client, canary):
    account_services.credential_create(user=alice, label="Real CRM", token=canary["token"], secret=canary["secret"],
                                       api_url="https://api.onoffice.de/api/stable/api.php", hmac_version=2,
                                       read_only=False)
    response = alice_client.get("/sandbox/")
    assert response.status_code == 200
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    assert_no_leak(headers + "\n" + response.text, canary, "/sandbox/")
    assert_no_leak(alice_client.get("/credentials/").text, canary, "/credentials/")
