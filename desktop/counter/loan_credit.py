"""Loan overpayments head office found: a review case, and the refund that decides it.

Head office opens a case (``payment_on_settled_loan``, ``loan_overpaid``) for a payment the
loan did not owe — settled elsewhere, or the same instalment taken twice offline; the money
stays booked on the loan as the member's credit. A supervisor at the member's branch decides it
here: a ``LoanCreditRefunded`` moves exactly that credit to the member's sukarela and the case is
resolved, in one transaction.
"""

from __future__ import annotations

import json

from desktop.counter.context import Context
from desktop.counter.loan_records import LoanResult
from desktop.counter.loans import loan_result
from desktop.counter.records import StaffUser
from desktop.store import loans as loan_store
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import ReviewCaseOpened, ReviewCaseResolved
from ledger.loans import flow
from ledger.loans.events import LoanRepaid, LoanSettled
from ledger.loans.state import loan_state
from ledger.money import format_rupiah

OVERPAYMENT_CASES: tuple[str, ...] = ("payment_on_settled_loan", "loan_overpaid")


def refund_overpayment(
    ctx: Context, case_id: str, *, actor: StaffUser, note: str = ""
) -> LoanResult:
    """Refund the credit of a loan overpayment case to sukarela and resolve the case.

    Supervisor only; a case is refunded once. The credit is what the payment paid beyond what
    the loan owed without it (:func:`ledger.loans.flow.overpaid`).
    """
    with ctx.store.transaction():
        day = ctx.open_business_date()
        boss = ctx.require_supervisor(actor, "mengembalikan kelebihan bayar", "refund a credit")
        row = ctx.conn.execute(
            "SELECT kind, resolution FROM review_cases WHERE case_id = ?", (case_id,)
        ).fetchone()
        if row is None or row[0] not in OVERPAYMENT_CASES:
            raise ValidationError(
                "Kasus kelebihan bayar pinjaman tidak ditemukan.",
                "No loan overpayment case with this id.",
                field="case_id",
            )
        if row[1]:
            raise BusinessRuleError(
                "Kasus ini sudah diselesaikan sebelumnya.", "This case is already resolved."
            )
        payment = _case_payment(ctx, case_id)
        others = [m for m in loan_store.movements(ctx.conn, payment.loan_id)
                  if m.source_event_id != payment_id(ctx, case_id)]  # fmt: skip
        before = loan_state(payment.loan_id, others)
        credit = flow.overpaid(before, payment)
        if credit.total <= 0:
            raise BusinessRuleError(
                "Pembayaran ini tidak melebihi kewajiban pinjaman; tidak ada yang dikembalikan.",
                "This payment did not exceed what the loan owed; nothing to refund.",
            )
        refund = flow.credit_refund(before, credit, case_id)
        event = ctx.store.append(refund, actor=boss.user_id, business_date=day)
        ctx.store.append(
            ReviewCaseResolved(
                case_id=case_id,
                resolution=f"Kelebihan {format_rupiah(credit.total)} dikembalikan ke simpanan "
                "sukarela",
                note=" ".join(note.split()),
            ),
            actor=boss.user_id,
            business_date=day,
        )
        return loan_result(ctx, event, payment.loan_id, credit.total)


def payment_id(ctx: Context, case_id: str) -> str:
    """The payment event a loan overpayment case is about (the first loan payment it names)."""
    row = ctx.conn.execute(
        "SELECT body FROM events WHERE type = ? AND json_extract(body, '$.payload.case_id') = ?",
        (ReviewCaseOpened.TYPE, case_id),
    ).fetchone()
    ids = (
        json.loads(row[0])["payload"]["event_ids"]
        if row
        else json.loads(
            ctx.conn.execute(
                "SELECT event_ids FROM review_cases WHERE case_id = ?", (case_id,)
            ).fetchone()[0]
        )
    )
    for event_id in ids:
        event = ctx.store.event(str(event_id))
        if event is not None and event.type in (LoanRepaid.TYPE, LoanSettled.TYPE):
            return event.id
    raise BusinessRuleError(
        "Pembayaran yang dipersoalkan belum ada di perangkat ini; sinkronkan dahulu.",
        "The payment in question is not on this device yet; sync first.",
    )


def _case_payment(ctx: Context, case_id: str) -> LoanRepaid | LoanSettled:
    event = ctx.store.event(payment_id(ctx, case_id))
    assert event is not None
    payload = event.typed()
    assert isinstance(payload, LoanRepaid | LoanSettled)
    return payload
