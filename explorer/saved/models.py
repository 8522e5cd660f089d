from django.conf import settings
from django.db import models
from django.utils import timezone

from ..accounts.models import Workspace


class Folder(models.Model):
    """A named group of saved requests in one workspace (one level; owners manage them)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="unique_folder_name_per_workspace")]

    def __str__(self):
        return self.name


class SavedRequest(models.Model):
    """A composed batch of actions kept in a workspace; never a credential: each member runs it with their own.

    `actions` holds per action resourcetype, action, resourceid, identifier and either `parameters` (an
    object) or, while its JSON does not parse, the text as typed in `parameters_text`.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="saved_requests")
    folder = models.ForeignKey(Folder, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    actions = models.JSONField(default=list)
    # The endpoint kind (sandbox, stable, latest) it was saved with: a runner's credential of that kind is preferred.
    endpoint_kind = models.CharField(max_length=8, blank=True)
    # A teaching request that is meant to fail names the error it shows (the Postman export checks for it).
    expected_errorcode = models.IntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
