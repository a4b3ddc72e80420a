"""Edit a member's profile: only the changed fields are sent (a MemberUpdated patch)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.members import UpdateMember
from desktop.views import labels
from desktop.views.member_detail import _get
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError
from ledger.events import MEMBER_STATUSES

if TYPE_CHECKING:
    from desktop.services import MemberDetail
    from desktop.views.context import UiContext

TEXT_FIELDS = ("name", "birth_place", "address", "phone", "occupation", "mother_maiden_name")


class ProfileDialog(QDialog):
    """Signals: saved(str) with the member_id after the patch is stored."""

    saved = Signal(str)

    def __init__(self, ctx: UiContext, detail: MemberDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.setObjectName("profileDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Edit member profile"))
        layout = QVBoxLayout(self)
        header = QLabel(f"<b>{detail.member_no}</b> · NIK {detail.nik}")
        layout.addWidget(header)
        form = QFormLayout()
        captions = {
            "name": self.tr("Full name (as on the KTP)"),
            "birth_place": self.tr("Place of birth"),
            "address": self.tr("Address"),
            "phone": self.tr("Mobile number"),
            "occupation": self.tr("Occupation"),
            "mother_maiden_name": self.tr("Mother's maiden name"),
        }
        self.original: dict[str, str] = {}
        self.edits: dict[str, QLineEdit] = {}
        for name in TEXT_FIELDS:
            value = str(_get(detail, name) or "")
            self.original[name] = value
            edit = QLineEdit(value)
            edit.setObjectName(f"profile_edit_{name}")
            self.edits[name] = edit
            form.addRow(captions[name], edit)
        self.status = QComboBox()
        self.status.setObjectName("profile_edit_status")
        for code in MEMBER_STATUSES:
            self.status.addItem(labels.status(code), code)
        self.original["status"] = str(detail.status)
        self.status.setCurrentIndex(max(0, self.status.findData(str(detail.status))))
        # The service accepts a status change from a supervisor only.
        self.status.setEnabled(bool(ctx.user and ctx.user.is_supervisor))
        form.addRow(self.tr("Status"), self.status)
        layout.addLayout(form)
        self.error = FieldError()
        self.error.setObjectName("profileError")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
            self,  # parented now, so setDefault() below registers with the dialog
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def changed_fields(self) -> dict[str, str]:
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["status"] = str(self.status.currentData())
        return {k: v for k, v in values.items() if v != self.original.get(k, "")}

    def _submit(self) -> None:
        changes = self.changed_fields()
        if not changes:
            self.reject()
            return
        assert self.ctx.user is not None
        self.ok.setEnabled(False)
        self.ctx.worker.submit(
            UpdateMember(self.detail.member_id, changes, self.ctx.user), self._done, self._failed
        )

    def _done(self, _result: None) -> None:
        self.saved.emit(self.detail.member_id)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.ok.setEnabled(True)
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            if error.field in self.edits:
                self.edits[error.field].setFocus()
            return True
        return False
