"""Login, the idle lock, first-run setup, and what the teller sees when something fails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from desktop.app import LumbungApp
from desktop.views.messages import ErrorReportDialog
from desktop.worker import QueryOp
from ledger.errors import BusinessRuleError
from tests.desktop_ui.conftest import TELLER, Seeded, login, modal, press


def test_wrong_password_gets_a_clear_indonesian_message(qtbot: Any, app: LumbungApp) -> None:
    page = app.window.login_page
    qtbot.keyClicks(page.username, TELLER[0])
    qtbot.keyClicks(page.password, "bukan-sandinya")
    press(qtbot, Qt.Key.Key_Return, page.password)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=5000)
    assert page.error.text() == "Nama pengguna atau kata sandi salah."
    assert page.password.text() == ""
    assert app.ctx.user is None
    assert app.window.stack.currentIndex() == 0
    # Empty fields are caught before asking the store.
    page.username.clear()
    page.submit.click()
    assert page.error.text() == "Masukkan nama pengguna dan kata sandi Anda."


def test_idle_counter_locks_and_asks_to_log_in_again(
    qtbot: Any, make_app: Any, seeded: Seeded
) -> None:
    app: LumbungApp = make_app(lock_minutes=60)
    qtbot.waitUntil(lambda: bool(app.ctx.branch))
    login(qtbot, app)
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        app.window.open_member(seeded.member_id)
    press(qtbot, Qt.Key.Key_F5)
    dialog = modal(qtbot, "transactionDialog")
    assert app.idle.timer.isActive()
    # Time passes without a key or a click: the timer fires (run it now instead of waiting).
    app.idle.timer.setInterval(1)
    app.idle.timer.start()
    qtbot.waitUntil(lambda: app.ctx.user is None, timeout=5000)
    app.idle.timer.setInterval(60 * 60_000)
    page = app.window.login_page
    assert app.window.stack.currentIndex() == 0
    assert page.banner.isVisible()
    assert page.banner.text().startswith("Layar terkunci")
    assert page.username.text() == TELLER[0]
    assert not isValid(dialog) or not dialog.isVisible()  # cancelled, nothing posted
    assert app.window.detail.page is None  # the member is no longer on screen
    assert app.window.statusBar().user.text() == "Belum masuk"
    qtbot.keyClicks(page.password, TELLER[1])
    press(qtbot, Qt.Key.Key_Return, page.password)
    qtbot.waitUntil(lambda: app.ctx.user is not None, timeout=5000)
    assert app.window.stack.currentIndex() == 2
    assert app.window.statusBar().user.text() == "Pengguna: Ni Luh Ayu Lestari (Teller)"


def test_first_run_setup_then_login(qtbot: Any, make_app: Any) -> None:
    app: LumbungApp = make_app()
    qtbot.waitUntil(lambda: app.window.stack.currentIndex() == 1, timeout=5000)
    page = app.window.setup_page
    qtbot.keyClicks(page.cooperative, "KSP Lumbung Sejahtera")
    qtbot.keyClicks(page.branch_id, "br02")
    qtbot.keyClicks(page.branch_name, "Cabang Gianyar")
    qtbot.keyClicks(page.sup_username, "kadek")
    qtbot.keyClicks(page.sup_name, "Kadek Wirawan")
    qtbot.keyClicks(page.sup_password, "rahasia123")
    qtbot.keyClicks(page.sup_repeat, "rahasia12")
    page.submit.click()
    assert page.error.text() == "Kedua kata sandi tidak sama."
    qtbot.keyClicks(page.sup_repeat, "rahasia123")
    press(qtbot, Qt.Key.Key_Return, page.sup_repeat)
    qtbot.waitUntil(lambda: app.window.stack.currentIndex() == 0, timeout=5000)
    assert app.ctx.branch["branch_id"] == "BR02"
    assert "Cabang Gianyar (BR02)" in app.window.login_page.branch.text()
    assert app.window.login_page.username.text() == "kadek"
    qtbot.keyClicks(app.window.login_page.password, "rahasia123")
    press(qtbot, Qt.Key.Key_Return, app.window.login_page.password)
    qtbot.waitUntil(lambda: app.ctx.user is not None, timeout=5000)
    assert app.ctx.user.role == "supervisor"


@dataclass(frozen=True)
class _Broken(QueryOp[None]):
    def run(self, service: Any) -> None:
        raise KeyError("a bug in the store")


@dataclass(frozen=True)
class _Refused(QueryOp[None]):
    def run(self, service: Any) -> None:
        raise BusinessRuleError("Hari usaha sudah ditutup.", "The business day is closed.")


def test_known_error_shows_its_message_and_a_bug_shows_a_report(
    qtbot: Any, app: LumbungApp, data_dir: Any
) -> None:
    app.worker.submit(_Refused())
    box = modal(qtbot, "knownError")
    assert box.text() == "Hari usaha sudah ditutup."
    ok = box.buttons()[0]
    assert ok.text() == "OK"
    box.close()

    app.worker.submit(_Broken())
    report = modal(qtbot, "errorReport")
    assert isinstance(report, ErrorReportDialog)
    assert "KeyError" in report.details.toPlainText()
    assert "a bug in the store" in report.details.toPlainText()
    saved = list((data_dir / "logs").glob("error-*.txt"))
    assert len(saved) == 1 and "KeyError" in saved[0].read_text(encoding="utf-8")
    report.close()
    # The worker carries on after a bug.
    login(qtbot, app)
    assert app.ctx.user is not None
    assert QApplication.activeModalWidget() is None
