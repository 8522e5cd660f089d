"""Saved requests: the list, one opened in the composer, saving from the composer, folders, variables, files.

Writes answer htmx with the fragment they changed (or a redirect, HX-Redirect) and plain posts with a redirect;
a refusal (a viewer who tries to edit) is a toast, and nothing changes.
"""

import json
from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ..accounts.selectors import credential_list, workspace_variable_values
from ..composer.services import composer_context
from ..composer.state import query_from_saved, state_from_query
from ..errors import ExplorerError
from ..frame import WORKSPACE_SESSION_KEY, current_workspace
from ..htmx import login_required, page_render, safe_next
from . import selectors, services, transfer
from .forms import FolderForm, ImportForm, SaveForm, VariableForm
from .tags import save_bar_context

COMPOSER = "explorer/composer/compose.html"
LIST = "explorer/saved/list.html"


def _go(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _refused(request, message: str, back: str):
    """A toast that says why; an htmx request keeps the page as it is."""
    messages.error(request, message)
    if request.htmx:
        response = HttpResponse(render_to_string("includes/toasts.html", {"oob": True}, request=request))
        response["HX-Reswap"] = "none"
        return response
    return redirect(back)


def _workspace(request):
    workspace = current_workspace(request)
    if workspace is None:
        raise Http404("You have no workspace.")
    return workspace


def _saved(request, saved_id):
    saved = selectors.saved_request_get(user=request.user, saved_id=saved_id)
    if saved is None:
        raise Http404("No such saved request in your workspaces.")
    return saved


def _list_context(request, workspace, *, q="", forms=None) -> dict:
    requests = list(selectors.saved_request_list(user=request.user, workspace=workspace, q=q))
    folders = list(selectors.folder_list(user=request.user, workspace=workspace))
    groups = [(folder, [r for r in requests if r.folder_id == folder.pk]) for folder in folders]
    loose = [r for r in requests if r.folder_id is None]
    return {
        "workspace": workspace, "q": q, "groups": groups, "loose": loose, "count": len(requests),
        "folders": folders, "can_edit": selectors.can_edit(workspace),
        "can_manage_folders": selectors.can_manage_folders(workspace),
        "variables": sorted(workspace_variable_values(user=request.user, workspace=workspace).items()),
        "folder_form": FolderForm(), "variable_form": VariableForm(), "import_form": ImportForm(),
    } | (forms or {})


@login_required
@require_GET
def saved_list(request):
    workspace = _workspace(request)
    q = request.GET.get("q", "").strip()[:100]
    return page_render(request, LIST, _list_context(request, workspace, q=q), fragments=("saved-list",))


@login_required
@require_GET
def saved_detail(request, saved_id):
    """The saved request in the composer, with the runner's own credential. With a composer query (after
    edits, or on reload) the query wins over what is stored, so nothing typed is lost."""
    saved = _saved(request, saved_id)
    request.session[WORKSPACE_SESSION_KEY] = saved.workspace_id  # its runs are logged in its workspace
    data = request.GET.copy() if "n" in request.GET else query_from_saved(saved.actions, kind=saved.endpoint_kind)
    data["saved"] = str(saved.pk)
    context = composer_context(user=request.user, data=data, workspace=partial(current_workspace, request))
    context |= {"saved_request": saved, "saved_can_edit": selectors.can_edit(saved.workspace)}
    return page_render(request, COMPOSER, context)


def _composed(request):
    """The composer's state as posted with a save (the JSON side is kept in step with the form)."""
    return state_from_query(request.POST)


def _endpoint_kind(request) -> str:
    """The endpoint kind of the credential the composer posted (if it is the user's): kept with the save."""
    cred = request.POST.get("cred", "")
    chosen = credential_list(user=request.user).filter(pk=int(cred)).first() if cred.isdigit() else None
    return chosen.endpoint_kind if chosen else ""


@login_required
@require_POST
def saved_create(request):
    """Save the composer's state as a new saved request ("Save" and "Save as new")."""
    workspace = _workspace(request)
    form = SaveForm(request.POST, folders=selectors.folder_list(user=request.user, workspace=workspace))
    if not form.is_valid():
        errors = " ".join(f"{form[k].label if k in form.fields else k}: {' '.join(v)}"
                          for k, v in form.errors.items())
        return _refused(request, f"Not saved. {errors}", reverse("explorer:compose"))
    try:
        saved = services.saved_request_create(user=request.user, workspace=workspace, state=_composed(request),
                                              name=form.cleaned_data["name"],
                                              description=form.cleaned_data["description"],
                                              folder=form.cleaned_data["folder"], endpoint_kind=_endpoint_kind(request))
    except ExplorerError as exc:
        return _refused(request, exc.message, reverse("explorer:compose"))
    messages.success(request, f"Saved “{saved.name}” in “{workspace.name}”.")
    return _go(request, reverse("explorer:saved_detail", args=[saved.pk]))


@login_required
@require_POST
def saved_update(request, saved_id):
    saved = _saved(request, saved_id)
    back = reverse("explorer:saved_detail", args=[saved.pk])
    try:
        services.saved_request_update(saved=saved, user=request.user, state=_composed(request),
                                      endpoint_kind=_endpoint_kind(request))
    except ExplorerError as exc:
        return _refused(request, exc.message, back)
    messages.success(request, f"Updated “{saved.name}”.")
    if request.htmx:
        context = save_bar_context(request=request, workspace=saved.workspace, saved=saved, saved_can_edit=True)
        return page_render(request, "explorer/saved/save_bar.html", context, partial="save-bar")
    return redirect(back)


@login_required
@require_POST
def saved_edit(request, saved_id):
    """Rename, describe, move to another folder."""
    saved = _saved(request, saved_id)
    back = safe_next(request, reverse("explorer:saved_list"))
    form = SaveForm(request.POST, folders=selectors.folder_list(user=request.user, workspace=saved.workspace))
    if not form.is_valid():
        return _refused(request, "Not changed: " + " ".join(e for v in form.errors.values() for e in v), back)
    try:
        services.saved_request_edit(saved=saved, user=request.user, name=form.cleaned_data["name"],
                                    description=form.cleaned_data["description"], folder=form.cleaned_data["folder"])
    except ExplorerError as exc:
        return _refused(request, exc.message, back)
    messages.success(request, f"Saved the changes to “{saved.name}”.")
    return _go(request, back)


@login_required
@require_POST
def saved_duplicate(request, saved_id):
    saved = _saved(request, saved_id)
    try:
        copy = services.saved_request_duplicate(saved=saved, user=request.user)
    except ExplorerError as exc:
        return _refused(request, exc.message, reverse("explorer:saved_list"))
    messages.success(request, f"Duplicated as “{copy.name}”.")
    return _go(request, safe_next(request, reverse("explorer:saved_list")))


@login_required
@require_http_methods(["GET", "POST"])
def saved_delete(request, saved_id):
    saved = _saved(request, saved_id)
    if request.method == "POST":
        try:
            services.saved_request_delete(saved=saved)
        except ExplorerError as exc:
            return _refused(request, exc.message, reverse("explorer:saved_list"))
        messages.success(request, f"Deleted “{saved.name}”.")
        return _go(request, reverse("explorer:saved_list"))
    if not selectors.can_edit(saved.workspace):
        return _refused(request, services.viewer_refusal(saved.workspace), reverse("explorer:saved_list"))
    return page_render(request, "explorer/saved/delete.html", {"saved": saved})


@login_required
@require_POST
def folder_create(request):
    workspace = _workspace(request)
    form = FolderForm(request.POST)
    back = reverse("explorer:saved_list")
    if not form.is_valid():
        return _refused(request, "Give the folder a name (at most 80 characters).", back)
    try:
        folder = services.folder_create(workspace=workspace, name=form.cleaned_data["name"])
    except ExplorerError as exc:
        return _refused(request, exc.message, back)
    messages.success(request, f"Created the folder “{folder.name}”.")
    return _go(request, back)


def _folder(request, folder_id):
    folder = selectors.folder_get(user=request.user, folder_id=folder_id)
    if folder is None:
        raise Http404("No such folder in your workspaces.")
    return folder


@login_required
@require_POST
def folder_rename(request, folder_id):
    folder = _folder(request, folder_id)
    form = FolderForm(request.POST)
    back = reverse("explorer:saved_list")
    if not form.is_valid():
        return _refused(request, "Give the folder a name (at most 80 characters).", back)
    try:
        services.folder_rename(folder=folder, workspace=folder.workspace, name=form.cleaned_data["name"])
    except ExplorerError as exc:
        return _refused(request, exc.message, back)
    messages.success(request, f"Renamed the folder to “{folder.name}”.")
    return _go(request, back)


@login_required
@require_POST
def folder_delete(request, folder_id):
    folder = _folder(request, folder_id)
    back = reverse("explorer:saved_list")
    try:
        moved = services.folder_delete(folder=folder, workspace=folder.workspace)
    except ExplorerError as exc:
        return _refused(request, exc.message, back)
    kept = f" Its {moved} request{'s' * (moved != 1)} stay, outside any folder." if moved else ""
    messages.success(request, f"Deleted the folder “{folder.name}”.{kept}")
    return _go(request, back)


@login_required
@require_POST
def variable_set(request):
    workspace = _workspace(request)
    form = VariableForm(request.POST)
    back = reverse("explorer:saved_list") + "#variables"
    if not form.is_valid():
        return _refused(request, "A variable needs a name (at most 64 characters) and a value of at most 2,000.", back)
    try:
        variable = services.workspace_variable_set(workspace=workspace, **form.cleaned_data)
    except ExplorerError as exc:
        return _refused(request, exc.message, back)
    messages.success(request, f"Saved the variable “{variable.name}”.")
    return _go(request, back)


@login_required
@require_POST
def variable_delete(request):
    workspace = _workspace(request)
    back = reverse("explorer:saved_list") + "#variables"
    try:
        services.workspace_variable_delete(workspace=workspace, name=request.POST.get("name", ""))
    except ExplorerError as exc:
        return _refused(request, exc.message, back)
    messages.success(request, f"Deleted the variable “{request.POST.get('name', '')}”.")
    return _go(request, back)


@login_required
@require_GET
def saved_export(request):
    """`?format=json` (default, the project's own format) or `?format=postman` (collection v2.1), as a download;
    `&folder=<name>` exports one folder."""
    workspace = _workspace(request)
    postman = request.GET.get("format") == "postman"
    folder = request.GET.get("folder") or None
    try:
        data = (transfer.export_postman if postman else transfer.export_data)(workspace=workspace, folder=folder)
    except ExplorerError as exc:
        return _refused(request, exc.message, reverse("explorer:saved_list"))
    name = slugify(f"{workspace.name} {folder or ''}") or "workspace"
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    suffix = "postman_collection" if postman else "saved-requests"
    response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}.json"'
    return response


@login_required
@require_POST
def saved_import(request):
    workspace = _workspace(request)
    form = ImportForm(request.POST, request.FILES)
    back = reverse("explorer:saved_list")
    if not form.is_valid():
        return _refused(request, " ".join(e for v in form.errors.values() for e in v) or "Choose a file.", back)
    try:
        report = transfer.import_data(workspace=workspace, user=request.user, raw=form.cleaned_data["file"].read())
    except ExplorerError as exc:
        return _refused(request, exc.message, back)
    messages.success(request, report.message(workspace.name))
    return _go(request, back)
