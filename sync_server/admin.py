"""Head office administration: branches, devices, staff, settings, review cases.

Staff accounts, settings and review decisions are not table edits: they become events on the
server's HQ chain (``StaffAccountSet``, ``SettingChanged``, ``ReviewCaseResolved``), stored and
projected like any other, so they replicate to every branch — a teller can log in offline
because the account (with its argon2id hash) is already on the branch PC.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, select

from ledger.devices import device_label, needs_confirmation, number_at
from ledger.errors import ValidationError
from ledger.events import ReviewCaseResolved, SettingChanged, StaffAccountSet
from ledger.ids import uuid7
from ledger.settings import setting_value
from ledger.staff import check_full_name, check_password, check_role, check_username
from sync_server import central, devices
from sync_server.store import tables as t
from sync_server.store.db import Database, migrate

_BRANCH_ID = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")


def init(db: Database) -> bool:
    """Migrate the schema and seed the counters and HQ chain; True if the schema changed."""
    changed = migrate(db)
    with db.write() as conn:
        central.ensure_initialised(conn)
    return changed


# --- branches and devices -------------------------------------------------------------


def add_branch(db: Database, branch_id: str, name: str) -> None:
    if not _BRANCH_ID.match(branch_id):
        raise ValidationError(
            "Kode cabang: huruf besar/angka, maks. 32 karakter (contoh BR01).",
            "Branch id: capitals and digits, up to 32 characters (e.g. BR01).",
        )
    with db.write() as conn:
        exists = conn.execute(
            select(t.branches.c.branch_id).where(t.branches.c.branch_id == branch_id)
        ).first()
        if exists:
            raise ValidationError(
                f"Cabang {branch_id} sudah ada.", f"Branch {branch_id} already exists."
            )
        conn.execute(
            t.branches.insert().values(
                branch_id=branch_id, name=name or branch_id, created_at=central.now_iso()
            )
        )


def list_branches(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        devices: dict[str, int] = dict(
            conn.execute(
                select(t.devices.c.branch_id, func.count())
                .where(t.devices.c.status == "active")
                .group_by(t.devices.c.branch_id)
            ).all()
        )
        rows = conn.execute(select(t.branches).order_by(t.branches.c.branch_id)).mappings()
        return [{**row, "devices": devices.get(row["branch_id"], 0)} for row in rows]


def list_devices(db: Database, branch_id: str | None = None) -> list[dict[str, Any]]:
    """Every device with its number: ``device_no`` is the one it prints now, ``assigned`` a
    new one head office gave that the device has not confirmed yet, ``clash`` the open
    ``device_no_clash`` alarm ids (see :mod:`sync_server.numbering`)."""
    d = t.devices.c
    query = select(
        d.device_id,
        d.branch_id,
        d.name,
        d.status,
        d.last_seq,
        d.enrolled_at,
        d.revoked_at,
        d.last_contact_at,
        d.reported_seq,
        d.reported_waiting,
    ).order_by(d.branch_id, d.device_no, d.enrolled_at)
    if branch_id:
        query = query.where(d.branch_id == branch_id)
    with db.read() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
        numbers = devices.all_numberings(conn)
        clashes: dict[str, list[str]] = {}
        for alarm in devices.open_clashes(conn):
            clashes.setdefault(str(alarm["device_id"]), []).append(str(alarm["alarm_id"]))
    for row in rows:
        entries = numbers.get(row["device_id"], [])
        row["device_no"] = number_at(entries, int(row["last_seq"]) + 1)
        waiting = needs_confirmation(entries, int(row["last_seq"]) + 1)
        row["assigned"] = waiting.device_no if waiting is not None else None
        row["no"] = device_label(row["device_no"], "") or "-"
        if row["assigned"] is not None:
            row["no"] += f" -> {row['assigned']:02d}"
        row["clash"] = ",".join(clashes.get(row["device_id"], []))
        row["last_contact_at"] = row["last_contact_at"] or ""
    return rows


# --- staff ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffInput:
    username: str
    full_name: str
    role: str
    branch_id: str = ""


def hash_password(password: str) -> str:
    """The argon2id hash (the library's current parameters) of ``password`` once
    :func:`ledger.staff.check_password` accepts it."""
    return PasswordHasher().hash(check_password(password))


def _staff_row(db_conn: Any, username: str) -> dict[str, Any]:
    row = db_conn.execute(select(t.staff).where(t.staff.c.username == username)).mappings().first()
    if row is None:
        raise ValidationError(
            f"Pengguna {username} tidak ditemukan.", f"No staff account {username}."
        )
    return dict(row)


def add_user(db: Database, new: StaffInput, password: str, *, actor: str) -> str:
    """Create a staff account; returns its user id (the rules are the branch's own,
    :mod:`ledger.staff`, so every account made here can also be typed at a branch PC)."""
    username = check_username(new.username)
    full_name = check_full_name(new.full_name)
    check_role(new.role)
    password_hash = hash_password(password)
    user_id = uuid7()
    with db.write() as conn:
        if new.branch_id:
            known = conn.execute(
                select(t.branches.c.branch_id).where(t.branches.c.branch_id == new.branch_id)
            ).first()
            if known is None:
                raise ValidationError(
                    f"Cabang {new.branch_id} belum terdaftar.",
                    f"Branch {new.branch_id} is not registered.",
                )
        taken = conn.execute(
            select(t.staff.c.user_id).where(t.staff.c.username == username)
        ).first()
        if taken:
            raise ValidationError(
                f"Nama pengguna {username} sudah dipakai.",
                f"Username {username} is taken.",
                field="username",
            )
        payload = StaffAccountSet(
            user_id=user_id,
            username=username,
            full_name=full_name,
            role=new.role,
            password_hash=password_hash,
            active=True,
            branch_id=new.branch_id,
        )
        central.append_hq(conn, [payload], actor=actor)
    return user_id


def _restate_user(db: Database, username: str, actor: str, **changes: Any) -> None:
    with db.write() as conn:
        row = _staff_row(conn, username)
        fields = {k: row[k] for k in ("user_id", "username", "full_name", "role", "branch_id")}
        fields.update(password_hash=row["password_hash"], active=bool(row["active"]))
        fields.update(changes)
        central.append_hq(conn, [StaffAccountSet(**fields)], actor=actor)


def disable_user(db: Database, username: str, *, actor: str) -> None:
    _restate_user(db, username, actor, active=False)


def reset_password(db: Database, username: str, password: str, *, actor: str) -> None:
    _restate_user(db, username, actor, password_hash=hash_password(password))


def list_users(db: Database) -> list[dict[str, Any]]:
    s = t.staff.c
    with db.read() as conn:
        query = select(s.user_id, s.username, s.full_name, s.role, s.branch_id, s.active)
        return [dict(r) for r in conn.execute(query.order_by(s.username)).mappings()]


# --- settings ---------------------------------------------------------------------------


def set_setting(db: Database, key: str, value: str, *, branch_id: str = "", actor: str) -> str:
    """Set a setting of :mod:`ledger.settings`, cooperative-wide or for one branch; returns
    the value as stored (a number as digits, a switch ``"0"``/``"1"``, a text tidied)."""
    text = setting_value(key, value, branch_id=branch_id)
    with db.write() as conn:
        if branch_id:
            known = conn.execute(
                select(t.branches.c.branch_id).where(t.branches.c.branch_id == branch_id)
            ).first()
            if known is None:
                raise ValidationError(
                    f"Cabang {branch_id} belum terdaftar.", f"Branch {branch_id} is not registered."
                )
        payload = SettingChanged(key=key, value=text, scope=branch_id)
        central.append_hq(conn, [payload], actor=actor)
    return text


def cooperative_name(db: Database, configured: str) -> str:
    """The cooperative's name as head office set it (``setting set cooperative_name``), else
    the server's configured one: what enrolment gives a new PC to print."""
    s = t.settings.c
    with db.read() as conn:
        value = conn.execute(
            select(s.value).where(s.scope == "", s.key == "cooperative_name")
        ).scalar()
    return str(value) if value else configured


def list_settings(db: Database) -> list[dict[str, Any]]:
    s = t.settings.c
    with db.read() as conn:
        rows = conn.execute(select(s.scope, s.key, s.value).order_by(s.scope, s.key)).mappings()
        return [dict(r) for r in rows]


# --- review cases and alarms ---------------------------------------------------------------


def list_cases(db: Database, *, include_resolved: bool = False) -> list[dict[str, Any]]:
    rc = t.review_cases.c
    query = select(t.review_cases).order_by(rc.opened_seq)
    if not include_resolved:
        query = query.where(rc.resolution == "")
    with db.read() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row["event_ids"] = json.loads(row["event_ids"])
    return rows


def resolve_case(
    db: Database,
    case_id: str,
    resolution: str,
    *,
    note: str = "",
    keep_hold: bool = False,
    actor: str,
) -> None:
    if not resolution.strip():
        raise ValidationError("Keputusan wajib diisi.", "A resolution is required.")
    with db.write() as conn:
        row = conn.execute(
            select(t.review_cases.c.resolution).where(t.review_cases.c.case_id == case_id)
        ).first()
        if row is None:
            raise ValidationError(f"Kasus {case_id} tidak ada.", f"No review case {case_id}.")
        if row.resolution:
            raise ValidationError(
                f"Kasus {case_id} sudah diputuskan.", f"Case {case_id} is already resolved."
            )
        payload = ReviewCaseResolved(
            case_id=case_id, resolution=resolution, note=note, release_hold=not keep_hold
        )
        central.append_hq(conn, [payload], actor=actor)


def list_alarms(db: Database) -> list[dict[str, Any]]:
    a = t.alarms.c
    query = select(
        a.alarm_id,
        a.kind,
        a.device_id,
        a.event_id,
        a.device_seq,
        a.detail,
        a.created_at,
        a.resolved_at,
    )
    with db.read() as conn:
        return [dict(r) for r in conn.execute(query.order_by(a.alarm_id)).mappings()]
