from pathlib import Path

from sync_server import admin
from sync_server.store.db import Database


def test_disposing_a_database_twice_is_harmless(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    admin.init(db)
    admin.add_branch(db, "BR01", "Cabang Ubud")
    db.dispose()
    db.dispose()  # a second disposal used to fail closing the writer lock's descriptor again
    again = Database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        assert "BR01" in [b["branch_id"] for b in admin.list_branches(again)]
    finally:
        again.dispose()
