"""Loading the branch's data from head office's snapshot, with a progress bar.

A new PC for an existing branch (or one whose store was lost) takes the central snapshot of
its branch, page by page and checked, then pulls what came after it. This is refused while
this device still has events the server has not got: they would be lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.views.widgets import FieldError
from ledger.errors import LumbungError

if TYPE_CHECKING:
    from desktop.sync_worker import Progress, SyncSession
    from desktop.views.context import UiContext


def _bootstrap(session: SyncSession | None, progress: Progress) -> Any:
    if session is None:
        raise LumbungError(
            "Perangkat ini belum terdaftar ke server kantor pusat.",
            "This device is not enrolled with head office's server.",
        )
    return session.bootstrap(progress)


class ProgressPanel(QWidget):
    """A phase line and a progress bar that follow the sync thread's progress signal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setObjectName("bootstrapProgress")
        self.bar.setRange(0, 0)  # busy until the first report
        self.bar.setTextVisible(True)
        layout.addWidget(self.bar)

    def phase_text(self, phase: str) -> str:
        return {
            "snapshot": self.tr("Loading the branch snapshot (page %v of %m)"),
            "pull": self.tr("Receiving later transactions (%v of %m)"),
            "push": self.tr("Sending this device's transactions (%v of %m)"),
        }.get(phase, "%v / %m")

    def show_progress(self, phase: str, done: int, total: int) -> None:
        if not phase:
            return
        self.bar.setFormat(self.phase_text(phase))
        self.bar.setRange(0, max(total, done, 1))
        self.bar.setValue(done)


class BootstrapDialog(QDialog):
    """Signals: finished_loading(object) — the bootstrap's result; the screens reload."""

    finished_loading = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self.setObjectName("bootstrapDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Load branch data from head office"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "This loads every member, balance and staff account of the branch from head "
                "office's snapshot, then the transactions after it. Use it for a new PC of an "
                "existing branch. It is refused while this device has transactions not yet "
                "sent."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.progress = ProgressPanel()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.result_label = QLabel()
        self.result_label.setObjectName("bootstrapResult")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.error = FieldError()
        self.error.setObjectName("bootstrapError")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, self
        )
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText(self.tr("Start loading"))
        self.start_button.setObjectName("startBootstrap")
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def reject(self) -> None:
        if not self.running:  # the load goes on in the sync thread; wait for it
            super().reject()

    def start(self) -> None:
        sync = self.ctx.sync
        if sync is None:
            return
        waiting = sync.status.pending
        if waiting:
            self.error.show_error(
                self.tr(
                    "Refused: {} transactions of this device have not reached head office "
                    "yet. Sync first (Sync now), then load again."
                ).format(waiting)
            )
            return
        self.error.show_error(None)
        self.running = True
        self.start_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.progress.show()
        sync.progress.connect(self.progress.show_progress)
        sync.run_task(_bootstrap, self._done, self._failed)

    def _finish(self) -> None:
        self.running = False
        self.close_button.setEnabled(True)
        if self.ctx.sync is not None:
            self.ctx.sync.progress.disconnect(self.progress.show_progress)

    def _done(self, result: Any) -> None:
        self._finish()
        self.progress.bar.setRange(0, 1)
        self.progress.bar.setValue(1)
        self.progress.bar.setFormat(self.tr("Done"))
        self.result_label.setText(self.tr("The branch data is loaded."))
        self.finished_loading.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.start_button.setEnabled(True)
        self.progress.hide()
        if isinstance(error, LumbungError):
            self.error.show_error(error)
        else:
            self.error.show_error(self.tr("Loading failed: {}").format(error))
