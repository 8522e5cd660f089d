import secrets

import pytest
from django.contrib.messages import get_messages

from explorer.accounts import services as account_services

from explorer.calls import services as call_services
from explorer.errors import ExplorerError
from explorer.accounts.models import Credential
from explorer.calls.models import CallLog
from tests import stub_upstream

pytestmark = pytest.mark.django_db


def form_data(settings, **overrides):
    return {"label": "Production", "token": secrets.token_hex(16), "secret": secrets.token_hex(32),
            "api_url": settings.ONOFFICE_ALLOWED_URLS[0], "hmac_version": "2"} | overrides


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def stub_credential(alice, allow_stub):
    return account_services.credential_create(user=alice, label="Stub", token=stub_upstream.TOKEN,
                                      secret=stub_upstream.SECRET, api_url=allow_stub.url, hmac_version=2,
                                      read_only=False)


def test_first_sign_in_brings_personal_workspace_and_sandbox_credential(alice, client_for, settings):
    client_for(alice)
    demo = Credential.objects.get(user=alice)
    assert demo.label == "Sandbox (demo)"
    assert demo.api_url == f"{settings.SANDBOX_BASE_URL}/sandbox/api/stable/api.php"
    assert demo.endpoint_kind == "sandbox"
    assert alice.personal_workspace.memberships.get().role == "owner"


def test_deleted_demo_credential_does_not_return_at_next_sign_in(alice, client_for):
    client_for(alice)
    Credential.objects.filter(user=alice).delete()
    client_for(alice)
    assert not Credential.objects.filter(user=alice).exists()


def test_no_demo_credential_without_sandbox(alice, client_for, settings):
    settings.SANDBOX_ENABLED = False
    client_for(alice)
    assert not Credential.objects.filter(user=alice).exists()


def test_create_encrypts_and_redirects(alice, client_for, settings):
    client = client_for(alice)
    data = form_data(settings)
    response = client.post_form("/credentials/new/", data)
    assert response.status_code == 302 and response["Location"] == "/credentials/"
    credential = Credential.objects.get(user=alice, label="Production")
    assert (credential.token, credential.secret, credential.token_hint) == (data["token"], data["secret"],
                                                                             data["token"][-4:])


def test_post_without_csrf_token_is_refused(alice, client_for, settings):
    response = client_for(alice).post("/credentials/new/", form_data(settings))
    assert response.status_code == 403
    assert not Credential.objects.filter(label="Production").exists()


@pytest.mark.parametrize(("token_length", "secret_length", "message"), [
    (64, 32, "look swapped"),
    (31, 64, "The token has 32 characters; this one has 31."),
    (32, 63, "The secret has 64 characters; this one has 63."),
    (64, 64, "That is the length of a secret: are token and secret swapped?"),
    (32, 32, "That is the length of a token: are token and secret swapped?"),
])
def test_lengths_follow_the_faq(alice, client_for, settings, token_length, secret_length, message):
    data = form_data(settings, token="a" * token_length, secret="b" * secret_length)
    response = client_for(alice).post_htmx("/credentials/new/", data, target="credential-form")
    assert response.status_code == 200
    assert message in response.text
    assert not Credential.objects.filter(label="Production").exists()


@pytest.mark.parametrize(("token", "secret", "message"), [
    ("a" * 31 + "-", "b" * 64, "A token has only letters and digits"),
    ("a" * 32, "b" * 31 + " " + "b" * 32, "The secret contains spaces or line breaks"),
])
def test_characters_that_cannot_belong_are_named(alice, client_for, settings, token, secret, message):
    response = client_for(alice).post_form("/credentials/new/", form_data(settings, token=token, secret=secret))
    assert message in response.text


def test_form_errors_come_back_as_the_form_fragment(alice, client_for, settings):
    response = client_for(alice).post_htmx("/credentials/new/", form_data(settings, token="x"),
                                           target="credential-form")
    assert response.text.lstrip().startswith('<form id="credential-form"')
    assert "<html" not in response.text


def test_success_after_htmx_post_redirects_the_whole_page(alice, client_for, settings):
    response = client_for(alice).post_htmx("/credentials/new/", form_data(settings), target="credential-form")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/credentials/"


def test_endpoint_must_be_on_the_allowlist(alice, client_for, settings):
    data = form_data(settings, api_url="https://evil.example/api.php")
    response = client_for(alice).post_form("/credentials/new/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_endpoint_choices_are_the_allowlist_with_the_sandbox_only_while_served(settings):
    from explorer.accounts.forms import endpoint_choices

    settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, "http://127.0.0.1:9/extra/api.php"]
    urls = [url for url, _ in endpoint_choices()]
    assert urls == settings.ONOFFICE_ALLOWED_URLS
    settings.SANDBOX_ENABLED = False
    assert not any("/sandbox/" in url for url, _ in endpoint_choices())


def test_duplicate_label_is_refused(alice, client_for, settings):
    client = client_for(alice)
    client.post_form("/credentials/new/", form_data(settings))
    response = client.post_form("/credentials/new/", form_data(settings))
    assert "already have a credential with this label" in response.text


def test_edit_keeps_secrets_when_left_empty_and_shows_only_the_hint(alice, client_for, settings):
    client = client_for(alice)
    data = form_data(settings)
    client.post_form("/credentials/new/", data)
    credential = Credential.objects.get(label="Production")
    page = client.get(f"/credentials/{credential.pk}/")
    assert f"Set, ends …{data['token'][-4:]}" in page.text
    assert data["token"] not in page.text and data["secret"] not in page.text
    response = client.post_form(f"/credentials/{credential.pk}/",
                                form_data(settings, label="Renamed", token="", secret="", read_only="on"))
    assert response.status_code == 302
    credential.refresh_from_db()
    assert (credential.label, credential.read_only) == ("Renamed", True)
    assert (credential.token, credential.secret) == (data["token"], data["secret"])


def test_edit_replaces_one_secret_and_clears_the_stale_test_result(alice, client_for, settings):
    client = client_for(alice)
    data = form_data(settings)
    client.post_form("/credentials/new/", data)
    credential = Credential.objects.get(label="Production")
    Credential.objects.filter(pk=credential.pk).update(last_test_ok=True, last_test_message="OK")
    new_secret = secrets.token_hex(32)
    client.post_form(f"/credentials/{credential.pk}/", form_data(settings, token="", secret=new_secret))
    credential.refresh_from_db()
    assert (credential.token, credential.secret) == (data["token"], new_secret)
    assert credential.last_test_ok is None


def test_connection_test_ok_records_skew_and_use(alice, client_for, stub_credential, allow_stub):
    allow_stub.clock_offset = 42
    response = client_for(alice).post_htmx(f"/credentials/{stub_credential.pk}/test/", target="credential-list")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="credential-list"')
    stub_credential.refresh_from_db()
    assert stub_credential.last_test_ok is True
    assert 40 <= stub_credential.last_test_skew <= 44
    assert stub_credential.last_used_at is not None
    assert "clock skew +4" in response.text and "skew-warning" in response.text
    assert 'hx-swap-oob="beforeend"' in response.text and "Connection test of “Stub”: OK." in response.text
    log = CallLog.objects.get()
    assert (log.origin, log.credential, log.user, log.workspace) == ("test", stub_credential, alice,
                                                                      alice.personal_workspace)
    action = log.actions[0]
    assert (action["actionid"].rsplit(":", 1)[1], action["resourcetype"]) == ("read", "basicsettings")


def test_connection_test_explains_a_wrong_secret(alice, client_for, allow_stub):
    credential = account_services.credential_create(user=alice, label="Wrong secret", token=stub_upstream.TOKEN,
                                            secret="0" * 64, api_url=allow_stub.url, hmac_version=2,
                                            read_only=False)
    response = client_for(alice).post_htmx(f"/credentials/{credential.pk}/test/", target="credential-list")
    credential.refresh_from_db()
    assert (credential.last_test_ok, credential.last_test_errorcode) == (False, 137)
    assert "The HMAC is invalid." in response.text
    assert "check the secret (64 characters)" in response.text


def test_connection_test_reports_a_transport_error(alice, client_for, allow_stub):
    allow_stub.mode = "html500"
    credential = account_services.credential_create(user=alice, label="Broken", token=stub_upstream.TOKEN,
                                            secret=stub_upstream.SECRET, api_url=allow_stub.url, hmac_version=2,
                                            read_only=False)
    client_for(alice).post_form(f"/credentials/{credential.pk}/test/")
    credential.refresh_from_db()
    assert credential.last_test_ok is False and credential.last_test_errorcode is None
    assert "HTTP 500" in credential.last_test_message


def test_plain_post_of_a_test_redirects_to_the_card(alice, client_for, stub_credential):
    response = client_for(alice).post_form(f"/credentials/{stub_credential.pk}/test/")
    assert response.status_code == 302
    assert response["Location"] == f"/credentials/#credential-{stub_credential.pk}"


def test_list_shows_cards_with_badges_and_last_use(alice, client_for, stub_credential, settings):
    Credential.objects.filter(pk=stub_credential.pk).update(read_only=True)
    page = client_for(alice).get("/credentials/").text
    assert "SANDBOX" in page and "STABLE" in page and "READ-ONLY" in page
    assert f"…{stub_upstream.TOKEN[-4:]}" in page
    assert "not tested yet" in page and "never" in page


def test_delete_asks_first_then_deletes(alice, client_for, stub_credential):
    client = client_for(alice)
    assert "Delete “Stub”?" in client.get(f"/credentials/{stub_credential.pk}/delete/").text
    response = client.post_form(f"/credentials/{stub_credential.pk}/delete/")
    assert response.status_code == 302
    assert not Credential.objects.filter(pk=stub_credential.pk).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Deleted “Stub”."]


def test_credential_for_cli_needs_the_owner(alice, stub_credential, make_user):
    resolved = account_services.credential_for_cli(credential_id=stub_credential.pk, username="alice")
    assert (resolved.token, resolved.secret, resolved.api_url, resolved.user) == (
        stub_upstream.TOKEN, stub_upstream.SECRET, stub_credential.api_url, alice)
    assert stub_upstream.SECRET not in repr(resolved)
    make_user("bob")
    for username, credential_id in (("bob", stub_credential.pk), ("nobody", stub_credential.pk), ("alice", 99999)):
        with pytest.raises(ExplorerError, match=f"User '{username}' has no credential with id {credential_id}"):
            account_services.credential_for_cli(credential_id=credential_id, username=username)


def test_cli_sends_with_a_stored_credential(alice, stub_credential, allow_stub, capsys):
    from django.core.management import call_command

    call_command("onoffice", "read", "estate", "--credential", str(stub_credential.pk), "--user", "alice")
    assert '"errorcode": 0' in capsys.readouterr().out
    log = CallLog.objects.get()
    assert (log.user, log.credential) == (alice, stub_credential)
    stub_credential.refresh_from_db()
    assert stub_credential.last_used_at == log.finished_at


def test_call_perform_without_new_arguments_behaves_as_before(allow_stub):
    outcome = call_services.call_perform(actions=[call_services.CONNECTION_PROBE], token=stub_upstream.TOKEN,
                                    secret=stub_upstream.SECRET, url=allow_stub.url, origin="cli")
    assert outcome.ok
    assert (outcome.log.workspace, outcome.log.credential, outcome.log.user) == (None, None, None)
