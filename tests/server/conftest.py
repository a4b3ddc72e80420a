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

import os
import shutil
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
from tests.pg_cluster import PostgresCluster, free_port

from .helpers import Server

ROOT = Path(__file__).resolve().parents[2]
#: Small pages, so the tests cross page boundaries with little data.
SNAPSHOT_PAGE_ROWS = 7


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
