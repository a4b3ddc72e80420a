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
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
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
    """Signals: open_member(str) — the supervisor wants to see the case's member;
    open_receipt(str) — a receipt a case involves (event id); decided(object) — a case was
    just decided (the menu's count follows at once)."""

    open_member = Signal(str)
    open_receipt = Signal(str)
    decided = Signal(object)

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
        open_count = sum(1 for c in cases if c.is_open)
        self.setWindowTitle(self.tr("Review queue ({} open)").format(open_count))
        self.table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            decision = case.resolution or self.tr("Open")
            if case.resolution and case.resolved_by:
                decision = f"{case.resolution} ({case.resolved_by})"
            cells = (
                case.opened_at[:16],
                kind_label(case.kind),
                _member_text(case),
                case.detail
                + (
                    " " + self.tr("Receipts: {}").format(", ".join(r for _e, r in case.receipts))
                    if case.receipts
                    else ""
                ),
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
        dialog.resolved.connect(self._decided)
        dialog.open_receipt.connect(self.open_receipt)
        dialog.open()

    def _decided(self, case: ReviewCase) -> None:
        self.decided.emit(case)
        self.reload()


#: The decisions a supervisor chooses from, per kind of case: (key, label, releases the hold).
#: Nothing is chosen until the supervisor picks one, and only a choice that says the money is
#: back releases a hold; "other" writes its own decision and keeps any hold.
_CHOICES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "overdraft": (
        ("collect", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                      "Keep the hold and collect the overdrawn amount from the member"),  # noqa: E501
         False),
        ("repaid", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                     "The member repaid the overdrawn amount: release the hold"),
         True),
    ),
    "duplicate_nik": (
        ("same_person", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                          "Same person: head office keeps one membership"), False),
        ("typo", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                   "Different people: the NIK was typed wrong and is corrected"),
         False),
    ),
    "double_reversal": (
        ("one_stands", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                         "One reversal stands; the other is undone by head office"),
         False),
    ),
    "payment_on_settled_loan": (
        ("refund", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                     "Return the payment to the member (refund at the counter)"),
         False),
        ("credit", QT_TRANSLATE_NOOP("ResolveCaseDialog", "Keep it as the member's credit"), False),
    ),
    "loan_overpaid": (
        ("refund", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                     "Return the overpayment to the member (refund at the counter)"),  # noqa: E501
         False),
        ("credit", QT_TRANSLATE_NOOP("ResolveCaseDialog", "Keep it as the member's credit"), False),
    ),
    "day_mismatch": (
        ("branch_right", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                           "Checked: the branch's record is right"), False),
        ("office_right", QT_TRANSLATE_NOOP("ResolveCaseDialog",
                                           "Checked: head office's record is right"), False),
    ),
}  # fmt: skip
_OTHER = QT_TRANSLATE_NOOP("ResolveCaseDialog", "Another decision (write it below)")


class ResolveCaseDialog(QDialog):
    """The supervisor's decision on one case: one explicit choice for its kind (none is
    preselected), the receipts involved (openable), a note.

    Signals:
        resolved(object): the ReviewCase as decided.
        open_receipt(str): the supervisor wants to see a receipt involved (event id).
    """

    resolved = Signal(object)
    open_receipt = Signal(str)

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
        if case.hold:
            held = QLabel(self.tr("The account is on hold: no withdrawals until released."))
            held.setObjectName("caseHeld")
            held.setWordWrap(True)
            form.addRow(self.tr("Hold"), held)
        receipts = QHBoxLayout()
        self.receipt_buttons: list[QPushButton] = []
        for event_id, receipt_no in case.receipts:
            button = QPushButton(self.tr("Receipt {}").format(receipt_no))
            button.setObjectName("caseReceipt")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, e=event_id: self.open_receipt.emit(e))
            receipts.addWidget(button)
            self.receipt_buttons.append(button)
        if not case.receipts:
            receipts.addWidget(
                QLabel(self.tr("The events involved are at other branches (head office has them)."))
            )
        receipts.addStretch(1)
        form.addRow(self.tr("Receipts"), receipts)
        layout.addLayout(form)

        box = QGroupBox(self.tr("Decision"))
        choices = QVBoxLayout(box)
        self.choice_group = QButtonGroup(self)
        self.choices: dict[str, tuple[QRadioButton, str, bool]] = {}
        for key, source, releases in (*_CHOICES.get(case.kind, ()), ("other", _OTHER, False)):
            text = translate("ResolveCaseDialog", source)
            radio = QRadioButton(text)
            radio.setObjectName(f"choice_{key}")
            self.choice_group.addButton(radio)
            choices.addWidget(radio)
            self.choices[key] = (radio, text, releases and case.hold)
        self.choice_group.setExclusive(True)
        layout.addWidget(box)
        self.decision = QLineEdit()
        self.decision.setObjectName("caseDecision")
        self.decision.setPlaceholderText(self.tr("e.g. member repaid Rp 250.000 in cash"))
        self.note = QLineEdit()
        self.note.setObjectName("caseNote")
        self.note.setPlaceholderText(self.tr("receipt number, who was called, …"))
        more = QFormLayout()
        more.addRow(self.tr("Decision (other)"), self.decision)
        more.addRow(self.tr("Note"), self.note)
        layout.addLayout(more)
        self.hold_effect = QLabel()
        self.hold_effect.setObjectName("holdEffect")
        self.hold_effect.setWordWrap(True)
        layout.addWidget(self.hold_effect)
        self.error = FieldError()
        layout.addWidget(self.error)
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
        self.choice_group.buttonToggled.connect(lambda _b, _on: self._chosen())
        self.resize(640, 480)
        self._chosen()
        first = next(iter(self.choices.values()))[0]
        first.setFocus()

    def chosen(self) -> str | None:
        for key, (radio, _text, _releases) in self.choices.items():
            if radio.isChecked():
                return key
        return None

    def releases_hold(self) -> bool:
        key = self.chosen()
        return key is not None and self.choices[key][2]

    def _chosen(self) -> None:
        key = self.chosen()
        self.decision.setEnabled(key == "other")
        if not self.case.hold:
            self.hold_effect.setText("")
        elif key is None:
            self.hold_effect.setText(self.tr("Choose a decision. The hold stays until one says "
                                             "the money is back."))  # fmt: skip
        elif self.releases_hold():
            self.hold_effect.setText(self.tr("This decision releases the hold on the account."))
        else:
            self.hold_effect.setText(self.tr("The account stays on hold."))

    def _submit(self) -> None:
        key = self.chosen()
        if key is None:
            self.error.show_error(self.tr("Choose a decision on this case."))
            return
        text = self.choices[key][1]
        if key == "other":
            text = self.decision.text().strip()
            if len(text) < 3:
                self.error.show_error(self.tr("Write the decision on this case."))
                self.decision.setFocus()
                return
        user = self.ctx.user
        assert user is not None
        self.ok.setEnabled(False)
        op = ResolveCase(
            self.case.case_id,
            text,
            self.note.text().strip(),
            self.releases_hold(),
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
