"""The sandbox's API users: one per right, with credentials derived from SECRET_KEY.

Derived rather than stored so they are stable across `seed_demo --reset` and differ between installs.
Tokens have 32 and secrets 64 characters, as real onOffice credentials
(https://apidoc.onoffice.de/allgemeine-hinweise/#Access_Tokens).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import asdict, dataclass

from django.conf import settings

RIGHTS = ("read-write", "read-only", "published-only")


@dataclass(frozen=True)
class SandboxApiUser:
    name: str
    token: str
    secret: str
    rights: str

    def as_dict(self) -> dict:
        return asdict(self)


def _derive(purpose: str, length: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"sandbox-api-user:{purpose}".encode(), hashlib.sha512)
    return digest.hexdigest()[:length]


def api_users() -> list[SandboxApiUser]:
    return [
        SandboxApiUser(name=f"demo-{rights}", token=_derive(f"{rights}:token", 32),
                       secret=_derive(f"{rights}:secret", 64), rights=rights)
        for rights in RIGHTS
    ]


def api_user_for_token(token: str) -> SandboxApiUser | None:
    for user in api_users():
        if hmac.compare_digest(user.token, str(token)):
            return user
    return None


def api_endpoint(flavour: str = "stable") -> str:
    """Where outside clients reach this server's sandbox over HTTP (SANDBOX_BASE_URL)."""
    return f"{settings.SANDBOX_BASE_URL.rstrip('/')}/sandbox/api/{flavour}/api.php"
