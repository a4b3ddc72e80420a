"""First run: enrol this PC with head office's server, or set up a stand-alone branch.

Enrolment (the normal case at a branch): the server address and the one-time code head office
gave the installer. The device gets its identity and token from the server, then the branch's
data and staff accounts arrive with the first pull, so the tellers log in with the accounts
head office made. The stand-alone setup (a demo, or a branch without a server yet) creates the
branch and its first supervisor on this PC.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any

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
from desktop.views.bootstrap import ProgressPanel
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
        (self.server_url if self.panels.currentIndex() == ENROL else self.cooperative).setFocus()

    # -- enrolment -----------------------------------------------------------------------------

    def _enrol_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 8, 0, 0)
        form = QFormLayout()
        self.server_url = QLineEdit()
        self.server_url.setObjectName("serverUrl")
        self.server_url.setPlaceholderText("https://sync.koperasi.example")
        self.enrol_code = QLineEdit()
        self.enrol_code.setObjectName("enrolCode")
        self.enrol_code.setPlaceholderText(self.tr("from head office, e.g. K7QH-2M9X"))
        self.device_name = QLineEdit(socket.gethostname())
        self.device_name.setObjectName("deviceName")
        self.enrol_device_no = QSpinBox()
        self.enrol_device_no.setObjectName("enrolDeviceNo")
        self.enrol_device_no.setRange(1, 99)
        form.addRow(self.tr("Server address"), self.server_url)
        form.addRow(self.tr("One-time code"), self.enrol_code)
        form.addRow(self.tr("Computer name"), self.device_name)
        form.addRow(self.tr("Device number"), self.enrol_device_no)
        layout.addLayout(form)
        self.enrol_progress = ProgressPanel()
        self.enrol_progress.hide()
        layout.addWidget(self.enrol_progress)
        self.enrol_status = QLabel()
        self.enrol_status.setObjectName("enrolStatus")
        self.enrol_status.setWordWrap(True)
        self.enrol_status.hide()
        layout.addWidget(self.enrol_status)
        self.enrol_error = FieldError()
        self.enrol_error.setObjectName("enrolError")
        layout.addWidget(self.enrol_error)
        self.enrol_button = QPushButton(self.tr("Enrol this computer"))
        self.enrol_button.setObjectName("enrolButton")
        layout.addWidget(self.enrol_button)
        self.enrol_button.clicked.connect(self._enrol)
        for edit in (self.server_url, self.enrol_code, self.device_name):
            edit.returnPressed.connect(self._enrol)
        return panel

    def _enrol(self) -> None:
        url = self.server_url.text().strip()
        code = self.enrol_code.text().strip()
        name = self.device_name.text().strip()
        if not url.startswith(("http://", "https://")):
            self.enrol_error.show_error(
                self.tr("Enter the server address, starting with https:// (or http://).")
            )
            self.server_url.setFocus()
            return
        if not code:
            self.enrol_error.show_error(self.tr("Enter the one-time code from head office."))
            self.enrol_code.setFocus()
            return
        if not name:
            self.enrol_error.show_error(self.tr("Give this computer a name."))
            self.device_name.setFocus()
            return
        sync, make_task = self.ctx.sync, self.ctx.enrol_task
        if sync is None or make_task is None:
            self.enrol_error.show_error(self.tr("This build of Lumbung cannot sync."))
            return
        self.enrol_error.show_error(None)
        self._busy(True)
        self.enrol_status.setText(self.tr("Contacting head office…"))
        self.enrol_status.show()
        sync.progress.connect(self._progress)
        task = make_task(url.rstrip("/"), code, name, self.enrol_device_no.value())
        sync.run_task(task, self._enrolled, self._enrol_failed)

    def _progress(self, phase: str, done: int, total: int) -> None:
        if phase == "snapshot":
            self.enrol_status.setText(self.tr("Enrolled. Loading the branch's data…"))
        elif phase == "pull":
            self.enrol_status.setText(self.tr("Receiving the latest transactions…"))
        self.enrol_progress.show_progress(phase, done, total)

    def _busy(self, busy: bool) -> None:
        self.enrol_progress.setVisible(busy)
        for widget in (
            self.enrol_button,
            self.server_url,
            self.enrol_code,
            self.device_name,
            self.enrol_device_no,
            self.enrol_choice,
            self.local_choice,
        ):
            widget.setEnabled(not busy)

    def _stop_progress(self) -> None:
        if self.ctx.sync is not None:
            self.ctx.sync.progress.disconnect(self._progress)

    def _enrolled(self, identity: Any) -> None:
        self._stop_progress()
        self._busy(False)
        self.enrol_status.setText(
            self.tr("Enrolled: {} — {} ({}).").format(
                getattr(identity, "cooperative_name", ""),
                getattr(identity, "branch_name", ""),
                getattr(identity, "branch_id", ""),
            )
        )
        self.enrolled.emit(identity)

    def _enrol_failed(self, error: BaseException) -> None:
        self._stop_progress()
        self._busy(False)
        self.enrol_status.hide()
        if isinstance(error, LumbungError):
            self.enrol_error.show_error(error)
        else:
            self.enrol_error.show_error(self.tr("Enrolment failed: {}").format(error))

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
