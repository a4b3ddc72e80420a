"""Cash into and out of a member's savings, reversals, and receipts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.worker import Changes, CollectionOp, QueryOp

if TYPE_CHECKING:
    from desktop.counter.savings import PostingCheck
    from desktop.services import BranchService, PostResult, Receipt, StaffUser


@dataclass(frozen=True)
class CheckPosting(QueryOp["PostingCheck"]):
    """Everything that could refuse a deposit or withdrawal, asked before the teller confirms
    (``kind``: ``"deposit"`` or ``"withdraw"``); the posting checks the same again."""

    kind: str
    member_id: str
    product: str
    amount: int
    actor: StaffUser

    def run(self, service: BranchService) -> PostingCheck:
        return service.check_posting(
            self.kind, self.member_id, self.product, self.amount, actor=self.actor
        )


@dataclass(frozen=True)
class Deposit(CollectionOp["PostResult"]):
    member_id: str
    product: str
    amount: int
    actor: StaffUser
    authorizer: StaffUser | None = None

    def run(self, service: BranchService) -> PostResult:
        return service.deposit(
            self.member_id,
            self.product,
            self.amount,
            actor=self.actor,
            authorizer=self.authorizer,
        )

    def changes(self, result: PostResult) -> Changes:
        return Changes(member_ids=frozenset({self.member_id}), drawer=True)


@dataclass(frozen=True)
class Withdraw(CollectionOp["PostResult"]):
    member_id: str
    product: str
    amount: int
    actor: StaffUser
    authorizer: StaffUser | None = None

    def run(self, service: BranchService) -> PostResult:
        return service.withdraw(
            self.member_id,
            self.product,
            self.amount,
            actor=self.actor,
            authorizer=self.authorizer,
        )

    def changes(self, result: PostResult) -> Changes:
        return Changes(member_ids=frozenset({self.member_id}), drawer=True)


@dataclass(frozen=True)
class Reverse(CollectionOp["PostResult"]):
    event_id: str
    reason: str
    actor: StaffUser
    authorizer: StaffUser

    def run(self, service: BranchService) -> PostResult:
        return service.reverse(
            self.event_id, self.reason, actor=self.actor, authorizer=self.authorizer
        )

    def changes(self, result: PostResult) -> Changes:
        return Changes(member_ids=frozenset({result.member_id}), drawer=True)


@dataclass(frozen=True)
class GetReceipt(QueryOp["Receipt"]):
    event_id: str
    reprint: bool = False

    def run(self, service: BranchService) -> Receipt:
        return service.receipt(self.event_id, reprint=self.reprint)
