"""The Django tasks of fetch-all jobs, run by the worker (`manage.py db_worker`, django-tasks-db).

Their arguments are ids only: the job row holds the read, the credential stays encrypted until a page is signed.
"""

from django.tasks import task


@task()
def fetch_job_run(job_id: int) -> dict:
    from .services import fetch_job_execute  # services enqueue these tasks: imported here, not at the top

    return fetch_job_execute(job_id)


@task()
def fetch_jobs_expire() -> int:
    """Enqueued for each ended job's expiry time (run_after), so the worker deletes the file when it is due."""
    from .services import fetch_job_expire_due

    return fetch_job_expire_due()
