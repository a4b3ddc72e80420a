"""Reverse a posted transaction: never an edit, but a new event with a reason and a supervisor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.savings import Reverse
from desktop.views import labels
from desktop.views.fmt import date_text
from desktop.views.supervisor import SupervisorCredentials
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.services import HistoryRow, PostResult, StaffUser
    from desktop.views.context import UiContext


class ReversalDialog(QDialog):
    """Reason and supervisor credentials for reversing one history row.

    Signals:
        reversed(object): the PostResult of the reversal.
    """

    reversed = Signal(object)

    def __init__(self, ctx: UiContext, row: HistoryRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setObjectName("reversalDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Reverse a transaction"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A reversal posts the opposite transaction; the original stays in the "
                "history. A supervisor must authorise it."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        what = QLabel(
            f"{labels.event_type(row.type)} · {labels.product(row.product)} · "
            f"{format_rupiah(abs(int(row.amount)))}"
        )
        what.setObjectName("reversalTarget")
        form.addRow(self.tr("Transaction"), what)
        form.addRow(
            self.tr("Date"), QLabel(f"{date_text(str(row.business_date))} · {row.receipt_no}")
        )
        self.reason = QLineEdit()
        self.reason.setObjectName("reversalReason")
        self.reason.setPlaceholderText(self.tr("e.g. amount typed wrongly"))
        form.addRow(self.tr("Reason"), self.reason)
        self.reason_error = FieldError()
        form.addRow("", self.reason_error)
        layout.addLayout(form)
        self.credentials = SupervisorCredentials()
        layout.addWidget(self.credentials)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self,  # parented now, so setDefault() below registers with the dialog
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Reverse"))
        self.ok.setObjectName("reverseButton")
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.reason.setFocus()

    def _submit(self) -> None:
        reason = self.reason.text().strip()
        if len(reason) < 3:
            self.reason_error.show_error(self.tr("Write why this transaction is reversed."))
            self.reason.setFocus()
            return
        self.reason_error.show_error(None)
        if not self.credentials.filled():
            self.credentials.error.show_error(
                self.tr("Enter the supervisor's username and password.")
            )
            self.credentials.username.setFocus()
            return
        self.ok.setEnabled(False)
        self.credentials.authorise(
            self.ctx, lambda sup: self._post(reason, sup), lambda _e: self.ok.setEnabled(True)
        )

    def _post(self, reason: str, supervisor: StaffUser) -> None:
        assert self.ctx.user is not None
        self.ctx.worker.submit(
            Reverse(self.row.event_id, reason, self.ctx.user, supervisor), self._done, self._failed
        )

    def _done(self, result: PostResult) -> None:
        self.reversed.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.ok.setEnabled(True)
        if isinstance(error, LumbungError):
            self.credentials.error.show_error(error)
            return True
        return False
