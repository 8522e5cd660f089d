"""Orchestration: signing service, call logging. Views and commands call these, never the protocol directly."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from .errors import EndpointRefusedError, ExplorerError
from .models import INVITE_LIFETIME, CallLog, Credential, Invite, Membership, Workspace, invite_token_hash
from .onoffice.actions import Action, ActionKind
from .onoffice.client import Exchange, send_actions
from .onoffice.errors import ResponseFormatError, explain
from .onoffice.fields import ModuleFields, parse_field_config
from .onoffice.responses import ApiResponse
from .redaction import scrub, secret_forms, strip_signature_keys
from .sandbox import users as sandbox_users
from .selectors import credential_for_username

logger = logging.getLogger(__name__)

LOG_BODY_LIMIT = 1024 * 1024


def _normalise_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, "", ""))


def endpoint_allowed(url: str) -> bool:
    """Exact match against ONOFFICE_ALLOWED_URLS: every call carries a fresh HMAC worth stealing."""
    if not url or urlsplit(url).query or urlsplit(url).fragment:
        return False
    target = _normalise_url(url)
    return any(_normalise_url(allowed) == target for allowed in settings.ONOFFICE_ALLOWED_URLS)


@dataclass
class CallOutcome:
    log: CallLog
    exchange: Exchange

    @property
    def response(self) -> ApiResponse | None:
        return self.exchange.response

    @property
    def ok(self) -> bool:
        return self.response is not None and self.response.ok


@sensitive_variables("token", "secret", "forms", "credential_forms")
def call_perform(
    *,
    actions: Sequence[Action],
    token: str,
    secret: str,
    url: str,
    origin: str,
    hmac_version: int = 2,
    user=None,
    session=None,
    workspace=None,
    credential=None,
    **transport_options,
) -> CallOutcome:
    """Sign, send and parse a batch of actions; write exactly one CallLog row for the send.

    The row is inserted as pending before the HTTP call and completed after it, each in its own short
    autocommit write, so no transaction is open while waiting for the API. `workspace` and `credential`
    only label the row (and mark the credential as used); the caller passes token and secret.
    """
    if not endpoint_allowed(url):
        raise EndpointRefusedError(
            f"The endpoint {url!r} is not on the allowlist (ONOFFICE_ALLOWED_URLS); nothing was sent.",
            extra={"url": url},
        )
    credential_forms = secret_forms([token, secret])
    logged_actions = [strip_signature_keys(a.as_dict()) for a in actions]
    log = CallLog.objects.create(
        origin=origin,
        user=user,
        workspace=workspace,
        credential=credential,
        endpoint=url,
        hmac_version=hmac_version,
        actions=json.loads(scrub(json.dumps(logged_actions), credential_forms)),
    )
    limits = {
        "connect_timeout": settings.ONOFFICE_CONNECT_TIMEOUT,
        "read_timeout": settings.ONOFFICE_READ_TIMEOUT,
        "deadline": settings.ONOFFICE_DEADLINE,
    }
    exchange = send_actions(url, actions, token=token, secret=secret, hmac_version=hmac_version,
                            session=session, **(limits | transport_options))
    forms = sorted(credential_forms + secret_forms(exchange.signatures), key=len, reverse=True)
    _complete_log(log, exchange, forms)
    if credential is not None:
        Credential.objects.filter(pk=credential.pk).update(last_used_at=log.finished_at)
    return CallOutcome(log=log, exchange=exchange)


COMPLETION_FIELDS = ["finished_at", "duration_ms", "response_bytes", "response_body", "clock_skew", "http_status",
                     "response_truncated", "errorcode", "action_errorcodes", "status", "error_text"]


def _complete_log(log: CallLog, exchange: Exchange, forms: list[str]) -> None:
    body = exchange.body
    text = body[:LOG_BODY_LIMIT].decode("utf-8", errors="replace")
    log.finished_at = timezone.now()
    log.duration_ms = round(exchange.duration * 1000, 2)
    log.response_bytes = len(body)
    log.response_body = scrub(text, forms)
    log.clock_skew = exchange.clock_skew
    log.http_status = exchange.http.status if exchange.http else getattr(exchange.error, "http_status", None)
    error = exchange.error
    log.response_truncated = len(body) > LOG_BODY_LIMIT or getattr(error, "kind", "") in ("too_large", "incomplete")
    if exchange.response is not None:
        response = exchange.response
        log.errorcode = response.errorcode
        log.action_errorcodes = response.action_errorcodes
        log.status = CallLog.Status.OK if response.ok else CallLog.Status.API_ERROR
        if not response.ok:
            log.error_text = scrub(_api_error_text(response), forms)
    else:
        log.status = (CallLog.Status.FORMAT_ERROR if isinstance(error, ResponseFormatError)
                      else CallLog.Status.TRANSPORT_ERROR)
        log.error_text = scrub(str(error), forms)
    log.save(update_fields=COMPLETION_FIELDS)
    logger.info("onoffice call %s origin=%s status=%s http=%s duration_ms=%s",
                log.pk, log.origin, log.status, log.http_status, log.duration_ms)


def _api_error_text(response: ApiResponse) -> str:
    parts = []
    if response.errorcode and response.errorcode != 97:
        parts.append(f"{response.errorcode}: {response.message}")
    parts.extend(f"action {i + 1}: {r.errorcode}: {r.message}" for i, r in enumerate(response.results) if not r.ok)
    return "; ".join(parts) or f"{response.errorcode}: {response.message}"


# --- Accounts and workspaces -------------------------------------------------------------------

SANDBOX_DEMO_LABEL = "Sandbox (demo)"
SANDBOX_DEMO_RIGHTS = "read-write"


def sandbox_endpoint() -> str:
    return f"{settings.SANDBOX_BASE_URL}/sandbox/api/stable/api.php"


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


# --- Credentials -------------------------------------------------------------------------------

@sensitive_variables("token", "secret")
def credential_secrets(credential: Credential) -> tuple[str, str]:
    """Token and secret decrypted in one query (the selectors defer both)."""
    return Credential.objects.values_list("token", "secret").get(pk=credential.pk)


@sensitive_variables("token", "secret")
def credential_create(*, user, label: str, token: str, secret: str, api_url: str, hmac_version: int,
                      read_only: bool) -> Credential:
    return Credential.objects.create(user=user, label=label, token=token, secret=secret, token_hint=token[-4:],
                                     api_url=api_url, hmac_version=hmac_version, read_only=read_only)


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


# A cheap read every API user may do; onOffice's own WordPress plugin probes availability with it.
CONNECTION_PROBE = Action(kind=ActionKind.READ, resourcetype="basicsettings", identifier="connection-test",
                          parameters={"data": {"basicData": {"characteristicsCi": ["claim"]}}})


@sensitive_variables("token", "secret")
def credential_test(*, user, credential: Credential, workspace: Workspace | None = None) -> Credential:
    """One signed probe through call_perform; the verdict (OK or error code, message, skew) is stored."""
    errorcode, skew = None, None
    try:
        token, secret = credential_secrets(credential)
        outcome = call_perform(actions=[CONNECTION_PROBE], token=token, secret=secret, url=credential.api_url,
                               origin=CallLog.Origin.TEST, hmac_version=credential.hmac_version, user=user,
                               workspace=workspace, credential=credential)
    except ExplorerError as exc:
        ok, message = False, exc.message
    else:
        skew = outcome.exchange.clock_skew
        ok = outcome.ok
        response = outcome.response
        if ok:
            message = "OK"
        elif response is not None:
            failed = next((r for r in response.results if not r.ok), response)
            errorcode = failed.errorcode
            message = scrub(explain(errorcode, failed.message).message, secret_forms([token, secret]))
        else:
            message = outcome.log.error_text
    fields = {"last_tested_at": timezone.now(), "last_test_ok": ok, "last_test_errorcode": errorcode,
              "last_test_message": message[:500], "last_test_skew": skew}
    for name, value in fields.items():
        setattr(credential, name, value)
    Credential.objects.filter(pk=credential.pk).update(**fields)
    return credential


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
def user_create_from_invite(*, invite: Invite, username: str, password: str):
    """A new account that joins the invite's workspace; no account is left behind if the invite is gone."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, password=password)
        invite_accept(invite=invite, user=user)
    return user


# --- Composer ----------------------------------------------------------------------------------

FIELD_CONFIG_TTL = 60 * 60  # docs: the fields call is slow and meant to be cached; an hour keeps it fresh enough
FIELD_CONFIG_RETRY = 60
RESULT_TTL = 60 * 60


class ConfirmationRequired(ExplorerError):
    """A write action (or a request with flagged problems) needs an explicit go-ahead."""


def field_config_cache_key(*, credential: Credential, module: str, language: str) -> str:
    # New secrets or another endpoint can mean another client with another configuration.
    version = f"{credential.api_url}|{credential.secrets_set_at.timestamp():.0f}"
    return f"fieldcfg:{credential.pk}:{hashlib.sha256(version.encode()).hexdigest()[:12]}:{module}:{language}"


# Decoded configurations of this process, by the token the cache holds for them: a 1,000-field module
# costs milliseconds to unpickle on every request, a token lookup almost nothing.
_decoded_configs: dict[str, object] = {}
_DECODED_MAX = 64


def _cached_config(key: str):
    token = cache.get(key)
    if token is None:
        return None
    value = _decoded_configs.get(token)
    if value is None:
        value = cache.get(f"{key}:{token}")
        if value is None:
            return None
        if len(_decoded_configs) >= _DECODED_MAX:
            _decoded_configs.clear()
        _decoded_configs[token] = value
    return value


def _cache_config(key: str, value) -> None:
    token = secrets.token_hex(8)
    cache.set(f"{key}:{token}", value, FIELD_CONFIG_TTL)
    cache.set(key, token, FIELD_CONFIG_TTL)


def field_config_cached(*, credential: Credential, module: str, language: str) -> ModuleFields | None:
    return _cached_config(field_config_cache_key(credential=credential, module=module, language=language))


@sensitive_variables("token", "secret")
def field_config_fetch(*, user, credential: Credential, module: str, language: str = "DEU",
                       refresh: bool = False, workspace=None) -> ModuleFields:
    """The field configuration of one module, through the signing service; cacheable answers are cached.

    A failure is remembered for a minute, so a broken credential does not cost a signed call (and a log
    row) on every change in the composer; `refresh` asks again at once.
    """
    key = field_config_cache_key(credential=credential, module=module, language=language)
    if not refresh:
        cached = _cached_config(key)
        if cached is not None:
            return cached
        failure = cache.get(f"{key}:failed")
        if failure is not None:
            raise ExplorerError(*failure)
    try:
        module_fields, cacheable = _field_config_load(user=user, credential=credential, module=module,
                                                      language=language, workspace=workspace)
    except ExplorerError as exc:
        cache.set(f"{key}:failed", (exc.message, exc.extra), FIELD_CONFIG_RETRY)
        raise
    if cacheable:
        _cache_config(key, module_fields)
    return module_fields


@sensitive_variables("token", "secret")
def _field_config_load(*, user, credential: Credential, module: str, language: str, workspace):
    action = Action(kind=ActionKind.GET, resourcetype="fields", identifier="field-configuration",
                    parameters={"labels": True, "language": language, "modules": [module]})
    token, secret = credential_secrets(credential)
    outcome = call_perform(actions=[action], token=token, secret=secret, url=credential.api_url,
                           origin=CallLog.Origin.FIELDS, hmac_version=credential.hmac_version, user=user,
                           workspace=workspace, credential=credential)
    response = outcome.response
    if response is None:
        raise ExplorerError(f"The field configuration could not be loaded: {outcome.log.error_text}")
    failed = next((r for r in response.results if not r.ok), None)
    if failed is not None or not response.results:
        code = failed.errorcode if failed else response.errorcode
        explanation = explain(code, failed.message if failed else response.message,
                              clock_skew=outcome.exchange.clock_skew, hmac_version=credential.hmac_version)
        raise ExplorerError(f"The field configuration could not be loaded: error {code}: {explanation.message}",
                            extra={"hint": explanation.hint})
    result = response.results[0]
    return parse_field_config(result).get(module) or ModuleFields(module=module, label=module, fields={}), \
        result.cacheable


@dataclass(frozen=True)
class ActionKindChoice:
    key: str
    label: str
    types: tuple[tuple[str, str], ...]


@sensitive_variables("token", "secret")
def action_kinds_fetch(*, user, credential: Credential, language: str = "DEU", workspace=None) -> list[ActionKindChoice]:
    """Kinds of action with their types (actionkindtypes), for the agents-log pickers; cached like fields.

    A failure gives an empty list: the pickers fall back to free text, which the API accepts as well.
    """
    key = field_config_cache_key(credential=credential, module="actionkindtypes", language=language)
    cached = _cached_config(key)
    if cached is not None:
        return cached
    action = Action(kind=ActionKind.GET, resourcetype="actionkindtypes", identifier="action-kinds",
                    parameters={"lang": language})
    token, secret = credential_secrets(credential)
    outcome = call_perform(actions=[action], token=token, secret=secret, url=credential.api_url,
                           origin=CallLog.Origin.FIELDS, hmac_version=credential.hmac_version, user=user,
                           workspace=workspace, credential=credential)
    if not outcome.ok:
        return []
    result = outcome.response.results[0]
    choices = []
    for record in result.records:
        elements = record.elements if isinstance(record.elements, dict) else {}
        types = elements.get("types") if isinstance(elements.get("types"), dict) else {}
        kind_key = str(elements.get("key") or record.id)
        choices.append(ActionKindChoice(key=kind_key, label=str(elements.get("label") or kind_key),
                                        types=tuple((str(k), str(v)) for k, v in types.items())))
    if result.cacheable:
        _cache_config(key, choices)
    return choices


def compose_check(*, credential: Credential, actions: Sequence[Action], confirmed: bool) -> None:
    """Refuse or hold back a send before anything leaves: read-only credentials never write; writes
    elsewhere than the sandbox need a confirmation that names the credential."""
    writes = [a for a in actions if a.kind.is_write]
    if not writes:
        return
    kinds = ", ".join(sorted({a.kind.value for a in writes}))
    if credential.read_only:
        raise ExplorerError(
            f"“{credential.label}” is read-only: {kinds} actions are refused before sending. "
            "Pick another credential or remove the write actions."
        )
    if credential.endpoint_kind != "sandbox" and not confirmed:
        raise ConfirmationRequired(
            f"This sends {kinds} to the live CRM behind “{credential.label}” ({credential.endpoint_kind.upper()}).",
        )


@sensitive_variables("token", "secret")
def compose_send(*, user, credential: Credential, actions: Sequence[Action], confirmed: bool = False,
                 workspace=None) -> CallOutcome:
    """Send composed actions with the user's credential and keep the answer for paging through it."""
    compose_check(credential=credential, actions=actions, confirmed=confirmed)
    token, secret = credential_secrets(credential)
    outcome = call_perform(actions=actions, token=token, secret=secret, url=credential.api_url,
                           origin=CallLog.Origin.UI, hmac_version=credential.hmac_version, user=user,
                           workspace=workspace, credential=credential)
    if outcome.response is not None:
        cache.set(result_cache_key(outcome.log.pk), outcome.exchange.body, RESULT_TTL)
    return outcome


def result_cache_key(log_id: int) -> str:
    return f"result:{log_id}"


def call_body(log: CallLog) -> bytes:
    """The whole answer while it is cached, else the (capped) body kept in the log."""
    return cache.get(result_cache_key(log.pk)) or log.response_body.encode()
