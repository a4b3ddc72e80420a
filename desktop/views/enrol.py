"""Enrolling this PC with head office's server: the address and the one-time code.

Used by the first-run page (a new PC: identity, token and the branch's snapshot come from the
server) and by the sync menu for a PC that started stand-alone (it keeps its identity and its
whole history goes up with the first sync). The work runs in the sync thread; the form follows
its progress.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.views.bootstrap import ProgressPanel
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError

if TYPE_CHECKING:
    from desktop.views.context import UiContext


class EnrolForm(QWidget):
    """Signals:
    enrolled(object): the device's identity once the server accepted the code.
    busy(bool): True while the enrolment runs (the caller locks what it must).
    """

    enrolled = Signal(object)
    busy = Signal(bool)

    def __init__(
        self, ctx: UiContext, *, device_no: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("enrolForm")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
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
        # 0 shows as "assigned by head office": the next free number of the branch. A number
        # typed here is a proposal head office refuses when another PC holds it.
        self.enrol_device_no.setRange(0, 99)
        self.enrol_device_no.setSpecialValueText(self.tr("Assigned by head office"))
        self.enrol_device_no.setValue(0)
        form.addRow(self.tr("Server address"), self.server_url)
        form.addRow(self.tr("One-time code"), self.enrol_code)
        form.addRow(self.tr("Computer name"), self.device_name)
        if device_no is None:
            form.addRow(self.tr("Device number"), self.enrol_device_no)
        else:  # a stand-alone PC keeps the number its events already carry
            self.enrol_device_no.setValue(device_no)
            self.enrol_device_no.hide()
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
        self.enrol_button.clicked.connect(self.submit)
        for edit in (self.server_url, self.enrol_code, self.device_name):
            edit.returnPressed.connect(self.submit)
        self.running = False

    def submit(self) -> None:
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
        task = make_task(url.rstrip("/"), code, name, self.enrol_device_no.value() or None)
        sync.run_task(task, self._enrolled, self._failed)

    def _progress(self, phase: str, done: int, total: int) -> None:
        if phase == "snapshot":
            self.enrol_status.setText(self.tr("Enrolled. Loading the branch's data…"))
        elif phase == "pull":
            self.enrol_status.setText(self.tr("Receiving the latest transactions…"))
        elif phase == "push":
            self.enrol_status.setText(self.tr("Enrolled. Sending this computer's history…"))
        self.enrol_progress.show_progress(phase, done, total)

    def _busy(self, busy: bool) -> None:
        self.running = busy
        self.enrol_progress.setVisible(busy)
        for widget in (self.enrol_button, self.server_url, self.enrol_code, self.device_name,
                       self.enrol_device_no):  # fmt: skip
            widget.setEnabled(not busy)
        self.busy.emit(busy)

    def _stop_progress(self) -> None:
        if self.ctx.sync is not None:
            self.ctx.sync.progress.disconnect(self._progress)

    def _enrolled(self, identity: Any) -> None:
        self._stop_progress()
        self._busy(False)
        self.enrol_status.setText(
            self.tr("Enrolled as PC {:02d}: {} — {} ({}).").format(
                int(getattr(identity, "device_no", 0) or 0),
                getattr(identity, "cooperative_name", ""),
                getattr(identity, "branch_name", ""),
                getattr(identity, "branch_id", ""),
            )
        )
        self.enrolled.emit(identity)

    def _failed(self, error: BaseException) -> None:
        self._stop_progress()
        self._busy(False)
        self.enrol_status.hide()
        if isinstance(error, LumbungError):
            self.enrol_error.show_error(error)
        else:
            self.enrol_error.show_error(self.tr("Enrolment failed: {}").format(error))


class EnrolDialog(QDialog):
    """A PC that started stand-alone joins head office (supervisor, from the sync menu).

    Signals:
        enrolled(object): the identity (unchanged: the server accepted this PC's own).
    """

    enrolled = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("enrolDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Enrol with head office's server"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This computer works stand-alone. Enrolled, it keeps its branch, members and "
                "history; everything posted here is sent to head office with the first sync, "
                "and from then on it syncs in the background."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = EnrolForm(ctx, device_no=int(ctx.branch.get("device_no", 1) or 1))
        layout.addWidget(self.form)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.form.busy.connect(lambda running: close.setEnabled(not running))
        self.form.enrolled.connect(self._done)
        self.setMinimumWidth(560)

    def reject(self) -> None:
        if not self.form.running:  # the enrolment goes on in the sync thread; wait for it
            super().reject()

    def _done(self, identity: Any) -> None:
        if self.ctx.sync is not None:
            self.ctx.sync.enrolled()
        self.enrolled.emit(identity)
