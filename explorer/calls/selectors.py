"""Reads of the call log, always scoped to the requesting user: their own calls, and in a team workspace
every member's (the team's audit log)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..accounts.models import Workspace
from ..accounts.selectors import workspace_list
from .models import CallLog
from .search import full_text

# Calls the explorer makes on its own, hidden from the history unless asked for.
AUTOMATIC_ORIGINS = (CallLog.Origin.FIELDS, CallLog.Origin.TEST)


def call_log_list(*, user) -> QuerySet[CallLog]:
    """The user's own calls, newest first, without the (large) response bodies."""
    return CallLog.objects.filter(user=user).defer("response_body")


def _visible(user) -> Q:
    """Own calls, and the calls logged in team workspaces the user belongs to."""
    teams = workspace_list(user=user).filter(personal_for__isnull=True)
    return Q(user=user) | Q(workspace__in=teams)


def call_log_get(*, user, log_id: int) -> CallLog | None:
    # The page names the credential; its token and secret are decrypted only if a call reads them.
    return (CallLog.objects.filter(_visible(user), pk=log_id).select_related("credential", "user")
            .defer("credential__token", "credential__secret").first())


def call_log_last_credential_id(*, user, workspace) -> int | None:
    """The user's own credential they last sent with in this workspace (field-configuration reads count too)."""
    if workspace is None:
        return None
    return (CallLog.objects.filter(user=user, workspace=workspace, credential__user=user)
            .order_by("-pk").values_list("credential_id", flat=True).first())


@dataclass(frozen=True)
class HistoryFilters:
    """The history's filters (architecture.md names them; all optional and combinable)."""

    q: str = ""
    status: str = ""
    resourcetype: str = ""
    action: str = ""
    credential: int | None = None
    member: str = ""
    origin: str = ""
    since: date | None = None
    until: date | None = None
    automatic: bool = False


def history_scope(*, user, workspace: Workspace) -> QuerySet[CallLog]:
    """A team workspace: every member's calls there; the personal one: the user's own (also those sent
    with no workspace, from the command line)."""
    if workspace is None:
        return CallLog.objects.none()
    if workspace.is_personal:
        return CallLog.objects.filter(Q(workspace=workspace) | Q(workspace__isnull=True), user=user)
    return CallLog.objects.filter(workspace=workspace, workspace__in=workspace_list(user=user))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def call_log_history(*, user, workspace: Workspace, filters: HistoryFilters) -> QuerySet[CallLog]:
    """The history of a workspace with its filters applied, newest first, without response bodies."""
    calls = history_scope(user=user, workspace=workspace)
    if filters.status:
        calls = calls.filter(status=filters.status)
    if filters.resourcetype:
        calls = calls.filter(action_keys__contains=f":{filters.resourcetype} ")
    if filters.action:
        calls = calls.filter(action_keys__contains=f" {filters.action}:")
    if filters.credential is not None:
        calls = calls.filter(credential_id=filters.credential)
    if filters.member:
        calls = calls.filter(user__username=filters.member)
    if filters.origin:
        calls = calls.filter(origin=filters.origin)
    elif not filters.automatic:
        calls = calls.exclude(origin__in=AUTOMATIC_ORIGINS)
    if filters.since:
        calls = calls.filter(started_at__gte=_day_start(filters.since))
    if filters.until:
        calls = calls.filter(started_at__lt=_day_start(filters.until + timedelta(days=1)))
    if filters.q:
        calls = full_text(calls, filters.q)
    return (calls.select_related("user", "credential").defer("response_body", "search_text", "credential__token",
                                                             "credential__secret").order_by("-pk"))
