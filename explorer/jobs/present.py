"""What a job's page shows: share done, rate, time left, and whether the worker looks absent or stalled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from .models import FetchJob

WAITING_HINT_SECONDS = 10  # a queued job older than this: say that a worker has to run
STALL_MARGIN_SECONDS = 30


def stall_seconds() -> float:
    """Longer than one page may take (its deadline, three tries and the pauses): a running job this quiet has
    lost its worker (stopped hard, machine gone)."""
    return settings.ONOFFICE_DEADLINE * 3 + STALL_MARGIN_SECONDS


@dataclass(frozen=True)
class JobProgress:
    percent: int
    rate: float  # records per second
    seconds_left: float | None
    elapsed: float
    waiting_for_worker: bool
    stalled_seconds: float | None

    @property
    def time_left(self) -> str:
        if self.seconds_left is None:
            return ""
        seconds = round(self.seconds_left)
        return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"


def job_progress(job: FetchJob, now: datetime | None = None) -> JobProgress:
    now = now or timezone.now()
    total = job.cntabsolute
    percent = min(100, job.records * 100 // total) if total else (100 if job.status == FetchJob.Status.DONE else 0)
    elapsed = job.seconds or 0.0
    rate = job.records / elapsed if elapsed > 0 else 0.0
    left = None
    if job.status == FetchJob.Status.RUNNING and total and rate > 0:
        left = max(0.0, (total - job.records) / rate)
    waiting = job.status == FetchJob.Status.QUEUED and (now - job.created_at).total_seconds() > WAITING_HINT_SECONDS
    stalled = None
    if job.status == FetchJob.Status.RUNNING and job.progress_at is not None:
        quiet = (now - job.progress_at).total_seconds()
        if quiet > stall_seconds():
            stalled = quiet
    return JobProgress(percent=percent, rate=rate, seconds_left=left, elapsed=elapsed, waiting_for_worker=waiting,
                       stalled_seconds=stalled)
