"""Offline authority at the counter, with the real server process stopped: a home-branch
payout beyond the daily allowance opens the supervisor's dialog with the reason, and posts once
a supervisor authorises it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from desktop.ops.drawer import OpenDrawer
from desktop.ops.members import RegisterMember
from desktop.ops.savings import Deposit
from desktop.sync_worker import OFFLINE, ONLINE
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from tests.desktop_ui.conftest import call, login, modal, press

from .live import SUPERVISOR, TELLER, enrol_through_setup_page, head_office, submit
from .server import ServerProcess

KADEK = RegistrationInput(
    nik=make_nik("510405", dt.date(1975, 12, 1), "P", 41),
    name="Ni Kadek Sriani",
    birth_place="Gianyar",
    address="Banjar Kutuh, Petulu, Ubud",
    phone="0813 3811 2233",
    occupation="Perajin",
    mother_maiden_name="Ni Nyoman Sekar",
)


def test_offline_payout_over_the_allowance_needs_a_supervisor(
    qtbot: Any, live_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    head_office(server)
    app = live_app(tmp_path / "pc")
    enrol_through_setup_page(qtbot, app, server.url, server.code("BR01"))
    qtbot.waitUntil(lambda: app.sync.status.state == ONLINE, timeout=30_000)
    login(qtbot, app, TELLER)
    ayu = app.ctx.user
    assert ayu is not None
    submit(qtbot, app, OpenDrawer(ayu, 10_000_000))
    kadek = submit(qtbot, app, RegisterMember(KADEK, ayu))
    submit(qtbot, app, Deposit(kadek.member_id, "sukarela", 7_000_000, ayu))

    server.stop()
    app.sync.sync_now()  # F12: the teller learns at once that head office is out of reach
    qtbot.waitUntil(lambda: app.sync.status.state == OFFLINE, timeout=30_000)
    qtbot.waitUntil(lambda: call(qtbot, app, lambda s: s._ctx.online) is False, timeout=10_000)

    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        app.window.open_member(kadek.member_id)
    press(qtbot, Qt.Key.Key_F6)
    dialog = modal(qtbot, "transactionDialog")
    qtbot.keyClicks(dialog.amount, "6000000")  # under the teller limit, over the allowance
    press(qtbot, Qt.Key.Key_Return, dialog.amount)
    press(qtbot, Qt.Key.Key_Return, modal(qtbot, "confirmBox"))
    auth = modal(qtbot, "supervisorDialog")
    assert "Perangkat sedang luring" in auth.reason.text()
    assert "dibatasi Rp 5.000.000 per hari" in auth.reason.text()
    with qtbot.waitSignal(app.window.receipt_shown, timeout=10_000) as shown:
        qtbot.keyClicks(auth.credentials.username, SUPERVISOR[0])
        qtbot.keyClicks(auth.credentials.password, SUPERVISOR[1])
        press(qtbot, Qt.Key.Key_Return, auth.credentials.password)
    receipt = shown.args[0].receipt
    assert receipt.amount == 6_000_000 and receipt.authorizer_name == "I Made Sudarsana"
    shown.args[0].accept()
    detail = call(qtbot, app, lambda s: s.member_detail(kadek.member_id))
    assert detail.balances["sukarela"] == 1_000_000
    # It waits for head office, as the status bar says.
    qtbot.waitUntil(lambda: app.sync.status.pending >= 1, timeout=10_000)
