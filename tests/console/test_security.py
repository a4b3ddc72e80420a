"""Every console page and action refuses a signed-out request and a role that may not use it;
every form needs the session's CSRF token; a session ends on sign-out and after idle time;
repeated wrong passwords lock an account. Against the real server process over HTTP."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import requests
from sqlalchemy import update

from sync_server.console import access, accounts
from sync_server.store import tables as t

from .conftest import PASSWORD, ROLES, Console, csrf_of, sign_in

#: Every page (GET) and the rule that guards it. Detail pages with made-up ids: an allowed
#: role gets 404, a refused one 403 before anything is looked up.
PAGES = {
    "/console/": "dashboard",
    "/console/devices": "devices",
    "/console/staff": "staff",
    "/console/products": "products",
    "/console/settings": "settings",
    "/console/review": "review",
    "/console/review/no-such-case": "review",
    "/console/recon": "recon",
    "/console/recon/NOPE/2020-01-01": "recon",
    "/console/members?q=ni": "members",
    "/console/members/no-such-member": "members",
    "/console/reports": "reports",
    "/console/jobs/no-such-job": "reports",
    "/console/jobs/no-such-job/status": "reports",
    "/console/jobs/no-such-job/download": "reports",
    "/console/extract": "extract",
    "/console/audit": "audit",
    "/console/users": "users",
}
#: Every action (POST) and its rule (sign-out is tested on its own).
ACTIONS = {
    "/console/branches": "devices.write",
    "/console/devices/enrol": "devices.write",
    "/console/devices/no-such-device/revoke": "devices.write",
    "/console/devices/no-such-device/replace": "devices.write",
    "/console/devices/no-such-device/renumber": "devices.write",
    "/console/staff": "staff.write",
    "/console/staff/no-such-user/disable": "staff.write",
    "/console/staff/no-such-user/password": "staff.write",
    "/console/products": "products.write",
    "/console/settings": "settings.write",
    "/console/review/no-such-case/resolve": "review.write",
    "/console/reports": "reports.run",
    "/console/extract": "extract.run",
    "/console/users": "users.write",
    "/console/users/no-such-user/active": "users.write",
}
PUBLIC = {("GET", "/console/login"), ("POST", "/console/login"), ("GET", "/console/lang/{lang}")}


def _shape(path: str) -> str:
    """A concrete path as its route template (``no-such-*``, ``NOPE`` and dates are ids)."""
    path = path.split("?")[0]
    path = re.sub(r"/no-such-[a-z]+", "/{id}", path)
    return re.sub(r"/NOPE/2020-01-01", "/{id}/{id}", path)


def test_the_tables_cover_every_console_route() -> None:
    from sync_server.console import pages

    routes = set()
    for route in pages.router.routes:
        path = getattr(route, "path", "")
        for method in getattr(route, "methods", None) or ():
            if method in ("GET", "POST"):
                routes.add((method, path))
    assert len(routes) > 20
    covered = {("GET", _shape(p)) for p in PAGES} | {("POST", _shape(p)) for p in ACTIONS}
    covered.add(("POST", "/console/logout"))
    templated = {(m, re.sub(r"\{[a-z_]+\}", "{id}", p)) for m, p in routes if (m, p) not in PUBLIC}
    assert templated == covered
    assert set(PAGES.values()) | set(ACTIONS.values()) <= set(access.RULES)


def test_signed_out_requests_go_to_the_sign_in_page(console: Console) -> None:
    for path in PAGES:
        reply = requests.get(console.url + path, allow_redirects=False, timeout=30)
        assert reply.status_code == 303, path
        assert reply.headers["location"].startswith("/console/login?next="), path
    for path in [*ACTIONS, "/console/logout"]:
        reply = requests.post(console.url + path, data={"csrf": "x"}, allow_redirects=False,
                              timeout=30)  # fmt: skip
        assert reply.status_code == 303, path
        assert reply.headers["location"].startswith("/console/login"), path


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_its_pages(console: Console, role: str) -> None:
    http = console.session(role)
    for path, rule in PAGES.items():
        reply = http.get(console.url + path, allow_redirects=False, timeout=30)
        if access.allowed(role, rule):
            assert reply.status_code in (200, 404), (role, path, reply.status_code)
        else:
            assert reply.status_code == 403, (role, path, reply.status_code)
            assert "error.forbidden" not in reply.text  # a message, not a key


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_take_only_its_actions(console: Console, role: str) -> None:
    http = console.session(role)
    csrf = csrf_of(http.get(console.url + "/console/", timeout=30).text)
    for path, rule in ACTIONS.items():
        # The fields are empty or name nothing: an allowed role is refused by the service
        # (422) or finds nothing (404), never by the role check.
        reply = http.post(console.url + path, data={"csrf": csrf}, allow_redirects=False,
                          timeout=30)  # fmt: skip
        if access.allowed(role, rule):
            assert reply.status_code != 403, (role, path, reply.text[:300])
        else:
            assert reply.status_code == 403, (role, path, reply.status_code)


def test_every_form_needs_the_sessions_csrf_token(console: Console) -> None:
    http = console.session("admin")
    other = console.session("admin")
    foreign = csrf_of(other.get(console.url + "/console/", timeout=30).text)
    for path in [*ACTIONS, "/console/logout"]:
        for data in ({}, {"csrf": ""}, {"csrf": foreign}):
            reply = http.post(console.url + path, data=data, allow_redirects=False, timeout=30)
            assert reply.status_code == 403, (path, data)
            assert "kedaluwarsa atau tidak sah" in reply.text
    # The sign-in form's own token (before there is a session) is required too.
    reply = requests.post(
        console.url + "/console/login",
        data={"username": console.user("admin"), "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert reply.status_code == 403
    # Nothing above changed anything: still signed in, no branch added.
    assert http.get(console.url + "/console/", allow_redirects=False, timeout=30).ok


def test_sign_out_ends_the_session(console: Console) -> None:
    http = console.session("manager")
    cookie = http.cookies.get("lumbung_console")
    csrf = csrf_of(http.get(console.url + "/console/", timeout=30).text)
    reply = http.post(console.url + "/console/logout", data={"csrf": csrf},
                      allow_redirects=False, timeout=30)  # fmt: skip
    assert reply.status_code == 303
    # The old cookie, replayed, no longer works.
    replay = requests.get(console.url + "/console/", cookies={"lumbung_console": cookie or ""},
                          allow_redirects=False, timeout=30)  # fmt: skip
    assert replay.status_code == 303
    assert replay.headers["location"].startswith("/console/login")


def test_an_idle_session_ends(console: Console) -> None:
    http = console.session("accountant")
    assert http.get(console.url + "/console/", allow_redirects=False, timeout=30).ok
    token = http.cookies.get("lumbung_console") or ""
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(timespec="seconds")
    with console.db.write() as conn:
        conn.execute(
            update(t.console_sessions)
            .where(t.console_sessions.c.token_hash == accounts._digest(token))
            .values(last_seen_at=long_ago)
        )
    reply = http.get(console.url + "/console/reports", allow_redirects=False, timeout=30)
    assert reply.status_code == 303
    assert "why=expired" in reply.headers["location"]
    assert http.get(console.url + "/console/", allow_redirects=False, timeout=30).status_code == 303
    log = accounts.audit_log(console.db, action_prefix="signout.idle")
    assert any(r["username"] == console.user("accountant") for r in log)


def test_repeated_wrong_passwords_lock_the_account(console: Console) -> None:
    accounts.add_user(console.db, "uji-kunci", "Uji Kunci", "manager", PASSWORD, actor="test")
    for attempt in range(accounts.MAX_FAILURES):
        http = requests.Session()
        csrf = csrf_of(http.get(console.url + "/console/login", timeout=30).text)
        reply = http.post(
            console.url + "/console/login",
            data={"username": "uji-kunci", "password": f"salah-{attempt}", "csrf": csrf},
            allow_redirects=False,
            timeout=30,
        )
        assert reply.status_code == 401
    assert "terkunci" in reply.text
    with pytest.raises(AssertionError):
        sign_in(console.url, "uji-kunci", PASSWORD)  # the right password, refused while locked
    # An admin unlocks it from the accounts page.
    admin = console.session("admin")
    csrf = csrf_of(admin.get(console.url + "/console/users", timeout=30).text)
    reply = admin.post(
        console.url + "/console/users/uji-kunci/active",
        data={"csrf": csrf, "active": "1"},
        allow_redirects=False,
        timeout=30,
    )
    assert reply.status_code == 303
    sign_in(console.url, "uji-kunci", PASSWORD)


def test_cookies_and_headers(console: Console) -> None:
    http = requests.Session()
    page = http.get(console.url + "/console/login", timeout=30)
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    reply = http.post(
        console.url + "/console/login",
        data={"username": console.user("auditor"), "password": PASSWORD,
              "csrf": csrf_of(page.text)},
        allow_redirects=False,
        timeout=30,
    )  # fmt: skip
    set_cookie = reply.headers["set-cookie"]
    session_cookie = next(c for c in set_cookie.split(", lumbung") if "lumbung_console=" in c)
    assert "HttpOnly" in session_cookie
    assert "SameSite=strict" in session_cookie
    assert "Path=/console" in session_cookie
    assert "Secure" not in session_cookie  # plain http here (127.0.0.1); see the https test


def test_cookies_are_secure_over_https(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sync_server import admin
    from sync_server.app import create_app
    from sync_server.config import Settings
    from sync_server.store.db import Database

    db = Database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    admin.init(db)
    accounts.add_user(db, "siti", "Siti", "admin", PASSWORD, actor="test")
    app = create_app(Settings(data_dir=tmp_path), db=db)
    with TestClient(app, base_url="https://console.test") as client:
        page = client.get("/console/login")
        reply = client.post(
            "/console/login",
            data={"username": "siti", "password": PASSWORD, "csrf": csrf_of(page.text)},
            follow_redirects=False,
        )
        assert reply.status_code == 303
        cookies = reply.headers.get_list("set-cookie")
        session_cookie = next(c for c in cookies if c.startswith("lumbung_console="))
        assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    db.dispose()


def test_the_open_redirect_is_closed(console: Console) -> None:
    http = requests.Session()
    page = http.get(console.url + "/console/login?next=https://evil.example/", timeout=30)
    reply = http.post(
        console.url + "/console/login",
        data={"username": console.user("admin"), "password": PASSWORD,
              "csrf": csrf_of(page.text), "next": "//evil.example/"},
        allow_redirects=False,
        timeout=30,
    )  # fmt: skip
    assert reply.headers["location"] == "/console/"
