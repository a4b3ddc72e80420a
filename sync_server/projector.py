"""The central projections, updated in the writer's transaction from a batch of new events.

The same rules as :class:`ledger.projection.Projection` (the reference it is tested against),
applied set-wise: a batch's changes are summed or reduced in memory first, then written with
one statement per table (``executemany``), so ten thousand events a second stay affordable.

* money: journal lines inserted, balances and GL accounts incremented (sums commute);
* profile fields, staff accounts, settings: the write with the greatest (HLC, device id) stamp
  wins, decided by the upsert's WHERE so the stored winner is compared too;
* a reversal's mirror entry is applied once both it and its target are stored, whichever
  arrived first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from ledger.canonical import canonical_json
from ledger.events import (
    DayClosed,
    DeviceNumbered,
    Event,
    MemberRegistered,
    Payload,
    Reversed,
    ReviewCaseOpened,
    ReviewCaseResolved,
    SettingChanged,
    StaffAccountSet,
    TellerSessionClosed,
    TellerSessionOpened,
)
from ledger.loans.events import LoanProductDefined, LoanRepaid, LoanSettled
from ledger.projection import Effects, Stamp, reversal_effects
from sync_server import devices, loans
from sync_server.store import tables as t

#: The product a review hold freezes (withdrawals over the counter come only from sukarela).
HOLD_PRODUCT = "sukarela"


@dataclass
class Touched:
    """What a batch changed that the review rules look at.

    Attributes:
        lowered: ``(member_id, product)`` -> ids of the events that lowered that balance.
        registrations: ``(member_id, nik, event_id, global_seq)`` of new members.
        loan_payments: ``(global_seq, event_id, payload)`` of new repayments and settlements.
        reversals: ``(reversal_id, target_id)`` of new reversals.
    """

    lowered: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    registrations: list[tuple[str, str, str, int]] = field(default_factory=list)
    loan_payments: list[tuple[int, str, LoanRepaid | LoanSettled]] = field(default_factory=list)
    reversals: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class NewEvent:
    """An event with its global sequence, as the projector takes it."""

    seq: int
    event: Event
    payload: Payload
    effects: Effects


# Parameters per PostgreSQL statement (the protocol allows 65,535).
_PG_MAX_PARAMS = 30_000

JOURNAL_COLUMNS = (
    "event_id",
    "line_no",
    "global_seq",
    "branch_id",
    "business_date",
    "account",
    "debit",
    "credit",
)


def bulk(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    conflict: str = "",
) -> None:
    """``INSERT`` many rows straight through the driver.

    The hot path of ingestion: SQLAlchemy's per-row parameter processing cost more than SQLite
    itself. SQLite gets ``executemany`` (a loop in C); PostgreSQL one multi-row ``VALUES``
    statement per chunk, one round trip instead of one per row. Callers reduce rows by key
    first, so no statement touches a row twice (which ``ON CONFLICT DO UPDATE`` forbids).
    """
    if not rows:
        return
    for name in columns:
        assert name in table.c, name  # names come from code, never from input
    head = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES "
    if conn.dialect.name == "sqlite":
        one = f"({', '.join(['?'] * len(columns))})"
        conn.exec_driver_sql(f"{head}{one} {conflict}", list(rows))
        return
    one = f"({', '.join(['%s'] * len(columns))})"
    step = max(1, _PG_MAX_PARAMS // len(columns))
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        params = tuple(value for row in chunk for value in row)
        conn.exec_driver_sql(f"{head}{', '.join([one] * len(chunk))} {conflict}", params)


def _insert(conn: Connection, table: Table) -> Any:
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    return dialect.insert(table)


def load_events(conn: Connection, ids: Iterable[str]) -> dict[str, Event]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = conn.execute(select(t.events.c.body).where(t.events.c.event_id.in_(wanted)))
    events = (Event.from_dict(json.loads(body)) for (body,) in rows)
    return {e.id: e for e in events}


class _Batch:
    """The batch's changes, reduced in memory before they are written."""

    def __init__(self) -> None:
        self.journal: list[tuple[Any, ...]] = []
        self.balances: dict[tuple[str, str], int] = defaultdict(int)
        self.gl: dict[str, int] = defaultdict(int)
        self.fields: dict[tuple[str, str], tuple[str, Stamp]] = {}
        self.members: list[dict[str, Any]] = []
        self.staff: dict[str, tuple[dict[str, Any], Stamp]] = {}
        self.settings: dict[tuple[str, str], tuple[str, Stamp]] = {}
        self.sessions: dict[str, tuple[str, str]] = {}
        self.closed_days: set[tuple[str, str]] = set()
        self.reversals: list[dict[str, str]] = []
        self.cases: list[tuple[int, Payload]] = []
        self.loan_rows: list[tuple[Any, ...]] = []
        self.loan_products: dict[str, tuple[LoanProductDefined, Stamp]] = {}
        self.numberings: list[tuple[int, Event, DeviceNumbered]] = []
        self.touched = Touched()

    def money(self, effects: Effects, seq: int, event: Event) -> None:
        je = effects.journal
        if je is not None:
            branch, day, eid = event.branch_id, event.business_date, je.event_id
            for no, line in enumerate(je.lines):
                self.journal.append(
                    (eid, no, seq, branch, day, line.account, line.debit, line.credit)
                )
                self.gl[line.account] += line.debit - line.credit
        for b in effects.balances:
            key = (b.member_id, b.product)
            self.balances[key] += b.amount
            if b.amount < 0:
                self.touched.lowered.setdefault(key, []).append(effects.event_id)
        for m in effects.loans:
            self.loan_rows.append(loans.to_row(m, seq))
        for w in effects.fields:
            fkey = (w.member_id, w.field)
            current = self.fields.get(fkey)
            if current is None or w.stamp > current[1]:
                self.fields[fkey] = (w.value, w.stamp)

    def state(self, seq: int, event: Event, p: Payload) -> None:
        if isinstance(p, MemberRegistered):
            self.members.append(
                {
                    "member_id": p.member_id,
                    "nik": p.nik,
                    "member_no": p.member_no,
                    "home_branch": p.home_branch,
                    "registered_event_id": event.id,
                    "registered_seq": seq,
                }
            )
            self.touched.registrations.append((p.member_id, p.nik, event.id, seq))
        elif isinstance(p, StaffAccountSet):
            cur = self.staff.get(p.user_id)
            if cur is None or event.stamp > cur[1]:
                self.staff[p.user_id] = (p.to_dict(), event.stamp)
        elif isinstance(p, SettingChanged):
            skey = (p.scope, p.key)
            scur = self.settings.get(skey)
            if scur is None or event.stamp > scur[1]:
                self.settings[skey] = (p.value, event.stamp)
        elif isinstance(p, TellerSessionOpened):
            self.sessions.setdefault(p.session_id, (event.branch_id, "open"))
        elif isinstance(p, TellerSessionClosed):
            self.sessions[p.session_id] = (event.branch_id, "closed")
        elif isinstance(p, DayClosed):
            self.closed_days.add((event.branch_id, p.business_date))
        elif isinstance(p, ReviewCaseOpened | ReviewCaseResolved):
            self.cases.append((seq, p))
        elif isinstance(p, Reversed):
            self.reversals.append({"reversal_id": event.id, "target_id": p.target_event_id})
            self.touched.reversals.append((event.id, p.target_event_id))
        elif isinstance(p, LoanRepaid | LoanSettled):
            self.touched.loan_payments.append((seq, event.id, p))
        elif isinstance(p, DeviceNumbered):
            self.numberings.append((seq, event, p))
        elif isinstance(p, LoanProductDefined):
            current = self.loan_products.get(p.product_id)
            if current is None or event.stamp > current[1]:
                self.loan_products[p.product_id] = (p, event.stamp)


def project(conn: Connection, batch: Sequence[NewEvent]) -> Touched:
    """Apply ``batch`` (already inserted into ``events``) to every central projection."""
    acc = _Batch()
    ids = {n.event.id for n in batch}
    wanted_targets = {
        n.payload.target_event_id for n in batch if isinstance(n.payload, Reversed)
    } - ids
    stored_targets = load_events(conn, wanted_targets)
    # Reversals stored earlier whose target is in this batch.
    waiting: dict[str, list[Event]] = {}
    if ids:
        pending = conn.execute(
            select(t.reversals.c.reversal_id, t.reversals.c.target_id).where(
                t.reversals.c.target_id.in_(bindparam("ids", expanding=True))
            ),
            {"ids": list(ids)},
        ).all()
        if pending:
            stored_reversals = load_events(conn, (r for r, _ in pending))
            for reversal_id, target_id in pending:
                waiting.setdefault(target_id, []).append(stored_reversals[reversal_id])
    seen: dict[str, Event] = {}
    for n in batch:
        event, p = n.event, n.payload
        acc.money(n.effects, n.seq, event)
        if isinstance(p, Reversed):
            target = seen.get(p.target_event_id) or stored_targets.get(p.target_event_id)
            if target is not None:
                acc.money(reversal_effects(event, target), n.seq, event)
            else:
                waiting.setdefault(p.target_event_id, []).append(event)
        for reversal in waiting.pop(event.id, []):
            acc.money(reversal_effects(reversal, event), n.seq, reversal)
        seen[event.id] = event
        acc.state(n.seq, event, p)
    _write(conn, acc)
    return acc.touched


def _write(conn: Connection, acc: _Batch) -> None:
    if acc.journal:
        bulk(conn, t.journal_lines, JOURNAL_COLUMNS, acc.journal)
    if acc.balances:
        bulk(
            conn,
            t.balances,
            ("member_id", "product", "amount"),
            [(m, p, v) for (m, p), v in acc.balances.items() if v],
            "ON CONFLICT (member_id, product) DO UPDATE SET amount = balances.amount + "
            "excluded.amount",
        )
    if acc.gl:
        bulk(
            conn,
            t.gl_balances,
            ("account", "balance"),
            [(k, v) for k, v in acc.gl.items() if v],
            "ON CONFLICT (account) DO UPDATE SET balance = gl_balances.balance + excluded.balance",
        )
    if acc.fields:
        bulk(
            conn,
            t.member_fields,
            ("member_id", "field", "value", "hlc", "device_id"),
            [(m, f, v, s[0], s[1]) for (m, f), (v, s) in acc.fields.items()],
            "ON CONFLICT (member_id, field) DO UPDATE SET value = excluded.value, "
            "hlc = excluded.hlc, device_id = excluded.device_id "
            "WHERE (excluded.hlc, excluded.device_id) > "
            "(member_fields.hlc, member_fields.device_id)",
        )
    if acc.members:
        conn.execute(_insert(conn, t.members).on_conflict_do_nothing(), acc.members)
    if acc.staff:
        rows = [{**data, "hlc": s[0], "device_id": s[1]} for data, s in acc.staff.values()]
        _latest(conn, t.staff, ["user_id"], rows)
    if acc.settings:
        rows = [
            {"scope": sc, "key": k, "value": v, "hlc": s[0], "device_id": s[1]}
            for (sc, k), (v, s) in acc.settings.items()
        ]
        _latest(conn, t.settings, ["scope", "key"], rows)
    _sessions(conn, acc.sessions)
    if acc.closed_days:
        rows = [{"branch_id": b, "business_date": d} for b, d in sorted(acc.closed_days)]
        conn.execute(_insert(conn, t.closed_days).on_conflict_do_nothing(), rows)
    if acc.reversals:
        conn.execute(_insert(conn, t.reversals).on_conflict_do_nothing(), acc.reversals)
    for seq, p in acc.cases:
        _case(conn, seq, p)
    bulk(conn, t.loan_movements, loans.COLUMNS, acc.loan_rows)
    if acc.loan_products:
        rows = [
            {
                "product_id": pid,
                "product": canonical_json(p.product).decode(),
                "active": p.active,
                "hlc": s[0],
                "device_id": s[1],
            }
            for pid, (p, s) in acc.loan_products.items()
        ]
        _latest(conn, t.loan_products, ["product_id"], rows)
    devices.write_numberings(conn, acc.numberings)


def _latest(conn: Connection, table: Table, keys: list[str], rows: list[dict[str, Any]]) -> None:
    """Upsert ``rows`` where their (hlc, device_id) stamp beats the stored one."""
    stmt = _insert(conn, table)
    columns = [c for c in rows[0] if c not in keys]
    stmt = stmt.on_conflict_do_update(
        index_elements=keys,
        set_={c: stmt.excluded[c] for c in columns},
        where=tuple_(stmt.excluded.hlc, stmt.excluded.device_id)
        > tuple_(table.c.hlc, table.c.device_id),
    )
    conn.execute(stmt, rows)


def _sessions(conn: Connection, sessions: dict[str, tuple[str, str]]) -> None:
    opened = [
        {"session_id": s, "branch_id": b, "state": st}
        for s, (b, st) in sessions.items()
        if st == "open"
    ]
    closed = [
        {"session_id": s, "branch_id": b, "state": st}
        for s, (b, st) in sessions.items()
        if st == "closed"
    ]
    if opened:
        conn.execute(_insert(conn, t.sessions).on_conflict_do_nothing(), opened)
    if closed:
        stmt = _insert(conn, t.sessions)
        stmt = stmt.on_conflict_do_update(index_elements=["session_id"], set_={"state": "closed"})
        conn.execute(stmt, closed)


def _case(conn: Connection, seq: int, p: Payload) -> None:
    if isinstance(p, ReviewCaseOpened):
        values = {
            "kind": p.kind,
            "member_id": p.member_id,
            "event_ids": json.dumps(p.event_ids),
            "detail": p.detail,
            "hold": p.hold,
        }
        stmt = _insert(conn, t.review_cases).values(
            case_id=p.case_id, resolution="", note="", opened_seq=seq, **values
        )
        conn.execute(stmt.on_conflict_do_update(index_elements=["case_id"], set_=values))
        if p.hold:
            conn.execute(
                _insert(conn, t.holds)
                .values(case_id=p.case_id, member_id=p.member_id, product=HOLD_PRODUCT)
                .on_conflict_do_nothing()
            )
    elif isinstance(p, ReviewCaseResolved):
        found = conn.execute(
            update(t.review_cases)
            .where(t.review_cases.c.case_id == p.case_id)
            .values(resolution=p.resolution, note=p.note, resolved_seq=seq)
        ).rowcount
        if not found:
            # Resolved before we saw it opened (a branch decided first): keep the decision.
            conn.execute(
                t.review_cases.insert().values(
                    case_id=p.case_id,
                    kind="",
                    member_id="",
                    event_ids="[]",
                    detail="",
                    hold=False,
                    resolution=p.resolution,
                    note=p.note,
                    opened_seq=seq,
                    resolved_seq=seq,
                )
            )
        if p.release_hold:
            conn.execute(delete(t.holds).where(t.holds.c.case_id == p.case_id))
