"""Thin function-based views: decorators → form or selector → service → page_render (full page or fragment).

Actions answer htmx with the fragment they changed and plain form posts with a redirect.
"""

import json

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm, UserCreationForm
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from . import compose, selectors, services
from .errors import ExplorerError
from .forms import CredentialForm, InviteCreateForm, MembershipRoleForm, WorkspaceCreateForm, WorkspaceSwitchForm
from .highlight import highlight_json
from .htmx import (
    WORKSPACE_SESSION_KEY,
    current_workspace,
    fragment_index,
    fragment_target,
    login_required,
    page_render,
)
from .models import CallLog, Membership
from .onoffice.actions import ActionKind
from .onoffice.snippets import render_snippets
from .results import call_result_view


def _redirect(request, to: str, *args):
    """After an action: htmx loads the page as a whole (HX-Redirect), a plain form post follows a 302."""
    url = reverse(to, args=args)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
@login_required
def home(request):
    return redirect("explorer:compose")


@never_cache
@require_GET
def healthz(request):
    """Liveness plus a database round trip, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any DB failure means unhealthy; the class name is enough to diagnose
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# --- Accounts ----------------------------------------------------------------------------------

@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    if request.method == "POST":
        form = PasswordChangeForm(request.user, request.POST)
        if form.is_valid():
            update_session_auth_hash(request, form.save())
            messages.success(request, "Your password has been changed.")
            return redirect("explorer:home")
    else:
        form = PasswordChangeForm(request.user)
    return page_render(request, "registration/password_change.html", {"form": form})


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def invite(request, token):
    """An invite link: a new person creates their account here; a signed-in person joins with one click."""
    pending = selectors.invite_pending_get(user=request.user, token=token)
    if pending is None:
        return page_render(request, "explorer/invite_invalid.html", status=404)
    form = None
    if request.user.is_authenticated:
        if request.method == "POST" and not pending.already_member:
            try:
                services.invite_accept(invite=pending, user=request.user)
            except ExplorerError as exc:
                messages.error(request, exc.message)
                return redirect("explorer:workspaces")
            return _joined(request, pending)
    else:
        form = UserCreationForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                user = services.user_create_from_invite(invite=pending, username=form.cleaned_data["username"],
                                                        password=form.cleaned_data["password1"])
            except ExplorerError as exc:
                messages.error(request, exc.message)
                return redirect("explorer:login")
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _joined(request, pending)
    return page_render(request, "explorer/invite.html", {"invite": pending, "form": form})


def _joined(request, pending):
    request.session[WORKSPACE_SESSION_KEY] = pending.workspace_id
    messages.success(request, f"You joined “{pending.workspace.name}” as {pending.get_role_display().lower()}.")
    return redirect("explorer:workspace", pending.workspace_id)


# --- Credentials -------------------------------------------------------------------------------

def _credentials_page(request, *, tested_id=None):
    context = {"credentials": selectors.credential_list(user=request.user), "tested_id": tested_id}
    return page_render(request, "explorer/credentials.html", context, fragments=("credential-list",))


@login_required
@require_GET
def credentials(request):
    return _credentials_page(request)


@sensitive_post_parameters("token", "secret")
@login_required
@require_http_methods(["GET", "POST"])
def credential_new(request):
    form = CredentialForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_valid():
        credential = services.credential_create(user=request.user, **form.cleaned_data)
        messages.success(request, f"Saved “{credential.label}”. Test it to check token, secret and clock.")
        return _redirect(request, "explorer:credentials")
    return page_render(request, "explorer/credential_form.html", {"form": form, "credential": None},
                       fragments=("credential-form",))


@sensitive_post_parameters("token", "secret")
@login_required
@require_http_methods(["GET", "POST"])
def credential_edit(request, credential_id):
    credential = get_object_or_404(selectors.credential_list(user=request.user), pk=credential_id)
    form = CredentialForm(request.POST if request.method == "POST" else None, user=request.user,
                          credential=credential)
    if form.is_valid():
        services.credential_update(credential=credential, **form.cleaned_data)
        messages.success(request, f"Saved “{credential.label}”.")
        return _redirect(request, "explorer:credentials")
    return page_render(request, "explorer/credential_form.html", {"form": form, "credential": credential},
                       fragments=("credential-form",))


@login_required
@require_POST
def credential_test(request, credential_id):
    """One cheap signed call; htmx gets the refreshed card list, a plain post the list page."""
    credential = get_object_or_404(selectors.credential_list(user=request.user), pk=credential_id)
    services.credential_test(user=request.user, credential=credential, workspace=current_workspace(request))
    verdict = "OK" if credential.last_test_ok else "failed"
    messages.add_message(request, messages.SUCCESS if credential.last_test_ok else messages.ERROR,
                         f"Connection test of “{credential.label}”: {verdict}.")
    if fragment_target(request, ("credential-list",)):
        return _credentials_page(request, tested_id=credential.pk)
    return redirect(f"{reverse('explorer:credentials')}#credential-{credential.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def credential_delete(request, credential_id):
    credential = get_object_or_404(selectors.credential_list(user=request.user), pk=credential_id)
    if request.method == "POST":
        services.credential_delete(credential=credential)
        messages.success(request, f"Deleted “{credential.label}”.")
        return _redirect(request, "explorer:credentials")
    return page_render(request, "explorer/credential_delete.html", {"credential": credential})


# --- Workspaces --------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def workspaces(request):
    form = WorkspaceCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        workspace = services.workspace_create(user=request.user, name=form.cleaned_data["name"])
        request.session[WORKSPACE_SESSION_KEY] = workspace.pk
        messages.success(request, f"Created “{workspace.name}”. Invite your team with a link.")
        return _redirect(request, "explorer:workspace", workspace.pk)
    # The table lists the frame's `workspaces` (the switcher's rows): one query serves both.
    return page_render(request, "explorer/workspaces.html", {"form": form})


@login_required
@require_POST
def workspace_switch(request):
    form = WorkspaceSwitchForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "That workspace is not one of yours.")
        return redirect("explorer:workspaces")
    request.session[WORKSPACE_SESSION_KEY] = form.cleaned_data["workspace"].pk
    next_url = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("explorer:workspaces")
    return redirect(next_url)


def _workspace_page(request, workspace_id, *, new_invite_link=None, invite_form=None):
    workspace = get_object_or_404(selectors.workspace_list(user=request.user), pk=workspace_id)
    # Owners manage members and invites of a team; a personal workspace has no one else to manage.
    manages = workspace.my_role == Membership.Role.OWNER and not workspace.is_personal
    context = {
        "workspace": workspace,
        "manages": manages,
        "members": selectors.membership_list(user=request.user, workspace=workspace),
        "invites": selectors.invite_list(user=request.user, workspace=workspace) if manages else [],
        "invite_form": invite_form or InviteCreateForm(),
        "new_invite_link": new_invite_link,
        "roles": Membership.Role.choices,
        "role_descriptions": Membership.ROLE_DESCRIPTIONS.items(),
    }
    response = page_render(request, "explorer/workspace.html", context,
                           fragments=("workspace-members", "workspace-invites"))
    if new_invite_link:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def workspace(request, workspace_id):
    return _workspace_page(request, workspace_id)


def _owned_workspace(request, workspace_id):
    return get_object_or_404(selectors.workspace_list(user=request.user, role=Membership.Role.OWNER),
                             pk=workspace_id)


def _owned_membership(request, workspace_id, membership_id):
    owned = _owned_workspace(request, workspace_id)
    return owned, get_object_or_404(selectors.membership_list(user=request.user, workspace=owned), pk=membership_id)


def _after_workspace_action(request, workspace_id):
    if fragment_target(request, ("workspace-members", "workspace-invites")):
        return _workspace_page(request, workspace_id)
    return redirect("explorer:workspace", workspace_id)


@login_required
@require_POST
def invite_create(request, workspace_id):
    """Shows the new link once, in the response to this post; only its hash is stored."""
    owned = _owned_workspace(request, workspace_id)
    form = InviteCreateForm(request.POST)
    link = None
    if form.is_valid():
        try:
            token = services.invite_create(user=request.user, workspace=owned, role=form.cleaned_data["role"])
        except ExplorerError as exc:
            messages.error(request, exc.message)
        else:
            link = request.build_absolute_uri(reverse("explorer:invite", args=[token]))
    return _workspace_page(request, owned.pk, new_invite_link=link, invite_form=form)


@login_required
@require_POST
def invite_revoke(request, workspace_id, invite_id):
    owned = _owned_workspace(request, workspace_id)
    pending = get_object_or_404(selectors.invite_list(user=request.user, workspace=owned), pk=invite_id)
    services.invite_revoke(invite=pending)
    messages.success(request, "Invite revoked; its link no longer works.")
    return _after_workspace_action(request, owned.pk)


@login_required
@require_POST
def member_role(request, workspace_id, membership_id):
    owned, membership = _owned_membership(request, workspace_id, membership_id)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_role_change(membership=membership, role=form.cleaned_data["role"])
        except ExplorerError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{membership.user.username} is now {membership.get_role_display().lower()}.")
    return _after_workspace_action(request, owned.pk)


@login_required
@require_POST
def member_remove(request, workspace_id, membership_id):
    owned, membership = _owned_membership(request, workspace_id, membership_id)
    try:
        services.membership_remove(membership=membership)
    except ExplorerError as exc:
        messages.error(request, exc.message)
    else:
        if membership.user_id == request.user.pk:
            # Removing oneself is leaving: the workspace page is no longer theirs to see.
            messages.success(request, f"You left “{owned.name}”.")
            return _redirect(request, "explorer:workspaces")
        messages.success(request, f"Removed {membership.user.username} from “{owned.name}”.")
    return _after_workspace_action(request, owned.pk)


@login_required
@require_POST
def workspace_leave(request, workspace_id):
    joined = get_object_or_404(selectors.workspace_list(user=request.user), pk=workspace_id)
    membership = selectors.membership_list(user=request.user, workspace=joined).get(user=request.user)
    try:
        services.membership_remove(membership=membership)
    except ExplorerError as exc:
        messages.error(request, exc.message)
        return redirect("explorer:workspace", joined.pk)
    messages.success(request, f"You left “{joined.name}”.")
    return redirect("explorer:workspaces")


# --- Composer ----------------------------------------------------------------------------------

def _composer_context(request, data) -> dict:
    """Everything the composer shows: state from the query, the chosen credential, field configurations,
    per-action checks, the preview of the envelope and the code snippets."""
    credentials = list(selectors.credential_list(user=request.user))
    wanted = data.get("cred", "")
    credential = next((c for c in credentials if str(c.pk) == wanted), None)
    if credential is None and not wanted and credentials:
        credential = credentials[0]
    # A credential id that is not the user's never falls back to another one: nothing is sent with it.
    credential_missing = bool(wanted) and credential is None
    fields_by_module: dict[str, object] = {}
    field_errors: dict[str, str] = {}
    refresh = data.get("refresh", "")

    def module_fields(resourcetype: str, index: int):
        module = compose.module_for(resourcetype)
        if module is None or credential is None:
            return None
        if module not in fields_by_module and module not in field_errors:
            refreshing = refresh == str(index)
            cached = None if refreshing else services.field_config_cached(
                credential=credential, module=module, language=compose.LABEL_LANGUAGE)
            try:
                # The workspace only labels the log row of a fetch, so it is looked up only then.
                fields_by_module[module] = cached or services.field_config_fetch(
                    user=request.user, credential=credential, module=module, language=compose.LABEL_LANGUAGE,
                    refresh=refreshing, workspace=current_workspace(request))
            except ExplorerError as exc:
                field_errors[module] = " ".join(filter(None, (exc.message, exc.extra.get("hint"))))
        return fields_by_module.get(module)

    state = compose.state_from_query(
        data, field_types_for=lambda d: compose.module_field_types(module_fields(d.resourcetype, d.index)))
    if credential is not None:
        state.credential_id = credential.pk
    drafts = [compose.DraftView.build(d, module_fields(d.resourcetype, d.index), field_errors.get(d.module or ""))
              for d in state.drafts]
    if credential is not None and any(dv.action_kind_choice for dv in drafts):
        kinds = services.action_kinds_fetch(user=request.user, credential=credential, language=compose.LABEL_LANGUAGE,
                                            workspace=current_workspace(request))
        for dv in drafts:
            dv.action_kinds = kinds
    actions = state.actions
    # Callables are evaluated by the template only where used: a fragment does not pay for the page.
    return {
        "state": state,
        "drafts": drafts,
        "credentials": credentials,
        "credential": credential,
        "credential_missing": credential_missing,
        "catalogue": compose.catalogue_entries,
        "action_kinds": [k.value for k in ActionKind],
        "max_actions": compose.MAX_ACTIONS,
        "languages": compose.LANGUAGES,
        "preview": lambda: compose.preview_envelope(actions, credential),
        "snippets": lambda: render_snippets(actions, credential.api_url, credential.hmac_version)
        if credential and actions else {},
        # The composer's own field-configuration reads stay in the history, not in the sidebar.
        "recent_calls": selectors.call_log_list(user=request.user).exclude(origin=CallLog.Origin.FIELDS)[:10],
        "canonical_query": state.query(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def compose_page(request):
    """The composer: a full page on a plain GET; the `composer` form or one `field-options-<i>` picker for htmx.

    htmx re-renders with POST: a big composition in a query string would outgrow request-line limits
    (gunicorn: 4 KiB by default). A POST here never sends anything; the address bar gets the canonical GET URL.
    """
    context = _composer_context(request, request.POST if request.method == "POST" else request.GET)
    index = fragment_index(request, "field-options-")
    if index is not None and index < len(context["drafts"]):
        return page_render(request, "explorer/compose.html", context | {"dv": context["drafts"][index]},
                           partial="field-options")
    response = page_render(request, "explorer/compose.html", context, fragments=("composer",))
    if fragment_target(request, ("composer",)):
        # The canonical state, not the widget noise, goes into the address bar: shareable and restorable.
        response["HX-Push-Url"] = f"{reverse('explorer:compose')}?{context['canonical_query']}"
    return response


@login_required
@require_POST
def compose_send(request):
    """Send the composed actions; htmx gets the `call-result` fragment, a plain post the whole page."""
    context = _composer_context(request, request.POST)
    state, credential = context["state"], context["credential"]
    problems = [p for dv in context["drafts"] for p in dv.problems if p.severity == "error"]
    if credential is None:
        context["send_error"] = ("Pick one of your credentials: that one does not exist or is not yours."
                                 if context["credential_missing"] else
                                 "Add a credential first: the composer signs with one of your own credentials.")
    elif state.errors:
        context["send_error"] = " ".join(state.errors)
    elif problems and request.POST.get("force") != "1":
        context["held_problems"] = problems
    else:
        try:
            outcome = services.compose_send(user=request.user, credential=credential, actions=state.actions,
                                            confirmed=request.POST.get("confirm") == "1",
                                            workspace=current_workspace(request))
        except services.ConfirmationRequired as exc:
            context["confirmation"] = exc.message
        except ExplorerError as exc:
            context["send_error"] = exc.message
        else:
            context["call"] = _call_view(outcome.log, outcome.exchange.body, context["drafts"])
    # Paging buttons re-send with another listoffset: the form follows (out of band) so it shows what was sent.
    context["sync_composer"] = request.POST.get("sync") == "1" and fragment_target(request, ("call-result",))
    return page_render(request, "explorer/compose.html", context, fragments=("call-result",))


def _call_view(log, body, drafts=(), pages=None):
    configs = {dv.draft.index: dv.module_fields for dv in drafts}
    return call_result_view(log=log, body=body, field_configs=configs, pages=pages)


# --- History -----------------------------------------------------------------------------------

@login_required
@require_GET
def history(request):
    """The user's calls, newest first, paged by id (keyset: stable while new calls arrive)."""
    calls = selectors.call_log_list(user=request.user)
    before = request.GET.get("before", "")
    if before.isdigit():
        calls = calls.filter(pk__lt=int(before))
    page = list(calls.order_by("-pk")[:HISTORY_PAGE + 1])
    context = {"calls": page[:HISTORY_PAGE], "older": page[HISTORY_PAGE - 1].pk if len(page) > HISTORY_PAGE else None}
    return page_render(request, "explorer/history.html", context, fragments=("call-list",))


HISTORY_PAGE = 50


RAW_LIMIT = 256 * 1024  # the browser shows this much of a raw answer; the rest is a download


@login_required
@require_GET
def call_detail(request, log_id):
    """One logged call with its result; htmx asks for one action's table page (`result-<i>`), its JSON
    (`json-<i>`) or the raw answer (`raw-body`)."""
    log = selectors.call_log_get(user=request.user, log_id=log_id)
    if log is None:
        raise Http404("No such call in your history.")
    body = services.call_body(log)
    configs = {}
    for index, action in enumerate(log.actions):
        module = compose.module_for(action.get("resourcetype", ""))
        if module and log.credential is not None:
            configs[index] = services.field_config_cached(credential=log.credential, module=module,
                                                          language=compose.LABEL_LANGUAGE)
    result_index = fragment_index(request, "result-")
    pages = {result_index: request.GET.get("page", 1)} if result_index is not None else {}
    call = call_result_view(log=log, body=body, field_configs=configs, pages=pages)
    context = {"log": log, "call": call}
    fragments = "includes/call_result.html"
    json_index = fragment_index(request, "json-")
    if json_index is not None:
        return page_render(request, fragments, context | {"json": _json_view(call, json_index, body),
                                                          "json_index": json_index}, partial="json-view")
    if fragment_target(request, ("raw-body",)):
        context |= {"raw_text": body[:RAW_LIMIT].decode("utf-8", errors="replace"),
                    "raw_cut": len(body) > RAW_LIMIT, "raw_limit": RAW_LIMIT}
        return page_render(request, fragments, context, partial="raw-view")
    if result_index is not None and result_index < len(call.results):
        return page_render(request, fragments, context | {"ar": call.results[result_index]}, partial="action-result")
    state = compose.state_from_logged(log.actions, log.credential_id)
    context |= {"compose_query": state.query(),
                "request_json": json.dumps(log.actions, ensure_ascii=False, indent=2)}
    return page_render(request, "explorer/call.html", context)


def _json_view(call, index, body):
    """One action's result highlighted, or the whole body when it is not an envelope."""
    if call.response is None or index >= len(call.response.results):
        return highlight_json(body.decode("utf-8", errors="replace"))
    return highlight_json(json.loads(body)["response"]["results"][index])


@login_required
@require_GET
def call_download(request, log_id):
    """The answer as a file (scrubbed of credentials like everything stored)."""
    log = selectors.call_log_get(user=request.user, log_id=log_id)
    if log is None:
        raise Http404("No such call in your history.")
    response = HttpResponse(services.call_body(log), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="onoffice-call-{log.pk}.json"'
    return response
