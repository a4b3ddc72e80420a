"""Sync as the store thread sees it: the review queue, the sync log, offline authority.

The network work itself runs in the sync thread (:mod:`desktop.sync_worker`); these ops only
read and write the store the teller's screens use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.worker import Changes, CollectionOp, QueryOp

if TYPE_CHECKING:
    from desktop.services import BranchService, ReviewCase, StaffUser


@dataclass(frozen=True)
class SetOnline(QueryOp[None]):
    """Tell the service what the sync worker sees (bounds offline payouts)."""

    online: bool | None

    def run(self, service: BranchService) -> None:
        service.set_online(self.online)


@dataclass(frozen=True)
class ReviewCases(QueryOp[list["ReviewCase"]]):
    include_resolved: bool = True

    def run(self, service: BranchService) -> list[ReviewCase]:
        return service.review_cases(include_resolved=self.include_resolved)


@dataclass(frozen=True)
class OpenReviewCount(QueryOp[int]):
    def run(self, service: BranchService) -> int:
        return service.open_review_count()


@dataclass(frozen=True)
class ResolveCase(CollectionOp["ReviewCase"]):
    case_id: str
    resolution: str
    note: str
    release_hold: bool
    actor: StaffUser

    def run(self, service: BranchService) -> ReviewCase:
        return service.resolve_review_case(
            self.case_id,
            self.resolution,
            actor=self.actor,
            note=self.note,
            release_hold=self.release_hold,
        )

    def changes(self, result: ReviewCase) -> Changes:
        members = frozenset({result.member_id}) if result.member_id else frozenset()
        return Changes(member_ids=members)


@dataclass(frozen=True)
class SyncLog(QueryOp[list[tuple[str, str, str]]]):
    """The store's sync log, newest first: (local time, level, message)."""

    limit: int = 500

    def run(self, service: BranchService) -> list[tuple[str, str, str]]:
        return service.sync_log(self.limit)


@dataclass(frozen=True)
class ReloadIdentity(QueryOp[None]):
    """Another connection (the sync thread's enrolment) wrote this device's identity."""

    def run(self, service: BranchService) -> None:
        service.store.reload()
