"""Review cases, reconciliation per branch and day, and members (search, profile, history;
every look in the access log)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Query, Request
from fastapi.responses import Response

from ledger.errors import LumbungError
from sync_server import admin, recon
from sync_server.console import access, overview
from sync_server.console.accounts import Principal
from sync_server.console.pages._common import (
    User,
    audit,
    router,
)
from sync_server.console.web import (
    NotFound,
    action,
    db_of,
    done,
    page,
    render,
)

# --- review cases -----------------------------------------------------------------------------


@router.get("/review")
def review(
    request: Request, user: Annotated[User, Depends(page("review"))], all: int = 0
) -> Response:
    cases = admin.list_cases(db_of(request), include_resolved=bool(all))
    return render(request, "review.html", user, cases=cases, show_all=bool(all))


def _case_page(request: Request, user: Principal, case_id: str, status: int = 200,
               **extra: Any) -> Response:  # fmt: skip
    found = overview.case(db_of(request), case_id)
    if found is None:
        raise NotFound
    return render(request, "case.html", user, status=status, case=found, **extra)


@router.get("/review/{case_id}")
def review_case(
    request: Request, case_id: str, user: Annotated[User, Depends(page("review"))]
) -> Response:
    return _case_page(request, user, case_id)


@router.post("/review/{case_id}/resolve")
def review_resolve(
    request: Request,
    case_id: str,
    user: Annotated[User, Depends(action("review.write"))],
    resolution: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    keep_hold: Annotated[str, Form()] = "",
) -> Response:
    try:
        admin.resolve_case(
            db_of(request), case_id, resolution.strip(), note=note.strip(),
            keep_hold=keep_hold == "1", actor=user.actor,
        )  # fmt: skip
    except LumbungError as exc:
        return _case_page(request, user, case_id, status=422, error=exc)
    audit(request, user, "review.resolve", case_id, resolution)
    return done(request, f"/console/review/{case_id}")


# --- reconciliation -----------------------------------------------------------------------------


@router.get("/recon")
def recon_days(
    request: Request,
    user: Annotated[User, Depends(page("recon"))],
    branch: str = "",
    date: str = "",
    status: str = "",
) -> Response:
    days = recon.list_days(db_of(request), business_date=date or None, branch_id=branch or None)
    if status:
        days = [d for d in days if d.status == status]
    days.reverse()  # newest first
    return render(
        request, "recon.html", user, days=days[:500], branch=branch, date=date, wanted=status,
        branches=admin.list_branches(db_of(request)),
    )  # fmt: skip


@router.get("/recon/{branch_id}/{business_date}")
def recon_day(
    request: Request,
    branch_id: str,
    business_date: str,
    user: Annotated[User, Depends(page("recon"))],
) -> Response:
    db = db_of(request)
    days = recon.list_days(db, business_date=business_date, branch_id=branch_id)
    if not days:
        raise NotFound
    events = overview.day_events(db, branch_id, business_date)
    return render(request, "recon_day.html", user, day=days[0], events=events)


# --- members ----------------------------------------------------------------------------------


@router.get("/members")
def members(
    request: Request,
    user: Annotated[User, Depends(page("members"))],
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    found = overview.search_members(db_of(request), q) if q else []
    if q:
        audit(request, user, "member.search", q, f"{len(found)} found")
    full = user.role in access.MEMBER_DETAIL
    for row in found:
        if not full:
            row["nik"] = overview.mask(row["nik"])
    return render(request, "members.html", user, q=q, found=found)


@router.get("/members/{member_id}")
def member_profile(
    request: Request, member_id: str, user: Annotated[User, Depends(page("members"))]
) -> Response:
    found = overview.member(db_of(request), member_id)
    if found is None:
        raise NotFound
    audit(request, user, "member.view", member_id, found["member_no"])
    masked = user.role not in access.MEMBER_DETAIL
    if masked:
        found["nik"] = overview.mask(found["nik"])
        for name in overview.SENSITIVE_FIELDS:
            if name in found["fields"]:
                found["fields"][name] = overview.mask(str(found["fields"][name]))
        for line in found["history"]:
            line["summary"] = ""  # payloads repeat what is masked
    return render(request, "member.html", user, member=found, masked=masked)
