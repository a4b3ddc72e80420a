"""Device enrolment and authentication.

Head office issues a one-time code for a branch (``lumbung-server device enroll``); the
installer types it into the new PC, which trades it for a device id and a random bearer token.
The server keeps only SHA-256 hashes of codes and tokens (they are long random strings, so a
plain hash is enough; passwords are a different matter and use argon2id). A code works once and
expires; a revoked device's token stops working at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from ledger.events import GENESIS_HASH
from ledger.ids import uuid7
from ledger.wire import EnrollResponse
from sync_server import numbering
from sync_server.central import now_iso
from sync_server.errors import ServiceError, unauthorized
from sync_server.store import tables as t
from sync_server.store.db import Database

# No 0/O or 1/I/L: codes are read aloud over the phone and typed by hand.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_GROUPS = 3
_CODE_GROUP_LEN = 4


@dataclass(frozen=True)
class AuthDevice:
    """The device a request authenticated as."""

    device_id: str
    branch_id: str


def digest(secret: str) -> str:
    # surrogatepass: a code typed with a stray lone surrogate is just a wrong code, not a crash.
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def normalise_code(code: str) -> str:
    """What the installer typed, without dashes, spaces or case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    groups = (
        "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LEN))
        for _ in range(_CODE_GROUPS)
    )
    return "-".join(groups)


def _usable(code_row: Any, now: dt.datetime) -> bool:
    """A one-time code (enrolment or replacement) not used yet and not expired."""
    return code_row.used_at is None and dt.datetime.fromisoformat(code_row.expires_at) > now


def issue_code(db: Database, branch_id: str, hours: int) -> tuple[str, dt.datetime]:
    """A new one-time code for ``branch_id`` and when it expires.

    Raises:
        ServiceError: unknown branch.
    """
    code = new_code()
    expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=hours)
    with db.write() as conn:
        known = conn.execute(
            select(t.branches.c.branch_id).where(t.branches.c.branch_id == branch_id)
        ).first()
        if known is None:
            raise ServiceError(
                404,
                "not_found",
                f"Cabang {branch_id} belum terdaftar.",
                f"Branch {branch_id} is not registered (add it with `branch add`).",
            )
        conn.execute(
            t.enrolment_codes.insert().values(
                code_hash=digest(normalise_code(code)),
                branch_id=branch_id,
                expires_at=expires.isoformat(),
                created_at=now_iso(),
            )
        )
    return code, expires


def enrol(
    db: Database,
    code: str,
    device_name: str,
    *,
    device_id: str | None = None,
    branch_id: str | None = None,
    cooperative_name: str = "",
    device_no: int | None = None,
) -> EnrollResponse:
    """Trade a one-time code for a device identity, its number in the branch and a token.

    Head office gives the branch's next free number, or ``device_no`` when the installer
    proposed one no other active PC of the branch holds (:mod:`sync_server.numbering`).

    A stand-alone device that already signed events proposes its ``device_id`` (and
    ``branch_id``): accepted if no device holds that id and the branch is the code's.

    Raises:
        ServiceError: 403 ``enrol_code_invalid`` for an unknown, used or expired code; 403
            ``forbidden`` for a proposed branch other than the code's; 409 ``conflict`` for a
            proposed device id already enrolled; 409 ``device_no_taken`` for a proposed
            number another PC holds. The code stays unused after a refusal.
    """
    code_hash = digest(normalise_code(code))
    token = secrets.token_urlsafe(32)
    proposed = device_id
    device_id = device_id or uuid7()
    with db.write() as conn:
        row = conn.execute(
            select(
                t.enrolment_codes.c.branch_id,
                t.enrolment_codes.c.expires_at,
                t.enrolment_codes.c.used_at,
            ).where(t.enrolment_codes.c.code_hash == code_hash)
        ).one_or_none()
        now = dt.datetime.now(dt.UTC)
        if row is None or not _usable(row, now):
            raise ServiceError(
                403,
                "enrol_code_invalid",
                "Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa. "
                "Minta kode baru ke kantor pusat.",
                "Enrolment code unknown, already used or expired. Ask head office for a new one.",
            )
        if branch_id is not None and branch_id != row.branch_id:
            raise ServiceError(
                403,
                "forbidden",
                f"Kode ini untuk cabang {row.branch_id}, perangkat ini milik cabang {branch_id}.",
                f"This code is for branch {row.branch_id}; the device belongs to {branch_id}.",
            )
        if proposed is not None:
            taken = conn.execute(
                select(t.devices.c.device_id).where(t.devices.c.device_id == proposed)
            ).first()
            if taken is not None:
                raise ServiceError(
                    409,
                    "conflict",
                    "Id perangkat ini sudah terdaftar di server; hubungi TI.",
                    f"Device id {proposed} is already enrolled.",
                )
        branch_name = conn.execute(
            select(t.branches.c.name).where(t.branches.c.branch_id == row.branch_id)
        ).scalar()
        conn.execute(
            update(t.enrolment_codes)
            .where(t.enrolment_codes.c.code_hash == code_hash)
            .values(used_at=now.isoformat(timespec="seconds"), device_id=device_id)
        )
        conn.execute(
            t.devices.insert().values(
                device_id=device_id,
                branch_id=row.branch_id,
                name=device_name,
                token_hash=digest(token),
                status="active",
                last_seq=0,
                last_hash=GENESIS_HASH,
                last_hlc="",
                enrolled_at=now_iso(),
            )
        )
        # A stand-alone store joining has printed with its number already: a clash is then an
        # alarm for head office, not a refusal (sync_server.numbering).
        number = numbering.assign_at_enrolment(
            conn, device_id, row.branch_id, device_no, printed=proposed is not None
        )
    return EnrollResponse(
        device_id=device_id,
        branch_id=row.branch_id,
        token=token,
        branch_name=branch_name or row.branch_id,
        cooperative_name=cooperative_name,
        device_no=number,
    )


def authenticate(db: Database, token: str | None) -> AuthDevice:
    """The active device holding bearer ``token``.

    Raises:
        ServiceError: 401 for a missing, unknown or revoked token.
    """
    if not token or len(token) > 200:
        raise unauthorized()
    with db.read() as conn:
        row = conn.execute(
            select(t.devices.c.device_id, t.devices.c.branch_id, t.devices.c.status).where(
                t.devices.c.token_hash == digest(token)
            )
        ).one_or_none()
    if row is None or row.status != "active":
        raise unauthorized()
    return AuthDevice(row.device_id, row.branch_id)


def revoke(db: Database, device_id: str) -> bool:
    """Revoke a device; False if there is no such active device."""
    with db.write() as conn:
        done = conn.execute(
            update(t.devices)
            .where(
                t.devices.c.device_id == device_id,
                t.devices.c.status == "active",
                t.devices.c.token_hash.is_not(None),
            )
            .values(status="revoked", revoked_at=now_iso())
        ).rowcount
    return bool(done)


# --- re-keying a replaced PC -------------------------------------------------------------


@dataclass(frozen=True)
class RekeyCode:
    """A one-time code that re-keys one device, and what head office should check first."""

    code: str
    expires: dt.datetime
    device_id: str
    branch_id: str
    name: str
    status: str
    last_seq: int


def issue_rekey_code(db: Database, device_id: str, hours: int) -> RekeyCode:
    """A one-time code with which a new PC, restored from ``device_id``'s backup, takes over
    that device (``lumbung-server device replace``). The device keeps its id, sequence and
    chain; its current token stops working once the code is used.

    Raises:
        ServiceError: 404 for an unknown device (or the server's own chain).
    """
    code = new_code()
    expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=hours)
    with db.write() as conn:
        row = conn.execute(
            select(
                t.devices.c.branch_id,
                t.devices.c.name,
                t.devices.c.status,
                t.devices.c.last_seq,
                t.devices.c.token_hash,
            ).where(t.devices.c.device_id == device_id)
        ).one_or_none()
        if row is None or row.token_hash is None:
            raise ServiceError(
                404,
                "not_found",
                f"Perangkat {device_id} tidak dikenal.",
                f"No device {device_id} (see `device list`).",
            )
        conn.execute(
            t.rekey_codes.insert().values(
                code_hash=digest(normalise_code(code)),
                device_id=device_id,
                expires_at=expires.isoformat(),
                created_at=now_iso(),
            )
        )
    return RekeyCode(
        code, expires, device_id, row.branch_id, row.name, row.status, int(row.last_seq)
    )


def rekey(
    db: Database,
    code: str,
    device_id: str,
    branch_id: str,
    *,
    last_seq: int,
    last_hash: str,
    device_name: str = "",
    cooperative_name: str = "",
) -> EnrollResponse:
    """Give ``device_id`` a new token in exchange for a code issued for that device only.

    The device row keeps its ``last_seq``, ``last_hash`` and chain, so the restored PC pushes
    what head office has not received yet, each event once. The old token is refused from then
    on (its hash is replaced); a revoked device becomes active again, since head office issued
    the code for it.

    Raises:
        ServiceError: 403 ``enrol_code_invalid`` for an unknown, used or expired code, or one
            issued for another device; 403 ``forbidden`` for another branch; 409 ``conflict``
            when the restored chain is behind (or forks from) what the server holds. The code
            stays unused after a refusal.
    """
    code_hash = digest(normalise_code(code))
    token = secrets.token_urlsafe(32)
    with db.write() as conn:
        row = conn.execute(
            select(
                t.rekey_codes.c.device_id,
                t.rekey_codes.c.expires_at,
                t.rekey_codes.c.used_at,
            ).where(t.rekey_codes.c.code_hash == code_hash)
        ).one_or_none()
        now = dt.datetime.now(dt.UTC)
        if row is None or row.device_id != device_id or not _usable(row, now):
            raise ServiceError(
                403,
                "enrol_code_invalid",
                "Kode penggantian PC tidak dikenal, sudah dipakai, kedaluwarsa, atau untuk "
                "perangkat lain. Minta kode baru ke kantor pusat.",
                "Replacement code unknown, already used, expired or issued for another "
                "device. Ask head office for a new one.",
            )
        dev = conn.execute(
            select(t.devices.c.branch_id, t.devices.c.last_seq, t.devices.c.last_hash).where(
                t.devices.c.device_id == device_id
            )
        ).one()
        if dev.branch_id != branch_id:
            raise ServiceError(
                403,
                "forbidden",
                f"Perangkat ini terdaftar di cabang {dev.branch_id}, bukan {branch_id}.",
                f"This device is enrolled at branch {dev.branch_id}, not {branch_id}.",
            )
        held = int(dev.last_seq)
        if last_seq < held or (last_seq == held and last_hash != dev.last_hash):
            raise ServiceError(
                409,
                "conflict",
                f"Cadangan ini berhenti di transaksi {last_seq}, kantor pusat sudah menerima "
                f"{held} dari perangkat ini. Pakai cadangan yang lebih baru; hubungi TI.",
                f"This backup stops at sequence {last_seq}; head office already holds {held} "
                "from this device (or a different chain). Restore a newer backup.",
            )
        branch_name = conn.execute(
            select(t.branches.c.name).where(t.branches.c.branch_id == branch_id)
        ).scalar()
        conn.execute(
            update(t.rekey_codes)
            .where(t.rekey_codes.c.code_hash == code_hash)
            .values(used_at=now.isoformat(timespec="seconds"))
        )
        values: dict[str, object] = {
            "token_hash": digest(token),
            "status": "active",
            "revoked_at": None,
        }
        if device_name:
            values["name"] = device_name
        conn.execute(update(t.devices).where(t.devices.c.device_id == device_id).values(values))
    return EnrollResponse(
        device_id=device_id,
        branch_id=branch_id,
        token=token,
        branch_name=branch_name or branch_id,
        cooperative_name=cooperative_name,
    )
