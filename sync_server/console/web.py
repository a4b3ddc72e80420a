"""The console's request plumbing: templates, language, the session and role checks, CSRF,
and the security headers every console response carries."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ledger.errors import LumbungError
from ledger.money import format_rupiah
from sync_server.config import ENV_PREFIX
from sync_server.console import access, catalogue
from sync_server.console.accounts import Principal, csrf_matches, session_of

HERE = Path(__file__).parent
SESSION_COOKIE = "lumbung_console"
#: Before sign-in there is no session: the sign-in form's CSRF token is a double-submit cookie.
LOGIN_COOKIE = "lumbung_console_login"
LANG_COOKIE = "lumbung_lang"
FLASH_COOKIE = "lumbung_flash"
PATH = "/console"
DEFAULT_IDLE_SECONDS = 15 * 60

templates = Jinja2Templates(directory=str(HERE / "templates"))


def _when(stamp: str | None) -> str:
    """An ISO UTC time stamp as ``2026-12-04 03:03 UTC`` (a date stays a date)."""
    if not stamp or "T" not in stamp:
        return stamp or ""
    return stamp[:16].replace("T", " ") + " UTC"


templates.env.filters["when"] = _when


def idle_seconds() -> int:
    """``LUMBUNG_SERVER_CONSOLE_IDLE_SECONDS`` (default 15 minutes)."""
    value = os.environ.get(ENV_PREFIX + "CONSOLE_IDLE_SECONDS", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_IDLE_SECONDS


def language(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, "")
    return lang if lang in catalogue.LANGUAGES else catalogue.DEFAULT_LANGUAGE


def address(request: Request) -> str:
    return request.client.host if request.client else ""


def db_of(request: Request) -> Any:
    """The app's :class:`sync_server.store.db.Database` (routes hand it to service functions)."""
    return request.app.state.db


class SignInNeeded(Exception):
    """No valid session: GETs go to the sign-in page (and come back), anything else too."""

    def __init__(self, expired: bool) -> None:
        super().__init__("sign-in needed")
        self.expired = expired


class Refused(Exception):
    """403: the role may not, or the form's CSRF token is missing or wrong."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class NotFound(Exception):
    pass


def _principal(request: Request) -> Principal:
    token = request.cookies.get(SESSION_COOKIE)
    principal = session_of(db_of(request), token, idle_seconds())
    if principal is None:
        raise SignInNeeded(expired=bool(token))
    request.state.principal = principal
    return principal


def page(rule: str) -> Callable[[Request], Principal]:
    """Dependency: a signed-in user whose role may open ``rule``."""

    def dependency(request: Request) -> Principal:
        principal = _principal(request)
        if not access.allowed(principal.role, rule):
            raise Refused("error.forbidden")
        return principal

    return dependency


def action(rule: str) -> Callable[..., Principal]:
    """Dependency for a form post: signed in, role allowed, and the session's CSRF token."""

    def dependency(request: Request, csrf: str = Form("")) -> Principal:
        principal = _principal(request)
        if not csrf_matches(principal.csrf, csrf):
            raise Refused("error.csrf")
        if not access.allowed(principal.role, rule):
            raise Refused("error.forbidden")
        return principal

    return dependency


def secure(response: Response) -> Response:
    """Headers for every console page: no framing, no foreign scripts, no caching."""
    h = response.headers
    h["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    h["X-Frame-Options"] = "DENY"
    h["X-Content-Type-Options"] = "nosniff"
    h["Referrer-Policy"] = "no-referrer"
    h.setdefault("Cache-Control", "no-store")
    return response


def cookie(response: Response, request: Request, name: str, value: str, **kw: Any) -> None:
    """A console cookie: HttpOnly, SameSite=Strict, Secure when served over https."""
    response.set_cookie(
        name,
        value,
        path=kw.pop("path", PATH),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        **kw,
    )


def render(
    request: Request, template: str, principal: Principal | None = None, *, status: int = 200,
    **context: Any,
) -> HTMLResponse:  # fmt: skip
    lang = language(request)

    def _(key: str) -> str:
        return catalogue.text(key, lang)

    flash = unquote(request.cookies.get(FLASH_COOKIE, ""))
    # Where the language switch comes back to: this page, unless it answered a form (a POST
    # address cannot be fetched again), then the dashboard.
    here = PATH + "/"
    if request.method == "GET":
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    error = context.pop("error", None)
    error_key = context.pop("error_key", None)
    if error_key:
        error = _(error_key)
    if isinstance(error, LumbungError):
        error = error.message(lang)
    nav = []
    if principal is not None:
        nav = [
            (path, _(key), request.url.path == path or
             (path != "/console/" and request.url.path.startswith(path)))
            for rule, path, key in access.NAVIGATION
            if access.allowed(principal.role, rule)
        ]  # fmt: skip
    response = templates.TemplateResponse(
        request,
        template,
        {
            "_": _,
            "lang": lang,
            "user": principal,
            "csrf": principal.csrf if principal else "",
            "nav": nav,
            "flash": flash,
            "error": error,
            "rupiah": format_rupiah,
            "label": (lambda prefix, key: catalogue.label(prefix, key, lang)),
            "can": (lambda rule: principal is not None and access.allowed(principal.role, rule)),
            "here": here,
            **context,
        },
        status_code=status,
    )
    if flash:
        response.delete_cookie(FLASH_COOKIE, path=PATH)
    return secure(response)  # type: ignore[return-value]


def done(request: Request, to: str, message_key: str = "done", text: str = "") -> Response:
    """303 to ``to`` after a change, with a one-time message."""
    response = RedirectResponse(to, status_code=303)
    message = text or catalogue.text(message_key, language(request))
    cookie(response, request, FLASH_COOKIE, quote(message), max_age=60)
    return secure(response)


def safe_next(target: str | None) -> str:
    """Only a console path: never an open redirect."""
    if target and target.startswith(PATH + "/") and not target.startswith("//"):
        return target
    return PATH + "/"


def new_login_token() -> str:
    return secrets.token_urlsafe(32)
