"""Faults, with the real server process: kill -9 during pushes, replies lost after the server
committed, batches duplicated and reordered, server restarts (and a restore from backup), a
client killed in the middle of a pull. Afterwards nothing is lost, nothing is counted twice,
every replica equals the central ledger and the books balance."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.store import sync_state as st
from desktop.sync import ServerUnreachable, SyncClient, SyncEngine, SyncRefused

from .harness import (
    ROOT,
    Central,
    Replica,
    assert_converged,
    engine_of,
    projection_of,
    sync_until_done,
)
from .proxy import CuttingProxy

KILLS = 20


def busy_branch(replica: Replica, members: int, rng: random.Random) -> list[str]:
    """A branch's day: registrations, deposits, withdrawals within the balance, a reversal."""
    replica.open_drawer()
    ids = [replica.register() for _ in range(members)]
    for member_id in ids:
        replica.deposit(member_id, rng.randrange(1, 50) * 10_000)
    for member_id in rng.sample(ids, k=max(1, members // 3)):
        replica.withdraw(member_id, min(replica.balance(member_id), 10_000))
    replica.reverse(replica.deposit(ids[0], 5_000).id)
    return ids


@pytest.mark.not_on_windows(reason="signal.SIGKILL does not exist on Windows")
@pytest.mark.slow
def test_kill_9_the_server_at_random_moments_during_pushes(
    central: Central, tmp_path: Path
) -> None:
    rng = random.Random(20251127)
    branches = [central.add_branch() for _ in range(2)]
    replicas = [Replica.enrolled(central, b, tmp_path / b) for b in branches]
    for r in replicas:
        r.engine = engine_of(r.store, batch=10)  # many small batches: many places to die
    killed_during_push = 0
    try:
        for _round in range(KILLS):
            for r in replicas:
                busy_branch(r, 20, rng)
            stop = threading.Event()
            errors: list[BaseException] = []

            def keep_syncing(
                replica: Replica,
                stop: threading.Event = stop,
                errors: list[BaseException] = errors,
            ) -> None:
                while not stop.is_set():
                    try:
                        replica.sync()
                        if replica.store.pending_count() == 0:
                            return
                    except ServerUnreachable:
                        time.sleep(0.01)
                    except BaseException as exc:  # anything else fails the test
                        errors.append(exc)
                        return

            threads = [threading.Thread(target=keep_syncing, args=(r,)) for r in replicas]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.0, 0.08))
            if any(r.store.pending_count() for r in replicas):
                killed_during_push += 1
            central.server.kill()
            central.server.start()
            for thread in threads:
                thread.join(timeout=60)
            stop.set()
            assert not errors, errors
        for r in replicas:
            sync_until_done(r)
        for r in replicas:
            sync_until_done(r)
        assert central.server.starts >= KILLS + 1
        print(f"kills: {KILLS}, while events waited: {killed_during_push}")
        assert killed_during_push >= KILLS // 2, "the kills should land while events wait"
        assert_converged(central, replicas)
    finally:
        for r in replicas:
            r.close()


def test_a_reply_lost_after_the_server_committed_is_not_stored_twice(
    central: Central, tmp_path: Path
) -> None:
    rng = random.Random(7)
    branch = central.add_branch()
    replica = Replica.enrolled(central, branch, tmp_path / "pc")
    proxy = CuttingProxy(central.server.port)
    token = replica.engine.client.token
    replica.engine.close()
    replica.engine = SyncEngine(replica.store, SyncClient(proxy.url, token), batch=25)
    try:
        busy_branch(replica, 20, rng)
        waiting = replica.store.pending_count()
        stored_before = len(central.device_seqs(replica.device_id))
        for cuts in (1, 3):
            proxy.cut(cuts)
            for _ in range(cuts):
                with pytest.raises(ServerUnreachable):
                    replica.sync()
            # The server committed every batch whose reply was lost ...
            assert len(central.device_seqs(replica.device_id)) > stored_before
            stored_before = len(central.device_seqs(replica.device_id))
            # ... but this device does not know it yet.
            assert replica.store.pending_count() > 0
            replica.sync()
            assert replica.store.pending_count() == 0
            busy_branch(replica, 10, rng)
        replica.sync()
        assert proxy.cut_count == 4
        assert waiting > 25
        assert_converged(central, [replica])
    finally:
        proxy.close()
        replica.close()


def test_duplicated_and_reordered_batches_change_nothing(central: Central, tmp_path: Path) -> None:
    rng = random.Random(11)
    branch = central.add_branch()
    replica = Replica.enrolled(central, branch, tmp_path / "pc")
    client = replica.engine.client
    try:
        busy_branch(replica, 15, rng)
        bodies = st.outbox(replica.store, 0, 10_000)
        batches = [bodies[i : i + 10] for i in range(0, len(bodies), 10)]
        assert len(batches) >= 4
        first = client.push_bodies(batches[0])
        assert (first.ack_seq, first.stored, first.duplicates) == (10, 10, 0)
        # The same batch again: acknowledged again, nothing stored.
        again = client.push_bodies(batches[0])
        assert (again.ack_seq, again.stored, again.duplicates) == (10, 0, 10)
        # A later batch before the one in between: refused, naming what the server expects.
        with pytest.raises(SyncRefused) as gap:
            client.push_bodies(batches[2])
        assert gap.value.code == "gap" and gap.value.expected_seq == 11
        # An overlapping batch: the held half acknowledged, the rest stored.
        overlap = client.push_bodies(batches[0][5:] + batches[1])
        assert (overlap.ack_seq, overlap.stored, overlap.duplicates) == (20, 10, 5)
        # Old batches resent in scrambled order are all no-ops.
        for batch in rng.sample(batches[:2], k=2):
            assert client.push_bodies(batch).stored == 0
        # The engine still thinks nothing was acknowledged: it pushes from the start and
        # the server sorts out what it holds.
        assert st.read_state(replica.store.conn).ack_seq == 0
        report = replica.sync()
        assert report.pending == 0
        assert_converged(central, [replica])
    finally:
        replica.close()


@pytest.mark.not_on_windows(
    reason="the server is killed with signal.SIGKILL, which does not exist on Windows"
)
def test_server_restarts_and_a_restore_from_backup(central: Central, tmp_path: Path) -> None:
    rng = random.Random(5)
    a_id, b_id = central.add_branch(), central.add_branch()
    a = Replica.enrolled(central, a_id, tmp_path / "a")
    b = Replica.enrolled(central, b_id, tmp_path / "b")
    try:
        busy_branch(a, 5, rng)
        a.sync()
        central.server.stop()  # an orderly restart between syncs
        with pytest.raises(ServerUnreachable):
            b.sync()
        assert "tidak dapat dihubungi" in st.read_state(b.store.conn).last_error
        central.server.start()
        b.sync()
        assert st.read_state(b.store.conn).last_error == ""

        # Head office takes a backup, A pushes more, then the server dies and is restored
        # from that backup: the events A pushed since are gone from the server.
        database = central.server.database_url.removeprefix("sqlite:///")
        backup = tmp_path / "backup.sqlite3"
        copy_database(database, str(backup))
        busy_branch(a, 5, rng)
        a.sync()
        acked = st.read_state(a.store.conn).ack_seq
        central.server.kill()
        copy_database(str(backup), database)
        central.server.start()
        assert len(central.device_seqs(a.device_id)) < acked

        # A's next sync sees the server holds less than it acknowledged, and pushes again
        # from where the server stands, though nothing new was made here.
        a.sync()
        assert len(central.device_seqs(a.device_id)) == acked
        log = [m for _, _, m in st.read_log(a.store.conn)]
        assert any("dipulihkan dari cadangan" in m for m in log)
        assert any("dikirim ulang" in m for m in log)
        busy_branch(a, 2, rng)
        for replica in (a, b, a):
            replica.sync()
        assert_converged(central, [a, b])
    finally:
        a.close()
        b.close()


@pytest.mark.not_on_windows(reason="signal.SIGKILL does not exist on Windows")
@pytest.mark.slow
def test_a_client_killed_in_the_middle_of_a_pull_carries_on(
    central: Central, tmp_path: Path
) -> None:
    rng = random.Random(3)
    source = Replica.enrolled(central, central.add_branch(), tmp_path / "source")
    try:
        for _ in range(6):
            busy_branch(source, 40, rng)
        source.sync()
    finally:
        source.close()
    target_branch = central.add_branch()
    target = Replica.enrolled(central, target_branch, tmp_path / "target")
    # Pull from the first event, page by page (no snapshot): many transactions to die between.
    with target.store.transaction() as conn:
        st.update_state(conn, needs_bootstrap=0)
    target.close()
    path = tmp_path / "target" / "lumbung.sqlite3"
    total = central.last_seq()
    child = ROOT / "tests" / "sync" / "sync_child.py"
    cursors = []
    for kill_after in (3, 9):
        proc = subprocess.Popen(
            [sys.executable, str(child), str(path), "20"],
            stdout=subprocess.PIPE,
            cwd=ROOT,
            text=True,
        )
        assert proc.stdout is not None
        pages = 0
        for line in proc.stdout:
            if line.startswith("pull"):
                pages += 1
                if pages == kill_after:
                    proc.send_signal(signal.SIGKILL)
                    break
        proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        replica = Replica(central, target_branch, path, *_open(path))
        cursor = st.read_state(replica.store.conn).cursor
        # The store is exactly the events up to its cursor: a page and its cursor or neither.
        upto = [e for seq, e in central.events() if seq <= cursor]
        held = replica.store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert held == len(upto)
        assert replica.store.state()["balances"] == {
            k: v for k, v in projection_of(upto).state()["balances"].items()
        }
        replica.close()
        cursors.append(cursor)
    assert 0 < cursors[0] < cursors[1] < total
    done = subprocess.run(
        [sys.executable, str(child), str(path), "200"],
        capture_output=True,
        cwd=ROOT,
        text=True,
        timeout=120,
        check=True,
    )
    assert "done" in done.stdout
    replica = Replica(central, target_branch, path, *_open(path))
    try:
        assert_converged(central, [replica])
    finally:
        replica.close()


def copy_database(source: str, target: str) -> None:
    """A consistent copy through SQLite's backup API (WAL included), as head office would
    take a backup and restore it."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _open(path: Path):  # type: ignore[no-untyped-def]
    from desktop.store import Store

    store = Store(path)
    return store, engine_of(store)
