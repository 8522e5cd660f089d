"""Writes of saved requests, folders and workspace variables; the Getting started collection."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..accounts.models import Workspace, WorkspaceVariable
from ..composer.models import VariableMemory
from ..composer.state import ComposeState, saved_actions
from ..composer.variables import is_valid_name
from ..errors import ExplorerError
from ..storage import nul_safe
from .models import Folder, SavedRequest
from .onboarding import GETTING_STARTED, GETTING_STARTED_FOLDER
from .selectors import can_edit, can_manage_folders

NAME_MAX = 120


class PermissionRefused(ExplorerError):
    """The user's role in the workspace does not allow this."""


def viewer_refusal(workspace: Workspace) -> str:
    return (f"You are a viewer in “{workspace.name}”: viewers open and run saved requests; an editor or owner "
            "can change them.")


def _require_editor(workspace: Workspace) -> None:
    if not can_edit(workspace):
        raise PermissionRefused(viewer_refusal(workspace))


def _require_owner(workspace: Workspace) -> None:
    if not can_manage_folders(workspace):
        raise PermissionRefused(f"Only owners of “{workspace.name}” create, rename and delete folders.")


def _clean_name(name: str) -> str:
    name = " ".join(nul_safe(name or "").split())
    if not name:
        raise ExplorerError("Give the request a name.")
    if len(name) > NAME_MAX:
        raise ExplorerError(f"A name has at most {NAME_MAX} characters; this one has {len(name)}.")
    return name


def _folder_in(workspace: Workspace, folder: Folder | None) -> Folder | None:
    if folder is not None and folder.workspace_id != workspace.pk:
        raise ExplorerError("That folder belongs to another workspace.")
    return folder


def saved_request_create(*, user, workspace: Workspace, state: ComposeState, name: str, description: str = "",
                         folder: Folder | None = None, endpoint_kind: str = "") -> SavedRequest:
    """Keep the whole composer state (every action, as form and JSON agree on it), never a credential."""
    _require_editor(workspace)
    now = timezone.now()
    return SavedRequest.objects.create(workspace=workspace, folder=_folder_in(workspace, folder), name=_clean_name(name),
                                       description=nul_safe(description.strip()),
                                       actions=nul_safe(saved_actions(state)),
                                       endpoint_kind=endpoint_kind, created_by=user, created_at=now,
                                       updated_by=user, updated_at=now)


def saved_request_update(*, saved: SavedRequest, user, state: ComposeState, endpoint_kind: str = "") -> SavedRequest:
    """Save the composer's current state back into the saved request ("Update")."""
    _require_editor(saved.workspace)
    saved.actions = nul_safe(saved_actions(state))
    saved.endpoint_kind = endpoint_kind or saved.endpoint_kind
    saved.updated_by, saved.updated_at = user, timezone.now()
    saved.save(update_fields=["actions", "endpoint_kind", "updated_by", "updated_at"])
    return saved


def saved_request_edit(*, saved: SavedRequest, user, name: str, description: str,
                       folder: Folder | None) -> SavedRequest:
    """Rename, describe or move to another folder (None: no folder)."""
    _require_editor(saved.workspace)
    saved.name, saved.description = _clean_name(name), nul_safe(description.strip())
    saved.folder = _folder_in(saved.workspace, folder)
    saved.updated_by, saved.updated_at = user, timezone.now()
    saved.save(update_fields=["name", "description", "folder", "updated_by", "updated_at"])
    return saved


def saved_request_duplicate(*, saved: SavedRequest, user) -> SavedRequest:
    _require_editor(saved.workspace)
    now = timezone.now()
    return SavedRequest.objects.create(workspace=saved.workspace, folder=saved.folder,
                                       name=_clean_name(f"{saved.name} (copy)"[:NAME_MAX]),
                                       description=saved.description, actions=saved.actions,
                                       endpoint_kind=saved.endpoint_kind,
                                       expected_errorcode=saved.expected_errorcode, created_by=user, created_at=now,
                                       updated_by=user, updated_at=now)


def saved_request_delete(*, saved: SavedRequest) -> None:
    _require_editor(saved.workspace)
    with transaction.atomic():
        VariableMemory.objects.filter(key=f"saved:{saved.pk}").delete()
        saved.delete()


def _clean_folder_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ExplorerError("Give the folder a name.")
    if len(name) > 80:
        raise ExplorerError(f"A folder name has at most 80 characters; this one has {len(name)}.")
    return name


def folder_create(*, workspace: Workspace, name: str) -> Folder:
    _require_owner(workspace)
    name = _clean_folder_name(name)
    folder, created = Folder.objects.get_or_create(workspace=workspace, name=name)
    if not created:
        raise ExplorerError(f"“{name}” already exists in this workspace.")
    return folder


def folder_rename(*, folder: Folder, workspace: Workspace, name: str) -> Folder:
    _require_owner(workspace)
    name = _clean_folder_name(name)
    if Folder.objects.filter(workspace=workspace, name=name).exclude(pk=folder.pk).exists():
        raise ExplorerError(f"“{name}” already exists in this workspace.")
    folder.name = name
    folder.save(update_fields=["name"])
    return folder


def folder_delete(*, folder: Folder, workspace: Workspace) -> int:
    """Delete a folder; its requests stay, outside any folder. Returns how many were moved."""
    _require_owner(workspace)
    with transaction.atomic():
        moved = SavedRequest.objects.filter(folder=folder).update(folder=None)
        folder.delete()
    return moved


def workspace_variable_set(*, workspace: Workspace, name: str, value: str) -> WorkspaceVariable:
    _require_editor(workspace)
    name = (name or "").strip()
    if not is_valid_name(name) or len(name) > 64:
        raise ExplorerError("A variable name has letters, digits, _ . - only (at most 64), as in {{city}}.")
    if len(value) > 2000:
        raise ExplorerError("A variable value has at most 2,000 characters.")
    variable, _ = WorkspaceVariable.objects.update_or_create(workspace=workspace, name=name,
                                                             defaults={"value": value.strip()})
    return variable


def workspace_variable_delete(*, workspace: Workspace, name: str) -> None:
    _require_editor(workspace)
    WorkspaceVariable.objects.filter(workspace=workspace, name=name).delete()


def onboarding_install(*, workspace: Workspace) -> Folder | None:
    """The Getting started folder of a new workspace, once: nothing happens if a folder of that name exists."""
    with transaction.atomic():
        folder, created = Folder.objects.get_or_create(workspace=workspace, name=GETTING_STARTED_FOLDER)
        if not created:
            return None
        now = timezone.now()
        SavedRequest.objects.bulk_create(
            SavedRequest(workspace=workspace, folder=folder, name=item.name, description=item.description,
                         actions=[dict(a) for a in item.actions], endpoint_kind="sandbox",
                         expected_errorcode=item.expect_error, created_at=now, updated_at=now)
            for item in GETTING_STARTED)
        for name, value in {k: v for item in GETTING_STARTED for k, v in item.variables.items()}.items():
            WorkspaceVariable.objects.get_or_create(workspace=workspace, name=name, defaults={"value": value})
    return folder
