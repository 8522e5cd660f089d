"""core/gunicorn.conf.py: production threads keep their database connection unless the operator says otherwise."""

import os
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "core" / "gunicorn.conf.py"


def run_conf(monkeypatch, **environ):
    # The configuration writes to os.environ (gunicorn loads it before the workers import the settings);
    # a private copy keeps that from reaching other tests.
    monkeypatch.setattr(os, "environ", {**environ})
    return runpy.run_path(str(CONF)), os.environ


def test_gunicorn_conf_makes_connections_persistent_by_default(monkeypatch):
    conf, environ = run_conf(monkeypatch)
    assert environ["DB_CONN_MAX_AGE"] == "60"
    assert conf["worker_class"] == "core.gunicorn_worker.HealthFirstWorker"
    assert conf["timeout"] > 25  # above ONOFFICE_DEADLINE's default


def test_gunicorn_conf_keeps_an_explicit_connection_age(monkeypatch):
    conf, environ = run_conf(monkeypatch, DB_CONN_MAX_AGE="0", WEB_CONCURRENCY="3")
    assert environ["DB_CONN_MAX_AGE"] == "0"
    assert conf["workers"] == 3
