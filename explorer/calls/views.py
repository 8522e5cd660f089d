"""The history of calls, an answer as a download, and the connection test of a credential."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..accounts.selectors import credential_list
from ..frame import current_workspace
from ..htmx import fragment_target, login_required, page_render
from . import selectors, services

HISTORY_PAGE = 50


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
    return page_render(request, "explorer/calls/history.html", context)


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
