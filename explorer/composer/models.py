from django.conf import settings
from django.db import models
from django.utils import timezone


class VariableMemory(models.Model):
    """The values one user last sent a request's `{{variables}}` with: per saved request ("saved:<id>"),
    or "" for requests composed without one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32, blank=True)
    values = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_variable_memory_per_request")]


class TourDismissal(models.Model):
    """The user has closed the composer's first-visit tour; it does not come back."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dismissed_at = models.DateTimeField(default=timezone.now)
