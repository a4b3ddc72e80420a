"""First-run setup, staff accounts and logins.

Staff accounts are events (``StaffAccountSet``) so they replicate and a teller can log in at
any branch PC offline; passwords are argon2id hashes. Failed logins are counted per user name
in the device's own table, not in events: a lockout protects this PC and must survive a restart,
but it is not cooperative-wide state.
"""

from __future__ import annotations

import re

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from desktop.counter.context import Context
from desktop.counter.errors import AccountLocked, LoginFailed, NotPermitted
from desktop.counter.records import StaffUser
from ledger.errors import LumbungError, ValidationError
from ledger.events import StaffAccountSet
from ledger.ids import uuid7
from ledger.members import clean_text
from ledger.staff import check_full_name, check_password, check_role, check_username

MAX_FAILURES = 5
LOCKOUT_MS = 5 * 60 * 1000

_BRANCH = re.compile(r"^[A-Z0-9]{2,10}$")


def _staff_user(payload: StaffAccountSet) -> StaffUser:
    return StaffUser(
        payload.user_id, payload.username, payload.full_name, payload.role, payload.active
    )


def initialise(
    ctx: Context,
    *,
    cooperative_name: str,
    branch_id: str,
    branch_name: str,
    device_no: int,
    supervisor_username: str,
    supervisor_full_name: str,
    supervisor_password: str,
) -> StaffUser:
    """First run: this device's identity and the branch's first supervisor, in one commit."""
    if ctx.store.identity is not None:
        raise LumbungError("Perangkat ini sudah disiapkan.", "This device is already set up.")
    cooperative = clean_text(cooperative_name)
    if len(cooperative) < 3:
        raise ValidationError(
            "Nama koperasi wajib diisi.",
            "The cooperative name is required.",
            field="cooperative_name",
        )
    branch = branch_id.strip().upper()
    if not _BRANCH.match(branch):
        raise ValidationError(
            "Kode cabang 2-10 huruf besar/angka (contoh: BR01).",
            "Branch codes are 2-10 capital letters or digits (e.g. BR01).",
            field="branch_id",
        )
    name = clean_text(branch_name)
    if len(name) < 2:
        raise ValidationError(
            "Nama cabang wajib diisi.", "The branch name is required.", field="branch_name"
        )
    if not isinstance(device_no, int) or not 1 <= device_no <= 99:
        raise ValidationError(
            "Nomor perangkat 1-99.", "The device number is 1-99.", field="device_no"
        )
    username = check_username(supervisor_username)
    full_name = check_full_name(supervisor_full_name)
    password_hash = ctx.hasher.hash(check_password(supervisor_password))
    with ctx.store.transaction():
        ctx.store.create_identity(
            device_no=device_no, branch_id=branch, branch_name=name, cooperative_name=cooperative
        )
        payload = StaffAccountSet(
            user_id=uuid7(),
            username=username,
            full_name=full_name,
            role="supervisor",
            password_hash=password_hash,
            active=True,
            branch_id=branch,
        )
        ctx.store.append(
            payload, actor=payload.user_id, business_date=ctx.business_date().isoformat()
        )
    return _staff_user(payload)


def add_staff(
    ctx: Context, *, actor: StaffUser, username: str, full_name: str, role: str, password: str
) -> StaffUser:
    check_role(role)
    name = check_username(username)
    full = check_full_name(full_name)
    password_hash = ctx.hasher.hash(check_password(password))
    with ctx.store.transaction():
        boss = ctx.require_supervisor(actor, "menambah staf", "add staff")
        if role == "admin" and boss.role != "admin":
            raise NotPermitted(
                "Hanya admin kantor pusat yang boleh membuat akun admin.",
                "Only a head office admin may create admin accounts.",
            )
        if ctx.conn.execute("SELECT 1 FROM staff WHERE username = ?", (name,)).fetchone():
            raise ValidationError(
                f"Nama pengguna {name} sudah dipakai.",
                f"User name {name} is taken.",
                field="username",
            )
        payload = StaffAccountSet(
            user_id=uuid7(),
            username=name,
            full_name=full,
            role=role,
            password_hash=password_hash,
            active=True,
            branch_id=ctx.identity.branch_id,
        )
        ctx.store.append(payload, actor=boss.user_id, business_date=ctx.business_date().isoformat())
    return _staff_user(payload)


def _verify(ctx: Context, password_hash: str, password: str) -> bool:
    try:
        return bool(ctx.hasher.verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(ctx: Context, username: str, password: str) -> StaffUser:
    """Check a login.

    Raises:
        AccountLocked: 5 failures in a row lock the user name for 5 minutes (also on the fifth).
        LoginFailed: wrong user name or password, or an inactive account.
    """
    name = username.strip().lower()
    now = ctx.store.wall_ms()
    lock = ctx.conn.execute(
        "SELECT failures, locked_until_ms FROM login_failures WHERE username = ?", (name,)
    ).fetchone()
    if lock is not None and lock[1] > now:
        raise AccountLocked(max(1, -(-(lock[1] - now) // 60_000)))
    row = ctx.conn.execute(
        "SELECT user_id, username, full_name, role, active, password_hash FROM staff"
        " WHERE username = ?",
        (name,),
    ).fetchone()
    ok = row is not None and bool(row[4]) and _verify(ctx, row[5], password)
    with ctx.store.transaction() as conn:
        if ok:
            conn.execute("DELETE FROM login_failures WHERE username = ?", (name,))
        else:
            failures = (lock[0] if lock is not None and lock[1] == 0 else 0) + 1
            locked_until = now + LOCKOUT_MS if failures >= MAX_FAILURES else 0
            conn.execute(
                "INSERT OR REPLACE INTO login_failures (username, failures, locked_until_ms)"
                " VALUES (?, ?, ?)",
                (name, 0 if locked_until else failures, locked_until),
            )
    if not ok:
        if locked_until:
            raise AccountLocked(LOCKOUT_MS // 60_000)
        raise LoginFailed()
    assert row is not None
    return StaffUser(row[0], row[1], row[2], row[3], True)


def authorise(ctx: Context, username: str, password: str, *, for_user: StaffUser) -> StaffUser:
    """A supervisor's credentials typed at the teller's screen for one transaction."""
    supervisor = authenticate(ctx, username, password)
    if not supervisor.is_supervisor:
        raise NotPermitted(
            "Otorisasi hanya dapat diberikan oleh supervisor.",
            "Only a supervisor can authorise.",
        )
    if supervisor.user_id == for_user.user_id:
        raise NotPermitted(
            "Otorisasi harus diberikan oleh supervisor lain, bukan oleh pelaku transaksi.",
            "Authorisation must come from another supervisor, not the person posting.",
        )
    return supervisor


def staff_list(ctx: Context) -> list[StaffUser]:
    return [
        StaffUser(r[0], r[1], r[2], r[3], bool(r[4]))
        for r in ctx.conn.execute(
            "SELECT user_id, username, full_name, role, active FROM staff ORDER BY full_name"
        )
    ]


def get_staff(ctx: Context, user_id: str) -> StaffUser | None:
    row = ctx.staff_row(user_id)
    if row is None:
        return None
    return StaffUser(
        row["user_id"], row["username"], row["full_name"], row["role"], bool(row["active"])
    )
