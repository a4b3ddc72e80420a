"""A real sync server process configured for the data-centre extract.

The same pattern as ``tests/server/conftest.py`` (``python -m sync_server serve`` on 127.0.0.1
and a free port, over a database it initialises itself), plus an extract policy file with the
cooperative's number and the data centre's HMAC key in the server's environment.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from sync_server.extract.policy import DEFAULT_POLICY
from sync_server.store.db import Database
from tests.extract.builders import COOP_NUMBER, KEY
from tests.pg_cluster import PostgresCluster
from tests.server.helpers import Server

ROOT = Path(__file__).resolve().parents[2]
KEY_ENV = "LUMBUNG_EXTRACT_KEY"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ExtractServer:
    """The running server, its database, and how to run the admin CLI against it."""

    server: Server
    data_dir: Path
    policy_file: Path

    @property
    def db(self) -> Database:
        return self.server.db

    def cli(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        environment = {**os.environ, "LUMBUNG_SERVER_DATA_DIR": str(self.data_dir), **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "sync_server", *args,
             "--database-url", self.server.database_url],
            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
        )  # fmt: skip


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def extract_server(request: pytest.FixtureRequest) -> Iterator[ExtractServer]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"lumbung-extract-{request.param}-"))
    policy_file = data_dir / "datacentre-policy.toml"
    policy_file.write_bytes(
        DEFAULT_POLICY.read_bytes().replace(
            b'nomor_induk_koperasi = ""', f'nomor_induk_koperasi = "{COOP_NUMBER}"'.encode()
        )
    )
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'central.sqlite3'}"
    else:
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        url = cluster.create_database(f"extract_{uuid.uuid4().hex[:8]}")
    port = free_port()
    log_path = data_dir / "server.log"
    environment = {
        **os.environ,
        "LUMBUNG_SERVER_DATA_DIR": str(data_dir),
        "LUMBUNG_SERVER_EXTRACT_POLICY": str(policy_file),
        KEY_ENV: KEY.decode(),
    }
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sync_server", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--database-url", url],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/health", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"server did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.05)
    db = Database(url)
    try:
        yield ExtractServer(Server(base, url, db, request.param), data_dir, policy_file)
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
