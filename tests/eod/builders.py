"""A branch PC for end-of-day tests: a real store on disk (stand-alone first, with the demo's
loan products), a teller with an open drawer, then enrolled with the real server process and
synced by the real engine. Head office's side of a day is fetched exactly as the day-close
screen's sync job does (``desktop.day_link``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from desktop_store.builders import FAST_HASHER, TODAY, FakeClock, registration
from sqlalchemy import select, text
from sync_ui.server import ServerProcess

from desktop import day_link
from desktop.counter.day_close import Reconciliation
from desktop.demo_loans import PRODUCTS
from desktop.services import BranchService, PostResult, StaffUser
from desktop.store.paths import store_path
from desktop.sync import SyncEngine, engine_for, enrol
from ledger.canonical import canonical_json
from ledger.errors import LumbungError
from ledger.events import Event
from ledger.policy import DENOMINATIONS
from sync_server.store import tables as t

DAY = TODAY.isoformat()


@contextmanager
def refused(words: str, kind: type[LumbungError] = LumbungError) -> Iterator[Any]:
    """The block must raise ``kind`` whose Indonesian message contains ``words``."""
    with pytest.raises(kind) as caught:
        yield caught
    assert words in caught.value.message_id, caught.value.message_id


def count_out(amount: int) -> dict[int, int]:
    """Pieces per denomination for ``amount`` (largest first)."""
    pieces = {}
    for d in sorted(DENOMINATIONS, reverse=True):
        n, amount = divmod(amount, d)
        if n:
            pieces[d] = n
    assert amount == 0
    return pieces


@dataclass
class Desk:
    """A branch PC: service, the fake clock, its staff, and (once enrolled) its sync engine."""

    service: BranchService
    clock: FakeClock
    branch_id: str
    data_dir: Path
    supervisor: StaffUser
    teller: StaffUser
    engine: SyncEngine | None = None
    members: list[str] = field(default_factory=list)

    # The counter ----------------------------------------------------------------------------

    def member(self, name: str) -> str:
        result = self.service.register_member(registration(name), actor=self.teller)
        self.members.append(result.member_id)
        return result.member_id

    def deposit(self, member_id: str, amount: int, product: str = "sukarela") -> PostResult:
        return self.service.deposit(
            member_id, product, amount, actor=self.teller, authorizer=self.supervisor
        )

    def withdraw(self, member_id: str, amount: int) -> PostResult:
        return self.service.withdraw(
            member_id, "sukarela", amount, actor=self.teller, authorizer=self.supervisor
        )

    def close_drawer(self, short_by: int = 0) -> Any:
        session = self.service.current_session(self.teller.user_id)
        assert session is not None
        return self.service.close_session(
            actor=self.teller,
            counted=count_out(session.expected_cash - short_by),
            authorizer=self.supervisor,
        )

    # Head office ----------------------------------------------------------------------------

    def enrol(self, server: ServerProcess) -> SyncEngine:
        enrol(self.service, server.url, server.code(self.branch_id), device_name="pc",
              device_no=1, data_dir=self.data_dir)  # fmt: skip
        engine = engine_for(self.service.store, self.data_dir)
        assert engine is not None
        self.engine = engine
        return engine

    def sync(self) -> Any:
        assert self.engine is not None
        return self.engine.sync_once()

    def reconcile(self, day: str = DAY, *, sync_first: bool = True) -> Reconciliation:
        assert self.engine is not None
        (server_day,) = day_link.fetch_days(
            self.engine, self.branch_id, [day], sync_first=sync_first
        )
        return self.service.reconcile_day(day, server_day.digest, list(server_day.events))

    def close(self) -> None:
        if self.engine is not None:
            self.engine.client.close()
        self.service.close()


def make_desk(
    data_dir: Path, branch_id: str, *, opening_float: int = 20_000_000, real_time: bool = False
) -> Desk:
    """A stand-alone branch PC on 2025-11-27 (a fake clock), or on the real clock and date
    (``real_time``: the desktop app will open the same store)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    clock = FakeClock()
    service = BranchService(
        store_path(data_dir),
        clock=None if real_time else clock,
        today=None if real_time else TODAY,
        hasher=FAST_HASHER,
    )
    supervisor = service.initialise(
        cooperative_name="KSP Lumbung Sejahtera",
        branch_id=branch_id,
        branch_name=f"Cabang {branch_id}",
        device_no=1,
        supervisor_username="made",
        supervisor_full_name="I Made Sudarsana",
        supervisor_password="made1234",
    )
    teller = service.add_staff(actor=supervisor, username="ayu", full_name="Ni Luh Ayu Lestari",
                               role="teller", password="ayu12345")  # fmt: skip
    for product in PRODUCTS:
        service.define_loan_product(product, actor=supervisor)
    service.open_session(actor=teller, opening_float=opening_float)
    return Desk(service, clock, branch_id, data_dir, supervisor, teller)


# Tampering with head office's copy (what a lost or corrupted central record looks like) -----


def server_event(server: ServerProcess, event_id: str) -> tuple[int, dict[str, Any]]:
    with server.db.read() as conn:
        seq, body = conn.execute(
            select(t.events.c.global_seq, t.events.c.body).where(t.events.c.event_id == event_id)
        ).one()
    return seq, json.loads(body)


def lose_at_server(server: ServerProcess, event_id: str) -> None:
    with server.db.write() as conn:
        conn.execute(t.events.delete().where(t.events.c.event_id == event_id))


def duplicate_at_server(server: ServerProcess, event_id: str, new_id: str) -> None:
    """A second copy of an event under another id and device position."""
    _, body = server_event(server, event_id)
    body = {**body, "id": new_id, "device_seq": body["device_seq"] + 100_000}
    event = Event.from_dict({**body, "hash": "0" * 64})
    body["hash"] = event.compute_hash()
    with server.db.write() as conn:
        last = conn.execute(select(t.server_state.c.last_seq)).scalar_one()
        conn.execute(
            t.events.insert().values(
                global_seq=last + 1, event_id=new_id, device_id=body["device_id"],
                device_seq=body["device_seq"], branch_id=body["branch_id"], type=body["type"],
                business_date=body["business_date"], hash=body["hash"],
                body=canonical_json(body).decode(),
            )
        )  # fmt: skip
        conn.execute(t.server_state.update().values(last_seq=last + 1))


def alter_amount_at_server(server: ServerProcess, event_id: str, amount: int) -> None:
    """The stored body's amount changed; its hash field left as it was."""
    _, body = server_event(server, event_id)
    body["payload"] = {**body["payload"], "amount": amount}
    with server.db.write() as conn:
        conn.execute(
            t.events.update()
            .where(t.events.c.event_id == event_id)
            .values(body=canonical_json(body).decode())
        )


def recon_rows(server: ServerProcess) -> dict[tuple[str, str], dict[str, Any]]:
    with server.db.read() as conn:
        rows = conn.execute(text("SELECT * FROM day_reconciliations")).mappings().all()
    return {(r["branch_id"], r["business_date"]): dict(r) for r in rows}


def next_day(day: str = DAY) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
