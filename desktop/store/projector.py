"""Applying events to the projection tables, the SQL twin of :class:`ledger.projection.Projection`.

Local events and events pulled from other devices take exactly this path, inside the caller's
transaction, so the tables are always the same function of the set of events that
``Projection`` computes in memory (the tests hold the two side by side).

* Money: journal lines, account and member balances are sums, applied once per event.
* Profiles: each field keeps the write with the greatest (HLC, device id) stamp; the stamps live
  in ``members.stamps`` so a late, older edit from another device loses as it should.
* Reversals: applied when both the reversal and its target are present, whichever came first.
* Loans: sub-ledger rows and products in :mod:`desktop.store.loans`.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from desktop.store import devices, drawers, loans
from ledger.errors import LumbungError
from ledger.events import (
    DayClosed,
    DeviceNumbered,
    Event,
    Payload,
    Reversed,
    ReviewCaseOpened,
    ReviewCaseResolved,
    SettingChanged,
    StaffAccountSet,
    TellerSessionClosed,
    TellerSessionOpened,
)
from ledger.loans.events import LoanProductDefined
from ledger.projection import Effects, effects_of, reversal_effects

#: Member columns a field write may set (every MemberRegistered field plus status).
MEMBER_COLUMNS: tuple[str, ...] = (
    "member_no",
    "nik",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "phone",
    "occupation",
    "mother_maiden_name",
    "join_date",
    "home_branch",
    "status",
)


class ConflictingEvent(LumbungError):
    """Same event id (or device and sequence) already stored with different content."""

    def __init__(self, event_id: str) -> None:
        super().__init__(
            f"Peristiwa {event_id} sudah tersimpan dengan isi berbeda; dihentikan.",
            f"Event {event_id} is already stored with different content; stopped.",
        )


def event_from_body(body: str) -> Event:
    return Event.from_dict(json.loads(body))


def load_event(conn: sqlite3.Connection, event_id: str) -> Event | None:
    row = conn.execute("SELECT body FROM events WHERE id = ?", (event_id,)).fetchone()
    return event_from_body(row[0]) if row else None


def _body(event: Event) -> str:
    # The canonical form (ledger.canonical) without its type walk: a local event's content was
    # checked when its hash was made, and a remote one is type-checked by ``typed()`` below.
    return json.dumps(event.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


INSERT_EVENT = (
    "INSERT INTO events (id, type, branch_id, device_id, device_seq, hlc, actor,"
    " authorizer, business_date, hash, body, is_local, pushed, acked)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)"
)


def event_row(event: Event, *, local: bool) -> tuple[Any, ...]:
    return (
        event.id,
        event.type,
        event.branch_id,
        event.device_id,
        event.device_seq,
        event.hlc,
        event.actor,
        event.authorizer,
        event.business_date,
        event.hash,
        _body(event),
        int(local),
        int(not local),  # what came from elsewhere is not ours to push
    )


def stamps_json(stamps: dict[str, list[str]]) -> str:
    return json.dumps(stamps, sort_keys=True, separators=(",", ":"))


def insert_event(conn: sqlite3.Connection, event: Event, *, local: bool) -> bool:
    """Store ``event``; False if it is already there (a repeat is a no-op).

    Raises:
        ConflictingEvent: the id, or the device and sequence, hold different content.
    """
    try:
        conn.execute(INSERT_EVENT, event_row(event, local=local))
    except sqlite3.IntegrityError:
        row = conn.execute("SELECT hash FROM events WHERE id = ?", (event.id,)).fetchone()
        if row is not None and row[0] == event.hash:
            return False
        raise ConflictingEvent(event.id) from None
    return True


def apply_event(conn: sqlite3.Connection, event: Event, *, local: bool) -> list[Effects]:
    """Store ``event`` and apply its effects; returns the effects applied (``[]`` for a repeat).

    Must run inside the caller's transaction.
    """
    if not insert_event(conn, event, local=local):
        return []
    payload = event.typed()
    applied = [effects_of(event)]
    if isinstance(payload, Reversed):
        conn.execute(
            "INSERT OR IGNORE INTO reversals (target_event_id, reversal_event_id, reason)"
            " VALUES (?, ?, ?)",
            (payload.target_event_id, event.id, payload.reason),
        )
        target = load_event(conn, payload.target_event_id)
        if target is not None:
            applied.append(reversal_effects(event, target))
    if not local:
        # Reversals that arrived before their target take effect now. (Nothing can name an
        # event this device has only just made.)
        for (reversal_id,) in conn.execute(
            "SELECT reversal_event_id FROM reversals WHERE target_event_id = ?", (event.id,)
        ).fetchall():
            reversal = load_event(conn, reversal_id)
            if reversal is not None and reversal.id != event.id:
                applied.append(reversal_effects(reversal, event))
    for effects in applied:
        apply_effects(conn, effects)
    apply_state(conn, event, payload)
    return applied


def apply_effects(conn: sqlite3.Connection, effects: Effects, *, sums: bool = True) -> None:
    """Write ``effects`` (inside the caller's transaction).

    ``sums=False`` writes only what logs the event: journal lines, member movements and the
    drawer's cash, not account and member balances, profiles or loans. A bootstrapped store's
    history window takes that path (:func:`desktop.store.sync_state.apply_history`): its sums
    came with the snapshot.
    """
    if effects.journal is not None:
        conn.executemany(
            "INSERT INTO journal_lines (event_id, account, debit, credit) VALUES (?, ?, ?, ?)",
            [(effects.event_id, ln.account, ln.debit, ln.credit) for ln in effects.journal.lines],
        )
        if sums:
            conn.executemany(
                "INSERT INTO gl_balances (account, balance) VALUES (?, ?)"
                " ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance",
                [(ln.account, ln.signed) for ln in effects.journal.lines],
            )
    for b in effects.balances:
        if sums:
            conn.execute(
                "INSERT INTO member_balances (member_id, product, balance) VALUES (?, ?, ?)"
                " ON CONFLICT (member_id, product)"
                " DO UPDATE SET balance = balance + excluded.balance",
                (b.member_id, b.product, b.amount),
            )
        conn.execute(
            "INSERT INTO member_tx (event_id, member_id, product, amount) VALUES (?, ?, ?, ?)",
            (effects.event_id, b.member_id, b.product, b.amount),
        )
    if sums:
        if effects.fields:
            _write_fields(conn, effects)
        loans.insert_movements(conn, effects.loans)
    if effects.drawer:
        drawers.add(conn, effects.drawer)


def _write_fields(conn: sqlite3.Connection, effects: Effects) -> None:
    by_member: dict[str, list[Any]] = {}
    for w in effects.fields:
        by_member.setdefault(w.member_id, []).append(w)
    for member_id, writes in by_member.items():
        row = conn.execute(
            "SELECT stamps FROM members WHERE member_id = ?", (member_id,)
        ).fetchone()
        stamps: dict[str, list[str]] = json.loads(row[0]) if row else {}
        changed: dict[str, str] = {}
        for w in writes:
            if w.field not in MEMBER_COLUMNS:
                continue  # a field this version does not know; the event keeps it
            current = stamps.get(w.field)
            if current is None or tuple(w.stamp) > tuple(current):
                stamps[w.field] = list(w.stamp)
                changed[w.field] = w.value
        if not changed:
            continue
        encoded = stamps_json(stamps)
        if row is None:
            cols = ["member_id", *changed, "stamps"]
            conn.execute(
                f"INSERT INTO members ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                (member_id, *changed.values(), encoded),
            )
        else:
            sets = ", ".join(f"{c} = ?" for c in (*changed, "stamps"))
            conn.execute(
                f"UPDATE members SET {sets} WHERE member_id = ?",
                (*changed.values(), encoded, member_id),
            )


def _newer(
    conn: sqlite3.Connection, sql: str, key: tuple[Any, ...], stamp: tuple[str, str]
) -> bool:
    row = conn.execute(sql, key).fetchone()
    return row is None or stamp > (row[0], row[1])


def apply_state(conn: sqlite3.Connection, event: Event, p: Payload) -> None:
    """State that is not money or profile: staff, settings, drawer sessions, days, cases."""
    stamp = event.stamp
    if isinstance(p, StaffAccountSet):
        if _newer(
            conn,
            "SELECT stamp_hlc, stamp_device FROM staff WHERE user_id = ?",
            (p.user_id,),
            stamp,
        ):
            conn.execute(
                "INSERT OR REPLACE INTO staff (user_id, username, full_name, role, password_hash,"
                " active, branch_id, stamp_hlc, stamp_device) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    p.user_id,
                    p.username,
                    p.full_name,
                    p.role,
                    p.password_hash,
                    int(p.active),
                    p.branch_id,
                    *stamp,
                ),
            )
    elif isinstance(p, SettingChanged):
        if _newer(
            conn,
            "SELECT stamp_hlc, stamp_device FROM settings WHERE scope = ? AND key = ?",
            (p.scope, p.key),
            stamp,
        ):
            conn.execute(
                "INSERT OR REPLACE INTO settings (scope, key, value, stamp_hlc, stamp_device)"
                " VALUES (?, ?, ?, ?, ?)",
                (p.scope, p.key, p.value, *stamp),
            )
    elif isinstance(p, TellerSessionOpened):
        conn.execute(
            "INSERT INTO teller_sessions (session_id, teller_id, device_id, business_date,"
            " opened_event_id, opened_hlc, opening_float, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'open')"
            " ON CONFLICT (session_id) DO UPDATE SET teller_id = excluded.teller_id,"
            " device_id = excluded.device_id, business_date = excluded.business_date,"
            " opened_event_id = excluded.opened_event_id, opened_hlc = excluded.opened_hlc,"
            " opening_float = excluded.opening_float",
            (
                p.session_id,
                p.teller_id,
                event.device_id,
                event.business_date,
                event.id,
                event.hlc,
                p.opening_float,
            ),
        )
    elif isinstance(p, TellerSessionClosed):
        conn.execute(
            "INSERT INTO teller_sessions (session_id, teller_id, status, closed_event_id,"
            " expected, counted_total) VALUES (?, ?, 'closed', ?, ?, ?)"
            " ON CONFLICT (session_id) DO UPDATE SET status = 'closed',"
            " closed_event_id = excluded.closed_event_id, expected = excluded.expected,"
            " counted_total = excluded.counted_total",
            (p.session_id, p.teller_id, event.id, p.expected, p.counted_total),
        )
    elif isinstance(p, DayClosed):
        conn.execute(
            "INSERT OR IGNORE INTO closed_days (branch_id, business_date) VALUES (?, ?)",
            (event.branch_id, p.business_date),
        )
    elif isinstance(p, ReviewCaseOpened):
        conn.execute(
            "INSERT INTO review_cases (case_id, kind, member_id, hold) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (case_id) DO UPDATE SET kind = excluded.kind,"
            " member_id = excluded.member_id, hold = excluded.hold",
            (p.case_id, p.kind, p.member_id, int(p.hold)),
        )
    elif isinstance(p, LoanProductDefined):
        loans.write_product(conn, p, stamp)
    elif isinstance(p, DeviceNumbered):
        devices.write_numbering(conn, event, p)
    elif isinstance(p, ReviewCaseResolved):
        conn.execute(
            "INSERT INTO review_cases (case_id, resolution) VALUES (?, ?)"
            " ON CONFLICT (case_id) DO UPDATE SET resolution = excluded.resolution",
            (p.case_id, p.resolution),
        )
