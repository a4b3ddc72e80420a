"""Member search by a part of a name on PostgreSQL: a ``pg_trgm`` GIN index on the names.

``ILIKE '%…%'`` cannot use the b-tree of migration 0009, so on PostgreSQL a search for a name
read every name (p95 about 155 ms at 100,000 members, bench/bench_console.py). A trigram GIN
index answers it; it holds the ``name`` rows only (a partial index), which is what the search
reads. SQLite gets nothing: its search goes through the b-tree of migration 0009.

``pg_trgm`` ships with PostgreSQL and is a trusted extension since PostgreSQL 13, so the
database's owner may create it without superuser rights.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_member_fields_name_trgm",
        "member_fields",
        ["value"],
        postgresql_using="gin",
        postgresql_ops={"value": "gin_trgm_ops"},
        postgresql_where=sa.text("field = 'name'"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_member_fields_name_trgm", table_name="member_fields")
    # The extension stays: other objects of the database may use it by now.
