from django.conf import settings
from django.db import models
from django.utils import timezone

from ..accounts.models import Credential, Workspace


class FetchJob(models.Model):
    """One "fetch all pages" of a list read, run by the task worker (explorer/jobs/tasks.py).

    Holds the read as logged (unsigned, scrubbed: no token, secret, timestamp or HMAC) and the progress the
    worker writes after every page; the records go to a file under MEDIA_ROOT, served only to the owner.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"

    class Format(models.TextChoices):
        NDJSON = "ndjson", "NDJSON (one record a line)"
        CSV = "csv", "CSV"
        JSON = "json", "JSON array"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fetch_jobs")
    # Deleting the credential stops future pages (the job fails); the job and its file stay the owner's.
    credential = models.ForeignKey(Credential, null=True, on_delete=models.SET_NULL, related_name="fetch_jobs")
    workspace = models.ForeignKey(Workspace, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_call = models.ForeignKey("explorer.CallLog", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resourcetype = models.CharField(max_length=100)
    identifier = models.CharField(max_length=200, blank=True)
    parameters = models.JSONField(default=dict)  # as logged, without listlimit/listoffset
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.NDJSON)
    labels = models.BooleanField(default=False)  # CSV header: field labels instead of technical names
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)  # the django.tasks result id
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    cntabsolute = models.PositiveIntegerField(null=True, blank=True)
    pages_total = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)
    distinct_ids = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    gaps = models.PositiveIntegerField(default=0)
    retries = models.PositiveIntegerField(default=0)
    cntabsolute_changed = models.BooleanField(default=False)
    seconds = models.FloatField(default=0.0)  # time spent paging, as the engine measured it
    error = models.TextField(blank=True)
    note = models.CharField(max_length=500, blank=True)  # e.g. labels unavailable, technical names used
    file_path = models.CharField(max_length=300, blank=True)  # relative to MEDIA_ROOT
    file_bytes = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-id"], name="fetchjob_owner_newest"),
                   models.Index(fields=["status", "expires_at"], name="fetchjob_status_expires")]

    def __str__(self):
        return f"fetch {self.resourcetype} #{self.pk} {self.status}"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
