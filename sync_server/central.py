"""The central ledger's write path, shared by device pushes and the server's own HQ chain.

:func:`append` runs inside the single writer's transaction: it hands out global sequence
numbers, inserts the events, updates every projection, advances the device's chain head, and
opens review cases for what the batch revealed — all in one commit.

Head office's own events (staff accounts, settings, review cases) are made on the ``hq``
device chain, hash-chained like any branch device's, so branches pull and verify them the
same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, select, update

from ledger.clock import HlcTimestamp, HybridClock
from ledger.events import GENESIS_HASH, DeviceChain, Event, Payload
from ledger.projection import effects_of
from sync_server import recon, review
from sync_server.intake import Incoming
from sync_server.projector import NewEvent, bulk, project
from sync_server.store import tables as t

HQ_BRANCH = "HQ"
HQ_DEVICE = "hq"
HQ_ACTOR = "server"
EVENT_COLUMNS = (
    "global_seq",
    "event_id",
    "device_id",
    "device_seq",
    "branch_id",
    "type",
    "business_date",
    "hash",
    "body",
)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def ensure_initialised(conn: Connection) -> None:
    """Create the sequence counter and the HQ device on a fresh database (idempotent)."""
    if conn.execute(select(t.server_state.c.id)).first() is None:
        conn.execute(t.server_state.insert().values(id=1, last_seq=0, created_at=now_iso()))
    if (
        conn.execute(
            select(t.branches.c.branch_id).where(t.branches.c.branch_id == HQ_BRANCH)
        ).first()
        is None
    ):
        conn.execute(
            t.branches.insert().values(
                branch_id=HQ_BRANCH, name="Kantor Pusat", created_at=now_iso()
            )
        )
    if (
        conn.execute(
            select(t.devices.c.device_id).where(t.devices.c.device_id == HQ_DEVICE)
        ).first()
        is None
    ):
        conn.execute(
            t.devices.insert().values(
                device_id=HQ_DEVICE,
                branch_id=HQ_BRANCH,
                name="server",
                token_hash=None,
                status="active",
                last_seq=0,
                last_hash=GENESIS_HASH,
                last_hlc="",
                enrolled_at=now_iso(),
            )
        )


def append(conn: Connection, device_id: str, items: Sequence[Incoming]) -> None:
    """Store ``items`` (the device's next events, already checked) and project them."""
    last = conn.execute(
        select(t.server_state.c.last_seq).where(t.server_state.c.id == 1)
    ).scalar_one()
    rows = []
    new = []
    for offset, inc in enumerate(items, start=1):
        e = inc.event
        rows.append(
            (
                last + offset,
                e.id,
                e.device_id,
                e.device_seq,
                e.branch_id,
                e.type,
                e.business_date,
                e.hash,
                inc.body,
            )
        )
        new.append(NewEvent(last + offset, e, inc.payload, inc.effects))
    bulk(conn, t.events, EVENT_COLUMNS, rows)
    touched = project(conn, new)
    head = items[-1].event
    conn.execute(
        update(t.devices)
        .where(t.devices.c.device_id == device_id)
        .values(last_seq=head.device_seq, last_hash=head.hash, last_hlc=head.hlc)
    )
    conn.execute(
        update(t.server_state).where(t.server_state.c.id == 1).values(last_seq=last + len(items))
    )
    cases: list[Payload] = [*review.detect(conn, touched), *recon.after_batch(conn, new)]
    if cases:
        append_hq(conn, cases)


def trusted(event: Event) -> Incoming:
    """An event the server made itself, in the form :func:`append` takes."""
    return Incoming(
        event=event,
        payload=event.typed(),
        effects=effects_of(event),
        body=event.canonical().decode("utf-8"),
        hash_ok=True,
    )


def append_hq(
    conn: Connection, payloads: Sequence[Payload], *, actor: str = HQ_ACTOR
) -> list[Event]:
    """Make ``payloads`` into events on the HQ chain and append them."""
    row = conn.execute(
        select(t.devices.c.last_seq, t.devices.c.last_hash, t.devices.c.last_hlc).where(
            t.devices.c.device_id == HQ_DEVICE
        )
    ).one()
    # Continue the chain's clock from its last event: the CLI and the server are different
    # processes, and a later staff change must carry a later stamp.
    clock = HybridClock(last=HlcTimestamp.decode(row.last_hlc) if row.last_hlc else None)
    chain = DeviceChain(
        HQ_BRANCH, HQ_DEVICE, last_seq=row.last_seq, last_hash=row.last_hash, clock=clock
    )
    today = dt.date.today().isoformat()
    events = [chain.make(p, actor=actor, business_date=today) for p in payloads]
    append(conn, HQ_DEVICE, [trusted(e) for e in events])
    return events
