"""A verified backup is taken before every schema migration of an existing database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from sync_server.store.db import Database, _alembic_config, migrate, schema_status


def test_a_migration_starts_with_a_verified_backup(tmp_path: Path) -> None:
    path = tmp_path / "central.sqlite3"
    db = Database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:  # a database of an older server (revision 0005)
            command.upgrade(_alembic_config(conn), "0005")
            conn.commit()
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO server_state (id, last_seq, created_at) VALUES (1, 0, 'then')"
            )
        assert schema_status(db)[0] == "0005"

        assert migrate(db)
        current, head = schema_status(db)
        assert current == head
        (backup,) = sorted(tmp_path.glob("central.sqlite3.pre-migration-0005-*.bak"))
        copy = sqlite3.connect(backup)
        try:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            (revision,) = copy.execute("SELECT version_num FROM alembic_version").fetchone()
            assert revision == "0005"  # the state before the migration, kept
        finally:
            copy.close()
        assert not migrate(db)  # nothing to do: no second backup
        assert len(list(tmp_path.glob("*.bak"))) == 1
    finally:
        db.dispose()
