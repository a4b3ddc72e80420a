"""``lumbung backup`` and ``lumbung restore``: the branch store copied out and put back safely.

Both copy with SQLite's backup API (:func:`desktop.store.db.backup`, the same copy the store
takes before a migration), so a backup taken while the app is open is still consistent. A
restore refuses what would hurt: a file that is not a Lumbung store or is damaged, a store
written by a newer app, a running app, and an older copy of this same PC's data — its device
would number new transactions again from where the copy stops, and the server already holds
different transactions under those numbers.

A backup is one SQLite file: the store, plus the receipt PDFs and logs of the data directory in a
table of its own (``backup_files``), so one file on a stick holds everything. The copy is
switched out of WAL mode, and a restore reads the stick only through a copy, so no ``-wal`` or
``-shm`` file is left beside it.

Restoring the backup of **another PC** (another device id, or another branch) is the way to
replace a dead PC: the caller is asked first, shown what the backup is (branch, PC number, last
sequence, date). It is refused over a store that is itself a live device (one with transactions
of its own): that would turn this PC into a clone of another. The restored PC then needs a new
token from head office (``lumbung-server device replace DEVICE_ID`` issues the code, ``lumbung
restore --code`` or ``lumbung rekey`` uses it; see :mod:`desktop.sync.rekey`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.store.db import StoreTooNew, StoreUnreadable, backup, backup_path
from desktop.store.paths import STORE_FILE, store_path
from desktop.store.schema import MIGRATION_SET, MIGRATIONS, known_migrations
from ledger.errors import LumbungError

STAGING_FILE = "restore-staging.sqlite3"
#: The table of a backup file that carries the data directory's receipts and logs.
FILES_TABLE = "backup_files"
#: Folders of the data directory a backup carries besides the store.
CARRIED_FOLDERS = ("receipts", "logs")


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
        device_no: The PC's number within its branch (0 before the first-run setup).
        branch_name: Its branch's name.
        last_date: The business date of its own newest transaction (``""`` when none).
        unsent: Its own transactions head office has not acknowledged yet.
        files: Receipt and log files the backup carries.
    """

    path: Path
    applied: list[str]
    pending: list[str]
    device_id: str
    branch_id: str
    events: int
    device_seq: int
    device_no: int = 0
    branch_name: str = ""
    last_date: str = ""
    unsent: int = 0
    files: int = 0

    def describe(self) -> str:
        who = f"branch {self.branch_id}, device {self.device_id}" if self.device_id else "empty"
        text = f"{who}, {self.events} events, schema {len(self.applied)}/{len(known_migrations())}"
        return text + (f", {self.files} receipt and log files" if self.files else "")

    def card(self) -> str:
        """What an installer must see before restoring it: whose PC, how far, how recent."""
        if not self.device_id:
            return "  (no branch set up yet)"
        return "\n".join(
            (
                f"  branch:        {self.branch_id} {self.branch_name}".rstrip(),
                f"  PC number:     {self.device_no}",
                f"  device id:     {self.device_id}",
                f"  last sequence: {self.device_seq} ({self.unsent} not yet sent to head office)",
                f"  last date:     {self.last_date or '-'}",
                f"  events:        {self.events}",
            )
        )


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
        device = db.conn.execute(
            "SELECT device_id, branch_id, device_no, branch_name FROM device"
        ).fetchone()
        device_id, branch_id = (str(device[0]), str(device[1])) if device else ("", "")
        device_no, branch_name = (int(device[2]), str(device[3])) if device else (0, "")
        seq, last_date = db.conn.execute(
            "SELECT max(device_seq), max(business_date) FROM events WHERE device_id = ?",
            (device_id,),
        ).fetchone()
        unsent = _scalar(
            db, "SELECT count(*) FROM events WHERE device_id = ? AND acked = 0", device_id
        )
        events = _scalar(db, "SELECT count(*) FROM events")
        files = _scalar(db, f"SELECT count(*) FROM {FILES_TABLE}") if FILES_TABLE in tables else 0
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
        device_no=device_no,
        branch_name=branch_name,
        last_date=str(last_date or ""),
        unsent=int(unsent or 0),
        files=int(files or 0),
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


def names_a_folder(out: Path | str) -> bool:
    """Whether ``--out`` names a folder: one that exists, a path ending in a separator
    (``E:\\backups\\``), or a name without an extension (``E:\\backups``), created if missing.
    Anything else (``E:\\cabang.sqlite3``) names the backup file itself."""
    text = str(out)
    if text.endswith(("/", "\\", os.sep)):
        return True
    path = Path(text)
    return path.is_dir() or (not path.exists() and not path.suffix)


def carried_files(data_dir: Path) -> list[Path]:
    """The receipt PDFs and logs a backup carries, relative to the data directory."""
    found: list[Path] = []
    for folder in CARRIED_FOLDERS:
        root = data_dir / folder
        if root.is_dir():
            found.extend(p.relative_to(data_dir) for p in sorted(root.rglob("*")) if p.is_file())
    return found


def _finish_copy(copy: Path, data_dir: Path) -> None:
    """Make the copy one self-contained file (no WAL beside it on the stick) carrying the
    data directory's receipts and logs."""
    conn = sqlite3.connect(str(copy), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("BEGIN")
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {FILES_TABLE}"
            " (path TEXT PRIMARY KEY, data BLOB NOT NULL, mtime REAL NOT NULL)"
        )
        for rel in carried_files(data_dir):
            try:
                data = (data_dir / rel).read_bytes()
                mtime = (data_dir / rel).stat().st_mtime
            except OSError:
                continue  # a log being rotated: the store itself is what matters
            conn.execute(
                f"INSERT OR REPLACE INTO {FILES_TABLE} VALUES (?, ?, ?)",
                (rel.as_posix(), data, mtime),
            )
        conn.execute("COMMIT")
    finally:
        conn.close()


def backup_store(data_dir: Path, out: Path | str | None = None) -> tuple[Path, StoreFacts]:
    """Copy the store to ``out`` (a file, replaced if it exists, or a folder for a dated file,
    see :func:`names_a_folder`), by default a dated file under ``<data dir>/backups``. The copy
    carries the receipts and logs, and is checked before it is reported. Safe while the app is
    open."""
    source = store_path(data_dir)
    if not source.is_file():
        raise BackupRefused(
            f"Belum ada data cabang di {data_dir}.", f"There is no branch data in {data_dir}."
        )
    out_is_dir = out is None or names_a_folder(out)
    target = data_dir / "backups" if out is None else Path(out)
    target_dir = target if out_is_dir else target.parent
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupRefused(
            f"Folder {target_dir} tidak dapat dibuat ({exc.strerror}).",
            f"The folder {target_dir} cannot be created ({exc.strerror}).",
        ) from exc
    db = _plain(source)
    try:
        facts = inspect(db, source, allow_newer=True)  # copying never hurts
        copy = backup(db, target_dir / STORE_FILE if out_is_dir else target)
    finally:
        db.close()
    _finish_copy(copy, data_dir)
    if not out_is_dir:
        os.replace(copy, target)  # the dated name only stood in while copying
        copy = target
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
    files: int = 0
    other_pc: bool = False


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


class CloneRefused(BackupRefused):
    """Restoring another PC's backup over a store that is itself a live device."""


#: Asked before restoring another PC's backup: (the backup, this PC's store or None) -> go on?
Confirm = Callable[[StoreFacts, "StoreFacts | None"], bool]


def _other_pc(current: StoreFacts | None, incoming: StoreFacts) -> bool:
    """Whether ``incoming`` is another PC's data than what this PC holds (a new PC holds none)."""
    if not incoming.device_id:
        return False
    return current is None or current.device_id != incoming.device_id


def _refuse_clone(current: StoreFacts | None, incoming: StoreFacts) -> None:
    """This PC's store is a device of its own with transactions: replacing it with another
    PC's data would make two PCs with one identity (or lose this one's unsent work)."""
    if current is None or not current.device_id or current.device_id == incoming.device_id:
        return
    if current.device_seq == 0:
        return  # set up but never used: nothing of its own to lose or to clone over
    raise CloneRefused(
        f"PC ini sudah menjadi perangkat {current.device_id} (cabang {current.branch_id}, "
        f"PC {current.device_no}, {current.device_seq} transaksi, {current.unsent} belum "
        f"terkirim). Cadangan ini milik PC lain (cabang {incoming.branch_id}, PC "
        f"{incoming.device_no}); memulihkannya membuat salinan kembar. Pemulihan ditolak. "
        "Pulihkan di PC baru, atau hubungi TI kantor pusat.",
        f"This PC already is device {current.device_id} (branch {current.branch_id}, PC "
        f"{current.device_no}, {current.device_seq} transactions, {current.unsent} not sent). "
        f"The backup belongs to another PC (branch {incoming.branch_id}, PC "
        f"{incoming.device_no}); restoring it would clone that PC. Refused. Restore onto a "
        "new PC (an empty data folder), or call head office IT.",
    )


def _ask(confirm: Confirm | None, incoming: StoreFacts, current: StoreFacts | None) -> None:
    if confirm is not None and not confirm(incoming, current):
        raise BackupRefused(
            "Pemulihan dibatalkan; data PC ini tidak diubah.",
            "Restore cancelled; this PC's data was not changed.",
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
    """Copy ``source`` to ``staging`` byte for byte and open only the copy: SQLite never opens
    the file on the stick, so no ``-wal``/``-shm`` appears beside it. A WAL that an older
    backup left beside it is copied along and folded in."""
    for suffix in ("-wal", "-shm", ""):
        Path(f"{staging}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, staging)
    wal = Path(f"{source}-wal")
    if wal.is_file():
        shutil.copyfile(wal, Path(f"{staging}-wal"))
    conn = sqlite3.connect(str(staging), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as exc:
        raise StoreUnreadable(str(source), str(exc)) from exc
    finally:
        conn.close()


def _unpack_files(staging: Path, data_dir: Path) -> int:
    """Put the receipts and logs the backup carries into the data directory (never over a file
    already there) and drop their table from the staged store; how many were written."""
    conn = sqlite3.connect(str(staging), isolation_level=None)
    written = 0
    try:
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
        if FILES_TABLE not in tables:
            return 0
        root = data_dir.resolve()
        for rel, data, mtime in conn.execute(f"SELECT path, data, mtime FROM {FILES_TABLE}"):
            target = (data_dir / str(rel)).resolve()
            parts = Path(str(rel)).parts
            if not parts or parts[0] not in CARRIED_FOLDERS or not target.is_relative_to(root):
                continue  # only receipts/ and logs/, never outside the data directory
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(bytes(data))
            os.utime(target, (float(mtime), float(mtime)))
            written += 1
        conn.execute(f"DROP TABLE {FILES_TABLE}")
    finally:
        conn.close()
    return written


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


def restore_store(data_dir: Path, source: Path, *, confirm: Confirm | None = None) -> Restored:
    """Replace the store with ``source`` (see module docstring for what is refused).

    ``confirm`` is asked before another PC's backup is restored (a new PC, or another device
    id); without it the caller has already asked. The current store is first copied to a dated
    backup beside it (or, if it cannot be read, moved aside under that name), so a restore can
    itself be undone.
    """
    if not source.is_file():
        raise BackupRefused(f"Berkas {source} tidak ada.", f"The file {source} does not exist.")
    data_dir.mkdir(parents=True, exist_ok=True)
    store = store_path(data_dir)
    staging = data_dir / STAGING_FILE
    try:
        _stage(source, staging)
        incoming = read_facts(staging)
        if not store.exists():
            if _other_pc(None, incoming):
                _ask(confirm, incoming, None)
            files = _unpack_files(staging, data_dir)
            os.replace(staging, store)
            return Restored(read_facts(store), None, files, _other_pc(None, incoming))
        try:
            lock = _take_exclusive(store)
            try:
                current = inspect(Database(lock, execute_plugins=False), store, allow_newer=True)
            except BaseException:
                lock.close()
                raise
        except StoreUnreadable:
            if _other_pc(None, incoming):
                _ask(confirm, incoming, None)
            files = _unpack_files(staging, data_dir)
            previous = _set_aside(store)
            os.replace(staging, store)
            return Restored(read_facts(store), previous, files, _other_pc(None, incoming))
        try:
            _refuse_older_copy_of_this_device(current, incoming)
            _refuse_clone(current, incoming)
            other = _other_pc(current, incoming)
            if other:
                _ask(confirm, incoming, current)
            files = _unpack_files(staging, data_dir)
            previous = _replace_locked(lock, store, staging)
        finally:
            lock.close()
        return Restored(read_facts(store), previous, files, other)
    finally:
        for suffix in ("-wal", "-shm", "-journal", ""):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)


def ask_on_terminal(lang: str, assume_yes: bool = False) -> Confirm:
    """The question ``lumbung restore`` asks before restoring another PC's backup: it shows
    what the backup is and reads ``y``/``ya`` from standard input (``--yes`` answers it)."""

    def confirm(incoming: StoreFacts, current: StoreFacts | None) -> bool:
        print("restore: this backup is another PC's data:")
        print(incoming.card())
        if current is not None and current.device_id:
            print("restore: this PC's data now (kept beside it as a dated copy):")
            print(current.card())
        print(
            "restore: this PC will carry on as that PC. Never use the old PC again; head"
            " office gives the replacement code with"
            f" `lumbung-server device replace {incoming.device_id}`."
        )
        if assume_yes:
            print("restore: --yes given, restoring")
            return True
        question = (
            "Pulihkan cadangan ini ke PC ini? [y/N] "
            if lang == "id"
            else "Restore this backup onto this PC? [y/N] "
        )
        print(question, end="", flush=True)
        answer = sys.stdin.readline().strip().lower()
        print()
        return answer in ("y", "ya", "yes")

    return confirm


def _rekey(data_dir: Path, code: str, server: str) -> str:
    """Re-key the restored store through head office; what to print."""
    from desktop.store import Store
    from desktop.sync.rekey import rekey

    store = Store(store_path(data_dir))
    try:
        identity = rekey(store, code, server_url=server, data_dir=data_dir)
    finally:
        store.close()
    return (
        f"rekey: device {identity.device_id} (branch {identity.branch_id}) has a new token;"
        " it sends its unsent transactions at the next sync, the old PC's token is refused"
    )


def command(name: str, data_dir: Path, args: Any) -> int:
    """``lumbung backup`` / ``restore`` / ``rekey``: do it, print what was done or why not."""
    lang = getattr(args, "lang", "id")
    try:
        if name == "backup":
            copy, facts = backup_store(data_dir, args.out)
            print(f"backup: {copy} ({facts.describe()})")
        elif name == "rekey":
            print(_rekey(data_dir, args.code, args.server or ""))
        else:
            confirm = ask_on_terminal(lang, assume_yes=args.yes)
            done = restore_store(data_dir, args.file, confirm=confirm)
            if done.previous is not None:
                print(f"restore: the previous data was kept as {done.previous}")
            print(f"restore: {done.restored.path} now holds {done.restored.describe()}")
            if done.files:
                print(f"restore: {done.files} receipt and log files put back")
            if args.code:
                print(_rekey(data_dir, args.code, args.server or ""))
            elif done.other_pc:
                print(
                    "restore: this PC has no token for that device yet: ask head office for"
                    f" `lumbung-server device replace {done.restored.device_id}` and run"
                    " `lumbung rekey CODE`"
                )
    except LumbungError as exc:
        print(f"lumbung {name}: {exc.message(lang)}", file=sys.stderr)
        return 1
    return 0
