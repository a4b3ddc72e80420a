"""Pull follows one global order; a snapshot plus the pulls after it equals a full replay."""

from __future__ import annotations

import threading

from ledger.events import Event, verify_chain
from ledger.projection import Projection

from .helpers import Device, Server, fetch_event, member_of, seeded_projection


def test_pull_returns_every_event_once_in_global_order_page_by_page(
    server: Server, branch: str
) -> None:
    a = server.enrol(branch, "a")
    b = server.enrol(branch, "b")
    a_events = [a.open_drawer(), a.register()]
    b_events = [b.open_drawer(), b.register()]
    assert a.push(a_events).status_code == 200
    assert b.push(b_events).status_code == 200
    a_events.append(a.deposit(member_of(b_events[1]), 20_000))  # at b's member, after b
    assert a.push(a_events[2:]).status_code == 200

    pulled = server.pull_all(a.token, limit=3)  # small pages: the cursor crosses them
    seqs = [s for s, _ in pulled]
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
    ours = [e.id for _, e in pulled if e.device_id in (a.device_id, b.device_id)]
    assert ours == [e.id for e in a_events[:2] + b_events + a_events[2:]]
    # Pulled events are the signed bytes: each device's chain verifies end to end.
    for device in (a, b):
        chain = [e for _, e in pulled if e.device_id == device.device_id]
        verify_chain(chain)

    last = seqs[-1]
    reply = server.get("/v1/pull", a.token, after=last)
    body = reply.json()
    assert {k: body[k] for k in ("events", "has_more", "next_cursor")} == {
        "events": [], "has_more": False, "next_cursor": last
    }  # fmt: skip
    # The chain link to the previous page: the event the server holds at ``after``.
    assert body["prev_seq"] == last and body["prev_hash"] == pulled[-1][1].hash


def test_concurrent_pushes_get_gapless_unique_global_sequences(server: Server, branch: str) -> None:
    devices = [server.enrol(branch, f"pc{n}") for n in range(4)]
    start = server.pull_all(devices[0].token)[-1][0]
    batches = {d.device_id: [d.open_drawer()] + [d.register() for _ in range(30)] for d in devices}

    def push(device: Device) -> None:
        for i in range(0, 31, 10):
            assert device.push(batches[device.device_id][i : i + 10]).status_code == 200

    threads = [threading.Thread(target=push, args=(d,)) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    pulled = server.pull_all(devices[0].token, after=start)
    ours = [(s, e) for s, e in pulled if e.branch_id == branch]
    assert len(ours) == 4 * 31
    seqs = [s for s, _ in pulled]
    assert seqs == list(range(start + 1, start + 1 + len(seqs)))  # no hole, no repeat
    for device in devices:
        order = [e.device_seq for _, e in ours if e.device_id == device.device_id]
        assert order == list(range(1, 32))  # a device's events keep their own order


def replay(events: list[Event]) -> Projection:
    return Projection().apply_all(events)


def test_a_snapshot_then_pulls_equal_a_full_replay(server: Server, branch: str) -> None:
    a = server.enrol(branch, "a")
    b = server.enrol(branch, "b")
    before = [a.open_drawer(), a.register(), b.open_drawer(), b.register()]
    member, other = member_of(before[1]), member_of(before[3])
    early_deposit = a.deposit(member, 300_000)
    assert a.push([before[0], before[1], early_deposit]).status_code == 200
    assert b.push(before[2:]).status_code == 200

    at_seq, rows = server.snapshot(a.token)
    assert {r["kind"] for r in rows} >= {"member", "balance", "gl", "session"}

    # After the snapshot: a profile edit, a reversal of an event from before it, more money.
    from ledger.events import MemberUpdated

    after_a = [
        a.make(MemberUpdated(member, {"phone": "081299990000"})),
        a.reverse(early_deposit),
        a.deposit(other, 125_000),
    ]
    after_b = [b.withdraw(other, 25_000)]
    assert a.push(after_a).status_code == 200
    assert b.push(after_b).status_code == 200

    new = [e for _, e in server.pull_all(a.token, after=at_seq)]
    loaded = seeded_projection(server, a.token, rows)
    # A reversal of an event older than the snapshot needs its target, fetched by id.
    pulled_ids = {e.id for e in new}
    for event in new:
        target = event.payload.get("target_event_id") if event.type == "Reversed" else None
        if isinstance(target, str) and target not in pulled_ids | set(loaded.events):
            loaded.events[target] = fetch_event(server, a.token, target)
    loaded.apply_all(new)

    full = replay([e for _, e in server.pull_all(a.token)])
    assert loaded.state() == full.state()
    assert loaded.cases == full.cases
    assert full.balance(member, "sukarela") == 0
    assert full.balance(other, "sukarela") == 100_000
    assert full.profile(member)["phone"] == "081299990000"
    assert full.trial_balance_total() == 0


def test_snapshot_pages_are_resumable_and_an_unknown_snapshot_is_gone(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    assert device.push([device.open_drawer()] + [device.register() for _ in range(12)]).ok
    first = server.get("/v1/snapshot", device.token).json()
    assert first["pages"] >= 2  # small test pages
    second = server.get("/v1/snapshot", device.token, page=1, at=first["at_seq"])
    assert second.status_code == 200
    again = server.get("/v1/snapshot", device.token, page=1, at=first["at_seq"])
    assert again.json() == second.json()  # the same page, however often it is fetched

    past_end = server.get("/v1/snapshot", device.token, page=first["pages"], at=first["at_seq"])
    assert past_end.status_code == 404
    gone = server.get("/v1/snapshot", device.token, page=0, at=first["at_seq"] + 10**9)
    assert gone.status_code == 410
    assert gone.json()["code"] == "snapshot_expired"


def test_an_event_can_be_fetched_by_id(server: Server, branch: str) -> None:
    device = server.enrol(branch)
    event = device.open_drawer()
    assert device.push([event]).status_code == 200
    assert fetch_event(server, device.token, event.id) == event
    missing = server.get("/v1/events/01900000-0000-7000-8000-00000000dead", device.token)
    assert missing.status_code == 404


def test_pull_until_stops_at_the_bound_and_an_unknown_parameter_is_refused(
    server: Server, branch: str
) -> None:
    a = server.enrol(branch, "until")
    events = [a.open_drawer(), a.register(), a.register()]
    assert a.push(events).status_code == 200
    pulled = server.pull_all(a.token)
    mine = [s for s, e in pulled if e.device_id == a.device_id]
    start, bound = mine[0] - 1, mine[1]
    body = server.get("/v1/pull", a.token, after=start, until=bound).json()
    assert [item["global_seq"] for item in body["events"]] == [mine[0], mine[1]]
    assert body["has_more"] is False and body["next_cursor"] == bound
    # A misspelt parameter is never ignored: the answer would not be what was asked for.
    typo = server.get("/v1/pull", a.token, after=start, untill=bound)
    assert typo.status_code == 422
    assert typo.json()["code"] == "bad_request" and "untill" in typo.json()["detail"]
