"""Enrolment refusals on the first-run page, and loading the branch from head office's
snapshot on an enrolled PC (refused while its own transactions wait), with the real server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.ops.drawer import OpenDrawer
from desktop.ops.members import RegisterMember
from desktop.sync_worker import OFFLINE, ONLINE
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from tests.desktop_ui.conftest import login

from .live import SETUP, SUPERVISOR, enrol_through_setup_page, head_office, submit
from .server import ServerProcess, free_port

PUTU = RegistrationInput(
    nik=make_nik("510405", dt.date(1991, 8, 9), "L", 31),
    name="I Putu Adi Wiguna",
    birth_place="Ubud",
    address="Jl. Raya Ubud No. 8",
    phone="0812 3900 4455",
    occupation="Pemandu wisata",
    mother_maiden_name="Ni Wayan Rai",
)


def test_enrolment_refusals_are_shown_on_the_page(
    qtbot: Any, live_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    head_office(server)
    app = live_app(tmp_path / "pc")
    qtbot.waitUntil(lambda: app.window.stack.currentIndex() == SETUP, timeout=10_000)
    page = app.window.setup_page
    page.enrol_button.click()
    assert page.enrol_error.text() == "Isi alamat server, diawali https:// (atau http://)."

    qtbot.keyClicks(page.server_url, f"http://127.0.0.1:{free_port()}")
    qtbot.keyClicks(page.enrol_code, "SALAH-KODE")
    page.enrol_button.click()
    qtbot.waitUntil(
        lambda: page.enrol_button.isEnabled() and page.enrol_error.isVisible(), timeout=30_000
    )
    assert "tidak dapat dihubungi" in page.enrol_error.text()

    page.server_url.clear()
    qtbot.keyClicks(page.server_url, server.url)
    page.enrol_button.click()
    qtbot.waitUntil(lambda: page.enrol_button.isEnabled(), timeout=30_000)
    qtbot.waitUntil(
        lambda: "Kode pendaftaran tidak dikenal" in page.enrol_error.text(), timeout=5000
    )
    assert app.window.stack.currentIndex() == SETUP  # nothing enrolled, still on this page

    page.enrol_code.clear()
    qtbot.keyClicks(page.enrol_code, server.code("BR01"))
    page.enrol_button.click()
    qtbot.waitUntil(lambda: app.window.stack.currentIndex() == 0, timeout=30_000)
    assert app.ctx.branch["branch_name"] == "Cabang Ubud"


def test_loading_the_branch_is_refused_while_transactions_wait(
    qtbot: Any, live_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    head_office(server)
    app = live_app(tmp_path / "pc")
    enrol_through_setup_page(qtbot, app, server.url, server.code("BR01"))
    qtbot.waitUntil(lambda: app.sync.status.state == ONLINE, timeout=30_000)
    login(qtbot, app, SUPERVISOR)
    made = app.ctx.user
    assert made is not None
    server.stop()
    submit(qtbot, app, OpenDrawer(made, 1_000_000))
    submit(qtbot, app, RegisterMember(PUTU, made))
    qtbot.waitUntil(lambda: app.sync.status.pending >= 3, timeout=10_000)

    dialog = app.window.sync_menu.bootstrap()
    assert dialog is not None
    dialog.start_button.click()
    waiting = app.sync.status.pending
    assert dialog.error.text().startswith(f"Ditolak: {waiting} transaksi perangkat ini")
    assert not dialog.progress.isVisible()

    server.start()
    app.sync.sync_now()
    qtbot.waitUntil(lambda: app.sync.status.pending == 0, timeout=30_000)
    dialog.start_button.click()
    qtbot.waitUntil(
        lambda: dialog.result_label.text() == "Data cabang sudah dimuat.", timeout=30_000
    )
    assert dialog.close_button.isEnabled() and not dialog.error.isVisible()
    dialog.reject()
    assert app.sync.status.state != OFFLINE
    assert QApplication.activeModalWidget() is None
