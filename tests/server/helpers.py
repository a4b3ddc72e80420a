"""Test vocabulary for the sync server: a running server, and branch devices that talk to it
over HTTP exactly as a desktop would."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import requests

from ledger.canonical import canonical_json, sha256_hex
from ledger.events import (
    DeviceChain,
    Event,
    MemberRegistered,
    Payload,
    Reversed,
    SavingsDeposited,
    SavingsWithdrawn,
    TellerSessionOpened,
)
from ledger.ids import uuid7
from ledger.loans.events import LoanProductDefined
from ledger.loans.products import LoanTerms
from ledger.loans.state import LoanMovement
from ledger.nik import make_nik
from ledger.projection import Projection
from ledger.wire import PROTOCOL_HEADER
from sync_server import enrolment
from sync_server.store.db import Database

DAY = "2024-05-02"
_nik_serial = iter(range(1, 10_000))


@dataclass
class Server:
    """A running sync server process and its database."""

    url: str
    database_url: str
    db: Database
    backend: str

    def enrol(self, branch_id: str, name: str = "pc") -> Device:
        code, _ = enrolment.issue_code(self.db, branch_id, 1)
        return self.enrol_with_code(code, branch_id, name)

    def enrol_with_code(self, code: str, branch_id: str, name: str = "pc") -> Device:
        reply = requests.post(
            self.url + "/v1/enroll", json={"code": code, "device_name": name}, timeout=30
        )
        assert reply.status_code == 200, reply.text
        body = reply.json()
        return Device(self, branch_id, body["device_id"], body["token"])

    def get(self, path: str, token: str | None = None, **params: Any) -> requests.Response:
        headers = {PROTOCOL_HEADER: "1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.get(self.url + path, params=params, headers=headers, timeout=60)

    def pull_all(self, token: str, after: int = 0, limit: int = 1000) -> list[tuple[int, Event]]:
        """Every event after ``after``, following the cursor page by page."""
        out: list[tuple[int, Event]] = []
        while True:
            reply = self.get("/v1/pull", token, after=after, limit=limit)
            assert reply.status_code == 200, reply.text
            page = reply.json()
            out += [(e["global_seq"], Event.from_dict(e["event"])) for e in page["events"]]
            after = page["next_cursor"]
            if not page["has_more"]:
                return out

    def snapshot(self, token: str) -> tuple[int, list[dict[str, Any]]]:
        """All pages of the current snapshot, each checksum verified."""
        reply = self.get("/v1/snapshot", token, page=0)
        assert reply.status_code == 200, reply.text
        page = reply.json()
        at_seq = page["at_seq"]
        rows: list[dict[str, Any]] = []
        while True:
            assert sha256_hex(canonical_json(page["rows"])) == page["checksum"]
            assert page["at_seq"] == at_seq
            rows += page["rows"]
            if page["next_page"] is None:
                return at_seq, rows
            reply = self.get("/v1/snapshot", token, page=page["next_page"], at=at_seq)
            assert reply.status_code == 200, reply.text
            page = reply.json()


@dataclass
class Device:
    """An enrolled branch PC: its own hash chain, pushing over HTTP."""

    server: Server
    branch_id: str
    device_id: str
    token: str
    teller: str = "u-teller"
    session_id: str = field(default_factory=uuid7)
    chain: DeviceChain = field(init=False)

    def __post_init__(self) -> None:
        self.chain = DeviceChain(self.branch_id, self.device_id)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", PROTOCOL_HEADER: "1"}

    # Making events (not yet pushed) --------------------------------------------------

    def make(self, payload: Payload, day: str = DAY) -> Event:
        return self.chain.make(payload, actor=self.teller, business_date=day)

    def open_drawer(self, amount: int = 10_000_000) -> Event:
        return self.make(TellerSessionOpened(self.session_id, self.teller, amount))

    def register(self, name: str = "Ni Made Ayu", nik: str | None = None) -> Event:
        member_id = uuid7()
        nik = nik or make_nik("510403", dt.date(1990, 3, 7), "P", next(_nik_serial))
        return self.make(
            MemberRegistered(
                member_id=member_id,
                member_no=f"{self.branch_id}-{member_id[-6:]}",
                nik=nik,
                name=name,
                birth_place="Gianyar",
                birth_date="1990-03-07",
                sex="P",
                address="Jl. Raya Ubud 1",
                phone="081234567890",
                occupation="Pedagang",
                mother_maiden_name="Ni Ketut",
                join_date=DAY,
                home_branch=self.branch_id,
            )
        )

    def deposit(self, member_id: str, amount: int, product: str = "sukarela") -> Event:
        return self.make(SavingsDeposited(member_id, product, amount, self.session_id))

    def withdraw(self, member_id: str, amount: int) -> Event:
        return self.make(SavingsWithdrawn(member_id, "sukarela", amount, self.session_id))

    def reverse(self, target: Event, reason: str = "salah input") -> Event:
        return self.make(Reversed(target.id, reason, self.session_id))

    # Talking to the server -------------------------------------------------------------

    def push(self, events: list[Event] | list[dict[str, Any]], **extra: Any) -> requests.Response:
        body = [e.to_dict() if isinstance(e, Event) else e for e in events]
        return requests.post(
            self.server.url + "/v1/push",
            json={"events": body, **extra},
            headers=self.headers,
            timeout=60,
        )

    def push_raw(
        self, data: bytes | str, content_type: str = "application/json"
    ) -> requests.Response:
        return requests.post(
            self.server.url + "/v1/push",
            data=data,
            headers={**self.headers, "Content-Type": content_type},
            timeout=60,
        )

    def pull_all(self, after: int = 0) -> list[tuple[int, Event]]:
        return self.server.pull_all(self.token, after)


def member_of(event: Event) -> str:
    member_id = event.payload["member_id"]
    assert isinstance(member_id, str)
    return member_id


def seeded_projection(server: Server, token: str, rows: list[dict[str, Any]]) -> Projection:
    """A :class:`Projection` loaded from snapshot rows, as a new device would load its store."""
    p = Projection()
    for row in rows:
        kind = row["kind"]
        if kind == "member":
            p.profiles[row["member_id"]] = {
                name: (f["value"], (f["hlc"], f["device_id"])) for name, f in row["fields"].items()
            }
        elif kind == "balance":
            p.balances[(row["member_id"], row["product"])] = row["amount"]
        elif kind == "gl":
            p.gl[row["account"]] = row["balance"]
        elif kind == "staff":
            data = {k: v for k, v in row.items() if k not in ("kind", "hlc", "device_id")}
            p.staff[row["user_id"]] = (data, (row["hlc"], row["device_id"]))
        elif kind == "setting":
            p.settings[(row["scope"], row["key"])] = (row["value"], (row["hlc"], row["device_id"]))
        elif kind == "session":
            p.sessions[row["session_id"]] = row["state"]
        elif kind == "closed_day":
            p.closed_days.add((row["branch_id"], row["business_date"]))
        elif kind == "reversal":
            p.reversed_by.setdefault(row["target_id"], []).append(row["reversal_id"])
            p.events[row["reversal_id"]] = fetch_event(server, token, row["reversal_id"])
        elif kind == "loan_row":
            data = {k: v for k, v in row.items() if k not in ("kind", "row_kind", "terms")}
            terms = LoanTerms(**row["terms"]) if row["terms"] else None
            movement = LoanMovement(**data, kind=row["row_kind"], terms=terms)
            p.loan_rows.setdefault(movement.loan_id, []).append(movement)
        elif kind == "loan_product":
            defined = LoanProductDefined(row["product_id"], row["product"], row["active"])
            p.loan_products[row["product_id"]] = (defined, (row["hlc"], row["device_id"]))
        elif kind == "case":
            p.cases[row["case_id"]] = {
                "kind": row["case_kind"],
                "member_id": row["member_id"],
                "hold": row["hold"],
                "resolution": row["resolution"],
            }
    return p


def fetch_event(server: Server, token: str, event_id: str) -> Event:
    reply = server.get(f"/v1/events/{event_id}", token)
    assert reply.status_code == 200, reply.text
    return Event.from_dict(reply.json()["event"])


def stored_count(server: Server, device_id: str) -> int:
    """Events the server holds for a device (straight from its database)."""
    from sqlalchemy import func, select

    from sync_server.store import tables as t

    with server.db.read() as conn:
        count = conn.execute(
            select(func.count()).select_from(t.events).where(t.events.c.device_id == device_id)
        ).scalar_one()
    return int(count)


def as_json(event: Event) -> str:
    return json.dumps(event.to_dict())
