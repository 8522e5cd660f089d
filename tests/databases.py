"""Databases for tests that start their own processes (a server, a script) on a database of their own."""

import secrets
from contextlib import contextmanager

from django.db import connection


@contextmanager
def fresh_database(tmp_path):
    """A database of the kind this run tests: a SQLite file, or a new database on the PostgreSQL server."""
    if connection.vendor != "postgresql":
        yield str(tmp_path / "db.sqlite3")
        return
    import psycopg

    params = connection.settings_dict
    name = f"explorer_concurrency_{secrets.token_hex(4)}"
    server = {"host": params["HOST"], "port": params["PORT"], "user": params["USER"], "dbname": "postgres"}
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
