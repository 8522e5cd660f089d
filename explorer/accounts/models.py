import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..onoffice.errors import explain
from ..onoffice.transport import SKEW_WARN_SECONDS
from .crypto import EncryptedTextField

INVITE_LIFETIME = timedelta(days=7)


class Workspace(models.Model):
    """A personal workspace (exactly one per user, `personal_for` set) or a team workspace with members."""

    name = models.CharField(max_length=80)
    personal_for = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                        related_name="personal_workspace")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def is_personal(self) -> bool:
        return self.personal_for_id is not None


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        EDITOR = "editor", "Editor"
        VIEWER = "viewer", "Viewer"

    ROLE_DESCRIPTIONS = {
        Role.OWNER: "manages members and invites, edits and runs saved requests",
        Role.EDITOR: "edits and runs saved requests",
        Role.VIEWER: "runs saved requests with their own credential",
    }

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=Role.choices)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workspace", "user__username"]
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")]

    def __str__(self):
        return f"{self.user} in {self.workspace} ({self.role})"


SANDBOX_PATH = "/sandbox/"  # where core/urls.py mounts the sandbox
SANDBOX_FLAVOURS = ("stable", "latest")


def sandbox_endpoint(flavour: str = "stable") -> str:
    """This server's sandbox API as outside clients reach it (SANDBOX_BASE_URL); the explorer itself
    answers it in process (explorer/sandbox/inprocess.py)."""
    return f"{settings.SANDBOX_BASE_URL}{SANDBOX_PATH}api/{flavour}/api.php"


def _own_host(host: str) -> bool:
    """A host name this server answers to: SANDBOX_BASE_URL's, or an ALLOWED_HOSTS entry ("*" excluded)."""
    if host == (urlsplit(settings.SANDBOX_BASE_URL).hostname or ""):
        return True
    for pattern in settings.ALLOWED_HOSTS:
        pattern = pattern.lower().strip("[]")
        if pattern == "*" or not pattern:
            continue
        if host == pattern or (pattern.startswith(".") and (host.endswith(pattern) or host == pattern[1:])):
            return True
    return False


def sandbox_flavour(url: str) -> str | None:
    """"stable" or "latest" when `url` is this server's sandbox API, else None.

    Recognised by what it is, not by a remembered address: the path /sandbox/api/{stable,latest}/api.php
    (under SANDBOX_BASE_URL's path, if it has one) on a host of this server, on any port and either
    scheme. So a credential stored as http://127.0.0.1:8000/... still means the sandbox after
    `PORT=8001 make run`. Such a URL is never sent over the network (see calls.services).
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except (ValueError, AttributeError):
        return None
    if parts.scheme.lower() not in ("http", "https") or parts.query or parts.fragment or parts.username:
        return None
    if not _own_host((parts.hostname or "").lower()):
        return None
    base_path = urlsplit(settings.SANDBOX_BASE_URL).path.rstrip("/")
    for flavour in SANDBOX_FLAVOURS:
        tail = f"{SANDBOX_PATH}api/{flavour}/api.php"
        if parts.path in (tail, f"{base_path}{tail}"):
            return flavour
    return None


def is_sandbox_url(url: str) -> bool:
    return sandbox_flavour(url) is not None


def endpoint_resolve(url: str) -> str:
    """The URL a call goes to: any address of this server's sandbox becomes the current one
    (SANDBOX_BASE_URL, same flavour); other URLs stay as they are."""
    flavour = sandbox_flavour(url)
    return sandbox_endpoint(flavour) if flavour else url


def endpoint_kind(url: str) -> str:
    """Which badge an endpoint gets: sandbox, stable, latest, or custom (an allowlisted extra)."""
    if is_sandbox_url(url) or url.startswith(f"{settings.SANDBOX_BASE_URL}{SANDBOX_PATH}"):
        return "sandbox"
    if "/api/stable/" in url:
        return "stable"
    if "/api/latest/" in url:
        return "latest"
    return "custom"


def invite_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InviteQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invite(models.Model):
    """A single-use link that joins one workspace; only the token's hash is stored, the link is shown once."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invites")
    role = models.CharField(max_length=8, choices=Membership.Role.choices, default=Membership.Role.EDITOR)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Invite to {self.workspace} as {self.role}"


class Credential(models.Model):
    """One user's onOffice API token and secret, encrypted at rest and never shared with anyone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials")
    label = models.CharField(max_length=80)
    token = EncryptedTextField()
    secret = EncryptedTextField()
    token_hint = models.CharField(max_length=4, help_text="Last four characters of the token, for recognition.")
    api_url = models.CharField("endpoint", max_length=500)
    hmac_version = models.PositiveSmallIntegerField(default=2, choices=[(2, "v2 (HMAC-SHA256)"), (1, "v1 (legacy)")])
    read_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    secrets_set_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_tested_at = models.DateTimeField(null=True, blank=True)
    last_test_ok = models.BooleanField(null=True, blank=True)
    last_test_errorcode = models.IntegerField(null=True, blank=True)
    last_test_message = models.CharField(max_length=500, blank=True)
    last_test_skew = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["label", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "label"], name="unique_credential_label_per_user")]

    def __str__(self):
        return self.label

    @property
    def endpoint_kind(self) -> str:
        return endpoint_kind(self.api_url)

    @property
    def last_test_skew_display(self) -> str:
        """Signed seconds; positive means the server's clock is ahead of ours."""
        return f"{self.last_test_skew:+.1f} s" if self.last_test_skew is not None else ""

    @property
    def last_test_skew_is_large(self) -> bool:
        return self.last_test_skew is not None and abs(self.last_test_skew) >= SKEW_WARN_SECONDS

    @property
    def last_test_hint(self) -> str:
        """What to check after a failed test, in plain words (token/secret lengths, clock, rights; see
        https://apidoc.onoffice.de/allgemeine-hinweise/)."""
        if self.last_test_errorcode is None:
            return ""
        return explain(self.last_test_errorcode, clock_skew=self.last_test_skew, hmac_version=self.hmac_version).hint


class WorkspaceVariable(models.Model):
    """A default value for `{{name}}` in the workspace's saved requests (editors change them)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="variables")
    name = models.CharField(max_length=64)
    value = models.CharField(max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="unique_variable_per_workspace")]

    def __str__(self):
        return self.name
