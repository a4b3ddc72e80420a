"""End-of-day digests: what a branch device and the server each say a business day holds.

Both sides run :func:`day_digest` over the events they hold for one branch and date; equal
digests prove the central ledger has exactly the branch's day. Any difference is shown side by
side and becomes a review case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ledger.loans  # noqa: F401  (registers the loan events and posting rules)
from ledger.canonical import canonical_json, sha256_hex
from ledger.events import Event
from ledger.posting import post


def event_amount(event: Event) -> int:
    """The headline amount of a money event (0 for others)."""
    payload = event.payload
    for name in ("amount", "opening_float", "counted_total", "principal"):
        value = payload.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 0


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


def day_digest(events: Iterable[Event], branch_id: str, business_date: str) -> dict[str, Any]:
    """Digest of a branch's business day over whatever events are given (others ignored)."""
    per_device: dict[str, list[Event]] = {}
    debits = credits = 0
    for e in events:
        if e.branch_id != branch_id or e.business_date != business_date:
            continue
        per_device.setdefault(e.device_id, []).append(e)
        je = post(e) if e.type != "Reversed" else None
        if je is not None:
            debits += sum(line.debit for line in je.lines)
            credits += sum(line.credit for line in je.lines)
    devices: dict[str, dict[str, Any]] = {}
    for device, evs in sorted(per_device.items()):
        evs.sort(key=lambda e: e.device_seq)
        day = DeviceDay(first_seq=evs[0].device_seq, last_seq=evs[-1].device_seq, count=len(evs))
        running = ""
        for e in evs:
            slot = day.by_type.setdefault(e.type, {"count": 0, "total": 0})
            slot["count"] += 1
            slot["total"] += event_amount(e)
            running = sha256_hex((running + e.hash).encode())
        day.digest = running
        devices[device] = day.as_dict()
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


def closing_digest(events: Iterable[Event], branch_id: str, business_date: str) -> dict[str, Any]:
    """:func:`day_digest` of what a day close reconciles: the day without its DayClosed."""
    return day_digest(
        (e for e in events if e.type not in NOT_RECONCILED), branch_id, business_date
    )
