"""Reads of the call log, always scoped to the requesting user."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import CallLog


def call_log_list(*, user) -> QuerySet[CallLog]:
    """The user's own calls, newest first, without the (large) response bodies."""
    return CallLog.objects.filter(user=user).defer("response_body")


def call_log_get(*, user, log_id: int) -> CallLog | None:
    # The page names the credential; its token and secret are decrypted only if a call reads them.
    return (CallLog.objects.filter(user=user, pk=log_id).select_related("credential")
            .defer("credential__token", "credential__secret").first())


def call_log_last_credential_id(*, user, workspace) -> int | None:
    """The user's own credential they last sent with in this workspace (field-configuration reads count too)."""
    if workspace is None:
        return None
    return (CallLog.objects.filter(user=user, workspace=workspace, credential__user=user)
            .order_by("-pk").values_list("credential_id", flat=True).first())
