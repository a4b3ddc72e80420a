"""Opening the device's SQLite file: pragmas, migrations, and the refusals that protect it.

WAL with ``synchronous=FULL``: a receipt the teller has handed over must survive a power cut,
so every commit waits for the disk. A database written by a newer app is refused rather than
guessed at; an existing database is copied (SQLite backup API) before any migration touches it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desktop.store.schema import MIGRATIONS, known_migrations
from ledger.errors import LumbungError

MEMORY = ":memory:"


class StoreTooNew(LumbungError):
    """The database was migrated by a newer Lumbung than this one."""

    def __init__(self, path: str, unknown: list[str]) -> None:
        super().__init__(
            "Basis data ini dibuat oleh versi Lumbung yang lebih baru. "
            f"Perbarui aplikasi sebelum membukanya ({path}).",
            "This database was written by a newer version of Lumbung. "
            f"Update the application before opening it ({path}).",
        )
        self.unknown_migrations = unknown


class StoreUnreadable(LumbungError):
    """The file is not an SQLite database (damaged, or something else entirely)."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            f"Berkas basis data tidak dapat dibaca ({path}): {detail}. "
            "Hubungi TI; jangan hapus berkas ini.",
            f"The database file cannot be read ({path}): {detail}. "
            "Contact IT; do not delete this file.",
        )


def connect(path: Path | str) -> Database:
    """A connection with the store's pragmas, transactions under our control.

    ``isolation_level=None`` stops the driver from opening transactions behind our back: every
    write goes through an explicit ``BEGIN IMMEDIATE`` (see :mod:`desktop.store.store`).
    ``check_same_thread=False`` because the UI helper's worker thread owns the service, which
    may have been built on another thread; it is never used by two threads at once.
    """
    target = str(path)
    conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    db = Database(conn, execute_plugins=False)
    try:
        if target != MEMORY:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreUnreadable(target, str(exc)) from exc
    return db


def _has_tables(db: Database) -> bool:
    row = db.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return bool(row[0])


def backup_path(path: Path, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}-backup-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-backup-{stamp}-{n}{path.suffix}")
    return candidate


def backup(db: Database, path: Path) -> Path:
    """A consistent dated copy of ``db`` next to ``path`` (the backup API, not a file copy, so a
    WAL not yet checkpointed is included)."""
    target = backup_path(path)
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    return target


def open_store(path: Path | str, *, migrations: Migrations = MIGRATIONS) -> Database:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    Raises:
        StoreTooNew: the database has migrations this app does not know.
        StoreUnreadable: the file is not an SQLite database.
    """
    target = str(path)
    if target != MEMORY:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    db = connect(target)
    try:
        try:
            applied = [m.name for m in migrations.applied(db)]
        except sqlite3.DatabaseError as exc:
            raise StoreUnreadable(target, str(exc)) from exc
        known = known_migrations(migrations)
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise StoreTooNew(target, unknown)
        pending = migrations.pending(db)
        if pending and target != MEMORY and _has_tables(db):
            backup(db, Path(target))
        if pending:
            migrations.apply(db)
            db.conn.execute(f"PRAGMA user_version = {len(known)}")
    except BaseException:
        db.close()
        raise
    return db
