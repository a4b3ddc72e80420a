"""Screens as a branch PC shows them, whole: at 1366×768 (most branch PCs) and 1024×600
(small laptops), with the window manager's title bars and a taskbar drawn in, so the pictures
prove what fits (``desktop.views.screen_fit``) rather than a window grabbed at any size.

Used by ``docs/screenshots/make_fit_screenshots.py``: the main window with a member open, an
account on hold (its banner), the review decision, the day close with its summary, and the
reports, each at both sizes (``fit_<scene>_<width>x<height>.png``). Offscreen there is no
window manager; the frames are drawn where the windows really are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import LumbungApp
from desktop.screenshots import Driver, Shots, _settle
from desktop.views import screen_fit

SIZES = ((1366, 768), (1024, 600))


def screen_image(width: int, height: int, windows: list[QWidget]) -> QImage:
    """The screen: a desktop, each window with a title bar where it is, and the taskbar."""
    _settle()
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f4f4f"))
    painter = QPainter(image)
    font = painter.font()
    font.setBold(True)
    painter.setFont(font)
    for window in windows:
        inner = window.geometry()
        bar = QRect(inner.left(), inner.top() - screen_fit.TITLE_BAR, inner.width(),
                    screen_fit.TITLE_BAR)  # fmt: skip
        if window is not windows[0]:
            painter.fillRect(image.rect(), QColor(0, 0, 0, 60))  # the window behind, dimmed
        painter.fillRect(bar.adjusted(-1, -1, 1, inner.height() + 1), QColor("#5b3a0c"))
        painter.fillRect(bar, QColor("#7a4f12"))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(bar.adjusted(10, 0, -90, 0), Qt.AlignmentFlag.AlignVCenter,
                         window.windowTitle())  # fmt: skip
        painter.drawText(
            bar.adjusted(0, 0, -12, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            "—  ☐  ✕",
        )
        painter.drawImage(inner.topLeft(), window.grab().toImage())  # fmt: skip
    taskbar = QRect(0, height - screen_fit.TASKBAR, width, screen_fit.TASKBAR)
    painter.fillRect(taskbar, QColor("#1c1c1c"))
    painter.setPen(QColor("#e0e0e0"))
    painter.drawText(taskbar.adjusted(16, 0, -16, 0), Qt.AlignmentFlag.AlignVCenter,
                     "⊞   Lumbung")  # fmt: skip
    painter.drawText(taskbar.adjusted(16, 0, -16, 0),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                     f"{width}×{height}")  # fmt: skip
    painter.end()
    return image


def _has(widget: Any, name: str) -> Any:
    """A condition for Driver.wait: ``widget.<name>`` is set."""
    return lambda: getattr(widget, name)


def _hold_on(d: Driver, member_id: str) -> str:
    """Head office's overdraft case on ``member_id``, as a pull would bring it (demo only)."""
    from ledger.events import DeviceChain, ReviewCaseOpened
    from ledger.ids import uuid7

    def apply(service: Any) -> str:
        history = service.member_history(member_id, 20)
        paid = [r.event_id for r in history if r.type == "SavingsWithdrawn"][:1]
        case_id = uuid7()
        chain = DeviceChain("HQ", uuid7())
        event = chain.make(
            ReviewCaseOpened(
                case_id=case_id,
                kind="overdraft",
                member_id=member_id,
                event_ids=[*paid, uuid7()],
                detail="Saldo simpanan sukarela menjadi -Rp 350.000 setelah penarikan di dua "
                "cabang saat luring digabungkan (overdraft); rekening ditahan.",
                hold=True,
            ),
            actor="hq-admin",
            business_date=service.business_date(),
        )
        service.apply_events([event])
        return case_id

    return str(d.call(apply))


def take_fit(
    app: LumbungApp, out_dir: Path, *, teller: tuple[str, str], supervisor: tuple[str, str]
) -> Shots:
    """Every scene at every size (the app's windows are fitted to each declared screen)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = Shots()
    d = Driver(app)
    w = app.window
    d.wait(lambda: app.ctx.branch, "the store")
    d.login(*teller)
    user = app.ctx.user
    assert user is not None
    if app.ctx.session is None:
        app.ctx.set_session(d.call(lambda s: s.open_session(actor=user, opening_float=5_000_000)))
    members = d.call(lambda s: s.search_members("a", 50))

    def history_length(member: Any) -> int:
        return len(d.call(lambda s: s.member_history(member.member_id)))

    rich = max(members, key=history_length)
    held = next(m for m in members if m.member_id != rich.member_id)
    case_id = _hold_on(d, held.member_id)
    shots.facts["hold"] = (held.member_no, case_id)

    def save(name: str, size: tuple[int, int], windows: list[QWidget]) -> None:
        path = out_dir / f"fit_{name}_{size[0]}x{size[1]}.png"
        screen_image(size[0], size[1], windows).save(str(path))
        shots.files.append(path)

    for size in SIZES:
        screen_fit.declare_screen(*size)
        most = screen_fit.room(w)
        w.resize(most)
        w.move(0, 0)
        screen_fit.fit(w)
        _settle()
        if app.ctx.user is None or not app.ctx.user.is_supervisor:
            d.open_member(rich.member_id)
            save("main_window", size, [w])
            d.open_member(held.member_id)
            d.wait(lambda: w.detail.banner.isVisible(), "the hold banner")
            save("held_account", size, [w])
            w.lock(idle=False)
            w.login_page.username.clear()
            d.login(*supervisor)
        queue = w.sync_menu.open_review()
        assert queue is not None
        d.wait(_has(queue, "cases"), "the review queue")
        queue.resolve_button.click()
        decide = d.modal("resolveCaseDialog")
        decide.choices["collect"][0].setChecked(True)
        save("review_decision", size, [w, queue, decide])
        decide.reject()
        queue.reject()

        day = w.eod_menu.close_day()
        assert day is not None
        d.wait(_has(day, "view"), "the day close")
        save("day_close", size, [w, day])
        day.close_day_button.click()
        summary = d.modal("dayCloseSummary")
        save("day_close_summary", size, [w, day, summary])
        summary.reject()
        day.reject()

        reports = w.eod_menu.reports()
        assert reports is not None
        reports.select("teller_cash")
        shown: list[Any] = []
        reports.shown.connect(shown.append)
        reports.show_report()
        d.wait(shown.copy, "the report")
        save("reports", size, [w, reports])
        reports.reject()
        QApplication.processEvents()
        w.lock(idle=False)
        w.login_page.username.clear()
        d.login(*teller)
    screen_fit.declare_screen(None)
    return shots
