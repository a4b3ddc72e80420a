"""A supervisor types their own credentials to authorise what is over the teller's authority."""

from __future__ import annotations

from collections.abc import Callable
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

from desktop.ops.staff import Authorise
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError

if TYPE_CHECKING:
    from desktop.services import StaffUser
    from desktop.views.context import UiContext


class SupervisorCredentials(QWidget):
    """Username and password fields, reused inline by the reversal and drawer-close dialogs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.username = QLineEdit()
        self.username.setObjectName("supervisorUsername")
        self.password = QLineEdit()
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = FieldError()
        form.addRow(self.tr("Supervisor username"), self.username)
        form.addRow(self.tr("Supervisor password"), self.password)
        form.addRow("", self.error)

    def filled(self) -> bool:
        return bool(self.username.text().strip() and self.password.text())

    def authorise(
        self,
        ctx: UiContext,
        on_success: Callable[[StaffUser], None],
        on_failure: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Check the credentials in the worker; wrong ones are shown under the fields."""
        assert ctx.user is not None
        self.error.show_error(None)

        def failed(error: BaseException) -> bool:
            if isinstance(error, LumbungError):
                self.error.show_error(error)
                self.password.clear()
                self.password.setFocus()
                if on_failure is not None:
                    on_failure(error)
                return True
            if on_failure is not None:
                on_failure(error)
            return False

        ctx.worker.submit(
            Authorise(self.username.text().strip(), self.password.text(), ctx.user),
            on_success,
            failed,
        )


class SupervisorDialog(QDialog):
    """Asks for a supervisor's authorisation.

    Signals:
        authorised(object): the supervisor (StaffUser) whose credentials were accepted.
    """

    authorised = Signal(object)

    def __init__(self, ctx: UiContext, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("supervisorDialog")
        self.setWindowTitle(self.tr("Supervisor authorisation"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.reason = QLabel(reason)
        self.reason.setObjectName("authorisationReason")
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        self.credentials = SupervisorCredentials()
        layout.addWidget(self.credentials)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self,  # parented now, so setDefault() below registers with the dialog
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Authorise"))
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.credentials.username.setFocus()

    def _submit(self) -> None:
        if not self.credentials.filled():
            self.credentials.error.show_error(
                self.tr("Enter the supervisor's username and password.")
            )
            return
        self.ok.setEnabled(False)
        self.credentials.authorise(self.ctx, self._done, self._failed)

    def _done(self, supervisor: StaffUser) -> None:
        self.ok.setEnabled(True)
        self.authorised.emit(supervisor)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
