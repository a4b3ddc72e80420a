"""Properties of loan histories: the sub-ledger equals the journal, and order does not matter."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import LumbungError
from ledger.loans import flow
from ledger.projection import Projection

from .builders import START, Desk, product

PRODUCTS = [
    product(product_id="flat", method="flat", admin_fee_bp=100, late_fee_bp_per_day=10),
    product(product_id="efektif", method="efektif", rounding=100, provision_fee_bp=50,
            fees_deducted=False, settlement_penalty_bp=100),
    product(product_id="anuitas", method="anuitas", rounding=1_000, frequency="weekly",
            allocation_order=("jasa", "pokok", "denda"), late_fee_bp_per_day=5),
]  # fmt: skip


def _operation(kinds: list[str]) -> st.SearchStrategy[tuple[str, int, int, int, int]]:
    return st.tuples(
        st.sampled_from(kinds),
        st.integers(0, 1),  # which desk
        st.integers(0, 5),  # which loan / product
        st.integers(1, 2_000),  # amount, per mille of the instalment
        st.integers(0, 120),  # days after the start
    )


# Every history starts with a loan, so most draws exercise repayments.
operations = st.tuples(
    _operation(["lend"]),
    st.lists(_operation(["lend", "repay", "repay", "repay", "settle", "reverse"]), max_size=25),
).map(lambda drawn: [drawn[0], *drawn[1]])


def history(ops):
    """Two branches lending to and collecting from members, as drawn."""
    desks = [Desk(), Desk(branch="BR02", device="dev-2", teller="tut")]
    central = Projection().apply_all([e for d in desks for e in d.events])
    loans: list[tuple[str, int]] = []
    done: list = []
    for kind, who, which, per_mille, days in ops:
        desk = desks[who]
        on = START + dt.timedelta(days=days)
        recorded = []
        try:
            if kind == "lend":
                p = PRODUCTS[which % 3]
                principal = 1_000_000 + per_mille * 10_000
                before = len(desk.events)
                loan = desk.lends(f"m-{which}", p, principal, 3 + which * 2, on=START,
                                  channel="sukarela" if per_mille % 2 else "cash")  # fmt: skip
                recorded = desk.events[before:]
                loans.append((loan, which % 3))
            elif loans and kind in ("repay", "settle"):
                loan, pi = loans[which % len(loans)]
                state, p = central.loan(loan), PRODUCTS[pi]
                if kind == "settle":
                    payload = flow.settlement(state, p, on, session_id=desk.session)
                else:
                    amount = max(1, state.schedule().instalment * per_mille // 1_000)
                    payload = flow.repayment(state, p, amount, on, session_id=desk.session)
                recorded = [desk.record(payload, on=on)]
                done.append(recorded[0])
            elif done and kind == "reverse":
                # A supervisor reverses a mistake at the branch that made it.
                target = done.pop(which % len(done))
                desk = next(d for d in desks if d.branch == target.branch_id)
                recorded = [desk.reverses(target, on)]
        except LumbungError:
            continue  # the counter refused it (closed loan, more than the debt, ...)
        central.apply_all(recorded)
    return [e for d in desks for e in d.events], [loan for loan, _ in loans]


@given(operations)
def test_loan_balances_equal_the_journal(ops):
    events, loan_ids = history(ops)
    proj = Projection().apply_all(events)
    assert proj.trial_balance_total() == 0
    for branch in ("BR01", "BR02"):
        outstanding = sum(
            proj.loan(i).outstanding_principal for i in loan_ids if proj.loan(i).branch_id == branch
        )
        assert proj.gl.get(f"1301:{branch}", 0) == outstanding
        # Each branch's own books balance, inter-branch collections included.
        assert sum(v for k, v in proj.gl.items() if k.split(":")[1] == branch) == 0
    income = {"4101": "jasa_paid", "4103": "denda_paid", "4105": "penalty_paid"}
    for code, attr in income.items():
        gl = -sum(v for k, v in proj.gl.items() if k.startswith(code + ":"))
        assert gl == sum(getattr(proj.loan(i), attr) for i in loan_ids)
    savings = sum(v for (_, product_name), v in proj.balances.items())
    assert savings == -sum(v for k, v in proj.gl.items() if k.startswith("2101:"))
    for i in loan_ids:
        state = proj.loan(i)
        assert state.outstanding_principal >= 0  # the counter never overpays a loan
        assert state.status in ("open", "closed", "settled")


@given(operations, st.randoms(use_true_random=False))
def test_any_order_of_the_events_gives_the_same_loans(ops, rnd):
    events, _ = history(ops)
    reference = Projection().apply_all(events).state()
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert Projection().apply_all(shuffled).state() == reference


def test_a_movement_survives_its_stored_record():
    from ledger.loans.products import LoanTerms
    from ledger.loans.state import (
        MOVEMENT_COLUMNS,
        LoanMovement,
        movement_from_record,
        movement_record,
    )

    terms = LoanTerms(12_000_000, 12, 100, "flat", "monthly", 100)
    rows = [
        LoanMovement("L1", "M1", "E1", "E1", "disbursed", "2026-11-27", 1, "BR01",
                     principal=12_000_000, product_id="P1", terms=terms, first_due="2026-12-27"),
        LoanMovement("L1", "M1", "E2", "E1", "disbursed", "2026-11-27", -1, "BR01",
                     principal=-12_000_000),
    ]  # fmt: skip
    for row in rows:
        record = dict(zip(MOVEMENT_COLUMNS, movement_record(row), strict=True))
        assert record["on_date"] == "2026-11-27"
        assert movement_from_record(record) == row
