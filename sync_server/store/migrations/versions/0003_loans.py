"""Loans in the central projection: loan sub-ledger rows and loan products.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _stamp(length: int) -> sa.types.TypeEngine[str]:
    # Stamps compare by code point on every replica; PostgreSQL needs the C collation for that.
    return sa.String(length=length).with_variant(
        sa.String(length=length, collation="C"), "postgresql"
    )


def upgrade() -> None:
    op.create_table(
        "loan_movements",
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("source_event_id", sa.Text(), nullable=False),
        sa.Column("loan_id", sa.Text(), nullable=False),
        sa.Column("member_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("on_date", sa.Text(), nullable=False),
        sa.Column("sign", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Text(), nullable=False),
        sa.Column("principal", sa.BigInteger(), nullable=False),
        sa.Column("pokok", sa.BigInteger(), nullable=False),
        sa.Column("jasa", sa.BigInteger(), nullable=False),
        sa.Column("denda", sa.BigInteger(), nullable=False),
        sa.Column("penalty", sa.BigInteger(), nullable=False),
        sa.Column("product_id", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("first_due", sa.Text(), nullable=False),
        sa.Column("global_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "source_event_id"),
    )
    op.create_index("ix_loan_movements_loan", "loan_movements", ["loan_id"], unique=False)
    op.create_table(
        "loan_products",
        sa.Column("product_id", sa.Text(), nullable=False),
        sa.Column("product", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("hlc", _stamp(32), nullable=False),
        sa.Column("device_id", _stamp(64), nullable=False),
        sa.PrimaryKeyConstraint("product_id"),
    )


def downgrade() -> None:
    # Forward-only: the central ledger is never migrated backwards.
    raise NotImplementedError("downgrades are not supported")
