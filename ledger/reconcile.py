"""End-of-day reconciliation, event by event: what the branch holds against head office.

Digests (:mod:`ledger.digest`) say *whether* a branch's day and the central ledger's agree;
this module says *where* they differ. Both sides describe each event of the day by a
:class:`DayEvent` fingerprint (the server sends its list, see ``GET
/v1/days/{branch}/{date}/events``), and :func:`compare_day` lists every difference:

* ``missing_at_server``: the branch holds the event, head office does not;
* ``unknown_locally``: head office holds an event the branch does not (``duplicate_of`` names
  a branch event with the very same content under another id: a duplicated posting);
* ``content_differs``: the same id with different content (an amount altered, say).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ledger.canonical import sha256_hex
from ledger.digest import NOT_RECONCILED, TargetAmounts, value_of
from ledger.events import Event

MISSING_AT_SERVER = "missing_at_server"
UNKNOWN_LOCALLY = "unknown_locally"
CONTENT_DIFFERS = "content_differs"


@dataclass(frozen=True)
class DayEvent:
    """One event of a business day as a reconciliation sees it.

    Attributes:
        event_id: The event's id.
        device_id: The device that recorded it.
        device_seq: Its place in that device's chain.
        type: Event type.
        hash: SHA-256 of the whole event's canonical JSON as held (not its ``hash`` field, so
            an altered body shows even where the hash field was left alone).
        payload_hash: SHA-256 of type and payload only: equal for a duplicated posting.
        amount: The event's value (:func:`ledger.digest.value_of`: a reversal's is the
            amount of the event it undoes).
    """

    event_id: str
    device_id: str
    device_seq: int
    type: str
    hash: str
    payload_hash: str
    amount: int


def _canonical(value: Any) -> bytes:
    # ledger.canonical.canonical_json's bytes for values that already passed it (stored,
    # signed events), without its type walk: head office fingerprints whole days at once.
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def fingerprint_of(
    data: Mapping[str, Any],
    canonical_text: str | None = None,
    targets: TargetAmounts | None = None,
) -> DayEvent:
    """The fingerprint of an event in its plain dict form. ``canonical_text``: the event's
    canonical JSON as stored (saves encoding it again; the server hashes what it holds);
    ``targets``: the amounts of the events reversals undo (a reversal's amount is theirs)."""
    whole = canonical_text.encode("utf-8") if canonical_text is not None else _canonical(data)
    return DayEvent(
        event_id=data["id"],
        device_id=data["device_id"],
        device_seq=data["device_seq"],
        type=data["type"],
        hash=sha256_hex(whole),
        payload_hash=sha256_hex(_canonical({"type": data["type"], "payload": data["payload"]})),
        amount=value_of(data["type"], data["payload"], targets),
    )


def fingerprint(event: Event, targets: TargetAmounts | None = None) -> DayEvent:
    return fingerprint_of(event.to_dict(), targets=targets)


def day_events(
    events: Iterable[Event],
    branch_id: str,
    business_date: str,
    targets: TargetAmounts | None = None,
) -> list[DayEvent]:
    """Fingerprints of the reconciled events of one branch's day, in device order."""
    chosen = [
        fingerprint(e, targets)
        for e in events
        if e.branch_id == branch_id
        and e.business_date == business_date
        and e.type not in NOT_RECONCILED
    ]
    return sorted(chosen, key=lambda d: (d.device_id, d.device_seq, d.event_id))


@dataclass(frozen=True)
class Mismatch:
    """One line of the reconciliation's list of differences.

    Attributes:
        kind: ``missing_at_server``, ``unknown_locally`` or ``content_differs``.
        event_id: The event concerned.
        device_id: Its device (as the side that holds it says).
        device_seq: Its place in that device's chain.
        type: Its event type.
        local_amount: Its amount at the branch (``None`` when the branch lacks it).
        server_amount: Its amount at head office (``None`` when head office lacks it).
        duplicate_of: For ``unknown_locally``: a branch event with the same content.
    """

    kind: str
    event_id: str
    device_id: str
    device_seq: int
    type: str
    local_amount: int | None
    server_amount: int | None
    duplicate_of: str = ""


def compare_day(local: Iterable[DayEvent], server: Iterable[DayEvent]) -> list[Mismatch]:
    """Every difference between the branch's and head office's events of a day, in device
    order (empty when they agree)."""
    mine = {d.event_id: d for d in local}
    theirs = {d.event_id: d for d in server}
    by_content: dict[str, str] = {}
    for d in mine.values():
        by_content.setdefault(d.payload_hash, d.event_id)
    lines = []
    for event_id, d in mine.items():
        other = theirs.get(event_id)
        if other is None:
            lines.append(
                Mismatch(
                    MISSING_AT_SERVER, event_id, d.device_id, d.device_seq, d.type, d.amount, None
                )
            )
        elif other.hash != d.hash or other.amount != d.amount:
            # The same bytes can still differ in value: a reversal counts for the event it
            # undoes, and the two sides may hold that event with different amounts.
            lines.append(
                Mismatch(
                    CONTENT_DIFFERS,
                    event_id,
                    d.device_id,
                    d.device_seq,
                    d.type,
                    d.amount,
                    other.amount,
                )
            )
    for event_id, d in theirs.items():
        if event_id not in mine:
            lines.append(
                Mismatch(
                    UNKNOWN_LOCALLY,
                    event_id,
                    d.device_id,
                    d.device_seq,
                    d.type,
                    None,
                    d.amount,
                    by_content.get(d.payload_hash, ""),
                )
            )
    return sorted(lines, key=lambda m: (m.device_id, m.device_seq, m.kind, m.event_id))


def day_fingerprints(
    rows: Iterable[tuple[Mapping[str, Any], str]], targets: TargetAmounts | None = None
) -> list[DayEvent]:
    """Fingerprints of stored events ``(dict form, canonical text)`` of one branch day, in
    device order (the day's DayClosed left out)."""
    chosen = [
        fingerprint_of(d, text, targets) for d, text in rows if d["type"] not in NOT_RECONCILED
    ]
    return sorted(chosen, key=lambda d: (d.device_id, d.device_seq, d.event_id))
