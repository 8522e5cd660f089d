"""Encryption at rest for credential secrets: an own model field on cryptography's MultiFernet.

Keys come from FIELD_ENCRYPTION_KEYS (the first encrypts, all decrypt, so keys can be rotated), the stored
form carries a version tag, a value that no key opens raises an error naming the setting (never the
ciphertext as a value), and only `isnull` lookups exist, because equality on ciphertext is meaningless.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.db import models
from django.views.debug import SafeExceptionReporterFilter

from ..errors import ExplorerError
from ..redaction import secret_forms
from .keys import SETTING, key_problems

TAG = "f1:"
# How many recently handled plaintexts the error-report filter scrubs; a request touches a few at most.
_REMEMBERED_PLAINTEXTS = 16


class FieldKeyError(ExplorerError):
    """FIELD_ENCRYPTION_KEYS is missing, malformed, or holds no key that opens a stored value."""


class CredentialDecryptError(FieldKeyError):
    """A stored secret cannot be decrypted with any configured key."""


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    problems = key_problems(keys)
    if problems:
        raise FieldKeyError(" ".join(problems))
    return MultiFernet([Fernet(key) for key in keys])


def _configured_keys() -> tuple[str, ...]:
    # Keyed by the current setting, so override_settings and key rotation take effect immediately.
    return tuple(getattr(settings, SETTING, None) or ())


_skip_decryption: contextvars.ContextVar[bool] = contextvars.ContextVar("skip_decryption", default=False)


@contextmanager
def decryption_skipped() -> Iterator[None]:
    """Within: encrypted fields load as None, undecrypted, for work that never reads them.

    For dumpdata (the fields are not serialized) and the admin's delete pages (they list related
    credentials by label): a value no configured key opens must not break them, and nothing is decrypted
    that nobody reads. A model loaded here must not be saved: None in these NOT NULL columns is refused.
    """
    reset = _skip_decryption.set(True)
    try:
        yield
    finally:
        _skip_decryption.reset(reset)


_recent_plaintexts: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("recent_plaintexts", default=())


def _remember(plaintext: str) -> None:
    recent = _recent_plaintexts.get()
    if plaintext and plaintext not in recent:
        _recent_plaintexts.set((plaintext, *recent)[:_REMEMBERED_PLAINTEXTS])


def encrypt(plaintext: str) -> str:
    _remember(plaintext)
    return TAG + _multifernet(_configured_keys()).encrypt(plaintext.encode()).decode()


def _fernet_token(stored: str) -> bytes:
    """The Fernet token inside a stored value; a value without the tag is never tried as one."""
    if not stored.startswith(TAG):
        raise CredentialDecryptError(
            f"A stored secret is not in the expected encrypted form ({TAG}…); re-enter the credential."
        )
    return stored.removeprefix(TAG).encode()


def decrypt(stored: str) -> str:
    token = _fernet_token(stored)
    try:
        plaintext = _multifernet(_configured_keys()).decrypt(token).decode()
    except InvalidToken:
        raise CredentialDecryptError(
            f"A stored secret cannot be decrypted with any key in {SETTING}: add the key it was encrypted "
            "with, or re-enter the credential."
        ) from None
    _remember(plaintext)
    return plaintext


def reencrypt(stored: str) -> str | None:
    """The stored value under the first key, or None when it already is; no plaintext is handed out."""
    keys = _configured_keys()
    multifernet = _multifernet(keys)
    token = _fernet_token(stored)
    try:
        Fernet(keys[0]).decrypt(token)
        return None
    except InvalidToken:
        pass
    try:
        return TAG + multifernet.rotate(token).decode()
    except InvalidToken:
        raise CredentialDecryptError(
            f"A stored secret cannot be decrypted with any key in {SETTING}; nothing was re-encrypted for it."
        ) from None


class EncryptedTextField(models.TextField):
    """Text stored as `f1:<Fernet token>`; None stays NULL, every other value (also "") is encrypted.

    Not serialized (dumpdata leaves it out) and not searchable: only `isnull` lookups are allowed.
    """

    def __init__(self, *args, **kwargs):
        kwargs["serialize"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("serialize", None)
        return name, path, args, kwargs

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or _skip_decryption.get():
            return None
        return decrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None


class PlaintextScrubbingReporterFilter(SafeExceptionReporterFilter):
    """Django's name-based filter, plus: any frame variable whose text holds a recently handled secret is hidden.

    `@sensitive_variables` only covers names chosen by the nearest decorated caller; an envelope or a
    request body deeper in the stack would still show the token. This catches such values by content.
    """

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        forms = secret_forms(_recent_plaintexts.get())
        if not forms:
            return variables
        return [(name, self.cleansed_substitute if _contains_any(value, forms) else value)
                for name, value in variables]


def _contains_any(value, forms: list[str]) -> bool:
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the report; hide just this value
        return True
    return any(form in text for form in forms)


@checks.register(checks.Tags.security)
def check_field_encryption_keys(app_configs, **kwargs):
    return [checks.Error(problem, id="explorer.E001") for problem in key_problems(_configured_keys())]
