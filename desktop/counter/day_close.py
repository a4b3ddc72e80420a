"""The supervisor's end of day: the drawers, the outbox, head office's agreement, the close.

A business day closes when every teller session of the day is closed, nothing waits to be
pushed, and head office holds exactly the branch's day. The last is shown two ways: the
branch's closing digest per device (:func:`ledger.digest.closing_digest`) beside the
server's, and every difference event by event (:func:`ledger.reconcile.compare_day` over the
server's fingerprints). The server's side comes from the sync thread; :func:`reconcile`
records what it said in ``day_closes``.

Closing posts a ``DayClosed`` event carrying the branch's digest (head office checks it on
arrival). A supervisor may close without head office's agreement only with a written reason:
while offline (the reconciliation is then *pending* and completes after the next sync) or
over a mismatch they have seen (head office opens a review case). Afterwards nothing posts into
that date and the next business date opens (:func:`next_open_date`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.counter import loan_reads
from desktop.counter.context import Context, local_time
from desktop.counter.loan_records import ArrearsReport
from desktop.counter.records import StaffUser
from desktop.store import devices as store_devices
from desktop.store.projector import event_from_body
from ledger.accounts import CASH_TELLER, code_of, teller_cash
from ledger.devices import (
    DEFAULT_CONTACT_MINUTES,
    Blocker,
    blockers,
    device_label,
    number_at,
)
from ledger.digest import (
    DIGEST_VERSION,
    NOT_RECONCILED,
    closing_digest,
    event_amount,
    reversal_targets,
)
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import (
    GENESIS_HASH,
    DayClosed,
    Event,
    TellerSessionClosed,
    TellerSessionOpened,
)
from ledger.loans.arrears import KOLEKTIBILITAS, LoanAge, portfolio_quality
from ledger.reconcile import DayEvent, Mismatch, compare_day, day_events

AGREED, MISMATCH, PENDING = "agreed", "mismatch", "pending"


@dataclass(frozen=True)
class SessionLine:
    """One teller session of the day, as the day-close screen lists it.

    Attributes:
        device: This device's number (``"01"``) or another device's id tail.
        transactions: Cash postings through the session (its opening and closing not counted).
        cash_in: Cash into the drawer by those postings.
        cash_out: Cash out of the drawer by them.
        expected: What the drawer should hold (when closed: what it should have held).
        counted: The count at closing (0 while open).
        difference: ``counted - expected`` once closed (selisih kas), 0 while open.
    """

    session_id: str
    teller_id: str
    teller_name: str
    device: str
    opened_at: str
    opening_float: int
    status: str
    transactions: int
    cash_in: int
    cash_out: int
    expected: int
    counted: int
    difference: int


@dataclass(frozen=True)
class Reconciliation:
    """What head office said about a day, compared with the branch.

    Attributes:
        status: ``agreed``, ``mismatch`` or ``pending`` (not compared since the last change).
        local: The branch's closing digest (:func:`ledger.digest.closing_digest`).
        server: The server's digest of the same day (``None`` while pending).
        mismatches: Every difference, event by event.
        checked_at: Local time of the comparison.
        server_balanced: The server's debits equal its credits for the day.
    """

    business_date: str
    status: str
    local: dict[str, Any]
    server: dict[str, Any] | None
    mismatches: tuple[Mismatch, ...]
    checked_at: str
    server_balanced: bool = True


@dataclass(frozen=True)
class DayCloseRecord:
    """A closed day as this device recorded it."""

    business_date: str
    event_id: str
    closed_by: str
    closed_at: str
    offline: bool
    reason: str
    status: str
    portfolio: dict[str, Any]


@dataclass(frozen=True)
class PcLine:
    """One PC of the branch as head office last described it (its reply to this PC's last
    status report), with what this PC itself knows of its drawers.

    Attributes:
        label: ``"PC 02"``.
        this_pc: The PC the supervisor is working on.
        last_contact: Head office's time of the PC's last report (``""``: never).
        acked_seq: The highest of the PC's sequences head office holds.
        reported_seq: The PC's latest own sequence, as it last reported.
        waiting: Its events not yet pushed, as it last reported.
        open_drawers: Drawers open on it, as it reported or as this PC knows.
        problems: Why it holds up "matches head office" (Indonesian, one per reason).
    """

    device_id: str
    label: str
    name: str
    this_pc: bool
    last_contact: str
    acked_seq: int
    reported_seq: int
    waiting: int
    open_drawers: int
    problems: tuple[str, ...]


@dataclass(frozen=True)
class DayOverview:
    """Everything the day-close screen shows before the supervisor closes.

    Attributes:
        sessions: Every teller session of the day at this branch.
        pending: This device's events not yet acknowledged by head office.
        local: The branch's closing digest of the day.
        debits: Journal debits of the day at this branch (reversals included).
        credits: Journal credits of the same.
        books_balanced: The branch's trial balance sums to zero.
        reconciliation: The last comparison with head office, if still current.
        closed: The close, once done.
        earlier_open: Earlier dates with events at this branch that are not closed.
        next_date: The business date that opens when this one closes.
        pcs: Every PC of the branch as head office last described it.
        pcs_checked_at: When this PC last asked head office (local time; ``""``: never).
        pc_blockers: Why other PCs keep the day from closing as "matches head office".
    """

    business_date: str
    sessions: tuple[SessionLine, ...]
    pending: int
    local: dict[str, Any]
    debits: int
    credits: int
    books_balanced: bool
    reconciliation: Reconciliation | None
    closed: DayCloseRecord | None
    earlier_open: tuple[str, ...]
    next_date: str
    pcs: tuple[PcLine, ...] = ()
    pcs_checked_at: str = ""
    pc_blockers: tuple[Blocker, ...] = ()

    @property
    def open_sessions(self) -> tuple[SessionLine, ...]:
        return tuple(s for s in self.sessions if s.status == "open")

    @property
    def agreed(self) -> bool:
        return self.reconciliation is not None and self.reconciliation.status == AGREED


@dataclass(frozen=True)
class DayCloseResult:
    """A day just closed: the event, the status of its reconciliation, the next date."""

    business_date: str
    event_id: str
    status: str
    next_date: str
    closed_by: str
    closed_at: str
    offline: bool
    reason: str


# The business date ---------------------------------------------------------------------------


def last_closed(conn: Any, branch_id: str) -> str | None:
    row = conn.execute(
        "SELECT max(business_date) FROM closed_days WHERE branch_id = ?", (branch_id,)
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def next_open_date(conn: Any, branch_id: str, day: dt.date) -> dt.date:
    """``day``, or the day after the branch's last closed date when that is not earlier: once a
    day is closed, the next business date opens even if the PC's calendar has not moved."""
    closed = last_closed(conn, branch_id)
    if closed is not None and day <= dt.date.fromisoformat(closed):
        return dt.date.fromisoformat(closed) + dt.timedelta(days=1)
    return day


def is_closed(ctx: Context, day: str) -> bool:
    return bool(
        ctx.conn.execute(
            "SELECT 1 FROM closed_days WHERE branch_id = ? AND business_date = ?",
            (ctx.identity.branch_id, day),
        ).fetchone()
    )


# Reading the day -----------------------------------------------------------------------------


def events_of(ctx: Context, day: str) -> list[Event]:
    """The branch's events of ``day`` this device holds, less any that claim to be this
    device's but do not belong to its hash chain (see :func:`foreign_to_chain`)."""
    events = [
        event_from_body(body)
        for (body,) in ctx.conn.execute(
            "SELECT body FROM events WHERE branch_id = ? AND business_date = ? ORDER BY seq",
            (ctx.identity.branch_id, day),
        )
    ]
    foreign = foreign_to_chain(ctx, events)
    return [e for e in events if e.id not in foreign] if foreign else events


def foreign_to_chain(ctx: Context, events: Sequence[Event]) -> set[str]:
    """Ids of events carrying this device's id that do not link into its chain.

    The device is the authority on its own events. A pull brings every event the server holds,
    so a copy head office holds under this device's name (a duplicated posting) would
    otherwise be counted on both sides and never show; its link to the previous event gives
    it away.
    """
    device = ctx.identity.device_id
    own = sorted((e for e in events if e.device_id == device), key=lambda e: e.device_seq)
    if not own:
        return set()
    hashes = {e.device_seq: e.hash for e in own}
    foreign: set[str] = set()
    for e in own:
        previous = hashes.get(e.device_seq - 1)
        if previous is None:
            if e.device_seq == 1:
                previous = GENESIS_HASH
            else:
                row = ctx.conn.execute(
                    "SELECT hash FROM events WHERE device_id = ? AND device_seq = ?",
                    (device, e.device_seq - 1),
                ).fetchone()
                previous = str(row[0]) if row else ""
        if e.prev_hash != previous:
            foreign.add(e.id)
            hashes.pop(e.device_seq, None)  # nothing links through it either
    return foreign


def target_amounts(ctx: Context, events: Sequence[Event]) -> dict[str, int]:
    """The headline amount of every event the day's reversals undo, as this device holds it
    (a reversal counts for what it undoes: :func:`ledger.digest.value_of`)."""
    amounts: dict[str, int] = {}
    for target_id in sorted(reversal_targets((e.type, e.payload) for e in events)):
        target = ctx.store.event(target_id)
        if target is not None:
            amounts[target_id] = event_amount(target)
    return amounts


def _digest_of(ctx: Context, day: str) -> tuple[list[Event], dict[str, Any]]:
    events = events_of(ctx, day)
    targets = target_amounts(ctx, events)
    return events, closing_digest(events, ctx.identity.branch_id, day, targets)


def _device_label(ctx: Context, device_id: str) -> str:
    """The PC's number (``"02"``) as head office gave it; its id's tail only when unknown."""
    number = number_at(store_devices.numberings(ctx.conn, device_id), 2**62)
    if number is None and device_id == ctx.identity.device_id:
        number = ctx.identity.device_no
    return device_label(number, device_id)


def sessions_of(ctx: Context, day: str, events: Sequence[Event]) -> list[SessionLine]:
    """The teller sessions opened on the day, with their cash movements from the journal."""
    branch = ctx.identity.branch_id
    opened = [e for e in events if e.type == TellerSessionOpened.TYPE]
    closes = {str(e.payload["session_id"]): e for e in events if e.type == TellerSessionClosed.TYPE}
    lines = []
    for e in opened:
        sid, teller = str(e.payload["session_id"]), str(e.payload["teller_id"])
        cash = teller_cash(branch, teller)
        moved = [
            x
            for x in events
            if x.payload.get("session_id") == sid
            and x.type not in (TellerSessionOpened.TYPE, TellerSessionClosed.TYPE)
        ]
        cash_in = cash_out = 0
        for x in moved:
            for debit, credit in ctx.conn.execute(
                "SELECT debit, credit FROM journal_lines WHERE event_id = ? AND account = ?",
                (x.id, cash),
            ):
                cash_in += int(debit)
                cash_out += int(credit)
        float_in = int(e.payload["opening_float"])
        close = closes.get(sid)
        if close is None:
            row = ctx.conn.execute(
                "SELECT status FROM teller_sessions WHERE session_id = ?", (sid,)
            ).fetchone()
            status = str(row[0]) if row else "open"
            expected = float_in + cash_in - cash_out
            counted = difference = 0
        else:
            status = "closed"
            expected = int(close.payload["expected"])
            counted = int(close.payload["counted_total"])
            difference = counted - expected
        lines.append(
            SessionLine(
                session_id=sid,
                teller_id=teller,
                teller_name=ctx.staff_name(teller),
                device=_device_label(ctx, e.device_id),
                opened_at=local_time(e.hlc),
                opening_float=float_in,
                status=status,
                transactions=len(moved),
                cash_in=cash_in,
                cash_out=cash_out,
                expected=expected,
                counted=counted,
                difference=difference,
            )
        )
    # A session opened on an earlier date and never closed keeps this day open too.
    for sid, teller, device_id, opened_hlc, opening_float in ctx.conn.execute(
        "SELECT s.session_id, s.teller_id, s.device_id, s.opened_hlc, s.opening_float"
        " FROM teller_sessions s JOIN events e ON e.id = s.opened_event_id"
        " WHERE s.status = 'open' AND e.branch_id = ? AND s.business_date < ?",
        (branch, day),
    ):
        lines.append(
            SessionLine(
                sid,
                teller,
                ctx.staff_name(teller),
                _device_label(ctx, device_id),
                local_time(opened_hlc),
                int(opening_float),
                "open",
                0,
                0,
                0,
                ctx.drawer_cash(teller),
                0,
                0,
            )
        )
    return sorted(lines, key=lambda s: (s.opened_at, s.teller_name))


def journal_totals(ctx: Context, day: str) -> tuple[int, int]:
    row = ctx.conn.execute(
        "SELECT coalesce(sum(j.debit), 0), coalesce(sum(j.credit), 0) FROM journal_lines j"
        " JOIN events e ON e.id = j.event_id WHERE e.branch_id = ? AND e.business_date = ?",
        (ctx.identity.branch_id, day),
    ).fetchone()
    return int(row[0]), int(row[1])


def branch_trial_balance(ctx: Context, as_of: str | None = None) -> dict[str, int]:
    """The branch's accounts (signed, debit positive) as of the end of ``as_of`` (default:
    everything posted). Current balances less what was posted on later dates, so it also
    holds on a device that loaded its history from a snapshot."""
    branch = ctx.identity.branch_id
    balances = {
        account: int(balance)
        for account, balance in ctx.conn.execute("SELECT account, balance FROM gl_balances")
        if account.split(":")[1:2] == [branch]
    }
    if as_of is not None:
        for account, debit, credit in ctx.conn.execute(
            "SELECT j.account, j.debit, j.credit FROM journal_lines j"
            " JOIN events e ON e.id = j.event_id WHERE e.business_date > ?",
            (as_of,),
        ):
            if account.split(":")[1:2] == [branch]:
                balances[account] = balances.get(account, 0) - int(debit) + int(credit)
    return {a: v for a, v in sorted(balances.items()) if v}


def _earlier_open(ctx: Context, day: str) -> tuple[str, ...]:
    rows = ctx.conn.execute(
        "SELECT DISTINCT business_date FROM events WHERE branch_id = ? AND business_date < ?"
        " AND type NOT IN ('DayClosed') AND business_date NOT IN"
        " (SELECT business_date FROM closed_days WHERE branch_id = ?) ORDER BY 1",
        (ctx.identity.branch_id, day, ctx.identity.branch_id),
    )
    return tuple(str(r[0]) for r in rows)


def _stored(ctx: Context, day: str) -> dict[str, Any] | None:
    cur = ctx.conn.execute(
        "SELECT * FROM day_closes WHERE branch_id = ? AND business_date = ?",
        (ctx.identity.branch_id, day),
    )
    row = cur.fetchone()
    return {d[0]: v for d, v in zip(cur.description, row, strict=True)} if row else None


def _mismatches(text: str) -> tuple[Mismatch, ...]:
    return tuple(Mismatch(**m) for m in json.loads(text or "[]"))


def _reconciliation(row: Mapping[str, Any], local: dict[str, Any]) -> Reconciliation | None:
    """The stored comparison, if it still describes the branch's day as it is now."""
    if not row["checked_at"] or row["local_digest"] != local["digest"]:
        return None
    server = json.loads(row["server_digest"]) if row["server_digest"] else None
    return Reconciliation(
        business_date=str(row["business_date"]),
        status=str(row["recon_status"]),
        local=local,
        server=server,
        mismatches=_mismatches(row["mismatches"]),
        checked_at=str(row["checked_at"]),
        server_balanced=bool(server.get("balanced", True)) if server else True,
    )


def _record(row: Mapping[str, Any]) -> DayCloseRecord | None:
    if not row["closed_event_id"]:
        return None
    return DayCloseRecord(
        business_date=str(row["business_date"]),
        event_id=str(row["closed_event_id"]),
        closed_by=str(row["closed_by"]),
        closed_at=str(row["closed_at"]),
        offline=bool(row["offline"]),
        reason=str(row["reason"]),
        status=str(row["recon_status"]),
        portfolio=json.loads(row["portfolio"] or "{}"),
    )


def overview(ctx: Context, day: str | None = None) -> DayOverview:
    """The day-close screen's picture of ``day`` (default: the business date)."""
    day = day or ctx.business_date().isoformat()
    _check_date(day)
    events, local = _digest_of(ctx, day)
    debits, credits = journal_totals(ctx, day)
    row = _stored(ctx, day)
    closed = _record(row) if row else None
    pcs, checked_at, held_up = branch_pcs(ctx)
    if closed is None and is_closed(ctx, day):
        # Closed on another PC of the branch (pulled): the event says who and when.
        closing = next((e for e in events if e.type == DayClosed.TYPE), None)
        if closing is not None:
            closed = DayCloseRecord(
                day,
                closing.id,
                ctx.staff_name(closing.actor),
                local_time(closing.hlc),
                bool(closing.payload.get("offline")),
                str(closing.payload.get("reason", "")),
                PENDING,
                {},
            )
    return DayOverview(
        business_date=day,
        sessions=tuple(sessions_of(ctx, day, events)),
        pending=ctx.store.pending_count(),
        local=local,
        debits=debits,
        credits=credits,
        books_balanced=sum(branch_trial_balance(ctx).values()) == 0,
        reconciliation=_reconciliation(row, local) if row else None,
        closed=closed,
        earlier_open=_earlier_open(ctx, day),
        next_date=(dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat(),
        pcs=tuple(pcs),
        pcs_checked_at=checked_at,
        pc_blockers=tuple(held_up),
    )


def _check_date(day: str) -> None:
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        raise ValidationError(
            f"Tanggal tidak sah: {day!r}.", f"Invalid date: {day!r}.", field="business_date"
        ) from None


def _now_text(ctx: Context) -> str:
    return dt.datetime.fromtimestamp(ctx.store.wall_ms() / 1000).strftime("%Y-%m-%d %H:%M:%S")


# The branch's other PCs --------------------------------------------------------------------


def contact_minutes(ctx: Context) -> int:
    """Setting ``pc_contact_minutes`` (the branch's own beats the cooperative's)."""
    row = ctx.conn.execute(
        "SELECT value FROM settings WHERE key = 'pc_contact_minutes' AND scope IN ('', ?)"
        " ORDER BY scope DESC LIMIT 1",
        (ctx.identity.branch_id,),
    ).fetchone()
    try:
        return max(1, int(row[0])) if row else DEFAULT_CONTACT_MINUTES
    except ValueError:
        return DEFAULT_CONTACT_MINUTES


def has_server(ctx: Context) -> bool:
    """Whether this PC is enrolled with head office (a stand-alone PC sends nothing)."""
    row = ctx.conn.execute("SELECT server_url FROM sync_state").fetchone()
    return bool(row and row[0])


_has_server = has_server


def branch_pcs(ctx: Context) -> tuple[list[PcLine], str, list[Blocker]]:
    """The branch's PCs as head office last described them, when this PC asked, and every
    reason another PC keeps the day from closing as "matches head office"
    (:func:`ledger.devices.blockers`): events waiting there, no contact with head office
    within ``pc_contact_minutes``, or a drawer open there. A PC with a server whose list is
    missing or older than the same window is itself a reason: nothing is known of the
    others."""
    me = ctx.identity.device_id
    minutes = contact_minutes(ctx)
    pcs, server_time, fetched_at = store_devices.branch_pcs(ctx.conn)
    drawers_open = {
        str(device)
        for (device,) in ctx.conn.execute(
            "SELECT DISTINCT s.device_id FROM teller_sessions s JOIN events e"
            " ON e.id = s.opened_event_id WHERE s.status = 'open' AND e.branch_id = ?",
            (ctx.identity.branch_id,),
        )
        if device
    }
    held_up = blockers(
        pcs,
        this_device=me,
        server_time=server_time,
        contact_minutes=minutes,
        open_drawer_devices=drawers_open,
    )
    if _has_server(ctx):
        now = dt.datetime.fromtimestamp(ctx.store.wall_ms() / 1000)
        try:
            asked = dt.datetime.strptime(fetched_at, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            asked = None
        if asked is None or now - asked > dt.timedelta(minutes=minutes):
            held_up.insert(
                0,
                Blocker(
                    "",
                    "",
                    "unknown",
                    "Status PC lain di cabang ini belum diketahui (belum tersambung ke kantor "
                    f"pusat dalam {minutes} menit terakhir).",
                    "The status of the branch's other PCs is not known (no contact with head "
                    f"office in the last {minutes} minutes).",
                ),
            )
    lines = []
    for pc in pcs:
        if not pc.active:
            continue
        label = f"PC {device_label(pc.device_no, pc.device_id)}"
        lines.append(
            PcLine(
                device_id=pc.device_id,
                label=label,
                name=pc.name,
                this_pc=pc.device_id == me,
                last_contact=pc.last_contact_at,
                acked_seq=pc.acked_seq,
                reported_seq=pc.reported_seq,
                waiting=pc.waiting,
                open_drawers=max(pc.open_drawers, int(pc.device_id in drawers_open)),
                problems=tuple(b.message_id for b in held_up if b.device_id == pc.device_id),
            )
        )
    return lines, fetched_at, held_up


# Head office's side --------------------------------------------------------------------------


def reconcile(
    ctx: Context,
    day: str,
    server_digest: Mapping[str, Any],
    server_events: Iterable[DayEvent],
) -> Reconciliation:
    """Compare the branch's day with what head office said (fetched by the sync thread) and
    record the outcome: ``agreed`` only when both digests and every event agree."""
    _check_date(day)
    branch = ctx.identity.branch_id
    with ctx.store.transaction():
        events, local = _digest_of(ctx, day)
        targets = target_amounts(ctx, events)
        mismatches = compare_day(day_events(events, branch, day, targets), server_events)
        same = (
            server_digest.get("digest") == local["digest"]
            and server_digest.get("devices") == local["devices"]
        )
        status = AGREED if same and not mismatches else MISMATCH
        checked_at = _now_text(ctx)
        server = {k: server_digest[k] for k in server_digest}
        ctx.conn.execute(
            "INSERT INTO day_closes (branch_id, business_date, local_digest, local_events,"
            " recon_status, server_digest, mismatches, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (branch_id, business_date) DO UPDATE SET"
            " local_digest = excluded.local_digest, local_events = excluded.local_events,"
            " recon_status = excluded.recon_status, server_digest = excluded.server_digest,"
            " mismatches = excluded.mismatches, checked_at = excluded.checked_at",
            (
                branch,
                day,
                local["digest"],
                _count(local),
                status,
                json.dumps(server, sort_keys=True),
                json.dumps([dataclasses.asdict(m) for m in mismatches]),
                checked_at,
            ),
        )
    return Reconciliation(
        business_date=day,
        status=status,
        local=local,
        server=server,
        mismatches=tuple(mismatches),
        checked_at=checked_at,
        server_balanced=bool(server.get("balanced", True)),
    )


def _count(digest: Mapping[str, Any]) -> int:
    return sum(int(d["count"]) for d in digest["devices"].values())


def awaiting_reconciliation(ctx: Context) -> list[str]:
    """Closed days whose comparison with head office is still to be made (closed offline),
    oldest first."""
    return [
        str(r[0])
        for r in ctx.conn.execute(
            "SELECT business_date FROM day_closes WHERE branch_id = ? AND closed_event_id != ''"
            " AND recon_status = ? ORDER BY business_date",
            (ctx.identity.branch_id, PENDING),
        )
    ]


def closed_days(ctx: Context, limit: int = 60) -> list[DayCloseRecord]:
    """The latest closes made on this device, newest first."""
    cur = ctx.conn.execute(
        "SELECT * FROM day_closes WHERE branch_id = ? AND closed_event_id != ''"
        " ORDER BY business_date DESC LIMIT ?",
        (ctx.identity.branch_id, limit),
    )
    names = [d[0] for d in cur.description]
    records = [_record(dict(zip(names, row, strict=True))) for row in cur.fetchall()]
    return [r for r in records if r is not None]


# Closing -------------------------------------------------------------------------------------


def close_day(
    ctx: Context, *, actor: StaffUser, day: str | None = None, reason: str = ""
) -> DayCloseResult:
    """Close ``day`` (default: the business date) as supervisor ``actor``.

    Raises:
        NotPermitted: ``actor`` is not a supervisor.
        BusinessRuleError: the day is already closed or not yet begun; a teller session is
            still open; a drawer closed with a difference, events wait to be pushed, or head
            office has not agreed (or disagreed), and no ``reason`` was written; the branch's
            books do not balance.
    """
    reason = reason.strip()
    with ctx.store.transaction():
        boss = ctx.require_supervisor(actor, "menutup hari usaha", "close the business day")
        today = ctx.business_date().isoformat()
        day = day or today
        _check_date(day)
        if is_closed(ctx, day):
            raise BusinessRuleError(
                f"Hari usaha {day} sudah ditutup.", f"Business day {day} is already closed."
            )
        if day > today:
            raise BusinessRuleError(
                f"Hari usaha {day} belum dimulai.", f"Business day {day} has not begun."
            )
        events, local = _digest_of(ctx, day)
        sessions = sessions_of(ctx, day, events)
        still_open = [s for s in sessions if s.status == "open"]
        if still_open:
            names = ", ".join(sorted({s.teller_name for s in still_open}))
            raise BusinessRuleError(
                f"Sesi kas masih terbuka: {names}. Tutup semua laci sebelum menutup hari.",
                f"Drawer sessions still open: {names}. Close every drawer before the day.",
            )
        balances = branch_trial_balance(ctx)
        if sum(balances.values()) != 0:
            raise BusinessRuleError(
                "Neraca saldo cabang tidak seimbang; hari tidak dapat ditutup. Hubungi TI.",
                "The branch's trial balance does not balance; the day cannot close. Call IT.",
            )
        pending = ctx.store.pending_count()
        row = _stored(ctx, day)
        recon = _reconciliation(row, local) if row else None
        if pending and not _has_server(ctx):
            status = PENDING
            if not reason:
                raise BusinessRuleError(
                    "PC mandiri: tidak terhubung ke kantor pusat. Tulis alasan untuk menutup "
                    "hari; pencocokan menyusul setelah PC didaftarkan.",
                    "Stand-alone PC: not connected to head office. Write a reason to close "
                    "the day; the comparison follows once the PC is enrolled.",
                    field="reason",
                )
        elif pending:
            status = PENDING
            if not reason:
                raise BusinessRuleError(
                    f"{pending} transaksi masih menunggu dikirim ke kantor pusat. Sinkronkan "
                    "dahulu, atau tulis alasan untuk menutup hari secara offline.",
                    f"{pending} transactions still wait to be sent to head office. Sync "
                    "first, or write a reason to close the day offline.",
                    field="reason",
                )
        elif recon is None:
            status = PENDING
            if not reason:
                raise BusinessRuleError(
                    "Hari ini belum dicocokkan dengan kantor pusat. Cocokkan dahulu, atau tulis "
                    "alasan untuk menutup hari secara offline.",
                    "The day has not been compared with head office. Compare it first, or "
                    "write a reason to close the day offline.",
                    field="reason",
                )
        elif recon.status != AGREED:
            status = MISMATCH
            if not reason:
                raise BusinessRuleError(
                    f"Data cabang dan kantor pusat tidak cocok ({len(recon.mismatches)} "
                    "selisih). Tutup hari hanya dengan alasan tertulis; kantor pusat akan "
                    "membuka kasus pemeriksaan.",
                    f"The branch and head office disagree ({len(recon.mismatches)} "
                    "differences). Close the day only with a written reason; head office "
                    "will open a review case.",
                    field="reason",
                )
        else:
            status = AGREED
            # This PC agrees with head office; "matches" also needs every other PC of the
            # branch to have sent everything. Otherwise only with a reason, and the close is
            # pending until head office holds it all (the server compares again then).
            _, _, held_up = branch_pcs(ctx)
            if held_up:
                status = PENDING
                if not reason:
                    raise BusinessRuleError(
                        "Belum dapat dinyatakan cocok dengan kantor pusat: "
                        + " ".join(b.message_id for b in held_up)
                        + " Sinkronkan PC tersebut, atau tulis alasan untuk menutup hari.",
                        "Cannot be declared matching head office yet: "
                        + " ".join(b.message_en for b in held_up)
                        + " Sync that PC, or write a reason to close the day.",
                        field="reason",
                    )
        # Checked after the sync and head office: those refusals say more.
        differing = [s for s in sessions if s.difference]
        if differing and not reason:
            # A drawer that closed over or short was authorised then; the day says why too.
            names = ", ".join(sorted({s.teller_name for s in differing}))
            raise BusinessRuleError(
                f"Laci kas {names} ditutup dengan selisih. Tulis alasan untuk menutup hari.",
                f"The drawer of {names} closed with a difference. Write a reason to close the day.",
                field="reason",
            )
        offline = status == PENDING
        # Loans age with the calendar: their arrears and kolektibilitas as of the closing day,
        # kept with the close (the next business date sees them a day older).
        portfolio = _portfolio(ctx)
        event = ctx.store.append(
            DayClosed(
                business_date=day,
                reason=reason,
                offline=offline,
                digest=str(local["digest"]),
                events=_count(local),
                digest_version=DIGEST_VERSION,
            ),
            actor=boss.user_id,
            business_date=day,
        )
        closed_at = local_time(event.hlc)
        ctx.conn.execute(
            "INSERT INTO day_closes (branch_id, business_date, closed_event_id, closed_by,"
            " closed_at, offline, reason, local_digest, local_events, recon_status, portfolio)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (branch_id, business_date) DO UPDATE SET"
            " closed_event_id = excluded.closed_event_id, closed_by = excluded.closed_by,"
            " closed_at = excluded.closed_at, offline = excluded.offline,"
            " reason = excluded.reason, local_digest = excluded.local_digest,"
            " local_events = excluded.local_events, recon_status = excluded.recon_status,"
            " portfolio = excluded.portfolio",
            (
                ctx.identity.branch_id,
                day,
                event.id,
                boss.full_name,
                closed_at,
                int(offline),
                reason,
                local["digest"],
                _count(local),
                status,
                json.dumps(portfolio, sort_keys=True),
            ),
        )
    next_date = ctx.business_date().isoformat()
    return DayCloseResult(
        day, event.id, status, next_date, boss.full_name, closed_at, offline, reason
    )


def branch_arrears(ctx: Context) -> ArrearsReport:
    """This branch's open loans by kolektibilitas as of the business date (the device also
    holds other branches' loans, pulled from head office)."""
    report = loan_reads.arrears(ctx)
    mine = {
        str(r[0])
        for r in ctx.conn.execute(
            "SELECT loan_id FROM loans WHERE branch_id = ?", (ctx.identity.branch_id,)
        )
    }
    lines = tuple(x for x in report.lines if x.loan_id in mine)
    quality = portfolio_quality(
        LoanAge(x.loan_id, x.outstanding, x.days_past_due, x.kolektibilitas) for x in lines
    )
    counts = dict.fromkeys(KOLEKTIBILITAS, 0)
    for x in lines:
        if x.outstanding > 0:
            counts[x.kolektibilitas] += 1
    return ArrearsReport(report.as_of, lines, quality, counts)


def _portfolio(ctx: Context) -> dict[str, Any]:
    """Loans' arrears and kolektibilitas recomputed as of the closing day, kept with the close."""
    report = branch_arrears(ctx)
    return {
        "as_of": report.as_of.isoformat(),
        "outstanding": report.quality.outstanding,
        "by_kolektibilitas": dict(report.quality.by_kolektibilitas),
        "counts": dict(report.counts),
        "par30_bp": report.quality.par30_bp,
        "npl_bp": report.quality.npl_bp,
    }


def cash_accounts(balances: Mapping[str, int]) -> dict[str, int]:
    """The teller cash accounts among ``balances`` (all should be zero after the close)."""
    return {a: v for a, v in balances.items() if code_of(a) == CASH_TELLER}


__all__ = [
    "AGREED",
    "MISMATCH",
    "NOT_RECONCILED",
    "PENDING",
    "DayCloseRecord",
    "DayCloseResult",
    "DayOverview",
    "Reconciliation",
    "SessionLine",
]
