"""Convergence under random work, partitions and sync orders (hypothesis state machine).

Three branch PCs (real stores, real engine) and one real server process for the whole run.
Each example enrols three new branches whose stores start at the server's present, so
examples never see each other's events. Rules register members (NIKs from a small pool, so two
offline branches sometimes register the same person), deposit, withdraw within the local
balance, reverse, go offline/online and sync in any order. At the end the partitions heal and
every PC syncs; then every replica equals the reference projection of the server's events,
the server's own balances and books agree, debits equal credits, every negative balance
has exactly one open overdraft case, and every NIK registered k times has k-1 duplicate cases.

A fourth PC may be enrolled mid-run at one of the branches (a second counter, bootstrapped from
the snapshot with its history window) and then work like the others. After every deposit and
withdrawal the receipt's printed "balance after" is checked against the posting PC's own
balances panel, and at the end every member's history on every PC counts to its balance.

Seeded: ``LUMBUNG_SYNC_SEED`` picks the seed (printed at the start); a failure is replayed by
running with the same seed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as s
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from desktop.counter import day_close, receipts
from desktop.counter import members as counter_members
from desktop.counter.context import Context
from desktop.store import Store
from ledger.digest import closing_digest
from ledger.events import MemberRegistered, SavingsDeposited, SavingsWithdrawn
from ledger.nik import make_nik
from sync_server import reads

from .harness import DAY, Central, Replica, expected_state, projection_of, replica_state

SEED = int(os.environ.get("LUMBUNG_SYNC_SEED", "20251127"))
EXAMPLES = int(os.environ.get("LUMBUNG_SYNC_EXAMPLES", "100"))
BRANCHES = 3
NIK_POOL = 4
_examples = itertools.count(1)
_central: Central | None = None
#: What the examples ran into (printed, and checked so the test cannot pass vacuously).
STATS: Counter[str] = Counter()

#: A PC by position: 0..BRANCHES-1 are the branches' first PCs, BRANCHES the one enrolled
#: mid-run (the first PC until it exists).
branch_no = s.integers(0, BRANCHES)
amounts = s.integers(1, 40).map(lambda n: n * 5_000)


class Convergence(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        assert _central is not None
        self.central = _central
        self.folder = Path(tempfile.mkdtemp(prefix="lumbung-conv-"))
        self.example = next(_examples)
        self.start_seq = self.central.last_seq()
        self.replicas: list[Replica] = []
        for i in range(BRANCHES):
            replica = Replica.enrolled(
                self.central, self.central.add_branch(), self.folder / str(i), from_now=True
            )
            replica.open_drawer()
            self.replicas.append(replica)
        # Two members every branch already knows, with savings: what two offline branches can
        # both pay out from.
        first = self.replicas[0]
        for slot in (NIK_POOL, NIK_POOL + 1):
            first.deposit(first.register(nik=self._nik(slot)), 100_000)
        for replica in (first, *self.replicas[1:]):
            replica.sync()
        self.online = [True] * (BRANCHES + 1)
        self.partitioned = False
        self.late_pc: Replica | None = None

    @initialize()
    def start(self) -> None:
        pass

    # Counter work ---------------------------------------------------------------------------

    def _nik(self, slot: int) -> str:
        born = dt.date(1900, 1, 1) + dt.timedelta(days=self.example)
        return make_nik("510403", born, "P", slot + 1)

    def _pc(self, b: int) -> Replica:
        if b == BRANCHES:
            return self.late_pc or self.replicas[0]
        return self.replicas[b]

    def _check_receipt(self, replica: Replica, event_id: str, member_id: str) -> None:
        printed = receipts.receipt(counter_context(replica.store), event_id)
        assert printed.balance_after == replica.balance(member_id)
        STATS["receipts checked"] += 1

    @precondition(lambda self: self.late_pc is None)
    @rule(b=s.integers(0, BRANCHES - 1))
    def enrol_a_second_pc(self, b: int) -> None:
        """A second counter for branch ``b``, from the snapshot and its history window."""
        first = self.replicas[b]
        pc = Replica.enrolled(self.central, first.branch_id, self.folder / "late")
        pc.sync()
        pc.open_drawer()
        self.late_pc = pc
        STATS["with a PC enrolled mid-run"] += 1

    def _members(self, replica: Replica) -> list[str]:
        # This example's members only: a PC enrolled mid-run holds every example's.
        branches = [r.branch_id for r in self.replicas]
        return [
            m
            for (m,) in replica.store.conn.execute(
                "SELECT member_id FROM members WHERE home_branch IN"
                f" ({', '.join('?' * len(branches))}) ORDER BY id",
                branches,
            )
        ]

    @rule(b=branch_no, slot=s.integers(0, NIK_POOL - 1))
    def register(self, b: int, slot: int) -> None:
        replica = self._pc(b)
        nik = self._nik(slot)
        if replica.store.conn.execute("SELECT 1 FROM members WHERE nik = ?", (nik,)).fetchone():
            return  # the counter finds the member instead of registering them again
        replica.register(nik=nik)

    @rule(b=branch_no, data=s.data(), amount=amounts)
    def deposit(self, b: int, data: s.DataObject, amount: int) -> None:
        replica = self._pc(b)
        members = self._members(replica)
        if members:
            member = data.draw(s.sampled_from(members))
            self._check_receipt(replica, replica.deposit(member, amount).id, member)

    @rule(b=branch_no, data=s.data(), amount=s.one_of(amounts, s.just(0)))
    def withdraw(self, b: int, data: s.DataObject, amount: int) -> None:
        """Pay out ``amount`` (0: everything) within what this branch's books show."""
        replica = self._pc(b)
        members = [m for m in self._members(replica) if replica.balance(m) > 0]
        if members:
            member = data.draw(s.sampled_from(members))
            balance = replica.balance(member)
            paid = replica.withdraw(member, min(amount, balance) if amount else balance)
            self._check_receipt(replica, paid.id, member)

    @rule(b=branch_no, data=s.data())
    def reverse(self, b: int, data: s.DataObject) -> None:
        replica = self._pc(b)
        candidates = []
        for event in replica.store.events():
            if event.device_id != replica.device_id or event.type not in (
                SavingsDeposited.TYPE,
                SavingsWithdrawn.TYPE,
            ):
                continue
            if replica.store.conn.execute(
                "SELECT 1 FROM reversals WHERE target_event_id = ?", (event.id,)
            ).fetchone():
                continue
            member, amount = event.payload["member_id"], event.payload["amount"]
            if event.type == SavingsDeposited.TYPE and replica.balance(member) < amount:
                continue  # the counter would not pay back more than the balance
            candidates.append(event.id)
        if candidates:
            replica.reverse(data.draw(s.sampled_from(candidates)))

    # The network ----------------------------------------------------------------------------

    @rule(b=branch_no)
    def toggle_link(self, b: int) -> None:
        self.online[b] = not self.online[b]
        self.partitioned = True

    @precondition(lambda self: any(self.online))
    @rule(data=s.data())
    def sync(self, data: s.DataObject) -> None:
        b = data.draw(s.sampled_from([i for i, up in enumerate(self.online) if up]))
        self._pc(b).sync()

    @invariant()
    def local_books_balance(self) -> None:
        for replica in self._all():
            (total,) = replica.store.conn.execute(
                "SELECT coalesce(sum(balance), 0) FROM gl_balances"
            ).fetchone()
            assert total == 0

    def _all(self) -> list[Replica]:
        return [*self.replicas, *([self.late_pc] if self.late_pc else [])]

    # Healing ----------------------------------------------------------------------------------

    def teardown(self) -> None:
        try:
            if self.replicas:
                self._heal_and_check()
        finally:
            for replica in self._all():
                replica.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _heal_and_check(self) -> None:
        for replica in self._all() * 2:
            replica.sync()
        held = [e for _, e in self.central.events(self.start_seq)]
        reference = projection_of(held)
        want = expected_state(reference)
        for replica in self.replicas:
            assert replica.store.pending_count() == 0
            assert replica_state(replica.store) == want
        if self.late_pc is not None:
            # Bootstrapped from the whole cooperative's snapshot: it also holds other
            # examples' members; this example's part is the same.
            assert self.late_pc.store.pending_count() == 0
            assert this_era(replica_state(self.late_pc.store), want) == want
        assert reference.trial_balance_total() == 0
        for replica in self._all():
            ctx = counter_context(replica.store)
            for member in reference.profiles:
                held_rows, opening = counter_members.movements(ctx, member)
                # Every history line's running balance follows from the one before it, and the
                # newest is the balance (sukarela; pokok and wajib never move here).
                running = opening.get("sukarela", 0)
                for row in held_rows:
                    if row[4] == "sukarela":
                        running += int(row[5])
                        assert row[-1] == running
                assert running == reference.balance(member, "sukarela")

        members = set(reference.profiles)
        branches = {r.branch_id for r in self.replicas}
        assert self.central.balances(members) == {k: v for k, v in reference.balances.items() if v}
        assert self.central.gl(branches) == {k: v for k, v in reference.gl.items() if v}
        # Each branch's day as its first PC reports it equals head office's digest of it:
        # reversals counted for what they undo on both sides (the reversal's value is part of
        # what is compared, so one of a wrong amount would show here as a mismatch).
        for replica in self.replicas:
            ctx = counter_context(replica.store)
            events = day_close.events_of(ctx, DAY)
            reported = closing_digest(
                events, replica.branch_id, DAY, day_close.target_amounts(ctx, events)
            )
            central_day = reads.business_day(self.central.db, replica.branch_id, DAY)
            assert reported["digest"] == central_day.digest
            assert central_day.balanced
            STATS["day digests compared"] += 1
        mine = [e for e in held if e.branch_id in branches]
        for replica in self._all():
            own = [e.device_seq for e in mine if e.device_id == replica.device_id]
            assert sorted(own) == list(range(1, len(own) + 1))
        assert len({e.id for e in held}) == len(held)

        # Every conflict money could not merge away is a case.
        cases = self.central.cases(members)
        open_overdrafts = Counter(
            c["member_id"] for c in cases if c["kind"] == "overdraft" and not c["resolution"]
        )
        negative = {m for (m, _), v in reference.balances.items() if v < 0}
        assert set(open_overdrafts) >= negative
        assert all(n == 1 for n in open_overdrafts.values())
        held_accounts = {m for _, m, _ in self.central.holds(members)}
        assert held_accounts == set(open_overdrafts)
        registered = Counter(e.payload["nik"] for e in held if e.type == MemberRegistered.TYPE)
        duplicates = [c for c in cases if c["kind"] == "duplicate_nik"]
        assert len(duplicates) == sum(n - 1 for n in registered.values())
        STATS["examples"] += 1
        STATS["events"] += len(held)
        STATS["with overdraft case"] += bool(open_overdrafts)
        STATS["with duplicate NIK case"] += bool(duplicates)
        STATS["with a partition"] += self.partitioned


def counter_context(store: Store) -> Context:
    return Context(store, today=lambda: dt.date.fromisoformat(DAY), hasher=PasswordHasher())


def this_era(state: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    """``state`` restricted to the keys ``want`` has (the members, accounts, sessions, cases
    of this example), for a PC that also holds other examples' data."""
    return {
        part: (
            {k: v for k, v in state[part].items() if k in want[part]}
            if isinstance(want[part], dict)
            else [x for x in state[part] if x in want[part]]
        )
        for part in want
    }


@pytest.fixture(scope="module")
def shared_central(central: Central) -> Iterator[Central]:
    global _central
    _central = central
    yield central
    _central = None


@pytest.mark.slow
def test_replicas_converge_under_partitions_and_any_sync_order(shared_central: Central) -> None:
    print(f"convergence seed {SEED} ({EXAMPLES} examples); replay: LUMBUNG_SYNC_SEED={SEED}")
    run_state_machine_as_test(
        seed(SEED)(Convergence),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    print(dict(STATS))
    if EXAMPLES >= 50:
        assert STATS["with overdraft case"] and STATS["with duplicate NIK case"]
        assert STATS["with a partition"] >= EXAMPLES // 4
        assert STATS["with a PC enrolled mid-run"] >= EXAMPLES // 10
