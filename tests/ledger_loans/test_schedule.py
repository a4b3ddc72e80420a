"""Schedules against independent references: worked examples and closed forms.

References:
* Flat: the standard textbook/bank-brochure example "pinjaman Rp 12.000.000, 12 bulan, bunga
  flat 1 % per bulan": pokok 12.000.000 / 12 = 1.000.000, bunga 12.000.000 × 1 % = 120.000,
  angsuran Rp 1.120.000 every month, total bunga Rp 1.440.000.
* Efektif (menurun), same loan, worked by hand: pokok 1.000.000 each month; bunga bulan 1 =
  12.000.000 × 1 % = 120.000 (angsuran 1.120.000); bunga bulan 12 = 1.000.000 × 1 % = 10.000
  (angsuran 1.010.000); total bunga = 1 % × 1.000.000 × (12 + 11 + ... + 1) = 10.000 × 78 =
  780.000.
* Anuitas: the closed form PMT = P·r / (1 − (1 + r)^−n), here computed independently with
  :mod:`decimal` at 40 digits (the same quantity as numpy-financial's ``pmt(r, n, -P)`` and
  Excel's ``PMT``): 12.000.000 at 1 % for 12 months = 1.066.185,4641...
* Effective rate of the flat example: Excel ``RATE(12, -1120000, 12000000)`` = 1,788 % per
  month (≈ 21,46 % a year nominal), the figure Indonesian bank brochures quote when they compare
  flat with efektif; checked here by discounting the schedule at the returned rate with exact
  fractions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import ValidationError
from ledger.loans.products import ROUNDINGS, LoanTerms
from ledger.loans.schedule import add_months, annuity_payment, build_schedule

START = dt.date(2026, 1, 15)


def schedule(principal, tenor, rate_bp, method, rounding=1, frequency="monthly", start=START):
    return build_schedule(LoanTerms(principal, tenor, rate_bp, method, frequency, rounding), start)


def pmt_decimal(principal: int, rate: Decimal, tenor: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return principal * rate / (1 - (1 + rate) ** -tenor)


def test_flat_textbook_example_12_million_12_months_1_percent():
    s = schedule(12_000_000, 12, 100, "flat")
    assert [i.total for i in s.instalments] == [1_120_000] * 12
    assert {(i.principal, i.interest) for i in s.instalments} == {(1_000_000, 120_000)}
    assert s.total_interest == 1_440_000
    assert s.instalments[-1].balance_after == 0


def test_flat_remainder_goes_to_the_last_instalment():
    # 10.000.000 over 12 months at 1,5 % flat: 833.333,33 + 150.000 = 983.333,33 a month.
    # Rounded up to the rupiah: 983.334 (pokok 833.334) eleven times; the last pokok is
    # 10.000.000 − 11 × 833.334 = 833.326.
    s = schedule(10_000_000, 12, 150, "flat")
    assert [i.total for i in s.instalments[:-1]] == [983_334] * 11
    assert s.instalments[-1].principal == 833_326
    assert s.instalments[-1].total == 983_326
    # Rounded to Rp 1.000: 984.000 eleven times, pokok 834.000; last pokok 826.000.
    s = schedule(10_000_000, 12, 150, "flat", rounding=1_000)
    assert [i.total for i in s.instalments[:-1]] == [984_000] * 11
    assert s.instalments[-1].principal == 10_000_000 - 11 * 834_000 == 826_000


def test_efektif_worked_example():
    s = schedule(12_000_000, 12, 100, "efektif")
    assert [i.principal for i in s.instalments] == [1_000_000] * 12
    assert s.instalments[0].interest == 120_000 and s.instalments[0].total == 1_120_000
    assert s.instalments[1].interest == 110_000
    assert s.instalments[-1].interest == 10_000 and s.instalments[-1].total == 1_010_000
    assert s.total_interest == 780_000


def test_anuitas_matches_the_closed_form_pmt():
    exact = pmt_decimal(12_000_000, Decimal("0.01"), 12)
    assert str(exact).startswith("1066185.464140")
    ours = annuity_payment(12_000_000, Fraction(1, 100), 12)
    assert abs(ours - Fraction(exact)) < Fraction(1, 10**25)
    s = schedule(12_000_000, 12, 100, "anuitas")
    # Rounded up to the rupiah: 1.066.186; first month's interest 120.000, so pokok 946.186.
    assert [i.total for i in s.instalments[:-1]] == [1_066_186] * 11
    assert (s.instalments[0].interest, s.instalments[0].principal) == (120_000, 946_186)
    assert s.total_principal == 12_000_000
    assert s.instalments[-1].total <= 1_066_186
    s100 = schedule(12_000_000, 12, 100, "anuitas", rounding=100)
    assert s100.instalment == 1_066_200


def test_flat_effective_rate_matches_excel_rate():
    s = schedule(12_000_000, 12, 100, "flat")
    eir = s.effective_rate()
    assert eir.per_period_text.startswith("0.017880")  # RATE(12,-1120000,12000000) = 1,788 %
    assert eir.nominal_annual_bp == 2146
    assert eir.effective_annual_bp == 2370  # (1 + 0,01788)^12 − 1

    def npv(rate: Fraction) -> Fraction:
        return (
            sum((Fraction(i.total) / (1 + rate) ** i.number for i in s.instalments), Fraction(0))
            - 12_000_000
        )

    found = Fraction(eir.per_period)
    assert npv(found - Fraction(1, 10**12)) > 0 > npv(found + Fraction(1, 10**12))


def test_declining_methods_have_an_effective_rate_equal_to_their_rate():
    for method in ("efektif", "anuitas"):
        eir = schedule(12_000_000, 12, 100, method).effective_rate()
        assert eir.nominal_annual_bp == 1200, method


def test_fees_raise_the_effective_rate():
    s = schedule(12_000_000, 12, 100, "anuitas")
    assert s.effective_rate(received=12_000_000 - 240_000).nominal_annual_bp > 1200


def test_monthly_due_dates_keep_the_day_and_clamp_to_the_month_end():
    s = schedule(3_000_000, 4, 100, "flat", start=dt.date(2026, 1, 31))
    assert [i.due_date for i in s.instalments] == [
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 31),
    ]
    assert add_months(dt.date(2027, 12, 15), 1) == dt.date(2028, 1, 15)


def test_weekly_loans_fall_due_every_seven_days_at_a_weekly_rate():
    s = schedule(5_200_000, 10, 100, "flat", frequency="weekly")
    assert [i.due_date for i in s.instalments[:2]] == [dt.date(2026, 1, 22), dt.date(2026, 1, 29)]
    # 1 % a month = 12 % a year = 12/52 % a week: 5.200.000 × 0,12/52 = 12.000 a week.
    assert {i.interest for i in s.instalments} == {12_000}


def test_rounding_too_coarse_for_the_loan_is_refused():
    with pytest.raises(ValidationError) as err:
        schedule(1_000_000, 60, 100, "flat", rounding=1_000)
    assert err.value.field == "rounding"
    assert "Pembulatan" in err.value.message_id


def test_zero_rate_splits_the_principal():
    s = schedule(1_000_000, 3, 0, "anuitas")
    assert [i.total for i in s.instalments] == [333_334, 333_334, 333_332]


terms = st.builds(
    LoanTerms,
    principal=st.integers(100_000, 500_000_000),
    tenor=st.integers(1, 60),
    rate_bp=st.integers(0, 500),
    method=st.sampled_from(["flat", "efektif", "anuitas"]),
    frequency=st.sampled_from(["monthly", "weekly"]),
    rounding=st.sampled_from(ROUNDINGS),
)


@given(terms)
def test_principal_parts_always_sum_to_the_principal(t):
    try:
        s = build_schedule(t, START)
    except ValidationError as err:
        # Only refused when rounding up each instalment would repay the principal early.
        assert err.field == "rounding" and t.rounding > 1
        return
    rows = s.instalments
    assert len(rows) == t.tenor
    assert sum(i.principal for i in rows) == t.principal
    assert rows[-1].balance_after == 0
    assert all(i.principal > 0 and i.interest >= 0 for i in rows)
    assert all(i.total % t.rounding == 0 for i in rows[:-1])
    balance = t.principal
    for i in rows:
        balance -= i.principal
        assert i.balance_after == balance
    if t.method == "anuitas" and t.tenor > 1:
        exact = annuity_payment(t.principal, t.period_rate, t.tenor)
        assert len({i.total for i in rows[:-1]}) == 1
        assert exact <= rows[0].total < exact + t.rounding
        # Interest is rounded per period, so with Rp 1 rounding the last can be a few rupiah over.
        assert rows[-1].total <= rows[0].total + t.tenor // 2 + 1
    if t.method == "flat":
        assert len({i.interest for i in rows}) == 1
