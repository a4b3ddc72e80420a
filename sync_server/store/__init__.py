"""The central store: SQLAlchemy Core tables, Alembic migrations, the single writer."""
