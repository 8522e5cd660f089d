"""The sandbox run as its own service, for benchmarks and tests: `gunicorn -c core/gunicorn.conf.py core.wsgi`
with SANDBOX_SERVICE=true on a database of its own, seeded with the given number of demo records."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_env(database: str, *, secret_key: str, **extra: str) -> dict:
    """The sandbox's API users derive from SECRET_KEY: the service needs the explorer's."""
    url = database if "://" in database else f"sqlite:///{database}"
    env = {**os.environ, "DATABASE_URL": url, "SANDBOX_SERVICE": "true", "DEBUG": "false",
           "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    if "FIELD_ENCRYPTION_KEYS" not in env and not (ROOT / ".env").is_file():
        from cryptography.fernet import Fernet

        env["FIELD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    return env | {"SECRET_KEY": secret_key} | extra


@contextmanager
def sandbox_service(database: str, *, secret_key: str, estates: int, addresses: int, workers: int = 1,
                    threads: int = 8, keep_alive: bool = True, **extra_env: str):
    """Migrate and seed `database` (a SQLite path or a database URL), serve it; yields the base URL.
    `keep_alive=False`: every connection ends after its answer (see bench/fetch_all.py)."""
    env = service_env(database, secret_key=secret_key, **extra_env)
    for command in (["migrate", "--noinput", "-v", "0"],
                    ["seed_demo", "--estates", str(estates), "--addresses", str(addresses)]):
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=600)
        if done.returncode:
            raise RuntimeError(f"manage.py {command[0]} failed: {done.stderr[-2000:]}")
    with gunicorn(env, workers=workers, threads=threads, extra=() if keep_alive else ("--keep-alive", "0")) as base:
        yield base


@contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 8, worker_class: str | None = None,
             port: int | None = None, extra: tuple[str, ...] = ()):
    """`gunicorn -c core/gunicorn.conf.py core.wsgi` on a free port of 127.0.0.1 with `env`, answering
    /healthz; yields its base URL and stops it afterwards. `port`: one chosen before (the app must know it)."""
    port = port or free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), "-c", "core/gunicorn.conf.py", "core.wsgi",
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
               "--log-level", "warning", *extra]
    if worker_class:
        command += ["--worker-class", worker_class]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {server.stderr.read()[-2000:]}")
            try:
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz within 60 s")
            time.sleep(0.2)
        yield base
    except BaseException:
        if server.poll() is None:
            server.terminate()
        _, errors = server.communicate(timeout=10)
        if errors.strip():
            print(errors[-3000:], file=sys.stderr)
        raise
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
