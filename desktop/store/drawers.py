"""Each drawer session's own expected cash, as a projection table (``drawer_cash``).

The teller's cash account (``1101:branch:teller``) is the teller's, not the drawer's: once a
branch's PCs sync, it also holds the same teller's drawer on another PC. What one drawer should
hold is the sum of :attr:`ledger.projection.Effects.drawer` over its session.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ledger.accounts import is_teller_cash


def add(conn: sqlite3.Connection, deltas: Iterable[tuple[str, int]]) -> None:
    """Add ``(session_id, rupiah)`` deltas (inside the caller's transaction)."""
    conn.executemany(
        "INSERT INTO drawer_cash (session_id, balance) VALUES (?, ?)"
        " ON CONFLICT (session_id) DO UPDATE SET balance = balance + excluded.balance",
        list(deltas),
    )


def expected(conn: sqlite3.Connection, session_id: str) -> int:
    row = conn.execute(
        "SELECT balance FROM drawer_cash WHERE session_id = ?", (session_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def _session(body: str) -> str:
    payload = json.loads(body).get("payload", {})
    return str(payload.get("session_id", "") or "")


def backfill_drawer_cash(conn: sqlite3.Connection) -> None:
    """Rebuild ``drawer_cash`` from the journal lines already stored (migration 0005).

    The session of a line is its event's; a reversal that names no session gives the cash back
    through the drawer that took it (:func:`ledger.posting.post_reversal`).
    """
    totals: dict[str, int] = {}
    rows = conn.execute(
        "SELECT j.event_id, j.account, j.debit - j.credit, e.body,"
        " (SELECT t.body FROM reversals r JOIN events t ON t.id = r.target_event_id"
        "  WHERE r.reversal_event_id = j.event_id LIMIT 1)"
        " FROM journal_lines j JOIN events e ON e.id = j.event_id"
        " WHERE j.account LIKE '1101:%'"
    ).fetchall()
    for _event_id, account, signed, body, target_body in rows:
        if not is_teller_cash(account):
            continue
        session = _session(body) or (_session(target_body) if target_body else "")
        if session:
            totals[session] = totals.get(session, 0) + int(signed)
    add(conn, ((s, v) for s, v in totals.items() if v))
