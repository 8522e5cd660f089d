"""The one settings module. Everything configurable comes from the environment (or `.env`).

See README "Configuration" for the table of variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from explorer.accounts.keys import HOW_TO_MAKE_ONE, key_problems

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
PORT = env.int("PORT", default=8000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "explorer",
    "explorer.sandbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in answers may hold CRM data or secrets: no browser or proxy keeps a copy.
    "explorer.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "core.sandbox_urls" if env.bool("SANDBOX_SERVICE", default=False) else "core.urls"
WSGI_APPLICATION = "core.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            # The composer's template tags live in its package rather than in an app's templatetags/.
            "libraries": {"composer": "explorer.composer.tags", "saved": "explorer.saved.tags"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE + busy timeout: no "database is locked" under concurrent writers. WAL alone is not
    # enough: a DEFERRED transaction that has read cannot wait for the write lock, it fails at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# 0 (Django's default) opens a connection per request, which suits runserver and the tests; a long-running
# server keeps each thread's connection (core/gunicorn.conf.py sets 60 s): on PostgreSQL a new connection costs
# a backend process, on SQLite the PRAGMAs above; health checks keep a broken one from being reused.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# --- Passwords: Django's validators run on invite sign-up, password change and password reset ---
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A reset link (Django's PasswordResetView, throttled in explorer/accounts/views.py) is valid for a day
# and stops working once the password changed.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# --- E-mail (password reset): printed on the console unless EMAIL_URL names an SMTP server ---------
# EMAIL_URL in django-environ's form (smtp+tls://user:password@smtp.example.com:587 for STARTTLS,
# smtp+ssl://…:465, consolemail://), turned into Django 6.1's MAILERS; a stalled SMTP server fails a send
# after 10 s.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_mailer_options = {}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _smtp_options = {"EMAIL_HOST": "host", "EMAIL_PORT": "port", "EMAIL_HOST_USER": "username",
                     "EMAIL_HOST_PASSWORD": "password", "EMAIL_USE_TLS": "use_tls", "EMAIL_USE_SSL": "use_ssl"}
    _mailer_options = {option: _email[name] for name, option in _smtp_options.items()
                       if _email.get(name) not in (None, "")} | {"timeout": 10}
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="onoffice-explorer@localhost")

# --- Sign-in throttling (django-axes): attempts live in the database, so no shared cache is needed ---
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Username and IP together: behind a proxy every client shares one IP, and IP alone would lock out everyone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 15 minutes from the fifth failure; attempts while locked are refused unchecked anyway.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # no version banner on every manage.py command; attempts are kept in the database

# --- Encryption of stored onOffice credentials -------------------------------------------------
# Checked here, while settings load, so a malformed list stops runserver, gunicorn (core/wsgi.py) and every
# manage.py command at start, naming the variable; explorer/accounts/keys.py words the problems.
FIELD_ENCRYPTION_KEYS = [key.strip() for key in env.list("FIELD_ENCRYPTION_KEYS", default=[])]
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS is not set: give one or more comma-separated Fernet keys (the first encrypts). "
        "`make run` writes a fresh one into .env."
    )
if _key_problems := key_problems(FIELD_ENCRYPTION_KEYS):
    raise ImproperlyConfigured(" ".join([*_key_problems, f"Fix the environment or .env; {HOW_TO_MAKE_ONE}."]))

# --- onOffice endpoints -------------------------------------------------------------------------
ONOFFICE_STABLE_URL = "https://api.onoffice.de/api/stable/api.php"
ONOFFICE_LATEST_URL = "https://api.onoffice.de/api/latest/api.php"
ONOFFICE_API_URL = env.str("ONOFFICE_API_URL", default=ONOFFICE_STABLE_URL)
SANDBOX_ENABLED = env.bool("SANDBOX_ENABLED", default=True)
# The address outside clients (SDK, newman, curl) use for this server's sandbox, and the one the explorer
# writes into credentials and logs. The explorer itself answers its sandbox in process, without a socket
# (explorer/sandbox/inprocess.py): any /sandbox/api/{stable,latest}/api.php URL on a host of this server
# (this host, ALLOWED_HOSTS), on any port, is the sandbox and resolves to this address before the
# allowlist check, so credentials saved under another PORT keep working.
SANDBOX_BASE_URL = env.str("SANDBOX_BASE_URL", default=f"http://127.0.0.1:{PORT}").rstrip("/")
# Added delay per sandbox call (over HTTP and in process), to feel a slow network.
SANDBOX_LATENCY_MS = env.int("SANDBOX_LATENCY_MS", default=0)
# The sandbox as its own service (README, production notes): a process started with SANDBOX_SERVICE=true
# serves only the sandbox API and /healthz; the explorer, with SANDBOX_IN_PROCESS=false and SANDBOX_BASE_URL
# pointing at that service, sends its sandbox calls there over HTTP instead of answering them in process.
# Never turn SANDBOX_IN_PROCESS off while SANDBOX_BASE_URL is this server itself: a send would then wait for
# a second thread of the same server (issue 13).
SANDBOX_SERVICE = env.bool("SANDBOX_SERVICE", default=False)
SANDBOX_IN_PROCESS = env.bool("SANDBOX_IN_PROCESS", default=True)
# The sandbox entries are matched after that resolution; leave them out to refuse the sandbox.
ONOFFICE_ALLOWED_URLS = env.list(
    "ONOFFICE_ALLOWED_URLS",
    default=[
        ONOFFICE_STABLE_URL,
        ONOFFICE_LATEST_URL,
        f"{SANDBOX_BASE_URL}/sandbox/api/stable/api.php",
        f"{SANDBOX_BASE_URL}/sandbox/api/latest/api.php",
    ],
)

# --- Security -----------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Django's filter hides settings and variables by name only; this one also hides the values of recently
# decrypted secrets wherever they appear in error reports.
DEFAULT_EXCEPTION_REPORTER_FILTER = "explorer.accounts.crypto.PlaintextScrubbingReporterFilter"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging: console only; outbound HTTP libraries stay quiet ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own default config also prints these: one handler, or every line shows twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "urllib3": {"level": "WARNING"},
        "requests": {"level": "WARNING"},
    },
}

# Outbound call limits: the read timeout bounds the gap between bytes, not the total, hence the deadline;
# keep it below gunicorn's --timeout, or the worker is killed before the log row is completed.
ONOFFICE_CONNECT_TIMEOUT = env.float("ONOFFICE_CONNECT_TIMEOUT", default=3.05)
ONOFFICE_READ_TIMEOUT = env.float("ONOFFICE_READ_TIMEOUT", default=20.0)
ONOFFICE_DEADLINE = env.float("ONOFFICE_DEADLINE", default=25.0)

# History: rows older than this many days are removed by `manage.py prune_logs`.
LOG_RETENTION_DAYS = env.int("LOG_RETENTION_DAYS", default=90)

# Fetch all pages: how many pages of one read are sent at the same time.
FETCH_CONCURRENCY = env.int("FETCH_CONCURRENCY", default=4)
# Fetch-all files: written under MEDIA_ROOT/jobs/, served only to their owner by a view (no public media URL),
# deleted by the worker this many hours after the job ended.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
FETCH_FILE_HOURS = env.float("FETCH_FILE_HOURS", default=24)

# Django tasks: the database-backed queue of django-tasks-db, worked by `manage.py db_worker` (`make run`
# starts one beside the server). README "Background jobs" says how to move the queue to Redis (RQ).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
