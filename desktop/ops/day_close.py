"""End of day and reports, as the store thread runs them (the network part runs in the sync
thread: :mod:`desktop.day_link`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.worker import Changes, CollectionOp, QueryOp

if TYPE_CHECKING:
    from desktop.counter.day_close import DayCloseResult, DayOverview, Reconciliation
    from desktop.day_link import ServerDay
    from desktop.reports.model import Report
    from desktop.services import BranchService, StaffUser


@dataclass(frozen=True)
class DayOverviewOp(QueryOp["DayOverview"]):
    day: str | None = None

    def run(self, service: BranchService) -> DayOverview:
        return service.day_overview(self.day)


@dataclass(frozen=True)
class ReportDay(QueryOp[str]):
    """The day the reports open on (yesterday's close while today has nothing yet)."""

    def run(self, service: BranchService) -> str:
        return service.report_day()


@dataclass(frozen=True)
class PcLabels(QueryOp[dict[str, str]]):
    """How staff name each PC (``"PC 02"``), by device id, for the day-close tables."""

    def run(self, service: BranchService) -> dict[str, str]:
        return service.pc_labels()


@dataclass(frozen=True)
class ReconcileDays(CollectionOp[list["Reconciliation"]]):
    """Record what head office said about each day (fetched by the sync thread)."""

    days: tuple[ServerDay, ...]

    def run(self, service: BranchService) -> list[Reconciliation]:
        return [service.reconcile_day(d.business_date, d.digest, list(d.events)) for d in self.days]


@dataclass(frozen=True)
class DaysAwaitingReconciliation(QueryOp[list[str]]):
    def run(self, service: BranchService) -> list[str]:
        return service.days_awaiting_reconciliation()


@dataclass(frozen=True)
class CloseDay(CollectionOp["DayCloseResult"]):
    actor: StaffUser
    day: str
    reason: str = ""

    def run(self, service: BranchService) -> DayCloseResult:
        return service.close_day(actor=self.actor, day=self.day, reason=self.reason)

    def changes(self, result: DayCloseResult) -> Changes:
        return Changes(drawer=True)


@dataclass(frozen=True)
class BuildReport(QueryOp["Report"]):
    kind: str
    params: dict[str, Any] = field(default_factory=dict)

    def run(self, service: BranchService) -> Report:
        report: Report = service.report(self.kind, **self.params)
        return report


@dataclass(frozen=True)
class BranchInfo(QueryOp[dict[str, Any]]):
    """Branch and business date again (the date moves on when a day closes)."""

    def run(self, service: BranchService) -> dict[str, Any]:
        return service.branch_info()
