"""The one thread that owns the branch store.

Every read and write of the local SQLite store runs here, one operation at a time, so the UI
thread never waits on SQL and SQLite only ever sees one connection owner. Operations are small
typed objects (:class:`QueryOp` reads, :class:`CollectionOp` writes); the UI submits one with
callbacks, and the result or the error comes back to the UI thread by a queued signal.

A :class:`CollectionOp` also says what it changed (:class:`Changes`), which the worker
broadcasts after the op's own success callback, so each screen refreshes only what it shows.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

if TYPE_CHECKING:
    from desktop.services import BranchService

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a write changed, so screens refresh only what they show.

    Attributes:
        member_ids: Members whose profile, balances or history changed.
        drawer: The acting teller's drawer session changed (opened, closed, cash moved).
        staff: Staff accounts changed.
    """

    member_ids: frozenset[str] = frozenset()
    drawer: bool = False
    staff: bool = False


class Op(Generic[T]):
    """An operation on the store, run in the worker thread.

    Subclasses are frozen dataclasses holding their inputs and implement :meth:`run`.
    """

    #: Shown by the UI while the op runs (already translated by the caller if needed).
    label: str = ""

    def run(self, service: BranchService) -> T:
        raise NotImplementedError

    def changes(self, result: T) -> Changes | None:
        """What this op changed (``None`` for reads)."""
        return None


class QueryOp(Op[T]):
    """Reads only."""


class CollectionOp(Op[T]):
    """Writes; subclasses say what changed."""

    def changes(self, result: T) -> Changes | None:
        return Changes()


@dataclass(frozen=True)
class Call(QueryOp[Any]):
    """Run an arbitrary function on the service (tests, screenshots, one-off reads)."""

    fn: Callable[[BranchService], Any]

    def run(self, service: BranchService) -> Any:
        return self.fn(service)


SuccessCallback = Callable[[Any], None]
#: Returns True when it handled the error itself; otherwise the default presenter shows it.
FailureCallback = Callable[[BaseException], bool]
ErrorPresenter = Callable[[BaseException, str], None]


@dataclass(eq=False)
class Ticket:
    """One submitted op and where its outcome goes (UI-thread side only)."""

    op: Op[Any]
    on_success: SuccessCallback | None = None
    on_failure: FailureCallback | None = None
    number: int = 0
    done: bool = False
    result: Any = None
    error: BaseException | None = field(default=None, repr=False)


class _Runner(QObject):
    """Lives in the worker thread and runs ops in submission order."""

    finished = Signal(object, object, object, str)  # ticket, result, error, traceback

    def __init__(self, factory: Callable[[], BranchService]) -> None:
        super().__init__()
        self._factory = factory
        self.service: BranchService | None = None

    @Slot(object)
    def run(self, ticket: Ticket) -> None:
        try:
            if self.service is None:
                # Opened here, in the worker thread: the SQLite connection belongs to it, and
                # the store's imports (sqlite-utils, argon2) never delay the first window.
                self.service = self._factory()
            result = ticket.op.run(self.service)
        except BaseException as exc:  # every failure goes back to the UI, none is lost
            self.finished.emit(ticket, None, exc, traceback.format_exc())
        else:
            self.finished.emit(ticket, result, None, "")

    @Slot()
    def shutdown(self) -> None:
        try:
            if self.service is not None:
                self.service.close()
        finally:
            self.service = None
            # Quit from inside the thread: ops queued before the shutdown have all run by now.
            QThread.currentThread().quit()


class StoreWorker(QObject):
    """The UI thread's handle on the store thread.

    Signals:
        changed(Changes): after a write succeeded and its own callback ran.
        busy_changed(bool): True while ops are queued or running.
    """

    changed = Signal(object)
    busy_changed = Signal(bool)
    _submit = Signal(object)
    _shutdown = Signal()

    def __init__(self, factory: Callable[[], BranchService], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("lumbung-store")
        self._runner = _Runner(factory)
        self._runner.moveToThread(self._thread)
        self._submit.connect(self._runner.run)
        self._shutdown.connect(self._runner.shutdown)
        self._runner.finished.connect(self._on_finished)
        self._numbers = itertools.count(1)
        self._pending = 0
        self.present_error: ErrorPresenter = _log_error
        self._thread.start()

    @property
    def pending(self) -> int:
        """Ops submitted and not yet answered."""
        return self._pending

    def submit(
        self,
        op: Op[Any],
        on_success: SuccessCallback | None = None,
        on_failure: FailureCallback | None = None,
    ) -> Ticket:
        """Queue ``op``; callbacks run later on the UI thread."""
        ticket = Ticket(op, on_success, on_failure, next(self._numbers))
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._submit.emit(ticket)
        return ticket

    @Slot(object, object, object, str)
    def _on_finished(
        self, ticket: Ticket, result: Any, error: BaseException | None, trace: str
    ) -> None:
        self._pending -= 1
        ticket.done = True
        ticket.result = result
        ticket.error = error
        try:
            if error is not None:
                self._fail(ticket, error, trace)
            else:
                if ticket.on_success is not None:
                    ticket.on_success(result)
                changes = ticket.op.changes(result)
                if changes is not None:
                    self.changed.emit(changes)
        except Exception as exc:  # a bug in a UI callback: report it, keep the worker going
            self.present_error(exc, traceback.format_exc())
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)

    def _fail(self, ticket: Ticket, error: BaseException, trace: str) -> None:
        from ledger.errors import LumbungError

        if not isinstance(error, LumbungError):
            # A bug: the traceback goes to the log even if a callback handles the error.
            log.error("operation %s failed:\n%s", type(ticket.op).__name__, trace)
        if ticket.on_failure is not None and ticket.on_failure(error):
            return
        self.present_error(error, trace)

    def stop(self) -> None:
        """Close the store and end the thread (waits for the op in progress)."""
        if not self._thread.isRunning():
            return
        self._shutdown.emit()
        self._thread.wait()


def _log_error(error: BaseException, trace: str) -> None:
    log.error("unhandled operation error: %s\n%s", error, trace)
