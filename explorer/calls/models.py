from django.conf import settings
from django.db import models
from django.utils import timezone

from ..accounts.models import Credential, Workspace
from ..onoffice.actions import ActionKind


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
        INTERRUPTED = "interrupted", "Interrupted"

    class Origin(models.TextChoices):
        UI = "ui", "Composer"
        CLI = "cli", "Command line"
        TEST = "test", "Test connection"
        SAVED = "saved", "Saved request"
        FIELDS = "fields", "Field configuration"
        BENCH = "bench", "Benchmark"
        JOB = "job", "Fetch-all job"

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="call_logs")
    workspace = models.ForeignKey(Workspace, null=True, blank=True, on_delete=models.SET_NULL, related_name="call_logs")
    credential = models.ForeignKey(Credential, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="call_logs")
    origin = models.CharField(max_length=16, choices=Origin.choices)
    # A page of a fetch-all job (explorer/jobs): by name, since calls sits below jobs and imports nothing of it.
    job = models.ForeignKey("explorer.FetchJob", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="calls")
    endpoint = models.CharField(max_length=500)
    hmac_version = models.PositiveSmallIntegerField(default=2)
    actions = models.JSONField(default=list)
    # " read:estate get:fields ": what the history filters by resource type and action.
    action_keys = models.CharField(max_length=1000, blank=True)
    # Resource types, actions, identifiers, parameters and the error text: what the full-text search reads
    # (SQLite: the FTS5 table explorer_calllog_fts, kept in step by triggers; PostgreSQL: a GIN index).
    search_text = models.TextField(blank=True)
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
        indexes = [models.Index(fields=["workspace", "-id"], name="calllog_workspace_newest"),
                   models.Index(fields=["user", "-id"], name="calllog_user_newest"),
                   models.Index(fields=["status", "started_at"], name="calllog_status_started")]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {self.origin} {self.status}"

    @property
    def action_summaries(self) -> list[tuple[str, str, str]]:
        """(kind, resource type, identifier) per action: "read", "estate", "for-sale-in-city"."""
        rows = []
        for action in self.actions if isinstance(self.actions, list) else []:
            if isinstance(action, dict):
                kind = ActionKind.from_urn(str(action.get("actionid", "")))
                rows.append((kind.value if kind else "?", str(action.get("resourcetype", "")),
                             str(action.get("identifier", ""))))
        return rows

    @property
    def completed(self) -> bool:
        return self.status != self.Status.PENDING


class CallRollup(models.Model):
    """Completed calls counted per day and kind, kept on every completion: the history's overview reads
    these instead of a million rows. `durations` is a histogram (bucket → count, see calls/overview.py),
    `errors` counts action error codes. Team workspaces are counted as a whole (`user` empty); calls in a
    personal workspace or with none (the command line) per user, since those histories are per user."""

    workspace = models.ForeignKey(Workspace, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    status = models.CharField(max_length=16)
    action_key = models.CharField(max_length=120, blank=True)  # the first action, "read:estate"
    automatic = models.BooleanField(default=False)  # field configuration, connection tests
    count = models.PositiveIntegerField(default=0)
    durations = models.JSONField(default=dict)
    errors = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["workspace", "day"], name="rollup_workspace_day")]
