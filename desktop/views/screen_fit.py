"""Every window fits the screen it opens on: a branch PC's 1366×768 with a title bar and a
taskbar, and a small laptop's 1024×600.

A dialog asks for the room its figures read best in (``resize``); when it is shown,
:class:`ScreenFit` caps its size, and a minimum size wider than the screen, to the screen's
available area less a title bar, and moves it so the whole frame is on screen. Tables scroll
inside what is left; a dialog's own layout keeps its buttons reachable.

Tests and screenshot drivers declare the screen they mean (:func:`declare_screen`), so the
same rule is checked at both sizes without a real monitor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QDialog,
    QFrame,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

#: Height a window manager's title bar takes above a window (Windows 10/11: about 31 px).
TITLE_BAR = 32
#: Height of a taskbar at the screen's bottom edge (Windows: 40–48 px).
TASKBAR = 48

_declared: QRect | None = None


def declare_screen(width: int | None, height: int | None = None) -> None:
    """Treat the screen as ``width``×``height`` with a taskbar (``None``: the real screen)."""
    global _declared
    _declared = None if width is None or height is None else QRect(0, 0, width, height - TASKBAR)


def available(widget: QWidget | None = None) -> QRect:
    """The area windows may use: the declared screen, else the screen's available geometry."""
    if _declared is not None:
        return QRect(_declared)
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 720)


def _margins(window: QWidget) -> tuple[int, int, int]:
    """The frame's width beyond the client area, the height above it (at least a title bar,
    which a window manager may only draw later) and below it."""
    frame, inner = window.frameGeometry(), window.geometry()
    above = max(inner.top() - frame.top(), TITLE_BAR)
    return frame.width() - inner.width(), above, frame.bottom() - inner.bottom()


def room(window: QWidget) -> QSize:
    """The largest client size ``window`` may have: the available area less its frame."""
    area = available(window)
    sides, above, below = _margins(window)
    return QSize(area.width() - sides, area.height() - above - below)


def fit(window: QWidget) -> None:
    """Cap ``window`` (a dialog or the main window) to :func:`room` and move it on screen."""
    area = available(window)
    most = room(window)
    minimum = window.minimumSize()
    if minimum.width() > most.width() or minimum.height() > most.height():
        window.setMinimumSize(minimum.boundedTo(most))
    size = window.size()
    if size.width() > most.width() or size.height() > most.height():
        window.resize(size.boundedTo(most))
    sides, above, below = _margins(window)
    frame, inner = window.frameGeometry(), window.geometry()
    drawn = inner.top() - frame.top()  # the part of ``above`` already in the frame
    width = window.width() + sides
    height = window.height() + above + below
    left, top = frame.left(), inner.top() - above
    parent = window.parentWidget()
    if isinstance(window, QDialog) and parent is not None:
        # Over the middle of the window it belongs to (then kept on screen).
        owner = parent.window().frameGeometry()
        left = owner.left() + (owner.width() - width) // 2
        top = owner.top() + (owner.height() - height) // 2
    x = max(area.left(), min(left, area.left() + area.width() - width))
    top = max(area.top(), min(top, area.top() + area.height() - height))
    y = top + above - drawn
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


def scroll_section(layout: QBoxLayout, start: int, stop: int, *, rows: int = 3) -> QScrollArea:
    """Move ``layout``'s items ``start``..``stop - 1`` into a scroll area put in their place,
    each table keeping room for ``rows`` rows: on a small screen the figures scroll, and what
    comes after (the reason, the buttons) stays in view."""
    body = QWidget()
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 0, 0)
    for _ in range(start, stop):
        stretch = layout.stretch(start)
        item = layout.takeAt(start)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            if isinstance(widget, QAbstractScrollArea):
                line = widget.fontMetrics().lineSpacing() + 10
                widget.setMinimumHeight(max(widget.minimumHeight(), line * (rows + 1) + 8))
            inner.addWidget(widget, stretch)
        elif (sub := item.layout()) is not None:
            inner.addLayout(sub, stretch)
    area = QScrollArea()
    area.setObjectName("scrolledSection")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    layout.insertWidget(start, area, 1)
    return area


class ScreenFit(QObject):
    """An application-wide event filter fitting every dialog and main window as it shows."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, (QDialog, QMainWindow))
            and watched.isWindow()
        ):
            fit(watched)
        return False
