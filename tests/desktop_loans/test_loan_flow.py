"""A loan through the branch service: application, approval, disbursement, repayments (exact,
partial, late with denda, in advance), early settlement; journal lines and balances asserted.

Product "Pinjaman Usaha Mikro" (desktop.demo_loans): flat 1,5 % a month, admin 1 %, provisi
0,5 % deducted, denda 0,1 % a day of the instalment after 3 days' grace, settlement penalty 1 %.
Rp 12.000.000 over 12 months: jasa 12.000.000 × 1,5 % = 180.000 a month, pokok 1.000.000,
instalment 1.180.000 (the flat formula of ledger.loans.schedule; worked example in
docs/loans.md); fees 120.000 + 60.000, the member receives 11.820.000.
"""

from __future__ import annotations

import datetime as dt

import pytest
from desktop_store.builders import TODAY, Branch

from desktop.demo_loans import PRODUCTS
from desktop.services import AuthorisationRequired
from desktop.store import loans as loan_store
from ledger.clock import HybridClock
from ledger.events import DeviceChain
from ledger.ids import uuid7
from ledger.loans import flow
from ledger.loans.events import LoanApproved

from .builders import PMS, gl, lends, lines

CASH = "1101:BR01:{}"


def test_flat_loan_from_application_to_early_settlement(branch: Branch) -> None:
    svc = branch.service
    ayu = branch.teller
    cash = CASH.format(ayu.user_id)
    wayan = branch.member("I Wayan Sudarsana")
    drawer_before = svc.current_session(ayu.user_id).expected_cash  # type: ignore[union-attr]

    sim = svc.simulate_loan("p-usaha-mikro", 12_000_000, 12)
    assert sim.schedule.instalment == 1_180_000
    assert sim.schedule.total_interest == 2_160_000
    assert (sim.fees.admin, sim.fees.provision, sim.net_to_member) == (120_000, 60_000, 11_820_000)

    applied = svc.apply_loan(wayan.member_id, "p-usaha-mikro", 12_000_000, 12, actor=ayu)
    assert applied.status == "applied" and svc.journal_lines(applied.event_id) == []
    assert applied.loan_no.startswith("PJ/BR01/01/")
    approved = svc.approve_loan(applied.loan_id, approver=branch.supervisor)
    assert approved.status == "approved"

    # Over the teller limit (Rp 10.000.000): the supervisor must authorise the payout.
    with pytest.raises(AuthorisationRequired):
        svc.disburse_loan(applied.loan_id, actor=ayu)
    paid_out = svc.disburse_loan(applied.loan_id, actor=ayu, authorizer=branch.supervisor)
    assert paid_out.amount == 11_820_000 and paid_out.status == "open"
    assert sorted(lines(branch, paid_out.event_id)) == sorted(
        [
            ("1301:BR01", 12_000_000, 0),
            (cash, 0, 11_820_000),
            ("4102:BR01", 0, 120_000),
            ("4104:BR01", 0, 60_000),
        ]
    )
    drawer = svc.current_session(ayu.user_id).expected_cash  # type: ignore[union-attr]
    assert drawer == drawer_before - 11_820_000
    loan = svc.loan_detail(applied.loan_id)
    assert loan.first_due == "2025-12-27" and loan.maturity == "2026-11-27"
    assert [s.total for s in loan.schedule] == [1_180_000] * 12

    # Exact instalment on its due date.
    svc.set_business_date(dt.date(2025, 12, 27))
    due = svc.loan_due(applied.loan_id)
    assert (due.denda, due.jasa, due.pokok, due.suggested) == (0, 180_000, 1_000_000, 1_180_000)
    first = svc.repay_loan(applied.loan_id, 1_180_000, actor=ayu)
    assert sorted(lines(branch, first.event_id)) == sorted(
        [(cash, 1_180_000, 0), ("4101:BR01", 0, 180_000), ("1301:BR01", 0, 1_000_000)]
    )
    assert first.outstanding == 11_000_000

    # Partial, three days late (inside the grace period: no denda): jasa first, then pokok.
    svc.set_business_date(dt.date(2026, 1, 30))
    partial = svc.repay_loan(applied.loan_id, 500_000, actor=ayu)
    assert sorted(lines(branch, partial.event_id)) == sorted(
        [(cash, 500_000, 0), ("4101:BR01", 0, 180_000), ("1301:BR01", 0, 320_000)]
    )

    # 14 days late on the rest of instalment 2: denda 1.180.000 × 0,1 % × (14 − 3) = 12.980,
    # rounded down to the cash unit (Rp 100): 12.900, then Rp 2.000.000 pays denda, the overdue
    # pokok, instalment 3 and part of 4 in advance (2.000.000 − 12.900 − 680.000 − 1.180.000 =
    # 127.100 of instalment 4's jasa).
    svc.set_business_date(dt.date(2026, 2, 10))
    due = svc.loan_due(applied.loan_id)
    assert (due.denda, due.jasa, due.pokok) == (12_900, 0, 680_000)
    assert due.days_past_due == 14 and due.kolektibilitas == "lancar"
    preview = svc.preview_repayment(applied.loan_id, 2_000_000)
    ahead = svc.repay_loan(applied.loan_id, 2_000_000, actor=ayu)
    assert (preview.denda, preview.jasa, preview.pokok) == (12_900, 307_100, 1_680_000)
    assert sorted(lines(branch, ahead.event_id)) == sorted(
        [
            (cash, 2_000_000, 0),
            ("4103:BR01", 0, 12_900),
            ("4101:BR01", 0, 307_100),
            ("1301:BR01", 0, 1_680_000),
        ]
    )
    assert ahead.outstanding == 9_000_000
    assert gl(branch, "1301:BR01") == 9_000_000

    # Early settlement: the remaining pokok, no jasa due (instalment 3 is paid), penalty 1 %.
    quote = svc.settlement_quote(applied.loan_id)
    assert (quote.pokok, quote.jasa, quote.denda, quote.penalty) == (9_000_000, 0, 0, 90_000)
    settled = svc.settle_loan(
        applied.loan_id, actor=ayu, authorizer=branch.supervisor, expected_total=quote.total
    )
    assert settled.status == "settled" and settled.outstanding == 0
    assert sorted(lines(branch, settled.event_id)) == sorted(
        [(cash, 9_090_000, 0), ("1301:BR01", 0, 9_000_000), ("4105:BR01", 0, 90_000)]
    )
    assert gl(branch, "1301:BR01") == 0
    assert gl(branch, "4101:BR01") == -(180_000 + 180_000 + 307_100)
    drawer_after = svc.current_session(ayu.user_id).expected_cash  # type: ignore[union-attr]
    assert drawer_after == drawer_before - 11_820_000 + 1_180_000 + 500_000 + 2_000_000 + 9_090_000
    assert sum(svc.trial_balance().values()) == 0

    history = svc.loan_detail(applied.loan_id).history
    assert [h.type for h in history] == [
        "LoanSettled",
        "LoanRepaid",
        "LoanRepaid",
        "LoanRepaid",
        "LoanDisbursed",
        "LoanApproved",
        "LoanApplied",
    ]
    assert history[0].penalty == 90_000 and history[0].authorizer == "I Made Sudarsana"


def test_disbursement_into_sukarela_with_fees_paid_separately(branch: Branch) -> None:
    """Pinjaman Musiman: fees not deducted, paid into sukarela: the member's sukarela gets
    the principal minus the fees it pays (both movements on the journal)."""
    ketut = branch.member("Ni Ketut Sriasih", sex="P")
    before = ketut.balance()
    loan = lends(branch, ketut, 10_000_000, 6, PMS, channel="sukarela")
    detail = branch.service.loan_detail(loan.loan_id)
    disbursed = detail.history[0]
    assert (detail.admin_fee, detail.provision_fee, detail.fees_deducted) == (50_000, 50_000, False)
    assert sorted(lines(branch, disbursed.event_id)) == sorted(
        [
            ("1301:BR01", 10_000_000, 0),
            ("2101:BR01", 0, 10_000_000),
            ("2101:BR01", 100_000, 0),
            ("4102:BR01", 0, 50_000),
            ("4104:BR01", 0, 50_000),
        ]
    )
    assert ketut.balance() == before + 9_900_000
    # efektif: equal pokok 1.666.667 (rounded up to Rp 100: 1.666.700), jasa on the balance.
    assert [s.jasa for s in detail.schedule][:2] == [100_000, 83_333]
    # An instalment from sukarela moves savings, not cash.
    branch.service.set_business_date(dt.date(2025, 12, 27))
    paid = branch.service.repay_loan(
        loan.loan_id, 1_766_700, actor=branch.teller, channel="sukarela"
    )
    assert sorted(lines(branch, paid.event_id)) == sorted(
        [("2101:BR01", 1_766_700, 0), ("4101:BR01", 0, 100_000), ("1301:BR01", 0, 1_666_700)]
    )
    assert ketut.balance() == before + 9_900_000 - 1_766_700


def test_loan_balances_equal_the_journal(branch: Branch) -> None:
    """1301 of the branch == the principal its loans still owe, after a mix of postings."""
    svc = branch.service
    members = [branch.member(n) for n in ("I Wayan Sudarsana", "Ni Made Lestari", "I Nyoman")]
    loans = [
        lends(branch, members[0], 5_000_000, 10),
        lends(branch, members[1], 8_000_000, 12, "p-konsumtif"),
        lends(branch, members[2], 4_000_000, 4, PMS),
    ]
    svc.set_business_date(dt.date(2026, 1, 5))
    loans[0].pays(575_000)
    loans[1].pays(300_000)
    loans[2].pays(1_040_000)
    loans[2].settles()
    total = sum(s.outstanding for s in svc.loans_with_status("open", "closed", "settled"))
    assert gl(branch, "1301:BR01") == total == sum(loan.outstanding() for loan in loans)
    report = svc.loan_arrears()
    assert report.quality.outstanding == total
    assert sum(report.quality.by_kolektibilitas.values()) == total


def test_a_loan_of_another_branch_is_repaid_here(branch: Branch) -> None:
    """The loan was made at BR02 (its events reached this PC by sync); BR01 takes an
    instalment: income and receivable are booked at BR02, the two branches joined through
    1901 Rekening Antar Kantor, and each branch's books balance on their own."""
    wayan = branch.member()
    product = PRODUCTS[0]
    ubud2 = DeviceChain("BR02", "pc-br02", clock=HybridClock())
    sim = flow.simulate(product, 5_000_000, 10, TODAY)
    loan_id = uuid7()
    day = TODAY.isoformat()
    applied = ubud2.make(
        flow.application(loan_id, wayan.member_id, product, sim), actor="u-br02", business_date=day
    )
    approved = ubud2.make(
        LoanApproved(loan_id, wayan.member_id, 5_000_000), actor="s-br02", business_date=day
    )
    branch.service.apply_events([applied, approved])
    paid_out = ubud2.make(
        flow.disbursement(loan_store.state(branch.service.store.conn, loan_id), product),
        actor="u-br02",
        business_date=day,
    )
    branch.service.apply_events([paid_out])
    assert gl(branch, "1301:BR02") == 5_000_000

    branch.service.set_business_date(dt.date(2025, 12, 27))
    paid = branch.service.repay_loan(loan_id, 575_000, actor=branch.teller)
    cash = CASH.format(branch.teller.user_id)
    assert sorted(lines(branch, paid.event_id)) == sorted(
        [
            (cash, 575_000, 0),
            ("4101:BR02", 0, 75_000),
            ("1301:BR02", 0, 500_000),
            ("1901:BR01:BR02", 0, 575_000),
            ("1901:BR02:BR01", 575_000, 0),
        ]
    )
    assert paid.outstanding == 4_500_000 and gl(branch, "1301:BR02") == 4_500_000
    books = branch.service.trial_balance()
    for code in ("BR01", "BR02"):  # each branch balances on its own
        assert sum(v for k, v in books.items() if k.split(":")[1] == code) == 0
