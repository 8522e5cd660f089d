"""The composer page, its send, and one logged call with its result (`/history/<id>/`)."""

import json
from functools import partial

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..calls.compare import compare_candidates
from ..calls.selectors import call_log_get
from ..calls.services import call_body
from ..frame import current_workspace
from ..htmx import fragment_index, fragment_target, login_required, page_render
from . import services
from .highlight import highlight_json
from .state import state_from_logged

COMPOSER = "explorer/composer/compose.html"
CALL_RESULT = "explorer/composer/call_result.html"
RAW_LIMIT = 256 * 1024  # the browser shows this much of a raw answer; the rest is a download


@require_GET
@login_required
def home(request):
    return redirect("explorer:compose")


@login_required
@require_http_methods(["GET", "POST"])
def compose_page(request):
    """The composer: a full page on a plain GET; the `composer` form or one `field-options-<i>` picker for htmx.

    htmx re-renders with POST: a big composition in a query string would outgrow request-line limits
    (gunicorn: 4 KiB by default). A POST here never sends anything; the address bar gets the canonical GET URL.
    """
    data = request.POST if request.method == "POST" else request.GET
    context = services.composer_context(user=request.user, data=data, workspace=partial(current_workspace, request))
    index = fragment_index(request, "field-options-")
    if index is not None and index < len(context["drafts"]):
        return page_render(request, COMPOSER, context | {"dv": context["drafts"][index]}, partial="field-options")
    response = page_render(request, COMPOSER, context, fragments=("composer",))
    if fragment_target(request, ("composer",)):
        # The canonical state, not the widget noise, goes into the address bar: shareable and restorable.
        # An opened saved request keeps its own address, so a reload still offers "Update".
        page = (reverse("explorer:saved_detail", args=[context["saved_id"]]) if context["saved_id"]
                else reverse("explorer:compose"))
        response["HX-Push-Url"] = f"{page}?{context['canonical_query']}"
    return response


@login_required
@require_POST
def tour_dismiss(request):
    """The first-visit tour is closed for good; htmx removes it, a plain post returns to the composer."""
    services.tour_dismiss(user=request.user)
    if request.htmx:
        return HttpResponse("")
    return redirect("explorer:compose")


@login_required
@require_POST
def compose_send(request):
    """Send the composed actions; htmx gets the `call-result` fragment, a plain post the whole page."""
    context = services.composer_submit(user=request.user, data=request.POST,
                                       workspace=partial(current_workspace, request))
    # Paging buttons re-send with another listoffset: the form follows (out of band) so it shows what was sent.
    context["sync_composer"] = request.POST.get("sync") == "1" and fragment_target(request, ("call-result",))
    return page_render(request, COMPOSER, context, fragments=("call-result",))


@login_required
@require_GET
def call_detail(request, log_id):
    """One logged call with its result; htmx asks for one action's table page (`result-<i>`), its JSON
    (`json-<i>`) or the raw answer (`raw-body`)."""
    log = call_log_get(user=request.user, log_id=log_id)
    if log is None:
        raise Http404("No such call in your history.")
    body = call_body(log)
    result_index = fragment_index(request, "result-")
    pages = {result_index: request.GET.get("page", 1)} if result_index is not None else {}
    call = services.logged_call_view(log=log, body=body, pages=pages)
    context = {"log": log, "call": call}
    json_index = fragment_index(request, "json-")
    if json_index is not None:
        return page_render(request, CALL_RESULT, context | {"json": _json_view(call, json_index, body),
                                                            "json_index": json_index}, partial="json-view")
    if fragment_target(request, ("raw-body",)):
        context |= {"raw_text": body[:RAW_LIMIT].decode("utf-8", errors="replace"),
                    "raw_cut": len(body) > RAW_LIMIT, "raw_limit": RAW_LIMIT}
        return page_render(request, CALL_RESULT, context, partial="raw-view")
    if result_index is not None and result_index < len(call.results):
        return page_render(request, CALL_RESULT, context | {"ar": call.results[result_index]},
                           partial="action-result")
    context |= {"compose_query": state_from_logged(log.actions, log.credential_id).query(),
                "request_json": json.dumps(log.actions, ensure_ascii=False, indent=2),
                "compare_candidates": compare_candidates(user=request.user, log=log)}
    return page_render(request, "explorer/composer/call.html", context)


def _json_view(call, index, body):
    """One action's result highlighted, or the whole body when it is not an envelope."""
    if call.response is None or index >= len(call.response.results):
        return highlight_json(body.decode("utf-8", errors="replace"))
    return highlight_json(json.loads(body)["response"]["results"][index])
