"""The server's disk fills up: pushes answer 507 ``storage_full``, ``/health`` says degraded,
the branch keeps every event and says "server storage full" (not "unreachable"), and once
space is back it delivers everything exactly once. The central database lives on a small
tmpfs mounted for this test (root only; skipped where mounting is not allowed)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from desktop.store import sync_state as st
from desktop.sync import ServerStorageFull

from .conftest import start_central
from .harness import Central, Replica, assert_converged

pytestmark = pytest.mark.not_on_windows(reason="mounts a tmpfs")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    """Fill the file system to the last byte."""
    filler = folder / f"filler-{uuid.uuid4().hex}"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_is_storage_full_and_the_branch_keeps_everything(
    small_disk: Path, tmp_path: Path
) -> None:
    data = small_disk / "server"
    data.mkdir()
    central: Central = start_central(data)
    replica = Replica.enrolled(central, central.add_branch(), tmp_path / "pc")
    try:
        replica.open_drawer()
        member_id = replica.register()
        replica.deposit(member_id, 100_000)
        replica.sync()
        assert requests.get(central.url + "/health", timeout=10).json()["status"] == "ok"

        filler = _fill(small_disk)
        for _ in range(300):  # more than the WAL's spare room
            replica.deposit(member_id, 1_000)
        with pytest.raises(ServerStorageFull):
            for _ in range(5):
                replica.sync()
        state = st.read_state(replica.store.conn)
        assert "penuh" in state.last_error and "tersimpan di komputer ini" in state.last_error
        assert "tidak dapat dihubungi" not in state.last_error
        assert replica.store.pending_count() > 0

        body = st.outbox(replica.store, st.read_state(replica.store.conn).ack_seq, 50)
        reply = requests.post(
            central.url + "/v1/push",
            data=f'{{"protocol":1,"events":[{",".join(body)}]}}',
            headers={
                "Authorization": f"Bearer {replica.engine.client.token}",
                "Content-Type": "application/json",
            },
            timeout=30,
        )
        assert reply.status_code == 507, reply.text
        assert reply.json()["code"] == "storage_full" and "Retry-After" in reply.headers
        health = requests.get(central.url + "/health", timeout=10).json()
        assert health["status"] == "degraded" and health["writable"] is False

        os.remove(filler)  # space is back
        report = replica.sync()
        assert report.pending == 0
        assert requests.get(central.url + "/health", timeout=10).json()["status"] == "ok"
        replica.sync()
        assert_converged(central, [replica])
        assert replica.balance(member_id) == 100_000 + 300 * 1_000
    finally:
        replica.close()
        central.server.stop()
        central.close()
