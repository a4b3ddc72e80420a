"""The audit and access log, and head office's console accounts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from ledger.errors import LumbungError
from sync_server.console import accounts
from sync_server.console.accounts import Principal
from sync_server.console.pages._common import (
    User,
    router,
)
from sync_server.console.web import (
    action,
    address,
    db_of,
    done,
    page,
    render,
)

# --- audit log and console accounts ---------------------------------------------------------------


@router.get("/audit")
def audit_page(
    request: Request, user: Annotated[User, Depends(page("audit"))], only: str = ""
) -> Response:
    rows = accounts.audit_log(db_of(request), action_prefix=only[:40])
    return render(request, "audit.html", user, rows=rows, only=only)


def _users_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    return render(
        request, "users.html", user, status=status, users=accounts.list_users(db_of(request)),
        roles=accounts.ROLES, **extra,
    )  # fmt: skip


@router.get("/users")
def users(request: Request, user: Annotated[User, Depends(page("users"))]) -> Response:
    return _users_page(request, user)


@router.post("/users")
def user_add(
    request: Request,
    user: Annotated[User, Depends(action("users.write"))],
    username: Annotated[str, Form()] = "",
    full_name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    try:
        accounts.add_user(
            db_of(request), username.strip(), full_name, role, password,
            actor=user.username, address=address(request),
        )  # fmt: skip
    except LumbungError as exc:
        return _users_page(request, user, status=422, error=exc)
    return done(request, "/console/users")


@router.post("/users/{username}/active")
def user_active(
    request: Request,
    username: str,
    user: Annotated[User, Depends(action("users.write"))],
    active: Annotated[str, Form()] = "",
) -> Response:
    try:
        accounts.set_active(
            db_of(request), username, active == "1", actor=user.username,
            address=address(request),
        )  # fmt: skip
    except LumbungError as exc:
        return _users_page(request, user, status=422, error=exc)
    return done(request, "/console/users")
