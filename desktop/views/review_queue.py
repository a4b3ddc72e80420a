"""The supervisor's review queue: what head office found when it merged the branches.

Each case says what happened (two offline branches paid out the same savings, one NIK
registered twice, a payment on a settled loan), for whom, and whether the member's account is
held. A supervisor decides a case here; the decision is an event of this device that syncs to
head office (and by default lifts the hold).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.ops.sync import ResolveCase, ReviewCases
from desktop.views.labels import QT_TRANSLATE_NOOP
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError

if TYPE_CHECKING:
    from desktop.services import ReviewCase
    from desktop.views.context import UiContext

_KINDS = {
    "overdraft": QT_TRANSLATE_NOOP("ReviewQueue", "Overdraft (paid out twice)"),
    "duplicate_nik": QT_TRANSLATE_NOOP("ReviewQueue", "NIK registered twice"),
    "double_reversal": QT_TRANSLATE_NOOP("ReviewQueue", "Reversed twice"),
    "payment_on_settled_loan": QT_TRANSLATE_NOOP("ReviewQueue", "Payment on a settled loan"),
    "loan_overpaid": QT_TRANSLATE_NOOP("ReviewQueue", "Loan overpaid"),
    "day_mismatch": QT_TRANSLATE_NOOP("ReviewQueue", "Day close differs from head office"),
}


def kind_label(kind: str) -> str:
    source = _KINDS.get(kind)
    return translate("ReviewQueue", source) if source else kind


def _member_text(case: ReviewCase) -> str:
    if case.member_name:
        return f"{case.member_no} · {case.member_name}"
    return case.member_id[-12:] if case.member_id else ""


class ReviewQueueDialog(QDialog):
    """Signals: open_member(str) — the supervisor wants to see the case's member."""

    open_member = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cases: list[ReviewCase] = []
        self._closed = False
        self.setObjectName("reviewQueueDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Review queue"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Cases head office found when it merged the branches' transactions. An account "
                "on hold pays out nothing until its case is decided."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.show_resolved = QCheckBox(self.tr("Show decided cases"))
        self.show_resolved.setObjectName("showResolved")
        self.show_resolved.toggled.connect(lambda _on: self.reload())
        layout.addWidget(self.show_resolved)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("reviewTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Opened"),
                self.tr("Kind"),
                self.tr("Member"),
                self.tr("Detail"),
                self.tr("Hold"),
                self.tr("Decision"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(5, 150)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self._open_member())
        layout.addWidget(self.table)
        self.empty = QLabel(self.tr("No open cases. Nothing waits for a decision."))
        self.empty.setObjectName("placeholder")
        self.empty.hide()
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.member_button = QPushButton(self.tr("Open member"))
        self.member_button.setObjectName("openCaseMember")
        self.member_button.clicked.connect(self._open_member)
        self.resolve_button = QPushButton(self.tr("Decide…"))
        self.resolve_button.setObjectName("resolveCase")
        self.resolve_button.clicked.connect(self._resolve)
        self.note = QLabel()
        self.note.setObjectName("reviewNote")
        row.addWidget(self.member_button)
        row.addWidget(self.resolve_button)
        row.addWidget(self.note, 1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(1100, 520)  # capped to a small screen as it shows (screen_fit)
        user = ctx.user
        if user is None or not user.is_supervisor:
            self.note.setText(self.tr("Only a supervisor can decide a case."))
        self._update_buttons()
        self.reload()

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def reload(self) -> None:
        self.ctx.worker.submit(ReviewCases(self.show_resolved.isChecked()), self._show)

    def _show(self, cases: list[ReviewCase]) -> None:
        if self._closed:
            return
        self.cases = list(cases)
        self.table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            decision = case.resolution or self.tr("Open")
            if case.resolution and case.resolved_by:
                decision = f"{case.resolution} ({case.resolved_by})"
            cells = (
                case.opened_at[:16],
                kind_label(case.kind),
                _member_text(case),
                case.detail,
                self.tr("On hold") if case.hold else "",
                decision,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4 and case.hold:
                    item.setForeground(QBrush(QColor("#b00020")))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not cases)
        if cases:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> ReviewCase | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.cases):
            return None
        return self.cases[rows[0].row()]

    def _update_buttons(self) -> None:
        case = self.selected()
        user = self.ctx.user
        self.member_button.setEnabled(bool(case and case.member_name))
        self.resolve_button.setEnabled(
            bool(case and case.is_open and user is not None and user.is_supervisor)
        )

    def _open_member(self) -> None:
        case = self.selected()
        if case is not None and case.member_name:
            self.open_member.emit(case.member_id)
            self.accept()

    def _resolve(self) -> None:
        case = self.selected()
        if case is None or not case.is_open:
            return
        dialog = ResolveCaseDialog(self.ctx, case, self)
        dialog.resolved.connect(lambda _case: self.reload())
        dialog.open()


class ResolveCaseDialog(QDialog):
    """The supervisor's decision on one case.

    Signals:
        resolved(object): the ReviewCase as decided.
    """

    resolved = Signal(object)

    def __init__(self, ctx: UiContext, case: ReviewCase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.setObjectName("resolveCaseDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Decide a review case"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), QLabel(kind_label(case.kind)))
        form.addRow(self.tr("Member"), QLabel(_member_text(case)))
        detail = QLabel(case.detail)
        detail.setWordWrap(True)
        form.addRow(self.tr("Detail"), detail)
        self.decision = QLineEdit()
        self.decision.setObjectName("caseDecision")
        self.decision.setPlaceholderText(self.tr("e.g. member repaid Rp 250.000 in cash"))
        form.addRow(self.tr("Decision"), self.decision)
        self.note = QLineEdit()
        self.note.setObjectName("caseNote")
        self.note.setPlaceholderText(self.tr("receipt number, who was called, …"))
        form.addRow(self.tr("Note"), self.note)
        self.release = QCheckBox(self.tr("Lift the hold on the account"))
        self.release.setObjectName("releaseHold")
        self.release.setChecked(True)
        self.release.setVisible(case.hold)
        form.addRow("", self.release)
        self.error = FieldError()
        form.addRow("", self.error)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Save decision"))
        self.ok.setObjectName("saveDecision")
        self.ok.setDefault(True)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.decision.setFocus()

    def _submit(self) -> None:
        if len(self.decision.text().strip()) < 3:
            self.error.show_error(self.tr("Write the decision on this case."))
            self.decision.setFocus()
            return
        user = self.ctx.user
        assert user is not None
        self.ok.setEnabled(False)
        op = ResolveCase(
            self.case.case_id,
            self.decision.text().strip(),
            self.note.text().strip(),
            self.release.isChecked() or not self.case.hold,
            user,
        )
        self.ctx.worker.submit(op, self._done, self._failed)

    def _done(self, case: ReviewCase) -> None:
        self.resolved.emit(case)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.ok.setEnabled(True)
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False
