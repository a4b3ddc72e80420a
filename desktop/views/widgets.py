"""Small input widgets the counter screens share."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from desktop.i18n import error_text
from ledger.errors import LumbungError
from ledger.money import format_rupiah, parse_rupiah, terbilang


class MoneyEdit(QLineEdit):
    """A rupiah amount typed as tellers write it (``1500000``, ``1.500.000``, ``Rp 1.500.000``).

    Signals:
        amount_changed(object): the parsed amount (int), or None while the text is not an amount.
    """

    amount_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("0")
        self.setMaxLength(24)
        self._amount: int | None = None
        self._error: LumbungError | None = None
        self.textChanged.connect(self._parse)

    def amount(self) -> int | None:
        return self._amount

    def error(self) -> LumbungError | None:
        """Why the text is not an amount (None when it is one, or when empty)."""
        return self._error

    def _parse(self, text: str) -> None:
        self._error = None
        try:
            self._amount = parse_rupiah(text)
        except LumbungError as exc:
            self._amount = None
            if text.strip():
                self._error = exc
        self.amount_changed.emit(self._amount)


class AmountPreview(QWidget):
    """``Rp 1.500.000`` and the amount in words, following a :class:`MoneyEdit` live."""

    def __init__(self, edit: MoneyEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        self.formatted = QLabel()
        self.formatted.setObjectName("amountFormatted")
        self.words = QLabel()
        self.words.setObjectName("amountWords")
        self.words.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.formatted)
        layout.addWidget(self.words)
        edit.amount_changed.connect(self._update)
        self._update(edit.amount())

    def _update(self, amount: int | None) -> None:
        error = self.edit.error()
        if error is not None:
            self.formatted.setText(error_text(error))
            self.formatted.setProperty("error", True)
            self.words.clear()
        elif amount is None:
            self.formatted.clear()
            self.formatted.setProperty("error", False)
            self.words.clear()
        else:
            self.formatted.setText(format_rupiah(amount))
            self.formatted.setProperty("error", False)
            self.words.setText(terbilang(amount).capitalize())
        # Re-apply the stylesheet so the "error" property's colour takes effect.
        self.formatted.style().unpolish(self.formatted)
        self.formatted.style().polish(self.formatted)
        # A long amount in words wraps onto more lines: the dialog grows to show them all.
        QTimer.singleShot(0, lambda: fit_height(self.window()))


class FieldError(QLabel):
    """A red message shown next to the field it is about; empty when the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "fieldError")
        self.setWordWrap(True)
        self.hide()

    def show_error(self, error: LumbungError | str | None) -> None:
        text = error_text(error) if isinstance(error, LumbungError) else (error or "")
        self.setText(text)
        self.setVisible(bool(text))
        if text:
            # Once the layout has settled, grow the dialog so every wrapped line shows.
            QTimer.singleShot(0, self._fit_window)

    def _fit_window(self) -> None:
        fit_height(self.window())


def fit_height(window: QWidget) -> None:
    """Make a dialog tall enough for its word-wrapped labels at its current width (Qt does
    not grow a shown window for a label that wraps onto more lines), within its screen."""
    layout = window.layout()
    if not isinstance(window, QDialog) or layout is None or not window.isVisible():
        return
    layout.invalidate()  # the wrapped text just changed: no cached height may answer
    need = layout.totalHeightForWidth(window.width())
    if need > window.height():
        screen = window.screen()
        cap = screen.availableGeometry().height() - 40 if screen is not None else need
        window.resize(window.width(), min(need, cap))


class ElidedLabel(QLabel):
    """One line of plain text that gives up width first: cut with "…" (the whole text in the
    tooltip) rather than widen its window. For status-bar facts a narrow screen can spare."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)
