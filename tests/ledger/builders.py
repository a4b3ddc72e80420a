"""Builders that read like the counter: ``counter.member("Wayan").deposits(50_000)``."""

from __future__ import annotations

import datetime as dt
import itertools

from ledger.clock import HybridClock
from ledger.events import (
    DeviceChain,
    Event,
    MemberRegistered,
    MemberUpdated,
    Payload,
    Reversed,
    SavingsDeposited,
    SavingsWithdrawn,
    TellerSessionClosed,
    TellerSessionOpened,
)
from ledger.ids import uuid7
from ledger.nik import make_nik

DAY = "2026-11-27"
_serial = itertools.count(1)


class Counter:
    """One device at one branch, with a teller whose drawer is open."""

    def __init__(
        self,
        branch: str = "BR01",
        device: str = "dev-1",
        teller: str = "ayu",
        *,
        wall_ms: int | None = None,
    ) -> None:
        clock = HybridClock((lambda: wall_ms) if wall_ms is not None else None)
        self.chain = DeviceChain(branch, device, clock=clock)
        self.teller = teller
        self.events: list[Event] = []
        self.session = uuid7()
        self.record(TellerSessionOpened(self.session, teller, 5_000_000))

    def record(self, payload: Payload, *, authorizer: str = "", actor: str | None = None) -> Event:
        event = self.chain.make(
            payload, actor=actor or self.teller, business_date=DAY, authorizer=authorizer
        )
        self.events.append(event)
        return event

    def member(self, name: str, *, sex: str = "L") -> MemberAt:
        member_id = uuid7()
        serial = next(_serial)
        self.record(
            MemberRegistered(
                member_id=member_id,
                member_no=f"001-01-{serial:05d}",
                nik=make_nik("517101", dt.date(1980, 1, 1), sex, serial),  # type: ignore[arg-type]
                name=name,
                birth_place="Denpasar",
                birth_date="1980-01-01",
                sex=sex,
                address="Jl. Raya Ubud No. 1",
                phone="081234567890",
                occupation="Petani",
                mother_maiden_name="Ni Luh Sari",
                join_date=DAY,
                home_branch=self.chain.branch_id,
            )
        )
        return MemberAt(self, member_id)

    def at(self, member_id: str) -> MemberAt:
        return MemberAt(self, member_id)

    def reverse(self, event: Event, reason: str = "salah input") -> Event:
        return self.record(Reversed(event.id, reason, self.session), authorizer="made")

    def close_drawer(self, expected: int, counted: dict[str, int]) -> Event:
        total = sum(int(d) * n for d, n in counted.items())
        return self.record(TellerSessionClosed(self.session, self.teller, expected, total, counted))


class MemberAt:
    def __init__(self, counter: Counter, member_id: str) -> None:
        self.counter = counter
        self.id = member_id

    def deposits(self, amount: int, product: str = "sukarela") -> Event:
        return self.counter.record(SavingsDeposited(self.id, product, amount, self.counter.session))

    def withdraws(self, amount: int, product: str = "sukarela") -> Event:
        return self.counter.record(SavingsWithdrawn(self.id, product, amount, self.counter.session))

    def updates(self, **changes: str) -> Event:
        return self.counter.record(MemberUpdated(self.id, changes))
