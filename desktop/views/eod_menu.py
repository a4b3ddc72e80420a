"""The supervisor's end-of-day menu (in the menu bar): close the day (Ctrl+Shift+D) and the
reports (Ctrl+Shift+R); and, after each sync, completing the comparison of days closed
offline. Kept beside the main window, which only creates it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from desktop.views.day_close import DayCloseDialog, PendingReconciler
from desktop.views.reports import ReportsDialog

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow


class EodMenu(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.menu = window.menuBar().addMenu(self.tr("&Day"))
        self.menu.setObjectName("dayMenu")

        def action(name: str, text: str, key: str, slot: Any) -> QAction:
            act = QAction(text, window)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.menu.addAction(act)
            window.addAction(act)
            return act

        self.act_close_day = action(
            "actCloseDay", self.tr("Close the business day…"), "Ctrl+Shift+D",
            self.close_day,
        )  # fmt: skip
        self.act_reports = action("actReports", self.tr("Reports…"), "Ctrl+Shift+R", self.reports)
        self.reconciler = PendingReconciler(self.ctx, self)

    def update(self, working: bool) -> None:
        user = self.ctx.user
        supervisor = working and user is not None and user.is_supervisor
        self.menu.setEnabled(working)
        # Enabled for a teller too: the key then says it needs a supervisor, not nothing.
        self.act_close_day.setEnabled(working)
        self.act_close_day.setToolTip(
            "" if supervisor else self.tr("Closing the business day needs a supervisor.")
        )
        self.act_reports.setEnabled(working)

    def close_day(self) -> DayCloseDialog | None:
        user = self.ctx.user
        if user is None:
            return None
        if not user.is_supervisor:
            box = QMessageBox(self.window)
            box.setObjectName("needsSupervisorBox")
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(self.tr("Close the business day"))
            box.setText(
                self.tr(
                    "Closing the business day needs a supervisor. Lock the counter (Ctrl+L) "
                    "and let the supervisor log in."
                )
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return None
        dialog = DayCloseDialog(self.ctx, self.window)
        dialog.open()
        dialog.load(compare=True)
        return dialog

    def reports(self) -> ReportsDialog | None:
        if self.ctx.user is None:
            return None
        page = self.window.detail.page
        member_no = str(page.detail.member_no) if page is not None else ""
        dialog = ReportsDialog(self.ctx, self.window, member_no=member_no)
        dialog.open()
        return dialog
