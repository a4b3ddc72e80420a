"""The counter's loan menu: simulation and application (Ctrl+Shift+S), approval
(Ctrl+Shift+P), disbursement (Ctrl+Shift+C), repayment and early settlement (F11), the open
member's loan (Ctrl+Shift+I) and the arrears list (Ctrl+Shift+T).

Kept beside the main window (which only creates it) so the window stays small.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from desktop.views.loans.application import LoanApplicationDialog
from desktop.views.loans.approval import ApprovalDialog
from desktop.views.loans.arrears import ArrearsDialog
from desktop.views.loans.detail import LoanDetailDialog
from desktop.views.loans.disbursement import DisbursementDialog
from desktop.views.loans.repayment import RepaymentDialog

if TYPE_CHECKING:
    from desktop.services import LoanResult
    from desktop.views.main_window import MainWindow


class LoanMenu(QObject):
    """Loan actions on the main window.

    Signals:
        opened(object): every loan dialog as it opens (tests and screenshots wait on it).
    """

    opened = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        # In the menu bar, before the sync menu: the counter's toolbar is full at 1366 px.
        self.menu = QMenu(self.tr("&Loans"), window)
        self.menu.setObjectName("loanMenu")
        sync = getattr(window, "sync_menu", None)
        bar = window.menuBar()
        if sync is not None and hasattr(sync, "menu"):
            bar.insertMenu(sync.menu.menuAction(), self.menu)
        else:
            bar.addMenu(self.menu)

        def action(name: str, text: str, key: str, slot: Callable[[], Any]) -> QAction:
            act = QAction(text, window)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.menu.addAction(act)
            window.addAction(act)  # the shortcut works with the menu closed
            return act

        self.act_simulate = action(
            "actLoanApplication",
            self.tr("Simulation and application…"),
            "Ctrl+Shift+S",
            self.application,
        )
        self.act_approve = action(
            "actLoanApproval", self.tr("Approval…"), "Ctrl+Shift+P", self.approval
        )
        self.act_disburse = action(
            "actLoanDisbursement", self.tr("Disbursement…"), "Ctrl+Shift+C", self.disbursement
        )
        self.act_repay = action(
            "actLoanRepayment", self.tr("Repayment / early settlement…"), "F11", self.repayment
        )
        self.menu.addSeparator()
        self.act_detail = action(
            "actLoanDetail", self.tr("Member's loan…"), "Ctrl+Shift+I", self.member_loan
        )
        self.act_arrears = action(
            "actLoanArrears", self.tr("Arrears list…"), "Ctrl+Shift+T", self.arrears
        )
        window.detail.loans.open_loan.connect(self.open_loan)

    # -- state ---------------------------------------------------------------------------------

    def update(self, working: bool, member: bool) -> None:
        self.menu.setEnabled(working)
        for act in (self.act_simulate, self.act_approve, self.act_arrears):
            act.setEnabled(working)
        for act in (self.act_disburse, self.act_repay, self.act_detail):
            act.setEnabled(member)

    def _member(self) -> Any:
        page = self.window.detail.page
        return page.detail if page is not None else None

    def _opened(self, dialog: Any) -> None:
        dialog.open()
        self.opened.emit(dialog)

    # -- screens -------------------------------------------------------------------------------

    def application(self) -> None:
        dialog = LoanApplicationDialog(self.ctx, self._member(), self.window)
        dialog.applied.connect(self._applied)
        self._opened(dialog)

    def _applied(self, result: LoanResult) -> None:
        box = QMessageBox(self.window)
        box.setObjectName("loanAppliedBox")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Loan application"))
        box.setText(
            self.tr("Application {} recorded. It waits for a supervisor's approval.").format(
                result.loan_no
            )
        )
        approve = box.addButton(self.tr("Approval…"), QMessageBox.ButtonRole.AcceptRole)
        approve.setObjectName("loanAppliedApprove")
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(approve)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda _r: self.approval(result.loan_id) if box.clickedButton() is approve else None
        )
        self._opened(box)

    def approval(self, select: str | None = None) -> None:
        self._opened(ApprovalDialog(self.ctx, self.window, select=select))

    def disbursement(self) -> None:
        member = self._member()
        if member is None:
            return
        if not self.window._require_drawer(self.disbursement):
            return
        dialog = DisbursementDialog(self.ctx, member.member_id, self.window)
        dialog.posted.connect(lambda r: self.window.show_receipt(r.event_id))
        self._opened(dialog)

    def repayment(self, loan_id: str | None = None) -> None:
        member = self._member()
        if member is None:
            return
        if not self.window._require_drawer(lambda: self.repayment(loan_id)):
            return
        dialog = RepaymentDialog(self.ctx, member.member_id, self.window, loan_id=loan_id)
        dialog.posted.connect(lambda r: self.window.show_receipt(r.event_id))
        self._opened(dialog)

    def member_loan(self) -> None:
        panel = self.window.detail.loans
        chosen = panel.selected()
        if chosen is not None:
            self.open_loan(chosen.loan_id)

    def open_loan(self, loan_id: str) -> None:
        dialog = LoanDetailDialog(self.ctx, loan_id, self.window)
        dialog.receipt_wanted.connect(
            lambda event_id, reprint: self.window.show_receipt(event_id, reprint)
        )
        dialog.reversed.connect(lambda r: self.window.show_receipt(r.event_id))
        self._opened(dialog)

    def arrears(self) -> None:
        dialog = ArrearsDialog(self.ctx, self.window)
        dialog.open_loan.connect(self.open_loan)
        self._opened(dialog)
