"""Every URL of the explorer under one namespace; each feature package lists its own."""

from django.urls import include, path

from . import health

app_name = "explorer"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", include("explorer.composer.urls")),
    path("", include("explorer.calls.urls")),
    path("", include("explorer.accounts.urls")),
    path("", include("explorer.saved.urls")),
    path("", include("explorer.jobs.urls")),
]
