"""Fetch-all jobs: the list (and starting one), a job's progress page, cancel, and the owner-only download."""

import re

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..calls.selectors import call_log_get
from ..errors import ExplorerError
from ..frame import current_workspace
from ..htmx import fragment_target, login_required, page_render
from . import selectors, services
from .present import job_progress

CONTENT_TYPES = {"ndjson": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8",
                 "json": "application/json; charset=utf-8"}


def _job_or_404(request, job_id):
    job = selectors.fetch_job_get(user=request.user, job_id=job_id)
    if job is None:
        raise Http404("No such job among yours.")
    return job


@login_required
@require_http_methods(["GET", "POST"])
def jobs(request):
    """GET: the user's jobs, newest first. POST (the "Fetch all" button of a read's result): start one."""
    if request.method == "POST":
        return _start(request)
    job_list = list(selectors.fetch_job_list(user=request.user)[:100])
    return page_render(request, "explorer/jobs/list.html",
                       {"jobs": job_list, "any_active": any(j.active for j in job_list),
                        "file_hours": settings.FETCH_FILE_HOURS}, fragments=("job-list",))


def _number(text) -> int | None:
    return int(text) if isinstance(text, str) and re.fullmatch(r"[0-9]{1,18}", text) else None


def _start(request):
    call, index = _number(request.POST.get("call")), _number(request.POST.get("action", "0"))
    log = call_log_get(user=request.user, log_id=call) if call is not None else None
    if log is None:
        raise Http404("No such call in your history.")
    try:
        job = services.fetch_job_start(user=request.user, log=log, index=-1 if index is None else index,
                                       fmt=request.POST.get("format", "ndjson"), labels=bool(request.POST.get("labels")),
                                       workspace=current_workspace(request))
    except ExplorerError as exc:
        messages.error(request, exc.message)
        return redirect("explorer:jobs")
    return redirect("explorer:job_detail", job_id=job.pk)


@login_required
@require_GET
def job_detail(request, job_id):
    """Progress of one job; the `job-progress` fragment is what the page polls while the job is active."""
    job = _job_or_404(request, job_id)
    return page_render(request, "explorer/jobs/detail.html", _detail_context(job), fragments=("job-progress",))


def _detail_context(job) -> dict:
    # While the worker writes, the file is not a whole CSV/JSON yet: the download appears when the job ends.
    return {"job": job, "progress": job_progress(job),
            "has_file": not job.active and services.job_file(job) is not None}


@login_required
@require_POST
def job_cancel(request, job_id):
    job = services.fetch_job_cancel(job=_job_or_404(request, job_id))
    if fragment_target(request, ("job-progress",)):
        return page_render(request, "explorer/jobs/detail.html", _detail_context(job), fragments=("job-progress",))
    return redirect("explorer:job_detail", job_id=job.pk)


@login_required
@require_GET
def job_download(request, job_id):
    """The job's file, to its owner only, while it is kept (streamed from disk, never read whole)."""
    job = _job_or_404(request, job_id)
    if job.active:
        raise Http404("The file can be downloaded once the job has finished.")
    path = services.job_file(job)
    if path is None:
        raise Http404("This job has no file (any more).")
    name = re.sub(r"[^A-Za-z0-9_-]", "", job.resourcetype) or "records"
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"onoffice-{name}-job{job.pk}.{job.format}",
                        content_type=CONTENT_TYPES[job.format])
