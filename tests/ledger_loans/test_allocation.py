"""Repayment allocation: order, advance payments, and never a lost rupiah."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ledger.loans.allocation import Dues, allocate, remaining_by_instalment
from ledger.loans.products import LoanTerms
from ledger.loans.schedule import build_schedule

dues = st.builds(
    Dues,
    denda=st.integers(0, 200_000),
    jasa=st.integers(0, 2_000_000),
    pokok=st.integers(0, 10_000_000),
)
orders = st.permutations(["denda", "jasa", "pokok"])


def test_default_order_pays_denda_then_jasa_then_pokok():
    a = allocate(150_000, Dues(denda=20_000, jasa=120_000, pokok=1_000_000))
    assert (a.denda, a.jasa, a.pokok, a.unapplied) == (20_000, 120_000, 10_000, 0)


def test_a_product_may_put_denda_last():
    due = Dues(denda=20_000, jasa=120_000, pokok=20_000)
    a = allocate(150_000, due, ["jasa", "pokok", "denda"])
    assert (a.jasa, a.pokok, a.denda) == (120_000, 20_000, 10_000)


def test_what_is_left_pays_the_coming_instalments_in_turn():
    a = allocate(
        300_000,
        Dues(jasa=100_000, pokok=100_000),
        ahead=[Dues(jasa=50_000, pokok=100_000), Dues(jasa=40_000, pokok=100_000)],
    )
    assert (a.jasa, a.pokok, a.unapplied) == (150_000, 150_000, 0)
    more = allocate(600_000, Dues(jasa=100_000, pokok=100_000), ahead=[Dues(jasa=50_000)])
    assert (more.jasa, more.pokok, more.unapplied) == (150_000, 100_000, 350_000)


def test_remaining_by_instalment_follows_cumulative_payments():
    s = build_schedule(LoanTerms(3_000_000, 3, 100, "flat"), dt.date(2026, 1, 15))
    # Each instalment is 1.000.000 pokok + 30.000 jasa; 1,5 instalments of jasa and 1 of pokok.
    owed = remaining_by_instalment(s, jasa_paid=45_000, pokok_paid=1_000_000)
    assert owed == [Dues(), Dues(jasa=15_000, pokok=1_000_000), Dues(jasa=30_000, pokok=1_000_000)]


@given(st.integers(0, 20_000_000), dues, orders, st.lists(dues, max_size=5))
def test_allocation_never_loses_or_creates_a_rupiah(amount, due, order, ahead):
    a = allocate(amount, due, order, ahead)
    assert a.denda + a.jasa + a.pokok + a.unapplied == amount
    owed = [due, *ahead]
    for name in ("denda", "jasa", "pokok"):
        assert 0 <= getattr(a, name) <= sum(d.part(name) for d in owed)
    # Something is left unapplied only once everything owed is paid.
    assert a.unapplied == max(0, amount - sum(d.total for d in owed))
    # What is due comes first, in the product's order.
    assert getattr(a, order[0]) >= min(amount, due.part(order[0]))
    if amount >= due.total:
        assert all(getattr(a, name) >= due.part(name) for name in order)
