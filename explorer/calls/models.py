from django.conf import settings
from django.db import models
from django.utils import timezone

from ..accounts.models import Credential, Workspace


class CallLog(models.Model):
    """One row per send to an onOffice endpoint, written before the call and completed after it.

    Holds no token, secret, timestamp or HMAC: actions are stored unsigned, and texts are scrubbed of
    credential values before they are written.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        OK = "ok", "OK"
        API_ERROR = "api_error", "API error"
        TRANSPORT_ERROR = "transport_error", "Transport error"
        FORMAT_ERROR = "format_error", "Unexpected response"

    class Origin(models.TextChoices):
        UI = "ui", "Composer"
        CLI = "cli", "Command line"
        TEST = "test", "Test connection"
        SAVED = "saved", "Saved request"
        FIELDS = "fields", "Field configuration"
        BENCH = "bench", "Benchmark"

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="call_logs")
    workspace = models.ForeignKey(Workspace, null=True, blank=True, on_delete=models.SET_NULL, related_name="call_logs")
    credential = models.ForeignKey(Credential, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="call_logs")
    origin = models.CharField(max_length=16, choices=Origin.choices)
    endpoint = models.CharField(max_length=500)
    hmac_version = models.PositiveSmallIntegerField(default=2)
    actions = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    errorcode = models.IntegerField(null=True, blank=True)
    action_errorcodes = models.JSONField(default=list)
    duration_ms = models.FloatField(null=True, blank=True)
    response_bytes = models.PositiveIntegerField(default=0)
    response_body = models.TextField(blank=True)
    response_truncated = models.BooleanField(default=False)
    clock_skew = models.FloatField(null=True, blank=True)
    error_text = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {self.origin} {self.status}"

    @property
    def completed(self) -> bool:
        return self.status != self.Status.PENDING
