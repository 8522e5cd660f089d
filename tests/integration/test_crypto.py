import secrets

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from explorer.accounts import crypto

from explorer.accounts import services as account_services

from explorer.calls import services as call_services
from explorer.accounts.crypto import CredentialDecryptError, FieldKeyError
from explorer.accounts.models import Credential

pytestmark = pytest.mark.django_db


def new_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def owner(make_user):
    return make_user("owner")


def make_credential(owner, **overrides):
    fields = {"label": "Key test", "token": secrets.token_hex(16), "secret": secrets.token_hex(32),
              "api_url": "https://api.onoffice.de/api/stable/api.php", "hmac_version": 2, "read_only": False}
    return account_services.credential_create(user=owner, **(fields | overrides))


def stored_columns(pk) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT token, secret FROM explorer_credential WHERE id = %s", [pk])
        return cursor.fetchone()


def test_round_trip_stores_tagged_ciphertext_only(owner):
    credential = make_credential(owner)
    token, secret = stored_columns(credential.pk)
    assert token.startswith("f1:") and secret.startswith("f1:")
    assert credential.token not in token and credential.secret not in secret
    reloaded = Credential.objects.get(pk=credential.pk)
    assert (reloaded.token, reloaded.secret) == (credential.token, credential.secret)


def test_empty_string_is_encrypted_and_round_trips(owner):
    credential = make_credential(owner, secret="")
    assert stored_columns(credential.pk)[1].startswith("f1:")
    assert Credential.objects.get(pk=credential.pk).secret == ""


def test_only_isnull_lookups_exist(owner):
    credential = make_credential(owner)
    with pytest.raises(FieldError):
        list(Credential.objects.filter(secret=credential.secret))
    with pytest.raises(FieldError):
        list(Credential.objects.filter(token__startswith=credential.token[:4]))
    assert Credential.objects.filter(secret__isnull=False).count() == 1


def test_dumpdata_leaves_the_encrypted_fields_out(owner, capsys):
    credential = make_credential(owner)
    call_command("dumpdata", "explorer.credential")
    dumped = capsys.readouterr().out
    assert '"token_hint"' in dumped
    assert '"secret"' not in dumped and '"token":' not in dumped
    assert credential.secret not in dumped


def test_wrong_key_raises_a_clear_error_and_never_returns_ciphertext(owner, settings):
    credential = make_credential(owner)
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(CredentialDecryptError) as caught:
        Credential.objects.get(pk=credential.pk)
    message = str(caught.value)
    assert "FIELD_ENCRYPTION_KEYS" in message
    assert "f1:" not in message and stored_columns(credential.pk)[1][3:20] not in message


@pytest.mark.parametrize(("keys", "problem"), [
    ([], "FIELD_ENCRYPTION_KEYS is empty"),
    (["not-a-key"], "FIELD_ENCRYPTION_KEYS entry 1 is not a Fernet key"),
])
def test_missing_or_malformed_keys_name_the_setting(owner, settings, keys, problem):
    settings.FIELD_ENCRYPTION_KEYS = keys
    with pytest.raises(FieldKeyError, match=problem):
        make_credential(owner)
    assert [error.id for error in crypto.check_field_encryption_keys(None)] == ["explorer.E001"]


def test_duplicate_keys_fail_the_system_check(settings):
    key = new_key()
    settings.FIELD_ENCRYPTION_KEYS = [key, key]
    assert "the same key twice" in crypto.check_field_encryption_keys(None)[0].msg


def test_connection_test_with_an_unreadable_credential_sends_nothing(owner, settings, allow_stub):
    credential = make_credential(owner, api_url=allow_stub.url)
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    tested = call_services.credential_test(user=owner, credential=Credential.objects.defer("token", "secret")
                                      .get(pk=credential.pk))
    assert tested.last_test_ok is False
    assert "FIELD_ENCRYPTION_KEYS" in tested.last_test_message
    assert allow_stub.requests == []


@pytest.fixture
def unreadable_call(owner, settings, allow_stub):
    """A logged call whose credential no configured key opens any more."""
    credential = make_credential(owner, api_url=allow_stub.url)
    log = call_services.call_perform(actions=[call_services.CONNECTION_PROBE], token=credential.token,
                                secret=credential.secret, url=allow_stub.url, origin="ui", user=owner,
                                credential=credential).log
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    return credential, log


def test_admin_lists_credentials_and_calls_without_decrypting(unreadable_call, make_user, client_for):
    """The admin shows credentials by label and hint only, so an unreadable key must not break it."""
    credential, log = unreadable_call
    client = client_for(make_user("root", is_staff=True, is_superuser=True))
    for url in ("/admin/explorer/credential/", f"/admin/explorer/credential/{credential.pk}/change/",
                "/admin/explorer/calllog/", f"/admin/explorer/calllog/{log.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Key test" in response.text, url


def test_history_shows_calls_of_an_unreadable_credential(owner, unreadable_call, client_for):
    """History names the credential by label; it never needs the secrets, so a missing key must not break it."""
    _, log = unreadable_call
    client = client_for(owner)
    assert client.get("/history/").status_code == 200
    response = client.get(f"/history/{log.pk}/")
    assert response.status_code == 200 and "Key test" in response.text


def test_rotation_moves_every_value_to_the_new_key(owner, settings, capsys):
    old, new = settings.FIELD_ENCRYPTION_KEYS[0], new_key()
    first = make_credential(owner)
    second = make_credential(owner, label="Second", secret="")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_keys")
    assert "Re-encrypted 4 value(s); 0 already used the first key." in capsys.readouterr().out

    settings.FIELD_ENCRYPTION_KEYS = [new]
    for credential in (first, second):
        reloaded = Credential.objects.get(pk=credential.pk)
        assert (reloaded.token, reloaded.secret) == (credential.token, credential.secret)

    call_command("rotate_field_keys")
    assert "Re-encrypted 0 value(s); 4 already used the first key." in capsys.readouterr().out

    settings.FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(CredentialDecryptError):
        Credential.objects.get(pk=first.pk)


def test_rotation_without_the_old_key_fails_clearly(owner, settings):
    make_credential(owner)
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(CommandError, match="FIELD_ENCRYPTION_KEYS"):
        call_command("rotate_field_keys")


def test_error_report_filter_hides_values_that_name_based_rules_miss(owner, rf, settings):
    """A local named `envelope` is not on any sensitive_variables list, but it carries the token."""
    from django.views.debug import ExceptionReporter

    credential = make_credential(owner)
    settings.DEBUG = False

    def send(envelope):
        raise RuntimeError("transport broke")

    try:
        send({"token": Credential.objects.get(pk=credential.pk).token, "request": {}})
    except RuntimeError as exc:
        reporter = ExceptionReporter(rf.get("/"), type(exc), exc, exc.__traceback__)
        html, text = reporter.get_traceback_html(), reporter.get_traceback_text()
    assert "envelope" in html and "transport broke" in text
    assert credential.token not in html and credential.token not in text


# --- With a key missing, the admin, dumpdata and the rotation keep working ---------------------------

def test_admin_deletes_a_user_whose_credential_is_unreadable(owner, unreadable_call, make_user, client_for):
    """The delete confirmation lists related objects (select_related loads every column); no decrypting."""
    credential, log = unreadable_call
    client = client_for(make_user("root", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/auth/user/{owner.pk}/delete/")
    assert page.status_code == 200 and "Key test" in page.text
    response = client.post_form(f"/admin/auth/user/{owner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Credential.objects.filter(pk=credential.pk).exists()
    assert not type(owner).objects.filter(pk=owner.pk).exists()


def test_admin_deletes_users_in_bulk_whose_credentials_are_unreadable(owner, unreadable_call, make_user,
                                                                       client_for):
    client = client_for(make_user("root", is_staff=True, is_superuser=True))
    data = {"action": "delete_selected", "_selected_action": [owner.pk]}
    assert "Key test" in client.post_form("/admin/auth/user/", data).text  # the confirmation
    assert client.post_form("/admin/auth/user/", data | {"post": "yes"}).status_code == 302
    assert not Credential.objects.filter(user_id=owner.pk).exists()
    assert not type(owner).objects.filter(pk=owner.pk).exists()


def test_admin_deletes_an_unreadable_credential_with_its_calls(unreadable_call, make_user, client_for):
    credential, log = unreadable_call
    client = client_for(make_user("root", is_staff=True, is_superuser=True))
    url = f"/admin/explorer/credential/{credential.pk}/delete/"
    page = client.get(url)
    assert page.status_code == 200 and "Key test" in page.text
    assert client.post_form(url, {"post": "yes"}).status_code == 302
    assert not Credential.objects.filter(pk=credential.pk).exists()


@pytest.mark.parametrize("labels", [("explorer",), ()], ids=["the explorer app", "every app"])
def test_dumpdata_works_with_an_unreadable_credential(owner, unreadable_call, capsys, labels):
    credential, _ = unreadable_call
    token, secret = stored_columns(credential.pk)
    call_command("dumpdata", *labels)
    dumped = capsys.readouterr().out
    assert '"model": "explorer.credential"' in dumped and '"Key test"' in dumped
    assert '"model": "explorer.calllog"' in dumped
    for leak in (credential.token, credential.secret, token[3:40], secret[3:40], "f1:"):
        assert leak not in dumped


def test_dumpdata_decrypts_nothing_even_with_the_right_key(owner, capsys, monkeypatch):
    make_credential(owner)
    monkeypatch.setattr(crypto, "decrypt", lambda stored: pytest.fail("dumpdata decrypted a value"))
    call_command("dumpdata", "explorer")
    assert '"model": "explorer.credential"' in capsys.readouterr().out


def test_rotation_reports_unreadable_values_and_rotates_the_rest(owner, settings, capsys):
    old, lost, new = settings.FIELD_ENCRYPTION_KEYS[0], new_key(), new_key()
    readable = make_credential(owner, label="Readable")
    settings.FIELD_ENCRYPTION_KEYS = [lost]
    unreadable = make_credential(owner, label="Lost key")  # written with a key that is then dropped
    settings.FIELD_ENCRYPTION_KEYS = [old]
    later = make_credential(owner, label="After")  # a pk after the unreadable one: rotation goes on past it
    settings.FIELD_ENCRYPTION_KEYS = [new, old]

    with pytest.raises(CommandError, match="2 value\\(s\\) could not be decrypted with any key in "
                                           "FIELD_ENCRYPTION_KEYS"):
        call_command("rotate_field_keys")
    out, err = capsys.readouterr()
    assert "Re-encrypted 4 value(s); 0 already used the first key." in out
    assert f"Cannot open explorer.Credential pk={unreadable.pk} field token" in err
    assert f"Cannot open explorer.Credential pk={unreadable.pk} field secret" in err
    assert f"pk={readable.pk}" not in err and f"pk={later.pk}" not in err
    for leak in (*stored_columns(unreadable.pk), unreadable.token, unreadable.secret):
        assert leak not in out + err

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the readable ones moved to the new key; the other is untouched
    for credential in (readable, later):
        reloaded = Credential.objects.get(pk=credential.pk)
        assert (reloaded.token, reloaded.secret) == (credential.token, credential.secret)
    settings.FIELD_ENCRYPTION_KEYS = [lost]
    assert Credential.objects.get(pk=unreadable.pk).secret == unreadable.secret


def test_rotation_exits_non_zero_from_the_command_line(owner, settings):
    """CommandError is what manage.py turns into exit status 1."""
    make_credential(owner)
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(SystemExit) as exited:
        from django.core.management import ManagementUtility

        ManagementUtility(["manage.py", "rotate_field_keys"]).execute()
    assert exited.value.code == 1
