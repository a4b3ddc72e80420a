"""Head office's side of a business day, fetched over the sync connection (no Qt, no SQL).

Runs where the network may be used: in the sync thread (the day-close screen hands
:func:`fetch_task` to the sync worker) or in a script/test beside a sync engine. The store
thread then compares what came back (:meth:`desktop.services.BranchService.reconcile_day`).
Nothing here imports at call time: the sync thread must never run an import statement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ledger.errors import LumbungError
from ledger.reconcile import DayEvent

Progress = Callable[[str, int, int], None]


class NoServer(LumbungError):
    """This device is not enrolled with a head-office server (stand-alone)."""

    def __init__(self) -> None:
        super().__init__(
            "Perangkat ini tidak terhubung ke server kantor pusat; hari hanya dapat ditutup "
            "secara offline dengan alasan tertulis.",
            "This device is not connected to a head-office server; the day can only be "
            "closed offline with a written reason.",
        )


@dataclass(frozen=True)
class ServerDay:
    """What head office holds for one branch day.

    Attributes:
        digest: The server's closing digest with its journal totals (``DayDigestModel``).
        events: The server's fingerprints of the day's events.
    """

    business_date: str
    digest: dict[str, Any]
    events: tuple[DayEvent, ...]


def fetch(engine: Any, branch_id: str, day: str) -> ServerDay:
    """The server's digest and event list of ``branch_id``'s ``day`` (raises the sync client's
    errors: ServerUnreachable and friends)."""
    digest = engine.client.day(branch_id, day)
    listed = engine.client.day_events(branch_id, day)
    return ServerDay(
        business_date=day,
        digest=digest.model_dump(),
        events=tuple(DayEvent(**e.model_dump()) for e in listed.events),
    )


def fetch_days(
    engine: Any,
    branch_id: str,
    days: Sequence[str],
    *,
    sync_first: bool = True,
    progress: Progress | None = None,
) -> list[ServerDay]:
    """Push what waits and pull (so both sides hold the latest), then fetch each day."""
    if sync_first:
        engine.sync_once(progress)
    return [fetch(engine, branch_id, day) for day in days]


def fetch_task(branch_id: str, days: Sequence[str], *, sync_first: bool = True) -> Any:
    """A job for :meth:`desktop.sync_worker.SyncWorker.run_task`."""
    wanted = tuple(days)

    def task(session: Any, progress: Progress) -> list[ServerDay]:
        if session is None or not hasattr(session, "client"):
            raise NoServer()
        return fetch_days(session, branch_id, wanted, sync_first=sync_first, progress=progress)

    return task
