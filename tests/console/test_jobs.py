"""Background work: a job runs off the request, reports progress, keeps its result, fails
with the service's reason, and a server restart leaves no job pretending to run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync_server import admin
from sync_server.console import jobs, reporting
from sync_server.store import tables as t
from sync_server.store.db import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    admin.init(database)
    yield database
    database.dispose()


def _wait(db: Database, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = jobs.job(db, job_id)
        assert found is not None
        if found["status"] in ("done", "failed"):
            return found
        time.sleep(0.02)
    raise AssertionError("job did not finish")


def test_a_period_journal_reports_each_day_and_keeps_its_pdf(db: Database) -> None:
    runner = jobs.JobRunner(db, reporting.JOB_KINDS)
    seen: list[tuple[int, int]] = []
    original = runner._set

    def spy(job_id: str, **values: Any) -> None:
        if "done_steps" in values:
            seen.append((values["done_steps"], values["total_steps"]))
        original(job_id, **values)

    runner._set = spy  # type: ignore[method-assign]
    job_id = runner.submit(
        "journal-period",
        {"kind": "journal-period", "start": "2026-01-01", "day": "2026-01-31", "format": "pdf"},
        "siti",
    )
    found = _wait(db, job_id)
    runner.stop()
    assert found["status"] == "done" and found["percent"] == 100
    assert seen[0] == (1, 31) and seen[-1] == (31, 31) and len(seen) == 31
    result = jobs.result(db, job_id)
    assert result is not None and result.data.startswith(b"%PDF")
    assert result.name == "journal-period-2026-01-01_2026-01-31.pdf"
    assert threading.current_thread().name != "console-jobs"


def test_a_refused_job_fails_with_the_reason(db: Database) -> None:
    runner = jobs.JobRunner(db, reporting.JOB_KINDS)
    statement = runner.submit(
        "report", {"kind": "statement", "member": "NO-SUCH", "format": "pdf"}, "siti"
    )
    too_long = runner.submit(
        "journal-period",
        {"kind": "journal-period", "start": "2024-01-01", "day": "2026-01-01", "format": "csv"},
        "siti",
    )
    failed = _wait(db, statement)
    assert failed["status"] == "failed"
    assert jobs.message(failed, "en") == "No member NO-SUCH."
    assert "tidak ditemukan" in jobs.message(failed, "id")
    assert "366 days" in jobs.message(_wait(db, too_long), "en")
    assert jobs.result(db, statement) is None
    runner.stop()


def test_a_restart_marks_unfinished_jobs_failed(db: Database) -> None:
    # A job row as a server that stopped mid-job leaves it.
    with db.write() as conn:
        conn.execute(
            t.console_jobs.insert().values(
                job_id="left-behind", kind="slow", params="{}", username="siti",
                status="running", done_steps=3, total_steps=10, message="",
                created_at="2026-12-01T00:00:00+00:00", finished_at=None, result=None,
                result_name="", result_type="",
            )
        )  # fmt: skip
    jobs.JobRunner(db, reporting.JOB_KINDS).recover()
    found = jobs.job(db, "left-behind")
    assert found is not None
    assert (found["status"], found["message"]) == ("failed", "server restarted")
