"""End-of-day reconciliation: the branch's reported digest beside the server's, per branch day.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_reconciliations",
        sa.Column("branch_id", sa.Text(), nullable=False),
        sa.Column("business_date", sa.Text(), nullable=False),
        sa.Column("closed_event_id", sa.Text(), nullable=False),
        sa.Column("reported_digest", sa.Text(), nullable=False),
        sa.Column("reported_events", sa.Integer(), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("server_digest", sa.Text(), nullable=False),
        sa.Column("server_events", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("branch_id", "business_date"),
    )


def downgrade() -> None:
    op.drop_table("day_reconciliations")
