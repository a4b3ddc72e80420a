"""Builders that read like a loan desk: ``desk.applies(member, product, 12_000_000, 12)``."""

from __future__ import annotations

import datetime as dt

from ledger.clock import HybridClock
from ledger.events import DeviceChain, Event, Payload, Reversed, TellerSessionOpened
from ledger.ids import uuid7
from ledger.loans import flow
from ledger.loans.events import LoanApproved, LoanProductDefined
from ledger.loans.products import LoanProduct
from ledger.loans.state import LoanState, loan_movements, loan_state

START = dt.date(2026, 1, 15)


def product(**overrides: object) -> LoanProduct:
    """A monthly flat product with no fees unless told otherwise."""
    values: dict[str, object] = {
        "product_id": "p-umum",
        "code": "PU",
        "name": "Pinjaman Umum",
        "method": "flat",
        "rate_bp": 100,
        "min_amount": 100_000,
        "max_amount": 500_000_000,
        "max_tenor": 60,
    }
    values.update(overrides)
    return LoanProduct(**values)  # type: ignore[arg-type]


class Desk:
    """One device at one branch; a teller with an open drawer and a supervisor."""

    def __init__(self, branch: str = "BR01", device: str = "dev-1", teller: str = "ayu") -> None:
        self.chain = DeviceChain(branch, device, clock=HybridClock())
        self.teller = teller
        self.supervisor = "made"
        self.events: list[Event] = []
        self.session = uuid7()
        self.record(TellerSessionOpened(self.session, teller, 50_000_000), on=START)

    @property
    def branch(self) -> str:
        return self.chain.branch_id

    def record(
        self, payload: Payload, *, on: dt.date, actor: str | None = None, authorizer: str = ""
    ) -> Event:
        event = self.chain.make(
            payload, actor=actor or self.teller, business_date=on, authorizer=authorizer
        )
        self.events.append(event)
        return event

    def defines(self, p: LoanProduct) -> Event:
        return self.record(LoanProductDefined(p.product_id, p.to_dict()), on=START, actor="admin")

    def state(self, loan_id: str, events: list[Event] | None = None) -> LoanState:
        """The loan's state from this desk's events (reversals included)."""
        from ledger.projection import Projection

        return Projection().apply_all(events or self.events).loan(loan_id)

    def lends(
        self,
        member_id: str,
        p: LoanProduct,
        principal: int,
        tenor: int,
        *,
        on: dt.date = START,
        channel: str = "cash",
        first_due: dt.date | None = None,
    ) -> str:
        """Apply, approve and disburse; returns the loan id."""
        loan_id = uuid7()
        sim = flow.simulate(p, principal, tenor, on)
        self.record(flow.application(loan_id, member_id, p, sim), on=on)
        self.record(LoanApproved(loan_id, member_id, principal), on=on, actor=self.supervisor)
        state = self.state(loan_id)
        flow.check_disbursement(state, "active")
        self.record(
            flow.disbursement(
                state, p, channel=channel, session_id=self.session, first_due=first_due
            ),
            on=on,
        )
        return loan_id

    def repays(self, loan_id: str, p: LoanProduct, amount: int, on: dt.date) -> Event:
        payload = flow.repayment(self.state(loan_id), p, amount, on, session_id=self.session)
        return self.record(payload, on=on)

    def settles(self, loan_id: str, p: LoanProduct, on: dt.date) -> Event:
        payload = flow.settlement(self.state(loan_id), p, on, session_id=self.session)
        return self.record(payload, on=on)

    def reverses(self, event: Event, on: dt.date) -> Event:
        return self.record(
            Reversed(event.id, "salah input", self.session), on=on, authorizer=self.supervisor
        )


def state_of(loan_id: str, events: list[Event]) -> LoanState:
    """Fold the loan's rows directly (no reversals), for checking the projection."""
    return loan_state(loan_id, [m for e in events for m in loan_movements(e)])
