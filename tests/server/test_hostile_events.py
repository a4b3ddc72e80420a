"""Signed events with hostile values in every field: always a 2xx or a 4xx with a reason.

Schemathesis sends random shapes; this sends *well-signed* events of every kind with one field
at a time replaced by something nasty, so each value travels the whole way — envelope and
payload checks, posting, projection, review rules — and must never become a 500.
"""

from __future__ import annotations

from typing import Any

from ledger.canonical import canonical_json, sha256_hex
from ledger.events import (
    GENESIS_HASH,
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
from ledger.loans.events import LoanDisbursed, LoanRepaid

from .helpers import DAY, Device, Server

NASTY: list[Any] = [
    None, -1, 0, 2**70, -(2**63), "", "x" * 501, "Ayu\x00", "'; DROP TABLE events; --",
    [], {}, {"a": {"b": [1, {"c": None}]}}, True, 1.5, "\ud800", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
]  # fmt: skip

PAYLOADS: list[Payload] = [
    TellerSessionOpened("s-1", "u-1", 1_000_000),
    MemberRegistered(
        "m-1",
        "BR-1",
        "5104034703900001",
        "Ayu",
        "Gianyar",
        "1990-03-07",
        "P",
        "Jl. 1",
        "081234567890",
        "Petani",
        "Ketut",
        DAY,
        "BR",
    ),
    SavingsDeposited("m-1", "sukarela", 100_000, "s-1"),
    SavingsWithdrawn("m-1", "sukarela", 50_000, "s-1"),
    MemberUpdated("m-1", {"phone": "081200000000"}),
    TellerSessionClosed("s-1", "u-1", 1_050_000, 1_040_000, {"100000": 10, "20000": 2}),
    Reversed(uuid7(), "salah", "s-1"),  # a target nobody else uses
    LoanDisbursed(
        loan_id="l-1",
        member_id="m-1",
        product_id="p",
        principal=1_000_000,
        tenor=10,
        rate_bp=150,
        method="flat",
        frequency="monthly",
        rounding=1,
    ),
    LoanRepaid("l-1", "m-1", 110_000, 0, 10_000, 100_000),
]

ENVELOPE_TARGETS = ("schema_version", "actor", "authorizer", "business_date", "hlc", "type")


class Signer:
    """Signs arbitrary event dicts on a device's chain, advancing it on every stored event."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.seq = 0
        self.hash = GENESIS_HASH

    def event(self, payload: dict[str, Any], **envelope: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": uuid7(),
            "type": "SavingsDeposited",
            "schema_version": 1,
            "branch_id": self.device.branch_id,
            "device_id": self.device.device_id,
            "device_seq": self.seq + 1,
            "hlc": self.device.chain.clock.now().encode(),
            "actor": "u-1",
            "authorizer": "",
            "business_date": DAY,
            "payload": payload,
            "prev_hash": self.hash,
        }
        body.update(envelope)
        try:
            body["hash"] = sha256_hex(canonical_json(body))
        except (TypeError, ValueError, UnicodeEncodeError):
            body["hash"] = "0" * 64  # unsignable (a float, a lone surrogate): sent as is
        return body

    def push(self, event: dict[str, Any]) -> int:
        reply = self.device.push([event])
        assert reply.status_code < 500, f"{reply.status_code} {reply.text[:300]} for {event}"
        if reply.status_code == 200:
            self.seq, self.hash = event["device_seq"], event["hash"]
        else:
            body = reply.json()
            assert body["code"] and body["detail"] and body["detail_id"], body
        return reply.status_code


def test_hostile_values_in_signed_events_never_fail_the_server(server: Server, branch: str) -> None:
    signer = Signer(server.enrol(branch))
    outcomes: dict[int, int] = {}
    for payload in PAYLOADS:
        good = payload.to_dict()
        status = signer.push(signer.event(good, type=payload.TYPE, schema_version=payload.VERSION))
        outcomes[status] = outcomes.get(status, 0) + 1
        for name in good:
            for value in NASTY:
                event = signer.event(
                    {**good, name: value}, type=payload.TYPE, schema_version=payload.VERSION
                )
                status = signer.push(event)
                outcomes[status] = outcomes.get(status, 0) + 1
        for name in ENVELOPE_TARGETS:
            for value in NASTY:
                event = signer.event(good, **{"type": payload.TYPE, name: value})
                status = signer.push(event)
                outcomes[status] = outcomes.get(status, 0) + 1
    assert outcomes.get(200, 0) >= len(PAYLOADS)  # the untouched events went in
    assert outcomes.get(422, 0) > 100  # and the hostile ones were refused with reasons
