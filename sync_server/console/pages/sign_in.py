"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from sync_server.console import accounts
from sync_server.console.accounts import SignInRefused
from sync_server.console.pages._common import (
    User,
    router,
)
from sync_server.console.web import (
    LANG_COOKIE,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    action,
    address,
    cookie,
    db_of,
    new_login_token,
    render,
    safe_next,
    secure,
)

# --- sign-in, sign-out, language ---------------------------------------------------------


@router.get("/login")
def login_page(request: Request, next: str = "", why: str = "") -> Response:
    token = new_login_token()
    message = {"expired": "login.expired", "signedout": "login.signedout"}.get(why)
    response = render(
        request, "login.html", login_csrf=token, next=safe_next(next),
        notice=message,
    )  # fmt: skip
    cookie(response, request, LOGIN_COOKIE, token, max_age=3600)
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not accounts.csrf_matches(expected, csrf):
        return render(request, "error.html", status=403, message_key="error.csrf")
    try:
        token, _csrf = accounts.sign_in(
            db_of(request), username, password[:1000], address=address(request)
        )
    except SignInRefused as refused:
        fresh = new_login_token()
        key = "login.locked" if refused.reason == "locked" else "login.failed"
        refusal = render(
            request, "login.html", status=401, login_csrf=fresh, next=safe_next(next),
            failure=key, username=username[:64],
        )  # fmt: skip
        cookie(refusal, request, LOGIN_COOKIE, fresh, max_age=3600)
        return refusal
    response = RedirectResponse(safe_next(next), status_code=303)
    cookie(response, request, SESSION_COOKIE, token)  # a browser-session cookie: no max-age
    cookie(response, request, LOGIN_COOKIE, "", max_age=0)
    return secure(response)


@router.post("/logout")
def logout(request: Request, user: Annotated[User, Depends(action("dashboard"))]) -> Response:
    accounts.sign_out(db_of(request), user, address=address(request))
    response = RedirectResponse("/console/login?why=signedout", status_code=303)
    cookie(response, request, SESSION_COOKIE, "", max_age=0)
    return secure(response)


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str, next: str = "") -> Response:
    """Switch the language for this browser session (a cookie; no state on the server)."""
    response = RedirectResponse(
        safe_next(next) if next != "/console/login" else "/console/login", status_code=303
    )
    cookie(response, request, LANG_COOKIE, "en" if lang == "en" else "id")
    return secure(response)
