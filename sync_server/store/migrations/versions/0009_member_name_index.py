"""Member search by field value: an index on ``member_fields (field, value)``.

The console's member search reads the ``name`` rows only; without this index it read every
profile field of every member (p95 about 180-290 ms at 100,000 members, bench/bench_console.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_member_fields_field_value", "member_fields", ["field", "value"])


def downgrade() -> None:
    op.drop_index("ix_member_fields_field_value", table_name="member_fields")
