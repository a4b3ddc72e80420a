"""Loan products, defined at head office: a ``LoanProductDefined`` event on the HQ chain.

Like settings, a product is not a table edit: the event is stored and projected like any
other and replicates to every branch, where the counter offers the product (last definition
by HLC wins). Redefining a product (new rates, fees, thresholds) is another event; loans
already made keep their terms, and new disbursements take the product's fees as they stand.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from ledger.loans.events import LoanProductDefined
from ledger.loans.products import LoanProduct
from sync_server import central
from sync_server.store import tables as t
from sync_server.store.db import Database


def define(db: Database, data: dict[str, Any], *, active: bool = True, actor: str) -> LoanProduct:
    """Check ``data`` (:meth:`LoanProduct.to_dict` fields) and record the definition.

    Raises:
        ValidationError: an unknown or mistyped field, or a value out of range (Indonesian
            message naming the field); nothing is recorded.
    """
    product = LoanProduct.from_dict(data)
    payload = LoanProductDefined(product.product_id, product.to_dict(), active)
    with db.write() as conn:
        central.append_hq(conn, [payload], actor=actor)
    return product


def list_products(db: Database) -> list[dict[str, Any]]:
    """Every product head office defined, its latest definition and whether it is offered."""
    lp = t.loan_products.c
    with db.read() as conn:
        rows = conn.execute(select(lp.product_id, lp.product, lp.active).order_by(lp.product_id))
        return [{**json.loads(product), "active": bool(active)} for _, product, active in rows]
