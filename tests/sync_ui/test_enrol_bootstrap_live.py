"""Enrolment refusals on the first-run page, a stand-alone PC enrolling from the sync menu, and
loading the branch from head office's snapshot (refused while transactions wait), with the
real server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop.ops.drawer import OpenDrawer
from desktop.ops.members import RegisterMember
from desktop.sync_worker import OFFLINE, ONLINE
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from sync_server.store import tables as t
from tests.desktop_ui.conftest import SUPERVISOR as SEEDED_SUPERVISOR
from tests.desktop_ui.conftest import call, login, seed_branch

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
    form = app.window.setup_page.enrol_form
    form.enrol_button.click()
    assert form.enrol_error.text() == "Isi alamat server, diawali https:// (atau http://)."

    qtbot.keyClicks(form.server_url, f"http://127.0.0.1:{free_port()}")
    qtbot.keyClicks(form.enrol_code, "SALAH-KODE")
    form.enrol_button.click()
    qtbot.waitUntil(
        lambda: form.enrol_button.isEnabled() and form.enrol_error.isVisible(),
        timeout=30_000,
    )
    assert "tidak dapat dihubungi" in form.enrol_error.text()

    form.server_url.clear()
    qtbot.keyClicks(form.server_url, server.url)
    form.enrol_button.click()
    qtbot.waitUntil(lambda: form.enrol_button.isEnabled(), timeout=30_000)
    qtbot.waitUntil(
        lambda: "Kode pendaftaran tidak dikenal" in form.enrol_error.text(), timeout=5000
    )
    assert app.window.stack.currentIndex() == SETUP  # nothing enrolled, still on this page

    form.enrol_code.clear()
    qtbot.keyClicks(form.enrol_code, server.code("BR01"))
    form.enrol_button.click()
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


def test_a_stand_alone_pc_enrols_from_the_sync_menu(
    qtbot: Any, live_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    data_dir = tmp_path / "pc"
    seeded = seed_branch(data_dir)  # BR01, made and ayu, one member: all made on this PC
    server.add_branch("BR01", "Cabang Ubud")
    app = live_app(data_dir)
    qtbot.waitUntil(lambda: bool(app.ctx.branch), timeout=10_000)
    assert app.window.statusBar().sync.text() == "Sinkronisasi: belum dikonfigurasi"
    login(qtbot, app, SEEDED_SUPERVISOR)
    menu = app.window.sync_menu
    assert menu.act_enrol.isVisible() and menu.act_enrol.isEnabled()
    assert not menu.act_sync_now.isEnabled()

    dialog = menu.enrol()
    assert dialog is not None
    assert dialog.form.enrol_device_no.isHidden()  # the PC keeps its own number
    qtbot.keyClicks(dialog.form.server_url, server.url)
    qtbot.keyClicks(dialog.form.enrol_code, server.code("BR01"))
    with qtbot.waitSignal(dialog.enrolled, timeout=30_000):
        dialog.form.enrol_button.click()
    dialog.accept()
    qtbot.waitUntil(
        lambda: app.sync.status.state == ONLINE and app.sync.status.pending == 0, timeout=30_000
    )
    assert not menu.act_enrol.isVisible() and menu.act_sync_now.isEnabled()
    local = call(qtbot, app, lambda s: {e.id for e in s.store.events()})
    with server.db.read() as conn:
        held = set(conn.execute(select(t.events.c.event_id)).scalars())
    assert local <= held  # the whole stand-alone history reached head office
    with server.db.read() as conn:
        members = conn.execute(select(t.members.c.member_id)).scalars().all()
    assert members == [seeded.member_id]
