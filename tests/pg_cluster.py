"""A throwaway PostgreSQL cluster for the tests, started once per test session.

initdb/pg_ctl come from ``LUMBUNG_PG_BINDIR`` (or the newest ``/usr/lib/postgresql/*/bin``);
when the tests run as root the cluster runs as the ``postgres`` user, which PostgreSQL
requires. The session fixture ``postgres`` lives in ``tests/conftest.py``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bindir() -> str | None:
    configured = os.environ.get("LUMBUNG_PG_BINDIR")
    candidates = [configured] if configured else sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    for path in reversed(candidates):
        if path and Path(path, "initdb").exists() and Path(path, "pg_ctl").exists():
            return path
    return None


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary directory."""

    def __init__(self, bindir: str) -> None:
        self.bindir = bindir
        # Not under pytest's tmp_path: when run as root that lives in a directory only root
        # may enter, and the cluster must run as another user.
        self.dir = Path(tempfile.mkdtemp(prefix="lumbung-pg-"))
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.data = self.dir / "data"

    def run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self.run(
            f"{self.bindir}/initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off"
        self.run(
            f"{self.bindir}/pg_ctl", "-D", str(self.data), "-o", options,
            "-l", str(self.dir / "server.log"), "-w", "start",
        )  # fmt: skip

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, f"{self.bindir}/pg_ctl", "-D", str(self.data), "-m", "fast", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.dir, ignore_errors=True)
