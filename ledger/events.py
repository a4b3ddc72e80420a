"""Business events: the unit of truth.

Every business action is one immutable :class:`Event`: an envelope (who, where, when, which
device and sequence, the hash chain) around a typed payload. Payload classes declare their
fields with type hints; :func:`parse_payload` checks a received payload against them and explains
what is wrong. Balances, profiles and loan states are projections of the events (see
:mod:`ledger.projection`).

Each payload type has a schema version. Older versions stay accepted for the longest offline
window: :mod:`ledger.upgrades` lifts them to the current version before projection, while the
hash is always checked on the bytes as they were written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ledger.canonical import canonical_json, sha256_hex
from ledger.clock import HlcTimestamp, HybridClock
from ledger.errors import ValidationError
from ledger.ids import is_uuid, uuid7

GENESIS_HASH = "0" * 64
_HEX_DIGITS = frozenset("0123456789abcdef")

SavingsProduct = Literal["pokok", "wajib", "sukarela"]
SAVINGS_PRODUCTS: tuple[str, ...] = ("pokok", "wajib", "sukarela")
Role = Literal["teller", "supervisor", "admin"]


# ---------------------------------------------------------------------------------------------
# Payloads


@dataclass(frozen=True)
class Payload:
    """Base of every payload type.

    Class attributes:
        TYPE: The event type name on the wire.
        VERSION: The current schema version.
        MONEY: True when the event moves money (it posts journal lines).
    """

    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1
    MONEY: ClassVar[bool] = False

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class MemberRegistered(Payload):
    """A person joins the cooperative (simpanan pokok is a separate deposit event)."""

    TYPE: ClassVar[str] = "MemberRegistered"
    member_id: str
    member_no: str
    nik: str
    name: str
    birth_place: str
    birth_date: str
    sex: str
    address: str
    phone: str
    occupation: str
    mother_maiden_name: str
    join_date: str
    home_branch: str


#: Profile fields a MemberUpdated patch may set.
MEMBER_PROFILE_FIELDS: tuple[str, ...] = (
    "name",
    "birth_place",
    "address",
    "phone",
    "occupation",
    "mother_maiden_name",
    "status",
)
MEMBER_STATUSES: tuple[str, ...] = ("active", "resigned", "deceased")


@dataclass(frozen=True)
class MemberUpdated(Payload):
    """A patch of profile fields; fields merge one by one, last writer by HLC wins."""

    TYPE: ClassVar[str] = "MemberUpdated"
    member_id: str
    changes: dict[str, str]


@dataclass(frozen=True)
class SavingsDeposited(Payload):
    """Cash (or a transfer) into a member's simpanan.

    Version 1 had no ``channel``; every v1 deposit was cash.
    """

    TYPE: ClassVar[str] = "SavingsDeposited"
    VERSION: ClassVar[int] = 2
    MONEY: ClassVar[bool] = True
    member_id: str
    product: str
    amount: int
    session_id: str
    channel: str = "cash"


@dataclass(frozen=True)
class SavingsWithdrawn(Payload):
    """Cash paid out of a member's simpanan sukarela (pokok and wajib only on resignation)."""

    TYPE: ClassVar[str] = "SavingsWithdrawn"
    VERSION: ClassVar[int] = 2
    MONEY: ClassVar[bool] = True
    member_id: str
    product: str
    amount: int
    session_id: str
    channel: str = "cash"


@dataclass(frozen=True)
class Reversed(Payload):
    """Undoes an earlier event; the original stays. The envelope's authorizer is the supervisor.

    ``session_id`` is the drawer session the reversing cash moves through (empty if none).
    """

    TYPE: ClassVar[str] = "Reversed"
    MONEY: ClassVar[bool] = True
    target_event_id: str
    reason: str
    session_id: str = ""


@dataclass(frozen=True)
class TellerSessionOpened(Payload):
    """A teller takes an opening float from the branch vault into the drawer."""

    TYPE: ClassVar[str] = "TellerSessionOpened"
    MONEY: ClassVar[bool] = True
    session_id: str
    teller_id: str
    opening_float: int


@dataclass(frozen=True)
class TellerSessionClosed(Payload):
    """The drawer is counted and returned to the vault; any difference is selisih kas.

    ``counted`` maps a denomination (as text, e.g. ``"100000"``) to the number of pieces.
    """

    TYPE: ClassVar[str] = "TellerSessionClosed"
    MONEY: ClassVar[bool] = True
    session_id: str
    teller_id: str
    expected: int
    counted_total: int
    counted: dict[str, int]


@dataclass(frozen=True)
class DayClosed(Payload):
    """The branch's business day is closed: nothing posts into it afterwards.

    Version 2 carries the branch's report to head office: ``digest`` is
    :func:`ledger.digest.closing_digest` of the day as the closing device held it and
    ``events`` how many events it covers (head office compares both with what it holds).
    ``offline`` marks a close without the server's digest at hand (``reason`` says why); a
    close over a known mismatch also carries the supervisor's ``reason``. Version 1 reported
    no digest. Version 3 says which digest version (:data:`ledger.digest.DIGEST_VERSION`)
    ``digest`` was computed with; a version 2 report was made with digest version 1 (its
    reversals counted at Rp 0), and head office compares it with that.
    """

    TYPE: ClassVar[str] = "DayClosed"
    VERSION: ClassVar[int] = 3
    business_date: str
    reason: str = ""
    offline: bool = False
    digest: str = ""
    events: int = 0
    digest_version: int = 1


@dataclass(frozen=True)
class StaffAccountSet(Payload):
    """A staff account as head office (or first-run setup) defines it; replicates to branches."""

    TYPE: ClassVar[str] = "StaffAccountSet"
    user_id: str
    username: str
    full_name: str
    role: str
    password_hash: str
    active: bool
    branch_id: str = ""


@dataclass(frozen=True)
class SettingChanged(Payload):
    """A product or limit setting (e.g. ``teller_limit``), set by head office or setup."""

    TYPE: ClassVar[str] = "SettingChanged"
    key: str
    value: str
    scope: str = ""


@dataclass(frozen=True)
class ReviewCaseOpened(Payload):
    """The server found something money could not merge away (overdraft, duplicate NIK, ...)."""

    TYPE: ClassVar[str] = "ReviewCaseOpened"
    case_id: str
    kind: str
    member_id: str
    event_ids: list[str]
    detail: str
    hold: bool = False


@dataclass(frozen=True)
class ReviewCaseResolved(Payload):
    """A supervisor or head office decided a review case."""

    TYPE: ClassVar[str] = "ReviewCaseResolved"
    case_id: str
    resolution: str
    note: str = ""
    release_hold: bool = True


@dataclass(frozen=True)
class DeviceNumbered(Payload):
    """Device ``device_id`` of ``branch_id`` prints number ``device_no`` from its own event
    ``from_seq`` on (see :mod:`ledger.devices`).

    Head office emits it at enrolment (``from_seq`` 1), when a PC from before device numbers
    reports the number it used, and when it gives a device a new number: then ``from_seq`` is 0
    ("from the device's next event once it knows") and the device itself confirms with its own
    ``DeviceNumbered`` carrying the sequence of that confirming event, so no receipt already
    printed changes number.
    """

    TYPE: ClassVar[str] = "DeviceNumbered"
    device_id: str
    branch_id: str
    device_no: int
    from_seq: int
    reason: str = ""


PAYLOAD_TYPES: dict[str, type[Payload]] = {}


def register_payload(cls: type[Payload]) -> type[Payload]:
    """Add a payload type to the registry (other ledger modules add theirs, e.g. loans)."""
    if not cls.TYPE:
        raise ValueError(f"{cls.__name__} has no TYPE")
    PAYLOAD_TYPES[cls.TYPE] = cls
    return cls


for _cls in (
    MemberRegistered,
    MemberUpdated,
    SavingsDeposited,
    SavingsWithdrawn,
    Reversed,
    TellerSessionOpened,
    TellerSessionClosed,
    DayClosed,
    StaffAccountSet,
    SettingChanged,
    ReviewCaseOpened,
    ReviewCaseResolved,
    DeviceNumbered,
):
    register_payload(_cls)


def _type_ok(value: Any, hint: Any) -> bool:
    # Plain field types first: they are nearly all fields, and get_origin is slow.
    if hint is str:
        return isinstance(value, str)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is bool:
        return isinstance(value, bool)
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin in (types.UnionType, typing.Union):
        return any(_type_ok(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint in (str, bool):
        return isinstance(value, hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_type_ok(v, item) for v in value)
    if origin is dict:
        key, item = typing.get_args(hint)
        return isinstance(value, dict) and all(
            _type_ok(k, key) and _type_ok(v, item) for k, v in value.items()
        )
    raise TypeError(f"unsupported payload hint {hint!r}")


_Shape = tuple[dict[str, Any], dict[str, "dataclasses.Field[Any]"]]
_SHAPES: dict[str, _Shape] = {}


def _payload_shape(cls: type[Payload]) -> _Shape:
    # Resolving string annotations costs ~0.2 ms per call; a payload class never changes, so
    # resolve once (the server checks ten thousand events a second).
    key = f"{cls.__module__}.{cls.__qualname__}"
    shape = _SHAPES.get(key)
    if shape is None:
        shape = (typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)})
        _SHAPES[key] = shape
    return shape


def parse_payload(event_type: str, payload: Mapping[str, Any]) -> Payload:
    """Check ``payload`` (current schema version) against its type and build the record.

    Raises:
        ValidationError: unknown type, missing or unexpected field, or wrong type, named.
    """
    cls = PAYLOAD_TYPES.get(event_type)
    if cls is None:
        raise ValidationError(
            f"Jenis peristiwa tidak dikenal: {event_type!r}.",
            f"Unknown event type: {event_type!r}.",
        )
    hints, fields = _payload_shape(cls)
    unexpected = sorted(set(payload) - set(fields))
    if unexpected:
        raise ValidationError(
            f"{event_type}: kolom tidak dikenal {', '.join(unexpected)}.",
            f"{event_type}: unexpected field(s) {', '.join(unexpected)}.",
        )
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in payload:
            if f.default is dataclasses.MISSING:
                raise ValidationError(
                    f"{event_type}: kolom {name} wajib ada.",
                    f"{event_type}: field {name} is required.",
                )
            continue
        if not _type_ok(payload[name], hints[name]):
            raise ValidationError(
                f"{event_type}: kolom {name} bertipe salah.",
                f"{event_type}: field {name} has the wrong type "
                f"(expected {getattr(hints[name], '__name__', hints[name])}).",
            )
        kwargs[name] = payload[name]
    record = cls(**kwargs)
    amount = getattr(record, "amount", None)
    if isinstance(amount, int) and amount <= 0:
        raise ValidationError(
            f"{event_type}: jumlah harus lebih dari nol.",
            f"{event_type}: amount must be positive.",
        )
    return record


# ---------------------------------------------------------------------------------------------
# The envelope


ENVELOPE_FIELDS: tuple[str, ...] = (
    "id",
    "type",
    "schema_version",
    "branch_id",
    "device_id",
    "device_seq",
    "hlc",
    "actor",
    "authorizer",
    "business_date",
    "payload",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class Event:
    """One immutable business event.

    Attributes:
        id: UUIDv7, the event's identity everywhere.
        type: Payload type name (``"SavingsDeposited"``, ...).
        schema_version: Version of the payload's schema the event was written with.
        branch_id: Branch that recorded the event.
        device_id: Device that recorded it.
        device_seq: Gapless per-device sequence number, from 1.
        hlc: Hybrid-logical-clock timestamp (encoded), orders profile edits only.
        actor: Staff user id who acted.
        authorizer: Supervisor user id who authorised it, or ``""``.
        business_date: The branch business date (ISO ``YYYY-MM-DD``).
        payload: The payload as a plain mapping.
        prev_hash: Hash of the device's previous event (``GENESIS_HASH`` for the first).
        hash: SHA-256 over the canonical encoding of every other field.
    """

    id: str
    type: str
    schema_version: int
    branch_id: str
    device_id: str
    device_seq: int
    hlc: str
    actor: str
    authorizer: str
    business_date: str
    payload: Mapping[str, Any] = field(hash=False)
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """Every field except ``hash``: what the hash covers."""
        data = self.to_dict()
        del data["hash"]
        return data

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "schema_version": self.schema_version,
            "branch_id": self.branch_id,
            "device_id": self.device_id,
            "device_seq": self.device_seq,
            "hlc": self.hlc,
            "actor": self.actor,
            "authorizer": self.authorizer,
            "business_date": self.business_date,
            "payload": dict(self.payload),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    def canonical(self) -> bytes:
        """The canonical bytes of the whole event (hash included)."""
        return canonical_json(self.to_dict())

    def compute_hash(self) -> str:
        return sha256_hex(canonical_json(self.body()))

    def typed(self) -> Payload:
        """The payload as its typed record, upgraded to the current schema version."""
        from ledger.upgrades import upgrade_payload

        payload = upgrade_payload(self.type, self.schema_version, self.payload)
        return parse_payload(self.type, payload)

    @property
    def is_money(self) -> bool:
        cls = PAYLOAD_TYPES.get(self.type)
        return bool(cls and cls.MONEY)

    @property
    def stamp(self) -> tuple[str, str]:
        """The order of profile edits: HLC, then device id to break ties."""
        return (self.hlc, self.device_id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Build an event from its wire/dict form, checking the envelope's shape.

        Raises:
            ValidationError: a missing or mistyped envelope field, named.
        """
        missing = [name for name in ENVELOPE_FIELDS if name not in data]
        if missing:
            raise ValidationError(
                f"Peristiwa tidak lengkap: {', '.join(missing)}.",
                f"Event is missing field(s): {', '.join(missing)}.",
            )
        extra = sorted(set(data) - set(ENVELOPE_FIELDS))
        if extra:
            raise ValidationError(
                f"Peristiwa memuat kolom tak dikenal: {', '.join(extra)}.",
                f"Event has unexpected field(s): {', '.join(extra)}.",
            )
        ints = ("schema_version", "device_seq")
        for name in ENVELOPE_FIELDS:
            value = data[name]
            if name == "payload":
                ok = isinstance(value, dict)
            elif name in ints:
                ok = isinstance(value, int) and not isinstance(value, bool)
            else:
                ok = isinstance(value, str)
            if not ok:
                raise ValidationError(
                    f"Kolom peristiwa {name} bertipe salah.",
                    f"Event field {name} has the wrong type.",
                )
        try:
            canonical_json(data["payload"])
        except TypeError as exc:  # floats, or values JSON cannot carry canonically
            raise ValidationError(
                "Isi peristiwa memuat nilai yang tidak diizinkan (misalnya pecahan).",
                f"Event payload holds a value that is not allowed: {exc}.",
            ) from None
        event = cls(**{name: data[name] for name in ENVELOPE_FIELDS})
        event.check_envelope()
        return event

    def check_envelope(self) -> None:
        """Field-level sanity of the envelope (not the payload, not the chain)."""

        def bad(id_msg: str, en_msg: str) -> ValidationError:
            return ValidationError(id_msg, en_msg)

        if not is_uuid(self.id):
            raise bad(
                f"Id peristiwa bukan UUID: {self.id!r}.", f"Event id is not a UUID: {self.id!r}."
            )
        if self.device_seq < 1:
            raise bad("Nomor urut perangkat harus mulai dari 1.", "Device sequence starts at 1.")
        if self.schema_version < 1:
            raise bad("Versi skema tidak sah.", "Invalid schema version.")
        HlcTimestamp.decode(self.hlc)
        try:
            dt.date.fromisoformat(self.business_date)
        except ValueError:
            raise bad(
                f"Tanggal usaha tidak sah: {self.business_date!r}.",
                f"Invalid business date: {self.business_date!r}.",
            ) from None
        if not (self.branch_id and self.device_id and self.actor):
            raise bad(
                "Cabang, perangkat dan pelaku wajib ada.", "Branch, device and actor are required."
            )
        for h in (self.prev_hash, self.hash):
            if len(h) != 64 or not _HEX_DIGITS.issuperset(h):
                raise bad("Hash peristiwa tidak sah.", "Invalid event hash.")


def verify_chain(events: list[Event], prev_hash: str = GENESIS_HASH) -> None:
    """Check that ``events`` (one device, consecutive sequence) chain from ``prev_hash``.

    Raises:
        ValidationError: naming the first event whose hash or link is wrong.
    """
    for event in events:
        if event.prev_hash != prev_hash:
            raise ValidationError(
                f"Rantai hash putus pada peristiwa #{event.device_seq}.",
                f"Hash chain broken at device sequence {event.device_seq}.",
            )
        if event.compute_hash() != event.hash:
            raise ValidationError(
                f"Hash peristiwa #{event.device_seq} tidak cocok (isi diubah).",
                f"Hash mismatch at device sequence {event.device_seq} (content altered).",
            )
        prev_hash = event.hash


class DeviceChain:
    """Makes this device's events: gapless sequence, HLC stamps, and the hash chain.

    The store owns persistence; it hands in the last sequence and hash it holds and commits each
    event returned by :meth:`make` (on failure it must rebuild the chain from the store).
    """

    def __init__(
        self,
        branch_id: str,
        device_id: str,
        *,
        last_seq: int = 0,
        last_hash: str = GENESIS_HASH,
        clock: HybridClock | None = None,
    ) -> None:
        self.branch_id = branch_id
        self.device_id = device_id
        self.last_seq = last_seq
        self.last_hash = last_hash
        self.clock = clock or HybridClock()

    def make(
        self,
        payload: Payload,
        *,
        actor: str,
        business_date: str | dt.date,
        authorizer: str = "",
        event_id: str | None = None,
    ) -> Event:
        body: dict[str, Any] = {
            "id": event_id or uuid7(),
            "type": payload.TYPE,
            "schema_version": payload.VERSION,
            "branch_id": self.branch_id,
            "device_id": self.device_id,
            "device_seq": self.last_seq + 1,
            "hlc": self.clock.now().encode(),
            "actor": actor,
            "authorizer": authorizer,
            "business_date": str(business_date),
            "payload": payload.to_dict(),
            "prev_hash": self.last_hash,
        }
        parse_payload(payload.TYPE, body["payload"])  # a bad payload never enters the chain
        event = Event(**body, hash=sha256_hex(canonical_json(body)))
        self.last_seq = event.device_seq
        self.last_hash = event.hash
        return event
