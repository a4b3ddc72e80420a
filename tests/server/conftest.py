"""Real sync servers for the tests: one process on SQLite and one on PostgreSQL.

Each runs ``python -m sync_server serve`` on 127.0.0.1 and a free port, over an empty database
it initialises itself (as the desktop demo starts it), and lives for the whole session; tests
isolate themselves by working in branches of their own. Tests that take ``server`` run once per
backend. The PostgreSQL cluster is a throwaway one made with initdb/pg_ctl from
``LUMBUNG_PG_BINDIR`` (or the newest ``/usr/lib/postgresql/*/bin``), run as the ``postgres``
user when the tests run as root. Without those binaries the PostgreSQL tests fail on CI
(``CI=true``) and are skipped locally.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sync_server import admin
from sync_server.store.db import Database

from .helpers import Server

ROOT = Path(__file__).resolve().parents[2]
#: Small pages, so the tests cross page boundaries with little data.
SNAPSHOT_PAGE_ROWS = 7


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


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    bindir = pg_bindir()
    if bindir is None:
        message = "no PostgreSQL binaries (set LUMBUNG_PG_BINDIR or install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    cluster = PostgresCluster(bindir)
    cluster.start()
    yield cluster
    cluster.stop()


def start_server(
    database_url: str, data_dir: Path, **env: str
) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    log_path = data_dir / f"server-{port}.log"
    environment = {
        **os.environ,
        "LUMBUNG_SERVER_DATA_DIR": str(data_dir),
        "LUMBUNG_SERVER_SNAPSHOT_PAGE_ROWS": str(SNAPSHOT_PAGE_ROWS),
        # Every snapshot reflects every event so far (in production one is reused a while).
        "LUMBUNG_SERVER_SNAPSHOT_MAX_LAG": "0",
        **env,
    }
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sync_server", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--database-url", database_url],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/health", timeout=2).ok:
                return proc, base, log_path
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"server did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.05)


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    """A running sync server on each backend, over a database it initialised itself."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"lumbung-server-{request.param}-"))
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'central.sqlite3'}"
    else:
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        url = cluster.create_database(f"central_{uuid.uuid4().hex[:8]}")
    proc, base, log_path = start_server(url, data_dir)
    db = Database(url)
    try:
        yield Server(base, url, db, request.param)
    finally:
        db.dispose()
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        errors = [line for line in log_path.read_text().splitlines() if "Traceback" in line]
        shutil.rmtree(data_dir, ignore_errors=True)
        assert not errors, "the server logged an unexpected exception"


@pytest.fixture
def branch(server: Server) -> str:
    """A fresh branch of this test's own on the server."""
    branch_id = "T" + uuid.uuid4().hex[:10].upper()
    admin.add_branch(server.db, branch_id, f"Cabang uji {branch_id}")
    return branch_id
