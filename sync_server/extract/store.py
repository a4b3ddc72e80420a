"""The extract's own tables: data-centre credentials and the log of every extract.

A data-centre token is ``dc.`` followed by random text. Device tokens never contain a dot, so
the prefix alone tells the API which kind of caller it has, before any database lookup: the
server refuses a ``dc.`` token everywhere but the extract without costing the sync path a query.
As with device tokens, only a SHA-256 of the token is stored.

The tables are created by the Alembic revision ``0002_datacentre_extract``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, select, update

from ledger.errors import ValidationError
from ledger.ids import uuid7
from sync_server.central import now_iso
from sync_server.enrolment import digest
from sync_server.store.db import Database

TOKEN_PREFIX = "dc."

metadata = MetaData()

datacentre_credentials = Table(
    "datacentre_credentials",
    metadata,
    Column("credential_id", String(36), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
)

extract_log = Table(
    "extract_log",
    metadata,
    Column("log_id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("who", Text, nullable=False),
    Column("channel", String(8), nullable=False),
    Column("policy_sha256", String(64), nullable=False),
    Column("format", String(8), nullable=False),
    Column("table_name", String(16), nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("members", Integer, nullable=False),
)


@dataclass(frozen=True)
class Credential:
    """An active data-centre credential."""

    credential_id: str
    name: str


def is_datacentre_token(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX)


def issue_credential(db: Database, name: str) -> str:
    """A new data-centre token named ``name`` (shown once; only its hash is kept).

    Raises:
        ValidationError: empty or taken name.
    """
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError(
            "Nama kredensial pusat data wajib diisi (maks. 100 karakter).",
            "A data-centre credential needs a name (up to 100 characters).",
            field="name",
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.write() as conn:
        taken = conn.execute(
            select(datacentre_credentials.c.name).where(datacentre_credentials.c.name == name)
        ).first()
        if taken is not None:
            raise ValidationError(
                f"Kredensial '{name}' sudah ada; cabut dulu atau pakai nama lain.",
                f"Credential '{name}' already exists; revoke it or use another name.",
                field="name",
            )
        conn.execute(
            datacentre_credentials.insert().values(
                credential_id=uuid7(), name=name, token_hash=digest(token), created_at=now_iso()
            )
        )
    return token


def revoke_credential(db: Database, name: str) -> bool:
    """Revoke the credential ``name``; False if there is no such active credential."""
    with db.write() as conn:
        done = conn.execute(
            update(datacentre_credentials)
            .where(
                datacentre_credentials.c.name == name,
                datacentre_credentials.c.revoked_at.is_(None),
            )
            .values(revoked_at=now_iso())
        ).rowcount
    return bool(done)


def list_credentials(db: Database) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(
            select(
                datacentre_credentials.c.name,
                datacentre_credentials.c.created_at,
                datacentre_credentials.c.revoked_at,
            ).order_by(datacentre_credentials.c.created_at)
        ).mappings()
        return [dict(r) for r in rows]


def find_credential(db: Database, token: str) -> Credential | None:
    """The active credential holding ``token``, if any."""
    with db.read() as conn:
        row = conn.execute(
            select(datacentre_credentials.c.credential_id, datacentre_credentials.c.name).where(
                datacentre_credentials.c.token_hash == digest(token),
                datacentre_credentials.c.revoked_at.is_(None),
            )
        ).one_or_none()
    return Credential(row.credential_id, row.name) if row is not None else None


def record_extract(
    db: Database,
    *,
    who: str,
    channel: str,
    policy_sha256: str,
    fmt: str,
    table: str,
    row_count: int,
    members: int,
) -> int:
    """Log one extract; returns its log id."""
    with db.write() as conn:
        result = conn.execute(
            extract_log.insert().values(
                at=now_iso(),
                who=who,
                channel=channel,
                policy_sha256=policy_sha256,
                format=fmt,
                table_name=table,
                row_count=row_count,
                members=members,
            )
        )
        key = result.inserted_primary_key
        return int(key[0]) if key else 0


def list_extracts(db: Database, limit: int = 100) -> list[dict[str, Any]]:
    """The newest extracts first."""
    with db.read() as conn:
        rows = conn.execute(
            select(extract_log).order_by(extract_log.c.log_id.desc()).limit(limit)
        ).mappings()
        return [dict(r) for r in rows]
