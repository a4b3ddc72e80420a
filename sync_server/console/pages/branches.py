"""The dashboard, devices and branches, and branch staff (as ``lumbung-server branch``,
``device`` and ``user`` manage them)."""

from __future__ import annotations

from typing import Annotated, Any

import segno
from fastapi import Depends, Form, Request
from fastapi.responses import Response
from markupsafe import Markup

from ledger.errors import LumbungError
from ledger.staff import ROLES
from sync_server import admin, enrolment, numbering
from sync_server.console import overview
from sync_server.console.accounts import Principal
from sync_server.console.pages._common import (
    User,
    audit,
    router,
    settings_of,
)
from sync_server.console.web import (
    action,
    db_of,
    done,
    page,
    render,
)

# --- dashboard ---------------------------------------------------------------------------------


@router.get("/")
def dashboard(request: Request, user: Annotated[User, Depends(page("dashboard"))]) -> Response:
    rows = overview.branches(db_of(request))
    return render(request, "dashboard.html", user, branches=rows)


# --- devices and branches -----------------------------------------------------------------------


def _devices_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    db = db_of(request)
    return render(
        request, "devices.html", user, status=status,
        branches=admin.list_branches(db), devices=admin.list_devices(db), **extra,
    )  # fmt: skip


@router.get("/devices")
def devices(request: Request, user: Annotated[User, Depends(page("devices"))]) -> Response:
    return _devices_page(request, user)


def _qr(code: str) -> Markup:
    svg = segno.make(code, error="m").svg_inline(scale=6, title=code, omitsize=True)
    return Markup(svg)  # segno's own SVG markup: trusted, the code is our alphabet only


@router.post("/branches")
def branch_add(
    request: Request,
    user: Annotated[User, Depends(action("devices.write"))],
    branch_id: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
) -> Response:
    try:
        admin.add_branch(db_of(request), branch_id.strip(), name.strip())
    except LumbungError as exc:
        return _devices_page(request, user, status=422, error=exc)
    audit(request, user, "branch.add", branch_id, name)
    return done(request, "/console/devices")


@router.post("/devices/enrol")
def device_enrol(
    request: Request,
    user: Annotated[User, Depends(action("devices.write"))],
    branch_id: Annotated[str, Form()] = "",
) -> Response:
    hours = settings_of(request).enrol_code_hours
    try:
        code, expires = enrolment.issue_code(db_of(request), branch_id, hours)
    except LumbungError as exc:
        return _devices_page(request, user, status=422, error=exc)
    audit(request, user, "device.enrol_code", branch_id, f"valid until {expires.isoformat()}")
    return render(
        request, "code.html", user, code=code, qr=_qr(code), expires=expires.isoformat(),
        branch_id=branch_id, rekey=None,
    )  # fmt: skip


@router.post("/devices/{device_id}/replace")
def device_replace(
    request: Request, device_id: str, user: Annotated[User, Depends(action("devices.write"))]
) -> Response:
    hours = settings_of(request).enrol_code_hours
    try:
        issued = enrolment.issue_rekey_code(db_of(request), device_id, hours)
    except LumbungError as exc:
        return _devices_page(request, user, status=422, error=exc)
    audit(request, user, "device.replace_code", device_id, f"branch {issued.branch_id}")
    return render(
        request, "code.html", user, code=issued.code, qr=_qr(issued.code),
        expires=issued.expires.isoformat(), branch_id=issued.branch_id, rekey=issued,
    )  # fmt: skip


@router.post("/devices/{device_id}/revoke")
def device_revoke(
    request: Request, device_id: str, user: Annotated[User, Depends(action("devices.write"))]
) -> Response:
    if not enrolment.revoke(db_of(request), device_id):
        return _devices_page(request, user, status=422, error_key="dev.not_active")
    audit(request, user, "device.revoke", device_id)
    return done(request, "/console/devices", "dev.revoked")


@router.post("/devices/{device_id}/renumber")
def device_renumber(
    request: Request,
    device_id: str,
    user: Annotated[User, Depends(action("devices.write"))],
    number: Annotated[str, Form()] = "",
) -> Response:
    """A new device number from the PC's next transaction on (resolves a number clash)."""
    try:
        wanted = int(number) if number.strip() else None
        given = numbering.renumber(db_of(request), device_id, wanted, actor=user.actor)
    except ValueError:
        return _devices_page(request, user, status=422, error_key="dev.number_bad")
    except LumbungError as exc:
        return _devices_page(request, user, status=422, error=exc)
    audit(request, user, "device.renumber", device_id, f"{given:02d}")
    return done(request, "/console/devices")


# --- branch staff ------------------------------------------------------------------------------


def _staff_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    db = db_of(request)
    return render(
        request, "staff.html", user, status=status, staff=admin.list_users(db),
        branches=admin.list_branches(db), roles=ROLES, **extra,
    )  # fmt: skip


@router.get("/staff")
def staff(request: Request, user: Annotated[User, Depends(page("staff"))]) -> Response:
    return _staff_page(request, user)


@router.post("/staff")
def staff_add(
    request: Request,
    user: Annotated[User, Depends(action("staff.write"))],
    username: Annotated[str, Form()] = "",
    full_name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    branch_id: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    new = admin.StaffInput(username.strip(), full_name.strip(), role, branch_id)
    try:
        admin.add_user(db_of(request), new, password, actor=user.actor)
    except LumbungError as exc:
        return _staff_page(request, user, status=422, error=exc)
    audit(request, user, "staff.add", username, f"role={role} branch={branch_id}")
    return done(request, "/console/staff")


@router.post("/staff/{username}/disable")
def staff_disable(
    request: Request, username: str, user: Annotated[User, Depends(action("staff.write"))]
) -> Response:
    try:
        admin.disable_user(db_of(request), username, actor=user.actor)
    except LumbungError as exc:
        return _staff_page(request, user, status=422, error=exc)
    audit(request, user, "staff.disable", username)
    return done(request, "/console/staff")


@router.post("/staff/{username}/password")
def staff_password(
    request: Request,
    username: str,
    user: Annotated[User, Depends(action("staff.write"))],
    password: Annotated[str, Form()] = "",
) -> Response:
    try:
        admin.reset_password(db_of(request), username, password, actor=user.actor)
    except LumbungError as exc:
        return _staff_page(request, user, status=422, error=exc)
    audit(request, user, "staff.reset_password", username)
    return done(request, "/console/staff")
