"""Instalment schedules (jadwal angsuran) in whole rupiah, with every rounding written down.

Rounding rules, the same for every method:

1. Interest of a period is the exact rational interest rounded **half up** to the rupiah
   (flat: on the original principal; efektif and anuitas: on the balance before the period).
2. Every instalment but the last is rounded **up** to the product's multiple (Rp 1, 100,
   1.000, ...), so the cooperative never collects less than the exact amount; the principal
   part is that instalment minus its interest.
3. The **last** instalment takes whatever principal is left (and its own interest), so the
   principal parts always sum to the principal exactly. It is usually a little smaller;
   with Rp 1 rounding it can be a few rupiah larger (half a rupiah of interest rounding per
   period at most).
4. If the rounding is so coarse that the principal would be repaid before the last instalment,
   the schedule is refused (:class:`ValidationError` on ``rounding``) rather than bent.

Methods:

* **flat** — interest every period is ``principal × rate``; instalment =
  ``principal / tenor + principal × rate``.
* **efektif** (menurun, equal principal) — principal part ``principal / tenor``, interest on the
  declining balance, so instalments fall over time.
* **anuitas** — equal instalments ``PMT = P·r / (1 − (1 + r)^−n)``; interest on the declining
  balance, the principal part grows.

Due dates: monthly instalments fall on the same day of the month as the first due date (the
disbursement date plus one period unless given), moved back to the month's last day when the
month is shorter; weekly ones every seven days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from ledger.errors import ValidationError
from ledger.loans.arith import BP, ceil_to, round_half_up
from ledger.loans.products import LoanTerms
from ledger.money import format_rupiah


@dataclass(frozen=True)
class Instalment:
    """One line of the schedule.

    Attributes:
        number: 1-based instalment number (angsuran ke-).
        due_date: When it falls due (jatuh tempo).
        principal: Pokok part, rupiah.
        interest: Jasa part, rupiah.
        balance_after: Principal still owed after this instalment is paid.
    """

    number: int
    due_date: dt.date
    principal: int
    interest: int
    balance_after: int

    @property
    def total(self) -> int:
        return self.principal + self.interest


@dataclass(frozen=True)
class Schedule:
    """A loan's schedule.

    Attributes:
        terms: The terms it was built from.
        start: The disbursement date (periods are counted from it).
        instalments: The instalments in order.
    """

    terms: LoanTerms
    start: dt.date
    instalments: tuple[Instalment, ...]

    @property
    def total_principal(self) -> int:
        return sum(i.principal for i in self.instalments)

    @property
    def total_interest(self) -> int:
        return sum(i.interest for i in self.instalments)

    @property
    def total(self) -> int:
        return self.total_principal + self.total_interest

    @property
    def instalment(self) -> int:
        """The regular (first) instalment, as quoted to the member."""
        return self.instalments[0].total

    def effective_rate(self, received: int | None = None) -> EffectiveRate:
        """The effective rate of this schedule's cash flows (see :func:`effective_rate`)."""
        return effective_rate(
            self.terms.principal if received is None else received,
            [i.total for i in self.instalments],
            self.terms.periods_per_year,
        )


def add_months(day: dt.date, months: int, anchor_day: int | None = None) -> dt.date:
    """``day`` plus ``months`` calendar months, on ``anchor_day`` clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(anchor_day or day.day, last))


def due_dates(
    start: dt.date, tenor: int, frequency: str, first_due: dt.date | None = None
) -> list[dt.date]:
    """The ``tenor`` due dates of a loan disbursed on ``start``."""
    if frequency == "weekly":
        first = first_due or start + dt.timedelta(days=7)
        return [first + dt.timedelta(days=7 * k) for k in range(tenor)]
    first = first_due or add_months(start, 1)
    anchor = first_due.day if first_due else start.day
    return [add_months(first, k, anchor) for k in range(tenor)]


def annuity_payment(principal: int, rate: Fraction, tenor: int) -> Fraction:
    """The exact annuity instalment ``P·r / (1 − (1 + r)^−n)`` (``P / n`` at rate zero)."""
    if rate == 0:
        return Fraction(principal, tenor)
    return principal * rate / (1 - (1 + rate) ** -tenor)


def _too_coarse(terms: LoanTerms) -> ValidationError:
    return ValidationError(
        f"Pembulatan angsuran {format_rupiah(terms.rounding)} terlalu besar untuk pinjaman ini: "
        "pokok lunas sebelum angsuran terakhir. Pilih pembulatan lebih kecil atau tenor lebih "
        "pendek.",
        f"Instalment rounding of {format_rupiah(terms.rounding)} is too coarse for this loan: "
        "the principal would be repaid before the last instalment.",
        field="rounding",
    )


def _parts(terms: LoanTerms) -> list[tuple[int, int]]:
    """(principal, interest) of each instalment."""
    p, n, r, m = terms.principal, terms.tenor, terms.period_rate, terms.rounding
    parts: list[tuple[int, int]] = []
    balance = p
    if terms.method == "flat":
        interest = round_half_up(p * r)
        regular = ceil_to(Fraction(p, n) + p * r, m) - interest
        parts = [(regular, interest)] * (n - 1)
        last_principal = p - regular * (n - 1)
        if last_principal <= 0:
            raise _too_coarse(terms)
        return [*parts, (last_principal, interest)]
    level = annuity_payment(p, r, n) if terms.method == "anuitas" else None
    for _ in range(n - 1):
        interest = round_half_up(balance * r)
        target = level if level is not None else Fraction(p, n) + interest
        principal = ceil_to(target, m) - interest
        if principal >= balance:
            raise _too_coarse(terms)
        parts.append((principal, interest))
        balance -= principal
    parts.append((balance, round_half_up(balance * r)))
    return parts


def build_schedule(terms: LoanTerms, start: dt.date, first_due: dt.date | None = None) -> Schedule:
    """The schedule of a loan on ``terms`` disbursed on ``start``.

    Raises:
        ValidationError: the rounding is too coarse for the loan (field ``rounding``).
    """
    if terms.principal <= 0 or terms.tenor <= 0 or terms.rate_bp < 0:
        raise ValidationError(
            "Pokok dan tenor harus lebih dari nol.",
            "Principal and tenor must be positive.",
            field="principal",
        )
    dates = due_dates(start, terms.tenor, terms.frequency, first_due)
    balance = terms.principal
    rows = []
    for number, (due, (principal, interest)) in enumerate(zip(dates, _parts(terms), strict=True)):
        balance -= principal
        rows.append(Instalment(number + 1, due, principal, interest, balance))
    return Schedule(terms, start, tuple(rows))


# ---------------------------------------------------------------------------------------------
# Effective rate


@dataclass(frozen=True)
class EffectiveRate:
    """The rate that discounts a schedule's instalments back to what the member received.

    Attributes:
        per_period: The internal rate of return per instalment period (Decimal, ~30 digits).
        nominal_annual_bp: ``per_period × periods a year``, basis points — the "bunga efektif
            per tahun" banks quote beside a flat rate.
        effective_annual_bp: ``(1 + per_period)^(periods a year) − 1``, basis points.
    """

    per_period: Decimal
    nominal_annual_bp: int
    effective_annual_bp: int

    @property
    def per_period_text(self) -> str:
        return str(self.per_period.quantize(Decimal("1e-12"), rounding=ROUND_HALF_UP))


def effective_rate(received: int, payments: list[int], periods_per_year: int) -> EffectiveRate:
    """Solve ``received = Σ payment_k / (1 + i)^k`` for ``i`` by bisection in Decimal.

    The present value falls as ``i`` rises, so bisection on ``[0, 10]`` per period converges
    without the derivative; 110 halvings take the bracket below 10^-31. A schedule that repays
    no more than was received has rate zero.
    """
    if received <= 0 or sum(payments) <= received:
        return EffectiveRate(Decimal(0), 0, 0)
    with localcontext() as ctx:
        ctx.prec = 50
        target = Decimal(received)
        cash = [Decimal(x) for x in payments]

        def present_value(i: Decimal) -> Decimal:
            factor = 1 / (1 + i)
            value, discount = Decimal(0), Decimal(1)
            for amount in cash:
                discount *= factor
                value += amount * discount
            return value

        low, high = Decimal(0), Decimal(10)
        for _ in range(110):
            middle = (low + high) / 2
            if present_value(middle) > target:
                low = middle
            else:
                high = middle
        rate = (low + high) / 2
        nominal = (rate * periods_per_year * BP).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        compound = (((1 + rate) ** periods_per_year - 1) * BP).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        per_period = +rate.quantize(Decimal("1e-30"), rounding=ROUND_HALF_UP)
    return EffectiveRate(per_period, int(nominal), int(compound))
