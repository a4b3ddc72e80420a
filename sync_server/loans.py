"""Loans in the central store: sub-ledger rows in and out of the database, and the review rule
for money paid on a loan that did not owe it (already settled, or paid twice offline).

A loan's state is a fold of its rows (:func:`ledger.loans.state.loan_state`); the server keeps
the rows, exactly as every replica does, and folds them when it needs a loan's status.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select

from ledger.events import ReviewCaseOpened
from ledger.ids import uuid7
from ledger.loans.events import LoanRepaid, LoanSettled
from ledger.loans.flow import overpaid
from ledger.loans.state import (
    MOVEMENT_COLUMNS,
    LoanMovement,
    loan_state,
    movement_from_record,
    movement_record,
)
from ledger.money import format_rupiah
from sync_server.store import tables as t

COLUMNS = (*MOVEMENT_COLUMNS, "global_seq")


def to_row(m: LoanMovement, seq: int) -> tuple[Any, ...]:
    return (*movement_record(m), seq)


def from_mapping(row: Any) -> LoanMovement:
    return movement_from_record(row)


def snapshot_row(row: Any) -> dict[str, Any]:
    """A ``loan_row`` snapshot row: the LoanMovement's fields (its ``kind`` as ``row_kind``),
    ``terms`` as a dict or null."""
    data = {c: row[c] for c in COLUMNS if c not in ("global_seq", "on_date", "terms", "kind")}
    data["on"] = row["on_date"]
    data["terms"] = json.loads(row["terms"]) if row["terms"] else None
    data["row_kind"] = row["kind"]  # "kind" names the snapshot row itself
    return {"kind": "loan_row", **data}


def load(conn: Connection, loan_ids: Iterable[str]) -> dict[str, list[tuple[int, LoanMovement]]]:
    """The stored rows of each loan, with the global sequence of the event that added them."""
    wanted = sorted(set(loan_ids))
    rows: dict[str, list[tuple[int, LoanMovement]]] = {loan_id: [] for loan_id in wanted}
    if not wanted:
        return rows
    result = conn.execute(select(t.loan_movements).where(t.loan_movements.c.loan_id.in_(wanted)))
    for row in result.mappings():
        rows[row["loan_id"]].append((row["global_seq"], from_mapping(row)))
    return rows


def overpayment_cases(
    conn: Connection, payments: Sequence[tuple[int, str, LoanRepaid | LoanSettled]]
) -> list[ReviewCaseOpened]:
    """Cases for this batch's repayments and settlements that paid what the loan did not owe.

    ``payments`` are ``(global_seq, event_id, payload)``. Each is judged against the loan as it
    stood before it (:func:`ledger.loans.flow.overpaid`): on a settled or closed loan all of it
    is credit (``payment_on_settled_loan``); on an open loan, principal or interest beyond what
    was left (``loan_overpaid``, two branches took the same instalment offline). The money stays
    booked — it was received — and the supervisor decides the refund.
    """
    if not payments:
        return []
    by_loan = load(conn, (p.loan_id for _, _, p in payments))
    cases = []
    for seq, event_id, payment in payments:
        before = [m for s, m in by_loan[payment.loan_id] if s < seq]
        state = loan_state(payment.loan_id, before)
        credit = overpaid(state, payment)
        if credit.total <= 0:
            continue
        kind = "loan_overpaid" if state.status == "open" else "payment_on_settled_loan"
        cases.append(
            ReviewCaseOpened(
                case_id=uuid7(),
                kind=kind,
                member_id=payment.member_id,
                event_ids=[event_id],
                detail=(
                    f"Pembayaran pinjaman {payment.loan_id} melebihi kewajiban sebesar "
                    f"{format_rupiah(credit.total)} (status pinjaman: {state.status}); "
                    "kelebihannya menjadi hak anggota dan perlu diputuskan."
                ),
                hold=False,
            )
        )
    return cases
