"""End-of-day digests: what a branch device and the server each say a business day holds.

Both sides run :func:`day_digest` over the events they hold for one branch and date; equal
digests prove the central ledger has exactly the branch's day. Any difference is shown side by
side and becomes a review case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ledger.loans  # noqa: F401  (registers the loan events and posting rules)
from ledger.canonical import canonical_json, sha256_hex
from ledger.events import Event
from ledger.posting import post

#: The digest this app computes. Version 1 counted a reversal at Rp 0 (its payload names no
#: amount); version 2 counts it at the headline amount of the event it undoes, so a reversal
#: of the wrong amount changes the day's totals. A DayClosed reports the version it used
#: (``digest_version``) and head office compares a report with that version.
DIGEST_VERSION = 2

#: The headline amount of each event a day's reversals undo, by event id (the caller looks
#: them up in its own store: a reversal may undo an event of an earlier day).
TargetAmounts = Mapping[str, int]


def event_amount(event: Event) -> int:
    """The headline amount of a money event (0 for others)."""
    return payload_amount(event.payload)


def reversal_targets(items: Iterable[tuple[str, Mapping[str, Any]]]) -> set[str]:
    """The ids of the events undone by the reversals among ``(type, payload)`` pairs."""
    return {
        str(payload.get("target_event_id", ""))
        for kind, payload in items
        if kind == "Reversed" and payload.get("target_event_id")
    }


def value_of(
    kind: str,
    payload: Mapping[str, Any],
    targets: TargetAmounts | None = None,
    version: int = DIGEST_VERSION,
) -> int:
    """What an event counts for in a digest, a comparison or a day's totals: its headline
    amount; a reversal's (from version 2) is the amount of the event it undoes."""
    if kind == "Reversed" and version >= 2:
        return int((targets or {}).get(str(payload.get("target_event_id", "")), 0))
    return payload_amount(payload)


@dataclass
class DeviceDay:
    """One device's share of a business day.

    Attributes:
        first_seq: Lowest device sequence of the day.
        last_seq: Highest device sequence of the day.
        count: Events of the day.
        by_type: Event type -> ``{"count": n, "total": rupiah}``.
        digest: SHA-256 chained over the day's event hashes in sequence order.
    """

    first_seq: int = 0
    last_seq: int = 0
    count: int = 0
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    digest: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "count": self.count,
            "by_type": self.by_type,
            "digest": self.digest,
        }


def payload_amount(payload: Any) -> int:
    """:func:`event_amount` of a payload in its plain dict form."""
    for name in ("amount", "opening_float", "counted_total", "principal"):
        value = payload.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 0


#: One event as the digest sees it: device, device sequence, type, hash, headline amount.
DigestItem = tuple[str, int, str, str, int]


def device_days(items: Iterable[DigestItem]) -> dict[str, dict[str, Any]]:
    """Per device: sequence range, count and total per type, and the chained hash digest."""
    per_device: dict[str, list[DigestItem]] = {}
    for item in items:
        per_device.setdefault(item[0], []).append(item)
    devices: dict[str, dict[str, Any]] = {}
    for device, evs in sorted(per_device.items()):
        evs.sort(key=lambda e: e[1])
        day = DeviceDay(first_seq=evs[0][1], last_seq=evs[-1][1], count=len(evs))
        running = ""
        for _, _, kind, hash_, amount in evs:
            slot = day.by_type.setdefault(kind, {"count": 0, "total": 0})
            slot["count"] += 1
            slot["total"] += amount
            running = sha256_hex((running + hash_).encode())
        day.digest = running
        devices[device] = day.as_dict()
    return devices


def day_digest(
    events: Iterable[Event],
    branch_id: str,
    business_date: str,
    targets: TargetAmounts | None = None,
    version: int = DIGEST_VERSION,
) -> dict[str, Any]:
    """Digest of a branch's business day over whatever events are given (others ignored).

    ``targets``: the amounts of the events the day's reversals undo (:data:`TargetAmounts`);
    ``version``: the digest version (:data:`DIGEST_VERSION`).
    """
    items: list[DigestItem] = []
    debits = credits = 0
    for e in events:
        if e.branch_id != branch_id or e.business_date != business_date:
            continue
        items.append(
            (
                e.device_id,
                e.device_seq,
                e.type,
                e.hash,
                value_of(e.type, e.payload, targets, version),
            )
        )
        je = post(e) if e.type != "Reversed" else None
        if je is not None:
            debits += sum(line.debit for line in je.lines)
            credits += sum(line.credit for line in je.lines)
    devices = device_days(items)
    return {
        "branch_id": branch_id,
        "business_date": business_date,
        "devices": devices,
        "digest": sha256_hex(canonical_json(devices)),
        "debits": debits,
        "credits": credits,
    }


#: Event types a day's reconciliation leaves out. Closing the day reports the digest of every
#: other event of the day, so the closing event cannot be part of what it reports.
NOT_RECONCILED: frozenset[str] = frozenset({"DayClosed"})


def closing_digest(
    events: Iterable[Event],
    branch_id: str,
    business_date: str,
    targets: TargetAmounts | None = None,
    version: int = DIGEST_VERSION,
) -> dict[str, Any]:
    """:func:`day_digest` of what a day close reconciles: the day without its DayClosed."""
    return day_digest(
        (e for e in events if e.type not in NOT_RECONCILED),
        branch_id,
        business_date,
        targets,
        version,
    )


def closing_devices(
    rows: Iterable[Mapping[str, Any]],
    targets: TargetAmounts | None = None,
    version: int = DIGEST_VERSION,
) -> dict[str, dict[str, Any]]:
    """The ``devices`` of :func:`closing_digest` from events in their plain dict form (one
    branch day's, as stored): no posting, no typed payloads, so head office can digest a day
    without decoding it into events."""
    return device_days(
        (
            r["device_id"],
            r["device_seq"],
            r["type"],
            r["hash"],
            value_of(r["type"], r["payload"], targets, version),
        )
        for r in rows
        if r["type"] not in NOT_RECONCILED
    )


def closing_digest_of(
    rows: Iterable[Mapping[str, Any]],
    targets: TargetAmounts | None = None,
    version: int = DIGEST_VERSION,
) -> tuple[str, int]:
    """The ``digest`` of :func:`closing_digest` and its event count, from dict forms."""
    devices = closing_devices(rows, targets, version)
    return sha256_hex(canonical_json(devices)), sum(d["count"] for d in devices.values())
