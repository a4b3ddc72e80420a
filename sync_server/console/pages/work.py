"""Reports and the extract's dry run as background jobs, their progress, and their results."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from sync_server import admin
from sync_server.console import access, jobs, reporting
from sync_server.console.accounts import Principal
from sync_server.console.pages._common import (
    User,
    audit,
    router,
    runner_of,
    settings_of,
)
from sync_server.console.web import (
    NotFound,
    action,
    db_of,
    language,
    page,
    render,
    secure,
)

# --- reports and background jobs -----------------------------------------------------------------


def _reports_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    db = db_of(request)
    return render(
        request, "reports.html", user, status=status, kinds=reporting.KINDS,
        formats=tuple(reporting.FORMATS), branches=admin.list_branches(db),
        jobs=jobs.recent(db), today=dt.date.today().isoformat(), **extra,
    )  # fmt: skip


@router.get("/reports")
def reports(request: Request, user: Annotated[User, Depends(page("reports"))]) -> Response:
    return _reports_page(request, user)


@router.post("/reports")
def report_start(
    request: Request,
    user: Annotated[User, Depends(action("reports.run"))],
    kind: Annotated[str, Form()] = "",
    day: Annotated[str, Form()] = "",
    start: Annotated[str, Form()] = "",
    branch: Annotated[str, Form()] = "",
    member: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "pdf",
) -> Response:
    if kind not in reporting.KINDS or format not in reporting.FORMATS:
        return _reports_page(request, user, status=422, error_key="error.notfound")
    cooperative = admin.cooperative_name(db_of(request), settings_of(request).cooperative_name)
    params = {"kind": kind, "day": day, "start": start, "branch": branch, "member": member,
              "format": format, "cooperative": cooperative}  # fmt: skip
    job_kind = "journal-period" if kind == "journal-period" else "report"
    job_id = runner_of(request).submit(job_kind, params, user.username)
    audit(request, user, "report.start", kind, f"job {job_id} {day} {branch} {member}")
    return secure(RedirectResponse(f"/console/jobs/{job_id}", status_code=303))


def _job_for(request: Request, user: Principal, job_id: str) -> dict[str, Any]:
    found = jobs.job(db_of(request), job_id)
    if found is None:
        raise NotFound
    # A report may show members' data: only who ran it (or an admin, an auditor) sees it.
    if found["username"] != user.username and user.role not in access.MEMBER_DETAIL:
        raise NotFound
    return found


@router.get("/jobs/{job_id}")
def job_page(
    request: Request, job_id: str, user: Annotated[User, Depends(page("reports"))]
) -> Response:
    found = _job_for(request, user, job_id)
    text = None
    if found["status"] == "done" and found["kind"] == "extract-dry-run":
        result = jobs.result(db_of(request), job_id)
        text = result.data.decode("utf-8") if result is not None else None
    found["message"] = jobs.message(found, language(request))
    return render(request, "job.html", user, job=found, text=text)


@router.get("/jobs/{job_id}/status")
def job_status(
    request: Request, job_id: str, user: Annotated[User, Depends(page("reports"))]
) -> Response:
    found = _job_for(request, user, job_id)
    found["message"] = jobs.message(found, language(request))
    keys = ("status", "done_steps", "total_steps", "percent", "message")
    return secure(JSONResponse({k: found[k] for k in keys}))


@router.get("/jobs/{job_id}/download")
def job_download(
    request: Request, job_id: str, user: Annotated[User, Depends(page("reports"))]
) -> Response:
    _job_for(request, user, job_id)
    result = jobs.result(db_of(request), job_id)
    if result is None:
        raise NotFound
    audit(request, user, "report.download", job_id, result.name)
    response = Response(
        result.data,
        media_type=result.media_type,
        headers={"Content-Disposition": f'attachment; filename="{result.name}"'},
    )
    return secure(response)


# --- the government extract's dry run ------------------------------------------------------------


@router.get("/extract")
def extract(request: Request, user: Annotated[User, Depends(page("extract"))]) -> Response:
    recent = [j for j in jobs.recent(db_of(request), 50) if j["kind"] == "extract-dry-run"]
    return render(request, "extract.html", user, jobs=recent[:10])


@router.post("/extract")
def extract_start(
    request: Request, user: Annotated[User, Depends(action("extract.run"))]
) -> Response:
    params = {"kind": "extract-dry-run", "policy": settings_of(request).extract_policy,
              "format": "txt", "day": dt.date.today().isoformat()}  # fmt: skip
    job_id = runner_of(request).submit("extract-dry-run", params, user.username)
    audit(request, user, "extract.dry_run", "", f"job {job_id}")
    return secure(RedirectResponse(f"/console/jobs/{job_id}", status_code=303))
