"""Fetch-all jobs: start one from a logged read, run it on the task worker, cancel it, expire its file.

Every page goes through the signing service (calls.services.credential_call: signed afresh, one call-log
row linked to the job, no transaction open across the HTTP call). The records stream into a file under
MEDIA_ROOT/jobs/; the job row holds the read as logged (no secret) and the counts, updated after each page.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..accounts.models import Credential
from ..accounts.selectors import credential_list
from ..calls.models import CallLog
from ..calls.services import call_body, credential_call
from ..composer.fields import field_config_fetch
from ..composer.state import module_for
from ..errors import ExplorerError
from ..onoffice.actions import Action, ActionKind
from ..onoffice.errors import ResponseFormatError
from ..onoffice.responses import parse_response
from .fetch import FetchReport, fetch_all, page_sender, pages_for, stable_sort
from .models import FetchJob
from .output import FORMATS, writer_for
from .present import stall_seconds
from .tasks import fetch_job_run, fetch_jobs_expire

logger = logging.getLogger(__name__)

JOB_DIR = "jobs"
PAGING_KEYS = ("listlimit", "listoffset")  # the engine sets these per page
REPORT_FIELDS = ("cntabsolute", "pages_total", "pages", "records", "distinct_ids", "duplicates", "gaps", "retries",
                 "cntabsolute_changed", "seconds")


def fetch_job_start(*, user, log: CallLog, index: int, fmt: str, labels: bool, workspace=None) -> FetchJob:
    """A queued job fetching every page of action `index` of `log` (a call the user can see, sent with one of
    their own credentials), and its task enqueued once the row is committed."""
    if fmt not in FORMATS:
        raise ExplorerError("Pick a format: NDJSON, CSV or JSON.")
    actions = log.actions if isinstance(log.actions, list) else []
    sent = actions[index] if 0 <= index < len(actions) and isinstance(actions[index], dict) else None
    if sent is None:
        raise ExplorerError(f"Call #{log.pk} has no action {index + 1}.")
    if ActionKind.from_urn(str(sent.get("actionid", ""))) != ActionKind.READ:
        raise ExplorerError("Only a read has pages to fetch.")
    if sent.get("resourceid"):
        raise ExplorerError("This read asks for one record by its id: there are no further pages.")
    credential = credential_list(user=user).filter(pk=log.credential_id).first() if log.credential_id else None
    if credential is None:
        raise ExplorerError(f"Call #{log.pk} was not sent with one of your credentials: send the read with yours, "
                            "then fetch all records.")
    parameters = sent.get("parameters") if isinstance(sent.get("parameters"), dict) else {}
    total = _total_shown(log, index)
    job = FetchJob.objects.create(
        owner=user, credential=credential, workspace=workspace, source_call=log,
        resourcetype=str(sent.get("resourcetype") or "")[:100], identifier=str(sent.get("identifier") or "")[:200],
        parameters={k: v for k, v in parameters.items() if k not in PAGING_KEYS},
        format=fmt, labels=bool(labels) and fmt == "csv", cntabsolute=total,
        pages_total=0 if total is None else pages_for(total),
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _total_shown(log: CallLog, index: int) -> int | None:
    """The cntabsolute the logged read reported (what "Fetch all N records" said): the job shows it while
    queued, and the engine plans its first pages from it. None when the answer is not kept whole or is not one."""
    try:
        results = parse_response(call_body(log)).results
    except ResponseFormatError:
        return None
    total = results[index].cntabsolute if index < len(results) and results[index].ok else None
    return total if isinstance(total, int) and total >= 0 else None


def _enqueue(job_id: int) -> None:
    result = fetch_job_run.enqueue(job_id)
    FetchJob.objects.filter(pk=job_id).update(task_id=str(result.id))


def fetch_job_cancel(*, job: FetchJob) -> FetchJob:
    """Flag the job: a running one stops before its next page is written; a queued one, or a running one
    whose worker has gone quiet (present.stall_seconds), ends at once."""
    now = timezone.now()
    ended = {"status": FetchJob.Status.CANCELLED, "cancel_requested": True, "finished_at": now,
             "expires_at": now + _file_lifetime()}
    stalled = Q(status=FetchJob.Status.RUNNING, progress_at__lt=now - timedelta(seconds=stall_seconds()))
    if not FetchJob.objects.filter(Q(status=FetchJob.Status.QUEUED) | stalled, pk=job.pk).update(**ended):
        FetchJob.objects.filter(pk=job.pk, status=FetchJob.Status.RUNNING).update(cancel_requested=True)
    job.refresh_from_db()
    return job


def _file_lifetime() -> timedelta:
    return timedelta(hours=settings.FETCH_FILE_HOURS)


def job_file(job: FetchJob) -> Path | None:
    """The job's file on disk, while it is kept."""
    if not job.file_path or job.status == FetchJob.Status.EXPIRED:
        return None
    if job.expires_at is not None and job.expires_at <= timezone.now():
        return None
    path = Path(settings.MEDIA_ROOT) / job.file_path
    return path if path.is_file() else None


# --- Run by the worker --------------------------------------------------------------------------

def fetch_job_execute(job_id: int) -> dict:
    """Page the job's read into its file. Returns the fetch report (the task's return value)."""
    fetch_job_expire_due()
    now = timezone.now()
    claimed = FetchJob.objects.filter(pk=job_id, status=FetchJob.Status.QUEUED).update(
        status=FetchJob.Status.RUNNING, started_at=now, progress_at=now)
    job = FetchJob.objects.select_related("owner", "workspace").get(pk=job_id)
    if not claimed:
        return {"skipped": job.status}  # cancelled while queued, or run before
    try:
        report = _run(job)
    except BaseException as exc:
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):  # the worker was told to stop at once
            error = "The worker was stopped while this job ran; the records written so far are kept."
        else:
            logger.exception("fetch job %s stopped on an unexpected error", job_id)
            error = f"The job stopped on an unexpected error ({type(exc).__name__}); the records written so far are kept."
        _finish(job, status=FetchJob.Status.FAILED, error=error)
        raise
    if report.ok:
        status = FetchJob.Status.DONE
    elif report.cancelled:
        status = FetchJob.Status.CANCELLED
    else:
        status = FetchJob.Status.FAILED
    _finish(job, status=status, error=report.error or "", report=report)
    return report.as_dict()


def _run(job: FetchJob) -> FetchReport:
    credential = Credential.objects.filter(pk=job.credential_id).defer("token", "secret").first()
    if credential is None:
        return FetchReport(error="The credential of this job was deleted; nothing was sent.")
    action = Action(kind=ActionKind.READ, resourcetype=job.resourcetype, identifier=job.identifier,
                    parameters=stable_sort(job.parameters, job.resourcetype))
    labels, note = _csv_labels(job, credential) if job.format == "csv" and job.labels else (None, "")
    relative = f"{JOB_DIR}/{job.owner_id}/{job.pk}-{secrets.token_hex(8)}.{job.format}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    FetchJob.objects.filter(pk=job.pk).update(file_path=relative, note=note[:500])
    job.file_path = relative

    def perform(actions):
        outcome = credential_call(user=job.owner, credential=credential, actions=actions, origin=CallLog.Origin.JOB,
                                  workspace=job.workspace)
        CallLog.objects.filter(pk=outcome.log.pk).update(job=job.pk)
        return outcome

    def progress(report: FetchReport) -> None:
        FetchJob.objects.filter(pk=job.pk).update(progress_at=timezone.now(), **_counts(report))

    def should_stop() -> bool:
        return FetchJob.objects.filter(pk=job.pk, cancel_requested=True).exists()

    # Owner-only on disk too (0600): the file holds CRM data, and the server gives it only to the job's owner.
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8", newline="") as stream:
        writer = writer_for(job.format, stream, parameters=action.parameters, labels=labels)
        try:
            return fetch_all(send_page=page_sender(perform, action), write=writer.write, on_progress=progress,
                             total_hint=job.cntabsolute,
                             should_stop=should_stop, on_worker_exit=lambda: connection.close())
        finally:
            writer.close()  # what came before a failure or a cancel stays a valid file


def _csv_labels(job: FetchJob, credential: Credential) -> tuple[dict | None, str]:
    """Header labels from the module's field configuration (one cached, signed call), or why not."""
    module = module_for(job.resourcetype)
    if module is None:
        return None, f"{job.resourcetype} has no field configuration: the header has technical names."
    try:
        fields = field_config_fetch(user=job.owner, credential=credential, module=module, workspace=job.workspace)
    except ExplorerError as exc:
        return None, f"Column labels unavailable ({exc.message}); the header has technical names."
    return {"id": "ID"} | {name: f.label for name, f in fields.fields.items() if f.label}, ""


def _counts(report: FetchReport) -> dict:
    return {name: getattr(report, name) for name in REPORT_FIELDS}


def _finish(job: FetchJob, *, status: str, error: str, report: FetchReport | None = None) -> None:
    now = timezone.now()
    expires = now + _file_lifetime()
    path = Path(settings.MEDIA_ROOT) / job.file_path if job.file_path else None
    size = path.stat().st_size if path is not None and path.is_file() else 0
    FetchJob.objects.filter(pk=job.pk).update(status=status, error=error, finished_at=now, progress_at=now,
                                              expires_at=expires, file_bytes=size,
                                              **(_counts(report) if report is not None else {}))
    if job.file_path:
        # The worker deletes the file when it is due; a sweep also runs before every job (fetch_job_expire_due).
        fetch_jobs_expire.using(run_after=expires).enqueue()


def fetch_job_expire_due() -> int:
    """Delete the files of ended jobs past their expiry and mark those jobs expired; returns how many."""
    now = timezone.now()
    ended = (FetchJob.Status.DONE, FetchJob.Status.FAILED, FetchJob.Status.CANCELLED)
    expired = 0
    due = FetchJob.objects.filter(status__in=ended, expires_at__lte=now).exclude(file_path="")
    for job in due.only("pk", "file_path"):
        (Path(settings.MEDIA_ROOT) / job.file_path).unlink(missing_ok=True)
        expired += FetchJob.objects.filter(pk=job.pk, status__in=ended).update(
            status=FetchJob.Status.EXPIRED, file_path="", file_bytes=0)
    return expired
