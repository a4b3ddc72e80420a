"""The member's loans, as a tab beside the savings history on the member screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTableWidget, QVBoxLayout, QWidget

from desktop.ops.loans import MemberLoans
from desktop.views.fmt import date_text
from desktop.views.loans import common
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.services import LoanSummary
    from desktop.views.context import UiContext
    from desktop.worker import Changes


class MemberLoansPanel(QWidget):
    """Signals: open_loan(str) when the teller opens a loan (Enter or double click);
    loaded(list) when the member's loans are on screen."""

    open_loan = Signal(str)
    loaded = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id: str | None = None
        self.loans: list[LoanSummary] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget()
        self.table.setObjectName("memberLoans")
        common.setup_table(
            self.table,
            [
                self.tr("Loan no."),
                self.tr("Product"),
                self.tr("Status"),
                self.tr("Amount"),
                self.tr("Principal left"),
                self.tr("Instalment"),
                self.tr("Date"),
            ],
            stretch=1,
        )
        layout.addWidget(self.table)
        self.table.activated.connect(lambda _i: self.open_selected())  # Enter or double click
        ctx.worker.changed.connect(self._changed)

    def set_member(self, member_id: str | None) -> None:
        self.member_id = member_id
        if member_id is None:
            self.loans = []
            self.table.setRowCount(0)
            return
        self.ctx.worker.submit(MemberLoans(member_id), lambda loans: self._show(member_id, loans))

    def _changed(self, changes: Changes) -> None:
        if self.member_id and self.member_id in changes.member_ids:
            self.set_member(self.member_id)

    def _show(self, member_id: str, loans: list[LoanSummary]) -> None:
        if member_id != self.member_id:
            return
        self.loans = loans
        self.table.setRowCount(len(loans))
        for row, s in enumerate(loans):
            common.fill_row(
                self.table,
                row,
                [
                    s.loan_no,
                    s.product_name,
                    common.status(s.status),
                    format_rupiah(s.principal),
                    format_rupiah(s.outstanding),
                    common.terms_short(s.tenor, s.instalment, s.method),
                    date_text(s.disbursed_on or s.applied_on),
                ],
                right=(3, 4, 5),
            )
        if loans:
            self.table.selectRow(0)
        self.loaded.emit(loans)

    def selected(self) -> LoanSummary | None:
        row = self.table.currentRow()
        return self.loans[row] if 0 <= row < len(self.loans) else None

    def open_selected(self) -> None:
        s = self.selected()
        if s is not None:
            self.open_loan.emit(s.loan_id)
