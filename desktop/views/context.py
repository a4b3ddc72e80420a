"""What every screen shares: the store worker and who is working at the counter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from desktop.ops.staff import LoginResult
    from desktop.services import SessionInfo, StaffUser
    from desktop.sync_worker import SyncWorker, Task
    from desktop.worker import StoreWorker
    from ledger.policy import Limits


class UiContext(QObject):
    """The logged-in user, the branch, the drawer session; screens listen for changes.

    Signals:
        user_changed(object): a StaffUser after login, None after logout.
        drawer_changed(object): the user's SessionInfo, or None when no drawer is open.
        branch_changed(): branch info was (re)loaded.
    """

    user_changed = Signal(object)
    drawer_changed = Signal(object)
    branch_changed = Signal()

    def __init__(self, worker: StoreWorker, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.data_dir = data_dir
        self.user: StaffUser | None = None
        self.branch: dict[str, Any] = {}
        self.limits: Limits | None = None
        self.session: SessionInfo | None = None
        self.pokok_amount = 0
        # The sync thread's handle (set by the app; None in tests that build no sync).
        self.sync: SyncWorker | None = None
        # Builds the enrolment job for the sync thread: (server url, one-time code, computer
        # name, device number) -> task. Set once the sync code is loaded.
        self.enrol_task: Callable[[str, str, str, int | None], Task] | None = None

    @property
    def receipts_dir(self) -> Path:
        return self.data_dir / "receipts"

    @property
    def business_date(self) -> dt.date | None:
        value = self.branch.get("business_date")
        return dt.date.fromisoformat(value) if value else None

    def set_branch(self, branch: dict[str, Any]) -> None:
        self.branch = dict(branch)
        self.branch_changed.emit()

    def login(self, result: LoginResult) -> None:
        self.user = result.user
        self.limits = result.limits
        self.pokok_amount = result.pokok_amount
        self.set_branch(result.branch)
        self.user_changed.emit(self.user)
        self.set_session(result.session)

    def logout(self) -> None:
        self.user = None
        self.session = None
        self.user_changed.emit(None)
        self.drawer_changed.emit(None)

    def set_session(self, session: SessionInfo | None) -> None:
        if session is not None and getattr(session, "status", "open") != "open":
            session = None
        self.session = session
        self.drawer_changed.emit(session)
