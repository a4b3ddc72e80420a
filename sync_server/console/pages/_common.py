"""What every console page module shares: the router, and the few helpers the routes use."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from sync_server.config import Settings
from sync_server.console import accounts, jobs
from sync_server.console.accounts import Principal
from sync_server.console.web import (
    address,
    db_of,
)

router = APIRouter(prefix="/console", include_in_schema=False)

User = Principal


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def runner_of(request: Request) -> jobs.JobRunner:
    runner: jobs.JobRunner = request.app.state.console_jobs
    return runner


def audit(request: Request, user: Principal, what: str, target: str = "", detail: str = "") -> None:
    """One line of the audit log for what ``user`` just did."""
    accounts.audit(db_of(request), user.username, what, target, detail, address(request))


async def in_thread(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a blocking (database) call off the event loop, as FastAPI does for plain routes."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args, **kwargs)
