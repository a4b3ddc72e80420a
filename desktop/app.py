"""Composition root: builds the worker, the shared context and the main window, and wires them.

Nothing here touches SQL: the store service is created by the worker, in its own thread.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.sync_worker import Backoff, SyncSession, SyncWorker
from desktop.views.context import UiContext
from desktop.views.idle import IdleWatcher
from desktop.views.main_window import MainWindow
from desktop.views.messages import ErrorPresenter
from desktop.worker import Call, StoreWorker

if TYPE_CHECKING:
    from desktop.services import BranchService
    from desktop.sync_link import SyncLink

log = logging.getLogger(__name__)

DEFAULT_LOCK_MINUTES = 5.0


def service_factory(data_dir: Path) -> Callable[[], BranchService]:
    """A factory the worker calls in its own thread to open the store.

    The store's modules are imported here, on the UI thread, never in the worker: PySide6's
    import hook (shibokensupport's feature check) is not thread-safe, and importing modules in
    a second thread while the UI thread runs Qt crashes the interpreter now and then.
    """
    from desktop.services import BranchService
    from desktop.store.paths import store_path

    path = store_path(data_dir)

    def make() -> BranchService:
        data_dir.mkdir(parents=True, exist_ok=True)
        return BranchService(path)

    return make


def _nothing(_service: BranchService) -> None:
    return None


def setup_logging(data_dir: Path) -> None:
    """Log to ``<data dir>/logs/lumbung.log`` and stderr (once per process)."""
    root = logging.getLogger()
    if any(getattr(h, "_lumbung", False) for h in root.handlers):
        return
    folder = data_dir / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "lumbung.log", encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    handler._lumbung = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def stylesheet() -> str:
    path = i18n.resources_dir() / "style" / "lumbung.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("stylesheet %s not found", path)
        return ""


class LumbungApp:
    """The desktop, assembled.

    Attributes:
        worker: The store thread's handle.
        sync: The sync thread's handle (push, pull, enrolment, bootstrap).
        ctx: Who is at the counter, which branch.
        window: The main window.
        idle: Locks the window after ``lock_minutes`` without input.
    """

    def __init__(
        self,
        qapp: QApplication,
        data_dir: Path,
        *,
        lang: str = i18n.DEFAULT_LANGUAGE,
        lock_minutes: float = DEFAULT_LOCK_MINUTES,
        factory: Callable[[], BranchService] | None = None,
        sync_period: float = 30.0,
        sync_backoff: Backoff | None = None,
    ) -> None:
        self.qapp = qapp
        self.data_dir = data_dir
        i18n.install(qapp, lang)
        qapp.setApplicationName("Lumbung")
        qapp.setStyleSheet(stylesheet())
        icon = i18n.resources_dir() / "icons" / "lumbung.svg"
        if icon.exists():
            qapp.setWindowIcon(QIcon(str(icon)))
        self._factory = factory
        # The worker asks for the service only when the first op runs, after _open_store.
        self.worker = StoreWorker(self._make_service)
        # Its own thread and its own connection to the store: the teller never waits on it.
        self.sync_link: SyncLink | None = None
        self.sync = SyncWorker(self._open_sync_session, period=sync_period, backoff=sync_backoff)
        self.ctx = UiContext(self.worker, data_dir)
        self.ctx.sync = self.sync
        self.window = MainWindow(self.ctx)
        self.presenter = ErrorPresenter(self.window, data_dir)
        self.worker.present_error = self.presenter
        self.idle = IdleWatcher(lock_minutes, self.window)
        qapp.installEventFilter(self.idle)
        self.idle.idle.connect(self.window.lock)
        self.ctx.user_changed.connect(self._user_changed)
        self._previous_hook = sys.excepthook
        sys.excepthook = self._excepthook

    def _user_changed(self, user: object) -> None:
        if user is None:
            self.idle.timer.stop()
        else:
            self.idle.start()

    def _excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """A bug in a UI slot: log it and show the report dialog instead of dying silently."""
        trace = "".join(traceback.format_exception(kind, error, tb))
        log.error("unhandled exception in the UI thread:\n%s", trace)
        try:
            self.presenter(error, trace)
        except Exception:
            log.exception("could not show the error report")

    def _make_service(self) -> BranchService:
        assert self._factory is not None, "the store is opened only after _open_store"
        return self._factory()

    def _open_sync_session(self) -> SyncSession | None:
        # Runs in the sync thread, which starts only after _open_store loaded the sync code.
        assert self.sync_link is not None, "the sync thread starts after _open_store"
        return self.sync_link.open_session()

    def start(self) -> None:
        """Show the login window at once, then load the store's code and open the store."""
        self.window.show()
        # Paint the window now: loading the store's code below holds the UI thread briefly.
        self.qapp.processEvents()
        QTimer.singleShot(0, self._open_store)

    def _open_store(self) -> None:
        if self._factory is None:
            self._factory = service_factory(self.data_dir)  # imports on the UI thread
        self.window.start()
        from desktop.store.paths import store_path
        from desktop.sync_link import prepare

        self.sync_link = prepare(self.data_dir, store_path(self.data_dir))  # UI-thread imports
        self.ctx.enrol_task = self.sync_link.enrol_task
        # The sync thread opens the file only once the store thread has (ops run in order):
        # two first openings of a new file would both run its migrations.
        self.worker.submit(Call(_nothing), lambda _result: self.sync.start())

    def shutdown(self) -> None:
        """Close the store (waits for an op in progress) and restore the excepthook."""
        self.qapp.removeEventFilter(self.idle)
        self.sync.stop()
        self.worker.stop()
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook


def run(data_dir: Path, lang: str, lock_minutes: float = DEFAULT_LOCK_MINUTES) -> int:
    """Open the desktop and run until the window is closed."""
    setup_logging(data_dir)
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    app = LumbungApp(qapp, data_dir, lang=lang, lock_minutes=lock_minutes)
    _quit_on_signals(qapp)
    app.start()
    try:
        return QCoreApplication.exec()
    finally:
        app.shutdown()


def _quit_on_signals(qapp: QApplication) -> None:
    """Ctrl+C or a TERM signal closes the app the normal way (the store closes, the demo's
    server stops). Python only sees a signal when it runs, so a timer wakes it now and then."""
    import signal

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_args: qapp.quit())
    waker = QTimer(qapp)
    waker.timeout.connect(lambda: None)
    waker.start(250)
