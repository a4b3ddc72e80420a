"""Alembic migration environment (run programmatically; see sync_server.store.db.migrate)."""
