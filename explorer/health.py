"""Liveness for load balancers: the app answers and its database does.

Under gunicorn (core/gunicorn.conf.py) a probe never reaches this view: core/gunicorn_worker.py answers
`/healthz` on threads of its own with `database_status`, without the middleware and the URL resolver, so
that it needs the interpreter lock for as short a time as possible while the request threads are busy.
The view answers the same under `runserver` and in tests.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def database_status() -> tuple[int, dict]:
    """(HTTP status, body) of the check: one `SELECT 1` on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any DB failure means unhealthy; the class name is enough to diagnose
        return 503, {"status": "error", "database": type(exc).__name__}
    return 200, {"status": "ok", "database": "ok"}


@never_cache
@require_safe
def healthz(request):
    status, body = database_status()
    return JsonResponse(body, status=status)
