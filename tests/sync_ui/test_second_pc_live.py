"""A branch's second PC, enrolled through the first-run screen after weeks of the branch's
history, with the real desktops and the real server process: what its member screen, its
receipts and reprints (the dialog's text and the archived PDF) and each drawer show is checked
against figures this test derives itself from what was posted, online and offline."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import LumbungApp
from desktop.ops.drawer import CloseDrawer, OpenDrawer
from desktop.ops.members import RegisterMember
from desktop.ops.savings import Deposit, Withdraw
from desktop.sync_worker import OFFLINE, ONLINE
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from sync_server import admin
from tests.desktop_ui.conftest import call, login, modal, press

from .live import TELLER, OtherBranchPC, enrol_through_setup_page, head_office, submit
from .server import ServerProcess

TODAY = dt.date.today()
OLD = TODAY - dt.timedelta(days=30)  # before the server's 5-day history window
RECENT = TODAY - dt.timedelta(days=2)  # inside it
SEKAR = RegistrationInput(
    nik=make_nik("510403", dt.date(1988, 4, 2), "P", 17),
    name="Ni Made Sekar",
    birth_place="Gianyar",
    address="Jl. Hanoman 3, Ubud",
    phone="081338112233",
    occupation="Penenun",
    mother_maiden_name="Ni Wayan Rai",
)


def rp(amount: int) -> str:
    return ("-" if amount < 0 else "") + "Rp " + f"{abs(amount):,}".replace(",", ".")


def synced(qtbot: Any, app: LumbungApp) -> None:
    """A whole sync round of this PC, finished with nothing left to push."""
    with qtbot.waitSignal(app.sync.synced, timeout=30_000):
        app.sync.sync_now()
    qtbot.waitUntil(
        lambda: app.sync.status.state == ONLINE and app.sync.status.pending == 0, timeout=30_000
    )


def on_screen_history(app: LumbungApp) -> list[tuple[str, str, str]]:
    """(kind, amount, balance) of the member screen's history table, as shown."""
    table = app.window.detail.history
    return [
        (table.item(r, 2).text(), table.item(r, 4).text(), table.item(r, 5).text())
        for r in range(table.rowCount())
    ]


def front(qtbot: Any, app: LumbungApp) -> None:
    """Bring this PC's window to the front: shortcuts go to the active window (two PCs'
    windows share this test's screen)."""
    app.window.raise_()
    app.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is app.window, timeout=5000)


def receipt_via_screen(qtbot: Any, app: LumbungApp, key: Qt.Key, amount: int) -> Any:
    """A deposit (F5) or withdrawal (F6) typed at the counter; returns the receipt dialog."""
    front(qtbot, app)
    press(qtbot, key, app.window)
    dialog = modal(qtbot, "transactionDialog")
    qtbot.keyClicks(dialog.amount, str(amount))
    press(qtbot, Qt.Key.Key_Return, dialog.amount)
    with qtbot.waitSignal(app.window.receipt_shown, timeout=10_000) as shown:
        press(qtbot, Qt.Key.Key_Return, modal(qtbot, "confirmBox"))
    return shown.args[0]


def printed_balance(receipt_dialog: Any) -> str:
    text = receipt_dialog.preview.toPlainText()
    found = re.search(r"Saldo setelah\s*:?\s*(-?Rp [\d.]+)", text)
    assert found, text
    return found.group(1)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def archive(app: LumbungApp, receipt_no: str) -> Path:
    """The receipt's PDF as the PC archived it."""
    (path,) = app.ctx.receipts_dir.rglob(receipt_no.replace("/", "_") + "*.pdf")
    return path


def open_member(qtbot: Any, app: LumbungApp, member_id: str) -> None:
    with qtbot.waitSignal(app.window.detail.loaded, timeout=10_000):
        app.window.open_member(member_id)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_second_pc_enrolled_after_weeks_prints_the_ledger(
    qtbot: Any, live_app: Any, tmp_path: Path
) -> None:
    server = ServerProcess(tmp_path / "server", LUMBUNG_SERVER_HISTORY_DAYS="5")
    server.start()
    gianyar: OtherBranchPC | None = None
    try:
        head_office(server)
        pc1 = live_app(tmp_path / "pc1")
        enrol_through_setup_page(qtbot, pc1, server.url, server.code("BR01"))
        login(qtbot, pc1, TELLER)
        ayu1 = pc1.ctx.user
        assert ayu1 is not None
        # Weeks of history on the first PC, day by day.
        call(qtbot, pc1, lambda s: s.set_business_date(OLD))
        submit(qtbot, pc1, OpenDrawer(ayu1, 5_000_000))
        sekar = submit(qtbot, pc1, RegisterMember(SEKAR, ayu1))
        member = sekar.member_id
        pokok = sekar.balances["pokok"]
        submit(qtbot, pc1, Deposit(member, "sukarela", 2_000_000, ayu1))
        submit(qtbot, pc1, CloseDrawer(ayu1, {100_000: (7_000_000 + pokok) // 100_000}))
        call(qtbot, pc1, lambda s: s.set_business_date(RECENT))
        submit(qtbot, pc1, OpenDrawer(ayu1, 3_000_000))
        submit(qtbot, pc1, Deposit(member, "sukarela", 500_000, ayu1))
        recent_out = submit(qtbot, pc1, Withdraw(member, "sukarela", 200_000, ayu1))
        submit(qtbot, pc1, CloseDrawer(ayu1, {100_000: 33}))
        call(qtbot, pc1, lambda s: s.set_business_date(None))
        pc1.ctx.set_session(submit(qtbot, pc1, OpenDrawer(ayu1, 3_500_000)))
        synced(qtbot, pc1)

        # The second PC is enrolled through the first-run screen today.
        pc2 = live_app(tmp_path / "pc2")
        enrol_through_setup_page(qtbot, pc2, server.url, server.code("BR01"))
        qtbot.waitUntil(
            lambda: (
                call(qtbot, pc2, lambda s: s.member_detail(member).balances["sukarela"])
                == 2_300_000
            ),
            timeout=30_000,
        )
        assert pc2.ctx.branch["cooperative_name"] == pc1.ctx.branch["cooperative_name"]
        admin.set_setting(server.db, "drawers_on_several_pcs", "1", actor="admin-cli")
        synced(qtbot, pc2)
        login(qtbot, pc2, TELLER)
        ayu2 = pc2.ctx.user
        assert ayu2 is not None
        open_member(qtbot, pc2, member)
        assert pc2.window.detail.balances["sukarela"].text() == rp(2_300_000)
        # The history from before its enrolment: the window's lines, then opening balances.
        shown = on_screen_history(pc2)
        assert shown[:2] == [
            ("Penarikan", rp(-200_000), rp(2_300_000)),
            ("Setoran", rp(500_000), rp(2_500_000)),
        ]
        assert ("Saldo awal", "", rp(2_000_000)) in shown[2:]
        assert ("Saldo awal", "", rp(pokok)) in shown[2:]

        # F7 on the old withdrawal: the same figures as the first PC's original receipt.
        original = call(qtbot, pc1, lambda s: s.receipt(recent_out.event_id))
        pc2.window.detail.history.setCurrentCell(0, 0)
        front(qtbot, pc2)
        with qtbot.waitSignal(pc2.window.receipt_shown, timeout=10_000) as again:
            press(qtbot, Qt.Key.Key_F7, pc2.window)
        reprint = again.args[0]
        assert printed_balance(reprint) == rp(2_300_000) == rp(original.balance_after)
        assert reprint.receipt.receipt_no == original.receipt_no
        assert "SALINAN" in reprint.preview.toPlainText()
        press(qtbot, Qt.Key.Key_Escape, reprint)

        # Counter work on the second PC, online: the receipt shows the balances panel's figure.
        pc2.ctx.set_session(submit(qtbot, pc2, OpenDrawer(ayu2, 2_000_000)))
        out = receipt_via_screen(qtbot, pc2, Qt.Key.Key_F6, 1_500_000)
        assert printed_balance(out) == rp(800_000)
        archived = pdf_text(archive(pc2, out.receipt.receipt_no))
        assert "Saldo setelah" in archived and rp(800_000) in archived
        press(qtbot, Qt.Key.Key_Escape, out)
        qtbot.waitUntil(lambda: pc2.window.detail.balances["sukarela"].text() == rp(800_000))
        synced(qtbot, pc2)
        synced(qtbot, pc1)

        # Offline on both PCs.
        server.stop()
        for app in (pc1, pc2):
            app.sync.sync_now()
            qtbot.waitUntil(lambda app=app: app.sync.status.state == OFFLINE, timeout=30_000)
        open_member(qtbot, pc1, member)
        assert pc1.window.detail.balances["sukarela"].text() == rp(800_000)
        one = receipt_via_screen(qtbot, pc1, Qt.Key.Key_F5, 50_000)
        assert printed_balance(one) == rp(850_000)
        press(qtbot, Qt.Key.Key_Escape, one)
        two = receipt_via_screen(qtbot, pc2, Qt.Key.Key_F5, 100_000)
        assert printed_balance(two) == rp(900_000)  # PC 2 has not seen PC 1's deposit yet
        press(qtbot, Qt.Key.Key_Escape, two)

        # Back online, with a PC of another branch serving the member too.
        server.start()
        gianyar = OtherBranchPC(server, tmp_path / "gianyar", "BR02")
        gianyar.sync()
        ketut = gianyar.login("ketut", "ketut12345")
        gianyar.service.open_session(actor=ketut, opening_float=1_000_000)
        gianyar.service.deposit(member, "sukarela", 25_000, actor=ketut)
        gianyar.sync()
        for app in (pc1, pc2, pc1, pc2):
            synced(qtbot, app)
        final = 2_300_000 - 1_500_000 + 50_000 + 100_000 + 25_000
        for app in (pc1, pc2):
            open_member(qtbot, app, member)
            assert app.window.detail.balances["sukarela"].text() == rp(final)
            lines = [s for s in on_screen_history(app) if s[0] != "Saldo awal"]
            assert lines[0][2] == rp(final)
        assert on_screen_history(pc1)[:6] == on_screen_history(pc2)[:6]
        # Each drawer expects only its own cash, after the sync as before it.
        drawer1 = call(qtbot, pc1, lambda s: s.current_session(ayu1.user_id).expected_cash)
        drawer2 = call(qtbot, pc2, lambda s: s.current_session(ayu2.user_id).expected_cash)
        assert drawer1 == 3_500_000 + 50_000
        assert drawer2 == 2_000_000 - 1_500_000 + 100_000
    finally:
        if gianyar is not None:
            gianyar.close()
        server.close()
