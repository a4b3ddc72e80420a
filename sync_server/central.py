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
import json
import uuid
from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, select, update

from ledger.clock import HlcTimestamp, HybridClock
from ledger.errors import ValidationError
from ledger.events import (
    GENESIS_HASH,
    DeviceChain,
    Event,
    MemberRegistered,
    MemberUpdated,
    Payload,
    ReviewCaseOpened,
)
from ledger.ids import uuid7
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
        epoch = str(uuid.uuid4())
        conn.execute(
            t.server_state.insert().values(
                id=1, last_seq=0, created_at=now_iso(), epoch=epoch, epoch_base=0
            )
        )
        conn.execute(
            t.epochs.insert().values(
                epoch=epoch, position=1, base_seq=0, started_at=now_iso(), note="new database"
            )
        )
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


def _problem(message_id: str, message_en: str, field: str) -> ValidationError:
    return ValidationError(message_id, message_en, field=field)


def check_against_ledger(conn: Connection, items: Sequence[Incoming]) -> None:
    """The content rules that need the central ledger, recorded on each item's ``problem``:
    a registration's home branch must exist and its member id be new; a profile edit must be
    of a member the ledger knows (not one whose registration was quarantined)."""
    registered = [
        i.payload for i in items if i.problem is None and isinstance(i.payload, MemberRegistered)
    ]
    referenced = {
        i.payload.member_id
        for i in items
        if i.problem is None and isinstance(i.payload, MemberRegistered | MemberUpdated)
    }
    if not referenced:
        return
    known = set(
        conn.execute(
            select(t.members.c.member_id).where(
                t.members.c.member_id.in_(bindparam("ids", expanding=True))
            ),
            {"ids": sorted(referenced)},
        ).scalars()
    )
    branches = set()
    if registered:
        branches = set(
            conn.execute(
                select(t.branches.c.branch_id).where(
                    t.branches.c.branch_id.in_(bindparam("b", expanding=True))
                ),
                {"b": sorted({p.home_branch for p in registered})},
            ).scalars()
        )
    for inc in items:
        p = inc.payload
        if inc.problem is not None:
            continue
        if isinstance(p, MemberRegistered):
            if p.home_branch not in branches:
                inc.problem = _problem(
                    f"Cabang induk {p.home_branch!r} tidak dikenal kantor pusat.",
                    f"Home branch {p.home_branch!r} does not exist.",
                    "home_branch",
                )
            elif p.member_id in known:
                inc.problem = _problem(
                    f"Anggota {p.member_id} sudah terdaftar (pendaftaran kedua).",
                    f"Member {p.member_id} is already registered (a second registration).",
                    "member_id",
                )
            else:
                known.add(p.member_id)
        elif isinstance(p, MemberUpdated) and p.member_id not in known:
            inc.problem = _problem(
                f"Perubahan profil untuk anggota yang tidak dikenal ({p.member_id}).",
                f"Profile change for a member the ledger does not hold ({p.member_id}).",
                "member_id",
            )


def _quarantine(
    conn: Connection, device_id: str, held: Sequence[Incoming]
) -> list[ReviewCaseOpened]:
    """Keep ``held`` out of the ledger, each with a review case and an alarm."""
    cases = []
    rows = []
    alarms = []
    for inc in held:
        e, problem = inc.event, inc.problem
        assert problem is not None
        member_id = inc.payload.to_dict().get("member_id", "")
        case = ReviewCaseOpened(
            case_id=uuid7(),
            kind="quarantined_event",
            member_id=member_id if isinstance(member_id, str) else "",
            event_ids=[e.id],
            detail=(
                f"Transaksi {e.type} #{e.device_seq} dari perangkat {e.device_id} (cabang "
                f"{e.branch_id}, {e.business_date}) dikarantina: {problem.message_id} "
                "Disimpan, tetapi tidak masuk saldo, laporan maupun ekstrak; periksa dan "
                "koreksi."
            ),
            hold=False,
        )
        cases.append(case)
        rows.append(
            {
                "event_id": e.id,
                "device_id": e.device_id,
                "device_seq": e.device_seq,
                "branch_id": e.branch_id,
                "type": e.type,
                "business_date": e.business_date,
                "hash": e.hash,
                "body": inc.body,
                "reason": problem.message_en,
                "case_id": case.case_id,
                "received_at": now_iso(),
            }
        )
        alarms.append(
            {
                "kind": "quarantined",
                "device_id": device_id,
                "event_id": e.id,
                "device_seq": e.device_seq,
                "stored_hash": e.hash,
                "received": json.dumps(e.to_dict(), sort_keys=True),
                "detail": f"Quarantined: {problem.message_en}",
                "created_at": now_iso(),
            }
        )
    conn.execute(t.quarantined_events.insert(), rows)
    conn.execute(t.alarms.insert(), alarms)
    return cases


def append(conn: Connection, device_id: str, everything: Sequence[Incoming]) -> None:
    """Store ``everything`` (the device's next events, already checked) and project them.

    An event whose content breaks a ledger rule takes its place in the device's chain (the
    chain head moves past it) but is quarantined: kept in ``quarantined_events`` with a
    review case, never given a global sequence, so no projection, pull, report or extract
    sees it.
    """
    if device_id != HQ_DEVICE:
        check_against_ledger(conn, everything)
    items = [inc for inc in everything if inc.problem is None]
    held = [inc for inc in everything if inc.problem is not None]
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
    quarantine_cases = _quarantine(conn, device_id, held) if held else []
    head = everything[-1].event
    conn.execute(
        update(t.devices)
        .where(t.devices.c.device_id == device_id)
        .values(last_seq=head.device_seq, last_hash=head.hash, last_hlc=head.hlc)
    )
    conn.execute(
        update(t.server_state).where(t.server_state.c.id == 1).values(last_seq=last + len(items))
    )
    cases: list[Payload] = [
        *quarantine_cases,
        *review.detect(conn, touched),
        *recon.after_batch(conn, new),
    ]
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
