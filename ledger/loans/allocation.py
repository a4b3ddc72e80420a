"""Repayment allocation: which part of a payment is denda, jasa (interest) and pokok (principal).

What is already due is paid component by component in the product's order (by default denda,
then jasa, then pokok, each across every overdue instalment at once); what is left pays the
coming instalments one after another, oldest first, each in the same order. A rupiah beyond the
whole debt is *unapplied*: the counter refuses it (use early settlement), and a repayment that
arrives by sync for a loan already paid is an overpayment kept as the member's credit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ledger.loans.products import DEFAULT_ORDER
from ledger.loans.schedule import Schedule


@dataclass(frozen=True)
class Dues:
    """Amounts owed, per component.

    Attributes:
        denda: Late fees, rupiah.
        jasa: Interest, rupiah.
        pokok: Principal, rupiah.
    """

    denda: int = 0
    jasa: int = 0
    pokok: int = 0

    def part(self, component: str) -> int:
        return int(getattr(self, component))

    @property
    def total(self) -> int:
        return self.denda + self.jasa + self.pokok


@dataclass(frozen=True)
class Allocation:
    """How one payment divides.

    Attributes:
        denda: Paid to late fees (income 4103).
        jasa: Paid to interest (income 4101).
        pokok: Paid to principal (credit 1301).
        unapplied: What the debt could not absorb.
    """

    denda: int = 0
    jasa: int = 0
    pokok: int = 0
    unapplied: int = 0

    @property
    def applied(self) -> int:
        return self.denda + self.jasa + self.pokok

    @property
    def amount(self) -> int:
        return self.applied + self.unapplied


def allocate(
    amount: int,
    due: Dues,
    order: Sequence[str] = DEFAULT_ORDER,
    ahead: Sequence[Dues] = (),
) -> Allocation:
    """Divide ``amount`` over ``due`` in ``order``, then over the ``ahead`` instalments.

    Never loses or creates a rupiah: ``denda + jasa + pokok + unapplied == amount``.
    """
    if amount < 0:
        raise ValueError("a payment is never negative")
    paid = dict.fromkeys(("denda", "jasa", "pokok"), 0)
    left = amount
    for bucket in (due, *ahead):
        for component in order:
            take = min(left, max(0, bucket.part(component)))
            paid[component] += take
            left -= take
    return Allocation(paid["denda"], paid["jasa"], paid["pokok"], left)


def remaining_by_instalment(schedule: Schedule, jasa_paid: int, pokok_paid: int) -> list[Dues]:
    """What is still owed of each instalment, given the totals paid so far.

    Payments cover instalments in order: interest and principal are tracked apart, so an
    instalment's jasa is covered once the jasa paid reaches the schedule's cumulative jasa up to
    it, and likewise its pokok.
    """
    owed: list[Dues] = []
    cum_jasa = cum_pokok = 0
    for row in schedule.instalments:
        cum_jasa += row.interest
        cum_pokok += row.principal
        owed.append(
            Dues(
                jasa=max(0, min(row.interest, cum_jasa - jasa_paid)),
                pokok=max(0, min(row.principal, cum_pokok - pokok_paid)),
            )
        )
    return owed
