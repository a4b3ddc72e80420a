"""The printable schedule on screen: already saved as an A4 PDF; printed on request."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.receipts.schedule import (
    print_schedule,
    schedule_html,
    schedule_path,
    write_schedule_pdf,
)

if TYPE_CHECKING:
    from desktop.views.context import UiContext

log = logging.getLogger(__name__)


class ScheduleDialog(QDialog):
    """Attributes: ``pdf_path`` where the PDF was kept (None if it could not be written)."""

    def __init__(self, ctx: UiContext, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setObjectName("scheduleDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Repayment schedule"))
        layout = QVBoxLayout(self)
        self.pdf_path: Path | None = schedule_path(ctx.data_dir / "schedules", document)
        try:
            write_schedule_pdf(document, self.pdf_path)
        except OSError:
            log.exception("could not save the schedule PDF")
            self.pdf_path = None
        self.preview = QTextBrowser()
        self.preview.setObjectName("schedulePreview")
        self.preview.setHtml(schedule_html(document))
        self.preview.setMinimumSize(640, 520)
        layout.addWidget(self.preview)
        if self.pdf_path is not None:
            saved = QLabel(self.tr("PDF saved: {}").format(self.pdf_path))
            saved.setObjectName("schedulePath")
            saved.setWordWrap(True)
            saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(saved)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = buttons.addButton(
            self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setObjectName("printScheduleNow")
        self.print_button.setAutoDefault(False)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        close.clicked.connect(self.accept)
        self.print_button.clicked.connect(lambda: print_schedule(self.document, self))
        layout.addWidget(buttons)
        close.setFocus()
