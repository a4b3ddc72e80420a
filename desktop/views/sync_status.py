"""The sync part of the status bar: online or offline, last sync, events waiting, progress.

"Daring · sinkron 14:02 · 0 menunggu" when the last sync reached the server, "Luring · 12
menunggu" while it cannot; a progress bar during long pulls. A click opens the sync log.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.sync_worker import ERROR, OFFLINE, ONLINE, SYNCING, UNCONFIGURED, SyncStatus

# A sync moving at least this many events shows the progress bar (short ones would flicker).
LONG_SYNC = 200


def clock_text(stamp: str, today: dt.date | None = None) -> str:
    """``"14:02"`` for today, ``"26-11 14:02"`` for another day, ``""`` for never."""
    if not stamp:
        return ""
    try:
        when = dt.datetime.strptime(stamp[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stamp
    if when.date() == (today or dt.date.today()):
        return when.strftime("%H:%M")
    return when.strftime("%d-%m %H:%M")


class SyncIndicator(QFrame):
    """Signals: clicked() — the supervisor wants the sync log."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.label = QLabel()
        self.label.setObjectName("statusSync")
        self.bar = QProgressBar()
        self.bar.setObjectName("syncProgress")
        self.bar.setFixedWidth(140)  # the status bar is full: never widen the window
        self.bar.hide()
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.status = SyncStatus(UNCONFIGURED)
        self._compact = False
        self.show_status(self.status)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)

    def text(self) -> str:
        """What the status bar says about sync now."""
        return self.label.text()

    def text_for(self, status: SyncStatus) -> str:
        waiting = status.pending
        if status.state == UNCONFIGURED:
            return self.tr("Sync: not configured")
        if status.state == ONLINE:
            return self.tr("Online · synced {} · {} waiting").format(
                clock_text(status.last_success), waiting
            )
        if status.state == SYNCING:
            if self._compact:
                return self.tr("Syncing…")  # the bar says how far; the status bar is full
            return self.tr("Syncing… · {} waiting").format(waiting)
        if status.state == OFFLINE:
            return self.tr("Offline · {} waiting").format(waiting)
        if status.blocked:
            return self.tr("Sync stopped · {} waiting").format(waiting)
        return self.tr("Sync error · {} waiting").format(waiting)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.label.setText(self.text_for(status))
        self.label.setProperty("syncState", "blocked" if status.blocked else status.state)
        # A property change restyles only after a re-polish.
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        tips = []
        if status.last_success:
            tips.append(self.tr("Last successful sync: {}").format(status.last_success))
        elif status.state != UNCONFIGURED:
            tips.append(self.tr("Not synced yet."))
        if status.message and status.state in (OFFLINE, ERROR):
            tips.append(status.message)
        if status.retry_in and status.state in (OFFLINE, ERROR):
            tips.append(self.tr("Next try in {} s.").format(round(status.retry_in)))
        tips.append(self.tr("Click for the sync log."))
        self.setToolTip("\n".join(tips))

    def show_progress(self, phase: str, done: int, total: int) -> None:
        unconfigured = self.status.state == UNCONFIGURED  # enrolment shows its own bar
        if unconfigured or not phase or total <= 0 or (phase != "snapshot" and total < LONG_SYNC):
            if not self.bar.isHidden():
                self.bar.hide()
                self._compact = False
                self.show_status(self.status)
            return
        formats = {
            "push": self.tr("Sending %v/%m"),
            "pull": self.tr("Receiving %v/%m"),
            "snapshot": self.tr("Branch data %v/%m"),
        }
        self.bar.setFormat(formats.get(phase, "%v / %m"))
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        if self.bar.isHidden():
            # Shorten the text before the bar appears: a layout pass in between would see
            # both at full width and widen the window for good.
            self._compact = True
            self.show_status(self.status)
            self.bar.show()
