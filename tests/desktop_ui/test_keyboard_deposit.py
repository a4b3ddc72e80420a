"""A whole deposit from the keyboard alone: login, F2, type a name, Enter, F5, amount, Enter,
confirm, receipt. Only key clicks drive the screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import LumbungApp
from tests.desktop_ui.conftest import Seeded, call, login, modal, press


def test_deposit_by_keyboard_only(qtbot: Any, app: LumbungApp, seeded: Seeded) -> None:
    window = app.window
    login(qtbot, app)
    assert window.stack.currentIndex() == 2  # the work page

    press(qtbot, Qt.Key.Key_F2, window)
    assert QApplication.focusWidget() is window.search.field
    qtbot.keyClicks(window.search.field, "wayan")
    with qtbot.waitSignal(window.detail.loaded, timeout=5000):
        # Enter before or after the debounced search: either way the one match opens.
        press(qtbot, Qt.Key.Key_Return)
    assert window.detail.title.text().startswith("I Wayan Sudarsana")

    press(qtbot, Qt.Key.Key_F5)
    dialog = modal(qtbot, "transactionDialog")
    assert QApplication.focusWidget() is dialog.amount
    qtbot.keyClicks(QApplication.focusWidget(), "1.500.000")
    assert dialog.preview.formatted.text() == "Rp 1.500.000"
    assert dialog.preview.words.text() == "Satu juta lima ratus ribu rupiah"

    press(qtbot, Qt.Key.Key_Return)  # the dialog's default button: confirm
    box = modal(qtbot, "confirmBox")
    assert "Rp 1.500.000" in box.text()
    with qtbot.waitSignal(window.receipt_shown, timeout=5000) as shown:
        press(qtbot, Qt.Key.Key_Return, box)  # Yes is the default
    receipt_dialog = shown.args[0]
    assert "Rp 1.500.000" in receipt_dialog.preview.toPlainText()
    assert "Satu juta lima ratus ribu rupiah" in receipt_dialog.preview.toPlainText()
    press(qtbot, Qt.Key.Key_Escape, receipt_dialog)

    detail = call(qtbot, app, lambda s: s.member_detail(seeded.member_id))
    assert detail.balances["sukarela"] == 1_500_000
    qtbot.waitUntil(lambda: window.detail.balances["sukarela"].text() == "Rp 1.500.000")
    history = call(qtbot, app, lambda s: s.member_history(seeded.member_id))
    assert history[0].type == "SavingsDeposited"
    assert history[0].amount == 1_500_000
    lines = call(qtbot, app, lambda s: s.journal_lines(history[0].event_id))
    assert sum(line.debit for line in lines) == sum(line.credit for line in lines) == 1_500_000
    qtbot.waitUntil(lambda: window.detail.history.item(0, 4).text() == "Rp 1.500.000")
    assert window.detail.history.item(0, 5).text() == "Rp 1.500.000"
    # The PDF is kept under the data directory.
    pdfs = list(app.ctx.receipts_dir.rglob("*.pdf"))
    assert [p.stem for p in pdfs] == [history[0].receipt_no.replace("/", "_")]
