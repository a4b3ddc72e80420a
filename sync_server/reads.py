"""Reading the central ledger: pull pages, single events, business-day digests.

Pull pages are assembled from the stored canonical JSON without decoding it: a new device
pulling a hundred thousand events should cost the server string joins, not JSON round trips.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from ledger.canonical import canonical_json, sha256_hex
from ledger.digest import closing_devices
from ledger.wire import MAX_PULL_LIMIT, DayDigestModel
from sync_server import recon
from sync_server.errors import not_found
from sync_server.store import tables as t
from sync_server.store.db import Database

DEFAULT_PULL_LIMIT = 1000


def pull_json(db: Database, after: int, limit: int, until: int | None = None) -> str:
    """A :class:`ledger.wire.PullResponse` as JSON text: events after ``after`` (and up to
    ``until`` when given), ascending."""
    limit = max(1, min(limit, MAX_PULL_LIMIT))
    query = select(t.events.c.global_seq, t.events.c.body).where(t.events.c.global_seq > after)
    if until is not None:
        query = query.where(t.events.c.global_seq <= until)
    with db.read() as conn:
        rows = conn.execute(query.order_by(t.events.c.global_seq).limit(limit + 1)).all()
        # The page's link to the one before: the event at ``after`` (same read transaction).
        prev_hash = ""
        if after:
            prev_hash = (
                conn.execute(select(t.events.c.hash).where(t.events.c.global_seq == after)).scalar()
                or ""
            )
        epoch = conn.execute(
            select(t.server_state.c.epoch).where(t.server_state.c.id == 1)
        ).scalar()
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1][0] if rows else after
    items = ",".join(f'{{"event":{body},"global_seq":{seq}}}' for seq, body in rows)
    more = "true" if has_more else "false"
    return (
        f'{{"epoch":"{epoch or ""}","events":[{items}],"has_more":{more},'
        f'"next_cursor":{next_cursor},"prev_hash":"{prev_hash}","prev_seq":{after}}}'
    )


def identity(db: Database) -> tuple[str, list[dict[str, object]]]:
    """The database's current epoch and its lineage, oldest first."""
    with db.read() as conn:
        epoch = conn.execute(
            select(t.server_state.c.epoch).where(t.server_state.c.id == 1)
        ).scalar()
        lineage = [
            {"epoch": e, "base_seq": int(b)}
            for e, b in conn.execute(
                select(t.epochs.c.epoch, t.epochs.c.base_seq).order_by(t.epochs.c.position)
            )
        ]
    return epoch or "", lineage


def event_json(db: Database, event_id: str) -> str:
    """One stored event as a :class:`ledger.wire.PulledEvent` JSON text.

    Raises:
        ServiceError: 404 when the server does not hold it.
    """
    with db.read() as conn:
        row = conn.execute(
            select(t.events.c.global_seq, t.events.c.body).where(t.events.c.event_id == event_id)
        ).one_or_none()
    if row is None:
        raise not_found(
            f"Peristiwa {event_id} tidak ada di server.", f"Event {event_id} is not on the server."
        )
    return f'{{"event":{row.body},"global_seq":{row.global_seq}}}'


def business_day(db: Database, branch_id: str, business_date: str) -> DayDigestModel:
    """The server's digest of a branch's business day, with the debits == credits check.

    ``balanced`` holds when the digest's debits equal its credits *and* the central journal
    (reversals included) balances for that branch and date. The digest leaves out the day's
    DayClosed (:func:`ledger.digest.closing_digest`): it is what the branch reports and
    compares, before and after closing. Computed from the stored rows: the events' dict forms
    for the digest, the central journal for the sums (the digest's own debits and credits are
    the day's postings without reversals, exactly what :func:`ledger.posting.post` gives).
    """
    ev, jl = t.events.c, t.journal_lines.c
    with db.read() as conn:
        bodies = conn.execute(
            select(ev.body).where(ev.branch_id == branch_id, ev.business_date == business_date)
        ).scalars()
        rows = [json.loads(body) for body in bodies]
        targets = recon.target_amounts(conn, ((r["type"], r["payload"]) for r in rows))
        devices = closing_devices(rows, targets)
        day = (jl.branch_id == branch_id, jl.business_date == business_date)
        debits, credits = conn.execute(
            select(
                func.coalesce(func.sum(jl.debit), 0), func.coalesce(func.sum(jl.credit), 0)
            ).where(*day)
        ).one()
        own_debits, own_credits = conn.execute(
            select(func.coalesce(func.sum(jl.debit), 0), func.coalesce(func.sum(jl.credit), 0))
            .join_from(t.journal_lines, t.events, ev.event_id == jl.event_id)
            .where(*day, ev.type != "Reversed")
        ).one()
    return DayDigestModel(
        branch_id=branch_id,
        business_date=business_date,
        devices=devices,
        digest=sha256_hex(canonical_json(devices)),
        debits=int(own_debits),
        credits=int(own_credits),
        journal_debits=int(debits),
        journal_credits=int(credits),
        balanced=own_debits == own_credits and debits == credits,
    )
