"""Loans in the device store: the loan sub-ledger rows, a per-loan summary, and the products.

* ``loan_movements`` holds every :class:`ledger.loans.state.LoanMovement` that
  :func:`ledger.projection.effects_of` (or a reversal) yields, written by the projector in the
  event's own transaction. A loan's state is the fold of its rows
  (:func:`ledger.loans.state.loan_state`), exactly as in the reference projection.
* ``loans`` is that fold cut to what lists need (member, status, outstanding principal),
  refreshed from the rows whenever a loan's rows change, so the counter can list open loans or
  a member's loans without folding every loan of the branch.
* ``loan_products`` keeps the latest ``LoanProductDefined`` per product by (HLC, device id),
  last writer wins like settings.

:func:`load_snapshot_row` takes the server's ``loan_product`` and ``loan_row`` snapshot rows (a
new device's bootstrap) into the same tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from ledger.events import Event, Reversed
from ledger.loans.events import LOAN_PAYLOADS, LoanProductDefined
from ledger.loans.products import LoanProduct, LoanTerms
from ledger.loans.state import (
    MOVEMENT_COLUMNS,
    LoanMovement,
    LoanState,
    loan_movements,
    loan_state,
    movement_from_record,
    movement_record,
)

_COLUMNS = MOVEMENT_COLUMNS
_INSERT = (
    f"INSERT INTO loan_movements ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM loan_movements"


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _movement(row: tuple[Any, ...]) -> LoanMovement:
    return movement_from_record(dict(zip(_COLUMNS, row, strict=True)))


def insert_movements(conn: sqlite3.Connection, movements: Iterable[LoanMovement]) -> None:
    """Add sub-ledger rows and refresh the summary of each loan they touch (caller's txn)."""
    rows = list(movements)
    if not rows:
        return
    conn.executemany(_INSERT, [movement_record(m) for m in rows])
    for loan_id in sorted({m.loan_id for m in rows}):
        refresh_summary(conn, loan_id)


def movements(conn: sqlite3.Connection, loan_id: str) -> list[LoanMovement]:
    return [_movement(r) for r in conn.execute(f"{_SELECT} WHERE loan_id = ?", (loan_id,))]


def state(conn: sqlite3.Connection, loan_id: str) -> LoanState:
    """The loan as its rows say it stands (status ``"void"`` for an unknown loan)."""
    return loan_state(loan_id, movements(conn, loan_id))


def states(conn: sqlite3.Connection, loan_ids: Iterable[str] | None = None) -> dict[str, LoanState]:
    """Several loans' states in one read (every loan when ``loan_ids`` is None)."""
    by_loan: dict[str, list[LoanMovement]] = {}
    if loan_ids is None:
        cursor = conn.execute(f"{_SELECT} ORDER BY loan_id")
        for r in cursor:
            m = _movement(r)
            by_loan.setdefault(m.loan_id, []).append(m)
    else:
        wanted = sorted(set(loan_ids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for r in conn.execute(f"{_SELECT} WHERE loan_id IN ({marks})", chunk):
                m = _movement(r)
                by_loan.setdefault(m.loan_id, []).append(m)
    return {loan_id: loan_state(loan_id, rows) for loan_id, rows in sorted(by_loan.items())}


def refresh_summary(conn: sqlite3.Connection, loan_id: str) -> None:
    s = state(conn, loan_id)
    applied = conn.execute(
        "SELECT min(on_date) FROM loan_movements WHERE loan_id = ? AND kind = 'applied'",
        (loan_id,),
    ).fetchone()[0]
    conn.execute(
        "INSERT OR REPLACE INTO loans (loan_id, member_id, branch_id, product_id, status,"
        " principal, outstanding, applied_on, disbursed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            loan_id,
            s.member_id,
            s.branch_id,
            s.product_id,
            s.status,
            s.terms.principal if s.terms else 0,
            s.outstanding_principal,
            applied or "",
            s.disbursed_on.isoformat() if s.disbursed_on else "",
        ),
    )


# Products ------------------------------------------------------------------------------------


def write_product(conn: sqlite3.Connection, p: LoanProductDefined, stamp: tuple[str, str]) -> None:
    """Keep ``p`` if it is newer than what is stored (last writer by HLC, then device id)."""
    row = conn.execute(
        "SELECT stamp_hlc, stamp_device FROM loan_products WHERE product_id = ?",
        (p.product_id,),
    ).fetchone()
    if row is not None and tuple(stamp) <= (row[0], row[1]):
        return
    conn.execute(
        "INSERT OR REPLACE INTO loan_products (product_id, product, active, stamp_hlc,"
        " stamp_device) VALUES (?, ?, ?, ?, ?)",
        (p.product_id, _json(p.product), int(p.active), *stamp),
    )


def products(conn: sqlite3.Connection) -> list[tuple[LoanProduct, bool]]:
    """Every product known here with its active flag, by name."""
    result = [
        (LoanProduct.from_dict(json.loads(body)), bool(active))
        for body, active in conn.execute("SELECT product, active FROM loan_products")
    ]
    return sorted(result, key=lambda pa: (pa[0].name, pa[0].product_id))


def product(conn: sqlite3.Connection, product_id: str) -> tuple[LoanProduct, bool] | None:
    row = conn.execute(
        "SELECT product, active FROM loan_products WHERE product_id = ?", (product_id,)
    ).fetchone()
    return (LoanProduct.from_dict(json.loads(row[0])), bool(row[1])) if row else None


# The whole loan projection, for comparison with ledger.projection.Projection.state() ------


def projection_state(conn: sqlite3.Connection) -> dict[str, Any]:
    """``loans`` and ``loan_products`` as :meth:`ledger.projection.Projection.state` has them."""
    loan_products = {
        product_id: LoanProductDefined(product_id, json.loads(body), bool(active))
        for product_id, body, active in conn.execute(
            "SELECT product_id, product, active FROM loan_products ORDER BY product_id"
        )
    }
    return {"loans": states(conn), "loan_products": loan_products}


# Bootstrap from the server's snapshot ------------------------------------------------------


def load_snapshot_row(conn: sqlite3.Connection, row: dict[str, Any]) -> bool:
    """Apply one ``loan_product`` or ``loan_row`` snapshot row; False for other kinds.

    The caller runs it inside its transaction and refreshes summaries with
    :func:`refresh_all_summaries` once every row is in (one fold per loan, not per row).
    """
    kind = row.get("kind")
    if kind == "loan_product":
        payload = LoanProductDefined(str(row["product_id"]), dict(row["product"]), row["active"])
        write_product(conn, payload, (str(row["hlc"]), str(row["device_id"])))
        return True
    if kind == "loan_row":
        terms = row.get("terms")
        m = LoanMovement(
            loan_id=row["loan_id"], member_id=row["member_id"], event_id=row["event_id"],
            source_event_id=row["source_event_id"], kind=row["row_kind"], on=row["on"],
            sign=int(row["sign"]), branch_id=row["branch_id"], principal=int(row["principal"]),
            pokok=int(row["pokok"]), jasa=int(row["jasa"]), denda=int(row["denda"]),
            penalty=int(row["penalty"]), product_id=row.get("product_id") or "",
            terms=LoanTerms(**terms) if terms else None, first_due=row.get("first_due") or "",
        )  # fmt: skip
        conn.execute(_INSERT.replace("INSERT", "INSERT OR IGNORE", 1), movement_record(m))
        return True
    return False


def refresh_all_summaries(conn: sqlite3.Connection) -> None:
    for (loan_id,) in conn.execute("SELECT DISTINCT loan_id FROM loan_movements").fetchall():
        refresh_summary(conn, loan_id)


def backfill(conn: sqlite3.Connection) -> None:
    """Rows for loan events already stored (a store that pulled them before it knew loans)."""
    loan_types = [cls.TYPE for cls in LOAN_PAYLOADS]
    marks = ", ".join("?" * len(loan_types))
    events = {
        e.id: e
        for e in (
            Event.from_dict(json.loads(body))
            for (body,) in conn.execute(
                f"SELECT body FROM events WHERE type IN ({marks}) ORDER BY seq", loan_types
            )
        )
    }
    if not events:
        return
    rows: list[LoanMovement] = []
    for event in events.values():
        payload = event.typed()
        if isinstance(payload, LoanProductDefined):
            write_product(conn, payload, event.stamp)
        rows.extend(loan_movements(event, payload))
    for (body,) in conn.execute("SELECT body FROM events WHERE type = ?", (Reversed.TYPE,)):
        reversal = Event.from_dict(json.loads(body))
        target = events.get(str(reversal.payload.get("target_event_id", "")))
        if target is not None:
            rows.extend(m.undone_by(reversal.id) for m in loan_movements(target))
    insert_movements(conn, rows)
