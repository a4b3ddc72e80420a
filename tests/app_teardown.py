"""Ending the real desktop app cleanly between Qt tests (shared by the UI test packages)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.app import LumbungApp


def shut_down(qapp: QApplication, apps: Iterable[LumbungApp]) -> None:
    """Close every app a test started, its dialogs and its threads, and delete its windows.

    The windows are deleted now rather than left closed: a leftover window that had shown the
    first-run page crashed Qt when the next test's app set the stylesheet.
    """
    apps = list(apps)
    for app in apps:
        for widget in QApplication.topLevelWidgets():
            if widget is not app.window and widget.isVisible():
                widget.close()
        app.shutdown()
        # No thread may outlive its test.
        assert not app.worker._thread.isRunning()
        assert not app.sync._thread.isRunning()
    # Answers the threads sent before they stopped reach their windows while these exist.
    QCoreApplication.processEvents()
    for app in apps:
        app.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    i18n.install(qapp, "en")
    qapp.setStyleSheet("")
