"""Accounts, workspaces, memberships, invites and credentials: every write, named `<entity>_<action>`."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ..errors import ExplorerError
# The sandbox's API users are the one part of the sandbox the explorer uses (the demo credential).
from ..sandbox import users as sandbox_users
from .models import INVITE_LIFETIME, Credential, Invite, Membership, Workspace, invite_token_hash, sandbox_endpoint
from .selectors import credential_for_username


SANDBOX_DEMO_LABEL = "Sandbox (demo)"
SANDBOX_DEMO_RIGHTS = "read-write"
# Password-reset requests per client address and per e-mail address within one window.
PASSWORD_RESET_LIMIT = 5
PASSWORD_RESET_WINDOW_SECONDS = 60 * 60


@sensitive_variables("demo_user")
def user_onboard(*, user) -> Workspace:
    """Idempotent: the personal workspace, and on the very first sign-in the sandbox demo credential.

    The personal workspace doubles as the "already onboarded" marker, so a deleted demo credential
    does not come back at the next sign-in.
    """
    with transaction.atomic():
        workspace, created = Workspace.objects.get_or_create(personal_for=user, defaults={"name": "Personal"})
        if not created:
            return workspace
        Membership.objects.create(workspace=workspace, user=user, role=Membership.Role.OWNER)
        if settings.SANDBOX_ENABLED:
            demo_user = next(u for u in sandbox_users.api_users() if u.rights == SANDBOX_DEMO_RIGHTS)
            credential_create(user=user, label=SANDBOX_DEMO_LABEL, token=demo_user.token, secret=demo_user.secret,
                              api_url=sandbox_endpoint(), hmac_version=2, read_only=False)
    return workspace


def workspace_create(*, user, name: str) -> Workspace:
    """A team workspace with its creator as owner."""
    with transaction.atomic():
        workspace = Workspace.objects.create(name=name)
        Membership.objects.create(workspace=workspace, user=user, role=Membership.Role.OWNER)
    return workspace


def invite_create(*, user, workspace: Workspace, role: str) -> str:
    """A single-use invite valid for seven days; returns the token, which only the link ever shows."""
    if workspace.is_personal:
        raise ExplorerError("A personal workspace has no other members; create a team workspace to invite people.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    Invite.objects.create(workspace=workspace, role=role, token_hash=invite_token_hash(token), created_by=user,
                          created_at=now, expires_at=now + INVITE_LIFETIME)
    return token


def invite_revoke(*, invite: Invite) -> None:
    invite.delete()


def invite_accept(*, invite: Invite, user) -> Membership:
    """Join the invite's workspace; the conditional update makes the link single-use even under races."""
    with transaction.atomic():
        claimed = (Invite.objects.pending().filter(pk=invite.pk)
                   .update(accepted_at=timezone.now(), accepted_by=user))
        if not claimed:
            raise ExplorerError("This invite link has already been used or has expired.")
        membership, _ = Membership.objects.get_or_create(workspace=invite.workspace, user=user,
                                                         defaults={"role": invite.role})
    return membership


def _owner_count(workspace: Workspace) -> int:
    return Membership.objects.filter(workspace=workspace, role=Membership.Role.OWNER).count()


def membership_role_change(*, membership: Membership, role: str) -> Membership:
    if membership.workspace.is_personal:
        raise ExplorerError("The role in a personal workspace cannot change.")
    with transaction.atomic():
        if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER \
                and _owner_count(membership.workspace) == 1:
            raise ExplorerError("A workspace needs at least one owner: make someone else owner first.")
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership) -> None:
    if membership.workspace.is_personal:
        raise ExplorerError("You cannot leave your personal workspace.")
    with transaction.atomic():
        if membership.role == Membership.Role.OWNER and _owner_count(membership.workspace) == 1:
            raise ExplorerError("A workspace needs at least one owner: make someone else owner first.")
        membership.delete()


@sensitive_variables("token", "secret")
def credential_secrets(credential: Credential) -> tuple[str, str]:
    """Token and secret decrypted in one query (the selectors defer both)."""
    return Credential.objects.values_list("token", "secret").get(pk=credential.pk)


@sensitive_variables("token", "secret")
def credential_create(*, user, label: str, token: str, secret: str, api_url: str, hmac_version: int,
                      read_only: bool) -> Credential:
    return Credential.objects.create(user=user, label=label, token=token, secret=secret, token_hint=token[-4:],
                                     api_url=api_url, hmac_version=hmac_version, read_only=read_only)


@sensitive_variables("demo_user")
def credential_create_for_sandbox(*, user, demo_user) -> Credential:
    """A credential for one of the sandbox's demo API users, labelled "Sandbox (<rights>)", numbered when taken."""
    base = f"Sandbox ({demo_user.rights})"
    for _attempt in range(3):  # a double click may take the same label first; the unique constraint decides
        taken = set(Credential.objects.filter(user=user, label__startswith=base).values_list("label", flat=True))
        label, number = base, 1
        while label in taken:
            number += 1
            label = f"{base} {number}"
        try:
            with transaction.atomic():
                return credential_create(user=user, label=label, token=demo_user.token, secret=demo_user.secret,
                                         api_url=sandbox_endpoint(), hmac_version=2,
                                         read_only=demo_user.rights == "read-only")
        except IntegrityError:
            continue
    raise ExplorerError("Could not find a free label; delete an older sandbox credential and try again.")


@sensitive_variables("token", "secret")
def credential_update(*, credential: Credential, label: str, token: str | None, secret: str | None, api_url: str,
                      hmac_version: int, read_only: bool) -> Credential:
    """Update the settings; an empty token or secret keeps the stored one. A new key pair or endpoint
    makes the last test result meaningless, so it is cleared."""
    fields = {"label": label, "api_url": api_url, "hmac_version": hmac_version, "read_only": read_only}
    if token:
        fields |= {"token": token, "token_hint": token[-4:]}
    if secret:
        fields["secret"] = secret
    if token or secret:
        fields["secrets_set_at"] = timezone.now()
    if token or secret or api_url != credential.api_url or hmac_version != credential.hmac_version:
        fields |= {"last_tested_at": None, "last_test_ok": None, "last_test_errorcode": None,
                   "last_test_message": "", "last_test_skew": None}
    for name, value in fields.items():
        setattr(credential, name, value)
    credential.save(update_fields=list(fields))
    return credential


def credential_delete(*, credential: Credential) -> None:
    credential.delete()


@dataclass(frozen=True)
class CliCredential:
    token: str = field(repr=False)
    secret: str = field(repr=False)
    api_url: str
    hmac_version: int
    user: object
    credential: Credential


@sensitive_variables("token", "secret")
def credential_for_cli(*, credential_id: int, username: str) -> CliCredential:
    """A stored credential for `onoffice --credential ID --user USERNAME`; only the owner's name opens it."""
    credential = credential_for_username(username=username, credential_id=credential_id)
    if credential is None:
        raise ExplorerError(
            f"User {username!r} has no credential with id {credential_id} (credentials are personal; "
            "check the id on that user's credentials page)."
        )
    token, secret = credential_secrets(credential)
    return CliCredential(token=token, secret=secret, api_url=credential.api_url,
                         hmac_version=credential.hmac_version, user=credential.user, credential=credential)


@sensitive_variables("password")
def user_create_from_invite(*, invite: Invite, username: str, password: str, email: str = ""):
    """A new account that joins the invite's workspace; no account is left behind if the invite is gone."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, password=password, email=email)
        invite_accept(invite=invite, user=user)
    return user


def password_reset_request_admit(*, client_address: str, email: str) -> bool:
    """Counts one reset request for the address and for the e-mail; False once either is over the limit.

    A fixed window per key in Django's cache (shared by all processes with CACHE_URL=redis://…); the
    e-mail is hashed, so the cache holds no address. Counted even when refused, so hammering does not
    reopen the window.
    """
    email_key = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    counts = [_count_in_window(f"explorer:pwreset:ip:{client_address}"),
              _count_in_window(f"explorer:pwreset:email:{email_key}")]
    return max(counts) <= PASSWORD_RESET_LIMIT


def _count_in_window(key: str) -> int:
    if cache.add(key, 1, timeout=PASSWORD_RESET_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.add(key, 1, timeout=PASSWORD_RESET_WINDOW_SECONDS)
        return 1
