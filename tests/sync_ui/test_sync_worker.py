"""The sync thread's schedule with a scripted session: first sync at start, debounce after
postings, backoff while unreachable, refusals that stop retries, tasks between syncs. (The
real engine against the real server is in test_status_bar_live.py.)"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QThread

from desktop.sync_worker import (
    ERROR,
    OFFLINE,
    ONLINE,
    UNCONFIGURED,
    Backoff,
    SyncStatus,
    SyncWorker,
    kind_of,
)
from ledger.errors import LumbungError


class ServerUnreachable(LumbungError):
    def __init__(self) -> None:
        super().__init__("Server tidak dapat dihubungi.", "The server cannot be reached.")


class UpdateRequired(LumbungError):
    def __init__(self) -> None:
        super().__init__("Perbarui aplikasi Lumbung.", "Update Lumbung.")


@dataclass(frozen=True)
class Report:
    pushed: int
    pulled: int


class ScriptedSession:
    """Answers sync_once from a script; when the script runs out, every sync succeeds."""

    def __init__(self, *outcomes: BaseException | None) -> None:
        self.script = list(outcomes)
        self.calls = 0
        self.waiting = 3
        self.closed = False
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def sync_once(self, progress: Any = None) -> Report:
        with self.lock:
            self.calls += 1
            outcome = self.script.pop(0) if self.script else None
        self.threads.add(QThread.currentThread().objectName())
        if outcome is not None:
            raise outcome
        if progress is not None:
            progress("pull", 1, 2)
            progress("pull", 2, 2)
        pushed, self.waiting = self.waiting, 0
        return Report(pushed=pushed, pulled=2)

    def bootstrap(self, progress: Any = None) -> int:
        return 0

    def pending(self) -> int:
        return self.waiting

    def last_success(self) -> str:
        return ""

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def make_worker(qtbot: Any) -> Iterator[Any]:
    workers: list[SyncWorker] = []

    def make(session: ScriptedSession | None, **kw: Any) -> SyncWorker:
        kw.setdefault("backoff", Backoff(base=0.05, cap=0.2, rng=random.Random(1)))
        worker = SyncWorker(lambda: session, **kw)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()
        assert not worker._thread.isRunning()


def test_backoff_doubles_to_the_cap_with_bounded_jitter() -> None:
    backoff = Backoff(base=2, cap=300, jitter=0.2, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(12)]
    nominal = [min(300, 2 * 2**i) for i in range(12)]
    assert all(0.8 * n <= d <= 1.2 * n for d, n in zip(delays, nominal, strict=True))
    assert nominal[-1] == 300 and len({round(d, 6) for d in delays[-4:]}) == 4  # jittered
    backoff.reset()
    assert backoff.next_delay() <= 2.4


def test_errors_are_classified_by_what_retrying_can_do() -> None:
    assert kind_of(ServerUnreachable()) == "unreachable"
    assert kind_of(UpdateRequired()) == "blocked"
    assert kind_of(ValueError("bug")) == "error"


def test_stand_alone_device_stays_unconfigured(qtbot: Any, make_worker: Any) -> None:
    worker = make_worker(None)
    with qtbot.waitSignal(worker.status_changed, timeout=5000) as signal:
        worker.start()
    assert signal.args[0].state == UNCONFIGURED and signal.args[0].online is None


def test_first_sync_at_start_in_its_own_thread(qtbot: Any, make_worker: Any) -> None:
    session = ScriptedSession()
    worker = make_worker(session)
    progress: list[tuple[str, int, int]] = []
    worker.progress.connect(lambda *args: progress.append(args))
    worker.start()
    qtbot.waitUntil(lambda: worker.status.state == ONLINE, timeout=5000)
    assert worker.status.pending == 0 and worker.status.last_success
    assert worker.status.online is True
    assert session.threads == {"lumbung-sync"}
    qtbot.waitUntil(lambda: ("", 0, 0) in progress, timeout=5000)
    assert progress[:2] == [("pull", 1, 2), ("pull", 2, 2)]


def test_unreachable_then_back(qtbot: Any, make_worker: Any) -> None:
    session = ScriptedSession(ServerUnreachable(), ServerUnreachable())
    worker = make_worker(session)
    states: list[SyncStatus] = []
    worker.status_changed.connect(states.append)
    lines: list[tuple[str, str, str]] = []
    worker.log_line.connect(lambda *line: lines.append(line))
    worker.start()
    qtbot.waitUntil(lambda: worker.status.state == ONLINE, timeout=5000)
    offline = [s for s in states if s.state == OFFLINE and s.message]
    assert len(offline) == 2 and offline[0].pending == 3 and offline[0].online is False
    assert 0.04 <= offline[0].retry_in <= 0.06 and 0.08 <= offline[1].retry_in <= 0.12
    assert session.calls == 3 and worker.status.pending == 0
    assert [level for _, level, _ in lines] == ["warning", "warning", "info"]


def test_update_required_stops_retrying_until_asked(qtbot: Any, make_worker: Any) -> None:
    session = ScriptedSession(UpdateRequired())
    worker = make_worker(session, period=0.05)
    worker.start()
    qtbot.waitUntil(lambda: worker.status.state == ERROR, timeout=5000)
    assert worker.status.blocked
    assert worker.status.message in ("Perbarui aplikasi Lumbung.", "Update Lumbung.")
    assert not any(t.isActive() for t in worker._runner._timers.values())
    worker.sync_now()
    qtbot.waitUntil(lambda: worker.status.state == ONLINE, timeout=5000)
    assert session.calls == 2 and not worker.status.blocked


def test_postings_in_a_burst_are_one_sync(qtbot: Any, make_worker: Any) -> None:
    session = ScriptedSession()
    worker = make_worker(session, debounce=0.3)
    worker.start()
    qtbot.waitUntil(lambda: worker.status.state == ONLINE, timeout=5000)
    with qtbot.waitSignal(worker.synced, timeout=5000):
        for _ in range(5):
            session.waiting += 1
            worker.notify_posted()
    assert session.calls == 2


def test_a_posting_while_offline_is_counted_and_waits(qtbot: Any, make_worker: Any) -> None:
    session = ScriptedSession(*[ServerUnreachable()] * 3)
    worker = make_worker(session, backoff=Backoff(base=30, rng=random.Random(1)))
    worker.start()
    qtbot.waitUntil(
        lambda: worker.status.state == OFFLINE and bool(worker.status.message), timeout=5000
    )
    session.waiting = 4
    worker.notify_posted()
    qtbot.waitUntil(lambda: worker.status.pending == 4, timeout=5000)
    assert session.calls == 1  # the backoff decides when to try again, not the posting


def test_a_task_runs_in_the_sync_thread(qtbot: Any, make_worker: Any) -> None:
    worker = make_worker(None)
    done: list[Any] = []
    failed: list[BaseException] = []

    def task(session: Any, progress: Any) -> str:
        assert session is None
        progress("snapshot", 1, 1)
        return QThread.currentThread().objectName()

    worker.run_task(task, done.append, failed.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == ["lumbung-sync"]

    def refused(session: Any, progress: Any) -> None:
        raise LumbungError("Masih ada transaksi yang belum terkirim.", "Events wait.")

    worker.run_task(refused, done.append, failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert "belum terkirim" in failed[0].message_id  # type: ignore[attr-defined]


def test_stop_closes_the_session(qtbot: Any, make_worker: Any) -> None:
    session = ScriptedSession()
    worker = make_worker(session)
    worker.start()
    qtbot.waitUntil(lambda: worker.status.state == ONLINE, timeout=5000)
    worker.stop()
    assert session.closed and not worker._thread.isRunning()
