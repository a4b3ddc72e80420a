"""Login, and the same screen as the lock screen after the counter was left idle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.staff import Login
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError

if TYPE_CHECKING:
    from desktop.ops.staff import LoginResult
    from desktop.views.context import UiContext


class LoginPage(QWidget):
    """Username and password; wrong ones get a clear message under the fields.

    Signals:
        logged_in(object): the LoginResult.
    """

    logged_in = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("loginPage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("loginCard")
        card.setMaximumWidth(440)
        card.setMinimumWidth(380)
        inner = QVBoxLayout(card)
        title = QLabel("Lumbung")
        title.setObjectName("appTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(title)
        self.branch = QLabel()
        self.branch.setObjectName("loginBranch")
        self.branch.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(self.branch)
        self.banner = QLabel()
        self.banner.setObjectName("lockBanner")
        self.banner.setWordWrap(True)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.hide()
        inner.addWidget(self.banner)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        inner.addLayout(form)
        self.error = FieldError()
        self.error.setObjectName("loginError")
        inner.addWidget(self.error)
        self.submit = QPushButton(self.tr("Log in"))
        self.submit.setObjectName("loginButton")
        self.submit.setDefault(True)
        inner.addWidget(self.submit)
        row = QVBoxLayout()
        row.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(row)
        outer.addStretch(2)

        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self.submit.clicked.connect(self._submit)
        ctx.branch_changed.connect(self._show_branch)
        self._show_branch()

    def _show_branch(self) -> None:
        branch = self.ctx.branch
        if branch:
            self.branch.setText(
                f"{branch.get('cooperative_name', '')}\n"
                f"{branch.get('branch_name', '')} ({branch.get('branch_id', '')})"
            )

    def reset(self, locked_user: str | None = None, *, idle: bool = True) -> None:
        """Clear the fields; ``locked_user`` shows the lock banner with the user's name (why
        it locked: ``idle``, or the user locked it)."""
        self.error.show_error(None)
        self.password.clear()
        self.submit.setEnabled(True)
        if locked_user:
            self.banner.setText(
                self.tr("The screen was locked after a period of inactivity. Log in again.")
                if idle
                else self.tr("The counter is locked. Log in again to carry on.")
            )
            self.banner.show()
            self.username.setText(locked_user)
            self.password.setFocus()
        else:
            self.banner.hide()
            self.username.clear()
            self.username.setFocus()

    def _submit(self) -> None:
        username = self.username.text().strip()
        if not username or not self.password.text():
            self.error.show_error(self.tr("Enter your username and password."))
            (self.password if username else self.username).setFocus()
            return
        self.error.show_error(None)
        self.submit.setEnabled(False)
        self.ctx.worker.submit(Login(username, self.password.text()), self._done, self._failed)

    def _done(self, result: LoginResult) -> None:
        self.submit.setEnabled(True)
        self.password.clear()
        self.banner.hide()
        self.logged_in.emit(result)

    def _failed(self, error: BaseException) -> bool:
        self.submit.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False
