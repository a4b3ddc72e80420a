"""What the console's read-only pages show that no CLI command prints: the branches at a
glance, and member search, profile and history.

Every figure comes from tables the sync server already keeps: the devices' reported status
(:mod:`sync_server.devices`), the day reconciliations (:func:`sync_server.recon.list_days`),
open review cases, and the cash accounts' balances in ``gl_balances``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, or_, select

from ledger.accounts import CASH_TELLER, CASH_VAULT
from sync_server import admin, recon
from sync_server.store import tables as t
from sync_server.store.db import Database

#: Member fields only admins and auditors see in full.
SENSITIVE_FIELDS = ("nik", "mother_maiden_name", "phone", "address")


def branches(db: Database) -> list[dict[str, Any]]:
    """One row per branch: devices, last sync, events waiting, days, mismatches, cases, cash.

    "Days not closed" are the business dates with events after the branch's last closed day
    (an index range on ``(branch_id, business_date)``, so the cost follows the days still
    open, not the size of the ledger); earlier days left unclosed show on the reconciliation
    page as ``pending``.
    """
    rows = {
        b["branch_id"]: {**b, "devices_list": []}
        for b in admin.list_branches(db)
        if b["branch_id"] != recon.HQ_BRANCH  # head office's own chain is no branch
    }
    for device in admin.list_devices(db):
        if device["branch_id"] in rows:
            rows[device["branch_id"]]["devices_list"].append(device)
    cd, dr, ev = t.closed_days.c, t.day_reconciliations.c, t.events.c
    rc, m = t.review_cases.c, t.members.c
    with db.read() as conn:
        last_closed: dict[str, str] = dict(
            conn.execute(
                select(cd.branch_id, func.max(cd.business_date)).group_by(cd.branch_id)
            ).all()
        )
        open_days = {
            branch_id: int(
                conn.execute(
                    select(func.count(ev.business_date.distinct())).where(
                        ev.branch_id == branch_id,
                        ev.business_date > last_closed.get(branch_id, ""),
                    )
                ).scalar()
                or 0
            )
            for branch_id in rows
        }
        mismatches: dict[str, int] = dict(
            conn.execute(
                select(dr.branch_id, func.count())
                .where(dr.status == "mismatch")
                .group_by(dr.branch_id)
            ).all()
        )
        cash: dict[str, int] = defaultdict(int)
        for account, balance in conn.execute(
            select(t.gl_balances.c.account, t.gl_balances.c.balance).where(
                or_(
                    t.gl_balances.c.account.startswith(CASH_TELLER + ":"),
                    t.gl_balances.c.account.startswith(CASH_VAULT + ":"),
                )
            )
        ):
            cash[account.split(":")[1]] += int(balance)
        cases: dict[str, int] = defaultdict(int)
        for branch_id, n in conn.execute(
            select(m.home_branch, func.count())
            .select_from(t.review_cases.join(t.members, m.member_id == rc.member_id))
            .where(rc.resolution == "")
            .group_by(m.home_branch)
        ):
            cases[branch_id] += int(n)
        for branch_id, n in conn.execute(
            select(dr.branch_id, func.count())
            .select_from(t.day_reconciliations.join(t.review_cases, rc.case_id == dr.case_id))
            .where(rc.resolution == "", rc.member_id == "")
            .group_by(dr.branch_id)
        ):
            cases[branch_id] += int(n)
    for branch_id, row in rows.items():
        active = [d for d in row["devices_list"] if d["status"] == "active"]
        contacts = [d["last_contact_at"] for d in active if d["last_contact_at"]]
        row.update(
            last_sync=max(contacts) if contacts else "",
            waiting=sum(int(d["reported_waiting"] or 0) for d in active),
            last_closed=last_closed.get(branch_id, ""),
            open_days=open_days[branch_id],
            mismatches=int(mismatches.get(branch_id, 0)),
            cases=cases.get(branch_id, 0),
            cash=cash.get(branch_id, 0),
        )
    return list(rows.values())


#: The ``name`` rows of ``member_fields``, as the partial trigram index's own condition.
NAME_ROWS = t.member_fields.c.field == literal_column("'name'")


def code_point_order(db: Database, *columns: ColumnElement[str]) -> list[ColumnElement[str]]:
    """``columns`` to sort by code point, as SQLite's BINARY does (PostgreSQL would otherwise
    sort by its database's locale and pick other rows before a LIMIT)."""
    if db.dialect == "postgresql":
        return [c.collate("C") for c in columns]
    return list(columns)


def search_members(db: Database, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Members whose number or NIK is ``query``, then those whose name contains it.

    The name match reads the ``name`` rows through an index: on SQLite the b-tree on
    ``member_fields (field, value)`` (migration 0009), on PostgreSQL the ``pg_trgm`` GIN index
    on the names (migration 0010, a partial index ``WHERE field = 'name'``, so that condition
    is written into the SQL as a literal: a bound parameter would not prove it in a prepared
    statement's generic plan). A common name finds the first ``limit`` names in code-point
    order, the same members on both databases. See bench/bench_console.py.
    """
    q = query.strip()
    if len(q) < 2:
        return []
    m, f = t.members.c, t.member_fields.c
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with db.read() as conn:
        exact = [
            str(r)
            for r in conn.execute(
                select(m.member_id).where(or_(m.member_no == q, m.nik == q)).limit(limit)
            ).scalars()
        ]
        named = dict(
            conn.execute(
                select(f.member_id, f.value)
                .where(NAME_ROWS, f.value.ilike(pattern, escape="\\"))
                .order_by(*code_point_order(db, f.value, f.member_id))
                .limit(limit)
            ).all()
        )
        wanted = list(dict.fromkeys([*exact, *named]))[:limit]
        if not wanted:
            return []
        found = {
            r["member_id"]: dict(r)
            for r in conn.execute(
                select(m.member_id, m.member_no, m.nik, m.home_branch).where(
                    m.member_id.in_(wanted)
                )
            ).mappings()
        }
        names = dict(
            conn.execute(
                select(f.member_id, f.value).where(f.field == "name", f.member_id.in_(exact))
            ).all()
        )
    names.update(named)
    rows = [{**found[i], "name": names.get(i, "")} for i in wanted if i in found]
    first = set(exact)
    return sorted(rows, key=lambda r: (r["member_id"] not in first, r["name"], r["member_no"]))


def mask(value: str) -> str:
    """All but the last four characters hidden."""
    return "•" * max(len(value) - 4, 0) + value[-4:]


def member(db: Database, member_id: str, history_limit: int = 200) -> dict[str, Any] | None:
    """A member's profile fields, balances and newest events (as the statement report finds
    them: events whose body names the member)."""
    m, f, ev = t.members.c, t.member_fields.c, t.events.c
    with db.read() as conn:
        row = conn.execute(select(t.members).where(m.member_id == member_id)).mappings().first()
        if row is None:
            return None
        fields = dict(conn.execute(select(f.field, f.value).where(f.member_id == member_id)).all())
        balances = dict(
            conn.execute(
                select(t.balances.c.product, t.balances.c.amount).where(
                    t.balances.c.member_id == member_id
                )
            ).all()
        )
        bodies = conn.execute(
            select(ev.global_seq, ev.body)
            .where(ev.body.contains(member_id))
            .order_by(ev.global_seq.desc())
            .limit(history_limit)
        ).all()
    history = [event_row(seq, body) for seq, body in bodies]
    return {**dict(row), "fields": fields, "balances": balances, "history": history}


def event_row(seq: int, body: str) -> dict[str, Any]:
    """An event as a line on a page: who, what, and its payload in short."""
    data = json.loads(body)
    payload = data.get("payload", {})
    summary = ", ".join(
        f"{k}={v}"
        for k, v in payload.items()
        if k not in ("password_hash",) and v not in ("", None)
    )
    return {
        "global_seq": seq,
        "event_id": data.get("id", ""),
        "type": data.get("type", ""),
        "device_id": data.get("device_id", ""),
        "device_seq": data.get("device_seq", ""),
        "branch_id": data.get("branch_id", ""),
        "business_date": data.get("business_date", ""),
        "actor": data.get("actor", ""),
        "summary": summary[:300],
    }


def events_by_id(db: Database, event_ids: list[str]) -> list[dict[str, Any]]:
    ev = t.events.c
    with db.read() as conn:
        rows = conn.execute(
            select(ev.global_seq, ev.body).where(ev.event_id.in_(event_ids)).order_by(ev.global_seq)
        ).all()
    return [event_row(seq, body) for seq, body in rows]


def day_events(db: Database, branch_id: str, business_date: str) -> list[dict[str, Any]]:
    ev = t.events.c
    with db.read() as conn:
        rows = conn.execute(
            select(ev.global_seq, ev.body)
            .where(ev.branch_id == branch_id, ev.business_date == business_date)
            .order_by(ev.global_seq)
        ).all()
    return [event_row(seq, body) for seq, body in rows]


def case(db: Database, case_id: str) -> dict[str, Any] | None:
    with db.read() as conn:
        row = (
            conn.execute(select(t.review_cases).where(t.review_cases.c.case_id == case_id))
            .mappings()
            .first()
        )
    if row is None:
        return None
    found = dict(row)
    found["event_ids"] = json.loads(found["event_ids"])
    found["events"] = events_by_id(db, found["event_ids"])
    return found
