"""The government extract's dry run from the console, against a real server configured with a
policy and a real key holder process (as tests/extract runs them): started with a button, run
in the background, its summary shown on the job page; nothing logged as an extract."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sync_server import admin
from sync_server.console import accounts
from sync_server.extract.policy import DEFAULT_POLICY
from sync_server.extract.store import extract_log
from sync_server.store.db import Database
from tests.extract.builders import COOP_NUMBER, configured
from tests.extract.conftest import KeyHolderProcess, keyholder_process  # noqa: F401 (fixture)
from tests.server.helpers import Server
from tests.sync.harness import Central, ServerProcess

from .conftest import PASSWORD, csrf_of, sign_in


@pytest.fixture(scope="module")
def configured_server(keyholder_process: KeyHolderProcess) -> Iterator[tuple[str, Database]]:  # noqa: F811
    data_dir = Path(tempfile.mkdtemp(prefix="lumbung-console-extract-"))
    policy = data_dir / "policy.toml"
    policy.write_bytes(configured(DEFAULT_POLICY.read_bytes(), keyholder_process.url))
    token = keyholder_process.issue("ksp-console")
    process = ServerProcess(
        data_dir, LUMBUNG_SERVER_EXTRACT_POLICY=str(policy), LUMBUNG_KEYHOLDER_TOKEN=token
    )
    process.start()
    central = Central(process)
    try:
        yield process.url, central.db
    finally:
        central.close()
        process.stop()


def test_the_dry_run_runs_in_the_background_and_shows_its_summary(
    configured_server: tuple[str, Database],
) -> None:
    url, db = configured_server
    central = Server(url, "", db, "sqlite")
    admin.add_branch(db, "BR01", "Cabang Ubud")
    device = central.enrol("BR01")
    events = [device.register(f"Ni Made {i}") for i in range(3)]
    assert device.push(events).status_code == 200
    accounts.add_user(db, "uji-auditor", "Uji Auditor", "auditor", PASSWORD, actor="test")

    http = sign_in(url, "uji-auditor", PASSWORD)
    csrf = csrf_of(http.get(url + "/console/extract", timeout=30).text)
    started = http.post(url + "/console/extract", data={"csrf": csrf}, allow_redirects=False,
                        timeout=30)  # fmt: skip
    assert started.status_code == 303
    job = started.headers["location"]
    deadline = time.monotonic() + 60
    while (status := http.get(url + job + "/status", timeout=30).json())["status"] in (
        "queued", "running",
    ):  # fmt: skip
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert status["status"] == "done", status
    page = http.get(url + job, timeout=30).text
    assert "DRY RUN" in page
    assert f"Nomor Induk Koperasi: {COOP_NUMBER}" in page and "Anggota / Members:" in page
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(extract_log)).scalar() == 0
    log = accounts.audit_log(db, action_prefix="extract.dry_run")
    assert log and log[0]["username"] == "uji-auditor"
