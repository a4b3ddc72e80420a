"""Savings interest terms and one account's month, on small worked accounts.

Every expected figure is worked out by hand in the comment beside it (November 2026 has 30
days, 2026 is not a leap year, February 2028 has 29 days in a 366-day year).
"""

import datetime as dt
from fractions import Fraction

import pytest

from ledger.errors import BusinessRuleError, ValidationError
from ledger.savings.interest import month_interest
from ledger.savings.period import Month
from ledger.savings.terms import (
    DEFAULT_CAPS,
    RateCap,
    RateChange,
    RateTier,
    SavingsInterestTerms,
    bp,
    caps_from_setting,
    caps_to_setting,
    check_rate_cap,
    flat,
)

NOV = Month(2026, 11)
LONG_AGO = dt.date(2024, 1, 1)
PCT3 = Fraction(3, 100)


def terms(**kw):
    kw.setdefault("rates", (flat(LONG_AGO, PCT3),))
    return SavingsInterestTerms("sk", "Simpanan Sukarela", **kw)


def nov(day):
    return dt.date(2026, 11, day)


# --- saldo harian, day counts, rounding -------------------------------------------------------

# Rp 1.000.000 on days 1-10, a deposit of Rp 500.000 on the 11th: Rp 1.500.000 on days 11-30.
DEPOSIT_ON_11 = [(nov(11), 500_000)]


def test_saldo_harian_actual_365_rounds_the_month_total_half_up_by_default():
    # 1.000.000 × 3% × 10/365 = 821,917...; 1.500.000 × 3% × 20/365 = 2.465,753...
    # total 1.200.000/365 = 3.287,67 -> Rp 3.288
    result = month_interest(terms(day_count="act_365"), NOV, 1_000_000, DEPOSIT_ON_11)
    assert result.gross == 3_288
    assert result.exact == Fraction(1_200_000, 365)
    assert [(s.start, s.end, s.days, s.balance, s.amount) for s in result.segments] == [
        (nov(1), nov(10), 10, 1_000_000, None),
        (nov(11), nov(30), 20, 1_500_000, None),
    ]
    assert result.closing_balance == 1_500_000


def test_rounding_each_segment_or_each_day_gives_the_sums_of_the_rounded_parts():
    # segment: 821,92 -> 822 and 2.465,75 -> 2.466: Rp 3.288
    seg = month_interest(terms(rounding_place="segment"), NOV, 1_000_000, DEPOSIT_ON_11)
    assert [s.amount for s in seg.segments] == [822, 2_466]
    assert seg.gross == 3_288
    # day: 1.000.000 × 3%/365 = 82,19 -> 82 × 10 = 820; 1.500.000 × 3%/365 = 123,29 -> 123 × 20
    # = 2.460: Rp 3.280
    day = month_interest(terms(rounding_place="day"), NOV, 1_000_000, DEPOSIT_ON_11)
    assert [s.amount for s in day.segments] == [820, 2_460]
    assert day.gross == 3_280


@pytest.mark.parametrize(
    ("mode", "unit", "expected"),
    [
        ("down", 1, 3_287),  # 3.287,67 down
        ("up", 1, 3_288),
        ("half_up", 100, 3_300),  # 32,88 hundreds -> 33
        ("down", 100, 3_200),
    ],
)
def test_rounding_mode_and_unit(mode, unit, expected):
    t = terms(rounding_mode=mode, rounding_unit=unit)
    assert month_interest(t, NOV, 1_000_000, DEPOSIT_ON_11).gross == expected


def test_day_counts_month_twelfth_actual_365_and_actual_actual_in_a_leap_february():
    feb = Month(2028, 2)
    # 1.000.000 all month at 3%:
    # a month is 1/12 of a year: 1.000.000 × 3% / 12 = 2.500
    assert month_interest(terms(day_count="month_12"), feb, 1_000_000).gross == 2_500
    # actual/365: 1.000.000 × 3% × 29/365 = 870.000/365 = 2.383,56 -> 2.384
    assert month_interest(terms(day_count="act_365"), feb, 1_000_000).gross == 2_384
    # actual/actual: 870.000/366 = 2.377,05 -> 2.377
    assert month_interest(terms(day_count="act_act"), feb, 1_000_000).gross == 2_377


def test_a_movement_on_the_first_means_the_opening_balance_held_no_day():
    # Rp 0 opening, Rp 3.650.000 deposited on the 1st: 3.650.000 × 3% × 30/365 = 9.000
    result = month_interest(terms(), NOV, 0, [(nov(1), 3_650_000)])
    assert result.gross == 9_000
    assert len(result.segments) == 1


def test_movements_on_the_same_day_count_by_their_day_end_balance():
    # +400.000 and -400.000 on the 11th net to nothing: 1.000.000 × 3% × 30/365 = 2.465,75
    moves = [(nov(11), 400_000), (nov(11), -400_000)]
    assert month_interest(terms(), NOV, 1_000_000, moves).gross == 2_466


def test_a_movement_outside_the_month_is_refused():
    with pytest.raises(ValueError):
        month_interest(terms(), NOV, 0, [(dt.date(2026, 12, 1), 1)])


# --- saldo terendah and saldo rata-rata ---------------------------------------------------------

# Rp 2.000.000 on days 1-5, withdraw 1.500.000 on the 6th: 500.000 on days 6-20, deposit
# 1.000.000 on the 21st: 1.500.000 on days 21-30.
UP_AND_DOWN = [(nov(6), -1_500_000), (nov(21), 1_000_000)]


def test_saldo_terendah_pays_on_the_lowest_day_end_balance():
    # lowest 500.000; a month is 1/12 of a year: 500.000 × 3%/12 = 1.250
    t = terms(method="terendah", day_count="month_12")
    result = month_interest(t, NOV, 2_000_000, UP_AND_DOWN)
    assert result.base == 500_000
    assert result.gross == 1_250
    # actual/365: 500.000 × 3% × 30/365 = 450.000/365 = 1.232,88 -> 1.233
    t365 = terms(method="terendah", day_count="act_365")
    assert month_interest(t365, NOV, 2_000_000, UP_AND_DOWN).gross == 1_233


def test_saldo_rata_rata_is_day_weighted_by_default():
    # (2.000.000 × 5 + 500.000 × 15 + 1.500.000 × 10) / 30 = 32.500.000/30 = 1.083.333,33
    # × 3%/12 = 2.708,33 -> 2.708
    t = terms(method="rata_rata", day_count="month_12")
    result = month_interest(t, NOV, 2_000_000, UP_AND_DOWN)
    assert result.base == Fraction(32_500_000, 30)
    assert result.gross == 2_708


def test_saldo_rata_rata_unweighted_is_the_mean_of_the_months_balances():
    # (2.000.000 + 500.000 + 1.500.000) / 3 = 1.333.333,33 × 3%/12 = 3.333,33 -> 3.333
    t = terms(method="rata_rata", average="unweighted", day_count="month_12")
    result = month_interest(t, NOV, 2_000_000, UP_AND_DOWN)
    assert result.base == Fraction(4_000_000, 3)
    assert result.gross == 3_333


# --- tiers, rate changes, minimum balance -------------------------------------------------------

TIERED = RateChange(
    LONG_AGO,
    (RateTier(0, bp(100)), RateTier(1_000_000, bp(200)), RateTier(10_000_000, bp(300))),
)


def test_the_whole_balance_earns_its_tiers_rate_and_a_boundary_belongs_to_the_upper_tier():
    # days 1-15: 800.000 at 1%: 800.000 × 1% × 15/360 = 333,33
    # days 16-30: 10.000.000 (exactly the 3% tier) × 3% × 15/360 = 12.500
    # total 12.833,33 -> 12.833
    t = terms(rates=(TIERED,), day_count="month_12")
    result = month_interest(t, NOV, 800_000, [(nov(16), 9_200_000)])
    assert [s.rate for s in result.segments] == [bp(100), bp(300)]
    assert result.gross == 12_833


def test_a_rate_change_inside_the_month_splits_it():
    # 6.000.000 all month; 3% to the 20th, 2,4% from the 21st (a month is 1/12 of a year):
    # 6.000.000 × 3% × 20/360 = 10.000; 6.000.000 × 2,4% × 10/360 = 4.000; total 14.000
    rates = (flat(LONG_AGO, PCT3), flat(nov(21), bp(240)))
    for method in ("harian", "terendah", "rata_rata"):
        t = terms(rates=rates, day_count="month_12", method=method)
        result = month_interest(t, NOV, 6_000_000)
        assert [(s.days, s.rate) for s in result.segments] == [(20, PCT3), (10, bp(240))]
        assert result.gross == 14_000, method


def test_before_the_first_rate_no_interest_accrues():
    # the product's rate starts on the 21st: 3.650.000 × 3% × 10/365 = 3.000
    t = terms(rates=(flat(nov(21), PCT3),))
    assert month_interest(t, NOV, 3_650_000).gross == 3_000


def test_below_the_minimum_balance_nothing_is_paid():
    # harian: days 1-10 at 400.000 earn nothing; days 11-30 at 600.000:
    # 600.000 × 3% × 20/365 = 360.000/365 = 986,30 -> 986
    moves = [(nov(11), 200_000)]
    assert month_interest(terms(minimum_balance=500_000), NOV, 400_000, moves).gross == 986
    # terendah: the lowest balance, 400.000, is under the minimum: nothing
    t = terms(minimum_balance=500_000, method="terendah")
    assert month_interest(t, NOV, 400_000, moves).gross == 0


def test_a_product_without_interest_pays_nothing():
    t = SavingsInterestTerms("sw", "Simpanan Wajib", interest_bearing=False)
    assert month_interest(t, NOV, 50_000_000).gross == 0


# --- validation and the cap ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"method": "bulanan"}, "method"),
        ({"day_count": "30/360"}, "day_count"),
        ({"rounding_place": "year"}, "rounding_place"),
        ({"rounding_mode": "banker"}, "rounding_mode"),
        ({"rounding_unit": 0}, "rounding_unit"),
        ({"minimum_balance": -1}, "minimum_balance"),
        ({"rates": ()}, "rates"),
        ({"rates": (flat(nov(2), PCT3), flat(nov(1), PCT3))}, "rates"),
    ],
)
def test_terms_that_make_no_sense_are_refused_with_the_field_named(kw, field):
    with pytest.raises(ValidationError) as err:
        terms(**kw)
    assert err.value.field == field
    assert err.value.message("id") != err.value.message("en")


def test_a_float_rate_and_bad_tiers_are_refused():
    with pytest.raises(ValidationError):
        RateTier(0, 0.03)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        RateChange(LONG_AGO, (RateTier(100, PCT3),))  # first tier not from Rp 0
    with pytest.raises(ValidationError):
        RateChange(LONG_AGO, (RateTier(0, PCT3), RateTier(0, PCT3)))


def test_terms_round_trip_through_their_replicated_form():
    t = terms(rates=(TIERED, flat(nov(21), bp(240))), method="rata_rata", minimum_balance=10_000)
    assert SavingsInterestTerms.from_dict(t.to_dict()) == t
    with pytest.raises(ValidationError):
        SavingsInterestTerms.from_dict({**t.to_dict(), "colour": "red"})


def test_the_cap_of_permenkop_8_2023_is_nine_percent_from_its_date():
    check_rate_cap(terms(rates=(flat(LONG_AGO, bp(900)),)))  # exactly 9%: allowed
    with pytest.raises(BusinessRuleError) as err:
        check_rate_cap(terms(rates=(flat(LONG_AGO, bp(901)),)))
    assert "9,00 %" in err.value.message_id and "Permenkop UKM 8/2023" in err.value.message_id
    # a rate above 9% that ended before the cap took effect is fine; one still in force is not
    before = (flat(dt.date(2020, 1, 1), bp(1_200)), flat(dt.date(2023, 6, 1), bp(800)))
    check_rate_cap(terms(rates=before))
    still = (flat(dt.date(2020, 1, 1), bp(1_200)), flat(dt.date(2023, 7, 1), bp(800)))
    with pytest.raises(BusinessRuleError) as err:
        check_rate_cap(terms(rates=still))
    assert "2023-06-20" in err.value.message_en
    # a tier above the cap is refused too
    high_tier = RateChange(LONG_AGO, (RateTier(0, bp(500)), RateTier(10**9, bp(950))))
    with pytest.raises(BusinessRuleError):
        check_rate_cap(terms(rates=(high_tier,)))


def test_a_minister_change_to_the_cap_is_a_dated_setting():
    lowered = (*DEFAULT_CAPS, RateCap(dt.date(2027, 1, 1), bp(700), "Kepmen (contoh)"))
    text = caps_to_setting(lowered)
    assert caps_from_setting(text) == lowered
    assert caps_from_setting("") == DEFAULT_CAPS
    t = terms(rates=(flat(LONG_AGO, bp(800)),))
    check_rate_cap(t)  # 8% is within 9%
    with pytest.raises(BusinessRuleError) as err:
        check_rate_cap(t, caps_from_setting(text))
    assert "2027-01-01" in err.value.message_en
    with pytest.raises(ValidationError):
        caps_from_setting("[{]")
