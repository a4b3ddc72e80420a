"""The loan screens driven like a teller: simulation -> application -> approval (a supervisor's
credentials) -> disbursement -> two repayments -> early settlement, asserting what each screen
shows and the balances and journal read back from the service.

Product "Pinjaman Usaha Mikro" (flat 1,5 % a month, admin 1 %, provisi 0,5 % deducted,
settlement penalty 1 %): Rp 5.000.000 over 10 months is Rp 500.000 pokok + Rp 75.000 jasa =
Rp 575.000 a month; the member receives 5.000.000 − 50.000 − 25.000 = Rp 4.925.000.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.app import LumbungApp
from tests.desktop_ui.conftest import (
    SUPERVISOR,
    Seeded,
    call,
    login,
    modal,
    press,
    service_for,
)

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def key(qtbot: Any, window: Any, key: Qt.Key, modifiers: Any = CTRL_SHIFT) -> None:
    """A shortcut to the main window, active again (shortcuts go to the active window; the
    offscreen platform has no window manager to give it back after a dialog closes)."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, key, modifiers)


def _yes(qtbot: Any, name: str) -> QMessageBox:
    box = modal(qtbot, name)
    assert isinstance(box, QMessageBox)
    return box


def _receipt(qtbot: Any, app: LumbungApp, box: QMessageBox) -> str:
    with qtbot.waitSignal(app.window.receipt_shown, timeout=5000) as shown:
        box.button(QMessageBox.StandardButton.Yes).click()
    dialog = shown.args[0]
    text = str(dialog.preview.toPlainText())
    dialog.accept()
    return text


def test_loan_from_simulation_to_early_settlement(
    qtbot: Any, loan_products: Seeded, app: LumbungApp
) -> None:
    window = app.window
    seeded = loan_products
    cash = f"1101:BR01:{seeded.teller.user_id}"
    login(qtbot, app)
    with qtbot.waitSignal(window.detail.loaded, timeout=5000):
        window.open_member(seeded.member_id)
    drawer_before = call(qtbot, app, lambda s: s.trial_balance()[cash])

    # Simulation: the schedule follows what is typed.
    key(qtbot, window, Qt.Key.Key_S)
    sim = modal(qtbot, "loanApplicationDialog")
    qtbot.waitUntil(lambda: sim.product.count() == 3)
    sim.product.setCurrentIndex(sim.product.findData("p-usaha-mikro"))
    assert sim.rate.text() == "1,5"
    sim.tenor.setValue(10)
    with qtbot.waitSignal(sim.simulated, timeout=5000):
        qtbot.keyClicks(sim.amount, "5.000.000")
    qtbot.waitUntil(lambda: sim.figures["instalment"].text() == "Rp 575.000 / bulan")
    assert sim.figures["net"].text() == "Rp 4.925.000"
    assert sim.figures["interest"].text() == "Rp 750.000"
    assert sim.table.rowCount() == 10
    assert [sim.table.item(0, c).text() for c in (2, 3, 4)] == [
        "Rp 500.000",
        "Rp 75.000",
        "Rp 575.000",
    ]
    assert sim.table.item(9, 5).text() == "Rp 0"

    # The printable schedule, kept as PDF.
    with qtbot.waitSignal(sim.schedule_shown, timeout=5000) as shown:
        sim.print_button.click()
    schedule = shown.args[0]
    assert schedule.pdf_path is not None and schedule.pdf_path.exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(schedule.pdf_path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert "SIMULASI ANGSURAN PINJAMAN" in text and "I Wayan Sudarsana" in text
        assert "575.000" in text and "5.000.000" in text
    schedule.accept()

    # Application, then straight to approval with a supervisor's credentials.
    qtbot.keyClicks(sim.purpose, "Modal warung sembako")
    sim.apply_button.click()
    with qtbot.waitSignal(sim.applied, timeout=5000) as applied:
        _yes(qtbot, "confirmApplication").button(QMessageBox.StandardButton.Yes).click()
    loan_id = applied.args[0].loan_id
    loan_no = applied.args[0].loan_no
    told = modal(qtbot, "loanAppliedBox")
    assert isinstance(told, QMessageBox) and loan_no in told.text()
    to_approval = told.findChild(QPushButton, "loanAppliedApprove")
    assert to_approval.text() == "Persetujuan…"
    to_approval.click()
    approval = modal(qtbot, "approvalDialog")
    qtbot.waitUntil(lambda: approval.selected() is not None)
    assert approval.selected().loan_id == loan_id
    assert approval.table.item(0, 8).text() == "Modal warung sembako"
    assert approval.credentials is not None  # a teller's counter asks for a supervisor
    approval.approve_button.click()
    assert "supervisor" in approval.credentials.error.text()  # nothing typed yet
    qtbot.keyClicks(approval.credentials.username, SUPERVISOR[0])
    qtbot.keyClicks(approval.credentials.password, SUPERVISOR[1])
    with qtbot.waitSignal(approval.decided, timeout=5000) as decided:
        approval.approve_button.click()
    assert decided.args[0].status == "approved"
    qtbot.waitUntil(lambda: "disetujui" in approval.done_label.text())
    qtbot.waitUntil(lambda: approval.table.rowCount() == 0)
    approval.accept()

    # Disbursement: cash from the teller's drawer, fees deducted.
    key(qtbot, window, Qt.Key.Key_C)
    payout = modal(qtbot, "disbursementDialog")
    qtbot.waitUntil(lambda: payout.net.text() == "Rp 4.925.000")
    assert payout.fields["approved"].text() == "I Made Sudarsana"
    payout.ok.click()
    text = _receipt(qtbot, app, _yes(qtbot, "confirmDisbursementBox"))
    assert "Pencairan Pinjaman" in text and "Rp 4.925.000" in text and loan_no in text
    balances = call(qtbot, app, lambda s: s.trial_balance())
    assert balances[cash] == drawer_before - 4_925_000
    assert balances["1301:BR01"] == 5_000_000

    # First repayment: nothing is due yet, so the next instalment is proposed (in advance).
    key(qtbot, window, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    repay = modal(qtbot, "repaymentDialog")
    qtbot.waitUntil(lambda: repay.detail is not None)
    assert repay.figures["total_due"].text() == "<b>Rp 0</b>"
    assert repay.figures["next"].text().endswith("Rp 575.000")
    assert repay.figures["outstanding"].text() == "Rp 5.000.000"
    assert repay.figures["settle"].text() == "Rp 5.125.000"  # + jasa now + 1 % penalty
    assert repay.amount.amount() == 575_000
    qtbot.waitUntil(
        lambda: repay.allocation.text() == "denda Rp 0 · jasa Rp 75.000 · pokok Rp 500.000"
    )
    press(qtbot, Qt.Key.Key_Return, repay.amount)
    text = _receipt(qtbot, app, _yes(qtbot, "confirmRepaymentBox"))
    assert "Angsuran Pinjaman" in text and "Rp 4.500.000" in text  # principal left

    # Second repayment, partial: interest of instalment 2 first, the rest to principal.
    key(qtbot, window, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    repay = modal(qtbot, "repaymentDialog")
    qtbot.waitUntil(lambda: repay.detail is not None)
    repay.amount.clear()
    qtbot.keyClicks(repay.amount, "200000")
    qtbot.waitUntil(
        lambda: repay.allocation.text() == "denda Rp 0 · jasa Rp 75.000 · pokok Rp 125.000"
    )
    repay.ok.click()
    _receipt(qtbot, app, _yes(qtbot, "confirmRepaymentBox"))
    assert call(qtbot, app, lambda s: s.loan_detail(loan_id).summary.outstanding) == 4_375_000

    # Early settlement: principal left + 1 % penalty (this period's interest is paid).
    key(qtbot, window, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    repay = modal(qtbot, "repaymentDialog")
    qtbot.waitUntil(lambda: repay.detail is not None)
    assert repay.figures["settle"].text() == "Rp 4.418.750"
    repay.settle_button.click()
    box = _yes(qtbot, "confirmSettlementBox")
    assert "Rp 4.418.750" in box.text() and "Rp 43.750" in box.text()
    text = _receipt(qtbot, app, box)
    assert "Pelunasan Dipercepat Pinjaman" in text and "Rp 4.418.750" in text

    detail = call(qtbot, app, lambda s: s.loan_detail(loan_id))
    assert detail.summary.status == "settled"
    assert (detail.pokok_paid, detail.jasa_paid, detail.penalty_paid) == (
        5_000_000,
        150_000,
        43_750,
    )
    balances = call(qtbot, app, lambda s: s.trial_balance())
    assert balances.get("1301:BR01", 0) == 0
    assert balances["4101:BR01"] == -150_000 and balances["4105:BR01"] == -43_750
    assert balances[cash] == drawer_before - 4_925_000 + 575_000 + 200_000 + 4_418_750
    assert sum(balances.values()) == 0

    # The member's loans tab and the loan screen tell the same story.
    qtbot.waitUntil(lambda: window.detail.loans.table.rowCount() == 1)
    qtbot.waitUntil(lambda: window.detail.loans.table.item(0, 2).text() == "Lunas dipercepat")
    window.detail.tabs.setCurrentIndex(1)
    window.detail.loans.table.selectRow(0)
    key(qtbot, window, Qt.Key.Key_I)
    loan = modal(qtbot, "loanDetailDialog")
    qtbot.waitUntil(lambda: loan.detail is not None)
    assert loan.title.text() == f"{loan_no}  ·  Pinjaman Usaha Mikro  ·  Lunas dipercepat"
    kinds = [loan.history.item(r, 2).text() for r in range(loan.history.rowCount())]
    assert kinds == [
        "Pelunasan dipercepat",
        "Pembayaran angsuran",
        "Pembayaran angsuran",
        "Pencairan",
        "Persetujuan",
        "Pengajuan",
    ]
    states = [loan.schedule.item(r, 7).text() for r in range(3)]
    assert states == ["Lunas", "Lunas", "Ditutup dengan pelunasan"]
    loan.accept()


@pytest.fixture
def late_loan(loan_products: Seeded, data_dir: Path) -> Any:
    """A loan paid out 100 days ago into sukarela and never paid (set up before the app
    opens the store); returns what the service says is due on it today."""
    service = service_for(data_dir)
    try:
        today = service.business_date()
        service.set_business_date(today - dt.timedelta(days=100))
        applied = service.apply_loan(
            loan_products.member_id, "p-konsumtif", 6_000_000, 12, actor=loan_products.teller
        )
        service.approve_loan(applied.loan_id, approver=loan_products.supervisor)
        service.disburse_loan(applied.loan_id, actor=loan_products.teller, channel="sukarela")
        service.set_business_date(None)
        return service.loan_due(applied.loan_id)
    finally:
        service.close()


def test_arrears_screen_shows_kolektibilitas(qtbot: Any, late_loan: Any, app: LumbungApp) -> None:
    """Three instalments late, the oldest about 70 days (kurang lancar): all of the
    outstanding principal is at risk and non-performing."""
    assert late_loan.kolektibilitas == "kurang_lancar" and late_loan.days_past_due > 60
    login(qtbot, app)
    key(qtbot, app.window, Qt.Key.Key_T)
    arrears = modal(qtbot, "arrearsDialog")
    qtbot.waitUntil(lambda: arrears.report is not None)
    assert arrears.table.rowCount() == 1
    row = [arrears.table.item(0, c).text() for c in range(arrears.table.columnCount())]
    assert row[1].startswith("I Wayan Sudarsana")
    assert row[4] == "Rp 6.000.000"
    assert row[8] == str(late_loan.days_past_due) and row[9] == "Kurang lancar"
    assert arrears.class_labels["kurang_lancar"][0].text() == "1"
    assert arrears.npl.text() == "100,00 %" and arrears.par.text() == "100,00 %"
    arrears.filter.setCurrentIndex(arrears.filter.findData("macet"))
    assert arrears.table.rowCount() == 0
    arrears.accept()


def test_bad_repayments_are_refused_on_screen(
    qtbot: Any, loan_products: Seeded, app: LumbungApp
) -> None:
    seeded = loan_products

    def lend(s: Any) -> str:
        loan = s.apply_loan(seeded.member_id, "p-usaha-mikro", 2_000_000, 4, actor=seeded.teller)
        s.approve_loan(loan.loan_id, approver=seeded.supervisor)
        s.disburse_loan(loan.loan_id, actor=seeded.teller)
        return str(loan.loan_id)

    login(qtbot, app)
    loan_id = call(qtbot, app, lend)
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        app.window.open_member(seeded.member_id)
    key(qtbot, app.window, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    repay = modal(qtbot, "repaymentDialog")
    qtbot.waitUntil(lambda: repay.detail is not None)
    repay.amount.clear()
    qtbot.keyClicks(repay.amount, "0")
    repay.ok.click()
    assert repay.error.text() == "Masukkan jumlah lebih dari nol."
    repay.amount.clear()
    qtbot.keyClicks(repay.amount, "50.000.000")
    qtbot.waitUntil(lambda: "pelunasan dipercepat" in repay.error.text())
    assert call(qtbot, app, lambda s: s.loan_detail(loan_id).summary.outstanding) == 2_000_000
    repay.reject()
