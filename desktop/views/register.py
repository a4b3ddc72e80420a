"""Register a new member: the NIK is checked as it is typed and gives birth date and sex."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text
from desktop.ops.members import RegisterMember
from desktop.views import labels
from desktop.views.fmt import date_text
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError
from ledger.members import RegistrationInput
from ledger.money import format_rupiah
from ledger.nik import decode_nik

if TYPE_CHECKING:
    from desktop.services import PostResult
    from desktop.views.context import UiContext

# RegistrationInput fields, in the form's (and tab) order.
FIELDS = ("nik", "name", "birth_place", "address", "phone", "occupation", "mother_maiden_name")


class RegisterDialog(QDialog):
    """The registration form; simpanan pokok is paid in cash as part of it.

    Signals:
        registered(object): the PostResult (member_id is the new member).
        open_existing(str): the teller asked to open the member who already holds the NIK.
    """

    registered = Signal(object)
    open_existing = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("registerDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Register a new member"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        captions = {
            "nik": self.tr("NIK"),
            "name": self.tr("Full name (as on the KTP)"),
            "birth_place": self.tr("Place of birth"),
            "address": self.tr("Address"),
            "phone": self.tr("Mobile number"),
            "occupation": self.tr("Occupation"),
            "mother_maiden_name": self.tr("Mother's maiden name"),
        }
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}
        for name in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"reg_{name}")
            error = FieldError()
            error.setObjectName(f"reg_{name}_error")
            self.edits[name] = edit
            self.errors[name] = error
            cell = QWidget()
            row = QHBoxLayout(cell)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(edit, 3)
            row.addWidget(error, 2)
            form.addRow(captions[name], cell)
            if name == "nik":
                edit.setMaxLength(20)  # room for spaces a teller may type between groups
                edit.setPlaceholderText(self.tr("16 digits"))
                # How far along the NIK is, on the NIK's own row (not the birth date's).
                self.nik_hint = QLabel()
                self.nik_hint.setObjectName("reg_nik_hint")
                self.nik_hint.setProperty("role", "hint")
                row.insertWidget(1, self.nik_hint)
                self.birth = QLabel()
                self.birth.setObjectName("reg_birth")
                self.sex = QLabel()
                self.sex.setObjectName("reg_sex")
                form.addRow(self.tr("Date of birth (from NIK)"), self.birth)
                form.addRow(self.tr("Sex (from NIK)"), self.sex)
        layout.addLayout(form)

        self.pokok = QLabel()
        self.pokok.setObjectName("reg_pokok")
        self.pokok.setText(
            self.tr("Principal savings (simpanan pokok) paid in cash now: {}").format(
                format_rupiah(ctx.pokok_amount)
            )
        )
        layout.addWidget(self.pokok)

        self.duplicate = QWidget()
        dup = QHBoxLayout(self.duplicate)
        dup.setContentsMargins(0, 0, 0, 0)
        self.duplicate_text = QLabel()
        self.duplicate_text.setObjectName("reg_duplicate")
        self.duplicate_text.setWordWrap(True)
        self.duplicate_text.setProperty("role", "fieldError")
        self.open_button = QPushButton(self.tr("Open existing member"))
        self.open_button.setObjectName("openExisting")
        self.open_button.setAutoDefault(False)
        dup.addWidget(self.duplicate_text, 1)
        dup.addWidget(self.open_button)
        self.duplicate.hide()
        layout.addWidget(self.duplicate)
        self._existing_id: str | None = None
        self.open_button.clicked.connect(self._open_existing)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self,  # parented now, so setDefault() below registers with the dialog
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Register"))
        self.ok.setObjectName("registerButton")
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edits["nik"].textChanged.connect(self._nik_typed)
        self.setMinimumWidth(720)
        self.edits["nik"].setFocus()

    # -- NIK as typed ----------------------------------------------------------------------

    def _nik_typed(self, text: str) -> None:
        digits = text.replace(" ", "")
        self.birth.clear()
        self.sex.clear()
        self.nik_hint.clear()
        self._hide_duplicate()
        if not digits:
            self.errors["nik"].show_error(None)
            return
        if digits.isdigit() and len(digits) < 16:
            # Still typing: not an error yet, just how far along.
            self.errors["nik"].show_error(None)
            self.nik_hint.setText(self.tr("{} of 16 digits").format(len(digits)))
            return
        try:
            info = decode_nik(digits, today=self.ctx.business_date)
        except LumbungError as exc:
            self.errors["nik"].show_error(exc)
            return
        self.errors["nik"].show_error(None)
        self.birth.setText(date_text(info.birth_date, long=True))
        self.sex.setText(labels.sex(info.sex))

    # -- submit ----------------------------------------------------------------------------

    def form(self) -> RegistrationInput:
        values = {name: self.edits[name].text() for name in FIELDS}
        values["nik"] = values["nik"].replace(" ", "")
        return RegistrationInput(**values)

    def _submit(self) -> None:
        for error in self.errors.values():
            error.show_error(None)
        self._hide_duplicate()
        assert self.ctx.user is not None
        self.ok.setEnabled(False)
        self.ctx.worker.submit(RegisterMember(self.form(), self.ctx.user), self._done, self._failed)

    def _done(self, result: PostResult) -> None:
        self.registered.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.ok.setEnabled(True)
        if not isinstance(error, LumbungError):
            return False
        existing = getattr(error, "existing_member_id", None)
        if existing:
            self._existing_id = str(existing)
            self.duplicate_text.setText(error_text(error))
            self.duplicate.show()
            self.open_button.setFocus()
            return True
        if error.field in self.errors:
            self.errors[error.field].show_error(error)
            self.edits[error.field].setFocus()
            return True
        return False  # not about a field (e.g. no open drawer): a message box says it

    def _hide_duplicate(self) -> None:
        self._existing_id = None
        self.duplicate.hide()

    def _open_existing(self) -> None:
        if self._existing_id:
            self.open_existing.emit(self._existing_id)
            self.reject()
