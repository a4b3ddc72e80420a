"""Lumbung sync server: central ledger and sync API (FastAPI)."""
