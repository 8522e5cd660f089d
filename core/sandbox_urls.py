"""URLs of the sandbox run as its own service (SANDBOX_SERVICE=true): the API and the health check only."""

from django.urls import include, path

from explorer import health

urlpatterns = [
    path("sandbox/", include("explorer.sandbox.urls")),
    path("healthz", health.healthz, name="healthz"),
]
