"""A review case end to end, with the real server process: two branches pay out the same
savings, head office opens an overdraft case with a hold, the case reaches the desktop's review
queue, the held account pays out nothing, and the supervisor's decision (an event of this PC)
reaches head office and lifts the hold there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop.ops.drawer import OpenDrawer
from desktop.ops.members import RegisterMember
from desktop.ops.savings import Deposit, Withdraw
from desktop.services import AccountOnHold
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from sync_server.store import tables as t
from tests.desktop_ui.conftest import login

from .live import (
    OTHER_TELLER,
    SUPERVISOR,
    TELLER,
    OtherBranchPC,
    enrol_through_setup_page,
    head_office,
    submit,
)
from .server import ServerProcess

SARI = RegistrationInput(
    nik=make_nik("510405", dt.date(1985, 3, 2), "P", 21),
    name="Ni Made Sari",
    birth_place="Gianyar",
    address="Banjar Teges, Peliatan, Ubud",
    phone="0813 3700 1122",
    occupation="Pedagang",
    mother_maiden_name="Ni Ketut Rai",
)


def test_double_payout_becomes_a_case_the_supervisor_decides(
    qtbot: Any, live_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    head_office(server)
    app = live_app(tmp_path / "pc-a")
    enrol_through_setup_page(qtbot, app, server.url, server.code("BR01"))
    login(qtbot, app, TELLER)
    ayu = app.ctx.user
    assert ayu is not None
    submit(qtbot, app, OpenDrawer(ayu, 5_000_000))
    sari = submit(qtbot, app, RegisterMember(SARI, ayu))
    submit(qtbot, app, Deposit(sari.member_id, "sukarela", 1_000_000, ayu))
    qtbot.waitUntil(lambda: app.sync.status.pending == 0, timeout=30_000)

    # Branch B, another town: the member registered at A is found and served there.
    other = OtherBranchPC(server, tmp_path / "pc-b", "BR02")
    try:
        found = other.service.member_by_nik(SARI.nik)
        assert found is not None and found.home_branch == "BR01"
        ketut = other.login(*OTHER_TELLER)
        other.service.open_session(actor=ketut, opening_float=2_000_000)
        other.service.withdraw(found.member_id, "sukarela", 800_000, actor=ketut)
        # A pays out the same savings before B's payout reaches head office.
        submit(qtbot, app, Withdraw(sari.member_id, "sukarela", 800_000, ayu))
        qtbot.waitUntil(lambda: app.sync.status.pending == 0, timeout=30_000)
        other.sync()  # head office merges: the balance goes below zero
    finally:
        other.close()

    app.sync.sync_now()
    qtbot.waitUntil(lambda: app.window.sync_menu.open_cases == 1, timeout=30_000)
    assert app.window.sync_menu.menu.title() == "&Sinkronisasi (1 kasus)"
    with pytest.raises(AccountOnHold):
        submit(qtbot, app, Withdraw(sari.member_id, "sukarela", 10_000, ayu))

    # The supervisor decides the case in the review queue.
    app.window.lock()
    app.window.login_page.username.clear()
    login(qtbot, app, SUPERVISOR)
    app.window.sync_menu.act_review.trigger()
    qtbot.waitUntil(lambda: _active("reviewQueueDialog") is not None, timeout=10_000)
    queue = _active("reviewQueueDialog")
    qtbot.waitUntil(lambda: queue.table.rowCount() == 1, timeout=10_000)
    texts = [queue.table.item(0, c).text() for c in range(6)]
    assert texts[1] == "Saldo minus (dibayar dua kali)"
    assert "Ni Made Sari" in texts[2] and "overdraft" in texts[3]
    assert texts[4] == "Ditahan" and texts[5] == "Terbuka"
    assert queue.resolve_button.isEnabled()
    queue.resolve_button.click()
    qtbot.waitUntil(lambda: _active("resolveCaseDialog") is not None, timeout=10_000)
    decide = _active("resolveCaseDialog")
    assert decide.chosen() is None  # nothing that releases money is preselected
    decide.choices["repaid"][0].setChecked(True)
    qtbot.keyClicks(decide.note, "Anggota mengembalikan Rp 600.000 tunai")
    decide.ok.click()
    qtbot.waitUntil(lambda: queue.table.rowCount() == 0 and queue.empty.isVisible(), timeout=10_000)

    # The decision is an event of this PC: it syncs, and head office lifts the hold.
    qtbot.waitUntil(lambda: _decided_at_head_office(server), timeout=30_000)
    with server.db.read() as conn:
        resolution = conn.execute(select(t.review_cases.c.resolution)).scalars().all()
        holds = conn.execute(select(t.holds.c.member_id)).scalars().all()
    assert resolution == ["Anggota sudah mengembalikan selisihnya: lepaskan penahanan"]
    assert holds == []
    qtbot.waitUntil(lambda: app.sync.status.pending == 0, timeout=30_000)


def _decided_at_head_office(server: ServerProcess) -> bool:
    with server.db.read() as conn:
        return bool(conn.execute(select(t.review_cases.c.resolution)).scalar())


def _active(name: str) -> Any:
    widget = QApplication.activeModalWidget()
    return widget if widget is not None and widget.objectName() == name else None
