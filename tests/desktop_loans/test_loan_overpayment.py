"""A payment that reaches the branch by sync for a loan settled here: head office's review case,
and the refund that moves the member's credit to sukarela (nothing lost, nothing twice)."""

from __future__ import annotations

import datetime as dt

from desktop_store.builders import Branch

from ledger.clock import HybridClock
from ledger.events import DeviceChain, ReviewCaseOpened
from ledger.ids import uuid7
from ledger.loans.events import LoanRepaid

from .builders import gl, lends, lines, refused_with


def test_payment_on_a_settled_loan_is_refunded_to_sukarela(branch: Branch) -> None:
    svc = branch.service
    wayan = branch.member()
    loan = lends(branch, wayan, 5_000_000, 10)
    svc.set_business_date(dt.date(2025, 12, 27))
    loan.settles()
    assert gl(branch, "1301:BR01") == 0
    sukarela = wayan.balance()

    # Offline, another PC of the branch took an instalment on the same loan.
    other = DeviceChain("BR01", "pc-2", clock=HybridClock())
    paid = other.make(
        LoanRepaid(loan.loan_id, wayan.member_id, 575_000, 0, 75_000, 500_000, channel="cash"),
        actor=branch.teller.user_id,
        business_date="2025-12-27",
    )
    hq = DeviceChain("HQ", "hq", clock=HybridClock())
    case_id = uuid7()
    opened = hq.make(
        ReviewCaseOpened(
            case_id, "payment_on_settled_loan", wayan.member_id, [paid.id],
            "Pembayaran pinjaman melebihi kewajiban", hold=False,
        ),
        actor="server",
        business_date="2025-12-27",
    )  # fmt: skip
    svc.apply_events([paid, opened])
    # The money stays booked: the loan shows the member's credit, nothing is lost.
    assert loan.outstanding() == -500_000 and gl(branch, "1301:BR01") == -500_000

    with refused_with("Hanya supervisor"):
        svc.refund_loan_overpayment(case_id, actor=branch.teller)
    refund = svc.refund_loan_overpayment(case_id, actor=branch.supervisor, note="Sudah lunas")
    assert refund.amount == 575_000 and refund.outstanding == 0
    assert sorted(lines(branch, refund.event_id)) == sorted(
        [("1301:BR01", 500_000, 0), ("4101:BR01", 75_000, 0), ("2101:BR01", 0, 575_000)]
    )
    assert wayan.balance() == sukarela + 575_000
    assert gl(branch, "1301:BR01") == 0 and sum(svc.trial_balance().values()) == 0
    (case,) = [c for c in svc.review_cases() if c.case_id == case_id]
    assert case.resolution == "Kelebihan Rp 575.000 dikembalikan ke simpanan sukarela"
    with refused_with("sudah diselesaikan"):
        svc.refund_loan_overpayment(case_id, actor=branch.supervisor)
    with refused_with("tidak ditemukan"):
        svc.refund_loan_overpayment(uuid7(), actor=branch.supervisor)
