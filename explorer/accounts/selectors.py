"""Every read of user-owned data, always scoped to the requesting user, so no view can forget the check.

Views fetch single objects with `get_object_or_404(<selector>(user=...), pk=...)`, so another user's
ids give 404 rather than confirming that they exist.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery

from .models import Credential, Invite, Membership, Workspace, WorkspaceVariable, invite_token_hash


def credential_list(*, user) -> QuerySet[Credential]:
    """The user's own credentials; token and secret stay encrypted until an attribute is read."""
    return Credential.objects.filter(user=user).defer("token", "secret")


def credential_for_username(*, username: str, credential_id: int) -> Credential | None:
    """A credential of the user named `username` (the CLI acts as that user), or None."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return None
    return credential_list(user=user).select_related("user").filter(pk=credential_id).first()


def workspace_list(*, user, role: str | None = None) -> QuerySet[Workspace]:
    """Workspaces the user belongs to (optionally only with `role`), each annotated with `my_role`."""
    memberships = {"memberships__user": user} | ({"memberships__role": role} if role else {})
    member_count = (Membership.objects.filter(workspace=OuterRef("pk")).order_by()
                    .values("workspace").annotate(count=Count("id")).values("count"))
    return (Workspace.objects.filter(**memberships)
            .annotate(my_role=F("memberships__role"), member_count=Subquery(member_count))
            .order_by(F("personal_for").asc(nulls_last=True), "name", "id"))


def workspace_current(*, user, workspace_id: int | None) -> Workspace | None:
    """The workspace chosen in the session if the user still belongs to it, else their personal one."""
    return workspace_pick(list(workspace_list(user=user)), user=user, workspace_id=workspace_id)


def workspace_pick(workspaces: list[Workspace], *, user, workspace_id: int | None) -> Workspace | None:
    """workspace_current's choice among the user's already loaded workspaces (one query for the frame)."""
    chosen = next((w for w in workspaces if w.pk == workspace_id), None) if workspace_id is not None else None
    return chosen or next((w for w in workspaces if w.personal_for_id == user.pk), None)


def membership_list(*, user, workspace: Workspace) -> QuerySet[Membership]:
    """Members of a workspace the user belongs to."""
    return (Membership.objects.filter(workspace=workspace, workspace__in=workspace_list(user=user))
            .select_related("user").order_by("user__username"))


def invite_list(*, user, workspace: Workspace) -> QuerySet[Invite]:
    """Pending invites of a workspace the user owns."""
    owned = workspace_list(user=user, role=Membership.Role.OWNER)
    return Invite.objects.pending().filter(workspace=workspace, workspace__in=owned)


def invite_pending_get(*, user, token: str) -> Invite | None:
    """The pending invite behind a link, annotated with whether `user` (maybe anonymous) already belongs there.

    The token itself is the permission to see it, so the lookup is by token, never by id.
    """
    already_member = Membership.objects.filter(workspace=OuterRef("workspace"), user_id=user.pk)
    return (Invite.objects.pending().filter(token_hash=invite_token_hash(token))
            .select_related("workspace").annotate(already_member=Exists(already_member)).first())


def workspace_variable_values(*, user, workspace: Workspace | None) -> dict[str, str]:
    """The defaults of `{{name}}` variables in a workspace the user belongs to."""
    if workspace is None:
        return {}
    return dict(WorkspaceVariable.objects.filter(workspace=workspace, workspace__in=workspace_list(user=user))
                .values_list("name", "value"))


def history_members(*, user, workspace: Workspace | None) -> list[str]:
    """Usernames the history of a workspace can be filtered by (its members; the user alone when personal)."""
    if workspace is None:
        return []
    return list(membership_list(user=user, workspace=workspace).values_list("user__username", flat=True))


def history_credentials(*, user, workspace: Workspace | None) -> list[Credential]:
    """Credentials the history of a workspace can be filtered by: the members' (labels only, never secrets)."""
    if workspace is None:
        return []
    members = membership_list(user=user, workspace=workspace).values("user_id")
    return list(Credential.objects.filter(user__in=members).only("id", "label", "user_id").order_by("label", "id"))
