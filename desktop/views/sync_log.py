"""The sync log the supervisor reads: what was sent and received, and why a sync failed.

The lines come from the store's ``sync_log`` (written by the sync engine, kept across
restarts); while the dialog is open each new line from the sync thread reloads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.ops.sync import SyncLog
from desktop.sync_worker import UNCONFIGURED, SyncStatus
from desktop.views.labels import QT_TRANSLATE_NOOP
from desktop.views.sync_status import clock_text

if TYPE_CHECKING:
    from desktop.views.context import UiContext

_LEVELS = {
    "info": QT_TRANSLATE_NOOP("SyncLogDialog", "Info"),
    "warning": QT_TRANSLATE_NOOP("SyncLogDialog", "Warning"),
    "error": QT_TRANSLATE_NOOP("SyncLogDialog", "Error"),
}
_COLOURS = {"warning": "#8a5a00", "error": "#b00020"}


class SyncLogDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncLogDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Sync log"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("syncSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("syncLogTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Level"), self.tr("Message")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.sync_button = buttons.addButton(
            self.tr("Sync now"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.sync_button.setObjectName("syncNowButton")
        buttons.rejected.connect(self.reject)
        self.sync_button.clicked.connect(self._sync_now)
        layout.addWidget(buttons)
        self.resize(900, 480)  # capped to a small screen as it shows (screen_fit)
        self.lines: list[tuple[str, str, str]] = []
        self._closed = False
        sync = ctx.sync
        if sync is not None:
            sync.status_changed.connect(self._show_summary)
            sync.log_line.connect(self._line_added)
            self._show_summary(sync.status)
        else:
            self._show_summary(SyncStatus(UNCONFIGURED))
        self.reload()

    def _sync_now(self) -> None:
        if self.ctx.sync is not None:
            self.ctx.sync.sync_now()

    def _show_summary(self, status: SyncStatus) -> None:
        self.sync_button.setEnabled(status.state != UNCONFIGURED)
        if status.state == UNCONFIGURED:
            self.summary.setText(
                self.tr("This device works stand-alone: it is not enrolled with a server.")
            )
            return
        last = clock_text(status.last_success) or self.tr("never")
        text = self.tr("Last successful sync: {}. Events waiting to be sent: {}.").format(
            last, status.pending
        )
        if status.message:
            text += "\n" + status.message
        self.summary.setText(text)

    def _line_added(self, _at: str, _level: str, _message: str) -> None:
        self.reload()

    def reload(self) -> None:
        self.ctx.worker.submit(SyncLog(), self._show)

    def done(self, result: int) -> None:
        self._closed = True  # answers still on their way find no table to fill
        super().done(result)

    def _show(self, lines: list[tuple[str, str, str]]) -> None:
        if self._closed:
            return
        self.lines = list(lines)
        self.table.setRowCount(len(lines))
        for row, (at, level, message) in enumerate(lines):
            source = _LEVELS.get(level)
            cells = (at, translate("SyncLogDialog", source) if source else level, message)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if level in _COLOURS:
                    item.setForeground(QBrush(QColor(_COLOURS[level])))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
