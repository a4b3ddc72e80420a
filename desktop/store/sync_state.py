"""The store's side of sync: what waits to be pushed, what was pulled, and the sync log.

The sync engine (:mod:`desktop.sync.engine`) talks to the server; everything it learns lands
here, each step in one store transaction:

* :func:`outbox` — this device's own events after the last acknowledged sequence, as the JSON
  bodies they were signed with (pushed as they are, never re-encoded);
* :func:`mark_acked` — the server holds everything up to a sequence; :func:`rewind_ack` when it
  says it holds less (restored from a backup): those events wait again;
* :func:`apply_pulled` — a page of pulled events and the new cursor, together. An event of this
  device coming back marks it acknowledged; an event whose id or (device, sequence) is held
  with different content stops the page (:class:`desktop.store.ConflictingEvent`): nothing
  pulled ever overwrites a local event;
* :func:`load_snapshot` — a bootstrap: the central projection's rows at ``at_seq`` into the
  projection tables, and the cursor at ``at_seq``, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.store import devices, loans
from desktop.store.bulk import _insert_members as insert_members
from desktop.store.projector import (
    MEMBER_COLUMNS,
    apply_effects,
    apply_event,
    insert_event,
    load_event,
    stamps_json,
)
from desktop.store.store import Store
from ledger.clock import HlcTimestamp
from ledger.events import Event, Payload, TellerSessionClosed, TellerSessionOpened
from ledger.projection import effects_of, reversal_effects, reversal_target

#: Sync log lines kept (older ones are dropped as new ones come).
LOG_KEEP = 5000
LEVELS = ("info", "warning", "error")


@dataclass(frozen=True)
class SyncState:
    """The ``sync_state`` row.

    Attributes:
        server_url: Base URL of the sync server (``""``: stand-alone, not enrolled).
        cursor: The last global sequence applied from the server.
        ack_seq: The highest device sequence of this device the server holds.
        last_success_at: Local time of the last sync that reached the end, or ``""``.
        last_error: Why the last sync failed (Indonesian), ``""`` after a success.
        needs_bootstrap: Enrolled as a new device: load the snapshot before pulling.
        snapshot_at: ``at_seq`` of a bootstrap in progress (pages in ``snapshot_pages``), or 0.
        snapshot_pages: Pages of that snapshot.
        bootstrapped_at: ``at_seq`` of the snapshot this store was loaded from (0: none):
            events up to it are known only by their effects.
    """

    server_url: str
    cursor: int
    ack_seq: int
    last_success_at: str
    last_error: str
    needs_bootstrap: bool
    snapshot_at: int
    snapshot_pages: int
    bootstrapped_at: int


def now_text() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def read_state(conn: sqlite3.Connection) -> SyncState:
    row = conn.execute(
        "SELECT server_url, cursor, ack_seq, last_success_at, last_error, needs_bootstrap,"
        " snapshot_at, snapshot_pages, bootstrapped_at FROM sync_state"
    ).fetchone()
    return SyncState(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], row[8])


def update_state(conn: sqlite3.Connection, **values: Any) -> None:
    """Set ``sync_state`` columns (inside the caller's transaction)."""
    allowed = SyncState.__dataclass_fields__
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"unknown sync_state columns: {sorted(unknown)}")
    sets = ", ".join(f"{name} = ?" for name in values)
    conn.execute(f"UPDATE sync_state SET {sets}", tuple(values.values()))


# The sync log -----------------------------------------------------------------------------


def log(conn: sqlite3.Connection, level: str, message: str) -> None:
    """Add a line to the sync log (inside the caller's transaction)."""
    if level not in LEVELS:
        raise ValueError(f"log level {level!r}")
    conn.execute(
        "INSERT INTO sync_log (at, level, message) VALUES (?, ?, ?)", (now_text(), level, message)
    )
    conn.execute("DELETE FROM sync_log WHERE id <= (SELECT max(id) FROM sync_log) - ?", (LOG_KEEP,))


def read_log(conn: sqlite3.Connection, limit: int = 500) -> list[tuple[str, str, str]]:
    """The newest ``limit`` lines, newest first: (local time, level, message)."""
    return [
        (at, level, message)
        for at, level, message in conn.execute(
            "SELECT at, level, message FROM sync_log ORDER BY id DESC LIMIT ?", (limit,)
        )
    ]


# The outbox -------------------------------------------------------------------------------


def _own_device(store: Store) -> str:
    if store.identity is None:
        raise RuntimeError("the device has no identity yet")
    return store.identity.device_id


def outbox(store: Store, after_seq: int, limit: int = 500) -> list[str]:
    """This device's events after device sequence ``after_seq``, oldest first, as the JSON
    text they were stored with (the canonical form: pushed byte for byte)."""
    return [
        body
        for (body,) in store.conn.execute(
            "SELECT body FROM events WHERE device_id = ? AND device_seq > ?"
            " ORDER BY device_seq LIMIT ?",
            (_own_device(store), after_seq, limit),
        )
    ]


def pending(store: Store) -> int:
    """Own events the server has not acknowledged."""
    return store.pending_count()


def mark_acked(store: Store, upto_seq: int) -> None:
    """The server holds this device's events up to ``upto_seq``: they are sent for good."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE events SET pushed = 1, acked = 1"
            " WHERE device_id = ? AND device_seq <= ? AND acked = 0",
            (_own_device(store), upto_seq),
        )
        conn.execute("UPDATE sync_state SET ack_seq = max(ack_seq, ?)", (upto_seq,))


def rewind_ack(store: Store, expected_seq: int) -> None:
    """The server expects ``expected_seq`` next although it had acknowledged more (it was
    restored from a backup): everything from there waits to be pushed again."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE events SET pushed = 0, acked = 0 WHERE device_id = ? AND device_seq >= ?",
            (_own_device(store), expected_seq),
        )
        conn.execute("UPDATE sync_state SET ack_seq = ?", (expected_seq - 1,))


# Pulling ----------------------------------------------------------------------------------


def missing_targets(store: Store, events: Iterable[Event]) -> list[str]:
    """Targets of pulled reversals this store does not hold and the page does not bring."""
    in_page = set()
    wanted: list[str] = []
    for event in events:
        in_page.add(event.id)
        target = reversal_target(event)
        if target is not None and target not in in_page:
            wanted.append(target)
    return [
        t
        for t in dict.fromkeys(wanted)
        if store.conn.execute("SELECT 1 FROM events WHERE id = ?", (t,)).fetchone() is None
    ]


def apply_pulled(
    store: Store,
    events: list[tuple[int, Event]],
    next_cursor: int,
    *,
    older_targets: Mapping[str, Event] | None = None,
) -> int:
    """Apply a page of pulled ``(global_seq, event)`` and move the cursor, in one transaction.

    ``older_targets`` are reversal targets older than this store's snapshot (fetched by id):
    their own effects are in the snapshot already, so a pulled reversal of one applies just
    its mirror. Returns how many events were new here.

    Raises:
        ConflictingEvent: an event's id or (device, sequence) holds different content here;
            nothing of the page is applied and the cursor stays.
    """
    older = older_targets or {}
    own = store.identity.device_id if store.identity else None
    new = 0
    own_acked = 0
    latest = None
    with store.transaction() as conn:
        for global_seq, event in events:
            if event.device_id == own:
                row = conn.execute("SELECT hash FROM events WHERE id = ?", (event.id,)).fetchone()
                if row is not None and row[0] == event.hash:
                    conn.execute(
                        "UPDATE events SET pushed = 1, acked = 1, global_seq = ? WHERE id = ?",
                        (global_seq, event.id),
                    )
                    own_acked = max(own_acked, event.device_seq)
                    continue
                # Not held here (a store restored from an older backup): it is still ours.
                own_acked = max(own_acked, event.device_seq)
            if apply_event(conn, event, local=False):
                new += 1
                target_id = reversal_target(event)
                if target_id is not None and target_id in older:
                    apply_effects(conn, reversal_effects(event, older[target_id]))
            conn.execute("UPDATE events SET global_seq = ? WHERE id = ?", (global_seq, event.id))
            stamp = HlcTimestamp.decode(event.hlc)
            if latest is None or stamp > latest:
                latest = stamp
        # A PC clock far from the server's would carry the stamp along with it (the HLC never
        # goes back): it observes again once the clock is right.
        if latest is not None and store.clock_problem() is None:
            store.clock.observe(latest)
        conn.execute(
            "UPDATE sync_state SET cursor = ?, ack_seq = max(ack_seq, ?)",
            (next_cursor, own_acked),
        )
    store.reload()
    return new


# Bootstrap --------------------------------------------------------------------------------


def save_snapshot_page(store: Store, at_seq: int, page: int, pages: int, rows_json: str) -> None:
    """Keep one verified page of a bootstrap in progress (so an interruption resumes)."""
    with store.transaction() as conn:
        state = read_state(conn)
        if state.snapshot_at != at_seq:
            conn.execute("DELETE FROM snapshot_pages")
        conn.execute(
            "INSERT OR REPLACE INTO snapshot_pages (at_seq, page, rows) VALUES (?, ?, ?)",
            (at_seq, page, rows_json),
        )
        update_state(conn, snapshot_at=at_seq, snapshot_pages=pages)


def saved_pages(store: Store) -> set[int]:
    state = read_state(store.conn)
    return {
        p
        for (p,) in store.conn.execute(
            "SELECT page FROM snapshot_pages WHERE at_seq = ?", (state.snapshot_at,)
        )
    }


def forget_snapshot(store: Store) -> None:
    """Drop a bootstrap in progress (its snapshot expired on the server)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM snapshot_pages")
        update_state(conn, snapshot_at=0, snapshot_pages=0)


def load_saved_snapshot(store: Store) -> int:
    """Load the saved pages into the projection tables and set the cursor to their ``at_seq``,
    in one transaction; returns the number of rows loaded."""
    with store.transaction() as conn:
        state = read_state(conn)
        rows: list[dict[str, Any]] = []
        for (text,) in conn.execute(
            "SELECT rows FROM snapshot_pages WHERE at_seq = ? ORDER BY page",
            (state.snapshot_at,),
        ):
            rows += json.loads(text)
        load_snapshot(conn, rows)
        conn.execute("DELETE FROM snapshot_pages")
        update_state(
            conn,
            cursor=state.snapshot_at,
            bootstrapped_at=state.snapshot_at,
            snapshot_at=0,
            snapshot_pages=0,
            needs_bootstrap=0,
        )
    store.reload()
    return len(rows)


def load_snapshot(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
    """Snapshot rows (:data:`ledger.wire.SNAPSHOT_ROW_KINDS`) into empty projection tables
    (inside the caller's transaction)."""
    members: list[tuple[Any, ...]] = []
    holds = {r["case_id"] for r in rows if r["kind"] == "hold"}
    has_loans = False
    for r in rows:
        kind = r["kind"]
        if kind == "member":
            fields = {k: v for k, v in r["fields"].items() if k in MEMBER_COLUMNS}
            stamps = stamps_json({k: [v["hlc"], v["device_id"]] for k, v in fields.items()})
            members.append(
                (
                    r["member_id"],
                    *(fields[c]["value"] if c in fields else "" for c in MEMBER_COLUMNS),
                    stamps,
                )
            )
        elif kind == "balance":
            conn.execute(
                "INSERT INTO member_balances (member_id, product, balance) VALUES (?, ?, ?)",
                (r["member_id"], r["product"], r["amount"]),
            )
        elif kind == "gl":
            conn.execute(
                "INSERT INTO gl_balances (account, balance) VALUES (?, ?)",
                (r["account"], r["balance"]),
            )
        elif kind == "staff":
            conn.execute(
                "INSERT OR REPLACE INTO staff (user_id, username, full_name, role,"
                " password_hash, active, branch_id, stamp_hlc, stamp_device)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    r["user_id"],
                    r["username"],
                    r["full_name"],
                    r["role"],
                    r["password_hash"],
                    int(r["active"]),
                    r["branch_id"],
                    r["hlc"],
                    r["device_id"],
                ),
            )
        elif kind == "setting":
            conn.execute(
                "INSERT OR REPLACE INTO settings (scope, key, value, stamp_hlc, stamp_device)"
                " VALUES (?, ?, ?, ?, ?)",
                (r["scope"], r["key"], r["value"], r["hlc"], r["device_id"]),
            )
        elif kind == "session":
            conn.execute(
                "INSERT OR REPLACE INTO teller_sessions (session_id, status) VALUES (?, ?)",
                (r["session_id"], r["state"]),
            )
        elif kind == "closed_day":
            conn.execute(
                "INSERT OR IGNORE INTO closed_days (branch_id, business_date) VALUES (?, ?)",
                (r["branch_id"], r["business_date"]),
            )
        elif kind == "reversal":
            conn.execute(
                "INSERT OR IGNORE INTO reversals (target_event_id, reversal_event_id, reason)"
                " VALUES (?, ?, '')",
                (r["target_id"], r["reversal_id"]),
            )
        elif kind == "case":
            conn.execute(
                "INSERT OR REPLACE INTO review_cases (case_id, kind, member_id, hold,"
                " resolution, detail, event_ids) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    r["case_id"],
                    r["case_kind"],
                    r["member_id"],
                    int(r["case_id"] in holds),
                    r["resolution"],
                    r["detail"],
                    json.dumps(r["event_ids"]),
                ),
            )
        elif kind == "device_number":
            devices.load_snapshot_row(conn, r)
        elif loans.load_snapshot_row(conn, r):
            has_loans = True
    if members:
        insert_members(conn, members)
    if has_loans:
        loans.refresh_all_summaries(conn)


# History after a bootstrap -----------------------------------------------------------------


def history_range(conn: sqlite3.Connection) -> tuple[int, int]:
    """``(after, until)``: the global sequences of history still to fetch (``after == until``
    when none is left)."""
    row = conn.execute("SELECT history_after, history_until FROM sync_state").fetchone()
    return int(row[0]), int(row[1])


def set_history_range(conn: sqlite3.Connection, after: int, until: int) -> None:
    conn.execute(
        "UPDATE sync_state SET history_after = ?, history_until = ?", (after, max(after, until))
    )


def apply_history(
    store: Store,
    events: list[tuple[int, Event]],
    next_after: int,
    *,
    older_targets: Mapping[str, Event] | None = None,
) -> int:
    """Store a page of history (events up to the snapshot this store was loaded from) and move
    the history cursor, in one transaction; returns how many were new here.

    Their effects on balances, accounts, profiles and loans are in the snapshot already, so
    only what is a log of events is written: the event itself (receipts can be reprinted),
    member movements (history and running balances), journal lines (the day's reports),
    reversals, and the drawer sessions' details and cash. ``older_targets`` are reversal
    targets from before the window (fetched by id): kept for reprints, their own movement is
    part of the opening balance.
    """
    older = older_targets or {}
    new = 0
    with store.transaction() as conn:
        for global_seq, event in events:
            if not insert_event(conn, event, local=False):
                continue
            new += 1
            conn.execute("UPDATE events SET global_seq = ? WHERE id = ?", (global_seq, event.id))
            payload = event.typed()
            effects = [effects_of(event, payload)]
            target_id = reversal_target(event)
            if target_id is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO reversals (target_event_id, reversal_event_id, reason)"
                    " VALUES (?, ?, ?)",
                    (target_id, event.id, str(event.payload.get("reason", ""))),
                )
                target = load_event(conn, target_id)
                if target is None and target_id in older:
                    target = older[target_id]
                    insert_event(conn, target, local=False)
                if target is not None:
                    effects.append(reversal_effects(event, target))
            else:
                for (reversal_id,) in conn.execute(
                    "SELECT reversal_event_id FROM reversals WHERE target_event_id = ?",
                    (event.id,),
                ).fetchall():
                    reversal = load_event(conn, reversal_id)
                    if reversal is not None:
                        effects.append(reversal_effects(reversal, event))
            for e in effects:
                apply_effects(conn, e, sums=False)
            _session_details(conn, event, payload)
        set_history_range(conn, next_after, history_range(conn)[1])
    return new


def _session_details(conn: sqlite3.Connection, event: Event, payload: Payload) -> None:
    # The snapshot knows a session's state only; its opening event says whose it is and where.
    if isinstance(payload, TellerSessionOpened):
        conn.execute(
            "UPDATE teller_sessions SET teller_id = ?, device_id = ?, business_date = ?,"
            " opened_event_id = ?, opened_hlc = ?, opening_float = ? WHERE session_id = ?",
            (
                payload.teller_id,
                event.device_id,
                event.business_date,
                event.id,
                event.hlc,
                payload.opening_float,
                payload.session_id,
            ),
        )
    elif isinstance(payload, TellerSessionClosed):
        conn.execute(
            "UPDATE teller_sessions SET teller_id = ?, closed_event_id = ?, expected = ?,"
            " counted_total = ? WHERE session_id = ?",
            (
                payload.teller_id,
                event.id,
                payload.expected,
                payload.counted_total,
                payload.session_id,
            ),
        )


def finish_history(store: Store) -> None:
    """The whole history window is in: a drawer whose opening lies before it has only part of
    its cash here, so its figure is dropped rather than shown wrong."""
    with store.transaction() as conn:
        conn.execute(
            "DELETE FROM drawer_cash WHERE session_id IN"
            " (SELECT session_id FROM teller_sessions WHERE opened_event_id = '')"
        )
        until = history_range(conn)[1]
        set_history_range(conn, until, until)
        log(conn, "info", "Riwayat transaksi sebelum pendaftaran perangkat sudah dimuat.")


# The server's identity and clock (restores, wrong clocks) ---------------------------------

#: Tables whose rows only head office's own events write: after a restore of the server they
#: are replaced from its snapshot (a setting made after the backup no longer exists there).
HEAD_OFFICE_ROWS = {
    "staff": "staff",
    "setting": "settings",
    "loan_product": "loan_products",
    "case": "review_cases",
    "hold": "",
}


@dataclass(frozen=True)
class ServerContact:
    """The last ``/health`` seen: the server's ``epoch``, its clock and ours at that moment."""

    epoch: str
    server_ms: int
    local_ms: int


def server_contact(conn: sqlite3.Connection) -> ServerContact:
    row = conn.execute("SELECT epoch, server_ms, local_ms FROM server_contact").fetchone()
    return ServerContact(*row) if row else ServerContact("", 0, 0)


def record_contact(conn: sqlite3.Connection, *, server_ms: int, local_ms: int) -> None:
    """Remember the server's clock and ours at the same moment."""
    conn.execute("UPDATE server_contact SET server_ms = ?, local_ms = ?", (server_ms, local_ms))


def set_epoch(conn: sqlite3.Connection, epoch: str) -> None:
    """Remember the server's identity (once a restore, if any, is dealt with)."""
    conn.execute("UPDATE server_contact SET epoch = ?", (epoch,))


def forget_numbering_after(store: Store, base: int) -> int:
    """The server was restored and shares global sequences only up to ``base``: every later
    number this store recorded is void (the server numbers those events anew when they are
    pushed again), and the cursor goes back to ``base``. Returns how many were voided."""
    with store.transaction() as conn:
        voided = conn.execute(
            "UPDATE events SET global_seq = NULL WHERE global_seq > ?", (base,)
        ).rowcount
        conn.execute("UPDATE sync_state SET cursor = min(cursor, ?)", (base,))
    return voided


def replace_head_office_state(store: Store, rows: list[dict[str, Any]], hq_device: str) -> int:
    """After a restore of the server: head office's own state (staff, settings, loan products,
    review cases) from the server's snapshot ``rows``, and head office's events that the
    restored server no longer holds retired (it issues other events at their positions):
    moved to ``retired_events`` byte for byte. Returns how many were retired.
    One transaction."""
    wanted = [r for r in rows if r["kind"] in HEAD_OFFICE_ROWS]
    with store.transaction() as conn:
        for table in {t for t in HEAD_OFFICE_ROWS.values() if t}:
            conn.execute(f"DELETE FROM {table}")  # names from HEAD_OFFICE_ROWS only
        load_snapshot(conn, wanted)
        # Moved to retired_events byte for byte (the log's trigger lets only such an event
        # go), so the server's new event can take its position.
        conn.execute(
            "INSERT OR REPLACE INTO retired_events"
            " (id, device_id, device_seq, hash, body, retired_at, reason)"
            " SELECT id, device_id, device_seq, hash, body, ?, 'server restored'"
            " FROM events WHERE device_id = ? AND global_seq IS NULL",
            (now_text(), hq_device),
        )
        dropped = conn.execute(
            "DELETE FROM events WHERE device_id = ? AND global_seq IS NULL", (hq_device,)
        ).rowcount
    store.reload()
    return dropped


def awaiting_other_devices(conn: sqlite3.Connection, own: str) -> int:
    """Other devices' events held here that the server does not hold (yet): after a restore,
    they come back when their device pushes them again."""
    (count,) = conn.execute(
        "SELECT count(*) FROM events WHERE global_seq IS NULL AND device_id != ?", (own,)
    ).fetchone()
    return int(count)


def local_hash_at(conn: sqlite3.Connection, global_seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM events WHERE global_seq = ?", (global_seq,)).fetchone()
    return str(row[0]) if row else None
