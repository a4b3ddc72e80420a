"""Loans: products, simulation, application, approval, disbursement, repayment, settlement,
and the reads the loan screens show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.worker import Changes, CollectionOp, QueryOp

if TYPE_CHECKING:
    from desktop.services import (
        ArrearsReport,
        BranchService,
        LoanDetail,
        LoanDue,
        LoanResult,
        LoanSummary,
        ScheduleDocument,
        StaffUser,
    )
    from ledger.loans.allocation import Allocation
    from ledger.loans.flow import SettlementQuote, Simulation
    from ledger.loans.products import LoanProduct


def _changed(result: LoanResult, *, drawer: bool) -> Changes:
    return Changes(member_ids=frozenset({result.member_id}), drawer=drawer)


@dataclass(frozen=True)
class LoanProducts(QueryOp["list[LoanProduct]"]):
    def run(self, service: BranchService) -> list[LoanProduct]:
        return service.loan_products()


@dataclass(frozen=True)
class SimulateLoan(QueryOp["Simulation"]):
    product_id: str
    principal: int
    tenor: int
    rate_bp: int | None = None

    def run(self, service: BranchService) -> Simulation:
        return service.simulate_loan(self.product_id, self.principal, self.tenor, self.rate_bp)


@dataclass(frozen=True)
class SimulationDocument(QueryOp["ScheduleDocument"]):
    product_id: str
    principal: int
    tenor: int
    rate_bp: int | None
    member_id: str | None
    teller_name: str

    def run(self, service: BranchService) -> ScheduleDocument:
        return service.simulation_document(
            self.product_id,
            self.principal,
            self.tenor,
            rate_bp=self.rate_bp,
            member_id=self.member_id,
            teller_name=self.teller_name,
        )


@dataclass(frozen=True)
class LoanScheduleDocument(QueryOp["ScheduleDocument"]):
    loan_id: str
    teller_name: str

    def run(self, service: BranchService) -> ScheduleDocument:
        return service.loan_schedule_document(self.loan_id, teller_name=self.teller_name)


@dataclass(frozen=True)
class ApplyLoan(CollectionOp["LoanResult"]):
    member_id: str
    product_id: str
    principal: int
    tenor: int
    actor: StaffUser
    rate_bp: int | None = None
    purpose: str = ""

    def run(self, service: BranchService) -> LoanResult:
        return service.apply_loan(
            self.member_id,
            self.product_id,
            self.principal,
            self.tenor,
            actor=self.actor,
            rate_bp=self.rate_bp,
            purpose=self.purpose,
        )

    def changes(self, result: LoanResult) -> Changes:
        return _changed(result, drawer=False)


@dataclass(frozen=True)
class ApproveLoan(CollectionOp["LoanResult"]):
    loan_id: str
    approver: StaffUser
    note: str = ""

    def run(self, service: BranchService) -> LoanResult:
        return service.approve_loan(self.loan_id, approver=self.approver, note=self.note)

    def changes(self, result: LoanResult) -> Changes:
        return _changed(result, drawer=False)


@dataclass(frozen=True)
class RejectLoan(CollectionOp["LoanResult"]):
    loan_id: str
    reason: str
    approver: StaffUser

    def run(self, service: BranchService) -> LoanResult:
        return service.reject_loan(self.loan_id, self.reason, approver=self.approver)

    def changes(self, result: LoanResult) -> Changes:
        return _changed(result, drawer=False)


@dataclass(frozen=True)
class DisburseLoan(CollectionOp["LoanResult"]):
    loan_id: str
    actor: StaffUser
    channel: str = "cash"
    authorizer: StaffUser | None = None

    def run(self, service: BranchService) -> LoanResult:
        return service.disburse_loan(
            self.loan_id, actor=self.actor, channel=self.channel, authorizer=self.authorizer
        )

    def changes(self, result: LoanResult) -> Changes:
        return _changed(result, drawer=self.channel == "cash")


@dataclass(frozen=True)
class RepayLoan(CollectionOp["LoanResult"]):
    loan_id: str
    amount: int
    actor: StaffUser
    channel: str = "cash"
    authorizer: StaffUser | None = None

    def run(self, service: BranchService) -> LoanResult:
        return service.repay_loan(
            self.loan_id,
            self.amount,
            actor=self.actor,
            channel=self.channel,
            authorizer=self.authorizer,
        )

    def changes(self, result: LoanResult) -> Changes:
        return _changed(result, drawer=self.channel == "cash")


@dataclass(frozen=True)
class SettleLoan(CollectionOp["LoanResult"]):
    loan_id: str
    actor: StaffUser
    expected_total: int
    channel: str = "cash"
    authorizer: StaffUser | None = None

    def run(self, service: BranchService) -> LoanResult:
        return service.settle_loan(
            self.loan_id,
            actor=self.actor,
            channel=self.channel,
            authorizer=self.authorizer,
            expected_total=self.expected_total,
        )

    def changes(self, result: LoanResult) -> Changes:
        return _changed(result, drawer=self.channel == "cash")


@dataclass(frozen=True)
class PreviewRepayment(QueryOp["Allocation"]):
    loan_id: str
    amount: int

    def run(self, service: BranchService) -> Allocation:
        return service.preview_repayment(self.loan_id, self.amount)


@dataclass(frozen=True)
class SettlementQuoteOp(QueryOp["SettlementQuote"]):
    loan_id: str

    def run(self, service: BranchService) -> SettlementQuote:
        return service.settlement_quote(self.loan_id)


@dataclass(frozen=True)
class LoansWithStatus(QueryOp["list[LoanSummary]"]):
    statuses: tuple[str, ...]
    member_id: str | None = None

    def run(self, service: BranchService) -> list[LoanSummary]:
        if self.member_id is not None:
            return [s for s in service.member_loans(self.member_id) if s.status in self.statuses]
        return service.loans_with_status(*self.statuses)


@dataclass(frozen=True)
class MemberLoans(QueryOp["list[LoanSummary]"]):
    member_id: str

    def run(self, service: BranchService) -> list[LoanSummary]:
        return service.member_loans(self.member_id)


@dataclass(frozen=True)
class LoadLoan(QueryOp["LoanDetail"]):
    loan_id: str

    def run(self, service: BranchService) -> LoanDetail:
        return service.loan_detail(self.loan_id)


@dataclass(frozen=True)
class LoanDueOp(QueryOp["LoanDue"]):
    loan_id: str

    def run(self, service: BranchService) -> LoanDue:
        return service.loan_due(self.loan_id)


@dataclass(frozen=True)
class LoanArrears(QueryOp["ArrearsReport"]):
    def run(self, service: BranchService) -> ArrearsReport:
        return service.loan_arrears()
