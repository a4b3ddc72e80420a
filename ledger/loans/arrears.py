"""Arrears: days past due, denda, kolektibilitas, and the quality of a loan portfolio.

Kolektibilitas follows the four KSP classes (lancar, kurang lancar, diragukan, macet) by the
days past due of the oldest unpaid instalment, with per-product thresholds. The defaults are

=================  ==================
lancar             0–30 days
kurang lancar      31–90 days
diragukan          91–180 days
macet              more than 180 days
=================  ==================

(a cooperative that follows the bank convention of "no arrears at all" for lancar sets
``kol_kurang_lancar_days`` to 0). NPL is the outstanding principal of kurang lancar, diragukan
and macet loans over the whole outstanding principal; PAR30 is the outstanding principal of
loans more than 30 days past due over the whole. Both are integer basis points, half up.

Denda of an instalment counts the days late **after** the grace period, at the product's
basis points per day of the (whole, scheduled) instalment, capped per instalment, and rounded
**down** to the product's cash unit (``denda_rounding``, Rp 100 by default; the member's
favour), so what the teller collects can be counted out in notes and coins. An instalment is
paid on the first day the jasa and pokok paid up to that day cover it (payments cover
instalments in order, see :func:`ledger.loans.allocation.remaining_by_instalment`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ledger.loans.arith import BP, floor_to, to_bp
from ledger.loans.products import LoanProduct
from ledger.loans.schedule import Schedule

KOLEKTIBILITAS: tuple[str, ...] = ("lancar", "kurang_lancar", "diragukan", "macet")
KOLEKTIBILITAS_ID: dict[str, str] = {
    "lancar": "Lancar",
    "kurang_lancar": "Kurang Lancar",
    "diragukan": "Diragukan",
    "macet": "Macet",
}
NON_PERFORMING: frozenset[str] = frozenset({"kurang_lancar", "diragukan", "macet"})


@dataclass(frozen=True)
class Payment:
    """Jasa and pokok paid on one business date (a reversal is a negative payment dated as the
    payment it undoes, so the two cancel on that date).

    Attributes:
        on: Business date of the payment.
        jasa: Interest paid, rupiah.
        pokok: Principal paid, rupiah.
    """

    on: dt.date
    jasa: int
    pokok: int


@dataclass(frozen=True)
class InstalmentAge:
    """How late one instalment is (or was).

    Attributes:
        number: Instalment number.
        due_date: Its due date.
        amount: The scheduled instalment, rupiah.
        paid_on: The date it was fully covered, or ``None`` if it is not yet.
        days_late: Days between the due date and payment (or the as-of date if unpaid); 0 if
            paid on time or not yet due.
    """

    number: int
    due_date: dt.date
    amount: int
    paid_on: dt.date | None
    days_late: int


def instalment_ages(
    schedule: Schedule, payments: Iterable[Payment], as_of: dt.date
) -> list[InstalmentAge]:
    """Each instalment's lateness as of ``as_of`` (payments after ``as_of`` are ignored)."""
    by_day: dict[dt.date, tuple[int, int]] = {}
    for p in payments:
        if p.on <= as_of:
            jasa, pokok = by_day.get(p.on, (0, 0))
            by_day[p.on] = (jasa + p.jasa, pokok + p.pokok)
    running: list[tuple[dt.date, int, int]] = []
    jasa = pokok = 0
    for day in sorted(by_day):
        jasa += by_day[day][0]
        pokok += by_day[day][1]
        running.append((day, jasa, pokok))
    ages: list[InstalmentAge] = []
    cum_jasa = cum_pokok = 0
    for row in schedule.instalments:
        cum_jasa += row.interest
        cum_pokok += row.principal
        paid_on = next((day for day, j, p in running if j >= cum_jasa and p >= cum_pokok), None)
        until = paid_on or as_of
        ages.append(
            InstalmentAge(
                row.number, row.due_date, row.total, paid_on, max(0, (until - row.due_date).days)
            )
        )
    return ages


def days_past_due(ages: Sequence[InstalmentAge]) -> int:
    """Days past due of the loan: those of its oldest unpaid instalment (0 if none is late)."""
    return max((a.days_late for a in ages if a.paid_on is None), default=0)


def late_fee(product: LoanProduct, instalment: int, days_late: int) -> int:
    """Denda of one instalment ``days_late`` days late (see the module's rule)."""
    days = max(0, days_late - product.late_fee_grace_days)
    fee = instalment * product.late_fee_bp_per_day * days // BP
    if product.late_fee_cap_bp:
        fee = min(fee, instalment * product.late_fee_cap_bp // BP)
    return floor_to(fee, product.denda_rounding)


def denda_accrued(product: LoanProduct, ages: Iterable[InstalmentAge]) -> int:
    """Denda charged over the loan's life up to the as-of date of ``ages``."""
    return sum(late_fee(product, a.amount, a.days_late) for a in ages)


def kolektibilitas(product: LoanProduct, days: int) -> str:
    """The collectibility class of a loan ``days`` past due, by the product's thresholds."""
    if days > product.kol_macet_days:
        return "macet"
    if days > product.kol_diragukan_days:
        return "diragukan"
    if days > product.kol_kurang_lancar_days:
        return "kurang_lancar"
    return "lancar"


@dataclass(frozen=True)
class LoanAge:
    """One loan as the portfolio report sees it.

    Attributes:
        loan_id: The loan.
        outstanding: Principal still owed, rupiah.
        days_past_due: Days past due of its oldest unpaid instalment.
        kolektibilitas: Its class (``"lancar"`` ... ``"macet"``).
    """

    loan_id: str
    outstanding: int
    days_past_due: int
    kolektibilitas: str


@dataclass(frozen=True)
class PortfolioQuality:
    """Quality of a set of loans.

    Attributes:
        outstanding: Total principal outstanding, rupiah.
        by_kolektibilitas: Outstanding principal per class (every class present, maybe 0).
        par30_bp: Portfolio at risk over 30 days, basis points.
        npl_bp: Non-performing loans (kurang lancar + diragukan + macet), basis points.
    """

    outstanding: int
    by_kolektibilitas: dict[str, int]
    par30_bp: int
    npl_bp: int


def _ratio_bp(part: int, whole: int) -> int:
    return to_bp(Fraction(part, whole)) if whole > 0 else 0


def par_bp(loans: Iterable[LoanAge], days: int = 30) -> int:
    """Portfolio at risk: outstanding of loans more than ``days`` past due, basis points."""
    items = [x for x in loans if x.outstanding > 0]
    at_risk = sum(x.outstanding for x in items if x.days_past_due > days)
    return _ratio_bp(at_risk, sum(x.outstanding for x in items))


def portfolio_quality(loans: Iterable[LoanAge]) -> PortfolioQuality:
    """PAR30, NPL and the outstanding per class of the loans still owing principal."""
    items = [x for x in loans if x.outstanding > 0]
    total = sum(x.outstanding for x in items)
    by_kol = dict.fromkeys(KOLEKTIBILITAS, 0)
    for x in items:
        by_kol[x.kolektibilitas] += x.outstanding
    npl = sum(v for k, v in by_kol.items() if k in NON_PERFORMING)
    return PortfolioQuality(total, by_kol, par_bp(items), _ratio_bp(npl, total))
