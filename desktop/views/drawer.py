"""The cash drawer: open it with a float, close it by counting every denomination."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.drawer import CloseDrawer, OpenDrawer
from desktop.views.supervisor import SupervisorCredentials
from desktop.views.widgets import AmountPreview, FieldError, MoneyEdit
from ledger.errors import LumbungError
from ledger.money import format_rupiah
from ledger.policy import DENOMINATIONS, cash_difference

MAX_PIECES = 100_000

if TYPE_CHECKING:
    from desktop.services import CloseResult, SessionInfo, StaffUser
    from desktop.views.context import UiContext


class _CountBox(QLineEdit):
    """Pieces of one denomination, typed; Enter moves on to the next denomination.

    A line edit rather than a spin box: counts are typed, never clicked up one by one, and a
    styled spin box without arrows draws no text on some platforms.
    """

    valueChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QIntValidator(0, MAX_PIECES, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0")
        self.setMaximumWidth(110)
        self.textChanged.connect(lambda _text: self.valueChanged.emit(self.value()))

    def value(self) -> int:
        text = self.text().strip()
        return int(text) if text.isdigit() else 0

    def setValue(self, pieces: int) -> None:
        self.setText(str(pieces) if pieces else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QWidget]:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
        dialog,  # parented now, so setDefault() below registers with the dialog
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.rejected.connect(dialog.reject)
    return box, ok


class OpenDrawerDialog(QDialog):
    """The opening float taken from the vault.

    Signals:
        opened(object): the SessionInfo.
    """

    opened = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("openDrawerDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Open the cash drawer"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.amount = MoneyEdit()
        self.amount.setObjectName("openingFloat")
        form.addRow(self.tr("Opening float"), self.amount)
        form.addRow("", AmountPreview(self.amount))
        self.error = FieldError()
        form.addRow("", self.error)
        layout.addLayout(form)
        self.buttons, self.ok = _buttons(self, self.tr("Open drawer"))
        self.ok.setObjectName("openDrawerButton")
        self.buttons.accepted.connect(self._submit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.amount.setFocus()

    def _submit(self) -> None:
        amount = self.amount.amount()
        if amount is None:
            self.error.show_error(self.amount.error() or self.tr("Enter the opening float."))
            return
        assert self.ctx.user is not None
        self.ok.setEnabled(False)
        self.ctx.worker.submit(OpenDrawer(self.ctx.user, amount), self._done, self._failed)

    def _done(self, session: SessionInfo) -> None:
        self.ctx.set_session(session)
        self.opened.emit(session)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.ok.setEnabled(True)
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False


class CloseDrawerDialog(QDialog):
    """Count the drawer by denomination; expected, counted and difference update live.

    A difference (selisih kas) needs a supervisor's credentials before the drawer closes.

    Signals:
        closed(object): the CloseResult.
    """

    closed = Signal(object)

    def __init__(self, ctx: UiContext, session: SessionInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.expected = int(session.expected_cash)
        self.setObjectName("closeDrawerDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Close the cash drawer"))
        layout = QVBoxLayout(self)

        count_box = QGroupBox(self.tr("Count by denomination"))
        grid = QGridLayout(count_box)
        grid.addWidget(QLabel(self.tr("Denomination")), 0, 0)
        grid.addWidget(QLabel(self.tr("Pieces")), 0, 1)
        subtotal_header = QLabel(self.tr("Subtotal"))
        subtotal_header.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(subtotal_header, 0, 2)
        self.counts: dict[int, _CountBox] = {}
        self.subtotals: dict[int, QLabel] = {}
        for row, denom in enumerate(DENOMINATIONS, start=1):
            grid.addWidget(QLabel(format_rupiah(denom)), row, 0)
            spin = _CountBox()
            spin.setObjectName(f"count_{denom}")
            spin.valueChanged.connect(self._recount)
            grid.addWidget(spin, row, 1)
            subtotal = QLabel(format_rupiah(0))
            subtotal.setObjectName(f"subtotal_{denom}")
            subtotal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(subtotal, row, 2)
            self.counts[denom] = spin
            self.subtotals[denom] = subtotal
        grid.setColumnMinimumWidth(2, 140)
        layout.addWidget(count_box)

        totals = QFormLayout()
        self.expected_label = QLabel(format_rupiah(self.expected))
        self.expected_label.setObjectName("expectedCash")
        self.counted_label = QLabel()
        self.counted_label.setObjectName("countedCash")
        self.difference_label = QLabel()
        self.difference_label.setObjectName("cashDifference")
        for label in (self.expected_label, self.counted_label, self.difference_label):
            label.setProperty("role", "money")
        totals.addRow(self.tr("Expected in drawer"), self.expected_label)
        totals.addRow(self.tr("Counted"), self.counted_label)
        totals.addRow(self.tr("Difference"), self.difference_label)
        layout.addLayout(totals)

        self.supervisor_box = QGroupBox(self.tr("Supervisor authorisation for the difference"))
        inner = QVBoxLayout(self.supervisor_box)
        self.credentials = SupervisorCredentials()
        inner.addWidget(self.credentials)
        layout.addWidget(self.supervisor_box)
        self.error = FieldError()
        self.error.setObjectName("closeDrawerError")
        layout.addWidget(self.error)

        self.buttons, self.ok = _buttons(self, self.tr("Close drawer"))
        self.ok.setObjectName("closeDrawerButton")
        self.buttons.accepted.connect(self._submit)
        layout.addWidget(self.buttons)
        self._supervisor = ""
        self._recount()
        self.counts[DENOMINATIONS[0]].setFocus()

    def slip_facts(self) -> dict[str, object]:
        """What the cash-count slip prints beside the result: the pieces and who authorised."""
        return {"pieces": self.counted(), "supervisor": self._supervisor}

    def counted(self) -> dict[int, int]:
        return {denom: spin.value() for denom, spin in self.counts.items() if spin.value()}

    def difference(self) -> int:
        return cash_difference(self.expected, self.counted())[1]

    def _recount(self) -> None:
        total, difference = cash_difference(self.expected, self.counted())
        for denom, spin in self.counts.items():
            self.subtotals[denom].setText(format_rupiah(denom * spin.value()))
        self.counted_label.setText(format_rupiah(total))
        if difference == 0:
            text = self.tr("{} (matches)").format(format_rupiah(0))
        elif difference > 0:
            text = self.tr("{} over").format(format_rupiah(difference))
        else:
            text = self.tr("{} short").format(format_rupiah(-difference))
        self.difference_label.setText(text)
        self.difference_label.setProperty("error", difference != 0)
        self.difference_label.style().unpolish(self.difference_label)
        self.difference_label.style().polish(self.difference_label)
        self.supervisor_box.setEnabled(difference != 0)

    def _submit(self) -> None:
        self.error.show_error(None)
        if self.difference() == 0:
            self._post(None)
            return
        if not self.credentials.filled():
            self.credentials.error.show_error(
                self.tr("The count differs from what is expected: a supervisor must authorise.")
            )
            self.credentials.username.setFocus()
            return
        self.ok.setEnabled(False)
        self.credentials.authorise(self.ctx, self._post, lambda _error: self.ok.setEnabled(True))

    def _post(self, supervisor: StaffUser | None) -> None:
        assert self.ctx.user is not None
        self._supervisor = supervisor.full_name if supervisor is not None else ""
        self.ok.setEnabled(False)
        self.ctx.worker.submit(
            CloseDrawer(self.ctx.user, self.counted(), supervisor), self._done, self._failed
        )

    def _done(self, result: CloseResult) -> None:
        self.closed.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.ok.setEnabled(True)
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False
