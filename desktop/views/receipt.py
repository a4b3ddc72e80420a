"""After a transaction: the receipt on screen, already saved as PDF; print on request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.receipts import SCREEN, print_receipt, receipt_html


class ReceiptDialog(QDialog):
    """Shows the receipt; Enter or Esc closes, "Print" asks for a printer."""

    def __init__(self, receipt: Any, pdf_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt = receipt
        self.setObjectName("receiptDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Receipt {}").format(receipt.receipt_no))
        layout = QVBoxLayout(self)
        done = QLabel(
            self.tr("A copy of the receipt (SALINAN); nothing new was posted.")
            if getattr(receipt, "reprint", False)
            else self.tr("Transaction saved.")
        )
        done.setObjectName("receiptDone")
        layout.addWidget(done)
        self.preview = QTextBrowser()
        self.preview.setObjectName("receiptPreview")
        self.preview.setHtml(receipt_html(receipt, SCREEN))
        self.preview.setMinimumSize(460, 470)
        layout.addWidget(self.preview)
        if pdf_path is not None:
            saved = QLabel(self.tr("PDF saved: {}").format(pdf_path))
            saved.setObjectName("receiptPath")
            saved.setWordWrap(True)
            saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(saved)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = self.buttons.addButton(
            self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setObjectName("printReceipt")
        self.print_button.setAutoDefault(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        close.clicked.connect(self.accept)
        self.print_button.clicked.connect(self._print)
        layout.addWidget(self.buttons)
        close.setFocus()

    def _print(self) -> None:
        print_receipt(self.receipt, self)
