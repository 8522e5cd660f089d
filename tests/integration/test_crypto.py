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
