"""The counter's sync menu (in the menu bar): sync now (F12), the sync log, the review queue
(Ctrl+R), loading the branch from head office; and what the window does when a sync brings
news.

Kept beside the main window (which only creates it) so the counter's own screens stay small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from desktop.ops.sync import OpenReviewCount, SetOnline
from desktop.sync_worker import UNCONFIGURED, SyncStatus
from desktop.views.bootstrap import BootstrapDialog
from desktop.views.enrol import EnrolDialog
from desktop.views.review_queue import ReviewQueueDialog
from desktop.views.sync_log import SyncLogDialog

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow


class SyncMenu(QObject):
    """Actions and reactions for sync on the main window.

    Attributes:
        open_cases: Review cases still open (from the last count).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.open_cases = 0
        self._blocked_shown = False
        self._online: bool | None = None
        # In the menu bar: the counter's toolbar is full at 1366 px.
        self.menu = window.menuBar().addMenu(self.tr("&Sync"))
        self.menu.setObjectName("syncMenu")

        def action(name: str, text: str, key: str | None, slot: Any) -> QAction:
            act = QAction(text, window)
            act.setObjectName(name)
            if key:
                act.setShortcut(QKeySequence(key))
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.menu.addAction(act)
            window.addAction(act)  # the shortcut works with the menu closed
            return act

        self.act_sync_now = action("actSyncNow", self.tr("Sync now"), "F12", self.sync_now)
        self.act_log = action("actSyncLog", self.tr("Sync log"), None, self.open_log)
        self.act_review = action(
            "actReviewQueue", self.tr("Review queue"), "Ctrl+R", self.open_review
        )
        self.menu.addSeparator()
        self.act_enrol = action(
            "actEnrol", self.tr("Enrol with head office's server…"), None, self.enrol
        )
        self.act_bootstrap = action(
            "actBootstrap", self.tr("Load branch data from head office…"), None, self.bootstrap
        )
        window.statusBar().sync.clicked.connect(self.open_log)  # type: ignore[attr-defined]
        sync = self.ctx.sync
        if sync is not None:
            sync.status_changed.connect(self._status)
            sync.synced.connect(self._synced)
        self.ctx.user_changed.connect(lambda _user: self.count_cases())
        self.ctx.worker.changed.connect(self._posted)

    # -- state ---------------------------------------------------------------------------------

    def update(self, working: bool) -> None:
        user = self.ctx.user
        configured = self.ctx.sync is not None and self.ctx.sync.status.state != UNCONFIGURED
        self.menu.setEnabled(working)
        self.act_sync_now.setEnabled(working and configured)
        self.act_log.setEnabled(working)
        self.act_review.setEnabled(working)
        supervisor = user is not None and user.is_supervisor
        self.act_bootstrap.setEnabled(working and configured and supervisor)
        # A PC that started stand-alone joins head office later (its history goes up).
        self.act_enrol.setVisible(not configured)
        self.act_enrol.setEnabled(working and not configured and supervisor)

    def _status(self, status: SyncStatus) -> None:
        online = status.online
        if status.state != "syncing" and online != self._online:
            # The payout rules follow what the sync thread last saw, in the store's order.
            self._online = online
            self.ctx.worker.submit(SetOnline(online))
        if status.blocked and not self._blocked_shown:
            self._blocked_shown = True
            box = QMessageBox(self.window)
            box.setObjectName("syncBlockedBox")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Sync stopped"))
            box.setText(status.message)
            box.setInformativeText(
                self.tr("The counter keeps working offline; nothing posted here is lost.")
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        elif not status.blocked:
            self._blocked_shown = False
        self.window.refresh_actions()

    def _posted(self, _changes: object) -> None:
        if self.ctx.sync is not None:
            self.ctx.sync.notify_posted()

    def _synced(self, report: Any) -> None:
        if getattr(report, "pulled", 0):
            self.window.refresh_after_pull()
            self.count_cases()

    def count_cases(self) -> None:
        if self.ctx.user is not None:
            self.ctx.worker.submit(OpenReviewCount(), self._show_count)

    def _show_count(self, count: int) -> None:
        self.open_cases = count
        text = self.tr("Review queue")
        if count:
            text = self.tr("Review queue: {} open").format(count)
        self.act_review.setText(text)
        self.menu.setTitle(self.tr("&Sync ({} cases)").format(count) if count else self.tr("&Sync"))

    # -- actions -------------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.ctx.sync is not None:
            self.ctx.sync.sync_now()

    def open_log(self) -> SyncLogDialog | None:
        if self.ctx.user is None:
            return None
        dialog = SyncLogDialog(self.ctx, self.window)
        dialog.open()
        return dialog

    def open_review(self) -> ReviewQueueDialog | None:
        if self.ctx.user is None:
            return None
        dialog = ReviewQueueDialog(self.ctx, self.window)
        dialog.open_member.connect(self.window.open_member)
        dialog.open_receipt.connect(lambda e: self.window.show_receipt(e, reprint=True))
        dialog.decided.connect(lambda _case: self.count_cases())  # the menu's count at once
        dialog.finished.connect(lambda _r: self.count_cases())
        dialog.open()
        return dialog

    def enrol(self) -> EnrolDialog | None:
        user = self.ctx.user
        if user is None or not user.is_supervisor:
            return None
        dialog = EnrolDialog(self.ctx, self.window)
        dialog.open()
        return dialog

    def bootstrap(self) -> BootstrapDialog | None:
        user = self.ctx.user
        if user is None or not user.is_supervisor:
            return None
        dialog = BootstrapDialog(self.ctx, self.window)
        dialog.finished_loading.connect(lambda _r: self.window.refresh_after_pull())
        dialog.open()
        return dialog
