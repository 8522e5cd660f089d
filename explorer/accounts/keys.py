"""What is wrong with a FIELD_ENCRYPTION_KEYS list, in words naming the setting.

Free of Django on purpose: core/settings.py calls it while settings load, so a malformed key stops the
server (runserver, gunicorn importing core/wsgi.py, every manage.py command) before it serves a request.
explorer/accounts/crypto.py calls it again for the keys in effect (tests override them).
"""

from __future__ import annotations

import binascii
from collections.abc import Sequence

from cryptography.fernet import Fernet

SETTING = "FIELD_ENCRYPTION_KEYS"
HOW_TO_MAKE_ONE = ("make one with: python -c 'from cryptography.fernet import Fernet; "
                   "print(Fernet.generate_key().decode())'")


def key_problems(keys: Sequence[str]) -> list[str]:
    """One sentence per problem (never the key itself); an empty list when the keys are usable."""
    if not keys:
        return [f"{SETTING} is empty: set one or more comma-separated Fernet keys (the first encrypts)."]
    problems = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error, TypeError):
            problems.append(f"{SETTING} entry {position} is not a Fernet key (32 url-safe base64-encoded bytes).")
    if len(set(keys)) != len(keys):
        problems.append(f"{SETTING} lists the same key twice.")
    return problems
