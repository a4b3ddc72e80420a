"""Sync server tests: real server processes on SQLite and PostgreSQL, spoken to over HTTP."""
