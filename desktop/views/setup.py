"""First run: the branch's identity and its first supervisor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.staff import Initialise
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError

if TYPE_CHECKING:
    from desktop.services import StaffUser
    from desktop.views.context import UiContext


class SetupPage(QWidget):
    """Shown when the store has never been initialised.

    Signals:
        initialised(object): the first supervisor (StaffUser).
    """

    initialised = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("setupPage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("loginCard")
        card.setMinimumWidth(520)
        inner = QVBoxLayout(card)
        title = QLabel(self.tr("Set up this branch"))
        title.setObjectName("pageTitle")
        inner.addWidget(title)
        intro = QLabel(
            self.tr(
                "This computer has no branch data yet. Enter the branch identity given by "
                "head office and create the first supervisor account."
            )
        )
        intro.setWordWrap(True)
        inner.addWidget(intro)

        form = QFormLayout()
        self.cooperative = QLineEdit()
        self.branch_id = QLineEdit()
        self.branch_id.setPlaceholderText("BR01")
        self.branch_name = QLineEdit()
        self.device_no = QSpinBox()
        self.device_no.setRange(1, 99)
        self.sup_username = QLineEdit()
        self.sup_name = QLineEdit()
        self.sup_password = QLineEdit()
        self.sup_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sup_repeat = QLineEdit()
        self.sup_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Cooperative name"), self.cooperative)
        form.addRow(self.tr("Branch code"), self.branch_id)
        form.addRow(self.tr("Branch name"), self.branch_name)
        form.addRow(self.tr("Device number"), self.device_no)
        form.addRow(self.tr("Supervisor username"), self.sup_username)
        form.addRow(self.tr("Supervisor full name"), self.sup_name)
        form.addRow(self.tr("Password"), self.sup_password)
        form.addRow(self.tr("Repeat password"), self.sup_repeat)
        inner.addLayout(form)
        self.error = FieldError()
        self.error.setObjectName("setupError")
        inner.addWidget(self.error)
        self.submit = QPushButton(self.tr("Save and continue"))
        self.submit.setObjectName("setupButton")
        self.submit.setDefault(True)
        inner.addWidget(self.submit)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.submit.clicked.connect(self._submit)
        for edit in (
            self.cooperative,
            self.branch_id,
            self.branch_name,
            self.sup_username,
            self.sup_name,
            self.sup_password,
            self.sup_repeat,
        ):
            edit.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        fields = {
            self.cooperative: self.cooperative.text().strip(),
            self.branch_id: self.branch_id.text().strip().upper(),
            self.branch_name: self.branch_name.text().strip(),
            self.sup_username: self.sup_username.text().strip(),
            self.sup_name: self.sup_name.text().strip(),
        }
        for edit, value in fields.items():
            if not value:
                self.error.show_error(self.tr("Fill in every field."))
                edit.setFocus()
                return
        if len(self.sup_password.text()) < 8:
            self.error.show_error(self.tr("The password must have at least 8 characters."))
            self.sup_password.setFocus()
            return
        if self.sup_password.text() != self.sup_repeat.text():
            self.error.show_error(self.tr("The two passwords differ."))
            self.sup_repeat.clear()
            self.sup_repeat.setFocus()
            return
        self.error.show_error(None)
        self.submit.setEnabled(False)
        op = Initialise(
            cooperative_name=fields[self.cooperative],
            branch_id=fields[self.branch_id],
            branch_name=fields[self.branch_name],
            device_no=self.device_no.value(),
            supervisor_username=fields[self.sup_username],
            supervisor_full_name=fields[self.sup_name],
            supervisor_password=self.sup_password.text(),
        )
        self.ctx.worker.submit(op, self._done, self._failed)

    def _done(self, supervisor: StaffUser) -> None:
        self.submit.setEnabled(True)
        self.initialised.emit(supervisor)

    def _failed(self, error: BaseException) -> bool:
        self.submit.setEnabled(True)
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False
