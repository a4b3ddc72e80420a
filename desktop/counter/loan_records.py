"""Immutable records of loans the service hands to the UI (no SQL rows, no Qt types).

Amounts are ``int`` rupiah, rates basis points (100 = 1 %), dates ISO strings or ``date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ledger.loans.arrears import PortfolioQuality
from ledger.loans.flow import SettlementQuote
from ledger.loans.products import LoanProduct


@dataclass(frozen=True)
class LoanResult:
    """What a loan posting changed.

    Attributes:
        event_id: The event (the receipt to print for money events).
        receipt_no: Its receipt number.
        loan_id: The loan.
        loan_no: The loan's number as printed (``PJ/BR01/01/0000123``).
        member_id: The borrower.
        type: Event type (``LoanApplied``, ``LoanApproved``, ``LoanDisbursed``, ``LoanRepaid``,
            ``LoanSettled``, ``Reversed``).
        amount: Rupiah that moved (0 for applications and approvals).
        status: The loan's status after the posting.
        outstanding: Principal still owed after the posting.
        balances: The member's savings balances after the posting.
    """

    event_id: str
    receipt_no: str
    loan_id: str
    loan_no: str
    member_id: str
    type: str
    amount: int
    status: str
    outstanding: int
    balances: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LoanSummary:
    """One loan in a list (a member's loans, the approval queue, disbursements waiting).

    Attributes:
        status: ``applied``, ``approved``, ``open``, ``closed``, ``settled`` or ``void``.
        instalment: The regular instalment of its schedule.
        applied_on: Business date of the application (ISO).
        disbursed_on: Business date of the disbursement (ISO, ``""`` before).
        applied_by: Full name of the staff member who took the application.
        purpose: What the member said the loan is for.
    """

    loan_id: str
    loan_no: str
    member_id: str
    member_no: str
    member_name: str
    product_id: str
    product_name: str
    status: str
    principal: int
    outstanding: int
    tenor: int
    rate_bp: int
    method: str
    frequency: str
    instalment: int
    applied_on: str
    disbursed_on: str
    applied_by: str
    purpose: str = ""


@dataclass(frozen=True)
class ScheduleLine:
    """One instalment with what has been paid of it.

    Attributes:
        remaining: Jasa and pokok of this instalment still owed.
        paid_on: The date it was fully covered (ISO), ``""`` if not.
        days_late: Days late (paid late, or still unpaid past due), 0 otherwise.
        state: ``paid``, ``partial`` (something paid, not all), ``overdue`` (due, unpaid),
            ``due`` (falls due today), ``coming``, or ``settled`` (closed by an early
            settlement before it was paid).
    """

    number: int
    due_date: dt.date
    pokok: int
    jasa: int
    total: int
    balance_after: int
    remaining: int
    paid_on: str
    days_late: int
    state: str


@dataclass(frozen=True)
class LoanHistoryLine:
    """One event of the loan, newest first in lists.

    Attributes:
        type: ``LoanApplied`` ... ``LoanSettled``, ``LoanCreditRefunded`` or ``Reversed``.
        amount: Cash or savings moved (positive; 0 for applications and approvals).
        pokok, jasa, denda, penalty: The parts of a payment (negative on a reversal row).
        actor: Full name of who recorded it; authorizer likewise (or ``""``).
        reversed: A later reversal undid it.
        reversal_of: On a reversal row, the event it undoes.
        channel: ``cash`` or ``sukarela`` for money events.
    """

    event_id: str
    business_date: str
    recorded_at: str
    type: str
    amount: int
    pokok: int
    jasa: int
    denda: int
    penalty: int
    actor: str
    authorizer: str
    reversed: bool
    receipt_no: str
    reversal_of: str = ""
    channel: str = ""
    note: str = ""


@dataclass(frozen=True)
class LoanDue:
    """What an open loan owes on the business date (the repayment screen's top half).

    Attributes:
        as_of: The business date.
        denda, jasa, pokok: Due now (instalments due and unpaid, denda accrued and unpaid).
        next_number: The next instalment not yet fully paid (0 when none).
        next_due_date: Its due date (``None`` when none).
        next_amount: What remains of it.
        days_past_due: Of the oldest unpaid instalment.
        kolektibilitas: ``lancar`` ... ``macet``.
        total_owed: Everything still owed by the schedule (what an in-advance payment may
            reach at most), denda included.
        settlement: Early settlement on the business date.
    """

    as_of: dt.date
    denda: int
    jasa: int
    pokok: int
    next_number: int
    next_due_date: dt.date | None
    next_amount: int
    days_past_due: int
    kolektibilitas: str
    total_owed: int
    settlement: SettlementQuote

    @property
    def total_due(self) -> int:
        return self.denda + self.jasa + self.pokok

    @property
    def suggested(self) -> int:
        """What the teller proposes to collect: what is due, else the next instalment."""
        return self.total_due or self.next_amount


@dataclass(frozen=True)
class LoanDetail:
    """Everything the loan screen shows.

    Attributes:
        summary: The list line.
        product: The product (as known on this device).
        admin_fee, provision_fee, fees_deducted: Fees (from the disbursement, else the
            application's quote).
        channel: How it was disbursed (``cash``/``sukarela``, ``""`` before).
        first_due: First due date (ISO, ``""`` before disbursement).
        maturity: Last due date (ISO, ``""`` before disbursement).
        pokok_paid, jasa_paid, denda_paid, penalty_paid: Paid so far.
        total_interest: The schedule's total jasa.
        schedule: The instalments (the applied terms from today before disbursement).
        history: The loan's events, newest first.
        due: What is owed today (open loans only).
        approved_by: Full name of the approving supervisor (``""`` before).
    """

    summary: LoanSummary
    product: LoanProduct
    admin_fee: int
    provision_fee: int
    fees_deducted: bool
    channel: str
    first_due: str
    maturity: str
    pokok_paid: int
    jasa_paid: int
    denda_paid: int
    penalty_paid: int
    total_interest: int
    schedule: tuple[ScheduleLine, ...]
    history: tuple[LoanHistoryLine, ...]
    due: LoanDue | None
    approved_by: str = ""


@dataclass(frozen=True)
class ArrearsLine:
    """One open loan in the arrears list.

    Attributes:
        overdue: Jasa and pokok due and unpaid.
        denda: Denda accrued and unpaid.
        oldest_due: Due date of the oldest unpaid instalment (``None`` when none is late).
    """

    loan_id: str
    loan_no: str
    member_id: str
    member_no: str
    member_name: str
    phone: str
    product_name: str
    outstanding: int
    overdue: int
    denda: int
    days_past_due: int
    kolektibilitas: str
    oldest_due: dt.date | None


@dataclass(frozen=True)
class ArrearsReport:
    """The branch's open loans by kolektibilitas on a date.

    Attributes:
        as_of: The business date it was computed for.
        lines: Every open loan, most days past due first.
        quality: Outstanding per class, PAR30 and NPL (basis points).
        counts: Number of loans per class.
    """

    as_of: dt.date
    lines: tuple[ArrearsLine, ...]
    quality: PortfolioQuality
    counts: dict[str, int]


@dataclass(frozen=True)
class ScheduleDocument:
    """A printable repayment schedule (for a simulation or a loan), always in Indonesian.

    Attributes:
        title: ``"SIMULASI ANGSURAN PINJAMAN"`` or ``"JADWAL ANGSURAN PINJAMAN"``.
        rows: ``(number, due date, pokok, jasa, instalment, balance after)``.
        flat_annual_bp: The quoted rate per year (rate per month × 12).
        effective_annual_bp: The effective rate per year of what the member receives.
    """

    cooperative: str
    branch_name: str
    branch_id: str
    printed_at: str
    title: str
    loan_no: str
    member_no: str
    member_name: str
    product_name: str
    method: str
    frequency: str
    principal: int
    tenor: int
    rate_bp: int
    admin_fee: int
    provision_fee: int
    fees_deducted: bool
    net_to_member: int
    instalment: int
    total_interest: int
    total_payment: int
    flat_annual_bp: int
    effective_annual_bp: int
    start: dt.date
    rows: tuple[tuple[int, dt.date, int, int, int, int], ...]
    teller_name: str = ""
    simulation: bool = True
