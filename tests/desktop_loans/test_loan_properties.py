"""Property: loans at the counter keep the store equal to the reference projection.

Mostly loan steps (apply, approve, disburse, repay, settle, reject, days passing) with
deposits, reversals and drawer closes between them, through the branch service. After each run
the store's tables (loans, loan products and everything else) must equal
:class:`ledger.projection.Projection` replayed over the stored events and a replica fed them
shuffled; 1301 must equal the principal the loans owe; each refusal leaves the store untouched.
"""

from __future__ import annotations

import random
from typing import Any

from desktop_store.builders import FAST_HASHER, make_branch, replay_state
from desktop_store.test_properties import LOAN_STEPS, NAMES, run
from hypothesis import event as note_case
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.demo_loans import PRODUCTS
from desktop.services import BranchService
from ledger.errors import LumbungError

STEPS = st.one_of(
    *LOAN_STEPS,
    *LOAN_STEPS[:4],  # applications and payments twice as often
    st.tuples(st.just("deposit"), st.integers(0, 3), st.just("sukarela"), st.just(2_000_000)),
    st.tuples(st.just("reverse"), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("close"), st.integers(-3, 3)),
)


@settings(max_examples=200)
@given(steps=st.lists(STEPS, min_size=4, max_size=25), seed=st.integers(0, 2**32 - 1))
def test_loans_in_the_store_equal_the_reference(steps: list[tuple[Any, ...]], seed: int) -> None:
    branch = make_branch()
    svc = branch.service
    try:
        for product in PRODUCTS:
            svc.define_loan_product(product, actor=branch.supervisor)
        svc.open_session(actor=branch.supervisor, opening_float=50_000_000)
        for n, name in enumerate(NAMES[:3]):
            branch.member(name, serial=n + 1).deposits(3_000_000)
        for step in steps:
            before = svc.store.state()
            count = branch.event_count()
            try:
                run(branch, step)
            except LumbungError:
                assert branch.event_count() == count
                assert svc.store.state() == before

        state = svc.store.state()
        events = svc.store.events()
        for loan in state["loans"].values():
            note_case(f"loan {loan.status}")
        assert replay_state(events, state) == state
        assert sum(state["gl"].values()) == 0
        assert state["gl"].get("1301:BR01", 0) == sum(
            loan.outstanding_principal for loan in state["loans"].values()
        )
        summary = dict(svc.store.conn.execute("SELECT loan_id, outstanding FROM loans").fetchall())
        assert summary == {i: s.outstanding_principal for i, s in state["loans"].items()}

        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        replica = BranchService(":memory:", hasher=FAST_HASHER)
        replica.apply_events(shuffled)
        assert replica.store.state() == state
        replica.close()
    finally:
        svc.close()
