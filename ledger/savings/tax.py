"""PPh final Pasal 4 ayat (2) on the interest a cooperative pays its members (PP 15/2009).

The rule: a member who is an individual (orang pribadi) pays 0 % when the interest on their
savings in a month is at most Rp 240.000, and 10 % of the **gross** interest (all of it, not the
part above the threshold) when it is more. Exactly Rp 240.000 is 0 %.

By default the threshold is applied per member per month across all of the member's
interest-bearing savings (``basis="member"``); ``basis="account"`` applies it to each account on
its own. Members that are not individuals are outside this rule (nothing is withheld here; their
tax is settled otherwise). SHU is not savings interest and never comes here.

Rounding: the tax is rounded **down** to the rupiah by default (the member's favour; the
withholding file takes whole rupiah); ``rounding="half_up"`` is offered.

Splitting a member's tax over accounts (``basis="member"``): the tax is computed once on the
member's total, then split over the accounts in proportion to each account's gross interest by
the largest-remainder method (:func:`ledger.money.split_amount`), so the accounts' taxes sum to
the member's tax exactly and no account is taxed more than a rupiah beyond its own share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from ledger.errors import ValidationError
from ledger.money import split_amount

#: PP 15/2009: interest up to this in a month is taxed at 0 %.
PPH42_THRESHOLD = 240_000
#: PP 15/2009: above the threshold, this share of the gross interest.
PPH42_RATE = Fraction(10, 100)
BASES: tuple[str, ...] = ("member", "account")
TAX_ROUNDINGS: tuple[str, ...] = ("down", "half_up")


@dataclass(frozen=True)
class TaxRule:
    """The withholding rule applied.

    Attributes:
        threshold: Monthly interest at or below this is taxed at 0 %, rupiah.
        rate: The rate on the whole gross above the threshold.
        basis: ``"member"`` (all of a member's accounts together, default) or ``"account"``.
        rounding: ``"down"`` (default) or ``"half_up"`` to the rupiah.
    """

    threshold: int = PPH42_THRESHOLD
    rate: Fraction = PPH42_RATE
    basis: str = "member"
    rounding: str = "down"

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValidationError(
                f"Dasar ambang PPh tidak dikenal: {self.basis!r} (member, account).",
                f"Unknown PPh threshold basis: {self.basis!r} (member, account).",
                field="basis",
            )
        if self.rounding not in TAX_ROUNDINGS:
            raise ValidationError(
                f"Pembulatan PPh tidak dikenal: {self.rounding!r} (down, half_up).",
                f"Unknown PPh rounding: {self.rounding!r} (down, half_up).",
                field="rounding",
            )
        if not isinstance(self.rate, Fraction) or not 0 <= self.rate <= 1:
            raise ValidationError(
                "Tarif PPh harus pecahan tepat antara 0 dan 1.",
                "The PPh rate is an exact fraction between 0 and 1.",
                field="rate",
            )
        if self.threshold < 0:
            raise ValidationError(
                "Ambang PPh tidak boleh negatif.",
                "The PPh threshold must not be negative.",
                field="threshold",
            )

    @property
    def rate_bp(self) -> int:
        return int(self.rate * 10_000)

    def tax_on(self, gross: int) -> tuple[Fraction, int]:
        """``(rate applied, tax)`` on one gross amount under the threshold rule."""
        if gross <= self.threshold:
            return Fraction(0), 0
        exact = gross * self.rate
        if self.rounding == "down":
            return self.rate, exact.numerator // exact.denominator
        return self.rate, int((exact * 2 + 1) // 2)


DEFAULT_RULE = TaxRule()


@dataclass(frozen=True)
class Withholding:
    """What is withheld from one member for one month.

    Attributes:
        member_id: The member.
        individual: Whether the member is an individual (only then does the rule apply).
        base: The gross interest the threshold was applied to (the member's total for
            ``basis="member"``; for ``"account"`` the total too, each account judged alone).
        rate: The rate applied (0 at or below the threshold; for ``"account"`` the highest).
        tax: Total tax withheld, rupiah.
        by_account: Account id -> tax withheld on it (sums to ``tax``).
        rate_by_account: Account id -> the rate applied to it.
    """

    member_id: str
    individual: bool
    base: int
    rate: Fraction
    tax: int
    by_account: dict[str, int] = field(default_factory=dict)
    rate_by_account: dict[str, Fraction] = field(default_factory=dict)


def withhold(
    member_id: str,
    gross_by_account: Mapping[str, int],
    *,
    individual: bool = True,
    rule: TaxRule = DEFAULT_RULE,
) -> Withholding:
    """The PPh 4(2) withheld from ``member_id`` on one month's interest.

    Args:
        member_id: The member.
        gross_by_account: Each interest-bearing account's gross interest for the month.
        individual: False for a member that is not an individual: nothing is withheld.
        rule: The threshold, rate, basis and rounding.

    Raises:
        ValueError: a negative gross (a month's interest is never below zero).
    """
    accounts = sorted(gross_by_account)
    if any(gross_by_account[a] < 0 for a in accounts):
        raise ValueError("a month's gross interest is never negative")
    total = sum(gross_by_account.values())
    zero = {a: 0 for a in accounts}
    zero_rates = {a: Fraction(0) for a in accounts}
    if not individual:
        return Withholding(member_id, False, total, Fraction(0), 0, zero, zero_rates)
    if rule.basis == "account":
        by_account: dict[str, int] = {}
        rates: dict[str, Fraction] = {}
        for a in accounts:
            rates[a], by_account[a] = rule.tax_on(gross_by_account[a])
        return Withholding(
            member_id,
            True,
            total,
            max(rates.values(), default=Fraction(0)),
            sum(by_account.values()),
            by_account,
            rates,
        )
    rate, tax = rule.tax_on(total)
    if tax == 0:
        return Withholding(member_id, True, total, rate, 0, zero, {a: rate for a in accounts})
    shares = split_amount(tax, [gross_by_account[a] for a in accounts])
    return Withholding(
        member_id,
        True,
        total,
        rate,
        tax,
        dict(zip(accounts, shares, strict=True)),
        {a: rate for a in accounts},
    )
