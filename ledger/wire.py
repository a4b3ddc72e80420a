"""The sync wire protocol (v1): request and response bodies both ends speak.

These are pydantic models so the server validates what arrives and publishes an OpenAPI schema,
and the client builds exactly what the server expects. ``docs/sync-protocol.md`` describes the
protocol as a whole (endpoints, errors, idempotency, ordering); this module is its vocabulary.

An event travels as its plain dict form (see :meth:`ledger.events.Event.to_dict`); the server
checks its envelope again with :meth:`ledger.events.Event.from_dict`, its payload with
:func:`ledger.events.parse_payload` (after :mod:`ledger.upgrades`) and its hash chain from the
last hash it holds for the device.

Version negotiation: a client states its protocol version in the ``X-Lumbung-Protocol`` header
(and, for POST bodies, in the ``protocol`` field). A version outside
``[MIN_PROTOCOL_VERSION, PROTOCOL_VERSION]`` is answered with HTTP 426 and a
:class:`ProtocolErrorBody` the client shows as "please update the application".
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Protocol versions this code speaks. The server answers 426 to a client outside its range.
PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
#: The request header carrying the client's protocol version.
PROTOCOL_HEADER = "X-Lumbung-Protocol"
#: Most events one push may carry.
MAX_BATCH = 500
#: Most events one pull page may return (the server may return fewer).
MAX_PULL_LIMIT = 5000

#: Machine-readable error codes in :class:`ErrorBody.code`.
ErrorCode = Literal[
    "bad_request",  # malformed JSON or a request the schema refuses
    "invalid_event",  # an event's envelope, payload or values are wrong (``index`` names it)
    "hash_mismatch",  # an event's hash does not match its content (altered after signing)
    "chain_broken",  # an event's prev_hash does not continue the device's chain
    "unauthorized",  # missing, unknown or revoked device token
    "forbidden",  # another device's or another branch's events
    "enrol_code_invalid",  # enrolment code unknown, already used or expired
    "gap",  # the batch does not continue the device's sequence (see ``expected_seq``)
    "conflict",  # an event id or device sequence already holds different content (alarm)
    "protocol_unsupported",  # client protocol outside the server's range (HTTP 426)
    "not_found",
    "snapshot_expired",  # the snapshot asked for (``at``) is gone: restart from page 0
    "too_large",  # request body over the server's limit
    "storage_full",  # the server's disk is full or its database read-only (507): retry later
    "rate_limited",  # too many enrolment or authentication failures (429, Retry-After)
    "device_no_taken",  # the proposed device number is another PC's of the branch (409)
]


#: The ``protocol`` field of every request body: outside the supported range the server answers
#: 426 ``protocol_unsupported`` (never 422), so an old app is told to update.
PROTOCOL_FIELD: Any = Field(
    default=PROTOCOL_VERSION,
    ge=MIN_PROTOCOL_VERSION,
    le=PROTOCOL_VERSION,
    description="The client's sync protocol version (426 outside the server's range).",
)


_INTS: tuple[Any, ...] = (int, int | None)
#: Upper bound of a sequence or count in a request body: the largest integer a JSON number
#: (an IEEE double) holds exactly, so every client and the OpenAPI document agree on it.
MAX_WIRE_INT = 2**53


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _integral_numbers(cls, data: Any) -> Any:
        # JSON Schema counts 54.0 as an integer, as the OpenAPI document's ``integer`` says:
        # an integral number in an int field is that int (a fraction is still refused, and
        # nothing inside an event is touched: events are checked on their own, floats refused).
        if not isinstance(data, dict):
            return data
        fixed = dict(data)
        for name, field in cls.model_fields.items():
            value = fixed.get(name)
            if type(value) is float and value.is_integer() and field.annotation in _INTS:
                fixed[name] = int(value)
        return fixed


# Text fields a client chooses are stored: refuse NUL (PostgreSQL text cannot hold it).
_TEXT = r"^[^\x00]*$"


class EnrollRequest(WireModel):
    """A device's one-time enrolment code, as the installer typed it (case and dashes ignored).

    A device that already has events (a stand-alone store joining a server) proposes its own
    ``device_id`` and ``branch_id``: its events are signed with them. The server accepts the
    id if no device holds it and the branch is the code's; a new device leaves both out and
    takes the identity the server gives.
    """

    code: str = Field(min_length=6, max_length=64, pattern=_TEXT)
    device_name: str = Field(default="", max_length=100, pattern=_TEXT)
    protocol: int = PROTOCOL_FIELD
    device_id: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    )
    branch_id: str | None = Field(default=None, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    #: The number the installer proposes for this PC within its branch (1-99); head office
    #: refuses one another PC holds (409 ``device_no_taken``) and gives the next free number
    #: when it is left out.
    device_no: int | None = Field(default=None, ge=1, le=99)


class EnrollResponse(WireModel):
    """The device's identity and its bearer token (shown once; the server keeps only a hash).

    ``branch_name`` and ``cooperative_name`` are what the device prints on receipts (empty
    from a server that does not know them).
    """

    device_id: str
    branch_id: str
    token: str
    server_protocol_min: int = MIN_PROTOCOL_VERSION
    server_protocol_max: int = PROTOCOL_VERSION
    branch_name: str = ""
    cooperative_name: str = ""
    #: The PC's number within its branch (``None`` from a server before device numbers).
    device_no: int | None = None


class StatusRequest(WireModel):
    """What a device holds, reported at the end of every sync round (``POST /v1/status``).

    ``device_no`` is the number the PC prints now: head office records it once for a PC
    enrolled before it assigned numbers (a clash with another PC raises an alarm).
    """

    protocol: int = PROTOCOL_FIELD
    last_seq: int = Field(ge=0, le=MAX_WIRE_INT)
    #: Events waiting: never more than a device has made; kept within a 32-bit column.
    waiting: int = Field(ge=0, le=2**31 - 1)
    open_drawers: int = Field(default=0, ge=0, le=10_000)
    device_no: int | None = Field(default=None, ge=1, le=99)


class DeviceStatusModel(WireModel):
    """One PC of the branch as head office knows it (times are the server's, ISO 8601 UTC)."""

    device_id: str
    device_no: int | None
    name: str
    status: str
    last_contact_at: str = ""
    acked_seq: int = 0
    reported_seq: int = 0
    reported_waiting: int = 0
    reported_open_drawers: int = 0


class BranchDevices(WireModel):
    """The reply to a status report: every PC of the device's branch and the server's clock."""

    branch_id: str
    server_time: str
    devices: list[DeviceStatusModel]


class RekeyRequest(WireModel):
    """A replaced PC, restored from the backup of a device, asks for a new token for that
    device with the one-time code head office issued for it (``device replace``).

    ``last_seq`` and ``last_hash`` are the newest event of the device's own chain in the
    restored store: the server refuses a backup older than what it already holds (the device
    would number new transactions again from where the copy stops).
    """

    code: str = Field(min_length=6, max_length=64, pattern=_TEXT)
    device_id: str = Field(
        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    )
    branch_id: str = Field(max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    last_seq: int = Field(ge=0, le=MAX_WIRE_INT)
    last_hash: str = Field(max_length=64, pattern=r"^[0-9a-f]{64}$")
    device_name: str = Field(default="", max_length=100, pattern=_TEXT)
    protocol: int = PROTOCOL_FIELD


class PushRequest(WireModel):
    """Events of one device, in device-sequence order, continuing after the last ack.

    A batch is atomic: either every new event in it is stored or none is.
    """

    protocol: int = PROTOCOL_FIELD
    events: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class PushResponse(WireModel):
    """The acknowledgement of a push.

    Attributes:
        ack_seq: The highest device sequence the server holds for this device; everything up to
            it is stored for good. A retried batch returns the same ``ack_seq``.
        stored: Events of this batch stored now.
        duplicates: Events of this batch the server already held (identical), acknowledged again.
    """

    ack_seq: int
    stored: int
    duplicates: int


class ErrorBody(WireModel):
    """Every error reply.

    Attributes:
        detail: What went wrong, in English.
        detail_id: The same in Bahasa Indonesia (what the teller sees).
        code: A machine-readable :data:`ErrorCode`.
        index: For ``invalid_event``/``hash_mismatch``/``chain_broken``/``conflict``: the
            position of the offending event in the batch.
    """

    detail: str
    detail_id: str = ""
    code: str = ""
    index: int | None = None


class GapResponse(ErrorBody):
    """Sent with 409 when the batch does not continue the device's sequence: resend from
    ``expected_seq``."""

    expected_seq: int


class RetryErrorBody(ErrorBody):
    """429 ``rate_limited``: wait ``retry_after`` seconds (also the ``Retry-After`` header)."""

    retry_after: int


class ProtocolErrorBody(ErrorBody):
    """Sent with 426: the client must update before it can sync."""

    server_protocol_min: int = MIN_PROTOCOL_VERSION
    server_protocol_max: int = PROTOCOL_VERSION


class PulledEvent(WireModel):
    """An event with the global sequence the server gave it."""

    global_seq: int
    event: dict[str, Any]


class PullResponse(WireModel):
    """A page of events after the cursor, in global order.

    Attributes:
        events: Events with ``global_seq`` greater than the request's ``after``, ascending.
        next_cursor: The ``after`` to send next (the last ``global_seq`` here, or the request's
            ``after`` when there is nothing new).
        has_more: True when more events follow right away.
    """

    events: list[PulledEvent]
    next_cursor: int
    has_more: bool
    #: The database identity (``HealthResponse.epoch``) the page was read from.
    epoch: str = ""
    #: The chain link to the previous page: the request's ``after`` and the ``hash`` of the
    #: event the server holds at that global sequence (``""`` for 0 or past the end). A client
    #: that holds a different event at ``after`` (the server was restored and renumbered)
    #: must not apply the page.
    prev_seq: int = 0
    prev_hash: str = ""


#: Row kinds in a snapshot page, each a dict with ``"kind"`` plus the fields shown:
#:
#: * ``member``: member_id, fields ``{name: {"value", "hlc", "device_id"}}`` (the winning write
#:   of every profile field with its stamp, so later edits merge by the same rule);
#: * ``balance``: member_id, product, amount;
#: * ``gl``: account, balance (signed, debit positive);
#: * ``staff``: the StaffAccountSet payload fields (user_id, username, full_name, role,
#:   password_hash, active, branch_id) plus hlc, device_id;
#: * ``setting``: scope, key, value, hlc, device_id;
#: * ``session``: session_id, branch_id, state (``open``/``closed``);
#: * ``closed_day``: branch_id, business_date;
#: * ``reversal``: reversal_id, target_id (an event already reversed);
#: * ``case``: case_id, case_kind, member_id, event_ids, detail, hold, resolution;
#: * ``hold``: case_id, member_id, product;
#: * ``loan_product``: product_id, product (``LoanProduct.to_dict()``), active, hlc, device_id;
#: * ``loan_row``: the fields of a :class:`ledger.loans.state.LoanMovement`, its ``kind`` as
#:   ``row_kind`` and ``terms`` as ``LoanTerms`` fields or null;
#: * ``device_number``: device_id, branch_id, device_no, from_seq, event_id (a
#:   ``DeviceNumbered``, see :mod:`ledger.devices`).
SNAPSHOT_ROW_KINDS: tuple[str, ...] = (
    "member",
    "balance",
    "gl",
    "staff",
    "setting",
    "session",
    "closed_day",
    "reversal",
    "case",
    "hold",
    "loan_product",
    "loan_row",
    "device_number",
)


class SnapshotPage(WireModel):
    """One page of a bootstrap snapshot of the central projection taken at ``at_seq``.

    A new device fetches pages 0..``pages - 1`` (passing ``at`` after the first, so every page
    comes from the same snapshot), then pulls events with ``after=at_seq``. ``checksum`` is the
    SHA-256 of the canonical JSON (:func:`ledger.canonical.canonical_json`) of ``rows``;
    ``next_page`` is ``None`` on the last page.

    ``history_after`` (page 0 only): the device then fetches the events with ``history_after <
    global_seq <= at_seq`` (pull with ``until=at_seq``) as history: their effects are in the
    snapshot already, but the member history, running balances and receipt reprints of the
    last ``history_days`` need the events themselves. ``None``: no history offered.
    """

    at_seq: int
    page: int
    pages: int
    rows: list[dict[str, Any]]
    checksum: str
    next_page: int | None
    history_after: int | None = None


class DayDigestModel(WireModel):
    """The server's :func:`ledger.digest.day_digest` of one branch's business day.

    The first six fields are exactly what the client computes with the same function, to be
    compared side by side. ``journal_debits``/``journal_credits`` sum the central journal for
    the branch and date (reversals included); ``balanced`` is true when both the digest's and
    the journal's debits equal their credits.
    """

    branch_id: str
    business_date: str
    devices: dict[str, dict[str, Any]]
    digest: str
    debits: int
    credits: int
    journal_debits: int = 0
    journal_credits: int = 0
    balanced: bool = True


class DayEventModel(WireModel):
    """One event of a business day as head office holds it (:class:`ledger.reconcile.DayEvent`):
    ``hash`` is recomputed from the stored content."""

    event_id: str
    device_id: str
    device_seq: int
    type: str
    hash: str
    payload_hash: str
    amount: int


class DayEventsModel(WireModel):
    """Every reconciled event head office holds for a branch's business day, in device order."""

    branch_id: str
    business_date: str
    events: list[DayEventModel]


ReconStatus = Literal["agreed", "mismatch", "pending"]


class DayReconModel(WireModel):
    """Head office's reconciliation of one branch's business day.

    ``status`` is ``pending`` until the branch's DayClosed (carrying its digest) has arrived,
    then ``agreed`` or ``mismatch`` (the branch's digest against the server's, recomputed
    whenever an event of that day arrives later). ``case_id`` names the review case a mismatch
    opened.
    """

    branch_id: str
    business_date: str
    status: ReconStatus
    events: int
    reported_digest: str = ""
    reported_events: int = 0
    server_digest: str = ""
    closed_event_id: str = ""
    offline: bool = False
    reason: str = ""
    case_id: str = ""
    checked_at: str = ""


class DayReconList(WireModel):
    days: list[DayReconModel]


class EpochModel(WireModel):
    """One identity of the central database: ``base_seq`` is the last global sequence it
    shares with the identity before it (what the restored backup held)."""

    epoch: str
    base_seq: int


class HealthResponse(WireModel):
    """``status`` is ``ok``, or ``degraded`` when the database cannot take writes (disk full,
    read-only): pushes then answer 507 ``storage_full`` and the branches keep their events."""

    status: str
    protocol_min: int
    protocol_max: int
    last_seq: int
    #: The database's identity: a new one after every restore from a backup.
    epoch: str = ""
    #: Every identity of this database, oldest first.
    epochs: list[EpochModel] = Field(default_factory=list)
    #: The server's clock, ISO 8601 UTC (the desktop refuses to post far from it).
    server_time: str = ""
    #: Whether the database took a write just now, and the free space beside it (bytes).
    writable: bool = True
    free_bytes: int | None = None
