"""The console's pages: thin routes that check the user, call the same functions the
``lumbung-server`` CLI calls (:mod:`sync_server.admin`, :mod:`sync_server.enrolment`,
:mod:`sync_server.loan_products`, :mod:`sync_server.recon`, the reports and the extract), record
the change in the audit log, and render a template."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import segno
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from markupsafe import Markup

from ledger.errors import LumbungError, ValidationError
from ledger.loans.products import FREQUENCIES, METHODS
from sync_server import admin, enrolment, loan_products, numbering, recon
from sync_server.config import Settings
from sync_server.console import access, accounts, jobs, overview, reporting
from sync_server.console.accounts import Principal, SignInRefused
from sync_server.console.web import (
    LANG_COOKIE,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    NotFound,
    action,
    address,
    cookie,
    db_of,
    done,
    language,
    new_login_token,
    page,
    render,
    safe_next,
    secure,
)

router = APIRouter(prefix="/console", include_in_schema=False)

User = Principal


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _runner(request: Request) -> jobs.JobRunner:
    runner: jobs.JobRunner = request.app.state.console_jobs
    return runner


def _audit(
    request: Request, user: Principal, what: str, target: str = "", detail: str = ""
) -> None:
    accounts.audit(db_of(request), user.username, what, target, detail, address(request))


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
    _audit(request, user, "branch.add", branch_id, name)
    return done(request, "/console/devices")


@router.post("/devices/enrol")
def device_enrol(
    request: Request,
    user: Annotated[User, Depends(action("devices.write"))],
    branch_id: Annotated[str, Form()] = "",
) -> Response:
    hours = _settings(request).enrol_code_hours
    try:
        code, expires = enrolment.issue_code(db_of(request), branch_id, hours)
    except LumbungError as exc:
        return _devices_page(request, user, status=422, error=exc)
    _audit(request, user, "device.enrol_code", branch_id, f"valid until {expires.isoformat()}")
    return render(
        request, "code.html", user, code=code, qr=_qr(code), expires=expires.isoformat(),
        branch_id=branch_id, rekey=None,
    )  # fmt: skip


@router.post("/devices/{device_id}/replace")
def device_replace(
    request: Request, device_id: str, user: Annotated[User, Depends(action("devices.write"))]
) -> Response:
    hours = _settings(request).enrol_code_hours
    try:
        issued = enrolment.issue_rekey_code(db_of(request), device_id, hours)
    except LumbungError as exc:
        return _devices_page(request, user, status=422, error=exc)
    _audit(request, user, "device.replace_code", device_id, f"branch {issued.branch_id}")
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
    _audit(request, user, "device.revoke", device_id)
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
    _audit(request, user, "device.renumber", device_id, f"{given:02d}")
    return done(request, "/console/devices")


# --- branch staff ------------------------------------------------------------------------------


def _staff_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    db = db_of(request)
    return render(
        request, "staff.html", user, status=status, staff=admin.list_users(db),
        branches=admin.list_branches(db), roles=admin.ROLES, **extra,
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
    _audit(request, user, "staff.add", username, f"role={role} branch={branch_id}")
    return done(request, "/console/staff")


@router.post("/staff/{username}/disable")
def staff_disable(
    request: Request, username: str, user: Annotated[User, Depends(action("staff.write"))]
) -> Response:
    try:
        admin.disable_user(db_of(request), username, actor=user.actor)
    except LumbungError as exc:
        return _staff_page(request, user, status=422, error=exc)
    _audit(request, user, "staff.disable", username)
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
    _audit(request, user, "staff.reset_password", username)
    return done(request, "/console/staff")


# --- loan products and settings -----------------------------------------------------------------

_INT_FIELDS = (
    "rate_bp", "min_rate_bp", "max_rate_bp", "min_amount", "max_amount", "min_tenor",
    "max_tenor", "admin_fee_bp", "provision_fee_bp",
)  # fmt: skip


def _products_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    return render(
        request, "products.html", user, status=status,
        products=loan_products.list_products(db_of(request)), methods=METHODS,
        frequencies=FREQUENCIES, **extra,
    )  # fmt: skip


@router.get("/products")
def products(
    request: Request, user: Annotated[User, Depends(page("products"))], edit: str = ""
) -> Response:
    """The products; ``edit`` fills the form with one product's current definition."""
    current = _product(request, edit) if edit else None
    return _products_page(request, user, form=current)


def _product(request: Request, product_id: str) -> dict[str, Any] | None:
    found = [
        p for p in loan_products.list_products(db_of(request)) if p["product_id"] == product_id
    ]
    return found[0] if found else None


@router.post("/products")
async def product_define(
    request: Request, user: Annotated[User, Depends(action("products.write"))]
) -> Response:
    form = await request.form()
    data: dict[str, Any] = {
        k: str(form.get(k, "")).strip()
        for k in ("product_id", "code", "name", "method", "frequency")
    }
    try:
        for name in _INT_FIELDS:
            raw = str(form.get(name, "")).strip().replace(".", "")
            if raw:
                if not raw.lstrip("-").isdigit():
                    raise ValidationError(
                        f"{name}: isi bilangan bulat.", f"{name}: a whole number.", field=name
                    )
                data[name] = int(raw)
        active = form.get("active") == "1"
        # Redefining keeps what the form does not show (late fees, kolektibilitas days, ...
        # as `loan-product define` set them): the form's fields go over the current definition.
        current = await _in_thread(_product, request, data["product_id"]) or {}
        current.pop("active", None)
        data = {**current, **data}
        product = await _in_thread(
            loan_products.define, db_of(request), data, active=active, actor=user.actor
        )
    except LumbungError as exc:
        refusal: Response = await _in_thread(
            _products_page, request, user, status=422, error=exc,
            form={**dict(form), "active": form.get("active", "")},
        )  # fmt: skip
        return refusal
    await _in_thread(
        _audit, request, user, "loan_product.define", product.product_id,
        f"{product.name} ({product.method}) active={active}",
    )  # fmt: skip
    return done(request, "/console/products")


async def _in_thread(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a blocking (database) call off the event loop, as FastAPI does for plain routes."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args, **kwargs)


def _settings_page(request: Request, user: Principal, status: int = 200, **extra: Any) -> Response:
    db = db_of(request)
    return render(
        request, "settings.html", user, status=status, settings=admin.list_settings(db),
        keys=(*admin.SETTING_KEYS, *admin.TEXT_SETTING_KEYS), branches=admin.list_branches(db),
        **extra,
    )  # fmt: skip


@router.get("/settings")
def settings_page(request: Request, user: Annotated[User, Depends(page("settings"))]) -> Response:
    return _settings_page(request, user)


@router.post("/settings")
def setting_set(
    request: Request,
    user: Annotated[User, Depends(action("settings.write"))],
    key: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
    branch_id: Annotated[str, Form()] = "",
) -> Response:
    try:
        admin.set_setting(db_of(request), key, value, branch_id=branch_id, actor=user.actor)
    except LumbungError as exc:
        return _settings_page(request, user, status=422, error=exc)
    _audit(request, user, "setting.set", key, f"{value} scope={branch_id or 'all'}")
    return done(request, "/console/settings")


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
    _audit(request, user, "review.resolve", case_id, resolution)
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
        _audit(request, user, "member.search", q, f"{len(found)} found")
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
    _audit(request, user, "member.view", member_id, found["member_no"])
    masked = user.role not in access.MEMBER_DETAIL
    if masked:
        found["nik"] = overview.mask(found["nik"])
        for name in overview.SENSITIVE_FIELDS:
            if name in found["fields"]:
                found["fields"][name] = overview.mask(str(found["fields"][name]))
        for line in found["history"]:
            line["summary"] = ""  # payloads repeat what is masked
    return render(request, "member.html", user, member=found, masked=masked)


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
    cooperative = admin.cooperative_name(db_of(request), _settings(request).cooperative_name)
    params = {"kind": kind, "day": day, "start": start, "branch": branch, "member": member,
              "format": format, "cooperative": cooperative}  # fmt: skip
    job_kind = "journal-period" if kind == "journal-period" else "report"
    job_id = _runner(request).submit(job_kind, params, user.username)
    _audit(request, user, "report.start", kind, f"job {job_id} {day} {branch} {member}")
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
    _audit(request, user, "report.download", job_id, result.name)
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
    params = {"kind": "extract-dry-run", "policy": _settings(request).extract_policy,
              "format": "txt", "day": dt.date.today().isoformat()}  # fmt: skip
    job_id = _runner(request).submit("extract-dry-run", params, user.username)
    _audit(request, user, "extract.dry_run", "", f"job {job_id}")
    return secure(RedirectResponse(f"/console/jobs/{job_id}", status_code=303))


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
