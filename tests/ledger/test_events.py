import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.canonical import canonical_json
from ledger.errors import ValidationError
from ledger.events import (
    GENESIS_HASH,
    Event,
    SavingsDeposited,
    parse_payload,
    verify_chain,
)
from ledger.upgrades import upgrade_payload

from .builders import Counter


def test_canonical_json_is_sorted_compact_utf8_and_refuses_floats():
    assert canonical_json({"b": 1, "a": "Ñyoman", "c": [True, None]}) == (
        '{"a":"Ñyoman","b":1,"c":[true,null]}'.encode()
    )
    with pytest.raises(TypeError, match="floats"):
        canonical_json({"amount": 1.5})


def test_canonical_bytes_are_pinned():
    # A fixed event must always encode to the same bytes and hash, on every platform/version.
    event = Event(
        id="01900000-0000-7000-8000-000000000001",
        type="SavingsDeposited",
        schema_version=2,
        branch_id="BR01",
        device_id="dev-1",
        device_seq=1,
        hlc="001790000000000-000000",
        actor="ayu",
        authorizer="",
        business_date="2026-11-27",
        payload={
            "member_id": "m",
            "product": "sukarela",
            "amount": 50_000,
            "session_id": "s",
            "channel": "cash",
        },
        prev_hash=GENESIS_HASH,
        hash="",
    )
    # Pinned when the encoding was defined; if this changes, every stored chain breaks.
    assert event.compute_hash() == (
        "6251bf8e4b6f7b0ad3a790589ef391cb9e0da9b236cc24dc5fb44f966ed10286"
    )
    body = canonical_json(event.body())
    assert body.startswith(b'{"actor":"ayu","authorizer":"","branch_id":"BR01"')
    assert b" " not in body


def test_a_chain_verifies_and_round_trips_through_the_wire_form():
    counter = Counter()
    counter.member("I Wayan Sudarsana").deposits(50_000)
    wire = [json.loads(e.canonical()) for e in counter.events]
    events = [Event.from_dict(d) for d in wire]
    assert events == counter.events
    verify_chain(events)
    assert [e.device_seq for e in events] == [1, 2, 3]


@given(st.data())
def test_changing_any_byte_of_a_chained_event_is_detected(data):
    counter = Counter()
    wayan = counter.member("I Wayan Sudarsana")
    wayan.deposits(50_000)
    wayan.withdraws(20_000)
    index = data.draw(st.integers(0, len(counter.events) - 1))
    raw = bytearray(counter.events[index].canonical())
    pos = data.draw(st.integers(0, len(raw) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != raw[pos]))
    raw[pos] = new
    try:
        tampered = Event.from_dict(json.loads(raw.decode("utf-8")))
    except (ValueError, ValidationError, TypeError):
        return  # no longer even a well-formed event: refused at the door
    events = list(counter.events)
    events[index] = tampered
    if tampered == counter.events[index]:
        return  # e.g. a changed byte inside insignificant JSON whitespace: same event
    with pytest.raises(ValidationError):
        verify_chain(events)


def test_a_broken_link_is_named():
    counter = Counter()
    counter.member("Ni Made Ayu Lestari", sex="P").deposits(10_000)
    with pytest.raises(ValidationError, match="sequence 3"):
        verify_chain([counter.events[0], counter.events[2]])


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"member_id": "m", "product": "sukarela", "amount": "5000", "session_id": "s"}, "amount"),
        ({"member_id": "m", "product": "sukarela", "amount": 5000.0, "session_id": "s"}, "amount"),
        ({"member_id": "m", "product": "sukarela", "session_id": "s"}, "amount is required"),
        ({"member_id": "m", "product": "sukarela", "amount": 0, "session_id": "s"}, "positive"),
        ({"member_id": "m", "product": "sukarela", "amount": True, "session_id": "s"}, "amount"),
        (
            {"member_id": "m", "product": "x", "amount": 1, "session_id": "s", "sql": "1;DROP"},
            "unexpected",
        ),
    ],
)
def test_payloads_are_checked_field_by_field(payload, reason):
    with pytest.raises(ValidationError, match=reason):
        parse_payload("SavingsDeposited", payload)


def test_unknown_event_types_are_refused():
    with pytest.raises(ValidationError, match="Unknown event type"):
        parse_payload("MoneyPrinted", {})


def test_envelope_fields_are_checked():
    counter = Counter()
    data = json.loads(counter.events[0].canonical())
    for name, bad in [
        ("device_seq", "1"),
        ("id", "nope"),
        ("business_date", "27/11/2026"),
        ("hlc", "yesterday"),
        ("payload", []),
    ]:
        with pytest.raises(ValidationError):
            Event.from_dict({**data, name: bad})
    with pytest.raises(ValidationError, match="missing"):
        Event.from_dict({k: v for k, v in data.items() if k != "hash"})
    with pytest.raises(ValidationError, match="unexpected"):
        Event.from_dict({**data, "extra": 1})


def test_old_schema_versions_are_upgraded_not_refused():
    v1 = {"member_id": "m", "product": "wajib", "amount": 25_000, "session_id": "s"}
    upgraded = upgrade_payload("SavingsDeposited", 1, v1)
    assert upgraded["channel"] == "cash"
    assert parse_payload("SavingsDeposited", upgraded) == SavingsDeposited(
        "m", "wajib", 25_000, "s"
    )
    with pytest.raises(ValidationError, match="newer"):
        upgrade_payload("SavingsDeposited", 3, v1)


def test_an_old_event_keeps_its_hash_and_projects_upgraded():
    counter = Counter()
    member = counter.member("I Ketut Arsana")
    event = member.deposits(30_000)
    body = event.body()
    body["schema_version"] = 1
    del body["payload"]["channel"]
    from ledger.canonical import sha256_hex

    old = Event(**body, hash=sha256_hex(canonical_json(body)))
    assert old.compute_hash() == old.hash
    assert old.typed() == SavingsDeposited(member.id, "sukarela", 30_000, counter.session, "cash")
