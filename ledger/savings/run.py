"""The month-end interest run as a pure function: books in, the events to post out.

:func:`run_month` takes every interest-bearing account's book (its balance at the start of the
first month to look at, and its dated movements from then to the end of the run's month), the
product terms, which members are individuals, and what earlier runs already posted per account
and month (:func:`posted_from` folds it from their events). It returns the
``SavingsInterestCredited`` and ``SavingsInterestTaxWithheld`` payloads to post:

* for the run's month, the interest and the tax (also at 0 %) of every account with interest;
* for every earlier month a book covers, the difference between that month's interest as the
  books now stand and what was posted for it, as *adjustments* (a late offline transaction);
  the tax of the member's month is recomputed on the new total and its difference posted too;
* nothing for what is already posted as it stands: running a month twice is a no-op.

A book should cover the earliest month a late movement falls in (the caller knows which
movements arrived after a month was run; :attr:`AccountBook.since` says where to start). The
tax of a member's month needs every one of the member's accounts: for an account whose book
starts after that month, what was posted for it is taken as its gross (and its tax share is
adjusted when the member's tax changes). Every account of a member whose month is recomputed
must have a book (one starting at the run's month is enough).

Books are consumed one at a time, so a caller can stream 100,000 accounts from its store; only
one integer per account and month is kept.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ledger.events import Payload
from ledger.savings.events import SavingsInterestCredited, SavingsInterestTaxWithheld, value_date
from ledger.savings.interest import Movement, month_interest
from ledger.savings.period import Month
from ledger.savings.tax import DEFAULT_RULE, TaxRule, withhold
from ledger.savings.terms import DEFAULT_CAPS, RateCap, SavingsInterestTerms, check_rate_cap


@dataclass(frozen=True)
class SavingsAccount:
    """An interest-bearing savings account.

    Attributes:
        account_id: The account.
        member_id: Its owner.
        branch_id: The branch whose books hold it.
        product: The balance product (``"sukarela"``).
        savings_product_id: The interest terms' product id.
    """

    account_id: str
    member_id: str
    branch_id: str
    product: str
    savings_product_id: str


@dataclass(frozen=True)
class AccountBook:
    """One account's movements from the start of ``since`` to the end of the run's month.

    Attributes:
        account: The account.
        since: The first month to compute.
        opening_balance: The balance at the start of ``since``'s first day.
        movements: ``(date, signed rupiah)``, any order, including earlier runs' interest and
            tax at their value dates (:func:`ledger.savings.events.value_date`).
    """

    account: SavingsAccount
    since: Month
    opening_balance: int
    movements: Sequence[Movement] = ()


@dataclass(frozen=True)
class Posted:
    """What earlier runs posted for one account and interest month (originals + adjustments)."""

    gross: int = 0
    tax: int = 0


@dataclass(frozen=True)
class RunResult:
    """The events a month-end run posts.

    Attributes:
        month: The run's month.
        credits: Interest credited (originals and adjustments).
        taxes: Tax withheld (originals, at 0 % too, and adjustments).
        accounts: Accounts computed.
        gross_total: Sum of ``credits``' gross.
        tax_total: Sum of ``taxes``' tax.
    """

    month: Month
    credits: list[SavingsInterestCredited] = field(default_factory=list)
    taxes: list[SavingsInterestTaxWithheld] = field(default_factory=list)
    accounts: int = 0

    @property
    def gross_total(self) -> int:
        return sum(c.gross for c in self.credits)

    @property
    def tax_total(self) -> int:
        return sum(t.tax for t in self.taxes)

    @property
    def payloads(self) -> list[Payload]:
        """Every event, each account's interest before its tax."""
        return [*self.credits, *self.taxes]


def posted_from(payloads: Iterable[Payload]) -> dict[tuple[str, str], Posted]:
    """``(account_id, interest_month) -> Posted`` from earlier runs' events."""
    gross: dict[tuple[str, str], int] = defaultdict(int)
    tax: dict[tuple[str, str], int] = defaultdict(int)
    for p in payloads:
        if isinstance(p, SavingsInterestCredited):
            gross[(p.account_id, p.interest_month)] += p.gross
        elif isinstance(p, SavingsInterestTaxWithheld):
            tax[(p.account_id, p.interest_month)] += p.tax
    return {k: Posted(gross.get(k, 0), tax.get(k, 0)) for k in set(gross) | set(tax)}


def movements_from(payloads: Iterable[Payload]) -> dict[str, list[Movement]]:
    """Account id -> the balance movements earlier runs' events make, at their value dates."""
    out: dict[str, list[Movement]] = defaultdict(list)
    for p in payloads:
        if isinstance(p, SavingsInterestCredited):
            out[p.account_id].append((value_date(p), p.gross))
        elif isinstance(p, SavingsInterestTaxWithheld) and p.tax:
            out[p.account_id].append((value_date(p), -p.tax))
    return dict(out)


def _by_month(
    movements: Sequence[Movement], since: Month, last: Month
) -> dict[Month, list[Movement]]:
    start, end = since.first, last.last
    buckets: dict[tuple[int, int], list[Movement]] = defaultdict(list)
    for day, amount in movements:
        if not start <= day <= end:
            raise ValueError(f"movement dated {day} is outside {since}..{last}")
        buckets[(day.year, day.month)].append((day, amount))
    return {Month(y, m): rows for (y, m), rows in buckets.items()}


def run_month(
    month: Month,
    books: Iterable[AccountBook],
    products: Mapping[str, SavingsInterestTerms],
    *,
    run_id: str,
    individuals: Mapping[str, bool] | None = None,
    posted: Mapping[tuple[str, str], Posted] | None = None,
    rule: TaxRule = DEFAULT_RULE,
    caps: Sequence[RateCap] = DEFAULT_CAPS,
) -> RunResult:
    """The events the month-end run for ``month`` posts (see the module docstring).

    Args:
        month: The month run.
        books: One per interest-bearing account (streamed; consumed once).
        products: Savings product id -> its interest terms.
        run_id: Identifies this run in its events.
        individuals: Member id -> is an individual; members not named are individuals.
        posted: What earlier runs posted, per ``(account_id, interest_month)``.
        rule: The PPh 4(2) rule.
        caps: The dated rate caps every product is checked against.

    Raises:
        BusinessRuleError: a product's rate exceeds the cap in force.
        KeyError: a book names a product not in ``products``.
        ValueError: a movement dated outside its book's months.
    """
    for terms in products.values():
        check_rate_cap(terms, caps)
    posted = posted or {}
    individuals = individuals or {}
    run_text = str(month)
    accounts: dict[str, SavingsAccount] = {}
    computed: dict[tuple[str, str], int] = {}
    member_accounts: dict[str, list[str]] = defaultdict(list)
    for book in books:
        account = book.account
        terms = products[account.savings_product_id]
        accounts[account.account_id] = account
        member_accounts[account.member_id].append(account.account_id)
        balance = book.opening_balance
        rows = _by_month(book.movements, book.since, month)
        for each in book.since.until(month):
            one = month_interest(terms, each, balance, rows.get(each, ()), keep_segments=False)
            balance = one.closing_balance
            computed[(account.account_id, str(each))] = one.gross

    result = RunResult(month, accounts=len(accounts))
    months = sorted({m for _a, m in computed})
    for member_id in sorted(member_accounts):
        ids = sorted(member_accounts[member_id])
        for m in months:
            gross: dict[str, int] = {}
            for a in ids:
                if (a, m) in computed:
                    gross[a] = computed[(a, m)]
                elif (a, m) in posted:
                    gross[a] = posted[(a, m)].gross
            if not any((a, m) in computed for a in ids):
                continue
            adjustment = m != run_text
            holding = withhold(
                member_id, gross, individual=individuals.get(member_id, True), rule=rule
            )
            for a in ids:
                if a not in gross:
                    continue
                acct = accounts[a]
                before = posted.get((a, m))
                is_adjustment = adjustment or before is not None
                diff = gross[a] - (before.gross if before else 0)
                if diff:
                    result.credits.append(
                        SavingsInterestCredited(
                            run_id,
                            run_text,
                            m,
                            a,
                            member_id,
                            acct.branch_id,
                            acct.product,
                            acct.savings_product_id,
                            diff,
                            is_adjustment,
                        )
                    )
                tax_diff = holding.by_account.get(a, 0) - (before.tax if before else 0)
                first_time = before is None and gross[a] > 0 and holding.individual
                if tax_diff or first_time:
                    rate = holding.rate_by_account.get(a, holding.rate)
                    result.taxes.append(
                        SavingsInterestTaxWithheld(
                            run_id,
                            run_text,
                            m,
                            a,
                            member_id,
                            acct.branch_id,
                            acct.product,
                            tax_diff,
                            holding.base if rule.basis == "member" else gross[a],
                            int(rate * 10_000),
                            rule.basis,
                            is_adjustment,
                        )
                    )
    return result


def opening_from(
    opening_balance: int, movements: Iterable[Movement], since: dt.date
) -> tuple[int, list[Movement]]:
    """Split ``movements`` at ``since``: the balance before it and the movements from it on."""
    balance = opening_balance
    kept: list[Movement] = []
    for day, amount in movements:
        if day < since:
            balance += amount
        else:
            kept.append((day, amount))
    return balance, kept
