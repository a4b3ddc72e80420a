"""Bootstrap snapshots: the central projection at one global sequence, in checksummed pages.

A new device would need minutes to replay every event since the cooperative began; instead it
loads the projection as of a global sequence ``at_seq`` and then pulls from there. A snapshot is
built once from one consistent read, stored page by page, and served to every device that
bootstraps while it is recent (``snapshot_max_lag`` events), so the pages a device fetches over
a slow line all belong to the same ``at_seq`` and an interrupted bootstrap resumes where it
stopped. The two newest snapshots are kept; asking for an older one is answered 410.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, delete, func, select

from ledger.canonical import canonical_json, sha256_hex
from sync_server import loans
from sync_server.central import now_iso
from sync_server.errors import ServiceError, not_found
from sync_server.store import tables as t
from sync_server.store.db import Database

KEEP = 2
_build_lock = threading.Lock()


def _member_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    mf = t.member_fields.c
    rows = conn.execution_options(yield_per=5000).execute(
        select(mf.member_id, mf.field, mf.value, mf.hlc, mf.device_id).order_by(
            mf.member_id, mf.field
        )
    )
    current: dict[str, Any] | None = None
    for member_id, name, value, hlc, device_id in rows:
        if current is None or current["member_id"] != member_id:
            if current is not None:
                yield current
            current = {"kind": "member", "member_id": member_id, "fields": {}}
        current["fields"][name] = {"value": value, "hlc": hlc, "device_id": device_id}
    if current is not None:
        yield current


def projection_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every row of the central projection, as :data:`ledger.wire.SNAPSHOT_ROW_KINDS`."""
    for scope, key, value, hlc, device_id in conn.execute(
        select(t.settings).order_by(t.settings.c.scope, t.settings.c.key)
    ):
        yield {
            "kind": "setting",
            "scope": scope,
            "key": key,
            "value": value,
            "hlc": hlc,
            "device_id": device_id,
        }
    for row in conn.execute(select(t.staff).order_by(t.staff.c.user_id)).mappings():
        yield {"kind": "staff", **row}
    yield from _member_rows(conn)
    b = t.balances.c
    for member_id, product, amount in conn.execution_options(yield_per=5000).execute(
        select(b.member_id, b.product, b.amount).order_by(b.member_id, b.product)
    ):
        yield {"kind": "balance", "member_id": member_id, "product": product, "amount": amount}
    for account, balance in conn.execute(select(t.gl_balances).order_by(t.gl_balances.c.account)):
        yield {"kind": "gl", "account": account, "balance": balance}
    for session_id, branch_id, state in conn.execute(
        select(t.sessions).order_by(t.sessions.c.session_id)
    ):
        yield {"kind": "session", "session_id": session_id, "branch_id": branch_id, "state": state}
    for branch_id, business_date in conn.execute(
        select(t.closed_days).order_by(t.closed_days.c.branch_id, t.closed_days.c.business_date)
    ):
        yield {"kind": "closed_day", "branch_id": branch_id, "business_date": business_date}
    for reversal_id, target_id in conn.execute(
        select(t.reversals).order_by(t.reversals.c.reversal_id)
    ):
        yield {"kind": "reversal", "reversal_id": reversal_id, "target_id": target_id}
    rc = t.review_cases.c
    for case_id, kind, member_id, event_ids, detail, hold, resolution in conn.execute(
        select(
            rc.case_id, rc.kind, rc.member_id, rc.event_ids, rc.detail, rc.hold, rc.resolution
        ).order_by(rc.case_id)
    ):
        yield {
            "kind": "case",
            "case_id": case_id,
            "case_kind": kind,
            "member_id": member_id,
            "event_ids": json.loads(event_ids),
            "detail": detail,
            "hold": bool(hold),
            "resolution": resolution,
        }
    for case_id, member_id, product in conn.execute(select(t.holds).order_by(t.holds.c.case_id)):
        yield {"kind": "hold", "case_id": case_id, "member_id": member_id, "product": product}
    lp = t.loan_products.c
    for product_id, product, active, hlc, device_id in conn.execute(
        select(lp.product_id, lp.product, lp.active, lp.hlc, lp.device_id).order_by(lp.product_id)
    ):
        yield {
            "kind": "loan_product",
            "product_id": product_id,
            "product": json.loads(product),
            "active": bool(active),
            "hlc": hlc,
            "device_id": device_id,
        }
    lm = t.loan_movements.c
    rows = conn.execution_options(yield_per=5000).execute(
        select(t.loan_movements).order_by(lm.loan_id, lm.global_seq, lm.event_id)
    )
    for row in rows.mappings():
        yield loans.snapshot_row(row)
    dn = t.device_numbers.c
    for device_id, from_seq, branch_id, device_no, event_id in conn.execute(
        select(dn.device_id, dn.from_seq, dn.branch_id, dn.device_no, dn.event_id).order_by(
            dn.global_seq
        )
    ):
        yield {
            "kind": "device_number",
            "device_id": device_id,
            "branch_id": branch_id,
            "device_no": device_no,
            "from_seq": from_seq,
            "event_id": event_id,
        }


def build(db: Database, page_rows: int) -> int:
    """Build a snapshot of the projection as it is now; returns its ``at_seq``."""
    with db.read(consistent=True) as conn:
        at_seq = int(
            conn.execute(
                select(t.server_state.c.last_seq).where(t.server_state.c.id == 1)
            ).scalar_one()
        )
        done = select(t.snapshots.c.at_seq).where(t.snapshots.c.at_seq == at_seq)
        if conn.execute(done).first() is not None:
            return at_seq  # nothing happened since the last one
        page = 0
        chunk: list[dict[str, Any]] = []
        count = 0

        def flush() -> None:
            nonlocal page, chunk
            text = canonical_json(chunk)
            with db.write() as w:
                w.execute(
                    delete(t.snapshot_pages).where(
                        t.snapshot_pages.c.at_seq == at_seq, t.snapshot_pages.c.page == page
                    )
                )
                w.execute(
                    t.snapshot_pages.insert().values(
                        at_seq=at_seq,
                        page=page,
                        rows=text.decode("utf-8"),
                        checksum=sha256_hex(text),
                    )
                )
            page += 1
            chunk = []

        for row in projection_rows(conn):
            chunk.append(row)
            count += 1
            if len(chunk) >= page_rows:
                flush()
        if chunk or page == 0:
            flush()
    with db.write() as w:
        done = select(t.snapshots.c.at_seq).where(t.snapshots.c.at_seq == at_seq)
        if w.execute(done).first() is None:  # another worker process may have finished first
            w.execute(
                t.snapshots.insert().values(
                    at_seq=at_seq, pages=page, row_count=count, created_at=now_iso()
                )
            )
        kept = select(t.snapshots.c.at_seq).order_by(t.snapshots.c.at_seq.desc()).limit(KEEP)
        keep = [s for (s,) in w.execute(kept)]
        w.execute(delete(t.snapshots).where(t.snapshots.c.at_seq.not_in(keep)))
        w.execute(
            delete(t.snapshot_pages).where(
                t.snapshot_pages.c.at_seq.not_in(keep), t.snapshot_pages.c.at_seq < at_seq
            )
        )
    return at_seq


def current(db: Database, page_rows: int, max_lag: int) -> int:
    """The ``at_seq`` of a snapshot recent enough to serve, building one if needed."""
    with _build_lock:
        with db.read() as conn:
            latest = conn.execute(select(func.max(t.snapshots.c.at_seq))).scalar()
        if latest is not None and db.last_seq() - latest <= max_lag:
            return int(latest)
        return build(db, page_rows)


def history_after(db: Database, at_seq: int, days: int) -> int:
    """Where a new device's history window begins: the last global sequence (within
    ``at_seq``) of an event dated before the last ``days`` business days. Everything after it,
    up to ``at_seq``, is the window.

    A contiguous range of global sequences, so that every member's history in it is complete
    from its first line on and running balances counted back from the snapshot are exact. An
    old-dated event pushed late (a PC offline for long) moves the start later: the window gets
    shorter, never gappy.
    """
    if days <= 0:
        return at_seq
    since = (dt.date.today() - dt.timedelta(days=days)).isoformat()
    with db.read() as conn:
        last_old = conn.execute(
            select(func.max(t.events.c.global_seq)).where(
                t.events.c.business_date < since, t.events.c.global_seq <= at_seq
            )
        ).scalar()
    return 0 if last_old is None else int(last_old)


def page_json(
    db: Database, page: int, at: int | None, page_rows: int, max_lag: int, history_days: int = 0
) -> str:
    """A :class:`ledger.wire.SnapshotPage` as JSON text.

    Raises:
        ServiceError: 410 ``snapshot_expired`` for an ``at`` no longer kept; 404 for a page
            past the end.
    """
    at_seq = current(db, page_rows, max_lag) if at is None else at
    with db.read() as conn:
        pages = conn.execute(
            select(t.snapshots.c.pages).where(t.snapshots.c.at_seq == at_seq)
        ).scalar()
        if pages is None:
            raise ServiceError(
                410,
                "snapshot_expired",
                "Cuplikan data itu sudah tidak tersedia; mulai lagi dari halaman 0.",
                f"Snapshot at {at_seq} is no longer available; start again from page 0.",
            )
        if page >= pages:
            raise not_found(
                f"Halaman {page} tidak ada (cuplikan ini {pages} halaman).",
                f"Page {page} does not exist (this snapshot has {pages} pages).",
            )
        rows, checksum = conn.execute(
            select(t.snapshot_pages.c.rows, t.snapshot_pages.c.checksum).where(
                t.snapshot_pages.c.at_seq == at_seq, t.snapshot_pages.c.page == page
            )
        ).one()
    next_page = str(page + 1) if page + 1 < pages else "null"
    history = history_after(db, at_seq, history_days) if page == 0 else "null"
    return (
        f'{{"at_seq":{at_seq},"checksum":"{checksum}","history_after":{history},'
        f'"next_page":{next_page},"page":{page},"pages":{pages},"rows":{rows}}}'
    )
