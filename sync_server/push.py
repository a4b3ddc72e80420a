"""Push: store a device's batch exactly once, or refuse all of it.

Inside the single writer's transaction the batch is compared with what the server holds for
the device:

* events the server already holds, identical (same id, same position, same hash): a retry;
  acknowledged again, stored nothing;
* an id or a device position that holds *different* content: an alarm is recorded (the stored
  event is never overwritten) and the whole batch is refused with 409 ``conflict``;
* the first new event must be ``last_seq + 1`` (else 409 ``gap`` with ``expected_seq``), its
  hash must match its content (else 422 ``hash_mismatch``) and it must link to the stored
  chain head (else 422 ``chain_broken``).

Deduplication never expires: it rests on the UNIQUE constraints and the device's stored chain,
not on a window, so a branch may come back after weeks.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select

from ledger.wire import PushResponse
from sync_server import central
from sync_server.errors import ServiceError, unauthorized
from sync_server.intake import Incoming, check_batch
from sync_server.store import tables as t
from sync_server.store.db import Database

log = logging.getLogger(__name__)
_intake = threading.Semaphore(1)


@dataclass(frozen=True)
class Conflict:
    """An event whose id or position the server holds with other content."""

    index: int
    kind: str  # "id_conflict" or "seq_conflict"
    incoming: Incoming
    stored_hash: str | None
    detail: str


class _Refused(Exception):
    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts


def push(db: Database, device_id: str, branch_id: str, items: list[Any]) -> PushResponse:
    """Store a device's batch (see module docstring); returns the acknowledgement.

    Raises:
        ServiceError: 401/403/409/422 as described; nothing of the batch is stored then.
    """
    with _intake:
        batch = check_batch(items, device_id, branch_id)
    try:
        with db.write() as conn:
            return _store(conn, device_id, batch)
    except _Refused as refused:
        _record_alarms(db, device_id, refused.conflicts)
        first = refused.conflicts[0]
        raise ServiceError(
            409,
            "conflict",
            f"Peristiwa #{first.incoming.event.device_seq} ({first.incoming.event.id}) sudah "
            "tersimpan di server dengan isi berbeda. Kiriman ditolak dan kantor pusat telah "
            "diberi tahu; hubungi TI.",
            f"{first.detail} The batch is refused and head office has been alerted.",
            index=first.index,
        ) from None


def _store(conn: Connection, device_id: str, batch: list[Incoming]) -> PushResponse:
    device = conn.execute(
        select(t.devices.c.status, t.devices.c.last_seq, t.devices.c.last_hash).where(
            t.devices.c.device_id == device_id
        )
    ).one_or_none()
    if device is None or device.status != "active":
        raise unauthorized()  # revoked between authentication and now
    last_seq: int = device.last_seq
    if not batch:
        return PushResponse(ack_seq=last_seq, stored=0, duplicates=0)
    duplicates, conflicts = _compare_with_stored(conn, device_id, last_seq, batch)
    if conflicts:
        raise _Refused(conflicts)
    new = batch[duplicates:]
    if new:
        first = new[0]
        if first.event.device_seq != last_seq + 1:
            raise ServiceError(
                409,
                "gap",
                f"Nomor urut tidak bersambung: server menunggu #{last_seq + 1}, "
                f"diterima #{first.event.device_seq}.",
                f"Device sequence gap: expected {last_seq + 1}, got {first.event.device_seq}.",
                expected_seq=last_seq + 1,
            )
        for index, inc in enumerate(new, start=duplicates):
            if not inc.hash_ok:
                raise ServiceError(
                    422,
                    "hash_mismatch",
                    f"Hash peristiwa #{inc.event.device_seq} tidak cocok (isi diubah).",
                    f"Hash mismatch at device sequence {inc.event.device_seq} "
                    "(content altered after signing).",
                    index=index,
                )
        if first.event.prev_hash != device.last_hash:
            raise ServiceError(
                422,
                "chain_broken",
                f"Peristiwa #{first.event.device_seq} tidak menyambung rantai hash yang "
                "tersimpan di server.",
                f"Event at device sequence {first.event.device_seq} does not continue the "
                "hash chain the server holds.",
                index=duplicates,
            )
        central.append(conn, device_id, new)
    return PushResponse(
        ack_seq=new[-1].event.device_seq if new else last_seq,
        stored=len(new),
        duplicates=duplicates,
    )


def _compare_with_stored(
    conn: Connection, device_id: str, last_seq: int, batch: list[Incoming]
) -> tuple[int, list[Conflict]]:
    """How many leading events are identical retries, and the events that conflict."""
    ids = [inc.event.id for inc in batch]
    # A quarantined event holds its id and its place in the chain like a stored one.
    tables = (t.events, t.quarantined_events)
    by_id = {
        row.event_id: row
        for table in tables
        for row in conn.execute(
            select(table.c.event_id, table.c.device_id, table.c.device_seq, table.c.hash).where(
                table.c.event_id.in_(bindparam("ids", expanding=True))
            ),
            {"ids": ids},
        )
    }
    first_seq = batch[0].event.device_seq
    overlap = max(0, min(last_seq - first_seq + 1, len(batch)))
    by_seq = {}
    if overlap:
        by_seq = {
            row.device_seq: row
            for table in tables
            for row in conn.execute(
                select(table.c.event_id, table.c.device_seq, table.c.hash).where(
                    table.c.device_id == device_id,
                    table.c.device_seq.between(first_seq, first_seq + overlap - 1),
                )
            )
        }
    conflicts = []
    for index, inc in enumerate(batch):
        e = inc.event
        stored = by_id.get(e.id)
        if index < overlap:
            held = by_seq.get(e.device_seq)
            if held is not None and held.event_id == e.id and held.hash == e.hash and inc.hash_ok:
                continue
            if held is not None and held.event_id != e.id:
                conflicts.append(
                    Conflict(
                        index,
                        "seq_conflict",
                        inc,
                        held.hash,
                        f"Device sequence {e.device_seq} already holds event {held.event_id}, "
                        f"not {e.id}.",
                    )
                )
            else:
                conflicts.append(
                    Conflict(
                        index,
                        "id_conflict",
                        inc,
                        stored.hash if stored is not None else None,
                        f"Event {e.id} is already stored with different content.",
                    )
                )
        elif stored is not None:
            conflicts.append(
                Conflict(
                    index,
                    "id_conflict",
                    inc,
                    stored.hash,
                    f"Event id {e.id} is already stored for device {stored.device_id} "
                    f"sequence {stored.device_seq}.",
                )
            )
    return overlap, conflicts


def _record_alarms(db: Database, device_id: str, conflicts: list[Conflict]) -> None:
    log.error("push refused, content conflict from device %s: %s", device_id, conflicts[0].detail)
    rows = [
        {
            "kind": c.kind,
            "device_id": device_id,
            "event_id": c.incoming.event.id,
            "device_seq": c.incoming.event.device_seq,
            "stored_hash": c.stored_hash,
            "received": json.dumps(c.incoming.event.to_dict(), sort_keys=True),
            "detail": c.detail,
            "created_at": central.now_iso(),
        }
        for c in conflicts
    ]
    with db.write() as conn:
        conn.execute(t.alarms.insert(), rows)
