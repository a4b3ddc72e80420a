"""Device numbers per branch and per-device sync status.

``device_numbers`` projects DeviceNumbered events: which number a device prints from which of
its own sequences on. The new ``devices`` columns hold what each PC last reported about itself
(for the supervisor's day close) and the number a pre-upgrade PC says it used locally.
``alarms.resolved_at`` lets head office mark a device-number clash as resolved.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_numbers",
        sa.Column("device_id", sa.Text(), nullable=False),
        sa.Column("from_seq", sa.BigInteger(), nullable=False),
        sa.Column("branch_id", sa.Text(), nullable=False),
        sa.Column("device_no", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("global_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "from_seq"),
    )
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("device_no", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("local_device_no", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("last_contact_at", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("reported_seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("reported_waiting", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reported_open_drawers", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reported_at", sa.String(length=32), nullable=True))
    with op.batch_alter_table("alarms") as batch:
        batch.add_column(sa.Column("resolved_at", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alarms") as batch:
        batch.drop_column("resolved_at")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("reported_at")
        batch.drop_column("reported_open_drawers")
        batch.drop_column("reported_waiting")
        batch.drop_column("reported_seq")
        batch.drop_column("last_contact_at")
        batch.drop_column("local_device_no")
        batch.drop_column("device_no")
    op.drop_table("device_numbers")
