"""Head office's end-of-day reconciliation of each branch's business days.

A branch reports its day when it closes it: the ``DayClosed`` event carries the digest of the
day as the closing device held it (:func:`ledger.digest.closing_digest`). The server records
the report in ``day_reconciliations`` and compares it with its own digest of the same day, in
the writer's transaction that stores the DayClosed — and again whenever another event of a
reported day arrives later (a second PC of the branch pushing late, say). Agreement is
``agreed``; any difference is ``mismatch`` and opens a ``day_mismatch`` review case (once per
day while unresolved). A day with events but no report yet is ``pending``.

Cost: one query per batch to find reported days the batch touches; a report (or a late event
into a reported day) re-reads that one day's events.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, func, select, tuple_

from ledger.digest import (
    DIGEST_VERSION,
    NOT_RECONCILED,
    closing_digest_of,
    payload_amount,
    reversal_targets,
)
from ledger.events import DayClosed, Event, ReviewCaseOpened
from ledger.ids import uuid7
from ledger.reconcile import day_fingerprints
from ledger.wire import DayReconModel
from sync_server.projector import NewEvent
from sync_server.store import tables as t
from sync_server.store.db import Database

#: Head office's own chain (review cases, staff, settings) is no branch's day.
HQ_BRANCH = "HQ"
DAY_MISMATCH = "day_mismatch"

dr = t.day_reconciliations.c


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def day_rows(conn: Connection, branch_id: str, business_date: str) -> list[tuple[Any, str]]:
    """A branch day's stored events: (dict form, canonical text as stored)."""
    bodies = conn.execute(
        select(t.events.c.body).where(
            t.events.c.branch_id == branch_id, t.events.c.business_date == business_date
        )
    ).scalars()
    return [(json.loads(body), body) for body in bodies]


def target_amounts(conn: Connection, payloads: Iterable[tuple[str, Any]]) -> dict[str, int]:
    """The headline amount of each event that the reversals among ``(type, payload)`` undo,
    as head office holds it (a reversal counts for what it undoes:
    :func:`ledger.digest.value_of`)."""
    ids = sorted(reversal_targets(payloads))
    amounts: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        for event_id, body in conn.execute(
            select(t.events.c.event_id, t.events.c.body).where(
                t.events.c.event_id.in_(ids[start : start + 500])
            )
        ):
            amounts[str(event_id)] = payload_amount(json.loads(body)["payload"])
    return amounts


def server_digest(
    conn: Connection, branch_id: str, business_date: str, version: int = DIGEST_VERSION
) -> tuple[str, int]:
    """The server's closing digest of a branch day (of digest ``version``, the one the
    branch's report was made with) and how many events it covers."""
    rows = [d for d, _ in day_rows(conn, branch_id, business_date)]
    targets = target_amounts(conn, ((d["type"], d["payload"]) for d in rows))
    return closing_digest_of(rows, targets, version)


def _reported_version(conn: Connection, closed_event_id: str) -> int:
    """The digest version a stored DayClosed reported (1 before DayClosed version 3)."""
    body = conn.execute(
        select(t.events.c.body).where(t.events.c.event_id == closed_event_id)
    ).scalar()
    if body is None:
        return DIGEST_VERSION
    return int(json.loads(body)["payload"].get("digest_version", 1))


def after_batch(conn: Connection, batch: Sequence[NewEvent]) -> list[ReviewCaseOpened]:
    """Record the reports in ``batch`` and re-check every reported day it touched; returns
    the review cases to open for new mismatches."""
    reports: dict[tuple[str, str], tuple[Event, DayClosed]] = {}
    days: set[tuple[str, str]] = set()
    for n in batch:
        e = n.event
        if e.branch_id == HQ_BRANCH:
            continue
        days.add((e.branch_id, e.business_date))
        if isinstance(n.payload, DayClosed):
            reports[(e.branch_id, n.payload.business_date)] = (e, n.payload)
    if not days:
        return []
    known = {
        (r.branch_id, r.business_date): r
        for r in conn.execute(
            select(t.day_reconciliations).where(
                tuple_(dr.branch_id, dr.business_date).in_(sorted(days | set(reports)))
            )
        )
    }
    cases = []
    for key in sorted(set(reports) | (days & set(known))):
        branch_id, day = key
        row: dict[str, Any] = dict(known[key]._mapping) if key in known else {}
        if key in reports:
            version = reports[key][1].digest_version
        else:
            version = _reported_version(conn, str(row.get("closed_event_id", "")))
        digest, count = server_digest(conn, branch_id, day, version)
        if key in reports:
            event, p = reports[key]
            row.update(
                branch_id=branch_id,
                business_date=day,
                closed_event_id=event.id,
                reported_digest=p.digest,
                reported_events=p.events,
                offline=p.offline,
                reason=p.reason,
            )
            row.setdefault("case_id", "")
        if not row.get("reported_digest"):
            status = "pending"  # a close that reported nothing (schema version 1)
        else:
            status = "agreed" if row["reported_digest"] == digest else "mismatch"
        if status == "mismatch" and not _open_case(conn, row["case_id"]):
            case = ReviewCaseOpened(
                case_id=uuid7(),
                kind=DAY_MISMATCH,
                member_id="",
                event_ids=[row["closed_event_id"]],
                detail=(
                    f"Rekonsiliasi hari usaha {day} cabang {branch_id} tidak cocok: cabang "
                    f"melaporkan {row['reported_events']} peristiwa, kantor pusat menyimpan "
                    f"{count}. Bandingkan per peristiwa di layar tutup hari cabang."
                ),
                hold=False,
            )
            cases.append(case)
            row["case_id"] = case.case_id
        row.update(status=status, server_digest=digest, server_events=count, checked_at=_now())
        if key in known:
            conn.execute(
                t.day_reconciliations.update()
                .where(dr.branch_id == branch_id, dr.business_date == day)
                .values(**{k: v for k, v in row.items() if k not in ("branch_id", "business_date")})
            )
        else:
            conn.execute(t.day_reconciliations.insert().values(**row))
    return cases


def _open_case(conn: Connection, case_id: str) -> bool:
    if not case_id:
        return False
    row = conn.execute(
        select(t.review_cases.c.resolution).where(t.review_cases.c.case_id == case_id)
    ).first()
    # A case opened in this very transaction is not projected yet: still open.
    return row is None or row.resolution == ""


# Reads ----------------------------------------------------------------------------------------


def day_events_json(db: Database, branch_id: str, business_date: str) -> str:
    """A :class:`ledger.wire.DayEventsModel` as JSON text: fingerprints of every reconciled
    event the server holds for a branch day (built as plain dicts: a day has thousands)."""
    with db.read() as conn:
        rows = day_rows(conn, branch_id, business_date)
        targets = target_amounts(conn, ((d["type"], d["payload"]) for d, _ in rows))
    return json.dumps(
        {
            "branch_id": branch_id,
            "business_date": business_date,
            "events": [vars(d) for d in day_fingerprints(rows, targets)],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def list_days(
    db: Database, *, business_date: str | None = None, branch_id: str | None = None
) -> list[DayReconModel]:
    """Every branch day the server holds events for, with its reconciliation status."""
    ev = t.events.c
    counts = select(ev.branch_id, ev.business_date, func.count()).where(
        ev.branch_id != HQ_BRANCH, ev.type.not_in(sorted(NOT_RECONCILED))
    )
    recon = select(t.day_reconciliations)
    if business_date:
        counts = counts.where(ev.business_date == business_date)
        recon = recon.where(dr.business_date == business_date)
    if branch_id:
        counts = counts.where(ev.branch_id == branch_id)
        recon = recon.where(dr.branch_id == branch_id)
    with db.read() as conn:
        held = {
            (b, d): int(n)
            for b, d, n in conn.execute(counts.group_by(ev.branch_id, ev.business_date))
        }
        rows = {(r.branch_id, r.business_date): r for r in conn.execute(recon)}
    days = []
    for key in sorted(set(held) | set(rows), key=lambda k: (k[1], k[0])):
        r = rows.get(key)
        if r is None:
            days.append(
                DayReconModel(
                    branch_id=key[0],
                    business_date=key[1],
                    status="pending",
                    events=held.get(key, 0),
                )
            )
            continue
        days.append(
            DayReconModel(
                branch_id=r.branch_id,
                business_date=r.business_date,
                status=r.status,
                events=held.get(key, 0),
                reported_digest=r.reported_digest,
                reported_events=r.reported_events,
                server_digest=r.server_digest,
                closed_event_id=r.closed_event_id,
                offline=bool(r.offline),
                reason=r.reason,
                case_id=r.case_id,
                checked_at=r.checked_at,
            )
        )
    return days
