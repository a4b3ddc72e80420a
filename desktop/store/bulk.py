"""Registering members in bulk (benchmarks and large demo registers).

Per-event application (:mod:`desktop.store.projector`) costs a few hundred microseconds of
Python per member; a 100,000-member register would take most of a minute. This path makes the
very same events with the device chain and writes the very same rows with ``executemany``:
the journal lines come from :func:`ledger.posting.post`, the profile fields from
:func:`ledger.projection.registration_fields`. ``tests/desktop_store/test_bulk.py`` holds the
two paths table-for-table equal.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from desktop.store import drawers
from desktop.store.projector import INSERT_EVENT, MEMBER_COLUMNS, event_row, stamps_json
from desktop.store.store import Store
from ledger.events import Event, MemberRegistered, SavingsDeposited
from ledger.posting import post
from ledger.projection import drawer_delta, registration_fields

_COLUMNS = ("member_id", *MEMBER_COLUMNS, "stamps")
_INSERT_MEMBER = (
    f"INSERT INTO members ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
)


def _insert_members(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    # FTS5 fed row by row through the insert trigger costs ~70 us a member; one set-based
    # insert of the same columns costs ~10. The trigger is lifted for the batch and put back
    # verbatim, all inside the caller's transaction, so the schema never changes.
    (trigger,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'members_fts_ai'"
    ).fetchone()
    (last_id,) = conn.execute("SELECT coalesce(max(id), 0) FROM members").fetchone()
    conn.execute("DROP TRIGGER members_fts_ai")
    conn.executemany(_INSERT_MEMBER, rows)
    conn.execute(
        "INSERT INTO members_fts (rowid, name, nik, member_no, address)"
        " SELECT id, name, nik, member_no, address FROM members WHERE id > ? ORDER BY id",
        (last_id,),
    )
    conn.execute(trigger)


def register_members(
    store: Store,
    members: Iterable[tuple[MemberRegistered, SavingsDeposited]],
    *,
    actor: str,
    business_date: str,
) -> list[Event]:
    """Append a MemberRegistered and its pokok deposit per member (caller's transaction).

    Only for members new to the store (the caller guarantees unique ids and NIKs).
    """
    if not store.conn.in_transaction or store.chain is None:
        raise RuntimeError("register_members() needs a transaction on an initialised store")
    chain = store.chain
    events: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    balances: list[tuple[str, str, int]] = []
    movements: list[tuple[str, str, str, int]] = []
    lines: list[tuple[str, str, int, int]] = []
    gl: dict[str, int] = defaultdict(int)
    drawer: dict[str, int] = defaultdict(int)
    made: list[Event] = []
    for registration, deposit in members:
        joined = chain.make(registration, actor=actor, business_date=business_date)
        paid = chain.make(deposit, actor=actor, business_date=business_date)
        made += (joined, paid)
        events += (event_row(joined, local=True), event_row(paid, local=True))
        fields = registration_fields(registration)
        stamp = [joined.hlc, joined.device_id]
        stamps = stamps_json({name: stamp for name in fields})
        rows.append((registration.member_id, *(fields[c] for c in MEMBER_COLUMNS), stamps))
        entry = post(paid, deposit)
        assert entry is not None
        for line in entry.lines:
            lines.append((paid.id, line.account, line.debit, line.credit))
            gl[line.account] += line.signed
        for session_id, amount in drawer_delta(deposit.session_id, entry):
            drawer[session_id] += amount
        balances.append((deposit.member_id, deposit.product, deposit.amount))
        movements.append((paid.id, deposit.member_id, deposit.product, deposit.amount))
    conn = store.conn
    conn.executemany(INSERT_EVENT, events)
    _insert_members(conn, rows)
    conn.executemany(
        "INSERT INTO member_balances (member_id, product, balance) VALUES (?, ?, ?)"
        " ON CONFLICT (member_id, product) DO UPDATE SET balance = balance + excluded.balance",
        balances,
    )
    conn.executemany(
        "INSERT INTO member_tx (event_id, member_id, product, amount) VALUES (?, ?, ?, ?)",
        movements,
    )
    conn.executemany(
        "INSERT INTO journal_lines (event_id, account, debit, credit) VALUES (?, ?, ?, ?)", lines
    )
    conn.executemany(
        "INSERT INTO gl_balances (account, balance) VALUES (?, ?)"
        " ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance",
        list(gl.items()),
    )
    drawers.add(conn, drawer.items())
    return made
