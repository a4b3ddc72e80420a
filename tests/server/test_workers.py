"""Several server processes share one database and its single writer."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from sync_server import admin
from sync_server.store.db import Database

from .conftest import start_server
from .helpers import Device, Server


def test_two_worker_processes_keep_one_gapless_global_order(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    proc, base, log_path = start_server(url, tmp_path, LUMBUNG_SERVER_WORKERS="2")
    db = Database(url)
    try:
        server = Server(base, url, db, "sqlite")
        admin.add_branch(db, "BRW", "workers")
        devices = [server.enrol("BRW", f"pc{n}") for n in range(4)]
        batches = {
            d.device_id: [d.open_drawer()] + [d.register() for _ in range(40)] for d in devices
        }

        def push(device: Device) -> None:
            events = batches[device.device_id]
            for i in range(0, len(events), 7):
                assert device.push(events[i : i + 7]).status_code == 200

        threads = [threading.Thread(target=push, args=(d,)) for d in devices]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        pulled = server.pull_all(devices[0].token, limit=50)
        seqs = [s for s, _ in pulled]
        assert seqs == list(range(1, len(seqs) + 1))
        assert sum(1 for _, e in pulled if e.branch_id == "BRW") == 4 * 41
        at_seq, rows = server.snapshot(devices[1].token)
        assert at_seq == seqs[-1]
        assert sum(1 for r in rows if r["kind"] == "member") == 4 * 40
    finally:
        db.dispose()
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert "Traceback" not in log_path.read_text()
