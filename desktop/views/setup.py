"""First run: enrol this PC with head office's server, or set up a stand-alone branch.

Enrolment (the normal case at a branch): the server address and the one-time code head office
gave the installer. The device gets its identity and token from the server, then the branch's
data and staff accounts arrive with the first pull, so the tellers log in with the accounts
head office made. The stand-alone setup (a demo, or a branch without a server yet) creates the
branch and its first supervisor on this PC.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.staff import Initialise
from desktop.views.enrol import EnrolForm
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError

if TYPE_CHECKING:
    from desktop.services import StaffUser
    from desktop.views.context import UiContext

ENROL, LOCAL = range(2)


class SetupPage(QWidget):
    """Shown when the store has never been initialised.

    Signals:
        initialised(object): the first supervisor (StaffUser) of a stand-alone setup.
        enrolled(object): the device's identity from head office after enrolment.
    """

    initialised = Signal(object)
    enrolled = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("setupPage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("loginCard")
        card.setMinimumWidth(560)
        inner = QVBoxLayout(card)
        title = QLabel(self.tr("Set up this computer"))
        title.setObjectName("pageTitle")
        inner.addWidget(title)
        intro = QLabel(self.tr("This computer has no branch data yet. How will it work?"))
        intro.setWordWrap(True)
        inner.addWidget(intro)

        self.enrol_choice = QRadioButton(self.tr("Enrol with head office's server"))
        self.enrol_choice.setObjectName("enrolChoice")
        self.local_choice = QRadioButton(self.tr("Stand-alone setup (demo, no server)"))
        self.local_choice.setObjectName("localChoice")
        choices = QButtonGroup(self)
        choices.addButton(self.enrol_choice, ENROL)
        choices.addButton(self.local_choice, LOCAL)
        inner.addWidget(self.enrol_choice)
        inner.addWidget(self._hint(self.tr(
            "For a branch PC: head office gives the server address and a one-time code. "
            "Staff accounts and the branch's members come from head office."
        )))  # fmt: skip
        inner.addWidget(self.local_choice)
        inner.addWidget(self._hint(self.tr(
            "The branch and its first supervisor are created on this PC; nothing is sent "
            "anywhere."
        )))  # fmt: skip

        self.panels = QStackedWidget()
        self.panels.addWidget(self._enrol_panel())
        self.panels.addWidget(self._local_panel())
        inner.addWidget(self.panels)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        choices.idToggled.connect(self._choose)
        self.enrol_choice.setChecked(True)

    @staticmethod
    def _hint(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("choiceHint")
        label.setWordWrap(True)
        label.setIndent(24)
        return label

    def _choose(self, which: int, on: bool) -> None:
        if on:
            self.panels.setCurrentIndex(which)
            self.focus_first()

    def focus_first(self) -> None:
        if self.panels.currentIndex() == ENROL:
            self.enrol_form.server_url.setFocus()
        else:
            self.cooperative.setFocus()

    # -- enrolment -----------------------------------------------------------------------------

    def _enrol_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 8, 0, 0)
        self.enrol_form = EnrolForm(self.ctx)
        self.enrol_form.busy.connect(self._busy)
        self.enrol_form.enrolled.connect(self.enrolled)
        layout.addWidget(self.enrol_form)
        return panel

    def _busy(self, busy: bool) -> None:
        self.enrol_choice.setEnabled(not busy)
        self.local_choice.setEnabled(not busy)

    # -- stand-alone ---------------------------------------------------------------------------

    def _local_panel(self) -> QWidget:
        panel = QWidget()
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(0, 8, 0, 0)
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
        return panel

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
