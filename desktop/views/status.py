"""The status bar: branch, business date, user, drawer session, sync state (click: log)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.views import labels
from desktop.views.fmt import date_text
from desktop.views.sync_status import SyncIndicator
from desktop.views.widgets import ElidedLabel
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.views.context import UiContext


class CounterStatusBar(QStatusBar):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("statusBar")
        # On a narrow screen the branch's and the user's names give way first (cut with "…"),
        # never the date, the drawer or the sync state.
        self.branch = ElidedLabel()
        self.branch.setObjectName("statusBranch")
        self.date = QLabel()
        self.date.setObjectName("statusDate")
        self.user = ElidedLabel()
        self.user.setObjectName("statusUser")
        self.drawer = QLabel()
        self.drawer.setObjectName("statusDrawer")
        self.sync = SyncIndicator()
        self.addPermanentWidget(self.branch, 2)
        self.addPermanentWidget(self.date)
        self.addPermanentWidget(self.user, 3)
        for label in (self.drawer, self.sync):
            self.addPermanentWidget(label)
        if ctx.sync is not None:
            ctx.sync.status_changed.connect(self.sync.show_status)
            ctx.sync.progress.connect(self.sync.show_progress)
            self.sync.show_status(ctx.sync.status)
        ctx.branch_changed.connect(self._branch)
        ctx.user_changed.connect(lambda _user: self._user())
        ctx.drawer_changed.connect(lambda _session: self._drawer())
        self._branch()
        self._user()
        self._drawer()

    def _branch(self) -> None:
        branch = self.ctx.branch
        if branch:
            self.branch.setText(
                self.tr("Branch: {}").format(
                    f"{branch.get('branch_name', '')} ({branch.get('branch_id', '')})"
                )
            )
            self.date.setText(
                self.tr("Business date: {}").format(date_text(branch.get("business_date")))
            )
        else:
            self.branch.clear()
            self.date.clear()

    def _user(self) -> None:
        user = self.ctx.user
        if user is None:
            self.user.setText(self.tr("Not logged in"))
        else:
            self.user.setText(
                self.tr("User: {}").format(f"{user.full_name} ({labels.role(user.role)})")
            )

    def _drawer(self) -> None:
        session = self.ctx.session
        if self.ctx.user is None:
            self.drawer.clear()
        elif session is None:
            self.drawer.setText(self.tr("Drawer: closed"))
        else:
            self.drawer.setText(
                self.tr("Drawer: open, expected {}").format(
                    format_rupiah(int(session.expected_cash))
                )
            )
