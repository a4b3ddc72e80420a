"""The first-run page with the real server: a number another PC holds is refused in Indonesian,
leaving the number to head office gives the next free one, and the day close lists the PCs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.sync_worker import ONLINE
from tests.desktop_ui.conftest import login

from .live import SETUP, SUPERVISOR, OtherBranchPC, head_office
from .server import ServerProcess


def test_a_taken_number_is_refused_and_head_office_assigns_the_next(
    qtbot: Any, live_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    head_office(server)
    first = OtherBranchPC(server, tmp_path / "first", "BR01")  # takes PC number 01
    try:
        app = live_app(tmp_path / "pc")
        window = app.window
        qtbot.waitUntil(lambda: window.stack.currentIndex() == SETUP, timeout=10_000)
        form = window.setup_page.enrol_form
        assert form.enrol_device_no.value() == 0
        assert form.enrol_device_no.text() == "Diberikan kantor pusat"
        qtbot.keyClicks(form.server_url, server.url)
        qtbot.keyClicks(form.enrol_code, server.code("BR01"))
        form.enrol_device_no.setValue(1)
        form.enrol_button.click()
        qtbot.waitUntil(
            lambda: form.enrol_button.isEnabled() and form.enrol_error.isVisible(),
            timeout=30_000,
        )
        assert "Nomor perangkat 01 sudah dipakai PC lain di cabang BR01" in (
            form.enrol_error.text()
        )
        assert window.stack.currentIndex() == SETUP  # nothing enrolled

        form.enrol_device_no.setValue(0)  # the same code still works
        enrolled: list[Any] = []
        form.enrolled.connect(enrolled.append)
        form.enrol_button.click()
        qtbot.waitUntil(lambda: bool(enrolled), timeout=30_000)
        assert enrolled[0].device_no == 2
        qtbot.waitUntil(
            lambda: window.stack.currentIndex() == 0 and bool(app.ctx.branch), timeout=30_000
        )
        qtbot.waitUntil(lambda: app.sync.status.state == ONLINE, timeout=30_000)

        # The supervisor's day close names both PCs by number.
        first.sync()
        app.sync.sync_now()
        qtbot.waitUntil(lambda: app.sync.status.state == ONLINE, timeout=30_000)
        login(qtbot, app, SUPERVISOR)
        dialog = window.eod_menu.close_day()
        assert dialog is not None
        qtbot.waitUntil(
            lambda: dialog.view is not None and dialog.pcs.rowCount() == 2, timeout=30_000
        )
        labels = [dialog.pcs.item(r, 0).text() for r in range(dialog.pcs.rowCount())]
        assert labels == ["PC 01", "PC 02"]
        own = next(r for r in range(2) if dialog.pcs.item(r, 0).text() == "PC 02")
        assert dialog.pcs.item(own, 7).text() == "PC ini"
        dialog.reject()
    finally:
        first.close()
