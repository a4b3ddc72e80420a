"""Real processes for the data-centre extract: the key holder and a sync server.

The key holder runs as its own process (``python -m sync_server.extract.keyholder serve``, with
its own key file and state, as it would on its own machine). The sync server follows the
pattern of ``tests/server/conftest.py`` (``python -m sync_server serve`` on 127.0.0.1 and a free
port, over a database it initialises itself), with an extract policy naming the key holder's
address and the data centre's public key, and the cooperative's key-holder credential in its
environment.
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

from sync_server.extract import oprf
from sync_server.extract.keyholder import read_key_file
from sync_server.extract.policy import DEFAULT_POLICY
from sync_server.store.db import Database
from tests.extract.builders import configured
from tests.pg_cluster import PostgresCluster
from tests.server.helpers import Server

ROOT = Path(__file__).resolve().parents[2]
KEY_ENV = "LUMBUNG_KEYHOLDER_TOKEN"
KEYHOLDER = [sys.executable, "-m", "sync_server.extract.keyholder"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(base: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/health", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass
class KeyHolderProcess:
    """The key holder's process, its address, and its own administration."""

    url: str
    key_file: Path
    state: Path

    @property
    def key(self) -> bytes:
        return read_key_file(self.key_file)

    @property
    def public_key(self) -> bytes:
        return oprf.public_key(self.key)

    def issue(self, name: str, quota: int = 1_000_000) -> str:
        done = subprocess.run(
            [*KEYHOLDER, "issue", name, "--quota", str(quota), "--state", str(self.state)],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return done.stdout.split(": ", 1)[1].split()[0]


@pytest.fixture(scope="session")
def keyholder_process() -> Iterator[KeyHolderProcess]:
    directory = Path(tempfile.mkdtemp(prefix="lumbung-keyholder-"))
    key_file, state = directory / "oprf.key", directory / "state.sqlite3"
    subprocess.run([*KEYHOLDER, "init", "--key-file", str(key_file)], cwd=ROOT, check=True)
    port = free_port()
    log_path = directory / "keyholder.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [*KEYHOLDER, "serve", "--key-file", str(key_file), "--state", str(state),
             "--port", str(port)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_for(url, proc, log_path)
    try:
        yield KeyHolderProcess(url, key_file, state)
    finally:
        stop(proc)
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class ExtractServer:
    """The running server, its database, the key holder it uses, the cooperative's
    credential there, and how to run the admin CLI against it."""

    server: Server
    data_dir: Path
    policy_file: Path
    keyholder: KeyHolderProcess
    token: str

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
def extract_server(
    request: pytest.FixtureRequest, keyholder_process: KeyHolderProcess
) -> Iterator[ExtractServer]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"lumbung-extract-{request.param}-"))
    policy_file = data_dir / "datacentre-policy.toml"
    policy_file.write_bytes(
        configured(DEFAULT_POLICY.read_bytes(), keyholder_process.url, keyholder_process.public_key)
    )
    token = keyholder_process.issue(f"ksp-{request.param}")
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
        KEY_ENV: token,
    }
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sync_server", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--database-url", url],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_for(base, proc, log_path)
    db = Database(url)
    try:
        yield ExtractServer(
            Server(base, url, db, request.param), data_dir, policy_file, keyholder_process, token
        )
    finally:
        db.dispose()
        stop(proc)
        errors = [line for line in log_path.read_text().splitlines() if "Traceback" in line]
        shutil.rmtree(data_dir, ignore_errors=True)
        assert not errors, "the server logged an unexpected exception"
