"""The console under test: one real sync server process over a real SQLite database, head
office's accounts made in-process on that database, and a real chromium for the browser tests.

The browser is Debian's ``chromium`` package (``scripts/setup --with-postgres`` installs it),
driven by Playwright; ``playwright install`` is never run. Without the browser the browser tests
are skipped locally and fail on CI (``CI=true``).
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from sync_server.console import accounts
from sync_server.store.db import Database
from tests.pg_cluster import PostgresCluster
from tests.sync.harness import Central, ServerProcess

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "kata-sandi-uji-1"
ROLES = ("admin", "accountant", "manager", "auditor")


@dataclass
class Console:
    """The running server, its database, and one console account per role."""

    process: ServerProcess
    central: Central
    backend: str

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def db(self) -> Database:
        return self.central.db

    def user(self, role: str) -> str:
        return f"uji-{role}"

    def session(self, role: str) -> requests.Session:
        """A signed-in HTTP session (as a browser would hold it) for ``role``."""
        return sign_in(self.url, self.user(role), PASSWORD)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def sign_in(url: str, username: str, password: str) -> requests.Session:
    http = requests.Session()
    page = http.get(url + "/console/login", timeout=30)
    reply = http.post(
        url + "/console/login",
        data={"username": username, "password": password, "csrf": csrf_of(page.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert reply.status_code == 303, reply.text[:500]
    return http


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def console(request: pytest.FixtureRequest) -> Iterator[Console]:
    """The server process on each backend, with one console account per role."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"lumbung-console-{request.param}-"))
    url = None
    if request.param == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        url = cluster.create_database(f"console_{uuid.uuid4().hex[:8]}")
    process = ServerProcess(data_dir, url)
    process.start()
    central = Central(process)
    for role in ROLES:
        accounts.add_user(central.db, f"uji-{role}", f"Uji {role.title()}", role, PASSWORD,
                          actor="test")  # fmt: skip
    try:
        yield Console(process, central, request.param)
    finally:
        central.close()
        process.stop()
        assert not process.tracebacks(), process.tracebacks()


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium, or scripts/setup --with-postgres)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(autouse=True)
def _token_in_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # The desktop stores enrolled here never touch a real keyring.
    monkeypatch.setenv("LUMBUNG_TOKEN_STORE", "file")
