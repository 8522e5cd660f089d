import secrets
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.stub_upstream import StubUpstream


@pytest.fixture(autouse=True)
def fresh_cache():
    """No test sees what another cached (field configurations, kept answers): ids repeat between tests."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def stub():
    with StubUpstream() as upstream:
        yield upstream


@pytest.fixture
def allow_stub(stub, settings):
    """The stub's URL on the allowlist, with short timeouts so failure paths finish quickly."""
    settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, stub.url]
    settings.ONOFFICE_READ_TIMEOUT = 1.0
    settings.ONOFFICE_DEADLINE = 5.0
    return stub


# --- Accounts, workspaces and credentials ------------------------------------------------------

PASSWORD = "a-long-test-password-9876"


class CsrfClient(Client):
    """Enforces CSRF like a browser; posts carry the token taken from the cookie a rendered page set."""

    def __init__(self, **defaults):
        super().__init__(enforce_csrf_checks=True, **defaults)

    def csrf_token(self) -> str:
        if "csrftoken" not in self.cookies:
            signed_in = "_auth_user_id" in self.session
            self.get("/workspaces/" if signed_in else "/accounts/login/")
        return self.cookies["csrftoken"].value

    def post_form(self, path, data=None, **extra):
        return self.post(path, {**(data or {}), "csrfmiddlewaretoken": self.csrf_token()}, **extra)

    def post_htmx(self, path, data=None, *, target: str, **extra):
        """As htmx posts a form: the CSRF header from the page's hx-headers, plus HX-Request and HX-Target."""
        headers = {"X-CSRFToken": self.csrf_token(), "HX-Request": "true", "HX-Target": target}
        return self.post(path, data or {}, headers=headers | extra.pop("headers", {}), **extra)


@pytest.fixture
def make_user(db, settings):
    # Deliberately weak hashing: tests create many users, and PBKDF2 costs most of a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def make(username: str, **fields):
        return get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
    return make


@pytest.fixture
def client_for(db):
    """A CSRF-enforcing client signed in as the given user (None: anonymous)."""
    def make(user=None) -> CsrfClient:
        client = CsrfClient()
        if user is not None:
            client.force_login(user)
        return client
    return make


@pytest.fixture
def canary():
    """A random, well-formed token and secret: any later sighting of them is a leak."""
    return {"token": secrets.token_hex(16), "secret": secrets.token_hex(32)}


@pytest.fixture
def team(make_user):
    """Alice owns a team workspace with a co-owner, an editor and a viewer; Mallory is an outsider."""
    from explorer.accounts import services as account_services
    from explorer.accounts.models import Membership

    users = {name: make_user(name) for name in ("alice", "olga", "eddie", "vera", "mallory")}
    for user in users.values():
        account_services.user_onboard(user=user)
    workspace = account_services.workspace_create(user=users["alice"], name="Makler Team")
    for name, role in (("olga", "owner"), ("eddie", "editor"), ("vera", "viewer")):
        Membership.objects.create(workspace=workspace, user=users[name], role=role)
    return SimpleNamespace(workspace=workspace, **users)


def cache_entries() -> dict[str, bytes]:
    """Every key of the default cache with its stored (pickled) bytes: the local-memory cache of the SQLite
    run or the Redis server of the PostgreSQL run, so tests can look at what a cache really holds."""
    from django.core.cache import cache

    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):  # locmem: {key: pickled value}
        return dict(cache._cache)
    client = cache._cache.get_client()  # Django's RedisCache: values are stored pickled, with a prefix
    return {key.decode(): client.get(key) for key in client.scan_iter("*")}


def cache_value(stored: bytes):
    """A value as cache_entries() returns it, unpickled (Redis keeps plain integers unpickled)."""
    import pickle

    try:
        return pickle.loads(stored)
    except Exception:  # noqa: BLE001 — Redis stores counters as plain digits
        return stored
