"""Crash safety: a process posting deposits is killed with SIGKILL at random moments.

After every kill the file must pass ``PRAGMA integrity_check``, hold every event the process
reported as committed, and hold no half posting: every money event has its balanced journal
lines, nothing in the projections points at a missing event, and the tables equal the reference
projection replayed over the stored events.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services import BranchService
from ledger.events import verify_chain

from .builders import FAST_HASHER, TODAY, assert_matches_replay, make_branch

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 30


def check_store(path: Path, committed: set[str]) -> int:
    service = BranchService(path, hasher=FAST_HASHER, today=TODAY)
    try:
        conn = service.store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {row[0] for row in conn.execute("SELECT id FROM events")}
        assert committed <= ids, "an event reported as committed was lost"
        for table in ("journal_lines", "member_tx"):
            orphans = conn.execute(
                f"SELECT count(*) FROM {table} WHERE event_id NOT IN (SELECT id FROM events)"
            ).fetchone()[0]
            assert orphans == 0, f"{table} rows without their event"
        unposted = conn.execute(
            "SELECT count(*) FROM events e WHERE e.type IN"
            " ('SavingsDeposited', 'SavingsWithdrawn', 'Reversed', 'TellerSessionOpened')"
            " AND (SELECT count(*) FROM journal_lines j WHERE j.event_id = e.id) < 2"
        ).fetchone()[0]
        assert unposted == 0, "a money event without its journal lines"
        unbalanced = conn.execute(
            "SELECT count(*) FROM (SELECT event_id FROM journal_lines GROUP BY event_id"
            " HAVING sum(debit) != sum(credit))"
        ).fetchone()[0]
        assert unbalanced == 0
        events = service.store.events()
        verify_chain(sorted(events, key=lambda e: e.device_seq))
        assert_matches_replay(service)
        return len(ids)
    finally:
        service.close()


@pytest.mark.not_on_windows(reason="signal.SIGKILL does not exist on Windows")
@pytest.mark.slow
def test_sigkill_while_posting_never_half_posts(tmp_path: Path) -> None:
    path = tmp_path / "lumbung.sqlite3"
    branch = make_branch(path, opening_float=100_000_000)
    for name in ("I Wayan Sudarsana", "Ni Made Lestari", "I Nyoman Sudarma", "Ni Ketut Sriasih"):
        branch.member(name).deposits(1_000_000)
    branch.service.close()

    rng = random.Random(20251127)
    committed: set[str] = set()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    total = 0
    for i in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(path), str(i)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        # Kill after a random number of commits: the child is always mid-way through the
        # next posting (validating, hashing, writing, or waiting on fsync) when it dies.
        for _ in range(rng.randint(0, 25)):
            line = child.stdout.readline().strip()
            if line:
                committed.add(line)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        total = check_store(path, committed)
    assert total > 40  # the loop really posted
