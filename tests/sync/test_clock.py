"""A branch PC with a wrong clock does not post: the sync records head office's time beside
the PC's, and the store refuses a posting with a message a teller understands, until the
clock is right again. The server, for its part, keeps far-future stamps out of every merge
(tests/server/test_validation.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ledger.clock import ClockError
from sync_server import admin

from .harness import Central, Replica, assert_converged

DAY_MS = 24 * 3600 * 1000


def test_a_pc_clock_far_from_the_servers_refuses_to_post(central: Central, tmp_path: Path) -> None:
    replica = Replica.enrolled(central, central.add_branch(), tmp_path / "pc", from_now=True)
    try:
        assert replica.store.check_clock  # the PC's own clock
        replica.open_drawer()
        replica.sync()

        # The clock battery died: the PC believes it is 1 January 2000.
        replica.store.wall_ms = lambda: 946_684_800_000
        replica.store.check_clock = True  # an injected clock is not checked by default
        with pytest.raises(ClockError) as refused:
            replica.register()
        assert "Jam komputer ini" in refused.value.message_id
        assert "lebih lambat" in refused.value.message_id

        # A clock three days ahead, seen by the next sync: refused as well.
        replica.store.wall_ms = lambda: time.time_ns() // 1_000_000 + 3 * DAY_MS
        admin.set_setting(central.db, "standin_offline", "400000", actor="test")  # to pull
        replica.sync()
        assert _setting(replica, "standin_offline") == "400000"
        # The pulled stamp did not drag the PC's clock three days ahead with it.
        assert replica.store.clock.last.wall_ms < time.time_ns() // 1_000_000 + 3600_000
        with pytest.raises(ClockError) as ahead:
            replica.register()
        assert "3 hari lebih cepat" in ahead.value.message_id
        assert replica.store.pending_count() == 0  # nothing was posted

        # Set right again: the next sync sees it, and the counter works.
        replica.store.wall_ms = lambda: time.time_ns() // 1_000_000
        replica.sync()
        member_id = replica.register()
        replica.deposit(member_id, 25_000)
        replica.sync()
        assert replica.store.pending_count() == 0
        assert_converged(central, [replica])
    finally:
        replica.close()


def _setting(replica: Replica, key: str) -> str | None:
    row = replica.store.conn.execute(
        "SELECT value FROM settings WHERE key = ? AND scope = ''", (key,)
    ).fetchone()
    return str(row[0]) if row else None
