"""Cash at the counter through the screens: withdrawal over the limit with a supervisor,
reversal, drawer open and close with a difference. Balances and journal lines are read back
from the service; labels and table cells from the screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.app import LumbungApp
from tests.desktop_ui.conftest import (
    SUPERVISOR,
    Seeded,
    call,
    login,
    modal,
    press,
    seed_branch,
)


def _open_member(qtbot: Any, app: LumbungApp, member_id: str) -> None:
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        app.window.open_member(member_id)


def _deposit_by_service(qtbot: Any, app: LumbungApp, seeded: Seeded, amount: int) -> Any:
    return call(
        qtbot,
        app,
        lambda s: s.deposit(
            seeded.member_id, "sukarela", amount, actor=seeded.teller, authorizer=seeded.supervisor
        ),
    )


def _confirm(qtbot: Any) -> None:
    box = modal(qtbot, "confirmBox")
    press(qtbot, Qt.Key.Key_Return, box)


def test_withdrawal_over_the_limit_needs_a_supervisor(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    _deposit_by_service(qtbot, app, seeded, 20_000_000)
    _open_member(qtbot, app, seeded.member_id)
    assert app.window.detail.balances["sukarela"].text() == "Rp 20.000.000"

    press(qtbot, Qt.Key.Key_F6)
    dialog = modal(qtbot, "transactionDialog")
    assert dialog.balance.text() == "Rp 20.000.000"
    qtbot.keyClicks(dialog.amount, "12500000")
    assert dialog.preview.formatted.text() == "Rp 12.500.000"
    assert dialog.preview.words.text() == "Dua belas juta lima ratus ribu rupiah"
    press(qtbot, Qt.Key.Key_Return, dialog.amount)
    _confirm(qtbot)

    auth = modal(qtbot, "supervisorDialog")
    assert "melebihi batas teller Rp 10.000.000" in auth.reason.text()
    # A wrong password first: the message says so and nothing is posted.
    qtbot.keyClicks(auth.credentials.username, SUPERVISOR[0])
    qtbot.keyClicks(auth.credentials.password, "salah-salah")
    press(qtbot, Qt.Key.Key_Return, auth.credentials.password)
    qtbot.waitUntil(lambda: auth.credentials.error.isVisible(), timeout=5000)
    assert auth.credentials.error.text() == "Nama pengguna atau kata sandi salah."
    assert auth.credentials.password.text() == ""

    with qtbot.waitSignal(app.window.receipt_shown, timeout=5000) as shown:
        qtbot.keyClicks(auth.credentials.password, SUPERVISOR[1])
        press(qtbot, Qt.Key.Key_Return, auth.credentials.password)
    receipt = shown.args[0].receipt
    assert receipt.authorizer_name == "I Made Sudarsana"
    assert receipt.amount == 12_500_000

    detail = call(qtbot, app, lambda s: s.member_detail(seeded.member_id))
    assert detail.balances["sukarela"] == 7_500_000
    history = call(qtbot, app, lambda s: s.member_history(seeded.member_id))
    withdrawal = history[0]
    assert (withdrawal.type, withdrawal.amount, withdrawal.authorizer) == (
        "SavingsWithdrawn",
        -12_500_000,
        "I Made Sudarsana",
    )
    lines = call(qtbot, app, lambda s: s.journal_lines(withdrawal.event_id))
    assert sorted((line.debit, line.credit) for line in lines) == [
        (0, 12_500_000),
        (12_500_000, 0),
    ]
    # The screen follows: balance, history row, drawer in the status bar.
    detail_panel = app.window.detail
    qtbot.waitUntil(lambda: detail_panel.balances["sukarela"].text() == "Rp 7.500.000")
    assert detail_panel.history.item(0, 2).text() == "Penarikan"
    assert detail_panel.history.item(0, 4).text() == "-Rp 12.500.000"
    assert detail_panel.history.item(0, 5).text() == "Rp 7.500.000"
    status = app.window.statusBar().drawer
    qtbot.waitUntil(lambda: status.text() == "Kas: terbuka, saldo Rp 12.500.000")


def test_overdraft_is_refused_next_to_the_amount(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    _open_member(qtbot, app, seeded.member_id)
    press(qtbot, Qt.Key.Key_F6)
    dialog = modal(qtbot, "transactionDialog")
    qtbot.keyClicks(dialog.amount, "50.000")
    press(qtbot, Qt.Key.Key_Return, dialog.amount)
    # Refused at once: no confirmation first (tests/desktop_ui/test_checks_first.py).
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    assert dialog.error.text().startswith("Saldo tidak cukup")
    assert dialog.isVisible()
    history = call(qtbot, app, lambda s: s.member_history(seeded.member_id))
    assert [row.type for row in history] == ["SavingsDeposited"]  # only the pokok


def test_reversal_with_reason_and_supervisor(qtbot: Any, app: LumbungApp, seeded: Seeded) -> None:
    login(qtbot, app)
    posted = call(
        qtbot,
        app,
        lambda s: s.deposit(seeded.member_id, "sukarela", 250_000, actor=seeded.teller),
    )
    _open_member(qtbot, app, seeded.member_id)
    history = app.window.detail.history
    assert history.item(0, 4).text() == "Rp 250.000"
    history.setFocus()
    history.selectRow(0)
    assert app.window.act_reverse.isEnabled()
    press(qtbot, Qt.Key.Key_F8)
    dialog = modal(qtbot, "reversalDialog")
    assert "Rp 250.000" in dialog.findChild(QLabel, "reversalTarget").text()
    # No reason: refused on the spot.
    dialog.ok.click()
    assert dialog.reason_error.text() == "Tuliskan alasan koreksi transaksi ini."
    qtbot.keyClicks(dialog.reason, "salah ketik jumlah")
    qtbot.keyClicks(dialog.credentials.username, SUPERVISOR[0])
    qtbot.keyClicks(dialog.credentials.password, SUPERVISOR[1])
    with qtbot.waitSignal(app.window.receipt_shown, timeout=5000):
        press(qtbot, Qt.Key.Key_Return, dialog.credentials.password)

    detail = call(qtbot, app, lambda s: s.member_detail(seeded.member_id))
    assert detail.balances["sukarela"] == 0
    rows = call(qtbot, app, lambda s: s.member_history(seeded.member_id))
    assert rows[0].type == "Reversed" and rows[0].reversal_of == posted.event_id
    assert rows[1].event_id == posted.event_id and rows[1].reversed
    lines = call(qtbot, app, lambda s: s.journal_lines(rows[0].event_id))
    original = call(qtbot, app, lambda s: s.journal_lines(posted.event_id))
    assert {(x.account, x.debit, x.credit) for x in lines} == {
        (x.account, x.credit, x.debit) for x in original
    }
    qtbot.waitUntil(lambda: history.item(1, 2).text() == "Setoran (dikoreksi)")
    assert history.item(0, 2).text() == "Koreksi struk " + rows[1].receipt_no
    assert app.window.detail.balances["sukarela"].text() == "Rp 0"


def test_close_drawer_with_a_difference_needs_a_supervisor(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    press(qtbot, Qt.Key.Key_F10)
    dialog = modal(qtbot, "closeDrawerDialog")
    assert dialog.expected_label.text() == "Rp 5.000.000"
    # 49 x Rp 100.000 + 1 x Rp 50.000 + 4 x Rp 10.000 = Rp 4.990.000: Rp 10.000 short.
    qtbot.keyClicks(dialog.counts[100_000], "49")
    press(qtbot, Qt.Key.Key_Return, dialog.counts[100_000])  # moves on to Rp 50.000
    assert dialog.focusWidget() is dialog.counts[50_000]
    qtbot.keyClicks(dialog.counts[50_000], "1")
    press(qtbot, Qt.Key.Key_Return, dialog.counts[50_000])
    press(qtbot, Qt.Key.Key_Tab, dialog.counts[20_000])  # Tab works as well as Enter
    assert dialog.focusWidget() is dialog.counts[10_000]
    qtbot.keyClicks(dialog.counts[10_000], "4")
    assert dialog.subtotals[100_000].text() == "Rp 4.900.000"
    assert dialog.counted_label.text() == "Rp 4.990.000"
    assert dialog.difference_label.text() == "kurang Rp 10.000"
    assert dialog.supervisor_box.isEnabled()

    dialog.ok.click()  # no supervisor yet
    assert "harus diotorisasi supervisor" in dialog.credentials.error.text()
    qtbot.keyClicks(dialog.credentials.username, SUPERVISOR[0])
    qtbot.keyClicks(dialog.credentials.password, SUPERVISOR[1])
    with qtbot.waitSignal(app.ctx.drawer_changed, timeout=5000):
        dialog.ok.click()
    box = modal(qtbot, "drawerClosedBox")
    assert "selisih kurang Rp 10.000" in box.text()
    assert app.ctx.session is None
    assert app.window.statusBar().drawer.text() == "Kas: belum dibuka"
    session = call(qtbot, app, lambda s: s.current_session(seeded.teller.user_id))
    assert session is None
    balances = call(qtbot, app, lambda s: s.trial_balance())
    assert sum(balances.values()) == 0
    shortfall = [k for k, v in balances.items() if v == 10_000]
    assert shortfall, balances  # the Rp 10.000 selisih kas is booked as a debit


def test_money_needs_an_open_drawer_first(qtbot: Any, make_app: Any, data_dir: Any) -> None:
    seeded = seed_branch(data_dir, open_drawer=False)
    app: LumbungApp = make_app()
    qtbot.waitUntil(lambda: bool(app.ctx.branch))
    login(qtbot, app)
    assert app.window.statusBar().drawer.text() == "Kas: belum dibuka"
    _open_member(qtbot, app, seeded.member_id)
    press(qtbot, Qt.Key.Key_F5)
    opening = modal(qtbot, "openDrawerDialog")
    qtbot.keyClicks(opening.amount, "2.000.000")
    press(qtbot, Qt.Key.Key_Return, opening.amount)
    # Once the drawer is open the deposit dialog follows.
    deposit = modal(qtbot, "transactionDialog")
    assert app.ctx.session is not None
    assert app.ctx.session.opening_float == 2_000_000
    assert app.window.statusBar().drawer.text() == "Kas: terbuka, saldo Rp 2.000.000"
    press(qtbot, Qt.Key.Key_Escape, deposit)


def test_a_limit_lowered_after_login_still_asks_for_the_supervisor(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    # Head office lowers the limit while the teller is logged in with the old one.
    call(qtbot, app, lambda s: s.change_setting("teller_limit", 100_000, actor=seeded.supervisor))
    _open_member(qtbot, app, seeded.member_id)
    press(qtbot, Qt.Key.Key_F5)
    dialog = modal(qtbot, "transactionDialog")
    qtbot.keyClicks(dialog.amount, "250.000")
    press(qtbot, Qt.Key.Key_Return, dialog.amount)
    _confirm(qtbot)
    auth = modal(qtbot, "supervisorDialog")
    assert "Rp 100.000" in auth.reason.text()
    qtbot.keyClicks(auth.credentials.username, SUPERVISOR[0])
    qtbot.keyClicks(auth.credentials.password, SUPERVISOR[1])
    with qtbot.waitSignal(app.window.receipt_shown, timeout=5000) as shown:
        press(qtbot, Qt.Key.Key_Return, auth.credentials.password)
    assert shown.args[0].receipt.authorizer_name == "I Made Sudarsana"
    detail = call(qtbot, app, lambda s: s.member_detail(seeded.member_id))
    assert detail.balances["sukarela"] == 250_000
