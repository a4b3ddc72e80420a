"""The central database: engine, the single writer, readers, and migrations.

One writer at a time, across threads *and* processes (the admin CLI writes too): a process-wide
lock, then ``BEGIN IMMEDIATE`` on SQLite or ``SELECT ... FOR UPDATE`` of the ``server_state``
row on PostgreSQL. Global sequence numbers are handed out only inside that transaction, so
transactions commit in sequence order and a reader following the cursor can never see event
``n + 1`` before event ``n``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url

from sync_server.store import tables as t

MIGRATIONS = Path(__file__).parent / "migrations"
# Any constant: serialises concurrent first-time migrations on PostgreSQL.
_PG_MIGRATION_LOCK = 0x4C554D42


class StoreError(Exception):
    """The database cannot be used as it is (newer than this server, not initialised, ...)."""


#: Below this much free space beside a SQLite database, /health says degraded.
LOW_SPACE_BYTES = 16 * 1024 * 1024
# What SQLite and PostgreSQL say when the disk is full or the database cannot be written.
_STORAGE_MARKERS = (
    "database or disk is full",
    "disk i/o error",
    "attempt to write a readonly database",
    "unable to open database file",
    "no space left on device",
    "could not extend file",
    "read-only transaction",
    "could not write",
)


def is_storage_failure(exc: BaseException) -> bool:
    """Whether ``exc`` (from the driver, possibly wrapped) says the storage cannot be written."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (28, 30):  # ENOSPC, EROFS
            return True
        text = str(seen).lower()
        if any(marker in text for marker in _STORAGE_MARKERS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class StorageFull(Exception):
    """A write failed because the disk is full or the database is read-only."""


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=False)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions begin (pysqlite's own
        # implicit BEGIN cannot be IMMEDIATE).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # An acknowledged event must survive a power cut: sync the WAL at every commit.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("lumbung_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


class Database:
    """The central store's connection pool with its one-writer discipline.

    Attributes:
        url: The SQLAlchemy URL.
        engine: The engine.
        dialect: ``"sqlite"`` or ``"postgresql"``.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        self._writer = threading.Lock()
        self._file_lock = _FileLock.for_sqlite(url) if self.dialect == "sqlite" else None
        #: The last write's storage failure (cleared by the next write that commits).
        self.storage_error: str = ""

    def dispose(self) -> None:
        self.engine.dispose()
        if self._file_lock is not None:
            self._file_lock.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction as the only writer; commits on success, rolls back on error."""
        try:
            with self._writer, self._between_processes(), self.engine.connect() as conn:
                conn.execution_options(lumbung_write=True)
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.execute(
                            select(t.server_state.c.last_seq)
                            .where(t.server_state.c.id == 1)
                            .with_for_update()
                        )
                    yield conn
        except Exception as exc:
            if is_storage_failure(exc):
                self.storage_error = str(exc)[:200]
                raise StorageFull(self.storage_error) from exc
            raise
        self.storage_error = ""

    def sqlite_path(self) -> Path | None:
        """The SQLite database file, or None (PostgreSQL, in memory)."""
        if self.dialect != "sqlite":
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    def storage(self) -> tuple[bool, int | None]:
        """(writable as far as known, free bytes beside the database or None)."""
        free = None
        path = self.sqlite_path()
        if path is not None:
            try:
                free = shutil.disk_usage(path.parent).free
            except OSError:
                free = None
            if not os.access(path if path.exists() else path.parent, os.W_OK):
                return False, free
        writable = not self.storage_error and (free is None or free >= LOW_SPACE_BYTES)
        return writable, free

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """The writer's locks without a transaction: nothing else writes meanwhile (a restore
        replaces the SQLite file's content under it)."""
        with self._writer, self._between_processes():
            yield

    @contextmanager
    def _between_processes(self) -> Iterator[None]:
        if self._file_lock is None:
            yield
            return
        with self._file_lock:
            yield

    @contextmanager
    def read(self, *, consistent: bool = False) -> Iterator[Connection]:
        """A read transaction. ``consistent`` reads every table as of one moment (snapshots);
        SQLite's WAL readers always do."""
        with self.engine.connect() as conn:
            if consistent and self.dialect == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def last_seq(self) -> int:
        with self.read() as conn:
            value = conn.execute(
                select(t.server_state.c.last_seq).where(t.server_state.c.id == 1)
            ).scalar()
        if value is None:
            raise StoreError("database is not initialised (run `lumbung-server init`)")
        return int(value)


class _FileLock:
    """An exclusive ``flock`` beside a SQLite file, taken before ``BEGIN IMMEDIATE``.

    With several server processes (``serve --workers``) and the admin CLI, SQLite alone would
    make a waiting writer poll and sleep; the kernel lock wakes it the moment the writer is done.
    Where ``fcntl`` does not exist (Windows) SQLite's busy timeout does the waiting.
    """

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    @classmethod
    def for_sqlite(cls, url: str) -> _FileLock | None:
        database = make_url(url).database
        if not database or database == ":memory:":
            return None
        try:
            import fcntl  # noqa: F401
        except ImportError:
            return None
        return cls(Path(database + ".writer-lock"))

    def __enter__(self) -> None:
        import fcntl

        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        import fcntl

        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Release the descriptor; closing twice is harmless (disposal may run twice)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _alembic_config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def schema_status(db: Database) -> tuple[str | None, str]:
    """``(current revision or None, newest revision this server knows)``."""
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        head = ScriptDirectory.from_config(_alembic_config(conn)).get_current_head()
    assert head is not None
    return current, head


def pre_migration_backup(db: Database, current: str) -> Path:
    """A verified backup before migrating from revision ``current``: beside a SQLite file, in
    ``<data dir>/backups`` for PostgreSQL.

    Raises:
        StoreError: no verified backup could be made (the migration does not run then).
    """
    from sync_server import backup
    from sync_server.config import Settings

    stamp = backup.default_name(f"pre-migration-{current}")
    path = db.sqlite_path()
    if path is not None:
        dest = path.with_name(f"{path.name}.{stamp}.bak")
    else:
        dest = Path(Settings.load().data_dir) / "backups" / f"{stamp}.pgdump"
    return backup.backup(db, dest).path


def migrate(db: Database) -> bool:
    """Bring the schema to this server's newest revision; True if anything ran. An existing
    database is first backed up (verified) by :func:`pre_migration_backup`.

    Raises:
        StoreError: the database was written by a newer server (never touched then), or no
            verified backup could be made.
    """
    current, head = schema_status(db)
    if current is not None and current != head:
        with db.engine.connect() as probe:
            known = True
            try:
                ScriptDirectory.from_config(_alembic_config(probe)).get_revision(current)
            except CommandError:
                known = False
        if known:
            pre_migration_backup(db, current)
    with db.engine.connect() as conn:
        conn.execution_options(lumbung_write=True)
        with conn.begin():
            if db.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            cfg = _alembic_config(conn)
            script = ScriptDirectory.from_config(cfg)
            current = MigrationContext.configure(conn).get_current_revision()
            if current is not None:
                try:
                    script.get_revision(current)
                except CommandError:
                    raise StoreError(
                        f"database schema {current} is newer than this server; "
                        "upgrade lumbung-server"
                    ) from None
            if current == script.get_current_head():
                return False
            command.upgrade(cfg, "head")
            return True
