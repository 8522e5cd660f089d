# gunicorn settings for production: `gunicorn -c core/gunicorn.conf.py core.wsgi` (README, production notes).
# gthread: a composer send waits on the network; the timeout stays above ONOFFICE_DEADLINE so a worker is
# never killed before its call-log row is completed; the longer request line lets big composer links load.
import os

# Each gthread thread keeps its database connection between requests (core/settings.py, DB_CONN_MAX_AGE).
os.environ.setdefault("DB_CONN_MAX_AGE", "60")

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
worker_class = "core.gunicorn_worker.HealthFirstWorker"  # /healthz never queues behind user requests
timeout = 60
limit_request_line = 8190
