"""Checks before questions: whatever can refuse a withdrawal (balance, hold, drawer cash) is
asked of the store before the teller confirms or a supervisor types a password; a held account
says so the moment the member opens; messages are whole and shown once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import LumbungApp
from desktop.views.supervisor import SupervisorDialog
from tests.desktop_ui.conftest import Seeded, call, login, modal, press
from tests.sync_ui.remote import RemoteDevice, review_case


def _open_member(qtbot: Any, app: LumbungApp, member_id: str) -> None:
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        app.window.open_member(member_id)


def _deposit(qtbot: Any, app: LumbungApp, seeded: Seeded, amount: int) -> None:
    call(qtbot, app, lambda s: s.deposit(seeded.member_id, "sukarela", amount, actor=seeded.teller))


def _questions_asked(app: LumbungApp) -> list[str]:
    """Every confirmation box or supervisor dialog that exists (none is ever closed here)."""
    asked = [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()]
    asked += [b.objectName() for b in app.window.findChildren(QMessageBox)]
    asked += [d.objectName() for d in app.window.findChildren(SupervisorDialog)]
    return [name for name in asked if name in ("confirmBox", "supervisorDialog")]


def _withdraw(qtbot: Any, app: LumbungApp, amount: str) -> Any:
    press(qtbot, Qt.Key.Key_F6)
    dialog = modal(qtbot, "transactionDialog")
    qtbot.keyClicks(dialog.amount, amount)
    press(qtbot, Qt.Key.Key_Return, dialog.amount)
    return dialog


def _label_whole(label: Any) -> bool:
    """A word-wrapped label is tall enough for all its lines at its width."""
    return label.height() >= label.heightForWidth(label.width())


def test_over_the_balance_and_the_limit_is_refused_before_any_question(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    call(
        qtbot, app, lambda s: s.deposit(seeded.member_id, "sukarela", 300_000, actor=seeded.teller)
    )
    _open_member(qtbot, app, seeded.member_id)
    # Rp 12.500.000 is over the teller limit (Rp 10.000.000) and over the balance: the balance
    # refuses it, so neither the confirmation nor the supervisor's password is asked.
    dialog = _withdraw(qtbot, app, "12500000")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    assert dialog.error.text() == "Saldo tidak cukup: tersedia Rp 300.000, diminta Rp 12.500.000."
    assert _questions_asked(app) == []
    assert dialog.isVisible() and dialog.ok.isEnabled()
    history = call(qtbot, app, lambda s: s.member_history(seeded.member_id))
    assert [row.type for row in history] == ["SavingsDeposited", "SavingsDeposited"]


def test_beyond_the_drawer_cash_is_refused_before_any_question(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    # The member holds Rp 8.000.000 (deposited through the supervisor's drawer), the teller's
    # drawer Rp 5.000.000: a Rp 6.000.000 payout is refused for the drawer, at once.
    call(qtbot, app, lambda s: s.deposit(seeded.member_id, "sukarela", 8_000_000,
                                         actor=seeded.supervisor))  # fmt: skip
    _open_member(qtbot, app, seeded.member_id)
    dialog = _withdraw(qtbot, app, "6.000.000")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    assert dialog.error.text().startswith("Uang di laci kas tidak cukup")
    assert _questions_asked(app) == []


def test_a_held_account_shows_its_banner_and_refuses_at_once(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    call(qtbot, app, lambda s: s.deposit(seeded.member_id, "sukarela", 400_000,
                                         actor=seeded.supervisor))  # fmt: skip
    case_id, event = review_case(RemoteDevice("HQ"), seeded.member_id)
    call(qtbot, app, lambda s: s.apply_events([event]))
    login(qtbot, app)
    _open_member(qtbot, app, seeded.member_id)
    banner = app.window.detail.banner
    assert banner.isVisible()
    text = banner.text()
    assert text.startswith("Rekening ditahan: Saldo minus")
    assert case_id[-8:] in text
    assert "Saldo simpanan sukarela menjadi -Rp 250.000" in text
    assert _label_whole(banner)

    dialog = _withdraw(qtbot, app, "50000")
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    message = dialog.error.text()
    assert message.startswith("Rekening anggota ini ditahan")
    assert message.endswith("sampai supervisor menyelesaikan kasus tersebut.")
    assert _questions_asked(app) == []
    qtbot.waitUntil(lambda: _label_whole(dialog.error), timeout=2000)


def test_an_amount_that_is_no_amount_is_said_once(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    _open_member(qtbot, app, seeded.member_id)
    dialog = _withdraw(qtbot, app, "12abc")
    preview = dialog.preview.formatted.text()
    assert preview  # the preview beside the amount says why
    assert not dialog.error.isVisible()  # ... and the error line does not say it again
    assert _questions_asked(app) == []


def test_within_everything_the_teller_confirms_once_and_it_posts(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    call(
        qtbot, app, lambda s: s.deposit(seeded.member_id, "sukarela", 300_000, actor=seeded.teller)
    )
    _open_member(qtbot, app, seeded.member_id)
    dialog = _withdraw(qtbot, app, "100000")
    box = modal(qtbot, "confirmBox")
    assert "Rp 100.000" in box.text()
    with qtbot.waitSignal(app.window.receipt_shown, timeout=5000):
        press(qtbot, Qt.Key.Key_Return, box)
    del dialog  # posted and closed (deleted on close)
    detail = call(qtbot, app, lambda s: s.member_detail(seeded.member_id))
    assert detail.balances["sukarela"] == 200_000


def test_a_long_amount_in_words_and_the_big_amount_show_whole(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    _open_member(qtbot, app, seeded.member_id)
    press(qtbot, Qt.Key.Key_F5)
    dialog = modal(qtbot, "transactionDialog")
    qtbot.keyClicks(dialog.amount, "987654321")
    words = dialog.preview.words
    assert words.text() == (
        "Sembilan ratus delapan puluh tujuh juta enam ratus lima puluh empat ribu tiga ratus "
        "dua puluh satu rupiah"
    )
    qtbot.waitUntil(lambda: _label_whole(words), timeout=2000)
    big = dialog.preview.formatted
    assert big.text() == "Rp 987.654.321"
    assert big.height() >= big.sizeHint().height()
    assert big.width() >= big.sizeHint().width()
