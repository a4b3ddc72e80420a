"""Loan products from the console: the form's fields go over the current definition, so what
the form does not show (late fees, kolektibilitas days) survives a redefinition."""

from __future__ import annotations

import uuid

from sync_server import loan_products

from .conftest import Console, csrf_of


def test_redefining_a_product_keeps_what_the_form_does_not_show(console: Console) -> None:
    product_id = "pk-" + uuid.uuid4().hex[:6]
    loan_products.define(
        console.db,
        {"product_id": product_id, "code": "PK", "name": "Pinjaman Kios", "method": "flat",
         "late_fee_bp_per_day": 10, "kol_macet_days": 270},
        actor="admin-cli",
    )  # fmt: skip
    http = console.session("manager")
    page = http.get(f"{console.url}/console/products", params={"edit": product_id}, timeout=30)
    assert 'value="Pinjaman Kios"' in page.text
    reply = http.post(
        f"{console.url}/console/products",
        data={"csrf": csrf_of(page.text), "product_id": product_id, "code": "PK",
              "name": "Pinjaman Kios Pasar", "method": "flat", "frequency": "monthly",
              "rate_bp": "175", "active": "1"},
        allow_redirects=False,
        timeout=30,
    )  # fmt: skip
    assert reply.status_code == 303, reply.text[:500]
    [now] = [p for p in loan_products.list_products(console.db) if p["product_id"] == product_id]
    assert (now["name"], now["rate_bp"], now["active"]) == ("Pinjaman Kios Pasar", 175, True)
    assert (now["late_fee_bp_per_day"], now["kol_macet_days"]) == (10, 270)

    # A refused definition names the field and changes nothing.
    refused = http.post(
        f"{console.url}/console/products",
        data={"csrf": csrf_of(page.text), "product_id": product_id, "code": "PK",
              "name": "Pinjaman Kios", "method": "flat", "rate_bp": "satu"},
        timeout=30,
    )  # fmt: skip
    assert refused.status_code == 422 and "rate_bp" in refused.text
    [same] = [p for p in loan_products.list_products(console.db) if p["product_id"] == product_id]
    assert same == now
