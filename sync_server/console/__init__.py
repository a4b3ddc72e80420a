"""The head-office web console, served by the sync server itself (same process, same database).

:func:`install` mounts it on the FastAPI app under ``/console``: server-rendered Jinja2 pages,
one stylesheet, one small script (the progress bar of background work). See docs/console.md.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from sync_server.console import jobs, pages, reporting
from sync_server.console.web import HERE, NotFound, Refused, SignInNeeded, render, secure
from sync_server.store.db import Database


def install(app: FastAPI, db: Database) -> jobs.JobRunner:
    """Mount the console on ``app``; returns its background job runner (stop it on shutdown)."""
    runner = jobs.JobRunner(db, reporting.JOB_KINDS)
    app.state.console_jobs = runner
    app.include_router(pages.router)
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")

    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, exc: SignInNeeded) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        why = "&why=expired" if exc.expired else ""
        from urllib.parse import quote

        response = RedirectResponse(f"/console/login?next={quote(target)}{why}", status_code=303)
        if exc.expired:
            response.delete_cookie("lumbung_console", path="/console")
        return secure(response)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        principal = getattr(request.state, "principal", None)
        return render(request, "error.html", principal, status=403, message_key=exc.key)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        principal = getattr(request.state, "principal", None)
        return render(request, "error.html", principal, status=404, message_key="error.notfound")

    return runner
