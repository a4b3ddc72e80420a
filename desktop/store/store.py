"""The device store: one writer, one transaction per business action.

:class:`Store` owns the SQLite connection, this device's identity and its event chain
(:class:`ledger.events.DeviceChain` with a :class:`ledger.clock.HybridClock` whose last value
is persisted, so the clock never runs backwards across a restart). Every write happens inside
:meth:`Store.transaction`; :meth:`Store.append` makes a local event and applies it through the
same :mod:`desktop.store.projector` path that :meth:`Store.apply_events` uses for events from
other devices.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.store import loans
from desktop.store.db import open_store
from desktop.store.projector import MEMBER_COLUMNS, apply_event, event_from_body
from ledger.clock import ClockError, HlcTimestamp, HybridClock, check_clock
from ledger.errors import BusinessRuleError
from ledger.events import GENESIS_HASH, DeviceChain, Event, Payload
from ledger.ids import uuid7

WallClock = Callable[[], int]


def system_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class Identity:
    """Who this device is.

    Attributes:
        device_id: UUIDv7 made at first run.
        device_no: The small number the installer gave this PC within its branch (1, 2, ...).
        branch_id: Branch code (``"BR01"``).
        branch_name: Branch name as printed (``"Cabang Ubud"``).
        cooperative_name: The cooperative (``"KSP Lumbung Sejahtera"``).
    """

    device_id: str
    device_no: int
    branch_id: str
    branch_name: str
    cooperative_name: str


class Store:
    """The device's SQLite store (see module docstring)."""

    def __init__(self, db_path: Path | str, *, wall_ms: WallClock | None = None) -> None:
        self.path = str(db_path)
        self.db: Database = open_store(db_path)
        self.conn: sqlite3.Connection = self.db.conn
        self.wall_ms: WallClock = wall_ms or system_ms
        #: Refuse to post with a PC clock far from the server's (see :meth:`append`). On for
        #: the PC's own clock; a clock the caller injects (the demo's back-dating, tests on a
        #: fixed day) is the caller's to keep sensible.
        self.check_clock = self.wall_ms is system_ms
        self.identity: Identity | None = None
        self.clock = HybridClock(self._wall)
        self.chain: DeviceChain | None = None
        self._load_identity()

    def close(self) -> None:
        self.db.close()

    def _wall(self) -> int:
        # Looked up on every reading, so the wall clock can be swapped (demo back-dating).
        return self.wall_ms()

    # Transactions --------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``: the write lock is taken up front, so a
        second writer waits instead of failing half-way). On any error nothing is written and
        the chain is reloaded from what was committed."""
        if self.conn.in_transaction:
            raise RuntimeError("transactions do not nest")
        self.conn.execute("BEGIN IMMEDIATE")
        self._follow_other_writers()
        clock_at_start = self.clock.last
        try:
            yield self.conn
            if self.identity is not None and self.clock.last != clock_at_start:
                # Persisted with the events it stamped, so a restart never reissues a stamp.
                self.conn.execute("UPDATE device SET last_hlc = ?", (self.clock.last.encode(),))
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self._load_chain()
            raise
        self.conn.execute("COMMIT")

    def _follow_other_writers(self) -> None:
        """Reload the chain if another connection to this file appended since we last looked
        (a second app instance, the backup tool): two writers must never reuse a sequence."""
        if self.chain is None:
            if self.identity is None and self.conn.execute("SELECT 1 FROM device").fetchone():
                self._load_identity()
            return
        row = self.conn.execute(
            "SELECT max(device_seq) FROM events WHERE device_id = ?", (self.chain.device_id,)
        ).fetchone()
        if (row[0] or 0) != self.chain.last_seq:
            # The identity too: the sync thread may have put a new PC number in force
            # (desktop.sync.numbering), which new member numbers carry.
            self._load_identity()
        # The sync thread's connection observes pulled events' clocks and persists them; a
        # profile edit made here must still stamp after every edit this store already holds.
        (stored,) = self.conn.execute("SELECT last_hlc FROM device").fetchone()
        seen = HlcTimestamp.decode(stored)
        if seen > self.clock.last:
            self.clock.observe(seen)

    # Identity and chain -------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read identity and chain head (another connection enrolled or appended)."""
        self._load_identity()

    def _load_identity(self) -> None:
        row = self.conn.execute(
            "SELECT device_id, device_no, branch_id, branch_name, cooperative_name FROM device"
        ).fetchone()
        self.identity = Identity(*row) if row else None
        self._load_chain()

    def _load_chain(self) -> None:
        if self.identity is None:
            self.chain = None
            return
        row = self.conn.execute("SELECT last_hlc FROM device").fetchone()
        last_hlc = HlcTimestamp.decode(row[0])
        if last_hlc > self.clock.last:
            self.clock = HybridClock(self._wall, last=last_hlc)
        last = self.conn.execute(
            "SELECT device_seq, hash FROM events WHERE device_id = ?"
            " ORDER BY device_seq DESC LIMIT 1",
            (self.identity.device_id,),
        ).fetchone()
        last_seq, last_hash = last if last else (0, GENESIS_HASH)
        self.chain = DeviceChain(
            self.identity.branch_id,
            self.identity.device_id,
            last_seq=last_seq,
            last_hash=last_hash,
            clock=self.clock,
        )

    def create_identity(
        self,
        *,
        device_no: int,
        branch_id: str,
        branch_name: str,
        cooperative_name: str,
        device_id: str | None = None,
    ) -> Identity:
        """Record this device's identity (inside the caller's transaction).

        ``device_id`` is the one head office gave at enrolment; a stand-alone device makes its
        own."""
        device_id = device_id or uuid7()
        self.conn.execute(
            "INSERT INTO device (id, device_id, device_no, branch_id, branch_name,"
            " cooperative_name, last_hlc) VALUES (1, ?, ?, ?, ?, ?, ?)",
            (
                device_id,
                device_no,
                branch_id,
                branch_name,
                cooperative_name,
                self.clock.last.encode(),
            ),
        )
        self.identity = Identity(device_id, device_no, branch_id, branch_name, cooperative_name)
        self._load_chain()
        return self.identity

    def next_member_serial(self) -> int:
        """The next per-device member serial (inside the caller's transaction)."""
        row = self.conn.execute(
            "UPDATE device SET member_serial = member_serial + 1 RETURNING member_serial"
        ).fetchone()
        return int(row[0])

    # Writing events -----------------------------------------------------------------------

    def append(
        self,
        payload: Payload,
        *,
        actor: str,
        business_date: str,
        authorizer: str = "",
    ) -> Event:
        """Make this device's next event and apply it (inside the caller's transaction)."""
        if not self.conn.in_transaction:
            raise RuntimeError("append() needs a transaction")
        if self.chain is None:
            raise RuntimeError("the device has no identity yet")
        if self.conn.execute(
            "SELECT 1 FROM closed_days WHERE branch_id = ? AND business_date = ?",
            (self.chain.branch_id, business_date),
        ).fetchone():
            # The last line of defence: every counter action checks the date first.
            raise BusinessRuleError(
                f"Hari usaha {business_date} sudah ditutup; tidak ada transaksi yang dapat "
                "dicatat.",
                f"Business day {business_date} is closed; nothing can be posted into it.",
            )
        self._check_wall_clock()
        event = self.chain.make(
            payload, actor=actor, business_date=business_date, authorizer=authorizer
        )
        apply_event(self.conn, event, local=True)
        return event

    def _check_wall_clock(self) -> None:
        """Refuse to post with a clock far from head office's as the last sync saw it: off at
        that contact, or set back before the server's time since (a dead clock battery)."""
        problem = self.clock_problem()
        if problem is not None:
            raise problem

    def clock_problem(self) -> ClockError | None:
        """Why this PC's clock must not be trusted now (see :meth:`append`), or None."""
        if not self.check_clock:
            return None
        row = self.conn.execute("SELECT server_ms, local_ms FROM server_contact").fetchone()
        if row is None or not row[0]:
            return None  # never in touch with a server (stand-alone, or not synced yet)
        server_ms, local_ms = row
        try:
            check_clock(local_ms, server_ms)
            now = self.wall_ms()
            if now < server_ms:
                check_clock(now, server_ms)
        except ClockError as exc:
            return exc
        return None

    def apply_events(self, events: list[Event]) -> int:
        """Apply events from other devices (or this one, restored), one transaction for the
        batch; repeats are skipped. Returns how many were new.

        Raises:
            ConflictingEvent: an id or (device, sequence) already holds different content;
                nothing of the batch is applied.
        """
        new = 0
        with self.transaction():
            for event in events:
                if apply_event(self.conn, event, local=False):
                    new += 1
                    self.clock.observe(HlcTimestamp.decode(event.hlc))
        self._load_chain()  # an event of ours restored from elsewhere moves the chain on
        return new

    # Reading events -----------------------------------------------------------------------

    def event(self, event_id: str) -> Event | None:
        row = self.conn.execute("SELECT body FROM events WHERE id = ?", (event_id,)).fetchone()
        return event_from_body(row[0]) if row else None

    def events(self) -> list[Event]:
        """Every stored event, in local arrival order."""
        return [
            event_from_body(body)
            for (body,) in self.conn.execute("SELECT body FROM events ORDER BY seq")
        ]

    def pending_count(self) -> int:
        return int(
            self.conn.execute(
                "SELECT count(*) FROM events WHERE is_local = 1 AND acked = 0"
            ).fetchone()[0]
        )

    # The whole projection, for comparison with ledger.projection.Projection.state() ------

    def state(self) -> dict[str, Any]:
        c = self.conn
        balances = {
            (m, p): v
            for m, p, v in c.execute(
                "SELECT member_id, product, balance FROM member_balances"
                " WHERE balance != 0 ORDER BY member_id, product"
            )
        }
        gl = dict(
            c.execute("SELECT account, balance FROM gl_balances WHERE balance != 0 ORDER BY 1")
        )
        profiles: dict[str, dict[str, str]] = {}
        cols = ", ".join(MEMBER_COLUMNS)
        for row in c.execute(f"SELECT member_id, stamps, {cols} FROM members ORDER BY member_id"):
            written = json.loads(row[1])
            values = dict(zip(MEMBER_COLUMNS, row[2:], strict=True))
            profiles[row[0]] = {f: values[f] for f in sorted(written)}
        staff = {
            r[0]: {
                "user_id": r[0],
                "username": r[1],
                "full_name": r[2],
                "role": r[3],
                "password_hash": r[4],
                "active": bool(r[5]),
                "branch_id": r[6],
            }
            for r in c.execute(
                "SELECT user_id, username, full_name, role, password_hash, active, branch_id"
                " FROM staff ORDER BY user_id"
            )
        }
        settings = {
            f"{scope}/{key}": value
            for scope, key, value in c.execute(
                "SELECT scope, key, value FROM settings ORDER BY scope, key"
            )
        }
        sessions = dict(
            c.execute("SELECT session_id, status FROM teller_sessions ORDER BY session_id")
        )
        closed_days = [
            (b, d)
            for b, d in c.execute("SELECT branch_id, business_date FROM closed_days ORDER BY 1, 2")
        ]
        return {
            "balances": balances,
            "gl": gl,
            "profiles": profiles,
            "staff": staff,
            "settings": settings,
            "sessions": sessions,
            "closed_days": closed_days,
            **loans.projection_state(c),
        }
