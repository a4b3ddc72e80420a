"""The bulk register path writes exactly the rows the per-event projection writes."""

from __future__ import annotations

from pathlib import Path

from desktop.demo_data import seed_members_fast
from desktop.services import BranchService

from .builders import FAST_HASHER, assert_matches_replay

TABLES = {
    "members": "*",
    "member_balances": "*",
    "member_tx": "*",
    "journal_lines": "*",
    "gl_balances": "*",
    "staff": "*",
    "teller_sessions": "*",
    "events": "id, type, device_id, device_seq, hlc, hash, body",
}


def test_bulk_register_equals_event_by_event(tmp_path: Path) -> None:
    bulk = seed_members_fast(tmp_path / "bulk.sqlite3", 300, batch=120, hasher=FAST_HASHER)
    events = bulk.store.events()
    assert sum(e.type == "MemberRegistered" for e in events) == 300
    replica = BranchService(":memory:", hasher=FAST_HASHER)
    replica.apply_events(events)
    for table, columns in TABLES.items():
        sql = f"SELECT {columns} FROM {table} ORDER BY 1"
        assert (
            bulk.store.conn.execute(sql).fetchall() == replica.store.conn.execute(sql).fetchall()
        ), table
    for service in (bulk, replica):
        conn = service.store.conn
        conn.execute("INSERT INTO members_fts (members_fts) VALUES ('integrity-check')")
    name = bulk.store.conn.execute("SELECT name FROM members LIMIT 1").fetchone()[0]
    assert bulk.search_members(name) == replica.search_members(name) != []
    assert_matches_replay(bulk)
    numbers = [r[0] for r in bulk.store.conn.execute("SELECT member_no FROM members ORDER BY id")]
    assert numbers[0] == "BR01-01-00001" and numbers[-1] == "BR01-01-00300"
    bulk.close()
    replica.close()
