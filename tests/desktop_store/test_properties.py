"""Property: whatever the counter does, the store's tables equal the reference projection.

Random sequences of registrations, deposits, withdrawals (some refused), reversals, profile
edits, limit changes and drawer closes run through the branch service on an in-memory store.
After each sequence the store must equal :class:`ledger.projection.Projection` replayed over
its stored events, the books must balance, every money event must have its journal lines, and
a second store fed the same events in a shuffled order must end up identical.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import event as note_case
from hypothesis import given
from hypothesis import strategies as st

from desktop.services import BranchService
from ledger.errors import LumbungError

from .builders import FAST_HASHER, Branch, make_branch, replay_state

NAMES = ("I Wayan Sudarsana", "Ni Made Lestari", "I Nyoman Sudarma", "Ni Ketut Sriasih")
PRODUCTS = ("pokok", "wajib", "sukarela")
AMOUNTS = st.sampled_from([1, 500, 25_000, 100_000, 750_000, 9_999_999, 10_000_001, 30_000_000])

OPS = st.one_of(
    st.tuples(st.just("register"), st.integers(0, 3), st.integers(1, 6)),
    st.tuples(st.just("deposit"), st.integers(0, 9), st.sampled_from(PRODUCTS), AMOUNTS),
    st.tuples(
        st.just("withdraw"),
        st.integers(0, 9),
        st.sampled_from(("sukarela", "sukarela", "sukarela", "pokok", "wajib")),
        st.one_of(AMOUNTS, st.sampled_from(["half", "all"])),
    ),
    st.tuples(st.just("reverse"), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("edit"), st.integers(0, 9), st.sampled_from(["phone", "address", "status"])),
    st.tuples(st.just("limit"), st.sampled_from([100_000, 5_000_000, 10_000_000])),
    st.tuples(st.just("close"), st.integers(-3, 3)),
)


def run(branch: Branch, op: tuple[Any, ...]) -> None:
    svc = branch.service
    members = [m.member_id for m in branch.members]
    kind = op[0]
    if kind == "register":
        branch.member(NAMES[op[1]], serial=op[2])  # repeated serials are duplicate NIKs
    elif kind in ("deposit", "withdraw") and members:
        member_id = members[op[1] % len(members)]
        amount = op[3]
        if isinstance(amount, str):  # a share of what the member holds
            held = svc.member_detail(member_id).balances[op[2]]
            amount = held if amount == "all" else held // 2
        auth = branch.supervisor if amount > svc.limits().teller_limit else None
        getattr(svc, kind)(member_id, op[2], amount, actor=branch.teller, authorizer=auth)
    elif kind == "reverse":
        money = [
            e.id for e in svc.store.events() if e.type in ("SavingsDeposited", "SavingsWithdrawn")
        ]
        if money:
            actor = branch.supervisor if op[2] else branch.teller
            target = money[op[1] % len(money)]
            svc.reverse(target, "Koreksi", actor=actor, authorizer=branch.supervisor)
    elif kind == "edit" and members:
        member_id = members[op[1] % len(members)]
        value = {"phone": "0812 7777 0000", "address": "Jl. Hanoman, Ubud", "status": "resigned"}
        svc.update_member(member_id, {op[2]: value[op[2]]}, actor=branch.supervisor)
    elif kind == "limit":
        svc.change_setting("teller_limit", op[1], actor=branch.supervisor)
    elif kind == "close":
        session = svc.current_session(branch.teller.user_id)
        if session is not None:
            counted = {100: session.expected_cash // 100 + op[1]}
            svc.close_session(actor=branch.teller, counted=counted, authorizer=branch.supervisor)
        svc.open_session(actor=branch.teller, opening_float=20_000_000)


@given(ops=st.lists(OPS, min_size=2, max_size=20), seed=st.integers(0, 2**32 - 1))
def test_store_equals_reference_projection(ops: list[tuple[Any, ...]], seed: int) -> None:
    branch = make_branch()
    svc = branch.service
    svc.open_session(actor=branch.supervisor, opening_float=50_000_000)
    branch.member(NAMES[0], serial=1).deposits(1_000_000)
    try:
        for op in ops:
            before = svc.store.state()
            count = branch.event_count()
            try:
                run(branch, op)
            except LumbungError:
                # A refusal writes nothing at all.
                assert branch.event_count() == count
                assert svc.store.state() == before

        state = svc.store.state()
        events = svc.store.events()
        for kind in sorted({e.type for e in events}):
            note_case(kind)
        assert replay_state(events, state) == state
        assert sum(state["gl"].values()) == 0
        assert all(v >= 0 for v in state["balances"].values())
        conn = svc.store.conn
        for event in events:
            lines = conn.execute(
                "SELECT count(*), coalesce(sum(debit - credit), 0) FROM journal_lines"
                " WHERE event_id = ?",
                (event.id,),
            ).fetchone()
            if event.type in ("SavingsDeposited", "SavingsWithdrawn", "Reversed"):
                assert lines[0] >= 2 and lines[1] == 0

        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        replica = BranchService(":memory:", hasher=FAST_HASHER)
        replica.apply_events(shuffled)
        assert replica.store.state() == state
        replica.close()
    finally:
        svc.close()
