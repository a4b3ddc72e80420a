"""Head-office console accounts, their sign-in, sessions, and the audit log.

Console accounts are not branch staff: branch staff are ``StaffAccountSet`` events replicated to
every PC so a teller can sign in offline; a head-office account never leaves the server. Both
use argon2id password hashes (:func:`sync_server.admin.hash_password`).

A session is a random token in an ``HttpOnly`` cookie; the server keeps only its SHA-256, the
CSRF token every form must carry, and when it was last used. It ends on sign-out, after
``idle_seconds`` without a request, or after :data:`MAX_SESSION_HOURS` in any case.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, select, update

from ledger.errors import ValidationError
from ledger.staff import USERNAME_MAX, check_role, check_username
from sync_server.admin import hash_password
from sync_server.store import tables as t
from sync_server.store.db import Database

ROLES = ("admin", "accountant", "manager", "auditor")
#: Failed sign-ins in a row that lock an account, and for how long.
MAX_FAILURES = 5
LOCK_MINUTES = 15
MAX_SESSION_HOURS = 12
#: A session's last-seen time is written at most this often (each write takes the writer).
TOUCH_SECONDS = 30
_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as long as a wrong
# password and the reply time does not tell which accounts exist.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))

u = t.console_users.c
s = t.console_sessions.c


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """A signed-in console user.

    Attributes:
        username: The account.
        full_name: As shown in the header.
        role: One of :data:`ROLES`.
        csrf: The session's CSRF token (every form carries it back).
        token_hash: The session's key.
    """

    username: str
    full_name: str
    role: str
    csrf: str
    token_hash: str

    @property
    def actor(self) -> str:
        """How head-office events name this user (the CLI's are ``admin-cli``)."""
        return f"console:{self.username}"


class SignInRefused(Exception):
    """Wrong name or password (``reason="failed"``), or a locked account (``"locked"``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- audit log -------------------------------------------------------------------------------


def record(
    conn: Connection, username: str, action: str, target: str = "", detail: str = "",
    address: str = "",
) -> None:  # fmt: skip
    """One line of the audit log, in the caller's write transaction."""
    conn.execute(
        t.console_audit.insert().values(
            at=_iso(now()),
            username=username,
            action=action,
            target=target[:500],
            detail=detail[:2000],
            address=address[:64],
        )
    )


def audit(db: Database, username: str, action: str, target: str = "", detail: str = "",
          address: str = "") -> None:  # fmt: skip
    with db.write() as conn:
        record(conn, username, action, target, detail, address)


def audit_log(db: Database, *, action_prefix: str = "", limit: int = 500) -> list[dict[str, Any]]:
    a = t.console_audit.c
    query = select(t.console_audit).order_by(a.audit_id.desc()).limit(limit)
    if action_prefix:
        query = query.where(a.action.startswith(action_prefix))
    with db.read() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


# --- accounts --------------------------------------------------------------------------------


def add_user(
    db: Database, username: str, full_name: str, role: str, password: str, *, actor: str,
    address: str = "",
) -> None:  # fmt: skip
    """Create a console account (``lumbung-server console-user add`` and the console's own
    accounts page both come here).

    The user name and password rules are branch staff's (:mod:`ledger.staff`); the roles are
    head office's own (:data:`ROLES`).

    Raises:
        ValidationError: a bad username or role, a short password, or a name already taken.
    """
    username = check_username(username)
    check_role(role, ROLES)
    password_hash = hash_password(password)
    with db.write() as conn:
        if conn.execute(select(u.username).where(u.username == username)).first():
            raise ValidationError(
                f"Nama pengguna {username} sudah dipakai.", f"Username {username} is taken."
            )
        conn.execute(
            t.console_users.insert().values(
                username=username,
                full_name=full_name.strip() or username,
                role=role,
                password_hash=password_hash,
                active=True,
                failed_attempts=0,
                locked_until=None,
                created_at=_iso(now()),
            )
        )
        record(conn, actor, "console_user.add", username, f"role={role}", address)


def set_active(db: Database, username: str, active: bool, *, actor: str, address: str = "") -> None:
    """Enable (which also unlocks) or disable a console account."""
    with db.write() as conn:
        values: dict[str, Any] = {"active": active}
        if active:
            values.update(failed_attempts=0, locked_until=None)
        done = conn.execute(
            update(t.console_users).where(u.username == username).values(values)
        ).rowcount
        if not done:
            raise ValidationError(
                f"Akun {username} tidak ditemukan.", f"No console account {username}."
            )
        if not active:  # a disabled account's open sessions end now
            conn.execute(
                update(t.console_sessions)
                .where(s.username == username, s.ended_at.is_(None))
                .values(ended_at=_iso(now()))
            )
        action = "console_user.enable" if active else "console_user.disable"
        record(conn, actor, action, username, "", address)


def list_users(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(
            select(u.username, u.full_name, u.role, u.active, u.failed_attempts, u.locked_until,
                   u.created_at).order_by(u.username)
        ).mappings()  # fmt: skip
        return [dict(r) for r in rows]


# --- sign-in and sessions ------------------------------------------------------------------


def sign_in(db: Database, username: str, password: str, *, address: str = "") -> tuple[str, str]:
    """Check a password and open a session: ``(session token, csrf token)``.

    :data:`MAX_FAILURES` wrong passwords in a row lock the account for :data:`LOCK_MINUTES`;
    while locked even the right password is refused. Every attempt is in the audit log.

    Raises:
        SignInRefused: ``"failed"`` or ``"locked"``.
    """
    username = username.strip().lower()[:USERNAME_MAX]
    with db.read() as conn:
        row = conn.execute(select(t.console_users).where(u.username == username)).first()
    moment = now()
    if row is None or not row.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        audit(db, username, "signin.failed", username, "unknown or disabled", address)
        raise SignInRefused("failed")
    if row.locked_until and dt.datetime.fromisoformat(row.locked_until) > moment:
        audit(db, username, "signin.locked", username, "", address)
        raise SignInRefused("locked")
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        with db.write() as conn:
            # Counted in the writer's transaction: attempts at the same moment all count.
            failures = int(
                conn.execute(
                    update(t.console_users)
                    .where(u.username == username)
                    .values(failed_attempts=u.failed_attempts + 1)
                    .returning(u.failed_attempts)
                ).scalar_one()
            )
            detail = f"attempt {failures}"
            if failures >= MAX_FAILURES:
                until = _iso(moment + dt.timedelta(minutes=LOCK_MINUTES))
                conn.execute(
                    update(t.console_users)
                    .where(u.username == username)
                    .values(failed_attempts=0, locked_until=until)
                )
                detail += f"; locked {LOCK_MINUTES} min"
            record(conn, username, "signin.failed", username, detail, address)
        raise SignInRefused("locked" if failures >= MAX_FAILURES else "failed") from None
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with db.write() as conn:
        # Sessions unused for a day are over whatever their state: keep the table small.
        stale = _iso(moment - dt.timedelta(days=1))
        conn.execute(t.console_sessions.delete().where(s.last_seen_at < stale))
        values: dict[str, Any] = {"failed_attempts": 0, "locked_until": None}
        if _hasher.check_needs_rehash(row.password_hash):
            values["password_hash"] = _hasher.hash(password)
        conn.execute(update(t.console_users).where(u.username == username).values(values))
        conn.execute(
            t.console_sessions.insert().values(
                token_hash=_digest(token),
                username=username,
                csrf=csrf,
                created_at=_iso(moment),
                last_seen_at=_iso(moment),
                ended_at=None,
            )
        )
        record(conn, username, "signin", username, "", address)
    return token, csrf


def session_of(db: Database, token: str | None, idle_seconds: int) -> Principal | None:
    """The user a session token belongs to, or None (no such session, ended, idle too long,
    too old, or the account was disabled). Using a session keeps it alive."""
    if not token or len(token) > 200:
        return None
    key = _digest(token)
    with db.read() as conn:
        row = conn.execute(
            select(s.username, s.csrf, s.created_at, s.last_seen_at, s.ended_at,
                   u.full_name, u.role, u.active)
            .join(t.console_users, u.username == s.username)
            .where(s.token_hash == key)
        ).first()  # fmt: skip
    if row is None or row.ended_at is not None or not row.active:
        return None
    moment = now()
    seen = dt.datetime.fromisoformat(row.last_seen_at)
    created = dt.datetime.fromisoformat(row.created_at)
    idle = (moment - seen).total_seconds() > idle_seconds
    if idle or moment - created > dt.timedelta(hours=MAX_SESSION_HOURS):
        with db.write() as conn:
            conn.execute(
                update(t.console_sessions).where(s.token_hash == key).values(ended_at=_iso(moment))
            )
            record(conn, row.username, "signout.idle" if idle else "signout.expired", "", "")
        return None
    if (moment - seen).total_seconds() >= min(TOUCH_SECONDS, idle_seconds / 2):
        with db.write() as conn:
            conn.execute(
                update(t.console_sessions)
                .where(s.token_hash == key)
                .values(last_seen_at=_iso(moment))
            )
    return Principal(row.username, row.full_name, row.role, row.csrf, key)


def sign_out(db: Database, principal: Principal, *, address: str = "") -> None:
    with db.write() as conn:
        conn.execute(
            update(t.console_sessions)
            .where(s.token_hash == principal.token_hash)
            .values(ended_at=_iso(now()))
        )
        record(conn, principal.username, "signout", "", "", address)


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and secrets.compare_digest(expected, given or "")
