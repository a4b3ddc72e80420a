"""Well-formed, correctly signed, semantically invalid events: stored in quarantine, never in
the ledger's projections, each with a review case; the device's chain goes on."""

from __future__ import annotations

import dataclasses
import time

import pytest
from sqlalchemy import select

from ledger.clock import HybridClock
from ledger.events import Event, MemberRegistered, MemberUpdated, SavingsDeposited
from ledger.ids import uuid7
from sync_server import admin
from sync_server.store import tables as t

from .helpers import Server, member_of


def _registration(event: Event, **changes: str) -> MemberRegistered:
    base = MemberRegistered(**event.payload)  # type: ignore[arg-type]
    return dataclasses.replace(base, member_id=uuid7(), **changes)


def _quarantined(server: Server, device_id: str) -> dict[int, str]:
    with server.db.read() as conn:
        rows = conn.execute(
            select(t.quarantined_events.c.device_seq, t.quarantined_events.c.reason).where(
                t.quarantined_events.c.device_id == device_id
            )
        ).all()
    return {seq: reason for seq, reason in rows}


def _balance(server: Server, member_id: str) -> int:
    with server.db.read() as conn:
        value = conn.execute(
            select(t.balances.c.amount).where(
                t.balances.c.member_id == member_id, t.balances.c.product == "sukarela"
            )
        ).scalar()
    return int(value or 0)


def test_invalid_content_is_quarantined_with_a_case_and_the_chain_goes_on(
    server: Server, branch: str
) -> None:
    pc = server.enrol(branch, "kasir")
    drawer = pc.open_drawer()
    good = pc.register()
    member_id = member_of(good)
    assert pc.push([drawer, good]).status_code == 200

    bad_payloads = {
        "nik abc": _registration(good, nik="abc"),
        "nik month 13": _registration(good, nik="5104034713900001"),
        "sex X": _registration(good, sex="X"),
        "birth date 2099-13-45": _registration(good, birth_date="2099-13-45"),
        "empty name": _registration(good, name=""),
        "unknown home branch": _registration(good, home_branch="NOWHERE"),
        "second registration": dataclasses.replace(
            MemberRegistered(**good.payload),  # type: ignore[arg-type]
            name="Orang Lain",
        ),
        "update of an unknown member": MemberUpdated(uuid7(), {"address": "Jl. Baru"}),
    }
    bad = [pc.make(p) for p in bad_payloads.values()]
    deposit = pc.deposit(member_id, 250_000)
    reply = pc.push([*bad, deposit])
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"ack_seq": deposit.device_seq, "stored": len(bad) + 1, "duplicates": 0}

    held = _quarantined(server, pc.device_id)
    assert sorted(held) == [e.device_seq for e in bad]
    assert "NIK" in held[bad[0].device_seq]
    assert "home branch" in held[bad[5].device_seq].lower()
    assert "already registered" in held[bad[6].device_seq]

    # Not in the ledger: the pull serves none of them, the projections hold none of them.
    pulled = {e.id for _, e in pc.pull_all()}
    assert {e.id for e in bad}.isdisjoint(pulled)
    assert {drawer.id, good.id, deposit.id} <= pulled
    with server.db.read() as conn:
        names = (
            conn.execute(
                select(t.member_fields.c.value).where(
                    t.member_fields.c.member_id == member_id, t.member_fields.c.field == "name"
                )
            )
            .scalars()
            .all()
        )
    assert names == ["Ni Made Ayu"]
    assert _balance(server, member_id) == 250_000

    # One review case per quarantined event, reaching the branches on the HQ chain.
    cases = [c for c in admin.list_cases(server.db) if c["kind"] == "quarantined_event"]
    mine = {eid for c in cases for eid in c["event_ids"]} & {e.id for e in bad}
    assert mine == {e.id for e in bad}
    pulled_cases = [
        e for _, e in pc.pull_all() if e.type == "ReviewCaseOpened"
        and e.payload["kind"] == "quarantined_event"
    ]  # fmt: skip
    assert {e.payload["event_ids"][0] for e in pulled_cases} >= {e.id for e in bad}
    alarms = [a for a in admin.list_alarms(server.db) if a["device_id"] == pc.device_id]
    assert len(alarms) == len(bad)

    # A retry of the batch is all duplicates; the chain continues after the quarantined ones.
    again = pc.push([*bad, deposit])
    assert again.status_code == 200, again.text
    assert again.json()["duplicates"] == len(bad) + 1
    later = pc.deposit(member_id, 50_000)
    assert pc.push([later]).json()["ack_seq"] == later.device_seq
    assert _balance(server, member_id) == 300_000


def test_clock_bounds_quarantine_profile_writes_and_impossible_dates(
    server: Server, branch: str
) -> None:
    pc = server.enrol(branch, "jam-rusak")
    drawer = pc.open_drawer()
    good = pc.register()
    member_id = member_of(good)
    assert pc.push([drawer, good]).status_code == 200

    # A dead clock battery: the year 33658. The profile edit must never win a merge.
    far = 999_999_999_999_999
    pc.chain.clock = HybridClock(lambda: far)
    frozen = pc.make(MemberUpdated(member_id, {"address": "Jl. Masa Depan"}))
    money_far = pc.deposit(member_id, 10_000)  # money never depends on the HLC: booked
    pc.chain.clock = HybridClock(lambda: time.time_ns() // 1_000_000, last=pc.chain.clock.last)
    future_day = pc.make(MemberUpdated(member_id, {"occupation": "Petani"}), day="2099-01-01")
    past_day = pc.make(
        SavingsDeposited(member_id, "sukarela", 20_000, pc.session_id), day="1900-01-01"
    )
    reply = pc.push([frozen, money_far, future_day, past_day])
    assert reply.status_code == 200, reply.text

    held = _quarantined(server, pc.device_id)
    assert frozen.device_seq in held and "clock" in held[frozen.device_seq]
    assert future_day.device_seq in held and "2099-01-01" in held[future_day.device_seq]
    assert past_day.device_seq in held and "1900-01-01" in held[past_day.device_seq]
    assert money_far.device_seq not in held
    assert _balance(server, member_id) == 10_000
    with server.db.read() as conn:
        hlcs = (
            conn.execute(
                select(t.member_fields.c.hlc).where(t.member_fields.c.member_id == member_id)
            )
            .scalars()
            .all()
        )
    assert max(hlcs) < "002"  # no far-future stamp in any merge


@pytest.mark.parametrize("nik", ["5104034703900001"])
def test_the_desktop_rule_and_the_server_rule_are_one(nik: str) -> None:
    from ledger.errors import ValidationError
    from ledger.members import check_registered

    ok = MemberRegistered(
        member_id="m1", member_no="X-1", nik=nik, name="Ni Made Ayu", birth_place="Ubud",
        birth_date="1990-03-07", sex="P", address="Jl. Raya", phone="081234567890",
        occupation="", mother_maiden_name="Ni Ketut", join_date="2024-05-02", home_branch="B1",
    )  # fmt: skip
    check_registered(ok)
    for bad in (
        {"nik": "abc"},
        {"nik": "5104034713900001"},
        {"sex": "X"},
        {"sex": "L"},
        {"birth_date": "2099-13-45"},
        {"name": ""},
        {"name": "  Ni  Made "},
        {"join_date": "2024-5-2"},
        {"phone": "12"},
    ):
        with pytest.raises(ValidationError):
            check_registered(dataclasses.replace(ok, **bad))
