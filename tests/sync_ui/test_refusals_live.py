"""A device head office revoked: the sync stops retrying, the status bar and a message box say
why in Indonesian, and the counter keeps working (real server process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.ops.drawer import OpenDrawer
from desktop.sync_worker import ERROR, ONLINE
from sync_server import enrolment
from tests.desktop_ui.conftest import login

from .live import SUPERVISOR, enrol_through_setup_page, head_office, submit
from .server import ServerProcess


def test_a_revoked_device_stops_and_says_why(
    qtbot: Any, live_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    head_office(server)
    app = live_app(tmp_path / "pc")
    enrol_through_setup_page(qtbot, app, server.url, server.code("BR01"))
    qtbot.waitUntil(lambda: app.sync.status.state == ONLINE, timeout=30_000)
    login(qtbot, app, SUPERVISOR)
    assert enrolment.revoke(server.db, app.ctx.branch["device_id"])

    app.sync.sync_now()
    qtbot.waitUntil(lambda: app.sync.status.state == ERROR, timeout=30_000)
    status = app.sync.status
    assert status.blocked and status.message.startswith("Perangkat ini tidak diizinkan")
    bar = app.window.statusBar().sync
    assert bar.text() == f"Sinkronisasi berhenti · {status.pending} menunggu"

    def box() -> Any:
        widget = QApplication.activeModalWidget()
        return widget if widget is not None and widget.objectName() == "syncBlockedBox" else None

    qtbot.waitUntil(lambda: box() is not None, timeout=10_000)
    assert box().text() == status.message
    box().accept()
    assert not any(t.isActive() for t in app.sync._runner._timers.values())  # no retries

    # The counter carries on; what it posts waits for head office.
    user = app.ctx.user
    assert user is not None
    submit(qtbot, app, OpenDrawer(user, 1_000_000))
    qtbot.waitUntil(lambda: app.sync.status.pending == status.pending + 1, timeout=10_000)
    assert bar.text() == f"Sinkronisasi berhenti · {status.pending + 1} menunggu"
