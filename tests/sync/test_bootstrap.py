"""Bootstrap of a new PC from the snapshot: resumable, every page verified, a snapshot the server
dropped meanwhile restarts cleanly; and the refusals that stop a sync (426, 401)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import desktop.sync.client as client_module
from desktop.store import Store
from desktop.store import sync_state as st
from desktop.sync import (
    DeviceNotAuthorised,
    ServerDataInvalid,
    ServerUnreachable,
    SyncClient,
    SyncEngine,
    UpdateRequired,
    engine_for,
    enrol,
)
from ledger.wire import SnapshotPage
from sync_server import enrolment

from .harness import Central, Replica, assert_converged
from .test_faults import busy_branch


class FlakyClient(SyncClient):
    """Fails after ``pages`` snapshot pages, or hands out a page whose rows were altered."""

    def __init__(self, *args: Any, pages: int | None = None, tamper: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        self.left = pages
        self.tamper = tamper
        self.fetched: list[int] = []

    def snapshot(self, page: int, at: int | None = None) -> SnapshotPage:
        if self.left is not None:
            if self.left == 0:
                raise ServerUnreachable("ConnectionError")
            self.left -= 1
        got = super().snapshot(page, at)
        self.fetched.append(page)
        if self.tamper and got.rows:
            rows = [dict(r) for r in got.rows]
            for row in rows:
                if row["kind"] == "balance":
                    row["amount"] += 1_000_000
            return got.model_copy(update={"rows": rows})
        return got


def populated_branch(central: Central, folder: Path) -> str:
    branch = central.add_branch()
    pc = Replica.enrolled(central, branch, folder)
    try:
        busy_branch(pc, 60, random.Random(1))
        pc.sync()
    finally:
        pc.close()
    return branch


def new_pc(central: Central, branch: str, folder: Path) -> Store:
    folder.mkdir(parents=True)
    store = Store(folder / "lumbung.sqlite3")
    enrol(store, central.url, central.code(branch), first_sync=False)
    return store


def engine_with(store: Store, **kw: Any) -> SyncEngine:
    found = engine_for(store)
    assert found is not None
    return SyncEngine(store, FlakyClient(found.client.base_url, found.client.token, **kw))


def test_an_interrupted_bootstrap_resumes_at_the_page_it_reached(
    central: Central, tmp_path: Path
) -> None:
    branch = populated_branch(central, tmp_path / "old")
    store = new_pc(central, branch, tmp_path / "new")
    try:
        first = engine_with(store, pages=3)
        with pytest.raises(ServerUnreachable):
            first.sync_once()
        state = st.read_state(store.conn)
        assert state.snapshot_at and state.snapshot_pages > 3
        assert st.saved_pages(store) == {0, 1, 2}
        # Nothing is loaded until every page is in.
        assert store.conn.execute("SELECT count(*) FROM member_balances").fetchone()[0] == 0
        assert "tidak dapat dihubungi" in st.read_state(store.conn).last_error

        second = engine_with(store)
        second.sync_once()
        assert second.client.fetched == list(range(3, state.snapshot_pages))  # type: ignore[attr-defined]
        state = st.read_state(store.conn)
        assert state.bootstrapped_at and not state.snapshot_at and not state.needs_bootstrap
        replica = Replica(central, branch, tmp_path / "new" / "lumbung.sqlite3", store, second)
        assert_converged(central, [replica])
    finally:
        store.close()


def test_a_snapshot_dropped_meanwhile_starts_again_from_page_0(
    central: Central, tmp_path: Path
) -> None:
    branch = populated_branch(central, tmp_path / "old")
    store = new_pc(central, branch, tmp_path / "new")
    other = Replica.enrolled(central, central.add_branch(), tmp_path / "other")
    try:
        with pytest.raises(ServerUnreachable):
            engine_with(store, pages=2).sync_once()
        stale = st.read_state(store.conn).snapshot_at
        # The server moves on and builds newer snapshots; it keeps only the two newest.
        for _ in range(3):
            busy_branch(other, 2, random.Random(2))
            other.sync()
            other.engine.client.snapshot(0)
        engine = engine_with(store)
        engine.sync_once()
        assert engine.client.fetched[0] == 0  # type: ignore[attr-defined]
        assert st.read_state(store.conn).bootstrapped_at > stale
        replica = Replica(central, branch, tmp_path / "new" / "lumbung.sqlite3", store, engine)
        assert_converged(central, [replica, other])
    finally:
        other.close()
        store.close()


def test_a_page_that_fails_its_checksum_is_never_loaded(central: Central, tmp_path: Path) -> None:
    branch = populated_branch(central, tmp_path / "old")
    store = new_pc(central, branch, tmp_path / "new")
    try:
        with pytest.raises(ServerDataInvalid):
            engine_with(store, tamper=True).sync_once()
        assert store.conn.execute("SELECT count(*) FROM member_balances").fetchone()[0] == 0
        assert st.read_log(store.conn)[0][1] == "error"
    finally:
        store.close()


def test_an_app_too_old_is_told_to_update(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pc = Replica.enrolled(central, central.add_branch(), tmp_path / "pc")
    try:
        pc.open_drawer()
        monkeypatch.setattr(client_module, "PROTOCOL_VERSION", 0)
        with pytest.raises(UpdateRequired) as refused:
            pc.sync()
        assert "Perbarui aplikasi" in refused.value.message_id
        assert pc.store.pending_count() == 1  # kept safe for after the update
        monkeypatch.undo()
        pc.sync()
        assert pc.store.pending_count() == 0
    finally:
        pc.close()


def test_a_revoked_device_is_refused(central: Central, tmp_path: Path) -> None:
    pc = Replica.enrolled(central, central.add_branch(), tmp_path / "pc")
    try:
        pc.sync()
        assert enrolment.revoke(central.db, pc.device_id)
        pc.open_drawer()
        with pytest.raises(DeviceNotAuthorised):
            pc.sync()
        assert pc.store.pending_count() == 1
        (_, level, message), *_ = st.read_log(pc.store.conn)
        assert level == "error" and "tidak diizinkan" in message
    finally:
        pc.close()
