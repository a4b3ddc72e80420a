"""The loan flow end to end: events, journal lines, state, counter checks and sync overpayment."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.digest import day_digest
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import parse_payload
from ledger.loans import flow
from ledger.loans.events import LoanApproved, LoanRepaid
from ledger.posting import post
from ledger.projection import Projection

from .builders import START, Desk, product

MEMBER = "m-wayan"
FEB, MAR, APR = dt.date(2026, 2, 15), dt.date(2026, 3, 15), dt.date(2026, 4, 15)


def lines(event):
    return {(line.account, line.debit, line.credit) for line in post(event).lines}


def test_disbursement_with_deducted_fees_posts_principal_cash_and_fee_income():
    desk = Desk()
    p = product(admin_fee_bp=100, provision_fee_bp=50)
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    assert lines(desk.events[-1]) == {
        ("1301:BR01", 12_000_000, 0),
        ("1101:BR01:ayu", 0, 11_820_000),
        ("4102:BR01", 0, 120_000),
        ("4104:BR01", 0, 60_000),
    }
    state = desk.state(loan)
    assert (state.status, state.outstanding_principal) == ("open", 12_000_000)
    assert state.disbursed_on == START
    assert state.first_due == FEB


def test_fees_paid_separately_show_both_cash_movements():
    desk = Desk()
    p = product(admin_fee_bp=100, provision_fee_bp=50, fees_deducted=False)
    desk.lends(MEMBER, p, 12_000_000, 12)
    assert lines(desk.events[-1]) == {
        ("1301:BR01", 12_000_000, 0),
        ("1101:BR01:ayu", 0, 12_000_000),
        ("1101:BR01:ayu", 180_000, 0),
        ("4102:BR01", 0, 120_000),
        ("4104:BR01", 0, 60_000),
    }


def test_disbursing_into_sukarela_credits_the_members_savings():
    desk = Desk()
    desk.lends(MEMBER, product(admin_fee_bp=100), 5_000_000, 10, channel="sukarela")
    proj = Projection().apply_all(desk.events)
    assert proj.balance(MEMBER, "sukarela") == 4_950_000
    assert proj.gl["2101:BR01"] == -4_950_000
    assert proj.trial_balance_total() == 0


def test_an_instalment_pays_jasa_and_pokok_from_the_drawer():
    desk = Desk()
    p = product()
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    paid = desk.repays(loan, p, 1_120_000, FEB)
    assert lines(paid) == {
        ("1101:BR01:ayu", 1_120_000, 0),
        ("4101:BR01", 0, 120_000),
        ("1301:BR01", 0, 1_000_000),
    }
    state = desk.state(loan)
    assert (state.outstanding_principal, state.jasa_paid, state.instalments_paid) == (
        11_000_000,
        120_000,
        1,
    )


def test_a_late_payment_pays_denda_first():
    desk = Desk()
    p = product(late_fee_bp_per_day=10, late_fee_grace_days=3)
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    # 10 days late: 7 days after grace × 0,1 % × 1.120.000 = 7.840, rounded down to the cash
    # unit (Rp 100): 7.800 denda.
    paid = desk.repays(loan, p, 1_120_000, FEB + dt.timedelta(days=10))
    assert (paid.payload["denda"], paid.payload["jasa"], paid.payload["pokok"]) == (
        7_800,
        120_000,
        992_200,
    )
    assert ("4103:BR01", 0, 7_800) in lines(paid)
    state = desk.state(loan)
    assert state.instalments_paid == 0  # 7.800 of the pokok is still owed
    owes = flow.obligations(state, p, FEB + dt.timedelta(days=10))
    assert (owes.due.denda, owes.due.jasa, owes.due.pokok) == (0, 0, 7_800)


def test_what_a_late_member_owes_can_be_paid_in_notes_and_coins():
    desk = Desk()
    p = product(late_fee_bp_per_day=10, late_fee_grace_days=3)
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    late = FEB + dt.timedelta(days=10)
    owes = flow.obligations(desk.state(loan), p, late)
    # 7.840 to the rupiah -> 7.800; instalment 1.120.000 (jasa 120.000, pokok 1.000.000).
    assert (owes.due.denda, owes.due.jasa, owes.due.pokok) == (7_800, 120_000, 1_000_000)
    assert owes.due.total == 1_127_800
    quote = flow.settlement_quote(desk.state(loan), p, late)
    # 12.000.000 pokok + 120.000 jasa due + 120.000 of the period in progress + 7.800 denda.
    assert (quote.pokok, quote.jasa, quote.denda, quote.penalty) == (12_000_000, 240_000, 7_800, 0)
    assert quote.total == 12_247_800
    paid = desk.repays(loan, p, 1_127_800, late)
    assert (paid.payload["denda"], paid.payload["jasa"], paid.payload["pokok"]) == (
        7_800,
        120_000,
        1_000_000,
    )
    after = flow.obligations(desk.state(loan), p, late)
    assert after.due.total == 0
    # Twenty days later instalment 1 is paid, so no more denda; instalment 2 is not yet due.
    assert flow.obligations(desk.state(loan), p, late + dt.timedelta(days=20)).due.denda == 0


def test_denda_left_after_an_odd_payment_from_an_older_app_is_rounded_down():
    desk = Desk()
    p = product(late_fee_bp_per_day=10, late_fee_grace_days=3)
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    # An app before cash rounding took 7.840 denda (to the rupiah) 10 days late.
    desk.record(
        LoanRepaid(
            loan, MEMBER, 1_120_000, 7_840, 120_000, 992_160,
            session_id=desk.session, loan_branch=desk.branch,
        ),
        on=FEB + dt.timedelta(days=10),
    )  # fmt: skip
    # 20 days late, instalment 1 still short of 7.840 pokok: 17 days × 1.120 = 19.040 -> 19.000
    # accrued, 7.840 paid: 11.160 left, collected as 11.100.
    owes = flow.obligations(desk.state(loan), p, FEB + dt.timedelta(days=20))
    assert (owes.due.denda, owes.due.jasa, owes.due.pokok) == (11_100, 0, 7_840)


def test_a_product_without_cash_rounding_charges_denda_to_the_rupiah():
    desk = Desk()
    p = product(late_fee_bp_per_day=10, late_fee_grace_days=3, denda_rounding=1)
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    owes = flow.obligations(desk.state(loan), p, FEB + dt.timedelta(days=10))
    assert owes.due.denda == 7_840


def test_a_reversed_repayment_restores_the_loan_and_the_books():
    desk = Desk()
    p = product()
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    before = Projection().apply_all(desk.events)
    paid = desk.repays(loan, p, 1_120_000, FEB)
    reversal = desk.reverses(paid, FEB)
    after = Projection().apply_all(desk.events)
    assert after.loan(loan).outstanding_principal == 12_000_000
    assert after.loan(loan).payments == ()
    assert {k: v for k, v in after.gl.items() if v} == {k: v for k, v in before.gl.items() if v}
    early = Projection().apply_all([*desk.events[:-2], reversal, paid])
    assert early.state() == after.state()


def test_early_settlement_charges_principal_current_interest_and_penalty():
    desk = Desk()
    p = product(settlement_penalty_bp=200)  # 2 % of the remaining principal
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    desk.repays(loan, p, 1_120_000, FEB)
    desk.repays(loan, p, 1_120_000, MAR)
    quote = flow.settlement_quote(desk.state(loan), p, dt.date(2026, 3, 20))
    # Principal 10.000.000 left; April's interest 120.000 (period in progress); penalty 2 %.
    assert (quote.pokok, quote.jasa, quote.denda) == (10_000_000, 120_000, 0)
    assert quote.penalty == 200_000
    settled = desk.settles(loan, p, dt.date(2026, 3, 20))
    assert settled.payload["amount"] == quote.total == 10_320_000
    assert lines(settled) == {
        ("1101:BR01:ayu", 10_320_000, 0),
        ("1301:BR01", 0, 10_000_000),
        ("4101:BR01", 0, 120_000),
        ("4105:BR01", 0, 200_000),
    }
    state = desk.state(loan)
    assert (state.status, state.outstanding_principal) == ("settled", 0)
    assert state.penalty_paid == 200_000
    without_current = product(settlement_current_interest=False)
    unsettled = desk.state(loan, desk.events[:-1])
    assert flow.settlement_quote(unsettled, without_current, dt.date(2026, 3, 20)).jasa == 0
    # On 15 April that month's instalment is due, so its interest is owed either way.
    assert flow.settlement_quote(unsettled, without_current, APR).jasa == 120_000


def test_paying_every_instalment_closes_the_loan_and_the_counter_refuses_more():
    desk = Desk()
    p = product(method="anuitas", rounding=100)
    loan = desk.lends(MEMBER, p, 3_000_000, 3)
    schedule = desk.state(loan).schedule()
    for row in schedule.instalments:
        desk.repays(loan, p, row.total, row.due_date)
    state = desk.state(loan)
    assert (state.status, state.outstanding_principal, state.instalments_paid) == ("closed", 0, 3)
    assert state.jasa_paid == schedule.total_interest
    with pytest.raises(BusinessRuleError) as err:
        flow.check_repayment(state, 10_000)
    assert err.value.field == "loan_id" and "lunas" in err.value.message_id


def test_the_counter_refuses_a_payment_beyond_the_whole_debt_and_zero():
    desk = Desk()
    p = product()
    loan = desk.lends(MEMBER, p, 1_000_000, 2)
    state = desk.state(loan)
    with pytest.raises(BusinessRuleError) as err:
        flow.plan_repayment(state, p, 2_000_000, FEB)
    assert "pelunasan dipercepat" in err.value.message_id
    with pytest.raises(ValidationError) as zero:
        flow.check_repayment(state, 0)
    assert zero.value.field == "amount"
    with pytest.raises(ValidationError):
        parse_payload(
            "LoanRepaid",
            {"loan_id": loan, "member_id": MEMBER, "amount": 0, "denda": 0, "jasa": 0, "pokok": 0},
        )


def test_a_repayment_whose_parts_do_not_add_up_never_parses():
    with pytest.raises(ValidationError) as err:
        LoanRepaid("l", MEMBER, amount=100, denda=0, jasa=10, pokok=80)
    assert err.value.field == "amount"


def test_disbursement_needs_an_active_member_an_approval_and_happens_once():
    desk = Desk()
    p = product()
    sim = flow.simulate(p, 2_000_000, 4, START)
    desk.record(flow.application("l-1", MEMBER, p, sim), on=START)
    applied = desk.state("l-1")
    assert applied.status == "applied"
    with pytest.raises(BusinessRuleError, match="approved"):
        flow.check_disbursement(applied, "active")
    with pytest.raises(BusinessRuleError) as not_supervisor:
        flow.check_approval(applied, "teller")
    assert not_supervisor.value.field == "authorizer"
    flow.check_approval(applied, "supervisor")
    desk.record(LoanApproved("l-1", MEMBER, 2_000_000), on=START, actor="made")
    approved = desk.state("l-1")
    for status in (None, "resigned", "deceased"):
        with pytest.raises(BusinessRuleError) as err:
            flow.check_disbursement(approved, status)
        assert err.value.field == "member_id" and "anggota aktif" in err.value.message_id
    with pytest.raises(BusinessRuleError):
        flow.check_approval(approved, "supervisor")  # approved already
    flow.check_disbursement(approved, "active")
    desk.record(flow.disbursement(approved, p, session_id=desk.session), on=START)
    with pytest.raises(BusinessRuleError, match="already disbursed"):
        flow.check_disbursement(desk.state("l-1"), "active")


def test_a_synced_repayment_for_a_settled_loan_is_accepted_as_overpayment():
    home, other = Desk(), Desk(branch="BR02", device="dev-2", teller="tut")
    p = product()
    loan = home.lends(MEMBER, p, 3_000_000, 3)
    state_before = home.state(loan)
    # Offline, BR02 takes the February instalment while BR01 settles the loan early.
    late = other.record(flow.repayment(state_before, p, 1_030_000, FEB), on=FEB)
    home.settles(loan, p, FEB)
    settled = home.state(loan)
    assert settled.status == "settled"
    assert flow.overpayment(settled, late.typed()) == 1_030_000  # all of it is member credit
    both = Projection().apply_all(home.events + other.events)
    assert both.loan(loan).outstanding_principal == -1_000_000  # the credit, until refunded
    assert both.gl["1301:BR01"] == -1_000_000
    assert both.trial_balance_total() == 0
    # The review case moves the credit to the member's sukarela at the loan's branch.
    credit = flow.overpaid(settled, late.typed())
    assert (credit.jasa, credit.pokok) == (30_000, 1_000_000)
    refund = home.record(flow.credit_refund(both.loan(loan), credit, "case-1"), on=MAR)
    assert lines(refund) == {
        ("1301:BR01", 1_000_000, 0),
        ("4101:BR01", 30_000, 0),
        ("2101:BR01", 0, 1_030_000),
    }
    after = Projection().apply_all(home.events + other.events)
    assert after.loan(loan).outstanding_principal == 0
    assert after.loan(loan).status == "settled"
    assert after.gl["1301:BR01"] == 0
    assert after.balance(MEMBER, "sukarela") == 1_030_000
    assert after.trial_balance_total() == 0


def test_two_branches_paying_the_last_instalment_overpay_by_one_instalment():
    home, other = Desk(), Desk(branch="BR02", device="dev-2", teller="tut")
    p = product()
    loan = home.lends(MEMBER, p, 2_000_000, 2)
    home.repays(loan, p, 1_020_000, FEB)
    before = home.state(loan)
    home.repays(loan, p, 1_020_000, MAR)
    dup = other.record(flow.repayment(before, p, 1_020_000, MAR), on=MAR)
    assert flow.overpayment(home.state(loan), dup.typed()) == 1_020_000
    assert flow.overpayment(before, dup.typed()) == 0  # had it come first, nothing is extra
    # Both arrived: the loan is over-repaid by one instalment until the credit is refunded.
    merged = Projection().apply_all(home.events + other.events)
    state = merged.loan(loan)
    assert (state.status, state.outstanding_principal, state.jasa_paid) == (
        "closed",
        -1_000_000,
        60_000,
    )
    credit = flow.overpaid(home.state(loan), dup.typed())
    assert (credit.jasa, credit.pokok, credit.denda) == (20_000, 1_000_000, 0)
    home.record(flow.credit_refund(state, credit), on=MAR)
    settled_up = Projection().apply_all(home.events + other.events).loan(loan)
    assert (settled_up.outstanding_principal, settled_up.jasa_paid) == (0, 40_000)
    assert settled_up.status == "closed"


def test_collecting_for_another_branchs_loan_goes_through_inter_branch_accounts():
    home, other = Desk(), Desk(branch="BR02", device="dev-2", teller="tut")
    p = product()
    loan = home.lends(MEMBER, p, 12_000_000, 12)
    paid = other.record(flow.repayment(home.state(loan), p, 1_120_000, FEB), on=FEB)
    assert lines(paid) == {
        ("1101:BR02:tut", 1_120_000, 0),
        ("1901:BR02:BR01", 0, 1_120_000),
        ("1901:BR01:BR02", 1_120_000, 0),
        ("4101:BR01", 0, 120_000),
        ("1301:BR01", 0, 1_000_000),
    }
    proj = Projection().apply_all(home.events + other.events)
    for branch in ("BR01", "BR02"):
        assert sum(v for k, v in proj.gl.items() if k.split(":")[1] == branch) == 0
    assert proj.gl["1301:BR01"] == proj.loan(loan).outstanding_principal == 11_000_000


def test_loan_products_replicate_last_writer_wins():
    desk = Desk()
    desk.defines(product(rate_bp=100))
    desk.defines(product(rate_bp=150))
    proj = Projection().apply_all(desk.events)
    assert proj.loan_products["p-umum"][0].to_product().rate_bp == 150


def test_the_day_digest_counts_loan_events():
    desk = Desk()
    p = product()
    loan = desk.lends(MEMBER, p, 12_000_000, 12)
    desk.repays(loan, p, 1_120_000, START)
    digest = day_digest(desk.events, "BR01", START.isoformat())
    by_type = digest["devices"]["dev-1"]["by_type"]
    assert by_type["LoanDisbursed"] == {"count": 1, "total": 12_000_000}
    assert by_type["LoanRepaid"] == {"count": 1, "total": 1_120_000}
    assert digest["debits"] == digest["credits"]
