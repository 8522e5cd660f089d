"""The history of calls, an answer as a download, and the connection test of a credential."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from ..accounts.selectors import credential_list, history_credentials, history_members
from ..frame import current_workspace
from ..htmx import fragment_target, login_required, page_render
from ..onoffice.actions import CATALOGUE
from . import diff, selectors, services
from .forms import HistoryFilterForm
from .overview import calls_per_day_svg, history_overview

HISTORY_PAGE = 50


@login_required
@require_GET
def history(request):
    """The current workspace's calls, newest first, filtered (all in the URL), paged by id (keyset: stable
    while new calls arrive)."""
    workspace, form = _history_request(request)
    filters = form.filters()
    calls = selectors.call_log_history(user=request.user, workspace=workspace, filters=filters)
    before = request.GET.get("before", "")
    if before.isdigit():
        calls = calls.filter(pk__lt=int(before))
    page = list(calls[:HISTORY_PAGE + 1])
    older = page[HISTORY_PAGE - 1].pk if len(page) > HISTORY_PAGE else None
    query = request.GET.copy()
    query.pop("before", None)
    context = {"calls": page[:HISTORY_PAGE], "older": older, "form": form, "workspace": workspace,
               "filter_query": query.urlencode(), "filtered": any(v for k, v in request.GET.items() if k != "before"),
               "first_page": not before.isdigit(), "resource_types": sorted(CATALOGUE, key=str.lower),
               # Only the first page shows the overview; paging back through old calls does not recount it.
               "overview": (lambda: history_overview(user=request.user, workspace=workspace, filters=filters))
               if not before.isdigit() else None}
    return page_render(request, "explorer/calls/history.html", context, fragments=("history-list",))


def _history_request(request):
    """The workspace and the filter form of a history request (the list and its chart read the same)."""
    workspace = current_workspace(request)
    form = HistoryFilterForm(request.GET, credentials=history_credentials(user=request.user, workspace=workspace),
                             members=history_members(user=request.user, workspace=workspace))
    return workspace, form


# An <img> of SVG runs no script; the chart's own <style> is allowed for this answer only.
@csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE], "img-src": [CSP.NONE]})
@login_required
@require_GET
def history_chart(request):
    """Calls per day by status for the history's filters, as SVG (`theme=light|dark`)."""
    workspace, form = _history_request(request)
    overview = history_overview(user=request.user, workspace=workspace, filters=form.filters())
    if overview is None:
        raise Http404("No workspace.")
    svg = calls_per_day_svg(overview, request.GET.get("theme", "light"))
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


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


@login_required
@require_POST
def credential_test(request, credential_id):
    """One cheap signed call; htmx gets the refreshed card list, a plain post the list page."""
    credentials = credential_list(user=request.user)
    credential = get_object_or_404(credentials, pk=credential_id)
    services.credential_test(user=request.user, credential=credential, workspace=current_workspace(request))
    verdict = "OK" if credential.last_test_ok else "failed"
    messages.add_message(request, messages.SUCCESS if credential.last_test_ok else messages.ERROR,
                         f"Connection test of “{credential.label}”: {verdict}.")
    if fragment_target(request, ("credential-list",)):
        return page_render(request, "explorer/accounts/credentials.html",
                           {"credentials": credentials.all(), "tested_id": credential.pk},
                           fragments=("credential-list",))
    return redirect(f"{reverse('explorer:credentials')}#credential-{credential.pk}")


@login_required
@require_GET
def call_diff(request, log_id, other_id):
    """Two calls side by side: what changed in the request and, per action, in the answer."""
    log = selectors.call_log_get(user=request.user, log_id=log_id)
    other = selectors.call_log_get(user=request.user, log_id=other_id)
    if log is None or other is None:
        raise Http404("No such call in your history.")
    result = diff.call_diff(diff.side_of(log, services.call_body(log)), diff.side_of(other, services.call_body(other)))
    return page_render(request, "explorer/calls/diff.html", {"log": log, "other": other, "diff": result,
                                                              "max_changes": diff.MAX_CHANGES})


@login_required
@require_GET
def call_compare(request, log_id):
    """The "Compare with…" form of a call's page: on to the diff, or back with what was wrong."""
    log = selectors.call_log_get(user=request.user, log_id=log_id)
    if log is None:
        raise Http404("No such call in your history.")
    back = reverse("explorer:call_detail", args=[log.pk])
    # A typed number wins over the picked one: it is the more deliberate of the two.
    wanted = (request.GET.get("with_id", "").strip() or request.GET.get("with", "").strip()).lstrip("#")
    if not wanted:
        messages.error(request, "Pick a call to compare with, or type its number.")
        return redirect(f"{back}#compare")
    if not wanted.isdigit() or len(wanted) > 18:
        messages.error(request, f"“{wanted[:40]}” is not a call number: type the number shown as “Call #…”.")
        return redirect(f"{back}#compare")
    other = selectors.call_log_get(user=request.user, log_id=int(wanted))
    if other is None:
        messages.error(request, f"Call #{int(wanted)} is not in the history you can see.")
        return redirect(f"{back}#compare")
    if other.pk == log.pk:
        messages.error(request, f"That is call #{log.pk} itself: pick another call to compare with.")
        return redirect(f"{back}#compare")
    return redirect("explorer:call_diff", log_id=log.pk, other_id=other.pk)
