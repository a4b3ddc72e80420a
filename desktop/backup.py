"""``lumbung backup`` and ``lumbung restore``: the branch store copied out and put back safely.

Both copy with SQLite's backup API (:func:`desktop.store.db.backup`, the same copy the store
takes before a migration), so a backup taken while the app is open is still consistent. A
restore refuses what would hurt: a file that is not a Lumbung store or is damaged, a store
written by a newer app, a running app, and an older copy of this same PC's data — its device
would number new transactions again from where the copy stops, and the server already holds
different transactions under those numbers.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.store.db import StoreTooNew, StoreUnreadable, backup, backup_path
from desktop.store.paths import STORE_FILE, store_path
from desktop.store.schema import MIGRATION_SET, MIGRATIONS, known_migrations
from ledger.errors import LumbungError

STAGING_FILE = "restore-staging.sqlite3"


class BackupRefused(LumbungError):
    """A backup or restore that would lose or damage data, with what to do instead."""


@dataclass(frozen=True)
class StoreFacts:
    """What a store file holds, read without migrating or changing it.

    Attributes:
        path: The file.
        applied: Migrations it has applied, in order.
        pending: Migrations this app would still apply when opening it.
        device_id: Its device identity, ``""`` before the first-run setup.
        branch_id: Its branch, ``""`` before the first-run setup.
        events: Events it holds (this device's and those pulled from others).
        device_seq: The last sequence number of its own device's chain (0 when none).
    """

    path: Path
    applied: list[str]
    pending: list[str]
    device_id: str
    branch_id: str
    events: int
    device_seq: int

    def describe(self) -> str:
        who = f"branch {self.branch_id}, device {self.device_id}" if self.device_id else "empty"
        return f"{who}, {self.events} events, schema {len(self.applied)}/{len(known_migrations())}"


def _scalar(db: Database, sql: str, *params: object) -> Any:
    row = db.conn.execute(sql, params).fetchone()
    return row[0] if row else None


def inspect(db: Database, path: Path, *, allow_newer: bool = False) -> StoreFacts:
    """Facts about an open store; refuses a file that is not a sound Lumbung store, or one
    written by a newer app (:class:`StoreTooNew`) unless ``allow_newer`` and its device chain
    can still be read (a restore compares chains before rolling back an upgrade)."""
    try:
        check = _scalar(db, "PRAGMA integrity_check")
        tables = {name for (name,) in db.conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise StoreUnreadable(str(path), str(exc)) from exc
    if check != "ok":
        raise StoreUnreadable(str(path), f"integrity check: {check}")
    if not {"_sqlite_migrations", "events", "device"} <= tables:
        raise BackupRefused(
            f"Berkas ini bukan cadangan Lumbung ({path}).",
            f"This file is not a Lumbung backup ({path}).",
        )
    applied = [
        name
        for (name,) in db.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            (MIGRATION_SET,),
        )
    ]
    known = known_migrations(MIGRATIONS)
    unknown = [name for name in applied if name not in known]
    if unknown and not allow_newer:
        raise StoreTooNew(str(path), unknown)
    try:
        device = db.conn.execute("SELECT device_id, branch_id FROM device").fetchone()
        device_id, branch_id = (str(device[0]), str(device[1])) if device else ("", "")
        seq = _scalar(db, "SELECT max(device_seq) FROM events WHERE device_id = ?", device_id)
        events = _scalar(db, "SELECT count(*) FROM events")
    except sqlite3.DatabaseError as exc:
        if unknown:  # a newer schema this app cannot read
            raise StoreTooNew(str(path), unknown) from exc
        raise StoreUnreadable(str(path), str(exc)) from exc
    return StoreFacts(
        path=path,
        applied=applied,
        pending=[name for name in known if name not in applied],
        device_id=device_id,
        branch_id=branch_id,
        events=int(events or 0),
        device_seq=int(seq or 0),
    )


def _plain(path: Path) -> Database:
    """A connection without the store's pragmas: reading must not switch a file's journal
    mode or otherwise change it."""
    return Database(sqlite3.connect(str(path)), execute_plugins=False)


def read_facts(path: Path, *, allow_newer: bool = False) -> StoreFacts:
    db = _plain(path)
    try:
        return inspect(db, path, allow_newer=allow_newer)
    finally:
        db.close()


def _check_copy(copy: Path, original: StoreFacts) -> StoreFacts:
    facts = read_facts(copy, allow_newer=True)
    # The app may post while the copy is taken (it only ever adds events).
    if facts.events < original.events or facts.device_id != original.device_id:
        raise BackupRefused(
            f"Salinan {copy} tidak sama dengan aslinya; ulangi pencadangan.",
            f"The copy {copy} does not match the original; take the backup again.",
        )
    return facts


def backup_store(data_dir: Path, out: Path | None = None) -> tuple[Path, StoreFacts]:
    """Copy the store to ``out`` (a file, replaced if it exists, or a folder for a dated file),
    by default a dated file under ``<data dir>/backups``. The copy is checked before it is
    reported. Safe while the app is open."""
    source = store_path(data_dir)
    if not source.is_file():
        raise BackupRefused(
            f"Belum ada data cabang di {data_dir}.", f"There is no branch data in {data_dir}."
        )
    if out is None:
        out = data_dir / "backups"
    out_is_dir = out.is_dir() or out == data_dir / "backups"
    target_dir = out if out_is_dir else out.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    db = _plain(source)
    try:
        facts = inspect(db, source, allow_newer=True)  # copying never hurts
        copy = backup(db, target_dir / STORE_FILE if out_is_dir else out)
    finally:
        db.close()
    if not out_is_dir:
        os.replace(copy, out)  # the dated name only stood in while copying
        copy = out
    return copy, _check_copy(copy, facts)


@dataclass(frozen=True)
class Restored:
    """What a restore did.

    Attributes:
        restored: The restored store's facts (at its new place).
        previous: Where the store it replaced was kept (``None`` when there was none).
    """

    restored: StoreFacts
    previous: Path | None


def _take_exclusive(path: Path) -> sqlite3.Connection:
    """A connection that holds the store alone until closed; refused while Lumbung has it open
    (the app keeps its connection for as long as it runs)."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=0.5)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # in exclusive mode the lock outlives the transaction
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise StoreUnreadable(str(path), str(exc)) from exc
        raise BackupRefused(
            "Lumbung sedang dibuka di PC ini. Tutup aplikasinya dulu, lalu ulangi pemulihan.",
            "Lumbung is open on this PC. Close it first, then restore again.",
        ) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreUnreadable(str(path), str(exc)) from exc
    return conn


def _refuse_older_copy_of_this_device(current: StoreFacts, incoming: StoreFacts) -> None:
    same_device = bool(current.device_id) and current.device_id == incoming.device_id
    if same_device and incoming.device_seq < current.device_seq:
        lost = current.device_seq - incoming.device_seq
        raise BackupRefused(
            f"Cadangan ini lebih lama dari data PC ini: {lost} transaksi sesudahnya akan "
            "hilang dan nomor urutnya terpakai ulang. Hubungi TI kantor pusat.",
            f"This backup is older than this PC's data: {lost} later transactions would be "
            "lost and their sequence numbers reused. Contact head office IT.",
        )


def _set_aside(store: Path) -> Path:
    """Move an unreadable store (and its WAL files) out of the way, never deleting it."""
    aside = backup_path(store)
    for suffix in ("-wal", "-shm", ""):
        part = Path(f"{store}{suffix}")
        if part.exists():
            os.replace(part, Path(f"{aside}{suffix}"))
    return aside


def _stage(source: Path, staging: Path) -> None:
    """Copy ``source`` to ``staging``: the source (a USB stick, say) is only read, and a WAL
    beside it, if any, is included."""
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise StoreUnreadable(str(source), str(exc)) from exc
    dest = sqlite3.connect(str(staging))
    try:
        src.backup(dest)
    except sqlite3.DatabaseError as exc:
        raise StoreUnreadable(str(source), str(exc)) from exc
    finally:
        dest.close()
        src.close()


def _replace_locked(lock: sqlite3.Connection, store: Path, staging: Path) -> Path:
    """Back up the locked store beside itself, then copy the staged file into it page by page
    (one transaction, so an interrupted restore leaves the old store whole)."""
    previous = backup(Database(lock, execute_plugins=False), store)
    staged = sqlite3.connect(str(staging))
    try:
        staged.backup(lock)
    finally:
        staged.close()
    return previous


def restore_store(data_dir: Path, source: Path) -> Restored:
    """Replace the store with ``source`` (see module docstring for what is refused).

    The current store is first copied to a dated backup beside it (or, if it cannot be read,
    moved aside under that name), so a restore can itself be undone.
    """
    if not source.is_file():
        raise BackupRefused(f"Berkas {source} tidak ada.", f"The file {source} does not exist.")
    data_dir.mkdir(parents=True, exist_ok=True)
    store = store_path(data_dir)
    staging = data_dir / STAGING_FILE
    _stage(source, staging)
    try:
        incoming = read_facts(staging)
        if not store.exists():
            os.replace(staging, store)
            return Restored(read_facts(store), None)
        try:
            lock = _take_exclusive(store)
            try:
                current = inspect(Database(lock, execute_plugins=False), store, allow_newer=True)
            except BaseException:
                lock.close()
                raise
        except StoreUnreadable:
            previous = _set_aside(store)
            os.replace(staging, store)
            return Restored(read_facts(store), previous)
        try:
            _refuse_older_copy_of_this_device(current, incoming)
            previous = _replace_locked(lock, store, staging)
        finally:
            lock.close()
        return Restored(read_facts(store), previous)
    finally:
        staging.unlink(missing_ok=True)


def command(name: str, data_dir: Path, args: Any) -> int:
    """``lumbung backup`` / ``lumbung restore``: do it, print what was done or why not."""
    lang = getattr(args, "lang", "id")
    try:
        if name == "backup":
            copy, facts = backup_store(data_dir, args.out)
            print(f"backup: {copy} ({facts.describe()})")
        else:
            done = restore_store(data_dir, args.file)
            if done.previous is not None:
                print(f"restore: the previous data was kept as {done.previous}")
            print(f"restore: {done.restored.path} now holds {done.restored.describe()}")
    except LumbungError as exc:
        print(f"lumbung {name}: {exc.message(lang)}", file=sys.stderr)
        return 1
    return 0
