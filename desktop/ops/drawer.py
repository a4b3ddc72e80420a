"""The teller's cash drawer: open with a float, close with a count by denomination."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.worker import Changes, CollectionOp, QueryOp

if TYPE_CHECKING:
    from desktop.services import BranchService, CloseResult, SessionInfo, StaffUser


@dataclass(frozen=True)
class CurrentSession(QueryOp["SessionInfo | None"]):
    teller_id: str

    def run(self, service: BranchService) -> SessionInfo | None:
        return service.current_session(self.teller_id)


@dataclass(frozen=True)
class OpenDrawer(CollectionOp["SessionInfo"]):
    actor: StaffUser
    opening_float: int

    def run(self, service: BranchService) -> SessionInfo:
        return service.open_session(actor=self.actor, opening_float=self.opening_float)

    def changes(self, result: SessionInfo) -> Changes:
        return Changes(drawer=True)


@dataclass(frozen=True)
class CloseDrawer(CollectionOp["CloseResult"]):
    actor: StaffUser
    counted: dict[int, int]
    authorizer: StaffUser | None = None

    def run(self, service: BranchService) -> CloseResult:
        return service.close_session(
            actor=self.actor, counted=dict(self.counted), authorizer=self.authorizer
        )

    def changes(self, result: CloseResult) -> Changes:
        return Changes(drawer=True)
