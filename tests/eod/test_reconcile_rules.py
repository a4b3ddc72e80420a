"""The reconciliation rules on their own: digests from events and from stored rows agree,
fingerprints are the same on both sides, and each difference gets its line."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from ledger.canonical import canonical_json
from ledger.digest import closing_digest, closing_digest_of, day_digest
from ledger.events import (
    DayClosed,
    DeviceChain,
    Event,
    SavingsDeposited,
    SavingsWithdrawn,
    TellerSessionOpened,
)
from ledger.reconcile import compare_day, day_events, day_fingerprints, fingerprint
from ledger.upgrades import upgrade_payload

DAY = "2025-11-27"


def a_day(amounts: list[int], branch: str = "BR01", device: str = "dev-a") -> list[Event]:
    chain = DeviceChain(branch, device)
    events = [chain.make(TellerSessionOpened("s1", "t1", 1_000_000), actor="t1",
                         business_date=DAY)]  # fmt: skip
    for i, amount in enumerate(amounts):
        kind = SavingsWithdrawn if i % 3 == 2 else SavingsDeposited
        events.append(chain.make(kind(f"m{i % 4}", "sukarela", amount, "s1"), actor="t1",
                                 business_date=DAY))  # fmt: skip
    return events


@given(st.lists(st.integers(1, 10**9), max_size=40))
def test_head_offices_digest_from_rows_is_the_branchs(amounts: list[int]) -> None:
    events = a_day(amounts)
    closing = a_day([], device="dev-b")  # another PC of the branch
    chain = DeviceChain("BR01", "dev-a", last_seq=events[-1].device_seq, last_hash=events[-1].hash)
    events.append(chain.make(DayClosed(DAY, digest="x", events=1), actor="s", business_date=DAY))
    everything = events + closing
    digest, count = closing_digest_of(e.to_dict() for e in everything)
    assert digest == closing_digest(everything, "BR01", DAY)["digest"]
    assert count == len(everything) - 1  # the DayClosed is not part of what it reports
    rows = [(e.to_dict(), canonical_json(e.to_dict()).decode()) for e in everything]
    assert day_fingerprints(rows) == day_events(everything, "BR01", DAY)


def test_day_digest_keeps_its_debits_and_credits() -> None:
    events = a_day([50_000, 20_000, 10_000])
    digest = day_digest(events, "BR01", DAY)
    assert digest["debits"] == digest["credits"] == 1_000_000 + 50_000 + 20_000 + 10_000


def test_each_difference_has_its_line() -> None:
    events = a_day([50_000, 20_000, 10_000, 70_000])
    mine = day_events(events, "BR01", DAY)
    assert compare_day(mine, mine) == []
    lost, altered = events[1], events[2]
    copy = dataclasses.replace(fingerprint(events[4]), event_id="copy", device_seq=99)
    changed = Event.from_dict({**altered.to_dict(),
                               "payload": {**altered.payload, "amount": 2_000}})  # fmt: skip
    theirs = [fingerprint(e) for e in events if e not in (lost, altered)]
    theirs += [copy, fingerprint(changed)]
    lines = {(m.kind, m.event_id): m for m in compare_day(mine, theirs)}
    assert set(lines) == {
        ("missing_at_server", lost.id),
        ("content_differs", altered.id),
        ("unknown_locally", "copy"),
    }
    assert lines[("content_differs", altered.id)].server_amount == 2_000
    assert lines[("unknown_locally", "copy")].duplicate_of == events[4].id


def test_a_version_1_day_close_reads_as_reporting_nothing() -> None:
    payload = upgrade_payload(
        "DayClosed", 1, {"business_date": DAY, "reason": "", "offline": False}
    )
    assert payload == {"business_date": DAY, "reason": "", "offline": False, "digest": "",
                       "events": 0, "digest_version": 1}  # fmt: skip
