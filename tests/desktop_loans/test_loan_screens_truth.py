"""What the loan screens say: an efektif loan's falling instalments are never one figure, an
approval never carries over to the next application, the simulation's fields stay put while
the teller types; and the smaller counter fixes (``--lock-minutes 0``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from desktop.app import LumbungApp
from desktop.views.idle import IdleWatcher
from desktop.views.loans import common
from tests.desktop_loans.builders import PMS
from tests.desktop_ui.conftest import SUPERVISOR, Seeded, login, modal, service_for

PUM = "p-usaha-mikro"


def _apply(data_dir: Path, seeded: Seeded, product: str, principal: int, tenor: int) -> str:
    service = service_for(data_dir)
    try:
        return str(
            service.apply_loan(
                seeded.member_id, product, principal, tenor, actor=seeded.teller
            ).loan_id
        )
    finally:
        service.close()


def test_falling_instalments_show_first_and_last(app: LumbungApp) -> None:
    # (the app installs the Indonesian catalogue)
    # Efektif 7.500.000 over 6 at 1 %: pokok 1.250.000 each, jasa 75.000 falling to 12.500.
    totals = [1_325_000, 1_312_500, 1_300_000, 1_287_500, 1_275_000, 1_262_500]
    assert common.terms(6, totals, 1_325_000, "monthly") == (
        "6 angsuran, pertama Rp 1.325.000, terakhir Rp 1.262.500"
    )
    # Flat, the last instalment carrying the rounding remainder.
    flat = [1_416_700] * 23 + [1_415_900]
    assert common.terms(24, flat, 1_416_700, "monthly") == (
        "24 × Rp 1.416.700 (terakhir Rp 1.415.900)"
    )
    assert common.terms(10, [575_000] * 10, 575_000, "monthly") == "10 × Rp 575.000 / bulan"
    assert common.terms_short(6, 1_325_000, "efektif") == "6 × mulai Rp 1.325.000, menurun"


def test_an_approval_clears_the_supervisor_and_selects_nothing_next(
    qtbot: Any, loan_products: Seeded, data_dir: Path, app: LumbungApp
) -> None:
    first = _apply(data_dir, loan_products, PUM, 5_000_000, 10)
    second = _apply(data_dir, loan_products, PMS, 7_500_000, 6)
    login(qtbot, app)
    app.window.loan_menu.approval()
    approval = modal(qtbot, "approvalDialog")
    qtbot.waitUntil(lambda: len(approval.loans) == 2)
    assert approval.selected() is not None and approval.selected().loan_id == first
    qtbot.keyClicks(approval.credentials.username, SUPERVISOR[0])
    qtbot.keyClicks(approval.credentials.password, SUPERVISOR[1])
    with qtbot.waitSignal(approval.decided, timeout=5000):
        approval.approve_button.click()
    qtbot.waitUntil(lambda: len(approval.loans) == 1)
    assert approval.loans[0].loan_id == second
    # Nothing carried over: no supervisor's name, no loan chosen, nothing to click through.
    assert approval.credentials.username.text() == ""
    assert approval.credentials.password.text() == ""
    assert approval.selected() is None
    assert not approval.approve_button.isEnabled()
    assert approval.selected_label.text() == "Pilih pengajuan berikutnya yang akan diputuskan."
    # The efektif application's instalment column does not pretend to one figure either.
    assert approval.table.item(0, 7).text().endswith(", menurun")
    approval.table.selectRow(0)
    assert approval.selected() is not None and approval.approve_button.isEnabled()
    approval.reject()


def test_simulation_fields_stay_put_while_typing(
    qtbot: Any, loan_products: Seeded, app: LumbungApp
) -> None:
    login(qtbot, app)
    app.window.loan_menu.application()
    sim = modal(qtbot, "loanApplicationDialog")
    qtbot.waitUntil(lambda: sim.product.count() == 3)
    sim.product.setCurrentIndex(sim.product.findData(PMS))
    qtbot.wait(50)
    where = sim.tenor.mapTo(sim, sim.tenor.rect().topLeft())
    for text in ("7", "500", ".000", "999"):  # words grow to two lines, an error comes and goes
        qtbot.keyClicks(sim.amount, text)
        qtbot.wait(30)
        assert sim.tenor.mapTo(sim, sim.tenor.rect().topLeft()) == where, text
    with qtbot.waitSignal(sim.simulated, timeout=5000):
        sim.amount.clear()
        qtbot.keyClicks(sim.amount, "7500000")
    assert sim.tenor.mapTo(sim, sim.tenor.rect().topLeft()) == where
    qtbot.waitUntil(lambda: "menurun ke" in sim.figures["instalment"].text())
    sim.reject()


def test_a_payout_with_fees_paid_separately_hands_over_the_net(
    qtbot: Any, loan_products: Seeded, data_dir: Path, app: LumbungApp
) -> None:
    loan_id = _apply(data_dir, loan_products, PMS, 7_500_000, 6)
    service = service_for(data_dir)
    try:
        service.approve_loan(loan_id, approver=loan_products.supervisor)
    finally:
        service.close()
    window = app.window
    login(qtbot, app)
    with qtbot.waitSignal(window.detail.loaded, timeout=5000):
        window.open_member(loan_products.member_id)
    window.loan_menu.disbursement()
    payout = modal(qtbot, "disbursementDialog")
    # Musiman: admin 0,5 % + provisi 0,5 % of 7.500.000, paid at the counter: 75.000.
    qtbot.waitUntil(lambda: payout.net.text() == "Rp 7.425.000")
    assert "angsuran, pertama" in payout.fields["terms"].text()  # efektif: they fall
    payout.ok.click()
    box = modal(qtbot, "confirmDisbursementBox")
    assert "Cairkan Rp 7.425.000" in box.text()
    assert "Pinjaman Rp 7.500.000 dikurangi biaya Rp 75.000: bersih Rp 7.425.000." in box.text()
    box.reject()
    payout.reject()


def test_lock_minutes_zero_never_locks(qtbot: Any) -> None:
    parent = QObject()
    never = IdleWatcher(0, parent)
    never.start()
    assert not never.timer.isActive()
    soon = IdleWatcher(0.001, parent)
    with qtbot.waitSignal(soon.idle, timeout=2000):
        soon.start()
