"""The desktop store's schema, as forward-only migrations (sqlite-utils ``Migrations``).

A migration is never edited once released: a change to the schema is a new function appended
below. Each one runs in its own transaction together with the row that records it.

Tables, in three groups:

* ``events`` — the append-only log (canonical JSON plus the columns queries need) and its
  outbox state; triggers refuse deletes and edits of anything but the sync columns.
* projections — ``members`` (+ ``members_fts``), ``member_balances``, ``member_tx``,
  ``gl_balances``, ``journal_lines``, ``reversals``, ``staff``, ``settings``,
  ``teller_sessions``, ``closed_days``, ``review_cases``: a function of the events, written in
  the same transaction as each event.
* device-local state that is not an event — ``device`` (identity, chain clock, member serial)
  and ``login_failures`` (lockout must not replicate); since 0002 also ``sync_state``,
  ``sync_log`` and ``snapshot_pages`` (see :mod:`desktop.store.sync_state`).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desktop.store import drawers
from desktop.store.loans import backfill

MIGRATION_SET = "lumbung-desktop"
MIGRATIONS = Migrations(MIGRATION_SET)

_INITIAL = """
CREATE TABLE device (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    device_id TEXT NOT NULL,
    device_no INTEGER NOT NULL,
    branch_id TEXT NOT NULL,
    branch_name TEXT NOT NULL,
    cooperative_name TEXT NOT NULL,
    last_hlc TEXT NOT NULL,
    member_serial INTEGER NOT NULL DEFAULT 0,
    pull_cursor INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    actor TEXT NOT NULL,
    authorizer TEXT NOT NULL,
    business_date TEXT NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL,
    is_local INTEGER NOT NULL,
    pushed INTEGER NOT NULL DEFAULT 0,
    acked INTEGER NOT NULL DEFAULT 0,
    global_seq INTEGER UNIQUE,
    UNIQUE (device_id, device_seq)
);
CREATE INDEX events_outbox ON events (device_seq) WHERE is_local = 1 AND acked = 0;
CREATE INDEX events_day ON events (branch_id, business_date);
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_immutable BEFORE UPDATE OF
    id, type, branch_id, device_id, device_seq, hlc, actor, authorizer, business_date, hash, body,
    is_local
ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL UNIQUE,
    member_no TEXT NOT NULL DEFAULT '',
    nik TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    birth_place TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    sex TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    mother_maiden_name TEXT NOT NULL DEFAULT '',
    join_date TEXT NOT NULL DEFAULT '',
    home_branch TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    stamps TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX members_nik ON members (nik);
CREATE INDEX members_no ON members (member_no);
CREATE VIRTUAL TABLE members_fts USING fts5 (
    name, nik, member_no, address,
    content = 'members', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER members_fts_ai AFTER INSERT ON members BEGIN
    INSERT INTO members_fts (rowid, name, nik, member_no, address)
    VALUES (new.id, new.name, new.nik, new.member_no, new.address);
END;
CREATE TRIGGER members_fts_ad AFTER DELETE ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, name, nik, member_no, address)
    VALUES ('delete', old.id, old.name, old.nik, old.member_no, old.address);
END;
CREATE TRIGGER members_fts_au AFTER UPDATE OF name, nik, member_no, address ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, name, nik, member_no, address)
    VALUES ('delete', old.id, old.name, old.nik, old.member_no, old.address);
    INSERT INTO members_fts (rowid, name, nik, member_no, address)
    VALUES (new.id, new.name, new.nik, new.member_no, new.address);
END;

CREATE TABLE member_balances (
    member_id TEXT NOT NULL,
    product TEXT NOT NULL,
    balance INTEGER NOT NULL,
    PRIMARY KEY (member_id, product)
) WITHOUT ROWID;

CREATE TABLE member_tx (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    product TEXT NOT NULL,
    amount INTEGER NOT NULL
);
CREATE INDEX member_tx_member ON member_tx (member_id);
CREATE INDEX member_tx_event ON member_tx (event_id);

CREATE TABLE gl_balances (
    account TEXT PRIMARY KEY,
    balance INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE journal_lines (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    account TEXT NOT NULL,
    debit INTEGER NOT NULL,
    credit INTEGER NOT NULL
);
CREATE INDEX journal_lines_event ON journal_lines (event_id);

CREATE TABLE reversals (
    target_event_id TEXT NOT NULL,
    reversal_event_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (target_event_id, reversal_event_id)
) WITHOUT ROWID;
CREATE INDEX reversals_by_reversal ON reversals (reversal_event_id);

CREATE TABLE staff (
    user_id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL,
    branch_id TEXT NOT NULL,
    stamp_hlc TEXT NOT NULL,
    stamp_device TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX staff_username ON staff (username);

CREATE TABLE login_failures (
    username TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    stamp_hlc TEXT NOT NULL,
    stamp_device TEXT NOT NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;

CREATE TABLE teller_sessions (
    session_id TEXT PRIMARY KEY,
    teller_id TEXT NOT NULL DEFAULT '',
    device_id TEXT NOT NULL DEFAULT '',
    business_date TEXT NOT NULL DEFAULT '',
    opened_event_id TEXT NOT NULL DEFAULT '',
    opened_hlc TEXT NOT NULL DEFAULT '',
    opening_float INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    closed_event_id TEXT NOT NULL DEFAULT '',
    expected INTEGER NOT NULL DEFAULT 0,
    counted_total INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX teller_sessions_teller ON teller_sessions (teller_id, status);

CREATE TABLE closed_days (
    branch_id TEXT NOT NULL,
    business_date TEXT NOT NULL,
    PRIMARY KEY (branch_id, business_date)
) WITHOUT ROWID;

CREATE TABLE review_cases (
    case_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT '',
    member_id TEXT NOT NULL DEFAULT '',
    hold INTEGER NOT NULL DEFAULT 0,
    resolution TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
"""


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db.executescript(_INITIAL)


def known_migrations(migrations: Migrations = MIGRATIONS) -> list[str]:
    """Names of every migration this app knows, in order (what an empty database lacks).

    A database that has applied a name not in this list was written by a newer app.
    """
    return [m.name for m in migrations.pending(Database(memory=True, execute_plugins=False))]


_SYNC = """
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_url TEXT NOT NULL DEFAULT '',
    cursor INTEGER NOT NULL DEFAULT 0,
    ack_seq INTEGER NOT NULL DEFAULT 0,
    last_success_at TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    needs_bootstrap INTEGER NOT NULL DEFAULT 0,
    snapshot_at INTEGER NOT NULL DEFAULT 0,
    snapshot_pages INTEGER NOT NULL DEFAULT 0,
    bootstrapped_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE sync_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL
);

CREATE TABLE snapshot_pages (
    at_seq INTEGER NOT NULL,
    page INTEGER NOT NULL,
    rows TEXT NOT NULL,
    PRIMARY KEY (at_seq, page)
) WITHOUT ROWID;

ALTER TABLE review_cases ADD COLUMN detail TEXT NOT NULL DEFAULT '';
ALTER TABLE review_cases ADD COLUMN event_ids TEXT NOT NULL DEFAULT '[]';
"""


@MIGRATIONS(name="0002_sync")
def _sync(db: Database) -> None:
    """Sync state (``sync_state``: server, pull cursor, acknowledged sequence, bootstrap in
    progress), the supervisor's ``sync_log``, bootstrap pages fetched but not yet loaded, and
    the detail of review cases known only from a snapshot (their opening event is older)."""
    db.executescript(_SYNC)


_LOANS = """
CREATE TABLE loan_movements (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    source_event_id TEXT NOT NULL,
    loan_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    sign INTEGER NOT NULL,
    branch_id TEXT NOT NULL,
    principal INTEGER NOT NULL DEFAULT 0,
    pokok INTEGER NOT NULL DEFAULT 0,
    jasa INTEGER NOT NULL DEFAULT 0,
    denda INTEGER NOT NULL DEFAULT 0,
    penalty INTEGER NOT NULL DEFAULT 0,
    product_id TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL DEFAULT '',
    first_due TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, source_event_id)
);
CREATE INDEX loan_movements_loan ON loan_movements (loan_id);

CREATE TABLE loans (
    loan_id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    branch_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    status TEXT NOT NULL,
    principal INTEGER NOT NULL,
    outstanding INTEGER NOT NULL,
    applied_on TEXT NOT NULL DEFAULT '',
    disbursed_on TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX loans_member ON loans (member_id);
CREATE INDEX loans_status ON loans (status);

CREATE TABLE loan_products (
    product_id TEXT PRIMARY KEY,
    product TEXT NOT NULL,
    active INTEGER NOT NULL,
    stamp_hlc TEXT NOT NULL,
    stamp_device TEXT NOT NULL
) WITHOUT ROWID;
"""


@MIGRATIONS(name="0003_loans")
def _loans(db: Database) -> None:
    """Loans (see :mod:`desktop.store.loans`): the sub-ledger rows every loan event yields, a
    per-loan summary folded from them, and the loan products replicated from head office."""
    db.executescript(_LOANS)
    # Loan events that arrived before this version (pulled from head office) get their rows.
    backfill(db.conn)


_DAY_CLOSE = """
CREATE TABLE day_closes (
    branch_id TEXT NOT NULL,
    business_date TEXT NOT NULL,
    closed_event_id TEXT NOT NULL DEFAULT '',
    closed_by TEXT NOT NULL DEFAULT '',
    closed_at TEXT NOT NULL DEFAULT '',
    offline INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    local_digest TEXT NOT NULL DEFAULT '',
    local_events INTEGER NOT NULL DEFAULT 0,
    recon_status TEXT NOT NULL DEFAULT 'pending',
    server_digest TEXT NOT NULL DEFAULT '',
    mismatches TEXT NOT NULL DEFAULT '[]',
    checked_at TEXT NOT NULL DEFAULT '',
    portfolio TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (branch_id, business_date)
) WITHOUT ROWID;
"""


@MIGRATIONS(name="0004_day_close")
def _day_close(db: Database) -> None:
    """End of day (see :mod:`desktop.counter.day_close`): per business day this device checked
    or closed, the last reconciliation against head office (status, both digests, the
    mismatch lines) and, once closed, who closed it, when, why offline, and the loan portfolio
    by kolektibilitas at the close. Device-local: not a projection of events."""
    db.executescript(_DAY_CLOSE)


_HISTORY_DRAWERS = """
CREATE TABLE drawer_cash (
    session_id TEXT PRIMARY KEY,
    balance INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE sync_state ADD COLUMN history_after INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN history_until INTEGER NOT NULL DEFAULT 0;
"""


@MIGRATIONS(name="0005_history_drawers")
def _history_drawers(db: Database) -> None:
    """Each drawer session's own expected cash (``drawer_cash``, the sum of
    :attr:`ledger.projection.Effects.drawer`), backfilled from the stored journal; and the
    range of history a bootstrapped store still has to fetch (``history_after`` <
    global sequence <= ``history_until``; both 0 when nothing is left)."""
    db.executescript(_HISTORY_DRAWERS)
    drawers.backfill_drawer_cash(db.conn)


_DEVICE_NUMBERS = """
CREATE TABLE device_numbers (
    device_id TEXT NOT NULL,
    from_seq INTEGER NOT NULL,
    branch_id TEXT NOT NULL,
    device_no INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (device_id, from_seq)
) WITHOUT ROWID;

CREATE TABLE branch_pcs (
    device_id TEXT PRIMARY KEY,
    device_no INTEGER,
    name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    last_contact_at TEXT NOT NULL DEFAULT '',
    acked_seq INTEGER NOT NULL DEFAULT 0,
    reported_seq INTEGER NOT NULL DEFAULT 0,
    waiting INTEGER NOT NULL DEFAULT 0,
    open_drawers INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE branch_pcs_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_time TEXT NOT NULL,
    fetched_at TEXT NOT NULL
);
"""


@MIGRATIONS(name="0006_device_numbers")
def _device_numbers(db: Database) -> None:
    """Device numbers (see :mod:`desktop.store.devices`): ``device_numbers``, the projection
    of ``DeviceNumbered`` events (which number each PC prints from which of its sequences on),
    and, device-local, ``branch_pcs`` with ``branch_pcs_state``: the branch's PCs as head
    office last described them (for the day close)."""
    db.executescript(_DEVICE_NUMBERS)


@MIGRATIONS(name="0007_server_identity")
def _server_identity(db: Database) -> None:
    """The central database's identity as this device last saw it (``epoch``: a new one after
    every restore of the server) and the server's clock at that contact (the desktop refuses
    to post with a clock far from it)."""
    db.executescript(
        """
        CREATE TABLE server_contact (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            epoch TEXT NOT NULL DEFAULT '',
            server_ms INTEGER NOT NULL DEFAULT 0,
            local_ms INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO server_contact (id) VALUES (1);

        -- Head office's events that a restored server no longer holds (it issues other
        -- events at their positions): moved here, byte for byte, never lost.
        CREATE TABLE retired_events (
            id TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            device_seq INTEGER NOT NULL,
            hash TEXT NOT NULL,
            body TEXT NOT NULL,
            retired_at TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        DROP TRIGGER events_no_delete;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        WHEN OLD.device_id != 'hq' OR OLD.is_local != 0
            OR NOT EXISTS (SELECT 1 FROM retired_events r WHERE r.id = OLD.id AND r.hash = OLD.hash)
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        """
    )
