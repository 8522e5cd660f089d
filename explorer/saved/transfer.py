"""A workspace's saved requests as a file: the project's own JSON format (versioned) and Postman v2.1.

Format version 1:
    {"format": "onoffice-explorer/saved-requests", "version": 1, "exported_at": "<ISO 8601>",
     "workspace": "<name>", "folders": ["<name>", ...], "variables": {"<name>": "<default>", ...},
     "requests": [{"name", "description", "folder": "<name>" | null, "endpoint_kind",
                   "expected_errorcode": <int> | null, "actions": [
         {"resourcetype", "action", "resourceid", "identifier", "parameters": {...}}  # or "parameters_text"
     ]}]}
Import checks the whole file first and writes it in one transaction: nothing is half-imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..accounts.models import Workspace, WorkspaceVariable
from ..composer.drafts import MAX_ACTIONS
from ..composer.variables import is_valid_name, variables_in
from ..errors import ExplorerError
from ..onoffice.actions import ActionKind
from .models import Folder, SavedRequest
from .postman import EXPECT_ERROR_VARIABLE, RESERVED_VARIABLES, postman_collection
from .selectors import can_edit

FORMAT = "onoffice-explorer/saved-requests"
VERSION = 1
MAX_REQUESTS = 2000
ENDPOINT_KINDS = ("", "sandbox", "stable", "latest", "custom")


def _folder_named(workspace: Workspace, folder: str | None) -> Folder | None:
    """The workspace's folder of that name (None: the whole workspace); an unknown name is an error."""
    if folder is None:
        return None
    folder = " ".join(folder.split())
    found = Folder.objects.filter(workspace=workspace, name=folder).first()
    if found is None:
        existing = Folder.objects.filter(workspace=workspace).values_list("name", flat=True)
        names = ", ".join(f"“{n}”" for n in existing)
        raise ExplorerError(f"“{workspace.name}” has no folder “{folder}”"
                            + (f"; its folders are {names}." if names else "; it has no folders."))
    return found


def export_data(*, workspace: Workspace, folder: str | None = None) -> dict:
    """The workspace's saved requests in format version 1; with `folder` (a name) only that folder's."""
    only = _folder_named(workspace, folder)
    requests = SavedRequest.objects.filter(workspace=workspace).select_related("folder").order_by("folder__name",
                                                                                                  "name", "pk")
    folders = Folder.objects.filter(workspace=workspace)
    if only is not None:
        requests, folders = requests.filter(folder=only), folders.filter(pk=only.pk)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "workspace": workspace.name,
        "folders": list(folders.values_list("name", flat=True)),
        "variables": dict(WorkspaceVariable.objects.filter(workspace=workspace).values_list("name", "value")),
        "requests": [{"name": r.name, "description": r.description, "folder": r.folder.name if r.folder else None,
                      "endpoint_kind": r.endpoint_kind, "expected_errorcode": r.expected_errorcode,
                      "actions": r.actions} for r in requests],
    }


def export_postman(*, workspace: Workspace, folder: str | None = None) -> dict:
    """The collection: folders as Postman folders, variables as Postman variables of the same name.
    With `folder` (a name) that folder is the collection's only folder."""
    data = export_data(workspace=workspace, folder=folder)
    groups: dict[str, list[dict]] = {folder: []} if folder is not None else {}
    left_out = []
    for request in data["requests"]:
        if any("parameters_text" in a for a in request["actions"]):
            left_out.append(request["name"])  # its JSON does not parse: no body could be sent
            continue
        groups.setdefault(request["folder"] or "", []).append(request | {"expect_error": request["expected_errorcode"]})
    used = variables_in(a for r in data["requests"] for a in r["actions"])
    defaults = data["variables"]
    description = (f"Saved requests of “{workspace.name}”, exported from the onOffice API Explorer. Set "
                   "onoffice_token and onoffice_secret in your environment; the collection signs every action.")
    if left_out:
        description += " Left out because their parameters are not valid JSON: " + ", ".join(left_out) + "."
    return postman_collection(name=workspace.name, description=description, folders=list(groups.items()),
                              variables={n: defaults.get(n, "") for n in used
                                         if n not in (*RESERVED_VARIABLES, EXPECT_ERROR_VARIABLE)})


@dataclass
class ImportReport:
    requests: int
    folders: int
    variables: int

    def message(self, workspace_name: str) -> str:
        return (f"Imported {self.requests} saved request{'s' * (self.requests != 1)} into “{workspace_name}”: "
                f"{self.folders} new folder{'s' * (self.folders != 1)}, "
                f"{self.variables} new variable{'s' * (self.variables != 1)}.")


def _text(value, path: str, limit: int, problems: list[str], *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        problems.append(f"{path}: must be text.")
        return ""
    if required and not value.strip():
        problems.append(f"{path}: must not be empty.")
    if len(value) > limit:
        problems.append(f"{path}: at most {limit} characters.")
    if "\x00" in value:
        problems.append(f"{path}: contains a NUL character.")
    return value


def _check_action(action, path: str, problems: list[str]) -> dict:
    if not isinstance(action, dict):
        problems.append(f"{path}: must be an object.")
        return {}
    clean = {"resourcetype": _text(action.get("resourcetype"), f"{path}.resourcetype", 100, problems, required=True),
             "action": action.get("action"),
             "resourceid": _text(action.get("resourceid", ""), f"{path}.resourceid", 100, problems),
             "identifier": _text(action.get("identifier", ""), f"{path}.identifier", 200, problems)}
    if clean["action"] not in {k.value for k in ActionKind}:
        problems.append(f"{path}.action: {clean['action']!r} is not one of {', '.join(k.value for k in ActionKind)}.")
    if "parameters_text" in action:
        clean["parameters_text"] = _text(action["parameters_text"], f"{path}.parameters_text", 1_000_000, problems)
    elif isinstance(action.get("parameters", {}), dict):
        parameters = action.get("parameters", {})
        if "\\u0000" in json.dumps(parameters):
            problems.append(f"{path}.parameters: contains a NUL character.")
        clean["parameters"] = parameters
    else:
        problems.append(f"{path}.parameters: must be a JSON object.")
    return clean


def parse_import(raw: bytes) -> dict:
    """The file's content checked in full; raises ExplorerError listing (up to 10) problems."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ExplorerError("The file is not UTF-8 text; export it again from the explorer.") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ExplorerError(f"The file is not valid JSON{where}; nothing was imported.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExplorerError(f"This is not an export of saved requests (its \"format\" is not {FORMAT!r}).")
    if data.get("version") != VERSION:
        raise ExplorerError(f"The file has format version {data.get('version')!r}; this server reads version "
                            f"{VERSION}. Nothing was imported.")
    problems: list[str] = []
    requests = data.get("requests")
    if not isinstance(requests, list) or len(requests) > MAX_REQUESTS:
        raise ExplorerError(f"\"requests\" must be a list of at most {MAX_REQUESTS} saved requests.")
    clean_requests = []
    for i, request in enumerate(requests):
        path = f"requests[{i}]"
        if not isinstance(request, dict):
            problems.append(f"{path}: must be an object.")
            continue
        actions = request.get("actions")
        if not isinstance(actions, list) or not 1 <= len(actions) <= MAX_ACTIONS:
            problems.append(f"{path}.actions: must be a list of 1 to {MAX_ACTIONS} actions.")
            actions = []
        kind = request.get("endpoint_kind", "")
        if kind not in ENDPOINT_KINDS:
            problems.append(f"{path}.endpoint_kind: {kind!r} is not one of sandbox, stable, latest, custom.")
        folder = request.get("folder")
        expected = request.get("expected_errorcode")
        if expected is not None and (not isinstance(expected, int) or isinstance(expected, bool)):
            problems.append(f"{path}.expected_errorcode: must be a whole number or null.")
            expected = None
        clean_requests.append({
            "name": " ".join(_text(request.get("name"), f"{path}.name", 120, problems, required=True).split()),
            "description": _text(request.get("description", ""), f"{path}.description", 2000, problems),
            "folder": " ".join(_text(folder, f"{path}.folder", 80, problems).split()) or None,
            "endpoint_kind": kind if kind in ENDPOINT_KINDS else "",
            "expected_errorcode": expected,
            "actions": [_check_action(a, f"{path}.actions[{j}]", problems) for j, a in enumerate(actions)],
        })
    folders = data.get("folders", [])
    if not isinstance(folders, list):
        problems.append("folders: must be a list of folder names.")
        folders = []
    # Folders without requests travel in "folders" only; a request's folder is created in any case.
    clean_folders = [" ".join(_text(name, f"folders[{i}]", 80, problems).split()) for i, name in enumerate(folders)]
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        problems.append("variables: must be an object of name → value.")
        variables = {}
    clean_variables = {}
    for name, value in variables.items():
        if not is_valid_name(name) or len(name) > 64:
            problems.append(f"variables: {name!r} is not a variable name (letters, digits, _ . -).")
        clean_variables[name] = _text(value, f"variables.{name}", 2000, problems)  # null: no default, ""
    if problems:
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise ExplorerError("Nothing was imported: " + " ".join(problems[:10]) + more)
    return {"requests": clean_requests, "folders": [name for name in clean_folders if name],
            "variables": clean_variables}


def import_data(*, workspace: Workspace, user, raw: bytes) -> ImportReport:
    """Add the file's requests to the workspace (existing ones stay); workspace variables it names keep
    their current value if set, else take the file's."""
    if not can_edit(workspace):
        raise ExplorerError(f"You are a viewer in “{workspace.name}”: only editors and owners import requests.")
    data = parse_import(raw)
    now = timezone.now()
    with transaction.atomic():
        folders = {f.name: f for f in Folder.objects.filter(workspace=workspace)}
        created_folders = 0
        wanted = {*data["folders"], *(r["folder"] for r in data["requests"] if r["folder"])}
        for name in sorted(wanted - folders.keys()):
            folders[name] = Folder.objects.create(workspace=workspace, name=name)
            created_folders += 1
        SavedRequest.objects.bulk_create(
            SavedRequest(workspace=workspace, folder=folders.get(r["folder"]) if r["folder"] else None,
                         name=r["name"], description=r["description"], actions=r["actions"],
                         endpoint_kind=r["endpoint_kind"], expected_errorcode=r["expected_errorcode"],
                         created_by=user, created_at=now, updated_by=user,
                         updated_at=now)
            for r in data["requests"])
        existing = set(WorkspaceVariable.objects.filter(workspace=workspace).values_list("name", flat=True))
        new_variables = [WorkspaceVariable(workspace=workspace, name=n, value=v)
                         for n, v in data["variables"].items() if n not in existing]
        WorkspaceVariable.objects.bulk_create(new_variables)
    return ImportReport(requests=len(data["requests"]), folders=created_folders, variables=len(new_variables))
