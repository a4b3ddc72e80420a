"""Find, show, register and edit members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.worker import Changes, CollectionOp, QueryOp

if TYPE_CHECKING:
    from desktop.services import (
        BranchService,
        HistoryRow,
        MemberDetail,
        MemberSummary,
        PostResult,
        ReviewCase,
        StaffUser,
    )
    from ledger.members import RegistrationInput


@dataclass(frozen=True)
class SearchMembers(QueryOp["list[MemberSummary]"]):
    query: str
    limit: int = 50

    def run(self, service: BranchService) -> list[MemberSummary]:
        return service.search_members(self.query, self.limit)


@dataclass(frozen=True)
class FindByNumber(QueryOp["MemberSummary | None"]):
    """What a card scanner typed: a member number."""

    member_no: str

    def run(self, service: BranchService) -> MemberSummary | None:
        return service.member_by_no(self.member_no)


@dataclass(frozen=True)
class MemberPage:
    """Everything the member screen shows.

    Attributes:
        detail: Profile and balances.
        history: Transactions, newest first, with the balance after each.
        hold: The open review case holding the account (no withdrawals), or None.
    """

    detail: MemberDetail
    history: list[HistoryRow]
    hold: ReviewCase | None = None


@dataclass(frozen=True)
class LoadMember(QueryOp[MemberPage]):
    member_id: str
    history_limit: int = 200

    def run(self, service: BranchService) -> MemberPage:
        return MemberPage(
            service.member_detail(self.member_id),
            service.member_history(self.member_id, self.history_limit),
            service.member_hold(self.member_id),
        )


@dataclass(frozen=True)
class RegisterMember(CollectionOp["PostResult"]):
    form: RegistrationInput
    actor: StaffUser

    def run(self, service: BranchService) -> PostResult:
        return service.register_member(self.form, actor=self.actor)

    def changes(self, result: PostResult) -> Changes:
        return Changes(member_ids=frozenset({result.member_id}), drawer=True)


@dataclass(frozen=True)
class UpdateMember(CollectionOp[None]):
    member_id: str
    changed_fields: dict[str, str]
    actor: StaffUser

    def run(self, service: BranchService) -> None:
        service.update_member(self.member_id, dict(self.changed_fields), actor=self.actor)

    def changes(self, result: None) -> Changes:
        return Changes(member_ids=frozenset({self.member_id}))
