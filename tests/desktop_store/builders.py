"""Builders for desktop store tests: a branch with a supervisor and a teller, a fake clock, and
members whose verbs read like the counter (``branch.member("Wayan").deposits(50_000)``)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from desktop.services import BranchService, PostResult, StaffUser
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from ledger.projection import Projection

#: Hashes carry their parameters, so a cheap hasher keeps tests fast and still verifies.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
TODAY = dt.date(2025, 11, 27)
START_MS = 1_764_230_400_000  # 2025-11-27 08:00 UTC

_serials = itertools.count(1)


class FakeClock:
    """A wall clock the test moves by hand (milliseconds)."""

    def __init__(self, start: int = START_MS) -> None:
        self.now = start

    def __call__(self) -> int:
        self.now += 1  # every reading a little later, as a real clock would be
        return self.now

    def advance(self, *, minutes: float = 0, seconds: float = 0) -> None:
        self.now += int(minutes * 60_000 + seconds * 1000)


def registration(
    name: str = "I Wayan Sudarsana",
    *,
    district: str = "510405",
    birth: dt.date = dt.date(1980, 5, 17),
    sex: str = "L",
    serial: int | None = None,
    address: str = "Banjar Kalah, Peliatan, Ubud, Gianyar",
) -> RegistrationInput:
    nik = make_nik(district, birth, sex, next(_serials) if serial is None else serial)  # type: ignore[arg-type]
    return RegistrationInput(
        nik=nik,
        name=name,
        birth_place="Gianyar",
        address=address,
        phone="0812 3456 7890",
        occupation="Petani",
        mother_maiden_name="Ni Nyoman Rai",
    )


@dataclass
class Member:
    """A registered member, with verbs that post through the service as the teller."""

    branch: Branch
    member_id: str
    registration: PostResult

    def deposits(self, amount: int, product: str = "sukarela", **kw: object) -> PostResult:
        return self.branch.service.deposit(
            self.member_id, product, amount, actor=self.branch.teller, **kw
        )

    def withdraws(self, amount: int, product: str = "sukarela", **kw: object) -> PostResult:
        return self.branch.service.withdraw(
            self.member_id, product, amount, actor=self.branch.teller, **kw
        )

    def balance(self, product: str = "sukarela") -> int:
        return self.branch.service.member_detail(self.member_id).balances[product]


@dataclass
class Branch:
    """A branch device with supervisor ``made`` and teller ``ayu`` (drawer open)."""

    service: BranchService
    clock: FakeClock
    supervisor: StaffUser
    teller: StaffUser
    path: Path | str
    members: list[Member] = field(default_factory=list)

    def member(self, name: str = "I Wayan Sudarsana", **kw: object) -> Member:
        result = self.service.register_member(registration(name, **kw), actor=self.teller)  # type: ignore[arg-type]
        member = Member(self, result.member_id, result)
        self.members.append(member)
        return member

    def event_count(self) -> int:
        return int(self.service.store.conn.execute("SELECT count(*) FROM events").fetchone()[0])


def make_branch(
    path: Path | str = ":memory:",
    *,
    opening_float: int = 20_000_000,
    clock: FakeClock | None = None,
) -> Branch:
    clock = clock or FakeClock()
    service = BranchService(path, clock=clock, today=TODAY, hasher=FAST_HASHER)
    supervisor = service.initialise(
        cooperative_name="KSP Lumbung Sejahtera",
        branch_id="BR01",
        branch_name="Cabang Ubud",
        device_no=1,
        supervisor_username="made",
        supervisor_full_name="I Made Sudarsana",
        supervisor_password="made1234",
    )
    teller = service.add_staff(
        actor=supervisor,
        username="ayu",
        full_name="Ni Luh Ayu Lestari",
        role="teller",
        password="ayu12345",
    )
    if opening_float is not None:
        service.open_session(actor=teller, opening_float=opening_float)
    return Branch(service, clock, supervisor, teller, path)


def replay_state(events: list[Any], store_state: dict[str, Any]) -> dict[str, Any]:
    """The in-memory reference projection of ``events``, cut to what the store projects (since
    0003 that includes loans and loan products)."""
    full = Projection().apply_all(events).state()
    return {key: full[key] for key in store_state}


def assert_matches_replay(service: BranchService) -> None:
    state = service.store.state()
    assert replay_state(service.store.events(), state) == state
