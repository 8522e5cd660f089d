"""Sign-in extras, invites, credentials and workspaces: thin views over the accounts services.

Actions answer htmx with the fragment they changed and plain form posts with a redirect.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ..errors import ExplorerError
from ..frame import WORKSPACE_SESSION_KEY, frame_context
from ..htmx import fragment_target, login_required, page_render, safe_next
# The sandbox's API users are the one part of the sandbox the explorer uses (here: the onboarding page).
from ..sandbox import users as sandbox_users
from . import selectors, services
from .forms import (
    CredentialForm,
    InviteCreateForm,
    MembershipRoleForm,
    SignUpForm,
    WorkspaceCreateForm,
    WorkspaceSwitchForm,
)
from .models import Membership


def _redirect(request, to: str, *args):
    """After an action: htmx loads the page as a whole (HX-Redirect), a plain form post follows a 302."""
    url = reverse(to, args=args)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


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


# --- Password reset by e-mail: Django's views, with the explorer's templates and a throttle --------

class _FramedMixin:
    """Django's auth views render without the explorer's header data; a signed-in visitor gets it too."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | frame_context(self.request)


class PasswordResetView(_FramedMixin, auth_views.PasswordResetView):
    """Sends a reset link, at most PASSWORD_RESET_LIMIT an hour per client address and per e-mail address.

    Beyond the limit the answer is the same "check your inbox" page and nothing is sent, so the limit
    says nothing about which addresses have an account. (Django's form already answers alike for
    unknown addresses.)
    """

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("explorer:password_reset_done")

    def form_valid(self, form):
        admitted = services.password_reset_request_admit(client_address=self.request.META.get("REMOTE_ADDR", ""),
                                                          email=form.cleaned_data["email"])
        if not admitted:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(_FramedMixin, auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(_FramedMixin, auth_views.PasswordResetConfirmView):
    """The link from the e-mail: a new password, checked by AUTH_PASSWORD_VALIDATORS."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("explorer:password_reset_complete")


class PasswordResetCompleteView(_FramedMixin, auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def invite(request, token):
    """An invite link: a new person creates their account here; a signed-in person joins with one click."""
    pending = selectors.invite_pending_get(user=request.user, token=token)
    if pending is None:
        return page_render(request, "explorer/accounts/invite_invalid.html", status=404)
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
        form = SignUpForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                user = services.user_create_from_invite(invite=pending, username=form.cleaned_data["username"],
                                                        password=form.cleaned_data["password1"],
                                                        email=form.cleaned_data["email"])
            except ExplorerError as exc:
                messages.error(request, exc.message)
                return redirect("explorer:login")
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _joined(request, pending)
    return page_render(request, "explorer/accounts/invite.html", {"invite": pending, "form": form})


def _joined(request, pending):
    request.session[WORKSPACE_SESSION_KEY] = pending.workspace_id
    messages.success(request, f"You joined “{pending.workspace.name}” as {pending.get_role_display().lower()}.")
    return redirect("explorer:workspace", pending.workspace_id)


# --- Credentials -------------------------------------------------------------------------------

@login_required
@require_GET
def credentials(request):
    context = {"credentials": selectors.credential_list(user=request.user)}
    return page_render(request, "explorer/accounts/credentials.html", context, fragments=("credential-list",))


@sensitive_post_parameters("token", "secret")
@login_required
@require_http_methods(["GET", "POST"])
def credential_new(request):
    form = CredentialForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_valid():
        credential = services.credential_create(user=request.user, **form.cleaned_data)
        messages.success(request, f"Saved “{credential.label}”. Test it to check token, secret and clock.")
        return _redirect(request, "explorer:credentials")
    return page_render(request, "explorer/accounts/credential_form.html", {"form": form, "credential": None},
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
    return page_render(request, "explorer/accounts/credential_form.html", {"form": form, "credential": credential},
                       fragments=("credential-form",))


@login_required
@require_http_methods(["GET", "POST"])
def credential_delete(request, credential_id):
    credential = get_object_or_404(selectors.credential_list(user=request.user), pk=credential_id)
    if request.method == "POST":
        services.credential_delete(credential=credential)
        messages.success(request, f"Deleted “{credential.label}”.")
        return _redirect(request, "explorer:credentials")
    return page_render(request, "explorer/accounts/credential_delete.html", {"credential": credential})


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
    return page_render(request, "explorer/accounts/workspaces.html", {"form": form})


@login_required
@require_POST
def workspace_switch(request):
    form = WorkspaceSwitchForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "That workspace is not one of yours.")
        return redirect("explorer:workspaces")
    request.session[WORKSPACE_SESSION_KEY] = form.cleaned_data["workspace"].pk
    return HttpResponseRedirect(safe_next(request, reverse("explorer:workspaces")))


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
    response = page_render(request, "explorer/accounts/workspace.html", context,
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


# --- Sandbox onboarding (the console, /sandbox/, is in sandbox_views.py) -------------------------

def _sandbox_users():
    return sandbox_users.api_users() if settings.SANDBOX_ENABLED else []


@login_required
@require_POST
def sandbox_credential_add(request):
    """One click: a credential of the requesting user for one sandbox API user, labelled uniquely."""
    if not settings.SANDBOX_ENABLED:
        messages.error(request, "The sandbox is switched off on this server (SANDBOX_ENABLED=false).")
        return redirect("explorer:sandbox")
    demo_user = next((u for u in _sandbox_users() if u.rights == request.POST.get("rights", "")), None)
    if demo_user is None:
        messages.error(request, "Unknown sandbox API user: choose read-write, read-only or published-only.")
        return redirect("explorer:sandbox")
    try:
        credential = services.credential_create_for_sandbox(user=request.user, demo_user=demo_user)
    except ExplorerError as exc:
        messages.error(request, exc.message)
        return redirect("explorer:sandbox")
    messages.success(request, f"Added “{credential.label}”.")
    return redirect("explorer:credentials")
