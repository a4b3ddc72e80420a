"""Loan state as a projection of events.

Each loan event becomes one :class:`LoanMovement` — a row of the loan's sub-ledger that the
stores keep in the same transaction as the event. A reversal adds the same row negated (dated
as the row it undoes). :func:`loan_state` folds a loan's rows; every figure is a sum or a count,
so the state is the same in whatever order the rows arrive, and the principal outstanding of a
branch's loans equals its 1301 balance (the posting rules credit and debit exactly these sums).

Status: ``"applied"`` and ``"approved"`` before disbursement; ``"open"`` while principal is
owed; ``"closed"`` (lunas) when the principal is paid off by instalments; ``"settled"`` after an
early settlement; ``"void"`` when every event of the loan was reversed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ledger.canonical import canonical_json
from ledger.events import Event, Payload
from ledger.loans.allocation import remaining_by_instalment
from ledger.loans.arrears import Payment
from ledger.loans.events import (
    LoanApplied,
    LoanApproved,
    LoanCreditRefunded,
    LoanDisbursed,
    LoanRepaid,
    LoanSettled,
)
from ledger.loans.products import LoanTerms
from ledger.loans.schedule import Schedule, build_schedule, due_dates

KINDS: tuple[str, ...] = ("applied", "approved", "disbursed", "repaid", "settled", "refunded")


@dataclass(frozen=True)
class LoanMovement:
    """One row of a loan's sub-ledger.

    Attributes:
        loan_id: The loan.
        member_id: The borrower.
        event_id: The event whose effects this row is (the reversal, for a negated row).
        source_event_id: The loan event the row stems from.
        kind: ``applied``, ``approved``, ``disbursed``, ``repaid`` or ``settled``.
        on: Business date of the source event (ISO).
        sign: +1, or -1 for a row that undoes its source.
        branch_id: The loan's branch (where its receivable is booked).
        principal: Principal disbursed (signed like the row).
        pokok: Principal repaid.
        jasa: Interest paid.
        denda: Late fees paid.
        penalty: Early-settlement penalty paid.
        product_id: The loan's product (applied and disbursed rows).
        terms: The loan's terms (applied and disbursed rows).
        first_due: First due date (disbursed rows, ISO).
    """

    loan_id: str
    member_id: str
    event_id: str
    source_event_id: str
    kind: str
    on: str
    sign: int
    branch_id: str
    principal: int = 0
    pokok: int = 0
    jasa: int = 0
    denda: int = 0
    penalty: int = 0
    product_id: str = ""
    terms: LoanTerms | None = None
    first_due: str = ""

    def undone_by(self, reversal_id: str) -> LoanMovement:
        """The row a reversal adds: this one negated."""
        return replace(
            self,
            event_id=reversal_id,
            sign=-self.sign,
            principal=-self.principal,
            pokok=-self.pokok,
            jasa=-self.jasa,
            denda=-self.denda,
            penalty=-self.penalty,
        )


def default_first_due(terms: LoanTerms, disbursed_on: dt.date) -> dt.date:
    return due_dates(disbursed_on, 1, terms.frequency)[0]


_LOAN_EVENTS = (
    LoanApplied,
    LoanApproved,
    LoanDisbursed,
    LoanRepaid,
    LoanSettled,
    LoanCreditRefunded,
)
_KIND_OF: dict[str, str] = {
    LoanApplied.TYPE: "applied",
    LoanApproved.TYPE: "approved",
    LoanDisbursed.TYPE: "disbursed",
    LoanRepaid.TYPE: "repaid",
    LoanSettled.TYPE: "settled",
    LoanCreditRefunded.TYPE: "refunded",
}


#: A movement as stores keep it: one column per field, ``on`` as ``on_date`` (``on`` is an SQL
#: keyword) and ``terms`` as canonical JSON text (empty when the row has no terms).
MOVEMENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "source_event_id",
    "loan_id",
    "member_id",
    "kind",
    "on_date",
    "sign",
    "branch_id",
    "principal",
    "pokok",
    "jasa",
    "denda",
    "penalty",
    "product_id",
    "terms",
    "first_due",
)


def movement_record(m: LoanMovement) -> tuple[Any, ...]:
    """``m``'s values in :data:`MOVEMENT_COLUMNS` order."""
    terms = canonical_json(m.terms.to_dict()).decode() if m.terms else ""
    return (
        m.event_id, m.source_event_id, m.loan_id, m.member_id, m.kind, m.on, m.sign,
        m.branch_id, m.principal, m.pokok, m.jasa, m.denda, m.penalty, m.product_id, terms,
        m.first_due,
    )  # fmt: skip


def movement_from_record(record: Mapping[str, Any]) -> LoanMovement:
    """The movement a stored record holds (any mapping with the :data:`MOVEMENT_COLUMNS`)."""
    terms = record["terms"]
    return LoanMovement(
        loan_id=record["loan_id"],
        member_id=record["member_id"],
        event_id=record["event_id"],
        source_event_id=record["source_event_id"],
        kind=record["kind"],
        on=record["on_date"],
        sign=record["sign"],
        branch_id=record["branch_id"],
        principal=record["principal"],
        pokok=record["pokok"],
        jasa=record["jasa"],
        denda=record["denda"],
        penalty=record["penalty"],
        product_id=record["product_id"],
        terms=LoanTerms(**json.loads(terms)) if terms else None,
        first_due=record["first_due"],
    )


def loan_movements(event: Event, payload: Payload | None = None) -> tuple[LoanMovement, ...]:
    """The sub-ledger rows of ``event`` (none for events that are not about one loan)."""
    p = payload or event.typed()
    if not isinstance(p, _LOAN_EVENTS):
        return ()
    row = LoanMovement(
        p.loan_id, p.member_id, event.id, event.id, _KIND_OF[p.TYPE], event.business_date, 1,
        event.branch_id,
    )  # fmt: skip
    if isinstance(p, LoanApplied | LoanDisbursed):
        row = replace(row, product_id=p.product_id, terms=p.terms)
    if isinstance(p, LoanDisbursed):
        on = dt.date.fromisoformat(event.business_date)
        first_due = p.first_due_date or default_first_due(p.terms, on).isoformat()
        row = replace(row, principal=p.principal, first_due=first_due)
    if isinstance(p, LoanRepaid | LoanSettled):
        row = replace(
            row,
            branch_id=p.loan_branch or event.branch_id,
            pokok=p.pokok,
            jasa=p.jasa,
            denda=p.denda,
            penalty=p.penalty if isinstance(p, LoanSettled) else 0,
        )
    if isinstance(p, LoanCreditRefunded):
        row = replace(
            row,
            branch_id=p.loan_branch or event.branch_id,
            pokok=-p.pokok,
            jasa=-p.jasa,
            denda=-p.denda,
            penalty=-p.penalty,
        )
    return (row,)


def savings_movements(payload: Payload) -> tuple[tuple[str, str, int], ...]:
    """``(member_id, product, amount)`` changes a loan event makes to the member's savings."""
    p = payload
    if isinstance(p, LoanDisbursed) and p.channel == "sukarela":
        fees = p.admin_fee + p.provision_fee
        return ((p.member_id, "sukarela", p.principal - fees),)
    if isinstance(p, LoanRepaid | LoanSettled) and p.channel == "sukarela":
        return ((p.member_id, "sukarela", -p.amount),)
    if isinstance(p, LoanCreditRefunded):
        return ((p.member_id, "sukarela", p.amount),)
    return ()


@dataclass(frozen=True)
class LoanState:
    """One loan, as its events say it stands.

    Attributes:
        loan_id: The loan.
        member_id: The borrower.
        branch_id: The loan's branch.
        product_id: Its product.
        terms: Its terms (from the disbursement, else the application), or ``None``.
        disbursed_on: Disbursement date, or ``None``.
        first_due: First due date, or ``None``.
        counts: Live events per kind (``{"disbursed": 1, "repaid": 3, ...}``).
        principal: Principal disbursed.
        pokok_paid: Principal repaid.
        jasa_paid: Interest paid.
        denda_paid: Late fees paid.
        penalty_paid: Early-settlement penalties paid.
        payments: Jasa and pokok paid per business date, in date order.
    """

    loan_id: str
    member_id: str = ""
    branch_id: str = ""
    product_id: str = ""
    terms: LoanTerms | None = None
    disbursed_on: dt.date | None = None
    first_due: dt.date | None = None
    counts: tuple[tuple[str, int], ...] = ()
    principal: int = 0
    pokok_paid: int = 0
    jasa_paid: int = 0
    denda_paid: int = 0
    penalty_paid: int = 0
    payments: tuple[Payment, ...] = ()

    def count(self, kind: str) -> int:
        return dict(self.counts).get(kind, 0)

    @property
    def outstanding_principal(self) -> int:
        """Principal still owed (negative: the member paid more than was lent)."""
        return self.principal - self.pokok_paid

    @property
    def status(self) -> str:
        if self.count("settled") > 0:
            return "settled"
        if self.count("disbursed") > 0:
            return "open" if self.outstanding_principal > 0 else "closed"
        if self.count("approved") > 0:
            return "approved"
        if self.count("applied") > 0:
            return "applied"
        return "void"

    def schedule(self) -> Schedule:
        """The loan's schedule (only once disbursed)."""
        if self.terms is None or self.disbursed_on is None:
            raise ValueError(f"loan {self.loan_id} is not disbursed")
        return build_schedule(self.terms, self.disbursed_on, self.first_due)

    @property
    def instalments_paid(self) -> int:
        """Instalments fully covered by the jasa and pokok paid."""
        if self.disbursed_on is None:
            return 0
        owed = remaining_by_instalment(self.schedule(), self.jasa_paid, self.pokok_paid)
        return sum(1 for d in owed if d.total == 0)


def loan_state(loan_id: str, movements: Iterable[LoanMovement]) -> LoanState:
    """Fold a loan's rows (any order gives the same state)."""
    rows = sorted((m for m in movements if m.loan_id == loan_id), key=_row_order)
    counts = dict.fromkeys(KINDS, 0)
    sums = {"principal": 0, "pokok": 0, "jasa": 0, "denda": 0, "penalty": 0}
    by_day: dict[str, tuple[int, int]] = {}
    for m in rows:
        counts[m.kind] += m.sign
        for name in sums:
            sums[name] += getattr(m, name)
        if m.kind in ("repaid", "settled", "refunded"):
            jasa, pokok = by_day.get(m.on, (0, 0))
            by_day[m.on] = (jasa + m.jasa, pokok + m.pokok)
    # Terms: the live disbursement's, else the live application's; ties by event id.
    live = {m.source_event_id for m in rows if m.sign > 0} - {
        m.source_event_id for m in rows if m.sign < 0
    }
    described = [m for m in rows if m.sign > 0 and m.source_event_id in live and m.terms]
    disbursed = [m for m in described if m.kind == "disbursed"]
    source = (disbursed or described)[0] if described else None
    first = rows[0] if rows else None
    return LoanState(
        loan_id,
        member_id=first.member_id if first else "",
        branch_id=(disbursed[0].branch_id if disbursed else first.branch_id if first else ""),
        product_id=source.product_id if source else "",
        terms=source.terms if source else None,
        disbursed_on=dt.date.fromisoformat(disbursed[0].on) if disbursed else None,
        first_due=dt.date.fromisoformat(disbursed[0].first_due) if disbursed else None,
        counts=tuple((k, v) for k, v in counts.items() if v),
        principal=sums["principal"],
        pokok_paid=sums["pokok"],
        jasa_paid=sums["jasa"],
        denda_paid=sums["denda"],
        penalty_paid=sums["penalty"],
        payments=tuple(
            Payment(dt.date.fromisoformat(day), j, p)
            for day, (j, p) in sorted(by_day.items())
            if j or p
        ),
    )


def _row_order(m: LoanMovement) -> tuple[str, str, int]:
    return (m.source_event_id, m.event_id, m.sign)


def loan_states(movements: Iterable[LoanMovement]) -> dict[str, LoanState]:
    """Every loan's state from a set of rows."""
    by_loan: dict[str, list[LoanMovement]] = {}
    for m in movements:
        by_loan.setdefault(m.loan_id, []).append(m)
    return {loan_id: loan_state(loan_id, rows) for loan_id, rows in sorted(by_loan.items())}
