"""Every window fits a branch PC's 1366×768 and a small laptop's 1024×600, with a title bar
and a taskbar: each dialog's frame lies on the screen and every one of its buttons is inside
it, whole and unclipped; the main window keeps the balances, "Tutup kas (F10)", "Kunci" and
the sync state in view at 1024 wide.

The screen is declared (``desktop.views.screen_fit.declare_screen``), then the dialogs are
opened as a teller and a supervisor would, by their keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QToolBar,
    QWidget,
)

from desktop.app import LumbungApp
from desktop.views import screen_fit
from tests.desktop_ui.conftest import SUPERVISOR, Seeded, call, login, press
from tests.sync_ui.remote import RemoteDevice, review_case

SIZES = [(1366, 768), (1024, 600)]
TASKBAR = 48  # the declared screen's taskbar (as screen_fit.TASKBAR)
TITLE_BAR = 32


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def screen(request: Any) -> Iterator[QRect]:
    width, height = request.param
    screen_fit.declare_screen(width, height)
    yield QRect(0, 0, width, height - TASKBAR)
    screen_fit.declare_screen(None)


@pytest.fixture
def fitted(screen: QRect, make_app: Callable[..., LumbungApp], seeded: Seeded, qtbot: Any) -> Any:
    app = make_app()
    qtbot.waitUntil(lambda: bool(app.ctx.branch))
    app.window.show()
    return app


def _global(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _framed(window: QWidget) -> QRect:
    """The window with its title bar (offscreen draws none: count the one a manager adds)."""
    frame, inner = window.frameGeometry(), window.geometry()
    frame.setTop(inner.top() - max(inner.top() - frame.top(), TITLE_BAR))
    return frame


def assert_fits(window: QWidget, screen: QRect) -> None:
    frame = _framed(window)
    name = window.objectName()
    assert screen.contains(frame), f"{name}: {frame} is not within the screen {screen}"
    inside = _global(window)
    controls = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, (QAbstractButton, QLineEdit))
        and w.isVisibleTo(window)
        and w.window() is window
    ]
    assert controls, name
    for control in controls:
        where = _global(control)
        label = f"{name}/{control.objectName() or getattr(control, 'text', lambda: '')()}"
        assert inside.contains(where), f"{label}: {where} is outside the window {inside}"
        seen = control.visibleRegion().boundingRect()
        assert seen.size() == control.size(), f"{label} is clipped: {seen} of {control.rect()}"


def _open_member(qtbot: Any, app: LumbungApp, member_id: str) -> None:
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        app.window.open_member(member_id)


def _shown(qtbot: Any, name: str) -> QWidget:
    """The visible window called ``name`` (whether or not it has the keyboard yet)."""

    def find() -> QWidget | None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == name and widget.isVisible():
                return widget
        return None

    qtbot.waitUntil(lambda: find() is not None, timeout=5000)
    found = find()
    assert found is not None
    return found


def _check_and_close(qtbot: Any, name: str, screen: QRect) -> QWidget:
    dialog = _shown(qtbot, name)
    assert_fits(dialog, screen)
    return dialog


def test_the_main_window_fits_with_its_drawer_lock_and_sync_in_view(
    qtbot: Any, fitted: LumbungApp, seeded: Seeded, screen: QRect
) -> None:
    login(qtbot, fitted)
    window = fitted.window
    _open_member(qtbot, fitted, seeded.member_id)
    qtbot.waitUntil(lambda: screen.contains(_framed(window)), timeout=2000)
    assert_fits(window, screen)
    bars = window.findChildren(QToolBar)
    for act in (window.act_close_drawer, window.act_lock, window.act_deposit):
        button = next(b.widgetForAction(act) for b in bars if b.widgetForAction(act))
        assert button.isVisible(), act.iconText()
        assert _global(window).contains(_global(button)), act.iconText()
    status = window.statusBar()
    for part in (status.date, status.drawer, status.sync, window.detail.balances["total"]):
        assert part.isVisible()
        assert _global(window).contains(_global(part)), part.objectName()
        assert part.visibleRegion().boundingRect().size() == part.size(), part.objectName()


def test_every_teller_dialog_fits(
    qtbot: Any, fitted: LumbungApp, seeded: Seeded, screen: QRect
) -> None:
    login(qtbot, fitted)
    _open_member(qtbot, fitted, seeded.member_id)
    window = fitted.window
    for act, name in (
        (window.act_register, "registerDialog"),
        (window.act_profile, "profileDialog"),
        (window.act_deposit, "transactionDialog"),
        (window.act_withdraw, "transactionDialog"),
    ):
        act.trigger()
        dialog = _check_and_close(qtbot, name, screen)
        dialog.reject()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=2000)

    # Over the limit: the confirmation, then the supervisor's dialog.
    call(qtbot, fitted, lambda s: s.deposit(seeded.member_id, "sukarela", 12_000_000,
                                            actor=seeded.teller,
                                            authorizer=seeded.supervisor))  # fmt: skip
    _open_member(qtbot, fitted, seeded.member_id)
    window.act_withdraw.trigger()
    dialog = _shown(qtbot, "transactionDialog")
    qtbot.keyClicks(dialog.amount, "11000000")
    press(qtbot, Qt.Key.Key_Return, dialog.amount)
    box = _check_and_close(qtbot, "confirmBox", screen)
    press(qtbot, Qt.Key.Key_Return, box)
    auth = _check_and_close(qtbot, "supervisorDialog", screen)
    auth.reject()
    dialog.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=2000)

    window.act_close_drawer.trigger()
    count = _check_and_close(qtbot, "closeDrawerDialog", screen)
    count.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=2000)

    # A deposit's receipt, then its reversal (F8 on the history line).
    window.act_deposit.trigger()
    dialog = _shown(qtbot, "transactionDialog")
    qtbot.keyClicks(dialog.amount, "100000")
    press(qtbot, Qt.Key.Key_Return, dialog.amount)
    with qtbot.waitSignal(window.receipt_shown, timeout=5000):
        press(qtbot, Qt.Key.Key_Return, _shown(qtbot, "confirmBox"))
    _check_and_close(qtbot, "receiptDialog", screen).reject()
    qtbot.waitUntil(lambda: window.detail.history.rowCount() >= 3, timeout=5000)
    window.detail.history.selectRow(0)
    window.act_reverse.trigger()
    _check_and_close(qtbot, "reversalDialog", screen).reject()


def test_every_supervisor_dialog_fits(
    qtbot: Any, fitted: LumbungApp, seeded: Seeded, screen: QRect
) -> None:
    _case, event = review_case(RemoteDevice("HQ"), seeded.member_id)
    call(qtbot, fitted, lambda s: s.apply_events([event]))
    login(qtbot, fitted, SUPERVISOR)
    window = fitted.window

    dialog = window.eod_menu.close_day()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=5000)
    _check_and_close(qtbot, "dayCloseDialog", screen).reject()

    reports = window.eod_menu.reports()
    assert reports is not None
    _check_and_close(qtbot, "reportsDialog", screen).reject()

    window.sync_menu.open_review()
    queue = _shown(qtbot, "reviewQueueDialog")
    qtbot.waitUntil(lambda: bool(queue.cases), timeout=5000)
    assert_fits(queue, screen)
    queue.resolve_button.click()
    _check_and_close(qtbot, "resolveCaseDialog", screen).reject()
    queue.reject()


def test_the_loan_dialogs_fit_too(
    qtbot: Any, fitted: LumbungApp, seeded: Seeded, screen: QRect
) -> None:
    """The loan screens keep their minimum sizes (desktop/views/loans/); on a smaller screen
    screen_fit caps them like every other dialog."""
    login(qtbot, fitted, SUPERVISOR)
    window = fitted.window
    _open_member(qtbot, fitted, seeded.member_id)
    menu = window.loan_menu
    for act, name in (
        (menu.act_simulate, "loanApplicationDialog"),
        (menu.act_approve, "approvalDialog"),
        (menu.act_arrears, "arrearsDialog"),
    ):
        act.trigger()
        dialog = _check_and_close(qtbot, name, screen)
        dialog.reject()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=2000)
