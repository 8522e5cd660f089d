"""The composer page, its send, and one logged call with its result (`/history/<id>/`)."""

import csv
import json
import re
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
from .results import TableRequest
from .state import state_from_logged

COMPOSER = "explorer/composer/compose.html"
CALL_RESULT = "explorer/composer/call_result.html"
RAW_LIMIT = 256 * 1024  # the browser shows this much of a raw answer; the rest is a download
# The datalist of an action's field names: `fields-<i>-<module>-<count>` (filters, sortby) or `record-fields-…`.
DATALIST_ID = re.compile(r"(?:record-)?fields-(\d+)-.*")


@require_GET
@login_required
def home(request):
    return redirect("explorer:compose")


@login_required
@require_http_methods(["GET", "POST"])
def compose_page(request):
    """The composer: a full page on a plain GET; for htmx the `composer` form, one `field-options-<i>` picker,
    or what the form loads lazily: a picker's `field-list-<i>` and the datalists of field names.

    htmx re-renders with POST: a big composition in a query string would outgrow request-line limits
    (gunicorn: 4 KiB by default). A POST here never sends anything; the address bar gets the canonical GET URL.
    The form itself leaves out the picker's thousand checkboxes and the datalists: they come when needed.
    """
    data = request.POST if request.method == "POST" else request.GET
    context = services.composer_context(user=request.user, data=data, workspace=partial(current_workspace, request))
    drafts = context["drafts"]
    index = fragment_index(request, "field-options-")
    if index is not None and index < len(drafts):
        return page_render(request, COMPOSER, context | {"dv": drafts[index], "fields_eager": True},
                           partial="field-options")
    index = fragment_index(request, "field-list-")
    if index is not None and index < len(drafts):
        return page_render(request, COMPOSER, context | {"dv": drafts[index]}, partial="field-list")
    htmx = request.htmx
    target = htmx.target if htmx and not htmx.boosted and not htmx.history_restore_request else None
    datalist = DATALIST_ID.fullmatch(target or "")
    if datalist and int(datalist[1]) < len(drafts):
        return page_render(request, COMPOSER, context | {"dv": drafts[int(datalist[1])]}, partial="field-datalist")
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
    # The sidebar's recent calls follow every send (out of band, next to the result).
    context["recent_oob"] = bool(fragment_target(request, ("call-result",)))
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
    pages = {result_index: TableRequest.from_query(request.GET)} if result_index is not None else {}
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


@login_required
@require_GET
def field_browser(request):
    """Every field of one module of one of the user's credentials (`/fields/?cred=<id>&module=<module>`);
    `&format=csv` downloads them. A failed load is explained on the page (the CSV answers 502 with it)."""
    from .field_browser import field_browser_context, fields_csv

    context = field_browser_context(user=request.user, data=request.GET, workspace=partial(current_workspace, request))
    if request.GET.get("format") == "csv" and context["module_fields"] is not None:
        module = context["module"].module
        response = HttpResponse(fields_csv(module, context["module_fields"]), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="fields-{module}.csv"'
        response["Cache-Control"] = "no-store, private"
        return response
    status = 502 if request.GET.get("format") == "csv" else None
    return page_render(request, "explorer/composer/fields.html", context, status=status)


@login_required
@require_GET
def call_csv(request, log_id, index):
    """The whole table of one action as CSV: every row (not only the page shown), technical names as the header,
    raw values; sorted like the table when `sort`/`dir` are given."""
    log = call_log_get(user=request.user, log_id=log_id)
    if log is None:
        raise Http404("No such call in your history.")
    call = services.logged_call_view(log=log, body=call_body(log), pages={index: TableRequest.from_query(request.GET)})
    if index >= len(call.results):
        raise Http404("This call has no such action result.")
    result = call.results[index]
    kind = re.sub(r"[^A-Za-z0-9_-]", "", result.result.resourcetype) or "result"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="onoffice-call-{log.pk}-{index + 1}-{kind}.csv"'
    writer = csv.writer(response)
    for row in result.csv_rows():
        writer.writerow([_csv_safe(value) for value in row])
    return response


def _csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (=, +, @, or - before a non-number): quoted with '."""
    if value[:1] in ("=", "+", "@", "\t", "\r") or (value[:1] == "-" and not re.match(r"-\d", value)):
        return "'" + value
    return value
