"""Fetch-all jobs without a database: the CSV header with labels, and the progress figures of a job."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

from explorer.jobs.models import FetchJob
from explorer.jobs.output import writer_for
from explorer.jobs.present import job_progress


def test_csv_header_uses_labels_where_known_and_names_elsewhere():
    stream = io.StringIO()
    writer = writer_for("csv", stream, parameters={"data": ["kaufpreis", "neu"]},
                        labels={"id": "ID", "kaufpreis": "Kaufpreis"})
    writer.write([{"id": 1, "kaufpreis": "100", "neu": "x"}])
    writer.close()
    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [["ID", "Kaufpreis", "neu"], ["1", "100", "x"]]


def test_csv_without_labels_keeps_the_technical_header():
    stream = io.StringIO()
    writer = writer_for("csv", stream, parameters={"data": ["kaufpreis"]})
    writer.write([{"id": 1, "kaufpreis": "100"}])
    writer.close()
    assert stream.getvalue().splitlines()[0] == "id,kaufpreis"


def test_progress_of_a_running_job_gives_share_rate_and_time_left():
    now = timezone.now()
    job = FetchJob(status=FetchJob.Status.RUNNING, cntabsolute=10_000, records=2_500, seconds=5.0,
                   created_at=now - timedelta(seconds=6), progress_at=now)
    progress = job_progress(job, now)
    assert (progress.percent, progress.rate, progress.seconds_left) == (25, 500.0, 15.0)
    assert progress.time_left == "15 s" and not progress.waiting_for_worker and progress.stalled_seconds is None


def test_a_job_left_queued_says_a_worker_is_needed_and_a_quiet_running_one_that_it_stalled(settings):
    now = timezone.now()
    queued = FetchJob(status=FetchJob.Status.QUEUED, created_at=now - timedelta(seconds=30))
    assert job_progress(queued, now).waiting_for_worker
    assert not job_progress(FetchJob(status=FetchJob.Status.QUEUED, created_at=now), now).waiting_for_worker
    quiet = settings.ONOFFICE_DEADLINE * 3 + 31
    running = FetchJob(status=FetchJob.Status.RUNNING, cntabsolute=1000, records=500, seconds=2.0,
                       created_at=now - timedelta(minutes=5), progress_at=now - timedelta(seconds=quiet))
    assert job_progress(running, now).stalled_seconds >= quiet


def test_a_finished_job_has_no_time_left():
    job = FetchJob(status=FetchJob.Status.DONE, cntabsolute=100, records=100, seconds=1.0, created_at=timezone.now())
    progress = job_progress(job)
    assert progress.percent == 100 and progress.seconds_left is None and progress.time_left == ""
