"""Production configuration: `check --deploy` must be clean, and the security settings must be on."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production_env(tmp_path):
    import secrets

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    return env | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "explorer.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://explorer.example.com",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        # Password-reset mail: Django's deploy check refuses the console backend (mail.E001).
        "EMAIL_URL": "smtp+tls://explorer%40example.com:mail-password@smtp.example.com:587",
        "DEFAULT_FROM_EMAIL": "explorer@example.com",
    }


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_passes_in_production_configuration(production_env):
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_a_debug_deployment(production_env):
    result = manage(production_env | {"DEBUG": "true"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr


SETTINGS_PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
    "ssl_redirect": s.SECURE_SSL_REDIRECT, "proxy_header": s.SECURE_PROXY_SSL_HEADER,
    "hsts": s.SECURE_HSTS_SECONDS, "session_age": s.SESSION_COOKIE_AGE,
    "csp": s.SECURE_CSP, "middleware": s.MIDDLEWARE,
}))
"""


def test_production_settings_are_strict(production_env):
    result = subprocess.run([sys.executable, "-c", SETTINGS_PROBE], cwd=ROOT, env=production_env | {
        "DJANGO_SETTINGS_MODULE": "core.settings"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["session_secure"] and found["csrf_secure"] and found["ssl_redirect"]
    assert found["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["hsts"] >= 3600
    assert found["session_age"] == 8 * 60 * 60
    policy = json.dumps(found["csp"])
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in found["middleware"]
    assert found["middleware"][-1] == "axes.middleware.AxesMiddleware"
