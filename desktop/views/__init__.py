"""Widgets only: they parse input, submit one op to the store worker, and render the result.

No SQL and no business rules here; rules live in :mod:`ledger` and the store service.
"""
