"""The central database restored from an older backup (``lumbung-server backup`` / ``restore``),
with real server processes and real desktop stores, in the two orders that lost data before:
another branch syncs first, or head office acts first. Afterwards every replica equals the
central ledger, nothing any device posted is missing, debits equal credits."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from desktop.store import sync_state as st
from desktop.sync import ServerDataInvalid
from desktop.sync.engine import restore_base
from ledger.wire import EpochModel, HealthResponse
from sync_server import admin
from tests.pg_cluster import PostgresCluster

from .conftest import start_central
from .harness import ROOT, Central, Replica, assert_converged
from .test_faults import copy_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_central(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Central]:
    """A server of this test's own (a restore replaces its whole database)."""
    url = None
    if request.param == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        url = cluster.create_database(f"restore_{uuid.uuid4().hex[:8]}")
    c = start_central(tmp_path_factory.mktemp(f"restore-{request.param}"), url)
    try:
        yield c
    finally:
        c.server.stop()
        c.close()
        assert not c.server.tracebacks(), "the server logged an unexpected exception"


def cli(central: Central, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "sync_server", *args,
         "--database-url", central.server.database_url],
        cwd=ROOT, env=central.server.env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def restore(central: Central, backup: Path) -> None:
    """What the operator does: stop the server, restore, start it again."""
    central.server.stop()
    central.db.engine.dispose()
    cli(central, "restore", str(backup), "--yes")
    central.server.start()


def day(replica: Replica, members: int, rng: random.Random) -> None:
    replica.open_drawer()
    for _ in range(members):
        member_id = replica.register()
        replica.deposit(member_id, rng.randrange(1, 50) * 10_000)


def health(central: Central) -> dict[str, object]:
    body: dict[str, object] = requests.get(central.url + "/health", timeout=10).json()
    return body


def test_restore_then_another_branch_syncs_first(fresh_central: Central, tmp_path: Path) -> None:
    central = fresh_central
    rng = random.Random(14)
    a = Replica.enrolled(central, central.add_branch(), tmp_path / "a")
    b = Replica.enrolled(central, central.add_branch(), tmp_path / "b")
    try:
        day(a, 3, rng)
        day(b, 3, rng)
        for r in (a, b, a):
            r.sync()
        backup = tmp_path / "central.backup"
        out = cli(central, "backup", str(backup)).stdout
        assert "backup verified" in out
        before = health(central)

        # Both post 40 more and sync; then the older backup is restored.
        for r in (a, b):
            r.open_drawer()
            for _ in range(13):  # 1 + 13 x 3 = 40 events each
                member_id = r.register()
                r.deposit(member_id, rng.randrange(1, 50) * 10_000)
                r.deposit(member_id, 5_000)
        for r in (a, b, a):
            r.sync()
        lost = central.last_seq()
        restore(central, backup)
        after = health(central)
        assert after["epoch"] != before["epoch"]
        assert after["last_seq"] < lost

        # B posts and syncs first, then A: nothing missing, no renumbering applied.
        day(b, 2, rng)
        b.sync()
        a.sync()
        for r in (b, a, b):
            r.sync()
        assert_converged(central, [a, b])
        for r in (a, b):
            log = [m for _, _, m in st.read_log(r.store.conn)]
            assert any("Pemulihan server selesai" in m for m in log), log[:5]
            assert r.store.pending_count() == 0
    finally:
        a.close()
        b.close()


def test_restore_then_head_office_acts_first(fresh_central: Central, tmp_path: Path) -> None:
    central = fresh_central
    rng = random.Random(15)
    a = Replica.enrolled(central, central.add_branch(), tmp_path / "a")
    b = Replica.enrolled(central, central.add_branch(), tmp_path / "b")
    try:
        day(a, 2, rng)
        day(b, 2, rng)
        for r in (a, b, a):
            r.sync()
        backup = tmp_path / "central.backup"
        cli(central, "backup", str(backup))

        # Head office changes a limit; both branches receive it. Then the backup is restored.
        admin.set_setting(central.db, "teller_limit", "7000000", actor="test")
        for r in (a, b):
            r.sync()
        assert _setting(a, "teller_limit") == "7000000"
        restore(central, backup)

        # Head office acts first: its next event takes the same place in its chain, with
        # other content. Branches must end with the server's value, not the lost one.
        admin.set_setting(central.db, "standin_offline", "250000", actor="test")
        for r in (a, b, a):
            r.sync()
        for r in (a, b):
            assert _setting(r, "teller_limit") != "7000000"
            assert _setting(r, "standin_offline") == "250000"
        assert_converged(central, [a, b])
    finally:
        a.close()
        b.close()


def _setting(replica: Replica, key: str) -> str | None:
    row = replica.store.conn.execute(
        "SELECT value FROM settings WHERE key = ? AND scope = ''", (key,)
    ).fetchone()
    return str(row[0]) if row else None


def test_backup_refuses_to_restore_without_yes(fresh_central: Central, tmp_path: Path) -> None:
    backup = tmp_path / "b.backup"
    cli(fresh_central, "backup", str(backup))
    result = subprocess.run(
        [sys.executable, "-m", "sync_server", "restore", str(backup),
         "--database-url", fresh_central.server.database_url],
        cwd=ROOT, env={**os.environ, **fresh_central.server.env}, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "--yes" in result.stderr


def test_a_renumbered_server_without_a_new_identity_is_detected_never_applied(
    central: Central, tmp_path: Path
) -> None:
    """Someone copied an old database file back by hand (no ``restore``, so no new epoch):
    the first pull page no longer links to what the PC holds, and nothing of it is applied."""
    rng = random.Random(16)
    a = Replica.enrolled(central, central.add_branch(), tmp_path / "a", from_now=True)
    b = Replica.enrolled(central, central.add_branch(), tmp_path / "b", from_now=True)
    d = Replica.enrolled(central, central.add_branch(), tmp_path / "d", from_now=True)
    try:
        day(a, 2, rng)
        for r in (a, b, d):
            r.sync()
        database = central.server.database_url.removeprefix("sqlite:///")
        saved = tmp_path / "by-hand.sqlite3"
        copy_database(database, str(saved))
        day(a, 3, rng)
        a.sync()
        b.sync()  # B's cursor is past the copy now
        central.server.stop()
        central.db.engine.dispose()
        copy_database(str(saved), database)
        central.server.start()
        day(d, 8, rng)  # D syncs first: the numbers B holds now mean D's events
        d.sync()

        before_cursor = st.read_state(b.store.conn).cursor
        (before_events,) = b.store.conn.execute("SELECT count(*) FROM events").fetchone()
        assert central.last_seq() >= before_cursor
        with pytest.raises(ServerDataInvalid):
            b.sync()
        assert st.read_state(b.store.conn).cursor == before_cursor
        assert b.store.conn.execute("SELECT count(*) FROM events").fetchone() == (before_events,)
        assert "berbeda dengan server" in st.read_state(b.store.conn).last_error
    finally:
        for r in (a, b, d):
            r.close()


def test_the_base_of_a_lineage_is_the_lowest_since_the_known_identity() -> None:
    lineage = HealthResponse(
        status="ok", protocol_min=1, protocol_max=1, last_seq=0, epoch="e3",
        epochs=[EpochModel(epoch="e1", base_seq=0), EpochModel(epoch="e2", base_seq=100),
                EpochModel(epoch="e3", base_seq=120)],
    )  # fmt: skip
    assert restore_base("e1", lineage) == 100  # e3 restored a copy taken in e2, after 100
    assert restore_base("e2", lineage) == 120
    assert restore_base("gone", lineage) is None
