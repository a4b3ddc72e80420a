"""Long console work in the background: a job row, one worker thread, progress polled.

A request never builds a report itself: it records a job (``queued``) and hands its id to this
process's worker thread, which runs jobs one at a time (reports read the whole ledger; two at
once would only slow each other and the sync API). The worker writes its progress to the row
every step; the job page polls ``/console/jobs/<id>/status``. The result (PDF, XLSX or CSV
bytes) is kept in the row for download.

A job still ``queued`` or ``running`` when the server stops is marked ``failed`` ("server
restarted") at the next start: it is started again by hand, never half-resumed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from ledger.errors import LumbungError
from ledger.ids import uuid7
from sync_server.console.accounts import _iso, now
from sync_server.store import tables as t
from sync_server.store.db import Database

log = logging.getLogger(__name__)
j = t.console_jobs.c
KEEP_DAYS = 7


@dataclass(frozen=True)
class Result:
    data: bytes
    name: str
    media_type: str


#: ``progress(done, total)`` — a job calls it after each step.
Progress = Callable[[int, int], None]
#: A job kind: ``run(db, params, progress) -> Result``.
Runner = Callable[[Database, dict[str, Any], Progress], Result]


class JobRunner:
    """One daemon thread running this process's console jobs in the order they came."""

    def __init__(self, db: Database, kinds: dict[str, Runner]) -> None:
        self.db = db
        self.kinds = kinds
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def recover(self) -> None:
        """Mark jobs a stopped server left unfinished as failed."""
        with self.db.write() as conn:
            conn.execute(
                update(t.console_jobs)
                .where(j.status.in_(("queued", "running")))
                .values(status="failed", message="server restarted", finished_at=_iso(now()))
            )

    def submit(self, kind: str, params: dict[str, Any], username: str) -> str:
        if kind not in self.kinds:
            raise LumbungError(f"Jenis pekerjaan tidak dikenal: {kind}.", f"Unknown job {kind}.")
        job_id = uuid7()
        with self.db.write() as conn:
            # Results are kept for download a week, then dropped with their job.
            stale = _iso(now() - dt.timedelta(days=KEEP_DAYS))
            conn.execute(
                t.console_jobs.delete().where(
                    j.created_at < stale, j.status.in_(("done", "failed"))
                )
            )
            conn.execute(
                t.console_jobs.insert().values(
                    job_id=job_id,
                    kind=kind,
                    params=json.dumps(params, ensure_ascii=False, sort_keys=True),
                    username=username,
                    status="queued",
                    done_steps=0,
                    total_steps=1,
                    message="",
                    created_at=_iso(now()),
                    finished_at=None,
                    result=None,
                    result_name="",
                    result_type="",
                )
            )
        self._ensure_thread()
        self._queue.put(job_id)
        return job_id

    def stop(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join(timeout=30)
                self._thread = None

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="console-jobs", daemon=True)
                self._thread.start()

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None:
                return
            self._run(job_id)

    def _set(self, job_id: str, **values: Any) -> None:
        with self.db.write() as conn:
            conn.execute(update(t.console_jobs).where(j.job_id == job_id).values(values))

    def _run(self, job_id: str) -> None:
        with self.db.read() as conn:
            row = conn.execute(select(j.kind, j.params).where(j.job_id == job_id)).one()
        self._set(job_id, status="running")

        def progress(done: int, total: int) -> None:
            self._set(job_id, done_steps=done, total_steps=max(total, 1))

        try:
            result = self.kinds[row.kind](self.db, json.loads(row.params), progress)
        except LumbungError as exc:
            said = json.dumps({"id": exc.message_id, "en": exc.message_en}, ensure_ascii=False)
            self._set(job_id, status="failed", message=said, finished_at=_iso(now()))
            return
        except Exception:
            log.exception("console job %s (%s) failed", job_id, row.kind)
            self._set(job_id, status="failed", message="server error (see the server log)",
                      finished_at=_iso(now()))  # fmt: skip
            return
        with self.db.write() as conn:
            total = conn.execute(select(j.total_steps).where(j.job_id == job_id)).scalar() or 1
            conn.execute(
                update(t.console_jobs)
                .where(j.job_id == job_id)
                .values(
                    status="done",
                    done_steps=total,
                    result=result.data,
                    result_name=result.name,
                    result_type=result.media_type,
                    finished_at=_iso(now()),
                )
            )


def job(db: Database, job_id: str) -> dict[str, Any] | None:
    with db.read() as conn:
        row = conn.execute(
            select(j.job_id, j.kind, j.params, j.username, j.status, j.done_steps,
                   j.total_steps, j.message, j.created_at, j.finished_at, j.result_name)
            .where(j.job_id == job_id)
        ).mappings().first()  # fmt: skip
    if row is None:
        return None
    found = dict(row)
    found["params"] = json.loads(found["params"])
    found["percent"] = int(100 * found["done_steps"] / max(found["total_steps"], 1))
    return found


def message(job: dict[str, Any], lang: str) -> str:
    """A failed job's reason in ``lang`` (a service's refusal is kept in both languages)."""
    text = str(job.get("message") or "")
    if text.startswith("{"):
        said = json.loads(text)
        return str(said.get("en" if lang == "en" else "id", ""))
    return text


def recent(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(
            select(j.job_id, j.kind, j.username, j.status, j.done_steps, j.total_steps,
                   j.created_at, j.result_name)
            .order_by(j.created_at.desc(), j.job_id.desc()).limit(limit)
        ).mappings()  # fmt: skip
        return [dict(r) for r in rows]


def result(db: Database, job_id: str) -> Result | None:
    with db.read() as conn:
        row = conn.execute(
            select(j.result, j.result_name, j.result_type).where(
                j.job_id == job_id, j.status == "done"
            )
        ).first()
    if row is None or row.result is None:
        return None
    return Result(bytes(row.result), row.result_name, row.result_type)
