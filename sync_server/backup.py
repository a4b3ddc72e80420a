"""Backing up and restoring the central database, verified, and what a restore changes.

* SQLite: the online backup API (``sqlite3.Connection.backup``): a consistent copy while the
  server runs, taken under the single writer's lock so no push lands half-way; the copy is
  checked with ``PRAGMA integrity_check`` and must hold the same last global sequence.
* PostgreSQL: ``pg_dump --format=custom``, checked by ``pg_restore --list``; restored with
  ``pg_restore --clean --if-exists --single-transaction``.

A restore gives the database a **new identity** (``server_state.epoch``, a row in ``epochs``
whose ``base_seq`` is the last global sequence the backup held): branches see it in
``/health`` and in every pull page, push back what the restored server lacks and rebuild
their replica from it (``desktop.sync.engine``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url

from sync_server.store import tables as t
from sync_server.store.db import Database, StoreError


@dataclass(frozen=True)
class BackupInfo:
    """A verified backup: where, of which database state."""

    path: Path
    last_seq: int
    epoch: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def default_name(prefix: str = "central") -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{prefix}-{stamp}"


def _pg_tool(name: str) -> str:
    folder = os.environ.get("LUMBUNG_PG_BINDIR", "")
    if folder and (Path(folder) / name).exists():
        return str(Path(folder) / name)
    found = shutil.which(name)
    if found is None:
        raise StoreError(
            f"{name} not found (install the PostgreSQL client or set LUMBUNG_PG_BINDIR)"
        )
    return found


def _libpq_url(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def backup(db: Database, dest: Path) -> BackupInfo:
    """Write a verified backup of ``db`` to ``dest`` (a file; replaced if it exists).

    Raises:
        StoreError: the copy could not be made or does not verify.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    path = db.sqlite_path()
    if path is not None:
        tmp = dest.with_name(dest.name + ".partial")
        tmp.unlink(missing_ok=True)
        with db.write() as conn:  # the single writer: no push lands during the copy
            # Raw SQL: a database about to be migrated may predate the epoch column.
            last_seq = int(
                conn.exec_driver_sql("SELECT last_seq FROM server_state WHERE id = 1").scalar_one()
            )
            columns = {c[1] for c in conn.exec_driver_sql("PRAGMA table_info(server_state)")}
            epoch = ""
            if "epoch" in columns:
                epoch = conn.exec_driver_sql("SELECT epoch FROM server_state").scalar() or ""
            source = sqlite3.connect(path)
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        _verify_sqlite(tmp, last_seq)
        os.replace(tmp, dest)
        return BackupInfo(dest, last_seq, epoch)
    with db.read() as conn:
        last_seq = int(
            conn.exec_driver_sql("SELECT last_seq FROM server_state WHERE id = 1").scalar_one()
        )
    epoch = ""
    result = subprocess.run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dest}",
         f"--dbname={_libpq_url(db.url)}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise StoreError(f"pg_dump failed: {result.stderr.strip()[:500]}")
    listing = subprocess.run(
        [_pg_tool("pg_restore"), "--list", str(dest)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0 or "TABLE DATA" not in listing.stdout:
        raise StoreError(f"backup {dest} does not verify: {listing.stderr.strip()[:500]}")
    return BackupInfo(dest, last_seq, epoch)


def _verify_sqlite(path: Path, last_seq: int | None) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (check,) = conn.execute("PRAGMA integrity_check").fetchone()
        if check != "ok":
            raise StoreError(f"backup {path} failed its integrity check: {check}")
        held = int(conn.execute("SELECT last_seq FROM server_state WHERE id = 1").fetchone()[0])
        (top,) = conn.execute("SELECT coalesce(max(global_seq), 0) FROM events").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"backup {path} is not a Lumbung database: {exc}") from None
    finally:
        conn.close()
    if held != top or (last_seq is not None and held != last_seq):
        raise StoreError(f"backup {path} is inconsistent (last_seq {held}, events to {top})")
    return held


def restore(db: Database, source: Path, *, note: str = "") -> tuple[str, int]:
    """Replace ``db``'s content with the backup at ``source`` and give it a new identity.

    Returns the new epoch and its base (the last global sequence of the backup). The schema
    is migrated afterwards if the backup is older than this server.

    Raises:
        StoreError: the backup does not verify or could not be restored.
    """
    from sync_server import admin  # admin imports this module's neighbours

    source = Path(source)
    if not source.exists():
        raise StoreError(f"no backup at {source}")
    path = db.sqlite_path()
    if path is not None:
        _verify_sqlite(source, None)
        db.engine.dispose()
        with db.exclusive():  # hold the writer's lock so no server push interleaves
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            dst = sqlite3.connect(path)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
    else:
        result = subprocess.run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
             "--single-transaction", f"--dbname={_libpq_url(db.url)}", str(source)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise StoreError(f"pg_restore failed: {result.stderr.strip()[:500]}")
    db.engine.dispose()  # no pooled connection may keep the old file's pages
    admin.init(db)
    return new_identity(db, note or f"restored from {source.name}")


def new_identity(db: Database, note: str) -> tuple[str, int]:
    """Give the database a new epoch whose base is its current last global sequence."""
    epoch = str(uuid.uuid4())
    with db.write() as conn:
        base = int(
            conn.execute(
                select(t.server_state.c.last_seq).where(t.server_state.c.id == 1)
            ).scalar_one()
        )
        position = int(
            conn.execute(select(func.coalesce(func.max(t.epochs.c.position), 0))).scalar_one()
        )
        conn.execute(
            t.epochs.insert().values(
                epoch=epoch, position=position + 1, base_seq=base, started_at=_now(), note=note
            )
        )
        conn.execute(
            update(t.server_state)
            .where(t.server_state.c.id == 1)
            .values(epoch=epoch, epoch_base=base)
        )
    return epoch, base
