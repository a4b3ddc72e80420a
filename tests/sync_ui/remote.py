"""Events from other devices, as a pull would bring them: another branch's member, a deposit
there, and head office's review cases."""

from __future__ import annotations

import datetime as dt
import itertools

from desktop_store.builders import TODAY, registration

from ledger.events import DeviceChain, Event, ReviewCaseOpened, SavingsDeposited
from ledger.ids import uuid7
from ledger.members import build_registration
from ledger.nik import make_nik

_serials = itertools.count(500)


class RemoteDevice:
    """A device of ``branch_id`` (or head office) making events this device will pull."""

    def __init__(self, branch_id: str) -> None:
        self.branch_id = branch_id
        self.chain = DeviceChain(branch_id, uuid7())

    def event(self, payload: object, day: dt.date = TODAY) -> Event:
        return self.chain.make(payload, actor="remote-user", business_date=day)  # type: ignore[arg-type]

    def register(self, name: str, *, deposit: int = 0) -> tuple[str, list[Event]]:
        """A member registered here (their home branch), with a sukarela deposit."""
        member_id = uuid7()
        form = registration(name, serial=next(_serials))
        payload = build_registration(
            form,
            member_id=member_id,
            member_no=f"{self.branch_id}-01-{next(_serials):05d}",
            join_date=TODAY,
            home_branch=self.branch_id,
        )
        events = [self.event(payload)]
        if deposit:
            events.append(self.event(SavingsDeposited(member_id, "sukarela", deposit, "s-remote")))
        return member_id, events


def review_case(
    hq: RemoteDevice,
    member_id: str,
    *,
    kind: str = "overdraft",
    hold: bool = True,
    detail: str | None = None,
) -> tuple[str, Event]:
    case_id = uuid7()
    detail = detail or {
        "overdraft": "Saldo simpanan sukarela menjadi -Rp 250.000 setelah transaksi cabang "
        "digabungkan (overdraft); rekening ditahan.",
        "duplicate_nik": f"NIK {make_nik('510405', dt.date(1980, 1, 2), 'L', 9)} sudah "
        "terdaftar (satu orang, satu keanggotaan).",
    }.get(kind, "Kasus uji.")
    payload = ReviewCaseOpened(
        case_id=case_id,
        kind=kind,
        member_id=member_id,
        event_ids=[uuid7()],
        detail=detail,
        hold=hold,
    )
    return case_id, hq.event(payload)
