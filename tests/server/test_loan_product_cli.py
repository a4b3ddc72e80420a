"""Head office defines loan products with ``lumbung-server loan-product``: an event on the HQ
chain that every branch pulls, so the counter offers the product; a nonsensical product is
refused with the field named and nothing recorded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from argon2 import PasswordHasher

from desktop.demo_loans import PRODUCTS
from desktop.services import BranchService

from .conftest import ROOT
from .helpers import Server


def cli(server: Server, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sync_server", *args, "--database-url", server.database_url],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ},
    )


def test_a_product_defined_at_head_office_reaches_the_counter(
    server: Server, branch: str, tmp_path: Path
) -> None:
    device = server.enrol(branch)
    product = PRODUCTS[0].to_dict() | {"product_id": f"p-{branch.lower()}", "rate_bp": 175}
    path = tmp_path / "product.json"
    path.write_text(json.dumps(product), encoding="utf-8")
    done = cli(server, "loan-product", "define", str(path))
    assert done.returncode == 0, done.stderr
    assert f"p-{branch.lower()} Pinjaman Usaha Mikro (flat) defined, offered" in done.stdout

    # A redefinition (no longer offered) is another event; the latest one wins.
    again = cli(server, "loan-product", "define", "-", "--inactive", stdin=json.dumps(product))
    assert again.returncode == 0, again.stderr
    listed = json.loads(cli(server, "loan-product", "list", "--json").stdout)
    (row,) = [r for r in listed if r["product_id"] == product["product_id"]]
    assert row["rate_bp"] == 175 and row["active"] is False

    pulled = [e for _, e in device.pull_all()]
    defined = [e for e in pulled if e.type == "LoanProductDefined"]
    mine = [e for e in defined if e.payload["product_id"] == product["product_id"]]
    assert [e.payload["active"] for e in mine] == [True, False]
    assert all(e.device_id == "hq" for e in mine)

    # The branch PC applies what it pulled: the product is known, and no longer offered.
    counter = BranchService(":memory:", hasher=PasswordHasher(time_cost=1, memory_cost=8))
    counter.apply_events(pulled)
    known = {p.product_id: p for p in counter.loan_products(include_inactive=True)}
    assert known[product["product_id"]].rate_bp == 175
    assert product["product_id"] not in {p.product_id for p in counter.loan_products()}
    counter.close()


def test_a_nonsensical_product_is_refused(server: Server, tmp_path: Path) -> None:
    bad = PRODUCTS[0].to_dict() | {"product_id": "p-rusak", "min_tenor": 24, "max_tenor": 12}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    refused = cli(server, "loan-product", "define", str(path))
    assert refused.returncode == 1
    assert "Tenor maksimum harus antara 24 dan 520." in refused.stderr
    unknown = cli(server, "loan-product", "define", "-", stdin=json.dumps(bad | {"bunga": 1}))
    assert unknown.returncode == 1 and "kolom tidak dikenal bunga" in unknown.stderr
    listed = json.loads(cli(server, "loan-product", "list", "--json").stdout)
    assert "p-rusak" not in {r["product_id"] for r in listed}
