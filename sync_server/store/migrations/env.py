"""Alembic environment: always run programmatically by :func:`sync_server.store.db.migrate`,
which hands in an open connection (no alembic.ini, no URL in here)."""

from __future__ import annotations

from alembic import context

from sync_server.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
