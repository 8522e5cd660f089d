"""Reads of saved requests and folders, always scoped to the workspaces the user belongs to."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..accounts.models import Membership, Workspace
from ..accounts.selectors import workspace_list
from .models import Folder, SavedRequest

EDITORS = (Membership.Role.OWNER, Membership.Role.EDITOR)


def saved_request_list(*, user, workspace: Workspace, q: str = "") -> QuerySet[SavedRequest]:
    """The saved requests of a workspace the user belongs to, by folder and name; `q` filters names and texts."""
    requests = (SavedRequest.objects.filter(workspace=workspace, workspace__in=workspace_list(user=user))
                .select_related("folder", "created_by", "updated_by").order_by("folder__name", "name", "pk"))
    if q:
        requests = requests.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(folder__name__icontains=q))
    return requests


def saved_request_get(*, user, saved_id: int) -> SavedRequest | None:
    """One saved request of any workspace the user belongs to, with `workspace.my_role` for the user."""
    saved = (SavedRequest.objects.filter(pk=saved_id, workspace__in=workspace_list(user=user))
             .select_related("folder", "created_by", "updated_by").first())
    if saved is not None:
        saved.workspace = workspace_list(user=user).get(pk=saved.workspace_id)
    return saved


def folder_get(*, user, folder_id: int) -> Folder | None:
    """A folder of any workspace the user belongs to, with `workspace.my_role` for the user."""
    folder = Folder.objects.filter(pk=folder_id, workspace__in=workspace_list(user=user)).first()
    if folder is not None:
        folder.workspace = workspace_list(user=user).get(pk=folder.workspace_id)
    return folder


def folder_list(*, user, workspace: Workspace) -> QuerySet[Folder]:
    return Folder.objects.filter(workspace=workspace, workspace__in=workspace_list(user=user))


def can_edit(workspace: Workspace) -> bool:
    """Editors and owners create, change and delete saved requests (workspace from workspace_list: my_role)."""
    return workspace.my_role in EDITORS


def can_manage_folders(workspace: Workspace) -> bool:
    return workspace.my_role == Membership.Role.OWNER
