"""Run a command against a private PostgreSQL cluster and Redis server, started here and stopped after.

`make test` calls it after the SQLite run: `python tests/with_services.py -- python -m pytest tests/integration`.
Uses Debian's binaries (packages postgresql and redis-server; no system service needed): a throwaway
cluster in a temporary folder on a free port (run as the `postgres` user when started by root, since
PostgreSQL refuses to run as root), and redis-server on a free port without persistence. Sets
DATABASE_URL and CACHE_URL for the command. Without the binaries it says so and exits 0, so a newcomer
without them still runs the rest of `make test`; CI installs them (.ci/run).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def wait_for(port: int, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"with_services: nothing listens on 127.0.0.1:{port} after {seconds:.0f} s")


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    bindir, redis = postgres_bin(), shutil.which("redis-server")
    if bindir is None or redis is None:
        missing = " and ".join(n for n, ok in (("PostgreSQL", bindir), ("redis-server", redis)) if not ok)
        print(f"with_services: {missing} not installed (Debian: apt-get install postgresql redis-server); "
              "the PostgreSQL + Redis run is skipped.")
        return 0
    workdir = tempfile.mkdtemp(prefix="explorer-services-")
    os.chmod(workdir, 0o755)
    data = os.path.join(workdir, "pg")
    if os.geteuid() == 0:
        os.makedirs(data)
        uid = pwd.getpwnam("postgres")
        os.chown(data, uid.pw_uid, uid.pw_gid)
    pg_port, redis_port = free_port(), free_port()
    processes = []
    try:
        subprocess.run(as_postgres([f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust",
                                    "--encoding=UTF8", "--locale=C.UTF-8", "-N"]),
                       check=True, stdout=subprocess.DEVNULL)
        processes.append(subprocess.Popen(
            as_postgres([f"{bindir}/postgres", "-D", data, "-p", str(pg_port), "-k", data, "-h", "127.0.0.1",
                         "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                         "-c", "max_connections=200"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        processes.append(subprocess.Popen([redis, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                           "--appendonly", "no"], stdout=subprocess.DEVNULL))
        wait_for(pg_port)
        wait_for(redis_port)
        env = os.environ | {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/explorer",
                            "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0"}
        print(f"with_services: PostgreSQL on :{pg_port}, Redis on :{redis_port}: {' '.join(command)}", flush=True)
        return subprocess.run(command, env=env).returncode
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
