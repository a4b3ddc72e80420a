"""The store itself: file, pragmas, migrations, restarts, the append-only log, remote events."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

import desktop.store.store as store_module
from desktop.services import BranchService
from desktop.store import ConflictingEvent, Store, StoreTooNew, StoreUnreadable, open_store
from desktop.store.paths import default_data_dir, store_path
from desktop.store.schema import MIGRATION_SET, MIGRATIONS, known_migrations
from ledger.clock import HlcTimestamp
from ledger.events import GENESIS_HASH, Event, verify_chain

from .builders import FAST_HASHER, TODAY, Branch, FakeClock, assert_matches_replay, make_branch


def test_data_dir_option_beats_env_beats_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUMBUNG_DATA_DIR", str(tmp_path / "env"))
    assert default_data_dir(tmp_path / "opt") == tmp_path / "opt"
    assert default_data_dir() == tmp_path / "env"
    monkeypatch.delenv("LUMBUNG_DATA_DIR")
    assert "umbung" in str(default_data_dir())
    assert store_path(tmp_path).name == "lumbung.sqlite3"


def test_wal_and_synchronous_full(file_branch: Branch) -> None:
    conn = file_branch.service.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lumbung.sqlite3"
    open_store(path).close()
    db = Database(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": MIGRATION_SET, "name": "9999_from_the_future", "applied_at": "x"}
    )
    db.close()
    with pytest.raises(StoreTooNew) as info:
        open_store(path)
    assert "lebih baru" in info.value.message_id
    assert info.value.unknown_migrations == ["9999_from_the_future"]
    with pytest.raises(StoreTooNew):
        BranchService(path, hasher=FAST_HASHER)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lumbung.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreUnreadable):
        open_store(path)


def test_migrating_an_existing_database_backs_it_up_first(tmp_path: Path) -> None:
    path = tmp_path / "lumbung.sqlite3"
    branch = make_branch(path)
    branch.member("I Wayan Sudarsana")
    branch.service.close()
    assert list(tmp_path.glob("*backup*")) == []  # a fresh database has nothing to protect

    newer = Migrations(MIGRATION_SET)
    for name in known_migrations():
        newer(name=name)(lambda db: None)

    @newer(name="9002_member_photos")
    def _photos(db: Database) -> None:
        db.execute("ALTER TABLE members ADD COLUMN photo BLOB")

    db = open_store(path, migrations=newer)
    assert "photo" in db["members"].columns_dict
    db.close()
    (backup,) = tmp_path.glob("lumbung-backup-*.sqlite3")
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT count(*) FROM members").fetchone()[0] == 1
    assert copy.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(
        known_migrations()
    )
    copy.close()
    # The app that does not know 9002 now refuses the migrated file.
    with pytest.raises(StoreTooNew):
        open_store(path)


def test_migrations_are_recorded(tmp_path: Path) -> None:
    db = open_store(tmp_path / "x.sqlite3")
    names = [m.name for m in MIGRATIONS.applied(db)]
    assert names == known_migrations()
    assert names[:5] == [
        "0001_initial", "0002_sync", "0003_loans", "0004_day_close", "0005_history_drawers"
    ]  # fmt: skip
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == len(names)
    db.close()


def test_events_are_append_only(branch: Branch) -> None:
    conn = branch.service.store.conn
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM events")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("UPDATE events SET body = '{}'")
    conn.execute("UPDATE events SET pushed = 1")  # outbox state may change


def test_restart_continues_chain_and_clock(tmp_path: Path) -> None:
    path = tmp_path / "lumbung.sqlite3"
    clock = FakeClock()
    branch = make_branch(path, clock=clock)
    wayan = branch.member()
    wayan.deposits(10_000)
    last_hlc = branch.service.store.events()[-1].hlc
    branch.service.close()

    clock.now -= 3_600_000  # the PC's clock was set back an hour
    again = BranchService(path, clock=clock, today=TODAY, hasher=FAST_HASHER)
    again.deposit(wayan.member_id, "sukarela", 5_000, actor=branch.teller)
    events = again.store.events()
    assert HlcTimestamp.decode(events[-1].hlc) > HlcTimestamp.decode(last_hlc)
    assert [e.device_seq for e in events] == list(range(1, len(events) + 1))
    verify_chain(events, GENESIS_HASH)
    again.close()


def test_a_crash_inside_the_transaction_posts_nothing(
    branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    wayan = branch.member()
    before = branch.service.store.state()
    count = branch.event_count()
    real = store_module.apply_event

    def half_done(conn: sqlite3.Connection, event: Event, *, local: bool) -> object:
        real(conn, event, local=local)  # the event and its projections are written...
        raise OSError("disk unplugged")  # ...and then the process fails before commit

    monkeypatch.setattr(store_module, "apply_event", half_done)
    with pytest.raises(OSError):
        wayan.deposits(1_000)
    monkeypatch.undo()
    assert branch.event_count() == count
    assert branch.service.store.state() == before
    wayan.deposits(1_000)  # the chain was rebuilt from what was committed
    verify_chain(branch.service.store.events())


def test_remote_events_apply_idempotently_in_any_order(branch: Branch) -> None:
    wayan = branch.member()
    wayan.deposits(300_000)
    paid = wayan.withdraws(50_000)
    branch.service.reverse(
        paid.event_id, "Salah", actor=branch.teller, authorizer=branch.supervisor
    )
    branch.service.update_member(wayan.member_id, {"phone": "0819 0000 1111"}, actor=branch.teller)
    events = branch.service.store.events()
    expected = branch.service.store.state()

    rng = random.Random(7)
    for _ in range(5):
        shuffled = events[:]
        rng.shuffle(shuffled)
        other = BranchService(":memory:", hasher=FAST_HASHER)
        assert other.apply_events(shuffled[: len(shuffled) // 2]) == len(shuffled) // 2
        assert other.apply_events(shuffled) == len(shuffled) - len(shuffled) // 2
        assert other.apply_events(shuffled) == 0
        assert other.store.state() == expected
        assert other.pending_count() == 0
        other.close()


def test_profile_fields_merge_last_writer_wins(branch: Branch) -> None:
    wayan = branch.member()
    svc = branch.service
    svc.update_member(wayan.member_id, {"phone": "0811 1111 1111"}, actor=branch.teller)
    older = svc.store.events()[-1]
    svc.update_member(wayan.member_id, {"phone": "0822 2222 2222"}, actor=branch.teller)
    newer = svc.store.events()[-1]
    replica = BranchService(":memory:", hasher=FAST_HASHER)
    base = [e for e in svc.store.events() if e.id not in (older.id, newer.id)]
    replica.apply_events([*base, newer])
    replica.apply_events([older])  # arrives late, loses
    assert replica.store.state()["profiles"][wayan.member_id]["phone"] == "082222222222"
    replica.close()


def test_same_id_different_content_is_an_alarm(branch: Branch) -> None:
    wayan = branch.member()
    deposit = wayan.deposits(10_000)
    event = branch.service.store.event(deposit.event_id)
    assert event is not None
    forged = type(event)(**{**event.__dict__, "hash": "f" * 64})
    before = branch.service.store.state()
    with pytest.raises(ConflictingEvent):
        branch.service.apply_events([forged])
    assert branch.service.store.state() == before


def test_store_equals_replay_after_a_day(branch: Branch) -> None:
    for i, name in enumerate(("I Wayan Sudarsana", "Ni Made Lestari", "I Nyoman Sudarma")):
        m = branch.member(name)
        m.deposits(100_000 * (i + 1))
        m.deposits(50_000, "wajib")
    branch.members[0].withdraws(40_000)
    branch.service.close_session(
        actor=branch.teller, counted={100_000: 207, 20_000: 1}, authorizer=branch.supervisor
    )
    assert_matches_replay(branch.service)
    assert branch.service.pending_count() == branch.event_count()


def test_two_open_services_on_one_file_keep_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "lumbung.sqlite3"
    first = make_branch(path)
    wayan = first.member()
    second = BranchService(path, hasher=FAST_HASHER, today=TODAY)
    second.deposit(wayan.member_id, "sukarela", 5_000, actor=first.teller)
    wayan.deposits(7_000)  # the first instance must notice the second's event
    events = first.service.store.events()
    verify_chain(events)
    assert wayan.balance() == 12_000
    second.close()
    first.service.close()


def test_a_second_connection_sees_the_clock_the_first_one_advanced(tmp_path):
    """The sync thread's store observes pulled clocks; the counter's store must stamp after."""
    from ledger.clock import HlcTimestamp
    from ledger.events import SettingChanged

    path = tmp_path / "shared.sqlite3"
    counter = Store(path, wall_ms=lambda: 1_000_000)
    with counter.transaction():
        counter.create_identity(
            device_no=1, branch_id="BR01", branch_name="Cabang Ubud", cooperative_name="KSP"
        )
    sync = Store(path, wall_ms=lambda: 1_000_000)
    ahead = HlcTimestamp(1_000_000 + 60_000, 3)  # a pulled event from a PC whose clock is ahead
    with sync.transaction():
        sync.clock.observe(ahead)
    with counter.transaction():
        event = counter.append(
            SettingChanged("teller_limit", "1"), actor="u", business_date="2026-11-27"
        )
    assert HlcTimestamp.decode(event.hlc) > ahead
    counter.close()
    sync.close()
