"""The central store's tables (SQLAlchemy Core).

``events`` is the truth; every other table except the admin ones (branches, devices, codes,
alarms, snapshots) is a projection of it, updated in the same transaction as the events.
The schema itself is created and evolved by the Alembic scripts in ``migrations/``; these
definitions are what the code queries with and must match the newest script.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()


#: Indexes the migrations make on PostgreSQL only (declared with ``.ddl_if``, which a copied
#: table loses, so the schema check asks here): SQLite's search uses the b-tree instead.
POSTGRESQL_ONLY_INDEXES = frozenset({"ix_member_fields_name_trgm"})


def made_on(kind: str, name: str | None, dialect: str) -> bool:
    """Whether the migrations make the schema object ``name`` of ``kind`` on ``dialect``."""
    return not (kind == "index" and name in POSTGRESQL_ONLY_INDEXES and dialect != "postgresql")


# SQLite makes an INTEGER PRIMARY KEY the rowid itself (no second index); PostgreSQL wants a
# 64-bit integer.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


def Stamp(length: int) -> String:
    """Text that must sort by code point (HLC stamps, device ids break ties): PostgreSQL would
    otherwise compare with the database's locale and disagree with every other replica."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


server_state = Table(
    "server_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    # The last global sequence handed out; only the single writer moves it.
    Column("last_seq", BigInteger, nullable=False),
    Column("created_at", String(32), nullable=False),
    # The database's identity: a new one on every restore (``lumbung-server restore``), so a
    # branch knows that global sequences after ``epoch_base`` may have been renumbered.
    Column("epoch", String(36), nullable=True),
    Column("epoch_base", BigInteger, nullable=True),
)

# Every identity this database has had, oldest first: (epoch, the last global sequence it
# shares with the epoch before it). A backup carries its own lineage; a restore adds a row.
epochs = Table(
    "epochs",
    metadata,
    Column("epoch", String(36), primary_key=True),
    # Order in the lineage (1 for the first identity).
    Column("position", Integer, nullable=False),
    Column("base_seq", BigInteger, nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("note", Text, nullable=False),
)

branches = Table(
    "branches",
    metadata,
    Column("branch_id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", String(32), nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("branch_id", String(32), nullable=False),
    Column("name", String(100), nullable=False),
    # SHA-256 of the bearer token; NULL for the server's own HQ chain.
    Column("token_hash", String(64), nullable=True, unique=True),
    Column("status", String(16), nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("last_hlc", String(32), nullable=False),
    Column("enrolled_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
    # The number the device prints now (mirror of device_numbers' newest row; NULL for HQ).
    Column("device_no", Integer, nullable=True),
    # The number a PC enrolled before numbers were assigned says it used locally.
    Column("local_device_no", Integer, nullable=True),
    # What the device last told the server about itself (each sync round).
    Column("last_contact_at", String(32), nullable=True),
    Column("reported_seq", BigInteger, nullable=True),
    Column("reported_waiting", Integer, nullable=True),
    Column("reported_open_drawers", Integer, nullable=True),
    Column("reported_at", String(32), nullable=True),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("branch_id", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("used_at", String(32), nullable=True),
    Column("device_id", String(64), nullable=True),
)

# One-time codes that re-key one device (a replaced PC restored from its backup); hashes only.
rekey_codes = Table(
    "rekey_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("device_id", String(64), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("used_at", String(32), nullable=True),
)

events = Table(
    "events",
    metadata,
    Column("global_seq", SeqType, primary_key=True, autoincrement=False),
    Column("event_id", String(36), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("branch_id", String(32), nullable=False),
    Column("type", String(64), nullable=False),
    Column("business_date", String(10), nullable=False),
    Column("hash", String(64), nullable=False),
    # The canonical JSON of the whole event, exactly as the device signed it.
    Column("body", Text, nullable=False),
    UniqueConstraint("event_id", name="uq_events_event_id"),
    UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
    Index("ix_events_branch_day", "branch_id", "business_date"),
)

# Events of an enrolled device that are well formed and correctly chained but whose content
# breaks a ledger rule (an impossible NIK, a far-future clock stamp, ...): kept byte for byte,
# occupying their place in the device's chain, but in no projection, pull, report or extract.
quarantined_events = Table(
    "quarantined_events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("device_id", String(64), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("branch_id", String(32), nullable=False),
    Column("type", String(64), nullable=False),
    Column("business_date", String(10), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("case_id", String(36), nullable=False),
    Column("received_at", String(32), nullable=False),
    UniqueConstraint("device_id", "device_seq", name="uq_quarantined_device_seq"),
)

alarms = Table(
    "alarms",
    metadata,
    Column("alarm_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("event_id", Text, nullable=False),
    Column("device_seq", BigInteger, nullable=True),
    Column("stored_hash", String(64), nullable=True),
    Column("received", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("resolved_at", String(32), nullable=True),
)

# --- projections ------------------------------------------------------------------------
# Values from payloads are Text: the server bounds every event string (see ingest), and a
# VARCHAR limit hit on PostgreSQL would turn a bad event into a server error.

members = Table(
    "members",
    metadata,
    Column("member_id", Text, primary_key=True),
    Column("nik", Text, nullable=False),
    Column("member_no", Text, nullable=False),
    Column("home_branch", Text, nullable=False),
    Column("registered_event_id", Text, nullable=False),
    Column("registered_seq", BigInteger, nullable=False),
    Index("ix_members_nik", "nik"),
)

member_fields = Table(
    "member_fields",
    metadata,
    Column("member_id", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("hlc", Stamp(32), nullable=False),
    Column("device_id", Stamp(64), nullable=False),
    PrimaryKeyConstraint("member_id", "field"),
    # Search by a field's value (the console's member search by name).
    Index("ix_member_fields_field_value", "field", "value"),
    # On PostgreSQL, search by a part of a name (ILIKE '%…%'): pg_trgm over the names only.
    Index(
        "ix_member_fields_name_trgm",
        "value",
        postgresql_using="gin",
        postgresql_ops={"value": "gin_trgm_ops"},
        postgresql_where=text("field = 'name'"),
    ).ddl_if(dialect="postgresql"),
)

balances = Table(
    "balances",
    metadata,
    Column("member_id", Text, nullable=False),
    Column("product", Text, nullable=False),
    Column("amount", BigInteger, nullable=False),
    PrimaryKeyConstraint("member_id", "product"),
)

gl_balances = Table(
    "gl_balances",
    metadata,
    Column("account", Text, primary_key=True),
    Column("balance", BigInteger, nullable=False),
)

journal_lines = Table(
    "journal_lines",
    metadata,
    Column("event_id", Text, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("global_seq", BigInteger, nullable=False),
    Column("branch_id", Text, nullable=False),
    Column("business_date", Text, nullable=False),
    Column("account", Text, nullable=False),
    Column("debit", BigInteger, nullable=False),
    Column("credit", BigInteger, nullable=False),
    PrimaryKeyConstraint("event_id", "line_no"),
)

reversals = Table(
    "reversals",
    metadata,
    Column("reversal_id", Text, primary_key=True),
    Column("target_id", Text, nullable=False),
    Index("ix_reversals_target", "target_id"),
)

staff = Table(
    "staff",
    metadata,
    Column("user_id", Text, primary_key=True),
    Column("username", Text, nullable=False),
    Column("full_name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("branch_id", Text, nullable=False),
    Column("hlc", Stamp(32), nullable=False),
    Column("device_id", Stamp(64), nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("scope", Text, nullable=False),
    Column("key", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("hlc", Stamp(32), nullable=False),
    Column("device_id", Stamp(64), nullable=False),
    PrimaryKeyConstraint("scope", "key"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("session_id", Text, primary_key=True),
    Column("branch_id", Text, nullable=False),
    Column("state", Text, nullable=False),
)

closed_days = Table(
    "closed_days",
    metadata,
    Column("branch_id", Text, nullable=False),
    Column("business_date", Text, nullable=False),
    PrimaryKeyConstraint("branch_id", "business_date"),
)

review_cases = Table(
    "review_cases",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("member_id", Text, nullable=False),
    Column("event_ids", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("hold", Boolean, nullable=False),
    Column("resolution", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("opened_seq", BigInteger, nullable=False),
    Column("resolved_seq", BigInteger, nullable=True),
)

holds = Table(
    "holds",
    metadata,
    Column("case_id", Text, primary_key=True),
    Column("member_id", Text, nullable=False),
    Column("product", Text, nullable=False),
)

loan_movements = Table(
    "loan_movements",
    metadata,
    # One row per loan event, and its negation per reversal (ledger.loans.state.LoanMovement).
    Column("event_id", Text, nullable=False),
    Column("source_event_id", Text, nullable=False),
    Column("loan_id", Text, nullable=False),
    Column("member_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("on_date", Text, nullable=False),
    Column("sign", Integer, nullable=False),
    Column("branch_id", Text, nullable=False),
    Column("principal", BigInteger, nullable=False),
    Column("pokok", BigInteger, nullable=False),
    Column("jasa", BigInteger, nullable=False),
    Column("denda", BigInteger, nullable=False),
    Column("penalty", BigInteger, nullable=False),
    Column("product_id", Text, nullable=False),
    Column("terms", Text, nullable=False),  # canonical JSON of LoanTerms, or ""
    Column("first_due", Text, nullable=False),
    Column("global_seq", BigInteger, nullable=False),
    PrimaryKeyConstraint("event_id", "source_event_id"),
    Index("ix_loan_movements_loan", "loan_id"),
)

loan_products = Table(
    "loan_products",
    metadata,
    Column("product_id", Text, primary_key=True),
    Column("product", Text, nullable=False),  # canonical JSON of LoanProduct.to_dict()
    Column("active", Boolean, nullable=False),
    Column("hlc", Stamp(32), nullable=False),
    Column("device_id", Stamp(64), nullable=False),
)

# Head office's end-of-day reconciliation, one row per branch day the branch has closed: its
# reported digest (from DayClosed) beside the server's, recomputed when the day's events change.
day_reconciliations = Table(
    "day_reconciliations",
    metadata,
    Column("branch_id", Text, nullable=False),
    Column("business_date", Text, nullable=False),
    Column("closed_event_id", Text, nullable=False),
    Column("reported_digest", Text, nullable=False),
    Column("reported_events", Integer, nullable=False),
    Column("offline", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("server_digest", Text, nullable=False),
    Column("server_events", Integer, nullable=False),
    Column("case_id", Text, nullable=False),
    Column("checked_at", String(32), nullable=False),
    PrimaryKeyConstraint("branch_id", "business_date"),
)

# Which number each device prints from which of its own sequences on (DeviceNumbered events;
# ledger.device_numbers holds the rule).
device_numbers = Table(
    "device_numbers",
    metadata,
    Column("device_id", Text, nullable=False),
    Column("from_seq", BigInteger, nullable=False),
    Column("branch_id", Text, nullable=False),
    Column("device_no", Integer, nullable=False),
    Column("event_id", Text, nullable=False),
    Column("global_seq", BigInteger, nullable=False),
    PrimaryKeyConstraint("device_id", "from_seq"),
)

# --- bootstrap snapshots ---------------------------------------------------------------

snapshots = Table(
    "snapshots",
    metadata,
    Column("at_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("pages", Integer, nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
)

snapshot_pages = Table(
    "snapshot_pages",
    metadata,
    Column("at_seq", BigInteger, nullable=False),
    Column("page", Integer, nullable=False),
    Column("rows", Text, nullable=False),
    Column("checksum", String(64), nullable=False),
    PrimaryKeyConstraint("at_seq", "page"),
)

# --- head-office web console (sync_server.console) -------------------------------------
# Head-office staff who sign in to the browser console; distinct from branch staff (``staff``,
# a projection of StaffAccountSet events replicated to every PC): these never leave the server.

console_users = Table(
    "console_users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("full_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("failed_attempts", Integer, nullable=False),
    Column("locked_until", String(32), nullable=True),
    Column("created_at", String(32), nullable=False),
)

# Signed-in browser sessions; the cookie holds a random token, the table only its SHA-256.
console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32), nullable=False),
    Column("ended_at", String(32), nullable=True),
)

# Who did or saw what, when: every change made in the console, every sign-in, and every member
# record opened or searched (the access log).
console_audit = Table(
    "console_audit",
    metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("address", String(64), nullable=False),
    Index("ix_console_audit_action", "action", "at"),
)

# Long work started from the console (a report over a year): run by a background thread,
# its progress polled by the page, its result kept for download.
console_jobs = Table(
    "console_jobs",
    metadata,
    Column("job_id", String(36), primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("params", Text, nullable=False),
    Column("username", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # queued, running, done, failed
    Column("done_steps", Integer, nullable=False),
    Column("total_steps", Integer, nullable=False),
    Column("message", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=True),
    Column("result", LargeBinary, nullable=True),
    Column("result_name", String(200), nullable=False),
    Column("result_type", String(100), nullable=False),
)
