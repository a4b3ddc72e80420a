"""Push: each event stored exactly once; anything wrong refuses the whole batch."""

from __future__ import annotations

import json

import requests
from sqlalchemy import select

from ledger.events import DeviceChain, Event, MemberUpdated, SavingsDeposited
from ledger.ids import uuid7
from ledger.wire import PROTOCOL_HEADER
from sync_server import admin
from sync_server.store import tables as t

from .helpers import Device, Server, member_of, stored_count


def day_of_business(device: Device) -> list[Event]:
    """A drawer, a new member, a deposit and a withdrawal."""
    drawer = device.open_drawer()
    member = device.register()
    deposit = device.deposit(member_of(member), 500_000)
    withdrawal = device.withdraw(member_of(member), 100_000)
    return [drawer, member, deposit, withdrawal]


def balance(server: Server, member_id: str, product: str = "sukarela") -> int:
    with server.db.read() as conn:
        value = conn.execute(
            select(t.balances.c.amount).where(
                t.balances.c.member_id == member_id, t.balances.c.product == product
            )
        ).scalar()
    return int(value or 0)


def test_a_batch_is_stored_once_and_a_retry_returns_the_same_ack(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    events = day_of_business(device)

    first = device.push(events)
    assert first.status_code == 200, first.text
    assert first.json() == {"ack_seq": 4, "stored": 4, "duplicates": 0}
    assert balance(server, member_of(events[1])) == 400_000

    retry = device.push(events)  # the acknowledgement was lost; the client sends again
    assert retry.status_code == 200
    assert retry.json() == {"ack_seq": 4, "stored": 0, "duplicates": 4}
    assert stored_count(server, device.device_id) == 4
    assert balance(server, member_of(events[1])) == 400_000

    # A retry overlapping new events stores only the new ones.
    more = [device.deposit(member_of(events[1]), 50_000)]
    reply = device.push(events[2:] + more)
    assert reply.json() == {"ack_seq": 5, "stored": 1, "duplicates": 2}
    assert balance(server, member_of(events[1])) == 450_000


def test_a_gap_is_answered_with_the_expected_sequence(server: Server, branch: str) -> None:
    device = server.enrol(branch)
    events = day_of_business(device)
    assert device.push(events[:1]).status_code == 200

    reply = device.push(events[2:])  # #2 is missing
    assert reply.status_code == 409
    body = reply.json()
    assert body["code"] == "gap"
    assert body["expected_seq"] == 2
    assert "#2" in body["detail_id"]
    assert stored_count(server, device.device_id) == 1

    assert device.push(events[1:]).json()["ack_seq"] == 4


def test_a_tampered_event_is_refused_and_nothing_of_its_batch_is_stored(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    events = [e.to_dict() for e in day_of_business(device)]
    events[2]["payload"]["amount"] = 5_000_000  # changed after it was signed
    reply = device.push(events)
    assert reply.status_code == 422
    assert reply.json()["code"] == "hash_mismatch"
    assert reply.json()["index"] == 2
    assert stored_count(server, device.device_id) == 0


def test_a_chain_that_does_not_continue_the_stored_one_is_refused(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    assert device.push([device.open_drawer()]).status_code == 200
    # The PC lost its store and restarted its chain from genesis at sequence 2.
    device.chain.last_hash = "0" * 64
    reply = device.push([device.register()])
    assert reply.status_code == 422
    assert reply.json()["code"] == "chain_broken"
    assert stored_count(server, device.device_id) == 1


def test_the_same_id_with_different_content_raises_an_alarm_and_never_overwrites(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    events = day_of_business(device)
    assert device.push(events).status_code == 200

    # A device (buggy or forged) re-signs event #3 with another amount under the same id.
    forged = DeviceChain(branch, device.device_id, last_seq=2, last_hash=events[1].hash)
    deposit = events[2].typed()
    assert isinstance(deposit, SavingsDeposited)
    twin = forged.make(
        SavingsDeposited(deposit.member_id, "sukarela", 9_000_000, deposit.session_id),
        actor=events[2].actor,
        business_date=events[2].business_date,
        event_id=events[2].id,
    )
    reply = device.push([twin])
    assert reply.status_code == 409
    assert reply.json()["code"] == "conflict"
    assert reply.json()["index"] == 0
    assert balance(server, member_of(events[1])) == 400_000
    with server.db.read() as conn:
        body = conn.execute(
            select(t.events.c.body).where(t.events.c.event_id == events[2].id)
        ).scalar_one()
    assert json.loads(body)["payload"]["amount"] == 500_000
    alarms = [a for a in admin.list_alarms(server.db) if a["event_id"] == events[2].id]
    assert [a["kind"] for a in alarms] == ["id_conflict"]


def test_a_device_pushes_only_its_own_branch_and_its_own_device_id(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    other_branch = branch + "X"
    admin.add_branch(server.db, other_branch, "lain")
    other = server.enrol(other_branch)

    reply = device.push([other.open_drawer()])  # another device's (and branch's) event
    assert reply.status_code == 403
    assert reply.json()["code"] == "forbidden"

    # Its own device id but claiming the other branch.
    device.chain.branch_id = other_branch
    reply = device.push([device.open_drawer()])
    assert reply.status_code == 403
    assert other_branch in reply.json()["detail"]
    assert stored_count(server, device.device_id) == 0
    assert stored_count(server, other.device_id) == 0


def test_malformed_and_invalid_batches_are_4xx_with_a_reason_and_store_nothing(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    good = [e.to_dict() for e in day_of_business(device)]

    def refused(reply_status: int, fragment: str, response: object) -> None:
        assert response.status_code == reply_status, response.text  # type: ignore[attr-defined]
        body = response.json()  # type: ignore[attr-defined]
        assert fragment in body["detail"], body
        assert body["detail_id"]

    refused(400, "JSON", device.push_raw(b'{"events": [ {"id": '))
    refused(422, "events", device.push_raw(b'{"events": "many"}'))
    refused(422, "body", device.push_raw(b"[1, 2, 3]"))
    refused(422, "500", device.push(good * 126))  # 504 events: over the batch limit

    wrong_type = [dict(e) for e in good]
    wrong_type[3] = {**good[3], "payload": {**good[3]["payload"], "amount": "100000"}}
    refused(422, "Event 3", device.push(wrong_type))

    unknown = [dict(e) for e in good]
    unknown[1] = {**good[1], "type": "MoneyPrinted"}
    refused(422, "Unknown event type", device.push(unknown))

    float_money = [dict(e) for e in good]
    float_money[2] = {**good[2], "payload": {**good[2]["payload"], "amount": 1.5}}
    response = device.push(float_money)
    assert response.status_code == 422 and response.json()["index"] == 2

    missing = [dict(e) for e in good]
    del missing[0]["hlc"]
    refused(422, "hlc", device.push(missing))

    bad_product = [dict(e) for e in good]
    bad_product[2] = {**good[2], "payload": {**good[2]["payload"], "product": "emas"}}
    refused(422, "emas", device.push(bad_product))

    nul = [dict(e) for e in good]
    nul[1] = {**good[1], "payload": {**good[1]["payload"], "name": "Ayu\x00"}}
    refused(422, "NUL", device.push(nul))

    assert stored_count(server, device.device_id) == 0
    assert device.push(good).status_code == 200  # the same events, well formed, go through


def test_strings_that_look_like_sql_are_stored_literally(server: Server, branch: str) -> None:
    device = server.enrol(branch)
    name = "Robert'); DROP TABLE events; --"
    member = device.register(name=name)
    update = device.make(MemberUpdated(member_of(member), {"address": "x' OR '1'='1"}))
    assert device.push([member, update]).status_code == 200
    pulled = {e.id: e for _, e in device.pull_all()}
    assert pulled[member.id].payload["name"] == name
    assert pulled[member.id].hash == member.hash
    with server.db.read() as conn:
        fields = dict(
            conn.execute(
                select(t.member_fields.c.field, t.member_fields.c.value).where(
                    t.member_fields.c.member_id == member_of(member)
                )
            ).all()
        )
    assert fields["name"] == name
    assert fields["address"] == "x' OR '1'='1"


def test_events_of_an_older_schema_version_are_upgraded_not_refused(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    member = device.register()
    # A branch still on an app from before deposits had a channel (SavingsDeposited v1).
    body = {
        "id": uuid7(),
        "type": "SavingsDeposited",
        "schema_version": 1,
        "branch_id": branch,
        "device_id": device.device_id,
        "device_seq": 2,
        "hlc": device.chain.clock.now().encode(),
        "actor": device.teller,
        "authorizer": "",
        "business_date": "2024-05-02",
        "payload": {
            "member_id": member_of(member),
            "product": "sukarela",
            "amount": 75_000,
            "session_id": device.session_id,
        },
        "prev_hash": member.hash,
    }
    old = Event(**body, hash=Event(**body, hash="0" * 64).compute_hash())
    reply = device.push([member, old])
    assert reply.status_code == 200, reply.text
    assert balance(server, member_of(member)) == 75_000
    pulled = {e.id: e for _, e in device.pull_all()}
    assert pulled[old.id].schema_version == 1  # stored as written: the hash still verifies
    assert pulled[old.id].compute_hash() == old.hash


def test_a_newer_schema_version_than_the_server_knows_is_refused(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    event = device.open_drawer().to_dict()
    event["schema_version"] = 99
    reply = device.push([event])
    assert reply.status_code == 422
    assert "newer" in reply.json()["detail"]


def test_a_client_outside_the_protocol_range_is_told_to_update(server: Server, branch: str) -> None:
    device = server.enrol(branch)
    event = device.open_drawer()
    old_app = {**device.headers, PROTOCOL_HEADER: "0"}
    reply = requests.post(
        server.url + "/v1/push", json={"events": [event.to_dict()]}, headers=old_app, timeout=30
    )
    assert reply.status_code == 426
    body = reply.json()
    assert body["code"] == "protocol_unsupported"
    assert "Perbarui aplikasi" in body["detail_id"]
    assert "update" in body["detail"]
    assert body["server_protocol_min"] == 1
    # The version in the body counts too.
    reply = device.push([event], protocol=2)
    assert reply.status_code == 426
    assert stored_count(server, device.device_id) == 0
    assert device.push([event]).status_code == 200
