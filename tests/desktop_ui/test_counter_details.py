"""The smaller things a teller meets: a warning before closing the app with an open drawer,
a member found by the tail of their number, the lock saying why it locked, a reprint not
claiming a new transaction, Ctrl+Shift+D answering a teller, and the reports opening on the
day just closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt

from desktop.app import LumbungApp
from tests.desktop_ui.conftest import SUPERVISOR, Seeded, call, login, modal, press

IDLE_TEXT = "Layar terkunci karena tidak ada aktivitas. Silakan masuk kembali."


def _open_member(qtbot: Any, app: LumbungApp, member_id: str) -> None:
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        app.window.open_member(member_id)


def test_closing_with_an_open_drawer_warns_and_may_still_close(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    window = app.window
    qtbot.waitUntil(lambda: app.ctx.session is not None, timeout=5000)
    window.close()
    box = modal(qtbot, "exitWarning")
    assert "Laci kas Anda masih terbuka (seharusnya Rp 5.000.000)" in box.text()
    assert window.isVisible()
    press(qtbot, Qt.Key.Key_Escape, box)  # keep working: the default and Esc
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)
    assert window.isVisible()

    window.close()
    box = modal(qtbot, "exitWarning")
    box.findChild(object, "exitAnyway").click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    # Nothing was lost: the drawer is still open in the store.
    session = call(qtbot, app, lambda s: s.current_session(seeded.teller.user_id))
    assert session is not None


def test_the_tail_of_a_member_number_finds_the_member(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    assert seeded.member_no == "BR01-01-00001"
    for typed in ("00001", "1"):
        found = call(qtbot, app, lambda s, t=typed: s.search_members(t))
        assert [m.member_id for m in found][:1] == [seeded.member_id], typed


def test_a_manual_lock_does_not_claim_inactivity(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    app.window.act_lock.trigger()
    banner = app.window.login_page.banner
    assert banner.text() == "Loket dikunci. Masuk kembali untuk melanjutkan."
    page = app.window.login_page
    qtbot.keyClicks(page.password, "ayu12345")
    press(qtbot, Qt.Key.Key_Return, page.password)
    qtbot.waitUntil(lambda: app.ctx.user is not None, timeout=5000)
    app.window.lock()  # what the idle watcher calls
    assert banner.text() == IDLE_TEXT


def test_a_reprint_says_it_is_a_copy(qtbot: Any, app: LumbungApp, seeded: Seeded) -> None:
    login(qtbot, app)
    posted = call(
        qtbot,
        app,
        lambda s: s.deposit(seeded.member_id, "sukarela", 75_000, actor=seeded.teller),
    )
    with qtbot.waitSignal(app.window.receipt_shown, timeout=5000) as shown:
        app.window.show_receipt(posted.event_id, reprint=True)
    dialog = shown.args[0]
    done = dialog.findChild(object, "receiptDone")
    assert done.text() == "Salinan struk (SALINAN); tidak ada transaksi baru yang dicatat."
    dialog.reject()


def test_ctrl_shift_d_tells_a_teller_it_needs_a_supervisor(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    act = app.window.eod_menu.act_close_day
    assert act.isEnabled()
    act.trigger()
    box = modal(qtbot, "needsSupervisorBox")
    assert box.text().startswith("Menutup hari usaha memerlukan supervisor.")
    box.accept()


def test_the_reports_open_on_the_day_just_closed(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    call(qtbot, app, lambda s: s.close_session(actor=seeded.teller, counted={100_000: 50}))
    call(qtbot, app, lambda s: s.close_session(actor=seeded.supervisor, counted={100_000: 11}))
    closed_day = call(qtbot, app, lambda s: s.business_date())
    call(qtbot, app, lambda s: s.close_day(actor=seeded.supervisor, reason="PC mandiri"))
    login(qtbot, app, SUPERVISOR)
    qtbot.waitUntil(lambda: app.ctx.business_date == closed_day + dt.timedelta(days=1))
    dialog = app.window.eod_menu.reports()
    assert dialog is not None
    with qtbot.waitSignal(dialog.day_loaded, timeout=5000):
        pass
    assert dialog.day.date() == QDate(closed_day.year, closed_day.month, closed_day.day)
    dialog.reject()
