"""Days past due, denda, kolektibilitas and portfolio quality (PAR30, NPL)."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.loans.arrears import (
    LoanAge,
    Payment,
    days_past_due,
    denda_accrued,
    instalment_ages,
    kolektibilitas,
    late_fee,
    par_bp,
    portfolio_quality,
)
from ledger.loans.products import LoanTerms
from ledger.loans.schedule import build_schedule

from .builders import product

# 3.000.000 over 3 months at 1 % flat: 1.030.000 due on 15 Feb, 15 Mar and 15 Apr 2026.
SCHEDULE = build_schedule(LoanTerms(3_000_000, 3, 100, "flat"), dt.date(2026, 1, 15))
# Denda 0,1 % of the instalment per day after 3 days' grace, at most 5 % of the instalment,
# to the rupiah (no cash rounding), and the same rounded down to the default cash unit, Rp 100.
DENDA = product(
    late_fee_bp_per_day=10, late_fee_grace_days=3, late_fee_cap_bp=500, denda_rounding=1
)
DENDA_CASH = product(late_fee_bp_per_day=10, late_fee_grace_days=3, late_fee_cap_bp=500)
PAYMENTS = [
    Payment(dt.date(2026, 2, 20), 30_000, 1_000_000),  # the first, 5 days late
    Payment(dt.date(2026, 3, 15), 30_000, 470_000),  # half of the second
]


def test_days_late_per_instalment_and_for_the_loan():
    ages = instalment_ages(SCHEDULE, PAYMENTS, dt.date(2026, 4, 20))
    assert [(a.paid_on, a.days_late) for a in ages] == [
        (dt.date(2026, 2, 20), 5),
        (None, 36),  # due 15 Mar, unpaid on 20 Apr
        (None, 5),
    ]
    assert days_past_due(ages) == 36


def test_nothing_is_late_before_its_due_date_and_later_payments_are_ignored():
    ages = instalment_ages(SCHEDULE, PAYMENTS, dt.date(2026, 2, 10))
    assert [a.days_late for a in ages] == [0, 0, 0]
    assert all(a.paid_on is None for a in ages)
    assert days_past_due(ages) == 0


def test_a_reversed_payment_cancels_on_its_own_date():
    undone = [*PAYMENTS, Payment(dt.date(2026, 2, 20), -30_000, -1_000_000)]
    ages = instalment_ages(SCHEDULE, undone, dt.date(2026, 3, 1))
    assert ages[0].paid_on is None and ages[0].days_late == 14


def test_denda_counts_days_after_grace_with_a_cap():
    assert late_fee(DENDA, 1_030_000, 3) == 0  # within grace
    assert late_fee(DENDA, 1_030_000, 5) == 2_060  # 2 days × 1.030
    assert late_fee(DENDA, 1_030_000, 36) == 33_990  # 33 days × 1.030
    assert late_fee(DENDA, 1_030_000, 100) == 51_500  # 97 days would be 99.910; cap 5 %
    ages = instalment_ages(SCHEDULE, PAYMENTS, dt.date(2026, 4, 20))
    assert denda_accrued(DENDA, ages) == 2_060 + 33_990 + 2_060
    assert late_fee(product(), 1_030_000, 100) == 0  # a product without denda


def test_denda_is_rounded_down_to_the_cash_unit_rp_100_by_default():
    assert DENDA_CASH.denda_rounding == 100
    assert late_fee(DENDA_CASH, 1_030_000, 3) == 0
    assert late_fee(DENDA_CASH, 1_030_000, 5) == 2_000  # 2.060, down to Rp 100
    assert late_fee(DENDA_CASH, 1_030_000, 36) == 33_900  # 33.990
    assert late_fee(DENDA_CASH, 1_030_000, 100) == 51_500  # the cap, already a multiple
    assert late_fee(DENDA_CASH, 1_030_000, 4) == 1_000  # 1.030
    # The case: 10.620 (1.062.000 × 0,1 % × 10 days) is collected as 10.600.
    assert late_fee(DENDA_CASH, 1_062_000, 13) == 10_600
    # 1.180.000 × 0,1 % × 11 days = 12.980 -> 12.900; a cap of 1,05 % of 1.234.567 = 12.962,95
    # -> 12.962 to the rupiah -> 12.900.
    assert late_fee(DENDA_CASH, 1_180_000, 14) == 12_900
    capped = product(late_fee_bp_per_day=100, late_fee_cap_bp=105)
    assert late_fee(capped, 1_234_567, 30) == 12_900
    ages = instalment_ages(SCHEDULE, PAYMENTS, dt.date(2026, 4, 20))
    assert denda_accrued(DENDA_CASH, ages) == 2_000 + 33_900 + 2_000


@pytest.mark.parametrize(
    ("unit", "expected"),
    [(1, 12_980), (10, 12_980), (50, 12_950), (100, 12_900), (500, 12_500), (1_000, 12_000)],
)
def test_head_office_chooses_the_cash_unit_per_product(unit, expected):
    # 1.180.000 × 0,1 % × (14 − 3) days = 12.980 before rounding.
    p = product(late_fee_bp_per_day=10, late_fee_grace_days=3, denda_rounding=unit)
    assert late_fee(p, 1_180_000, 14) == expected
    assert isinstance(late_fee(p, 1_180_000, 14), int)


def test_a_denda_below_the_cash_unit_is_not_charged():
    p = product(late_fee_bp_per_day=10)  # 0,1 % of 50.000 = Rp 50 a day
    assert late_fee(p, 50_000, 1) == 0  # Rp 50
    assert late_fee(p, 50_000, 2) == 100
    assert late_fee(p, 50_000, 3) == 100  # Rp 150


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "lancar"),
        (30, "lancar"),
        (31, "kurang_lancar"),
        (90, "kurang_lancar"),
        (91, "diragukan"),
        (180, "diragukan"),
        (181, "macet"),
    ],
)
def test_default_kolektibilitas_thresholds(days, expected):
    assert kolektibilitas(product(), days) == expected


def test_thresholds_are_per_product():
    strict = product(kol_kurang_lancar_days=0, kol_diragukan_days=60, kol_macet_days=120)
    assert kolektibilitas(strict, 1) == "kurang_lancar"
    assert kolektibilitas(strict, 61) == "diragukan"
    assert kolektibilitas(strict, 121) == "macet"


def test_par30_and_npl_in_basis_points():
    loans = [
        LoanAge("a", 6_000_000, 0, "lancar"),
        LoanAge("b", 3_000_000, 45, "kurang_lancar"),
        LoanAge("c", 1_000_000, 200, "macet"),
        LoanAge("d", 2_000_000, 40, "lancar"),  # a lenient product: lancar, but PAR30
        LoanAge("e", 0, 400, "macet"),  # paid off: not in the portfolio
    ]
    q = portfolio_quality(loans)
    assert q.outstanding == 12_000_000
    assert q.par30_bp == 5_000  # (3 + 1 + 2) / 12
    assert q.npl_bp == 3_333  # (3 + 1) / 12 = 33,33 %
    assert q.by_kolektibilitas == {
        "lancar": 8_000_000,
        "kurang_lancar": 3_000_000,
        "diragukan": 0,
        "macet": 1_000_000,
    }
    assert par_bp(loans, days=90) == 833  # 1 / 12 = 8,33 %
    assert portfolio_quality([]).npl_bp == 0
