"""One account's interest for one month, with the breakdown a statement shows.

The interest is computed on **day-end balances**: the opening balance plus each day's movements
taken together. Events recorded at different branches on the same business date have no order
everyone agrees on (a branch may have been offline), so an intraday balance is not something
every replica can compute; the day-end balance is.

The month is cut into *segments*: runs of days over which both the balance that earns and the
rate schedule in force stay the same (a rate change inside the month starts a new segment). For
saldo harian a segment's balance is its day-end balance; for saldo terendah and saldo rata-rata
it is the month's lowest or average balance, and the segments only follow the rate changes.

Each segment's exact interest is ``balance × rate × days × (year fraction of a day)``, where the
year fraction of a day is 1/365 (actual/365), 1/365 or 1/366 by the month's year
(actual/actual), or 1/(12 × days in the month) (a month is 1/12 of a year). The amount is then
rounded where the product says: each day's interest, each segment's, or only the month's total.
All of it is integer arithmetic over exact fractions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from ledger.savings.period import Month
from ledger.savings.terms import RateChange, SavingsInterestTerms

Movement = tuple[dt.date, int]


@dataclass(frozen=True)
class Segment:
    """A run of days at one earning balance and one rate.

    Attributes:
        start: First day.
        end: Last day (inclusive).
        days: Number of days.
        balance: The balance that earns (exact: an average may be a fraction of a rupiah).
        rate: Nominal rate per year applied (0 below the minimum balance).
        interest: Exact interest of the segment.
        amount: Rounded rupiah when the product rounds per day or segment; ``None`` when it
            rounds only the month's total.
    """

    start: dt.date
    end: dt.date
    days: int
    balance: Fraction
    rate: Fraction
    interest: Fraction
    amount: int | None


@dataclass(frozen=True)
class MonthInterest:
    """An account's interest for a month.

    Attributes:
        month: The month.
        method: The product's method.
        base: The balance the interest was computed on for terendah / rata-rata (``None`` for
            harian, where each segment has its own).
        closing_balance: The day-end balance of the month's last day.
        exact: The exact interest before rounding (sum of the segments').
        gross: The interest in rupiah (the month's gross, before tax).
        segments: The breakdown (empty when not kept or the product pays no interest).
    """

    month: Month
    method: str
    base: Fraction | None
    closing_balance: int
    exact: Fraction
    gross: int
    segments: tuple[Segment, ...] = ()


def round_rupiah(num: int, den: int, mode: str = "half_up", unit: int = 1) -> int:
    """``num / den`` (not negative) rounded to a multiple of ``unit`` rupiah."""
    if num < 0 or den <= 0:
        raise ValueError("interest is rounded from a non-negative value")
    d = den * unit
    if mode == "down":
        q = num // d
    elif mode == "up":
        q = -(-num // d)
    else:
        q = (2 * num + d) // (2 * d)
    return q * unit


def day_fraction(month: Month, day_count: str) -> Fraction:
    """The fraction of a year one day of ``month`` is, under ``day_count``."""
    if day_count == "month_12":
        return Fraction(1, 12 * month.days)
    if day_count == "act_act":
        return Fraction(1, month.year_days)
    return Fraction(1, 365)


def balance_runs(
    month: Month, opening_balance: int, movements: Iterable[Movement]
) -> tuple[list[tuple[int, int, int]], int]:
    """``([(first day index, end index exclusive, day-end balance), ...], closing balance)``.

    Day indexes count from 0 (the 1st of the month). A balance that no day ended on (the
    opening balance when something moved on the 1st) is not a run.

    Raises:
        ValueError: a movement dated outside the month.
    """
    first = month.first.toordinal()
    ndays = month.days
    by_day: dict[int, int] = {}
    for day, amount in movements:
        i = day.toordinal() - first
        if not 0 <= i < ndays:
            raise ValueError(f"movement dated {day} is outside {month}")
        by_day[i] = by_day.get(i, 0) + amount
    runs: list[tuple[int, int, int]] = []
    balance = opening_balance
    start = 0
    for i in sorted(by_day):
        delta = by_day[i]
        if delta == 0:
            continue
        if i > start:
            runs.append((start, i, balance))
        balance += delta
        start = i
    runs.append((start, ndays, balance))
    return runs, balance


def _rate_periods(
    terms: SavingsInterestTerms, month: Month
) -> list[tuple[int, int, RateChange | None]]:
    first, last = month.first, month.last
    periods: list[tuple[int, int, RateChange | None]] = []
    current = terms.schedule_on(first)
    start = 0
    for change in terms.rates:
        if first < change.effective <= last:
            i = (change.effective - first).days
            periods.append((start, i, current))
            current, start = change, i
    periods.append((start, month.days, current))
    return periods


def month_interest(
    terms: SavingsInterestTerms,
    month: Month,
    opening_balance: int,
    movements: Iterable[Movement] = (),
    *,
    keep_segments: bool = True,
) -> MonthInterest:
    """The gross interest of one account for ``month``.

    Args:
        terms: The product's interest terms.
        month: The month.
        opening_balance: The balance at the start of the month's first day.
        movements: ``(date, signed rupiah)`` dated inside the month, in any order.
        keep_segments: Build the breakdown (a month-end run over every account skips it).

    Raises:
        ValueError: a movement dated outside the month.
    """
    runs, closing = balance_runs(month, opening_balance, movements)
    if not terms.interest_bearing:
        return MonthInterest(month, terms.method, None, closing, Fraction(0), 0)
    periods = _rate_periods(terms, month)
    per_day = day_fraction(month, terms.day_count)
    minimum = terms.minimum_balance

    pieces: list[tuple[int, int, int | Fraction, RateChange | None]] = []
    base: Fraction | None = None
    if terms.method == "harian":
        # Intersect the balance runs with the rate periods (both sorted, covering the month).
        ri = pi = 0
        start = 0
        while ri < len(runs) and pi < len(periods):
            run_end, period_end = runs[ri][1], periods[pi][1]
            end = min(run_end, period_end)
            pieces.append((start, end, runs[ri][2], periods[pi][2]))
            start = end
            ri += run_end == end
            pi += period_end == end
    else:
        if terms.method == "terendah":
            base = Fraction(min(b for _s, _e, b in runs))
        elif terms.average == "weighted":
            base = Fraction(sum(b * (e - s) for s, e, b in runs), month.days)
        else:
            base = Fraction(sum(b for _s, _e, b in runs), len(runs))
        pieces = [(s, e, base, change) for s, e, change in periods]

    mode, unit, place = terms.rounding_mode, terms.rounding_unit, terms.rounding_place
    # Integer arithmetic: a segment's daily interest is balance × (rate × day fraction), held as
    # numerator / denominator; exact sums are kept per denominator (there are few distinct
    # ones) and become one Fraction at the end. Fractions per segment only for the breakdown.
    factors: dict[Fraction, Fraction] = {}
    sums: dict[int, int] = {}
    gross = 0
    segments: list[Segment] = []
    first = month.first
    for s, e, balance, change in pieces:
        days = e - s
        if change is None or balance <= 0 or balance < minimum:
            rate = Fraction(0)
        else:
            rate = change.rate_for(balance)
        factor = factors.get(rate)
        if factor is None:
            factor = factors[rate] = rate * per_day
        daily_num = balance.numerator * factor.numerator
        den = balance.denominator * factor.denominator
        num = daily_num * days
        sums[den] = sums.get(den, 0) + num
        amount: int | None = None
        if place == "day":
            amount = round_rupiah(daily_num, den, mode, unit) * days
        elif place == "segment":
            amount = round_rupiah(num, den, mode, unit)
        if amount is not None:
            gross += amount
        if keep_segments:
            segments.append(
                Segment(
                    first + dt.timedelta(days=s),
                    first + dt.timedelta(days=e - 1),
                    days,
                    Fraction(balance),
                    rate,
                    Fraction(num, den),
                    amount,
                )
            )
    exact = sum((Fraction(n, d) for d, n in sums.items()), Fraction(0))
    if place == "month":
        gross = round_rupiah(exact.numerator, exact.denominator, mode, unit)
    return MonthInterest(month, terms.method, base, closing, exact, gross, tuple(segments))
