"""Projections: state as a deterministic function of the *set* of events.

:func:`effects_of` turns one event into the changes it makes — a journal entry, deltas to member
balances, and profile field writes stamped with (HLC, device id). The stores apply those changes
to their tables in the same transaction as the event; :class:`Projection` applies them in memory
and is the reference the stores are tested against.

Why the result does not depend on arrival order:

* money is sums, and sums commute;
* a profile field keeps the write with the greatest stamp, and max commutes;
* a reversal's effects are applied once both it and its target are present, whichever came
  first; the target's own effects are always applied too, so the net is the same either way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ledger.accounts import is_teller_cash
from ledger.events import (
    DayClosed,
    Event,
    MemberRegistered,
    MemberUpdated,
    Payload,
    Reversed,
    ReviewCaseOpened,
    ReviewCaseResolved,
    SavingsDeposited,
    SavingsWithdrawn,
    SettingChanged,
    StaffAccountSet,
    TellerSessionClosed,
    TellerSessionOpened,
)
from ledger.loans.events import LoanProductDefined
from ledger.loans.state import LoanMovement, LoanState, loan_movements, loan_state
from ledger.loans.state import savings_movements as _loan_savings
from ledger.posting import JournalEntry, post, post_reversal
from ledger.savings.events import savings_movements as _month_savings

Stamp = tuple[str, str]  # (hlc, device_id)


@dataclass(frozen=True)
class BalanceDelta:
    """A change to one member's balance in one product (``pokok``, ``wajib``, ``sukarela``)."""

    member_id: str
    product: str
    amount: int


@dataclass(frozen=True)
class FieldWrite:
    """A profile field value with the stamp that decides which write wins."""

    member_id: str
    field: str
    value: str
    stamp: Stamp


@dataclass(frozen=True)
class Effects:
    """What one event changes.

    Attributes:
        event_id: The event (for a reversal's effects, the reversal).
        journal: The balanced journal entry, or ``None``.
        balances: Member balance deltas.
        fields: Profile field writes.
        loans: Loan sub-ledger rows (see :mod:`ledger.loans.state`).
        drawer: ``(session_id, rupiah)``: what the event moves in or out of one drawer
            session's cash (see :func:`drawer_delta`).
    """

    event_id: str
    journal: JournalEntry | None = None
    balances: tuple[BalanceDelta, ...] = ()
    fields: tuple[FieldWrite, ...] = ()
    loans: tuple[LoanMovement, ...] = ()
    drawer: tuple[tuple[str, int], ...] = ()

    @property
    def member_ids(self) -> set[str]:
        ids = {b.member_id for b in self.balances} | {f.member_id for f in self.fields}
        return ids | {m.member_id for m in self.loans}


def _member_balances(payload: Payload) -> tuple[BalanceDelta, ...]:
    if isinstance(payload, SavingsDeposited):
        return (BalanceDelta(payload.member_id, payload.product, payload.amount),)
    if isinstance(payload, SavingsWithdrawn):
        return (BalanceDelta(payload.member_id, payload.product, -payload.amount),)
    changes = (*_loan_savings(payload), *_month_savings(payload))
    return tuple(BalanceDelta(*change) for change in changes)


def session_of(payload: Payload) -> str:
    """The drawer session an event's cash moves through (``""`` when none)."""
    return str(getattr(payload, "session_id", "") or "")


def drawer_delta(session_id: str, journal: JournalEntry | None) -> tuple[tuple[str, int], ...]:
    """What ``journal`` moves in (+) or out (-) of drawer session ``session_id``.

    A drawer's expected cash is the sum of these over its session, not the balance of the
    teller's cash account: that account also holds the teller's drawer on another PC, and a
    drawer must balance on its own.
    """
    if not session_id or journal is None:
        return ()
    total = sum(line.signed for line in journal.lines if is_teller_cash(line.account))
    return ((session_id, total),) if total else ()


def registration_fields(p: MemberRegistered) -> dict[str, str]:
    data = p.to_dict()
    del data["member_id"]
    data["status"] = "active"
    return data


def effects_of(event: Event, payload: Payload | None = None) -> Effects:
    """The effects of ``event`` on its own (a reversal's are in :func:`reversal_effects`).

    ``payload`` is ``event.typed()`` when the caller already has it (saves parsing it twice).
    """
    payload = payload or event.typed()
    if isinstance(payload, Reversed):
        return Effects(event.id)
    fields: tuple[FieldWrite, ...] = ()
    if isinstance(payload, MemberRegistered):
        fields = tuple(
            FieldWrite(payload.member_id, name, value, event.stamp)
            for name, value in sorted(registration_fields(payload).items())
        )
    elif isinstance(payload, MemberUpdated):
        fields = tuple(
            FieldWrite(payload.member_id, name, value, event.stamp)
            for name, value in sorted(payload.changes.items())
        )
    journal = post(event, payload)
    return Effects(
        event.id,
        journal,
        _member_balances(payload),
        fields,
        loan_movements(event, payload),
        drawer_delta(session_of(payload), journal),
    )


def reversal_effects(reversal: Event, target: Event) -> Effects:
    """The effects of ``reversal`` once its ``target`` is known: the mirror of the target's."""
    if target.type == Reversed.TYPE:
        return Effects(reversal.id)
    balances = tuple(
        BalanceDelta(b.member_id, b.product, -b.amount) for b in _member_balances(target.typed())
    )
    loans = tuple(m.undone_by(reversal.id) for m in loan_movements(target))
    journal = post_reversal(reversal, target)
    # Cash comes back through the reversing teller's drawer when the reversal names one,
    # otherwise through the drawer that took it (see ledger.posting.post_reversal).
    session = session_of(reversal.typed()) or session_of(target.typed())
    return Effects(
        reversal.id, journal, balances, loans=loans, drawer=drawer_delta(session, journal)
    )


def reversal_target(event: Event) -> str | None:
    if event.type != Reversed.TYPE:
        return None
    payload = event.typed()
    assert isinstance(payload, Reversed)
    return payload.target_event_id


@dataclass
class Projection:
    """In-memory projection of a set of events; the reference the stores are tested against.

    Attributes:
        events: Every event seen, by id.
        balances: ``(member_id, product) -> rupiah``.
        gl: Account key -> signed balance (debit positive).
        profiles: ``member_id -> field -> (value, stamp)``.
        reversed_by: Target event id -> ids of the reversals that undo it.
        staff: User id -> (StaffAccountSet payload dict, stamp), last writer wins.
        settings: ``(scope, key) -> (value, stamp)``.
        sessions: Session id -> ``"open"`` or ``"closed"``.
        drawers: Session id -> the cash the drawer should hold (its expected cash).
        closed_days: ``(branch_id, business_date)`` pairs closed.
        cases: Review case id -> state dict.
        loan_rows: Loan id -> its sub-ledger rows (fold with :meth:`loan`).
        loan_products: Product id -> (LoanProductDefined payload, stamp), last writer wins.
    """

    events: dict[str, Event] = field(default_factory=dict)
    balances: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    gl: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    profiles: dict[str, dict[str, tuple[str, Stamp]]] = field(default_factory=dict)
    reversed_by: dict[str, list[str]] = field(default_factory=dict)
    staff: dict[str, tuple[dict[str, Any], Stamp]] = field(default_factory=dict)
    settings: dict[tuple[str, str], tuple[str, Stamp]] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    drawers: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    closed_days: set[tuple[str, str]] = field(default_factory=set)
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    loan_rows: dict[str, list[LoanMovement]] = field(default_factory=dict)
    loan_products: dict[str, tuple[LoanProductDefined, Stamp]] = field(default_factory=dict)

    def apply(self, event: Event) -> list[Effects]:
        """Apply one event (a repeat is ignored); returns the effects applied now."""
        if event.id in self.events:
            return []
        self.events[event.id] = event
        applied = [effects_of(event)]
        target_id = reversal_target(event)
        if target_id is not None:
            self.reversed_by.setdefault(target_id, []).append(event.id)
            target = self.events.get(target_id)
            if target is not None:
                applied.append(reversal_effects(event, target))
        for reversal_id in self.reversed_by.get(event.id, []):
            if reversal_id != event.id:  # reversals that arrived before their target
                applied.append(reversal_effects(self.events[reversal_id], event))
        for effects in applied:
            self._apply_effects(effects)
        self._apply_state(event)
        return applied

    def apply_all(self, events: list[Event]) -> Projection:
        for event in events:
            self.apply(event)
        return self

    def _apply_effects(self, effects: Effects) -> None:
        if effects.journal is not None:
            for line in effects.journal.lines:
                self.gl[line.account] += line.signed
        for b in effects.balances:
            self.balances[(b.member_id, b.product)] += b.amount
        for w in effects.fields:
            profile = self.profiles.setdefault(w.member_id, {})
            current = profile.get(w.field)
            if current is None or w.stamp > current[1]:
                profile[w.field] = (w.value, w.stamp)
        for m in effects.loans:
            self.loan_rows.setdefault(m.loan_id, []).append(m)
        for session_id, amount in effects.drawer:
            self.drawers[session_id] += amount

    def _apply_state(self, event: Event) -> None:
        p = event.typed()
        if isinstance(p, StaffAccountSet):
            current = self.staff.get(p.user_id)
            if current is None or event.stamp > current[1]:
                self.staff[p.user_id] = (p.to_dict(), event.stamp)
        elif isinstance(p, SettingChanged):
            skey = (p.scope, p.key)
            cur = self.settings.get(skey)
            if cur is None or event.stamp > cur[1]:
                self.settings[skey] = (p.value, event.stamp)
        elif isinstance(p, TellerSessionOpened):
            self.sessions.setdefault(p.session_id, "open")
        elif isinstance(p, TellerSessionClosed):
            self.sessions[p.session_id] = "closed"
        elif isinstance(p, DayClosed):
            self.closed_days.add((event.branch_id, p.business_date))
        elif isinstance(p, ReviewCaseOpened):
            case = self.cases.setdefault(p.case_id, {"resolution": ""})
            case.update(kind=p.kind, member_id=p.member_id, hold=p.hold)
        elif isinstance(p, ReviewCaseResolved):
            self.cases.setdefault(p.case_id, {})["resolution"] = p.resolution
        elif isinstance(p, LoanProductDefined):
            current_product = self.loan_products.get(p.product_id)
            if current_product is None or event.stamp > current_product[1]:
                self.loan_products[p.product_id] = (p, event.stamp)

    # Read helpers ------------------------------------------------------------------------

    def balance(self, member_id: str, product: str) -> int:
        return self.balances.get((member_id, product), 0)

    def profile(self, member_id: str) -> dict[str, str]:
        return {k: v for k, (v, _) in self.profiles.get(member_id, {}).items()}

    def loan(self, loan_id: str) -> LoanState:
        return loan_state(loan_id, self.loan_rows.get(loan_id, []))

    def trial_balance_total(self) -> int:
        """Sum of every account's signed balance: zero when the books balance."""
        return sum(self.gl.values())

    def state(self) -> dict[str, Any]:
        """A comparable snapshot (for asserting two replicas equal)."""
        return {
            "balances": {k: v for k, v in sorted(self.balances.items()) if v},
            "gl": {k: v for k, v in sorted(self.gl.items()) if v},
            "profiles": {m: self.profile(m) for m in sorted(self.profiles)},
            "staff": {u: s[0] for u, s in sorted(self.staff.items())},
            "settings": {f"{k[0]}/{k[1]}": v[0] for k, v in sorted(self.settings.items())},
            "sessions": dict(sorted(self.sessions.items())),
            "closed_days": sorted(self.closed_days),
            "loans": {i: self.loan(i) for i in sorted(self.loan_rows)},
            "loan_products": {i: v[0] for i, v in sorted(self.loan_products.items())},
        }
