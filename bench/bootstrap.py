"""Django set up on a throwaway SQLite file, for the scripts in bench/ and tests/concurrent_calls.py.

Values put into the environment here win over `.env`, which core/settings.py reads without overriding
what is already set. Import this module before anything that loads Django settings.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(
    db_path: str | Path,
    *,
    log_level: str = "WARNING",
    keep_env_log_level: bool = False,
    secret_key: str | None = None,
    fallback_encryption_key: bool = False,
    sqlite_defaults: bool = False,
) -> None:
    """Point DATABASE_URL at db_path, call django.setup() and migrate the empty database.

    log_level: LOG_LEVEL for the run; with keep_env_log_level a LOG_LEVEL already in the environment wins.
    secret_key: SECRET_KEY unless the environment already sets one; it is used even when `.env` has another.
    fallback_encryption_key: when neither the environment nor a `.env` file provides FIELD_ENCRYPTION_KEYS,
    generate a one-off Fernet key, so the script also runs on a checkout that was never configured.
    sqlite_defaults: drop the SQLite options of core/settings.py (WAL, IMMEDIATE, busy timeout) and run on
    Django's defaults, to show what they are for. `db_path` may also be a database URL (postgres://…).
    DJANGO_SETTINGS_MODULE defaults to core.settings.
    """
    os.environ["DATABASE_URL"] = str(db_path) if "://" in str(db_path) else f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    if secret_key is not None:
        os.environ.setdefault("SECRET_KEY", secret_key)
    if fallback_encryption_key and "FIELD_ENCRYPTION_KEYS" not in os.environ and not (ROOT / ".env").is_file():
        from cryptography.fernet import Fernet

        os.environ["FIELD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    if keep_env_log_level:
        os.environ.setdefault("LOG_LEVEL", log_level)
    else:
        os.environ["LOG_LEVEL"] = log_level

    import django
    from django.conf import settings

    if sqlite_defaults:
        settings.DATABASES["default"].pop("OPTIONS", None)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
