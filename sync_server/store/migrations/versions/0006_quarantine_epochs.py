"""Quarantined events and the database's identity (epoch) for restores.

``quarantined_events`` keeps the events of an enrolled device that break a content rule: they
keep their place in the device's chain but enter no projection. ``server_state.epoch`` and
``epochs`` give the database an identity that changes on every restore, with the global
sequence up to which the new identity agrees with the old one.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantined_events",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("device_seq", sa.BigInteger(), nullable=False),
        sa.Column("branch_id", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("business_date", sa.String(length=10), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
        sa.UniqueConstraint("device_id", "device_seq", name="uq_quarantined_device_seq"),
    )
    op.create_table(
        "epochs",
        sa.Column("epoch", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("base_seq", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("epoch"),
    )
    with op.batch_alter_table("server_state") as batch:
        batch.add_column(sa.Column("epoch", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("epoch_base", sa.BigInteger(), nullable=True))
    # A database that exists already gets its first identity now (a new one starts empty and
    # gets it from ensure_initialised).
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM server_state")).scalar():
        epoch = str(uuid.uuid4())
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        conn.execute(sa.text("UPDATE server_state SET epoch = :e, epoch_base = 0"), {"e": epoch})
        conn.execute(
            sa.text(
                "INSERT INTO epochs (epoch, position, base_seq, started_at, note) "
                "VALUES (:e, 1, 0, :t, 'first identity')"
            ),
            {"e": epoch, "t": now},
        )


def downgrade() -> None:
    with op.batch_alter_table("server_state") as batch:
        batch.drop_column("epoch_base")
        batch.drop_column("epoch")
    op.drop_table("epochs")
    op.drop_table("quarantined_events")
