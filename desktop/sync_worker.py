"""The sync thread: pushes and pulls in the background so the teller never waits on the network.

A :class:`SyncWorker` runs its own ``QThread`` beside the store worker's, with its own
connection to the same SQLite file (WAL lets both in; the store's write transactions take the
lock up front, so they queue rather than fail). It syncs when the app starts, every
``period`` seconds, ``debounce`` seconds after a posting (postings in a burst are one sync), and
at once when asked ("Sinkronkan sekarang").

While the server cannot be reached it retries with exponential backoff and jitter (2 s doubling
to 5 min, ±20 %), so a hundred branch PCs coming back after an outage do not all knock at once.
"Update the app" and "device not authorised" stop the retries: retrying cannot fix them.

The UI learns everything by signal (state, last success, events waiting, progress, log lines).
Everything the thread runs is imported on the UI thread first: PySide6's import hook is not
thread-safe (see docs/desktop-ui.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from desktop.i18n import error_text
from ledger.errors import LumbungError

log = logging.getLogger(__name__)

# Progress callback: (phase "push" | "pull" | "snapshot", done, total).
Progress = Callable[[str, int, int], None]

UNCONFIGURED = "unconfigured"  # stand-alone device: no server at all
ONLINE = "online"
OFFLINE = "offline"
SYNCING = "syncing"
ERROR = "error"  # refused by the server or a bug; `blocked` says whether retrying can help

# Errors after which retrying cannot help: the app must be updated, head office must
# authorise the device again, or the server's data fails its own checks (IT must look).
# Matched by class name so this module needs nothing from the sync client to classify them.
BLOCKING_ERRORS = frozenset({"UpdateRequired", "DeviceNotAuthorised", "ServerDataInvalid"})
UNREACHABLE_ERRORS = frozenset({"ServerUnreachable"})


class SyncSession(Protocol):
    """What the worker drives: the sync engine over this thread's own store connection."""

    def sync_once(self, progress: Progress | None = None) -> Any: ...

    def bootstrap(self, progress: Progress | None = None) -> int: ...

    def pending(self) -> int: ...

    def last_success(self) -> str: ...

    def close(self) -> None: ...


# Called in the sync thread; None while the device is not enrolled (stand-alone).
SessionFactory = Callable[[], SyncSession | None]
# A one-off job in the sync thread (enrolment, bootstrap): gets the thread's session (None
# while not enrolled) and a progress callback.
Task = Callable[[SyncSession | None, Progress], Any]


class Cancelled(Exception):
    """The app is closing: the sync in progress stops at its next progress report."""


def kind_of(error: BaseException) -> str:
    """``"unreachable"`` (retry later), ``"blocked"`` (stop retrying) or ``"error"``."""
    names = {cls.__name__ for cls in type(error).__mro__}
    if names & BLOCKING_ERRORS:
        return "blocked"
    if names & UNREACHABLE_ERRORS:
        return "unreachable"
    return "error"


def error_message(error: BaseException) -> str:
    """The error as the supervisor reads it (Indonesian for known errors)."""
    if isinstance(error, LumbungError):
        return error_text(error)
    return f"{type(error).__name__}: {error}"


class Backoff:
    """Exponential backoff with jitter: ``base`` doubling to ``cap`` seconds, ±``jitter``.

    Attributes:
        attempts: Failures in a row since the last success.
    """

    def __init__(
        self,
        base: float = 2.0,
        cap: float = 300.0,
        jitter: float = 0.2,
        rng: random.Random | None = None,
    ) -> None:
        self.base = base
        self.cap = cap
        self.jitter = jitter
        self.rng = rng or random.Random()
        self.attempts = 0

    def next_delay(self) -> float:
        """Seconds to wait before the next try after one more failure."""
        raw = min(self.cap, self.base * 2 ** min(self.attempts, 30))
        self.attempts += 1
        return float(raw * self.rng.uniform(1 - self.jitter, 1 + self.jitter))

    def reset(self) -> None:
        self.attempts = 0


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows.

    Attributes:
        state: ``UNCONFIGURED``, ``ONLINE``, ``OFFLINE``, ``SYNCING`` or ``ERROR``.
        pending: Own events not yet acknowledged by the server.
        last_success: Local time of the last successful sync (``"YYYY-MM-DD HH:MM:SS"``),
            ``""`` if never.
        message: Why, for ``ERROR`` (and the last failure while ``OFFLINE``).
        blocked: The server refused this app or device: no retries until asked.
        retry_in: Seconds until the next automatic try while offline (0 otherwise).
    """

    state: str
    pending: int = 0
    last_success: str = ""
    message: str = ""
    blocked: bool = False
    retry_in: float = 0.0

    @property
    def online(self) -> bool | None:
        """For the payout rules: None stand-alone, True only after a successful contact."""
        if self.state == UNCONFIGURED:
            return None
        return self.state == ONLINE


def _retry_text(message: str, delay: float) -> str:
    # Qt's translate is thread-safe; the catalogue was installed on the UI thread.
    return QCoreApplication.translate("SyncWorker", "{} Trying again in {} s.").format(
        message, round(delay)
    )


def now_text() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class _Runner(QObject):
    """Lives in the sync thread: owns the session, the timers and the schedule."""

    status = Signal(object)  # SyncStatus
    progress = Signal(str, int, int)
    log_line = Signal(str, str, str)  # time, level ("info" | "warning" | "error"), message
    synced = Signal(object)  # the engine's report after each successful sync
    task_done = Signal(int, object, object, str)  # task number, result, error, traceback

    def __init__(
        self,
        factory: SessionFactory,
        *,
        period: float,
        debounce: float,
        backoff: Backoff,
        stopping: threading.Event,
    ) -> None:
        super().__init__()
        self._factory = factory
        self._period_ms = int(period * 1000)
        self._debounce_ms = int(debounce * 1000)
        self._backoff = backoff
        self._stopping = stopping
        self.session: SyncSession | None = None
        self._status = SyncStatus(UNCONFIGURED)
        self._timers: dict[str, QTimer] = {}
        self._announce = False

    # -- timers (made in the thread, so they fire in it) -------------------------------------

    def _timer(self, name: str) -> QTimer:
        timer = self._timers.get(name)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(self.sync)
            self._timers[name] = timer
        return timer

    def _stop_timers(self) -> None:
        for timer in self._timers.values():
            timer.stop()

    def _set(self, **changes: Any) -> None:
        self._status = replace(self._status, **changes)
        self.status.emit(self._status)

    def _log(self, level: str, message: str) -> None:
        getattr(log, "error" if level == "error" else level)("sync: %s", message)
        self.log_line.emit(now_text(), level, message)

    # -- slots ---------------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        self._open_session()
        if self.session is not None:
            self.sync()

    def _open_session(self) -> bool:
        if self.session is None:
            try:
                self.session = self._factory()
            except Exception as exc:
                self._log("error", error_message(exc))
                log.error("sync session could not open:\n%s", traceback.format_exc())
                self._set(state=ERROR, message=error_message(exc))
                return False
            if self.session is None:
                self._set(state=UNCONFIGURED)
                return False
            # Until a sync succeeds nothing says the balances here are fresh.
            self._announce = True
            self._set(
                state=OFFLINE,
                pending=self.session.pending(),
                last_success=self.session.last_success(),
            )
        return True

    @Slot()
    def sync_now(self) -> None:
        """Asked for by a person: try at once, whatever the backoff or a refusal said."""
        self._backoff.reset()
        self._announce = True
        if self._open_session():
            self.sync()

    @Slot()
    def posted(self) -> None:
        """A posting was made: count it as waiting, and sync soon unless offline."""
        if self.session is None:
            return
        self._set(pending=self.session.pending())
        if self._status.state in (ONLINE, SYNCING):
            self._timer("debounce").start(self._debounce_ms)

    @Slot()
    def sync(self) -> None:
        if self.session is None or self._stopping.is_set():
            return
        self._stop_timers()
        if self._status.state == ONLINE or self._announce:
            # Quiet retries while offline keep saying "offline"; a first try or one asked
            # for by a person shows that something is happening.
            self._set(state=SYNCING)
        self._announce = False
        try:
            report = self.session.sync_once(self._progress)
        except Cancelled:
            return
        except Exception as exc:
            self._failed(exc)
            return
        finally:
            self.progress.emit("", 0, 0)
        self._backoff.reset()
        self._set(
            state=ONLINE,
            pending=self.session.pending(),
            last_success=self.session.last_success() or now_text(),
            message="",
            blocked=False,
            retry_in=0.0,
        )
        pushed, pulled = getattr(report, "pushed", 0), getattr(report, "pulled", 0)
        if pushed or pulled:
            self._log(
                "info",
                QCoreApplication.translate("SyncWorker", "Synced: {} sent, {} received.").format(
                    pushed, pulled
                ),
            )
        self.synced.emit(report)
        self._timer("period").start(self._period_ms)

    def _failed(self, exc: BaseException) -> None:
        kind = kind_of(exc)
        message = error_message(exc)
        pending = self.session.pending() if self.session is not None else 0
        if kind == "blocked":
            self._log("error", message)
            self._set(state=ERROR, pending=pending, message=message, blocked=True, retry_in=0.0)
            return  # only a person asking again (after the fix) tries again
        delay = self._backoff.next_delay()
        if kind == "unreachable":
            self._log("warning", _retry_text(message, delay))
            self._set(state=OFFLINE, pending=pending, message=message, retry_in=delay)
        else:
            if not isinstance(exc, LumbungError):
                log.error("sync failed:\n%s", traceback.format_exc())
            self._log("error", _retry_text(message, delay))
            self._set(state=ERROR, pending=pending, message=message, retry_in=delay)
        self._timer("retry").start(int(delay * 1000))

    def _progress(self, phase: str, done: int, total: int) -> None:
        if self._stopping.is_set():
            raise Cancelled()
        self.progress.emit(phase, done, total)

    @Slot(int, object)
    def run_task(self, number: int, task: Task) -> None:
        """A one-off job (enrolment, bootstrap) between syncs; then the schedule resumes."""
        self._stop_timers()
        try:
            result = task(self.session, self._progress)
        except BaseException as exc:  # every failure goes back to the UI
            self.task_done.emit(number, None, exc, traceback.format_exc())
        else:
            self.task_done.emit(number, result, None, "")
        finally:
            self.progress.emit("", 0, 0)
        if self.session is not None:
            # The task may have changed what waits or the cursor: show it, sync soon.
            self._set(pending=self.session.pending())
            self._timer("period").start(self._debounce_ms)

    @Slot()
    def reopen(self) -> None:
        """The device was just enrolled: open the session and start syncing."""
        if self.session is None and self._open_session():
            self.sync()

    @Slot()
    def shutdown(self) -> None:
        self._stop_timers()
        try:
            if self.session is not None:
                self.session.close()
        finally:
            self.session = None
            QThread.currentThread().quit()


class SyncWorker(QObject):
    """The UI thread's handle on the sync thread.

    Signals:
        status_changed(SyncStatus): state, events waiting, last success, refusals.
        progress(str, int, int): phase, done, total during a sync ("" 0 0 when it ends).
        log_line(str, str, str): time, level, message (also in the store's sync log).
        synced(object): the engine's report; pulled events may have changed any screen.
    """

    status_changed = Signal(object)
    progress = Signal(str, int, int)
    log_line = Signal(str, str, str)
    synced = Signal(object)
    _start = Signal()
    _sync_now = Signal()
    _posted = Signal()
    _reopen = Signal()
    _task = Signal(int, object)
    _shutdown = Signal()

    def __init__(
        self,
        factory: SessionFactory,
        *,
        period: float = 30.0,
        debounce: float = 2.0,
        backoff: Backoff | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.status = SyncStatus(UNCONFIGURED)
        self._stopping = threading.Event()
        self._thread = QThread()
        self._thread.setObjectName("lumbung-sync")
        self._runner = _Runner(
            factory,
            period=period,
            debounce=debounce,
            backoff=backoff or Backoff(),
            stopping=self._stopping,
        )
        self._runner.moveToThread(self._thread)
        self._start.connect(self._runner.start)
        self._sync_now.connect(self._runner.sync_now)
        self._posted.connect(self._runner.posted)
        self._reopen.connect(self._runner.reopen)
        self._task.connect(self._runner.run_task)
        self._shutdown.connect(self._runner.shutdown)
        self._runner.status.connect(self._on_status)
        self._runner.progress.connect(self.progress)
        self._runner.log_line.connect(self.log_line)
        self._runner.synced.connect(self.synced)
        self._runner.task_done.connect(self._on_task_done)
        self._tasks: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._task_numbers = 0
        self._started = False

    def start(self) -> None:
        """Start the thread and the first sync (the store must exist by now)."""
        if self._started or self._stopping.is_set():
            return  # a start arriving after stop() (the app closed early) starts nothing
        self._started = True
        self._thread.start()
        self._start.emit()

    def sync_now(self) -> None:
        self._sync_now.emit()

    def notify_posted(self) -> None:
        """Call after every posting: the count of waiting events goes up, a sync follows."""
        self._posted.emit()

    def enrolled(self) -> None:
        """The device now has a server: begin syncing."""
        self._reopen.emit()

    def run_task(
        self,
        task: Task,
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``task(session, progress)`` in the sync thread between syncs; the outcome comes
        back on the UI thread."""
        self.start()
        self._task_numbers += 1
        self._tasks[self._task_numbers] = (on_done, on_failed)
        self._task.emit(self._task_numbers, task)

    @Slot(object)
    def _on_status(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    @Slot(int, object, object, str)
    def _on_task_done(
        self, number: int, result: Any, error: BaseException | None, trace: str
    ) -> None:
        on_done, on_failed = self._tasks.pop(number)
        if error is None:
            on_done(result)
            return
        if not isinstance(error, LumbungError):
            log.error("sync task failed:\n%s", trace)
        on_failed(error)

    def stop(self) -> None:
        """Stop syncing, close the connection and end the thread."""
        self._stopping.set()
        if not self._thread.isRunning():
            return
        self._shutdown.emit()
        self._thread.wait()
