"""Data that survive upgrades: the released store opens and keeps every balance; a migration
backs the store up first; an older app refuses a newer store, through the CLI too."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desktop.store import StoreTooNew, open_store
from desktop.store.paths import store_path
from desktop.store.schema import MIGRATION_SET, MIGRATIONS, known_migrations
from ledger.events import verify_chain

from .branch_data import EXPECTED, FIXTURE, TELLER, balances, migrations_of, open_service
from .conftest import lumbung

EXPECTED_STATE = json.loads(EXPECTED.read_text(encoding="utf-8"))
BALANCE_KEYS = ("members", "ledger", "drawers", "events", "device_seq")


def read(path: Path) -> tuple[list[str], dict[str, object]]:
    conn = sqlite3.connect(path)
    try:
        return migrations_of(conn), balances(conn)
    finally:
        conn.close()


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("lumbung-backup-*.sqlite3"))


def test_the_fixture_is_the_released_schema() -> None:
    migrations, state = read(FIXTURE)
    assert migrations == EXPECTED_STATE["migrations"] == known_migrations()[: len(migrations)]
    assert state == {key: EXPECTED_STATE[key] for key in BALANCE_KEYS}


def test_the_released_store_opens_with_every_balance_and_the_counter_carries_on(
    released_store: Path,
) -> None:
    # Today the released schema is the current one (0001_initial only): nothing to migrate,
    # so no backup. When a migration is added, this same test expects exactly one backup.
    pending = [m for m in known_migrations() if m not in EXPECTED_STATE["migrations"]]
    service = open_service(store_path(released_store))
    try:
        assert len(backups_in(released_store)) == (1 if pending else 0)
        assert balances(service.store.conn) == {key: EXPECTED_STATE[key] for key in BALANCE_KEYS}
        teller = service.authenticate(*TELLER)
        member = service.member_by_no("BR07-01-00001")
        assert member is not None
        posted = service.deposit(member.member_id, "sukarela", 50_000, actor=teller)
        before = EXPECTED_STATE["members"]["BR07-01-00001/sukarela"]
        assert posted.balances["sukarela"] == before + 50_000
        identity = service.store.identity
        assert identity is not None
        own = [e for e in service.store.events() if e.device_id == identity.device_id]
        verify_chain(own)  # the chain continues from the released store's last event
        assert own[-1].device_seq == EXPECTED_STATE["device_seq"] + 1
    finally:
        service.close()
    for backup in backups_in(released_store):
        assert read(backup) == (
            EXPECTED_STATE["migrations"],
            {key: EXPECTED_STATE[key] for key in BALANCE_KEYS},
        )


def future_migrations() -> Migrations:
    """Today's migrations plus one a later release might add (the store's schema.py is not
    changed: this set exists only here)."""
    newer = Migrations(MIGRATION_SET)
    for migration in MIGRATIONS.pending(Database(memory=True, execute_plugins=False)):
        newer(name=migration.name)(migration.fn)

    @newer(name="9001_member_photos")
    def _photos(db: Database) -> None:
        db.execute("ALTER TABLE members ADD COLUMN photo_sha256 TEXT NOT NULL DEFAULT ''")
        db.execute("CREATE TABLE member_photos (sha256 TEXT PRIMARY KEY, image BLOB NOT NULL)")

    return newer


def events_of(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, device_seq, hash, body FROM events ORDER BY seq").fetchall()
    finally:
        conn.close()


@pytest.fixture
def upgraded(released_store: Path) -> tuple[Path, dict[str, object]]:
    """The released store, opened once by today's app, then migrated by a newer one."""
    store = store_path(released_store)
    open_store(store).close()
    before = read(store)
    before_events = events_of(store)
    assert backups_in(released_store) == [] or known_migrations() != EXPECTED_STATE["migrations"]
    for old in backups_in(released_store):
        old.unlink()
    open_store(store, migrations=future_migrations()).close()
    assert events_of(store) == before_events
    return released_store, {"before": before}


def test_a_migration_backs_up_first_and_keeps_every_balance(
    upgraded: tuple[Path, dict[str, object]],
) -> None:
    data_dir, seen = upgraded
    migrations_before, state_before = seen["before"]  # type: ignore[misc]
    store = store_path(data_dir)
    (backup,) = backups_in(data_dir)
    # The backup is the store as it was: old schema, same balances.
    assert read(backup) == (migrations_before, state_before)
    assert "photo_sha256" not in Database(backup)["members"].columns_dict
    # The migrated store keeps every balance and every event, byte for byte.
    migrations_after, state_after = read(store)
    assert migrations_after == [*migrations_before, "9001_member_photos"]
    assert state_after == state_before
    assert "photo_sha256" in Database(store)["members"].columns_dict
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # Opening again: nothing pending, no second backup.
    open_store(store, migrations=future_migrations()).close()
    assert backups_in(data_dir) == [backup]


def test_an_older_app_refuses_the_newer_store(upgraded: tuple[Path, dict[str, object]]) -> None:
    data_dir, _ = upgraded
    store = store_path(data_dir)
    with pytest.raises(StoreTooNew) as refused:
        open_service(store)
    assert refused.value.unknown_migrations == ["9001_member_photos"]
    assert "lebih baru" in refused.value.message_id

    # Through the CLI, as an installer would meet it.
    test = lumbung("--data-dir", data_dir, "--self-test")
    assert test.returncode == 1
    assert "[FAIL] data directory: This database was written by a newer version" in test.stdout
    assert "FAILED at step 'data directory'" in test.stdout

    elsewhere = data_dir.parent / "other-pc"
    restore = lumbung("--data-dir", elsewhere, "restore", store)
    assert restore.returncode == 1
    assert "versi Lumbung yang lebih baru" in restore.stderr
    assert not store_path(elsewhere).exists()


def test_the_backup_taken_before_the_upgrade_rolls_it_back(
    upgraded: tuple[Path, dict[str, object]],
) -> None:
    # Installed the new version by mistake and nothing was posted since: the older app may put
    # back the copy the migration took (the device chain shows nothing would be lost).
    data_dir, seen = upgraded
    (backup,) = backups_in(data_dir)
    done = lumbung("--data-dir", data_dir, "restore", backup)
    assert done.returncode == 0, done.stderr
    assert read(store_path(data_dir)) == seen["before"]
    open_service(store_path(data_dir)).close()  # and today's app opens it again


def test_the_counter_window_says_the_store_is_newer(
    upgraded: tuple[Path, dict[str, object]], qtbot: Any, qapp: Any
) -> None:
    # What a teller sees after an older version was reinstalled over a newer one.
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.app import LumbungApp

    data_dir, _ = upgraded
    app = LumbungApp(qapp, data_dir, lang="id", lock_minutes=60)
    try:
        app.start()

        def message() -> QMessageBox:
            boxes = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.objectName() == "knownError"
            ]
            assert boxes and boxes[0].isVisible()
            return boxes[0]

        qtbot.waitUntil(lambda: message() is not None, timeout=10_000)
        assert "dibuat oleh versi Lumbung yang lebih baru" in message().text()
        assert str(store_path(data_dir)) in message().text()
        message().close()
    finally:
        app.shutdown()
        app.window.close()
    # Nothing was written: the newer store is as the newer app left it.
    assert read(store_path(data_dir))[0][-1] == "9001_member_photos"
