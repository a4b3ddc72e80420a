"""Loans in the central ledger: sub-ledger rows, products, and money a loan did not owe."""

from __future__ import annotations

from ledger.events import Event
from ledger.ids import uuid7
from ledger.loans.events import LoanDisbursed, LoanProductDefined, LoanRepaid, LoanSettled
from ledger.loans.products import LoanProduct
from ledger.projection import Projection
from sync_server import admin

from .helpers import Server, member_of, seeded_projection

PRODUCT = LoanProduct("p-umum", "PU-FLAT", "Pinjaman Umum", "flat", rate_bp=150)


def test_a_repayment_on_a_loan_settled_elsewhere_is_kept_and_opens_a_case(
    server: Server, branch: str
) -> None:
    home = server.enrol(branch, "home")
    far_branch = branch + "L"
    admin.add_branch(server.db, far_branch, "jauh")
    far = server.enrol(far_branch, "far")
    loan_id = uuid7()

    drawer = home.open_drawer()
    member = home.register()
    member_id = member_of(member)
    events: list[Event] = [
        drawer,
        member,
        home.make(LoanProductDefined(PRODUCT.product_id, PRODUCT.to_dict())),
        home.make(
            LoanDisbursed(
                loan_id=loan_id,
                member_id=member_id,
                product_id=PRODUCT.product_id,
                principal=2_000_000,
                tenor=10,
                rate_bp=150,
                method="flat",
                frequency="monthly",
                rounding=1,
                session_id=home.session_id,
            )
        ),
        home.make(
            LoanSettled(loan_id, member_id, 2_000_000, 0, 0, 2_000_000, session_id=home.session_id)
        ),
    ]
    assert home.push(events).status_code == 200
    # Offline, another branch took an instalment on the same loan.
    far_drawer = far.open_drawer()
    instalment = far.make(
        LoanRepaid(loan_id, member_id, 230_000, 0, 30_000, 200_000, far.session_id,
                   loan_branch=branch)
    )  # fmt: skip
    assert far.push([far_drawer, instalment]).status_code == 200  # received: never refused

    cases = [c for c in admin.list_cases(server.db) if c["member_id"] == member_id]
    assert [(c["kind"], c["event_ids"]) for c in cases] == [
        ("payment_on_settled_loan", [instalment.id])
    ]
    assert "Rp 230.000" in cases[0]["detail"]

    # The loan and its product travel in the snapshot like everything else.
    at_seq, rows = server.snapshot(home.token)
    loaded = seeded_projection(server, home.token, rows)
    loaded.apply_all([e for _, e in server.pull_all(home.token, after=at_seq)])
    full = Projection().apply_all([e for _, e in server.pull_all(home.token)])
    assert loaded.state() == full.state()
    loan = full.loan(loan_id)
    assert loan.status == "settled"
    assert loan.pokok_paid == 2_200_000
    assert full.loan_products[PRODUCT.product_id][0].to_product() == PRODUCT
