"""The loan flow at the counter: pure checks, and the payloads the counter records.

Each check raises a :class:`LumbungError` with an Indonesian message and the field it is
about; each builder returns the payload to record. The counter refuses what makes no sense
(disbursing to a non-member, twice, or unapproved; a zero payment; paying a closed loan), but an
event that arrives by sync is never refused — :func:`overpayment` says how much of a repayment
the loan did not owe, for the server to keep as the member's credit and open a review case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.errors import BusinessRuleError, ValidationError
from ledger.loans.allocation import Allocation, Dues, allocate, remaining_by_instalment
from ledger.loans.arith import fee, floor_to
from ledger.loans.arrears import denda_accrued, instalment_ages
from ledger.loans.events import (
    LoanApplied,
    LoanCreditRefunded,
    LoanDisbursed,
    LoanRepaid,
    LoanSettled,
)
from ledger.loans.products import Fees, LoanProduct, disbursement_fees, loan_terms
from ledger.loans.schedule import EffectiveRate, Schedule, build_schedule
from ledger.loans.state import LoanState
from ledger.money import format_rupiah

APPROVER_ROLES: tuple[str, ...] = ("supervisor",)


@dataclass(frozen=True)
class Simulation:
    """What the member is shown before applying.

    Attributes:
        schedule: The instalment schedule if disbursed on the simulation date.
        fees: Admin and provision fees.
        net_to_member: What the member receives after deducted fees.
        effective: The effective rate of the cash the member actually receives.
    """

    schedule: Schedule
    fees: Fees
    net_to_member: int
    effective: EffectiveRate


def simulate(
    product: LoanProduct, principal: int, tenor: int, start: dt.date, rate_bp: int | None = None
) -> Simulation:
    """Schedule, fees and effective rate of a loan (ranges checked, see :func:`loan_terms`)."""
    terms = loan_terms(product, principal, tenor, rate_bp)
    schedule = build_schedule(terms, start)
    fees = disbursement_fees(product, principal)
    net = principal - fees.total if fees.deducted else principal
    received = principal - fees.total  # deducted or paid back at once, the member nets this
    return Simulation(schedule, fees, net, schedule.effective_rate(received))


def application(
    loan_id: str, member_id: str, product: LoanProduct, simulation: Simulation, purpose: str = ""
) -> LoanApplied:
    t = simulation.schedule.terms
    return LoanApplied(
        loan_id, member_id, product.product_id, t.principal, t.tenor, t.rate_bp, t.method,
        t.frequency, t.rounding, admin_fee=simulation.fees.admin,
        provision_fee=simulation.fees.provision, instalment=simulation.schedule.instalment,
        total_interest=simulation.schedule.total_interest, purpose=purpose,
    )  # fmt: skip


def check_member(member_status: str | None) -> None:
    """Loans are for active members only."""
    if member_status != "active":
        raise BusinessRuleError(
            "Pinjaman hanya untuk anggota aktif.",
            "Loans are for active members only.",
            field="member_id",
        )


def check_approval(state: LoanState, approver_role: str) -> None:
    """A supervisor approves an application that is still waiting."""
    if approver_role not in APPROVER_ROLES:
        raise BusinessRuleError(
            "Pinjaman hanya dapat disetujui oleh supervisor.",
            "Only a supervisor can approve a loan.",
            field="authorizer",
        )
    if state.status != "applied":
        raise BusinessRuleError(
            "Pengajuan ini tidak menunggu persetujuan.",
            "This application is not waiting for approval.",
            field="loan_id",
        )


def check_disbursement(state: LoanState, member_status: str | None) -> None:
    """Disburse once, to an active member, after approval."""
    check_member(member_status)
    if state.count("disbursed") > 0:
        raise BusinessRuleError(
            "Pinjaman ini sudah dicairkan.", "This loan was already disbursed.", field="loan_id"
        )
    if state.status != "approved":
        raise BusinessRuleError(
            "Pinjaman belum disetujui supervisor.",
            "The loan has not been approved by a supervisor.",
            field="loan_id",
        )


def disbursement(
    state: LoanState,
    product: LoanProduct,
    *,
    channel: str = "cash",
    session_id: str = "",
    first_due: dt.date | None = None,
) -> LoanDisbursed:
    """The disbursement of an approved application, on its applied terms.

    Fees are computed from ``product`` as it stands at disbursement (the application's fee
    figures were the simulation shown to the member).
    """
    assert state.terms is not None
    t = state.terms
    fees = disbursement_fees(product, t.principal)
    return LoanDisbursed(
        state.loan_id, state.member_id, state.product_id, t.principal, t.tenor, t.rate_bp,
        t.method, t.frequency, t.rounding,
        first_due_date=first_due.isoformat() if first_due else "",
        admin_fee=fees.admin, provision_fee=fees.provision, fees_deducted=fees.deducted,
        channel=channel, session_id=session_id,
    )  # fmt: skip


@dataclass(frozen=True)
class Obligations:
    """What a loan owes on a date.

    Attributes:
        due: Denda accrued and unpaid, with the jasa and pokok of instalments already due.
        ahead: What remains of each instalment not yet due, in order.
    """

    due: Dues
    ahead: tuple[Dues, ...]

    @property
    def total(self) -> int:
        return self.due.total + sum(d.total for d in self.ahead)


def obligations(state: LoanState, product: LoanProduct, as_of: dt.date) -> Obligations:
    """Denda, jasa and pokok due by ``as_of``, and the instalments still to come."""
    schedule = state.schedule()
    ages = instalment_ages(schedule, state.payments, as_of)
    # Each instalment's denda is a multiple of the cash unit; what is left after payments is
    # rounded down again, in case an older app or an odd partial payment paid an odd amount.
    denda = floor_to(
        max(0, denda_accrued(product, ages) - state.denda_paid), product.denda_rounding
    )
    owed = remaining_by_instalment(schedule, state.jasa_paid, state.pokok_paid)
    due = [d for d, row in zip(owed, schedule.instalments, strict=True) if row.due_date <= as_of]
    ahead = [d for d, row in zip(owed, schedule.instalments, strict=True) if row.due_date > as_of]
    return Obligations(
        Dues(denda, sum(d.jasa for d in due), sum(d.pokok for d in due)), tuple(ahead)
    )


def check_repayment(state: LoanState, amount: int) -> None:
    """A positive payment on an open loan."""
    if amount <= 0:
        raise ValidationError(
            "Jumlah pembayaran harus lebih dari nol.",
            "The payment must be more than zero.",
            field="amount",
        )
    if state.status in ("closed", "settled"):
        raise BusinessRuleError(
            "Pinjaman ini sudah lunas; pembayaran tidak dapat diterima.",
            "This loan is paid off; no payment can be taken.",
            field="loan_id",
        )
    if state.status != "open":
        raise BusinessRuleError(
            "Pinjaman ini belum dicairkan.", "This loan has not been disbursed.", field="loan_id"
        )


def plan_repayment(
    state: LoanState, product: LoanProduct, amount: int, as_of: dt.date
) -> Allocation:
    """How ``amount`` paid on ``as_of`` divides (refused if it exceeds the whole debt)."""
    check_repayment(state, amount)
    owes = obligations(state, product, as_of)
    allocation = allocate(amount, owes.due, product.allocation_order, owes.ahead)
    if allocation.unapplied:
        raise BusinessRuleError(
            f"Pembayaran melebihi seluruh kewajiban ({format_rupiah(owes.total)}); "
            "gunakan pelunasan dipercepat.",
            f"The payment exceeds the whole debt ({format_rupiah(owes.total)}); "
            "use early settlement.",
            field="amount",
        )
    return allocation


def repayment(
    state: LoanState,
    product: LoanProduct,
    amount: int,
    as_of: dt.date,
    *,
    session_id: str = "",
    channel: str = "cash",
) -> LoanRepaid:
    """The ``LoanRepaid`` payload for ``amount`` paid on ``as_of``."""
    a = plan_repayment(state, product, amount, as_of)
    return LoanRepaid(
        state.loan_id, state.member_id, amount, a.denda, a.jasa, a.pokok,
        session_id=session_id, channel=channel, loan_branch=state.branch_id,
    )  # fmt: skip


@dataclass(frozen=True)
class SettlementQuote:
    """What closing a loan early costs on a date.

    Attributes:
        pokok: All principal still owed.
        jasa: Interest of instalments already due and unpaid, plus (if the product says so)
            the interest of the period in progress.
        denda: Late fees accrued and unpaid.
        penalty: The product's penalty on the remaining principal.
    """

    pokok: int
    jasa: int
    denda: int
    penalty: int

    @property
    def total(self) -> int:
        return self.pokok + self.jasa + self.denda + self.penalty


def settlement_quote(state: LoanState, product: LoanProduct, as_of: dt.date) -> SettlementQuote:
    """Early settlement: remaining principal + current period's interest + penalty + denda."""
    check_repayment(state, 1)
    owes = obligations(state, product, as_of)
    jasa = owes.due.jasa
    if product.settlement_current_interest and owes.ahead:
        jasa += owes.ahead[0].jasa
    pokok = max(0, state.outstanding_principal)
    return SettlementQuote(pokok, jasa, owes.due.denda, fee(pokok, product.settlement_penalty_bp))


def settlement(
    state: LoanState,
    product: LoanProduct,
    as_of: dt.date,
    *,
    session_id: str = "",
    channel: str = "cash",
) -> LoanSettled:
    q = settlement_quote(state, product, as_of)
    return LoanSettled(
        state.loan_id, state.member_id, q.total, q.denda, q.jasa, q.pokok, q.penalty,
        session_id=session_id, channel=channel, loan_branch=state.branch_id,
    )  # fmt: skip


@dataclass(frozen=True)
class Overpaid:
    """The parts of a payment the loan did not owe (the member's credit).

    Attributes:
        denda: Late fees paid for nothing.
        jasa: Interest beyond what the schedule still charged.
        pokok: Principal beyond what was outstanding.
        penalty: A settlement penalty on a loan already closed.
    """

    denda: int = 0
    jasa: int = 0
    pokok: int = 0
    penalty: int = 0

    @property
    def total(self) -> int:
        return self.denda + self.jasa + self.pokok + self.penalty


def overpaid(state: LoanState, payment: LoanRepaid | LoanSettled) -> Overpaid:
    """The parts of ``payment`` the loan did not owe; ``state`` is the loan *without* it.

    A loan that is not open (settled, closed, not disbursed) owed nothing: all of it is
    credit. On an open loan, pokok beyond the outstanding principal and jasa beyond the
    schedule's remaining interest are credit (two branches took the same instalment
    offline); denda paid on an open loan is not questioned.
    """
    penalty = payment.penalty if isinstance(payment, LoanSettled) else 0
    if state.status != "open":
        return Overpaid(payment.denda, payment.jasa, payment.pokok, penalty)
    extra_pokok = max(0, payment.pokok - max(0, state.outstanding_principal))
    interest_left = max(0, state.schedule().total_interest - state.jasa_paid)
    return Overpaid(jasa=max(0, payment.jasa - interest_left), pokok=extra_pokok)


def overpayment(state: LoanState, payment: LoanRepaid | LoanSettled) -> int:
    """Rupiah of ``payment`` to keep as the member's credit (see :func:`overpaid`)."""
    return overpaid(state, payment).total


def credit_refund(state: LoanState, credit: Overpaid, case_id: str = "") -> LoanCreditRefunded:
    """Move an overpayment found at intake to the member's sukarela."""
    return LoanCreditRefunded(
        state.loan_id, state.member_id, credit.total, credit.denda, credit.jasa, credit.pokok,
        credit.penalty, loan_branch=state.branch_id, case_id=case_id,
    )  # fmt: skip
