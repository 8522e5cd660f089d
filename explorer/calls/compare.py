"""Which calls a call can be compared with: the picker of "Compare with…" on a call's page."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..onoffice.actions import ActionKind
from .models import CallLog
from .selectors import AUTOMATIC_ORIGINS, call_log_list, history_scope

CANDIDATES = 20


def _first_resource_type(log: CallLog) -> str:
    actions = log.actions if isinstance(log.actions, list) else []
    first = actions[0] if actions and isinstance(actions[0], dict) else {}
    return str(first.get("resourcetype", ""))


def compare_candidates(*, user, log: CallLog, limit: int = CANDIDATES) -> QuerySet[CallLog]:
    """The newest other calls the user can see in the workspace of `log` whose first action has the same
    resource type, without response bodies; automatic calls only when `log` is one too."""
    if log.workspace_id is not None:
        calls = history_scope(user=user, workspace=log.workspace)
    else:  # sent from the command line: the user's own calls outside any workspace
        calls = call_log_list(user=user).filter(workspace__isnull=True)
    resourcetype = _first_resource_type(log)
    first = Q()
    for kind in ActionKind:  # action_keys reads " read:estate get:fields ": the first key starts it
        first |= Q(action_keys__startswith=f" {kind.value}:{resourcetype} ")
    calls = calls.filter(first).exclude(pk=log.pk)
    if log.origin not in AUTOMATIC_ORIGINS:
        calls = calls.exclude(origin__in=AUTOMATIC_ORIGINS)
    return (calls.select_related("user").defer("response_body", "search_text")
            .order_by("-pk")[:limit])
