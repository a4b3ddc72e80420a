"""Replacing a dead branch PC from its backup, as an installer does it, against a real server
process: the old PC posts offline, is backed up and dies; a new PC restores the backup, head
office re-keys it (``lumbung-server device replace``), it syncs, and every transaction of the
dead PC reaches head office exactly once; the receipt numbers carry on; the old token is
refused. And restoring another branch's backup asks, shows what it is, and refuses to clone a
live PC."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from desktop.services import BranchService
from desktop.store import Store
from desktop.store.paths import store_path
from desktop.sync import credentials, engine_for, enrol
from ledger.wire import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.sync.harness import Central, ServerProcess

from .branch_data import TELLER, open_service, populate
from .conftest import ROOT, lumbung


@pytest.fixture(autouse=True)
def _token_in_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # No real keyring in tests; the `lumbung` child processes inherit this too.
    monkeypatch.setenv("LUMBUNG_TOKEN_STORE", "file")
    monkeypatch.setattr(credentials, "_chosen", False)
    monkeypatch.setattr(credentials, "_backend", None)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    server = ServerProcess(tmp_path / "head-office")
    server.start()
    c = Central(server)
    try:
        yield c
    finally:
        server.stop()
        c.close()
        assert not server.tracebacks(), "the server logged an unexpected exception"


def pc_service(path: Path) -> BranchService:
    """The fixture branch's service, with the wall clock of now: head office refuses a PC
    whose clock is far behind its own once the PC has synced with it."""
    return open_service(path, device_start_ms=int(time.time() * 1000))


def server_cli(central: Central, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "sync_server", "--database-url", central.server.database_url,
         *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
        env={**os.environ, "LUMBUNG_SERVER_DATA_DIR": str(central.server.data_dir)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def code_in(output: str) -> str:
    found = re.search(r"code for \S+: ([A-Z0-9-]+)", output)
    assert found, output
    return found.group(1)


def pull_status(central: Central, token: str) -> int:
    reply = requests.get(
        central.url + "/v1/pull",
        params={"after": 0, "limit": 1},
        headers={"Authorization": f"Bearer {token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
        timeout=10,
    )
    return reply.status_code


def enrolled_branch_pc(central: Central, folder: Path, branch_id: str) -> tuple[str, list[str]]:
    """A PC of ``branch_id`` that set up, enrolled and synced its morning, then posted three
    deposits offline. Returns its device id and the receipt numbers of the offline ones."""
    server_cli(central, "branch", "add", branch_id, "--name", f"Cabang {branch_id}")
    code = code_in(server_cli(central, "device", "enroll", "--branch", branch_id))
    folder.mkdir(parents=True, exist_ok=True)
    service = pc_service(store_path(folder))
    try:
        ids = populate(service, branch_id=branch_id)["member_ids"]
        enrol(service, central.url, code, device_name="pc-1", data_dir=folder)
        assert service.store.identity is not None
        device_id = service.store.identity.device_id
        assert central.device_seqs(device_id) == list(range(1, 20))  # the morning arrived
        central.server.stop()  # the line to head office goes down
        teller = service.authenticate(*TELLER)
        offline = [
            service.deposit(ids[0], "sukarela", amount, actor=teller).receipt_no
            for amount in (10_000, 20_000, 30_000)
        ]
    finally:
        service.close()
    central.server.start()
    return device_id, offline


def test_a_dead_pc_is_replaced_from_its_backup_and_every_transaction_arrives_once(
    central: Central, tmp_path: Path
) -> None:
    old_pc, new_pc, usb = tmp_path / "old-pc", tmp_path / "new-pc", tmp_path / "usb"
    device_id, offline = enrolled_branch_pc(central, old_pc, "BR01")
    old_token = credentials.load_token(old_pc, device_id)
    assert old_token and pull_status(central, old_token) == 200

    backup = lumbung("--data-dir", old_pc, "backup", "--out", f"{usb}{os.sep}")
    assert backup.returncode == 0, backup.stderr
    (copy,) = usb.glob("lumbung-backup-*.sqlite3")
    # The old PC dies; its three offline deposits exist only in the backup.
    assert central.device_seqs(device_id) == list(range(1, 20))

    replace = server_cli(central, "device", "replace", device_id)
    assert "branch BR01" in replace and "up to 19" in replace
    code = code_in(replace)

    # Without the code the restored PC cannot sync; enrolling it again is refused (409).
    done = lumbung("--data-dir", new_pc, "restore", copy, "--yes", "--code", code)
    assert done.returncode == 0, done.stderr
    assert "branch:        BR01 Cabang Tabanan" in done.stdout
    assert "last sequence: 22 (3 not yet sent to head office)" in done.stdout
    assert "last date:     2025-11-27" in done.stdout
    assert f"rekey: device {device_id} (branch BR01) has a new token" in done.stdout
    assert sorted(p.name for p in usb.iterdir()) == [copy.name]  # no -wal/-shm on the stick

    assert pull_status(central, old_token) == 401  # the dead PC's token is retired
    again = lumbung("--data-dir", new_pc, "rekey", code)
    assert again.returncode == 1 and "sudah dipakai" in again.stderr  # the code works once

    # The new PC carries on as the old one: same device, the next receipt number.
    service = pc_service(store_path(new_pc))
    try:
        assert service.store.identity is not None
        assert service.store.identity.device_id == device_id
        teller = service.authenticate(*TELLER)
        member = service.member_by_no("BR01-01-00001")
        assert member is not None
        receipt = service.deposit(member.member_id, "sukarela", 40_000, actor=teller).receipt_no
    finally:
        service.close()
    prefix, last = offline[-1].rsplit("/", 1)
    assert receipt == f"{prefix}/{int(last) + 1:07d}"

    store = Store(store_path(new_pc))
    try:
        engine = engine_for(store, new_pc)
        assert engine is not None
        try:
            engine.sync_once()
            engine.sync_once()  # a second round sends nothing twice
        finally:
            engine.close()
        mine = {
            row[0]
            for row in store.conn.execute(
                "SELECT id FROM events WHERE device_id = ? AND acked = 1", (device_id,)
            )
        }
    finally:
        store.close()
    assert central.device_seqs(device_id) == list(range(1, 24))  # each once, none missing
    held = {e.id for _, e in central.events() if e.device_id == device_id}
    assert held == mine and len(mine) == 23
    assert pull_status(central, old_token) == 401


def test_replacement_code_is_bound_to_its_device_and_refuses_an_old_backup(
    central: Central, tmp_path: Path
) -> None:
    pc1, usb = tmp_path / "pc1", tmp_path / "usb"
    device_id, _ = enrolled_branch_pc(central, pc1, "BR02")
    assert lumbung("--data-dir", pc1, "backup", "--out", usb / "pc1.sqlite3").returncode == 0
    code = code_in(server_cli(central, "device", "replace", device_id))

    # Another PC's backup (a stand-alone BR03 PC) restored, then re-keyed with pc1's code.
    other = tmp_path / "other"
    other.mkdir()
    service = pc_service(store_path(other))
    populate(service, branch_id="BR03")
    service.close()
    assert lumbung("--data-dir", other, "backup", "--out", usb / "other.sqlite3").returncode == 0
    wrong = tmp_path / "wrong"
    done = lumbung(
        "--data-dir", wrong, "restore", usb / "other.sqlite3", "--yes", "--code", code,
        "--server", central.url,
    )  # fmt: skip
    assert done.returncode == 1
    assert "untuk perangkat lain" in done.stderr  # restored, but not re-keyed

    # pc1 comes back for a moment and sends its offline deposits: its backup is now older than
    # what head office holds, and the code (still unused) refuses it.
    service = pc_service(store_path(pc1))
    try:
        engine = engine_for(service.store, pc1)
        assert engine is not None
        engine.sync_once()
        engine.close()
    finally:
        service.close()
    assert central.device_seqs(device_id) == list(range(1, 23))
    new_pc = tmp_path / "new"
    stale = lumbung("--data-dir", new_pc, "restore", usb / "pc1.sqlite3", "--yes")
    assert stale.returncode == 0, stale.stderr
    with sqlite3.connect(store_path(new_pc)) as conn:  # an older copy: cut to 19 events
        conn.execute("DROP TRIGGER events_no_delete")
        conn.execute("DELETE FROM events WHERE device_seq > 19")
    conn.close()
    refused = lumbung("--data-dir", new_pc, "rekey", code)
    assert refused.returncode == 1
    assert "berhenti di transaksi 19" in refused.stderr, refused.stderr
    # The same code still works for a backup that holds everything head office has.
    assert lumbung("--data-dir", pc1, "backup", "--out", usb / "pc1.sqlite3").returncode == 0
    newer = tmp_path / "newer"
    done = lumbung("--data-dir", newer, "restore", usb / "pc1.sqlite3", "--yes", "--code", code)
    assert done.returncode == 0, done.stderr


def test_restoring_another_branchs_backup_asks_and_refuses_to_clone(tmp_path: Path) -> None:
    br01, br02, usb = tmp_path / "br01", tmp_path / "br02", tmp_path / "usb"
    for folder, branch_id in ((br01, "BR01"), (br02, "BR02")):
        folder.mkdir()
        service = pc_service(store_path(folder))
        populate(service, branch_id=branch_id)
        service.close()
    assert lumbung("--data-dir", br01, "backup", "--out", usb).returncode == 0
    (copy,) = usb.glob("*.sqlite3")
    before = store_path(br02).read_bytes()

    for extra in ((), ("--yes",)):
        done = lumbung("--data-dir", br02, "restore", copy, *extra)
        assert done.returncode == 1
        assert "membuat salinan kembar" in done.stderr and "BR01" in done.stderr
        assert "PC ini sudah menjadi perangkat" in done.stderr
    assert store_path(br02).read_bytes() == before
    assert list(br02.glob("lumbung-backup-*")) == []

    # On an empty PC it asks first, showing whose data it is; "no" leaves nothing behind.
    fresh = tmp_path / "fresh"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("QT_QPA_PLATFORM", None)
    asked = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(fresh), "restore", str(copy)],
        input="n\n", capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env,
        timeout=120,
    )  # fmt: skip
    assert asked.returncode == 1
    assert "Pulihkan cadangan ini ke PC ini? [y/N]" in asked.stdout
    assert "branch:        BR01 Cabang Tabanan" in asked.stdout
    assert "PC number:     1" in asked.stdout
    assert "Pemulihan dibatalkan" in asked.stderr
    assert not store_path(fresh).exists()
    yes = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(fresh), "restore", str(copy)],
        input="ya\n", capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env,
        timeout=120,
    )  # fmt: skip
    assert yes.returncode == 0, yes.stderr
    assert "lumbung-server device replace" in yes.stdout
    assert sorted(p.name for p in usb.iterdir()) == [copy.name]
