"""A real sync server process for the sync UI tests, which can be stopped and started again on
the same port and database (to watch the desktop go offline and come back)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from sync_server import admin, enrolment
from sync_server.store.db import Database

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``python -m sync_server serve`` on 127.0.0.1 over a SQLite file in ``data_dir``."""

    def __init__(self, data_dir: Path, **env: str) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = f"sqlite:///{data_dir / 'central.sqlite3'}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "server.log"
        self.env = {
            **os.environ,
            "LUMBUNG_SERVER_DATA_DIR": str(data_dir),
            "LUMBUNG_SERVER_SNAPSHOT_MAX_LAG": "0",
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database(self.database_url)
        return self._db

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync_server", "serve", "--host", "127.0.0.1",
                 "--port", str(self.port), "--database-url", self.database_url],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(self.url + "/health", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError(f"server did not start:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.05)

    def stop(self, *, hard: bool = False) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        if hard:
            self.proc.send_signal(signal.SIGKILL)
        else:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def close(self) -> None:
        self.stop()
        if self._db is not None:
            self._db.dispose()

    def tracebacks(self) -> list[str]:
        text = self.log_path.read_text() if self.log_path.exists() else ""
        return [line for line in text.splitlines() if "Traceback" in line]

    # Head office's side ----------------------------------------------------------------------

    def add_branch(self, branch_id: str, name: str) -> None:
        admin.add_branch(self.db, branch_id, name)

    def add_user(self, username: str, full_name: str, role: str, branch_id: str, password: str):  # type: ignore[no-untyped-def]
        return admin.add_user(
            self.db, admin.StaffInput(username, full_name, role, branch_id), password, actor="hq"
        )

    def code(self, branch_id: str) -> str:
        code, _ = enrolment.issue_code(self.db, branch_id, 1)
        return code
