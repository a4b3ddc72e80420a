"""Loan approval: the applications waiting for a supervisor; approve or reject each.

A supervisor at the counter decides as themself; a teller's counter asks for a supervisor's
user name and password in the dialog (the approval is recorded as that supervisor's). The one
who took an application never approves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.loans import ApproveLoan, LoansWithStatus, RejectLoan
from desktop.views.fmt import date_text
from desktop.views.loans import common
from desktop.views.supervisor import SupervisorCredentials
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.services import LoanResult, LoanSummary, StaffUser
    from desktop.views.context import UiContext


class ApprovalDialog(QDialog):
    """Signals: decided(object) with the LoanResult of each approval or rejection;
    loaded(list) when the waiting applications are on screen."""

    decided = Signal(object)
    loaded = Signal(object)

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, *, select: str | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loans: list[LoanSummary] = []
        self._select = select
        #: After a decision nothing is selected: the next application is chosen by hand.
        self._decided = False
        self.setObjectName("approvalDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Loan approval"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Applications waiting for a supervisor's decision."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 9)
        self.table.setObjectName("approvalTable")
        common.setup_table(
            self.table,
            [
                self.tr("Loan no."),
                self.tr("Applied"),
                self.tr("Member"),
                self.tr("Product"),
                self.tr("Amount"),
                self.tr("Term"),
                self.tr("Interest / month"),
                self.tr("Instalment"),
                self.tr("Purpose"),
            ],
        )
        self.table.setMinimumHeight(200)
        layout.addWidget(self.table, 1)
        self.selected_label = QLabel()
        self.selected_label.setObjectName("approvalSelected")
        self.selected_label.setWordWrap(True)
        layout.addWidget(self.selected_label)
        form = QFormLayout()
        self.note = QLineEdit()
        self.note.setObjectName("approvalNote")
        self.note.setPlaceholderText(self.tr("e.g. business visited, collateral received"))
        form.addRow(self.tr("Note / reason"), self.note)
        layout.addLayout(form)
        self.credentials: SupervisorCredentials | None = None
        if ctx.user is None or not ctx.user.is_supervisor:
            self.credentials = SupervisorCredentials()
            layout.addWidget(self.credentials)
        self.error = FieldError()
        self.error.setObjectName("approvalError")
        layout.addWidget(self.error)
        self.done_label = QLabel()
        self.done_label.setObjectName("approvalDone")
        layout.addWidget(self.done_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.approve_button = buttons.addButton(
            self.tr("Approve"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.approve_button.setObjectName("approveLoan")
        self.approve_button.setDefault(True)
        self.reject_button = buttons.addButton(
            self.tr("Reject"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reject_button.setObjectName("rejectLoan")
        self.reject_button.setAutoDefault(False)
        self.approve_button.clicked.connect(lambda: self._decide(approve=True))
        self.reject_button.clicked.connect(lambda: self._decide(approve=False))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection)
        self.setMinimumSize(1000, 520)
        self.reload()

    def reload(self) -> None:
        self.ctx.worker.submit(LoansWithStatus(("applied",)), self._show)

    def _show(self, loans: list[LoanSummary]) -> None:
        self.loans = list(reversed(loans))  # oldest waiting first
        self.table.setRowCount(len(self.loans))
        for row, s in enumerate(self.loans):
            common.fill_row(
                self.table,
                row,
                [
                    s.loan_no,
                    date_text(s.applied_on),
                    f"{s.member_name} ({s.member_no})",
                    s.product_name,
                    format_rupiah(s.principal),
                    f"{s.tenor} {common.period(s.frequency)}",
                    common.percent(s.rate_bp),
                    common.instalment_short(s.instalment, s.method),
                    s.purpose,
                ],
                right=(4, 7),
            )
        if self._decided:
            # Never move on by itself: a second approval must land on a loan someone chose.
            self.table.clearSelection()
            self.table.setCurrentCell(-1, -1)
        else:
            index = next((i for i, s in enumerate(self.loans) if s.loan_id == self._select), 0)
            if self.loans:
                self.table.selectRow(index)
        self._selection()
        self.loaded.emit(self.loans)

    def selected(self) -> LoanSummary | None:
        row = self.table.currentRow()
        return self.loans[row] if 0 <= row < len(self.loans) else None

    def _selection(self) -> None:
        s = self.selected()
        self.approve_button.setEnabled(s is not None)
        self.reject_button.setEnabled(s is not None)
        if s is None:
            self.selected_label.setText(
                self.tr("Choose the next application to decide.")
                if self.loans
                else self.tr("No application is waiting.")
            )
            return
        self.selected_label.setText(
            self.tr("{no}: {name}, {amount} over {tenor} {period}, taken by {who}.").format(
                no=s.loan_no,
                name=s.member_name,
                amount=format_rupiah(s.principal),
                tenor=s.tenor,
                period=common.period(s.frequency),
                who=s.applied_by,
            )
        )

    # -- decide ------------------------------------------------------------------------------

    def _decide(self, *, approve: bool) -> None:
        s = self.selected()
        if s is None:
            return
        note = self.note.text().strip()
        if not approve and len(note) < 3:
            self.error.show_error(self.tr("Write the reason for rejecting in the note."))
            self.note.setFocus()
            return
        self.error.show_error(None)
        if self.credentials is None:
            assert self.ctx.user is not None
            self._post(s, approve, note, self.ctx.user)
            return
        if not self.credentials.filled():
            self.credentials.error.show_error(
                self.tr("Enter the supervisor's username and password.")
            )
            self.credentials.username.setFocus()
            return
        self.approve_button.setEnabled(False)
        self.credentials.authorise(
            self.ctx,
            lambda supervisor: self._post(s, approve, note, supervisor),
            lambda _e: self.approve_button.setEnabled(True),
        )

    def _post(self, s: LoanSummary, approve: bool, note: str, supervisor: StaffUser) -> None:
        op = (
            ApproveLoan(s.loan_id, supervisor, note)
            if approve
            else RejectLoan(s.loan_id, note, supervisor)
        )
        self.ctx.worker.submit(op, self._done, self._failed)

    def _done(self, result: LoanResult) -> None:
        text = (
            self.tr("{} approved: it can be paid out now.")
            if result.status == "approved"
            else self.tr("{} rejected.")
        )
        self.done_label.setText(text.format(result.loan_no))
        self.note.clear()
        if self.credentials is not None:
            # The supervisor signs each decision afresh: neither name nor password stays.
            self.credentials.username.clear()
            self.credentials.password.clear()
        self._decided = True
        self.decided.emit(result)
        self.reload()

    def _failed(self, error: BaseException) -> bool:
        self.approve_button.setEnabled(True)
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False
