"""The sandbox console `/sandbox/`: endpoints and demo API users, a fault mode per API user, and a reset of the
demo data. The sandbox's own modules do the work (explorer/sandbox/faults.py and seeding.py); these views check
who may, and say what happened.

Faults are for any signed-in user (every page shows the ones switched on, so nobody is surprised by them); a reset
wipes what everybody wrote to the sandbox, so it is for owners of a team workspace and staff, or anyone while
DEBUG is on. A reset also switches every fault off: afterwards the sandbox is as `seed_demo --reset` leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ..htmx import fragment_target, login_required, page_render
from ..onoffice.errors import ERROR_MESSAGES
from ..sandbox import faults as sandbox_faults
from ..sandbox import seeding as sandbox_seeding
from ..sandbox import users as sandbox_users
from . import selectors
from .models import Membership, sandbox_endpoint

CONSOLE = "explorer/accounts/sandbox.html"
OFF = "off"


class FaultForm(forms.Form):
    """The inputs of one API user's fault row; what they may hold is checked by faults.fault_set."""

    kind = forms.ChoiceField(label="Fault", choices=[(OFF, "Off: normal answers"),
                                                     *sandbox_faults.LABELS.items()])
    code = forms.IntegerField(label="Error code", required=False,
                              widget=forms.NumberInput(attrs={"list": "fault-codes", "min": 1,
                                                              "max": max(sandbox_faults.CODES)}),
                              error_messages={"invalid": "Enter the error code as a whole number, e.g. 75."})
    seconds = forms.IntegerField(label="Delay (s)", required=False,
                                 widget=forms.NumberInput(attrs={"min": 1, "max": sandbox_faults.SLOW_MAX_SECONDS}),
                                 error_messages={"invalid": "Enter the delay in whole seconds, e.g. 10."})

    def __init__(self, *args, api_user: sandbox_users.SandboxApiUser, **kwargs):
        # Three rows on one page: ids unique per API user (fault-read-write-kind, ...).
        super().__init__(*args, auto_id=f"fault-{api_user.rights}-%s", **kwargs)


@dataclass
class FaultRow:
    api_user: sandbox_users.SandboxApiUser
    fault: sandbox_faults.Fault | None
    form: FaultForm

    @property
    def dom_id(self) -> str:
        return f"fault-{self.api_user.rights}"


def _api_users() -> list[sandbox_users.SandboxApiUser]:
    return sandbox_users.api_users() if settings.SANDBOX_ENABLED else []


def reset_allowed(user) -> bool:
    """Owners of a team workspace and staff; anyone while DEBUG is on. (Everybody owns a personal workspace,
    so that one does not count.)"""
    if settings.DEBUG or user.is_staff:
        return True
    return selectors.workspace_list(user=user, role=Membership.Role.OWNER).filter(personal_for__isnull=True).exists()


def _rows(faults: list[sandbox_faults.Fault], posted: dict[str, FaultForm]) -> list[FaultRow]:
    by_user = {fault.api_user: fault for fault in faults}
    rows = []
    for api_user in _api_users():
        fault = by_user.get(api_user.name)
        initial = {"kind": fault.kind, "code": fault.code, "seconds": fault.seconds} if fault else {"kind": OFF}
        form = posted.get(api_user.name) or FaultForm(initial=initial, api_user=api_user)
        rows.append(FaultRow(api_user, fault, form))
    return rows


def _console(request, *, posted: dict[str, FaultForm] | None = None, status: int | None = None):
    """The whole console, or the one fault row htmx asks for (with the frame's banner out of band)."""
    faults = sandbox_faults.fault_list() if settings.SANDBOX_ENABLED else []
    rows = _rows(faults, posted or {})
    stable = sandbox_endpoint()
    context = {
        "sandbox_enabled": settings.SANDBOX_ENABLED,
        "endpoints": [("stable", stable), ("latest", stable.replace("/api/stable/", "/api/latest/"))],
        "api_users": [row.api_user for row in rows],
        "fault_rows": rows,
        "fault_kinds": [(sandbox_faults.LABELS[kind], text) for kind, text in sandbox_faults.KINDS.items()],
        "error_codes": [(code, ERROR_MESSAGES[code]) for code in sandbox_faults.CODES],
        "slow_max": sandbox_faults.SLOW_MAX_SECONDS,
        "seed": sandbox_seeding.current() if settings.SANDBOX_ENABLED else None,
        "reset_allowed": reset_allowed(request.user),
        "sandbox_faults": faults,
    }
    target = fragment_target(request, [row.dom_id for row in rows])
    row = next((r for r in rows if r.dom_id == target), None)
    if row is not None:
        response = page_render(request, CONSOLE, context | {"row": row, "oob_banner": True}, partial="fault",
                               status=status)
    else:
        response = page_render(request, CONSOLE, context, status=status)
    response["Cache-Control"] = "no-store"  # the page shows the demo token and secret in full
    return response


@login_required
@require_http_methods(["GET"])
def sandbox_page(request):
    """What the built-in sandbox is, its endpoints, its demo API users with their (demo) token and secret,
    their fault modes, and the reset of the demo data."""
    return _console(request)


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_fault(request, api_user):
    """Set or clear one API user's fault (POST); a plain GET shows the console."""
    if request.method == "GET":
        return _console(request)
    if not settings.SANDBOX_ENABLED:
        messages.error(request, "The sandbox is switched off on this server (SANDBOX_ENABLED=false).")
        return redirect("explorer:sandbox")
    demo = next((u for u in _api_users() if u.name == api_user), None)
    if demo is None:
        raise Http404("No such sandbox API user.")
    form = FaultForm(request.POST, api_user=demo)
    clear = bool(request.POST.get("clear"))
    if clear or (form.is_valid() and form.cleaned_data["kind"] == OFF):
        had = sandbox_faults.fault_clear(api_user)
        messages.success(request, f"{api_user} answers normally again." if had else f"{api_user} had no fault on.")
    elif form.is_valid():
        data = form.cleaned_data
        try:
            fault = sandbox_faults.fault_set(api_user, data["kind"], code=data["code"], seconds=data["seconds"],
                                             set_by=request.user.get_username())
        except sandbox_faults.FaultInvalid as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.warning(request, f"Fault on for {api_user}: {fault.describe()}")
    if not clear and not form.is_valid():
        # htmx swaps only 2xx answers: the row with its messages comes back as 200; a plain post gets the page, 400.
        return _console(request, posted={api_user: form}, status=None if request.htmx else 400)
    if request.htmx:
        return _console(request)
    return HttpResponseRedirect(f"{reverse('explorer:sandbox')}#fault-{demo.rights}")


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_reset(request):
    """Reset the demo data with seeding.seed (what `seed_demo --reset` runs), at its current size, and switch
    every fault off. A plain GET shows the console."""
    if request.method == "GET":
        return _console(request)
    if not settings.SANDBOX_ENABLED:
        messages.error(request, "The sandbox is switched off on this server (SANDBOX_ENABLED=false).")
        return redirect("explorer:sandbox")
    if not reset_allowed(request.user):
        messages.error(request, "Only owners of a team workspace and staff can reset the sandbox; nothing was "
                                "changed. Ask one of them, or run `manage.py seed_demo --reset` on the server.")
        return _console(request, status=403)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm that every change to the demo data will be lost; "
                                "nothing was changed.")
        return _console(request, status=400)
    current = sandbox_seeding.current()
    result = sandbox_seeding.seed(current.estates if current else None, current.addresses if current else None,
                                  reset=True)
    cleared = sandbox_faults.fault_clear_all()
    faults_text = f" Faults switched off for {', '.join(cleared)}." if cleared else " No fault was on."
    messages.success(request, f"Sandbox reset: {result.estates:,} estates and {result.addresses:,} addresses seeded "
                              f"afresh ({result.records:,} records, {result.relations:,} relations); every change "
                              f"made through the API is gone.{faults_text}")
    return redirect("explorer:sandbox")
