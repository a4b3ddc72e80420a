"""Showing errors: a known error gets its message, a bug gets a report dialog.

Known errors (:class:`ledger.errors.LumbungError`) say what went wrong in the teller's language
and the work carries on. Anything else is a bug: the traceback is logged and written to a
report file under the data directory, and a dialog says so. Nothing the teller posted is lost,
because a failed operation wrote nothing (one transaction).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text
from ledger.errors import LumbungError

log = logging.getLogger(__name__)


def show_known_error(parent: QWidget | None, error: LumbungError) -> QMessageBox:
    """A warning box with the error's message; returned already open (window-modal)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Lumbung")
    box.setText(error_text(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("knownError")
    box.open()
    return box


class ErrorReportDialog(QDialog):
    """A bug: what happened, where the report was saved, and the details to pass on."""

    def __init__(
        self, error: BaseException, trace: str, report: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("errorReport")
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Something went wrong inside Lumbung. The last action was not saved; "
                "data saved before it is safe. Please tell your IT support and give them "
                "the details below."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if report is not None:
            where = QLabel(self.tr("Report saved to: {}").format(report))
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setWordWrap(True)
            layout.addWidget(where)
        self.details = QPlainTextEdit(f"{type(error).__name__}: {error}\n\n{trace}")
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def write_report(data_dir: Path, error: BaseException, trace: str) -> Path | None:
    """Keep the traceback in ``<data dir>/logs`` so it survives the dialog being closed."""
    try:
        folder = data_dir / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"error-{stamp}.txt"
        path.write_text(f"{type(error).__name__}: {error}\n\n{trace}", encoding="utf-8")
        return path
    except OSError:
        log.exception("could not write the error report")
        return None


class ErrorPresenter:
    """The worker's default error handler, bound to a parent window and the data directory."""

    def __init__(self, parent: QWidget | None, data_dir: Path) -> None:
        self.parent = parent
        self.data_dir = data_dir

    def __call__(self, error: BaseException, trace: str) -> None:
        if isinstance(error, LumbungError):
            show_known_error(self._parent(), error)
            return
        log.error("unexpected error: %s\n%s", error, trace)
        report = write_report(self.data_dir, error, trace)
        dialog = ErrorReportDialog(error, trace, report, self._parent())
        dialog.open()

    def _parent(self) -> QWidget | None:
        from PySide6.QtWidgets import QApplication

        # A modal dialog may be open (e.g. the deposit dialog): show the message over it.
        return QApplication.activeModalWidget() or self.parent
