"""Loan verbs over a desktop test branch: ``desk.lends(member, 12_000_000, 12)``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from desktop_store.builders import TODAY, Branch, Member

from desktop.demo_loans import PRODUCTS
from desktop.services import LoanResult
from ledger.errors import LumbungError

#: The demo products by a short name.
PUM, PKS, PMS = (p.product_id for p in PRODUCTS)


def with_products(branch: Branch) -> Branch:
    for product in PRODUCTS:
        branch.service.define_loan_product(product, actor=branch.supervisor)
    return branch


@dataclass
class Loan:
    """A loan at the test branch, with the counter's verbs."""

    branch: Branch
    loan_id: str

    @property
    def svc(self) -> Any:
        return self.branch.service

    def on(self, day: dt.date) -> Loan:
        self.svc.set_business_date(day)
        return self

    def pays(self, amount: int, **kw: Any) -> LoanResult:
        return self.svc.repay_loan(self.loan_id, amount, actor=self.branch.teller, **kw)  # type: ignore[no-any-return]

    def settles(self, **kw: Any) -> LoanResult:
        return self.svc.settle_loan(self.loan_id, actor=self.branch.teller, **kw)  # type: ignore[no-any-return]

    def status(self) -> str:
        return str(self.svc.loan_detail(self.loan_id).summary.status)

    def outstanding(self) -> int:
        return int(self.svc.loan_detail(self.loan_id).summary.outstanding)


def applies(
    branch: Branch, member: Member, principal: int, tenor: int, product: str = PUM, **kw: Any
) -> Loan:
    result = branch.service.apply_loan(
        member.member_id, product, principal, tenor, actor=branch.teller, **kw
    )
    return Loan(branch, result.loan_id)


def lends(
    branch: Branch,
    member: Member,
    principal: int,
    tenor: int,
    product: str = PUM,
    *,
    channel: str = "cash",
    on: dt.date = TODAY,
) -> Loan:
    """Apply, approve (supervisor) and disburse (authorised when over the teller limit)."""
    branch.service.set_business_date(on)
    loan = applies(branch, member, principal, tenor, product)
    branch.service.approve_loan(loan.loan_id, approver=branch.supervisor)
    branch.service.disburse_loan(
        loan.loan_id, actor=branch.teller, channel=channel, authorizer=branch.supervisor
    )
    return loan


def gl(branch: Branch, account: str) -> int:
    return int(branch.service.trial_balance().get(account, 0))


def lines(branch: Branch, event_id: str) -> list[tuple[str, int, int]]:
    return [(ln.account, ln.debit, ln.credit) for ln in branch.service.journal_lines(event_id)]


@contextmanager
def refused_with(words: str) -> Iterator[None]:
    """The block must raise a LumbungError whose Indonesian message contains ``words``."""
    with pytest.raises(LumbungError) as caught:
        yield
    assert words in caught.value.message_id, caught.value.message_id
