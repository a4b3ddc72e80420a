"""Device numbers and what each PC last reported, on the server.

``device_numbers`` is the projection of ``DeviceNumbered`` events (the rule that reads it is
:func:`ledger.devices.number_at`); ``devices.device_no`` mirrors the newest number each device
was given, for the "is this number taken" checks. What a PC reports about itself each sync
round (:func:`sync_server.numbering.report_status`) lands in ``devices`` too.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ledger.devices import Numbering, next_free, number_at, numbering_of
from ledger.events import DeviceNumbered, Event
from ledger.wire import BranchDevices, DeviceStatusModel
from sync_server.store import tables as t
from sync_server.store.db import Database

CLASH = "device_no_clash"


def write_numberings(conn: Connection, items: Sequence[tuple[int, Event, DeviceNumbered]]) -> None:
    """Project ``(global_seq, event, payload)`` in global order (a later one for the same
    device and ``from_seq`` replaces the earlier: head office changed its mind). An event that
    numbers nothing (:func:`ledger.devices.numbering_of`) is stored but has no effect."""
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    for seq, event, payload in items:
        p = numbering_of(event.device_id, event.branch_id, event.device_seq, payload)
        if p is None:
            continue
        event_id = event.id
        values = {
            "branch_id": p.branch_id,
            "device_no": p.device_no,
            "event_id": event_id,
            "global_seq": seq,
        }
        stmt = dialect.insert(t.device_numbers).values(
            device_id=p.device_id, from_seq=p.from_seq, **values
        )
        conn.execute(
            stmt.on_conflict_do_update(index_elements=["device_id", "from_seq"], set_=values)
        )
        conn.execute(
            update(t.devices)
            .where(t.devices.c.device_id == p.device_id)
            .values(device_no=p.device_no)
        )


def numberings(conn: Connection, device_id: str) -> list[Numbering]:
    n = t.device_numbers.c
    rows = conn.execute(
        select(n.device_id, n.branch_id, n.device_no, n.from_seq)
        .where(n.device_id == device_id)
        .order_by(n.global_seq)
    )
    return [Numbering(*row) for row in rows]


def all_numberings(conn: Connection) -> dict[str, list[Numbering]]:
    n = t.device_numbers.c
    found: dict[str, list[Numbering]] = {}
    for row in conn.execute(
        select(n.device_id, n.branch_id, n.device_no, n.from_seq).order_by(n.global_seq)
    ):
        found.setdefault(row[0], []).append(Numbering(*row))
    return found


def receipt_device_no(conn: Connection, device_id: str, device_seq: int) -> int | None:
    """The number ``device_id`` printed on its event ``device_seq``."""
    return number_at(numberings(conn, device_id), device_seq)


def taken(conn: Connection, branch_id: str, *, besides: str = "") -> dict[int, str]:
    """Numbers active devices of ``branch_id`` hold now -> one device holding it."""
    d = t.devices.c
    rows = conn.execute(
        select(d.device_no, d.device_id).where(
            d.branch_id == branch_id,
            d.status == "active",
            d.device_no.is_not(None),
            d.device_id != besides,
        )
    )
    return {int(no): device for no, device in rows}


def ever_taken(conn: Connection, branch_id: str, *, besides: str = "") -> dict[int, str]:
    """Every number a device of ``branch_id`` other than ``besides`` holds or has printed with
    (revoked devices and numbers given up included) -> one such device. A number is never
    given out twice: the same number on two devices means two receipts with one number."""
    n, d = t.device_numbers.c, t.devices.c
    found = {
        int(no): str(device)
        for no, device in conn.execute(
            select(n.device_no, n.device_id).where(n.branch_id == branch_id, n.device_id != besides)
        )
    }
    for no, device in conn.execute(
        select(d.device_no, d.device_id).where(
            d.branch_id == branch_id, d.device_no.is_not(None), d.device_id != besides
        )
    ):
        found.setdefault(int(no), str(device))
    return found


def free_number(conn: Connection, branch_id: str) -> int:
    """The lowest number no device of the branch ever had."""
    return next_free(set(ever_taken(conn, branch_id)))


def branch_devices(db: Database, branch_id: str, server_time: str) -> BranchDevices:
    """Every enrolled PC of ``branch_id`` (the server's own chain left out)."""
    d = t.devices.c
    with db.read() as conn:
        rows = conn.execute(
            select(t.devices)
            .where(d.branch_id == branch_id, d.token_hash.is_not(None))
            .order_by(d.device_no, d.enrolled_at)
        ).mappings()
        devices = [
            DeviceStatusModel(
                device_id=r["device_id"],
                device_no=r["device_no"],
                name=r["name"],
                status=r["status"],
                last_contact_at=r["last_contact_at"] or "",
                acked_seq=int(r["last_seq"]),
                reported_seq=int(r["reported_seq"] or 0),
                reported_waiting=int(r["reported_waiting"] or 0),
                reported_open_drawers=int(r["reported_open_drawers"] or 0),
            )
            for r in rows
        ]
    return BranchDevices(branch_id=branch_id, server_time=server_time, devices=devices)


def open_clashes(conn: Connection, device_id: str | None = None) -> list[dict[str, object]]:
    a = t.alarms.c
    query = select(a.alarm_id, a.device_id, a.received, a.detail, a.created_at).where(
        a.kind == CLASH, a.resolved_at.is_(None)
    )
    if device_id is not None:
        query = query.where(a.device_id == device_id)
    return [dict(r) for r in conn.execute(query.order_by(a.alarm_id)).mappings()]
