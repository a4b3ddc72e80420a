"""Checking a pushed batch before it goes near the database.

Everything here depends only on the batch itself and the authenticated device, so it runs
outside the single writer's lock: envelope and payload (upgraded from older schema versions,
never refused for being old), bounds on every value, the hash of each event, the links between
consecutive events, and the canonical bytes the store keeps. What needs the database (duplicates,
the gap, the link to the stored chain) is decided in :mod:`sync_server.push`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from ledger.canonical import sha256_hex
from ledger.clock import HlcTimestamp, check_business_date, check_hlc_ahead
from ledger.errors import LumbungError, UnbalancedEntry, ValidationError
from ledger.events import (
    MEMBER_PROFILE_FIELDS,
    MEMBER_STATUSES,
    SAVINGS_PRODUCTS,
    Event,
    MemberRegistered,
    MemberUpdated,
    Payload,
    SavingsDeposited,
    SavingsWithdrawn,
    SettingChanged,
    StaffAccountSet,
)
from ledger.loans.events import LoanProductDefined
from ledger.members import check_profile_changes, check_registered
from ledger.projection import Effects, effects_of
from sync_server.errors import ServiceError, forbidden

log = logging.getLogger(__name__)

#: Longest text accepted anywhere in an event (a name, an address, an id). Keeps index entries
#: well inside PostgreSQL's limit.
MAX_TEXT = 500
#: Largest magnitude of any integer in an event: Rp 10^15 is beyond anything a KSP moves and
#: keeps every sum inside 64 bits.
MAX_INT = 10**15


@dataclass(slots=True)
class Incoming:
    """One checked event, ready to store.

    Attributes:
        event: The event.
        payload: Its payload, upgraded to the current schema version.
        effects: Its own effects (a reversal's are found later, with its target).
        body: The canonical JSON of the whole event: the bytes stored and served.
        hash_ok: Whether ``event.hash`` is the hash of its content.
        problem: Why the event is quarantined (a ledger rule its content breaks), or None.
    """

    event: Event
    payload: Payload
    effects: Effects
    body: str
    hash_ok: bool
    problem: LumbungError | None = None


def invalid(index: int, error: LumbungError) -> ServiceError:
    return ServiceError(
        422,
        "invalid_event",
        f"Peristiwa ke-{index + 1}: {error.message_id}",
        f"Event {index}: {error.message_en}",
        index=index,
    )


def _bad(id_msg: str, en_msg: str) -> ValidationError:
    return ValidationError(id_msg, en_msg)


def _too_long(where: str) -> ValidationError:
    return _bad(
        f"Teks {where} terlalu panjang (maks. {MAX_TEXT}) atau memuat karakter NUL.",
        f"Text {where} is too long (max {MAX_TEXT}) or contains NUL.",
    )


def _check_value(value: Any, where: str) -> None:
    """Bounds on a received value; also everything canonical JSON refuses (floats, non-text
    keys), so :func:`canonical_texts` may skip those checks.

    Written for speed (it sees every value of every pushed event): exact type tests, the
    common flat cases inline.
    """
    kind = type(value)
    if kind is str:
        if len(value) > MAX_TEXT or "\x00" in value:
            raise _too_long(where)
    elif kind is int:
        if value > MAX_INT or value < -MAX_INT:
            raise _bad(f"Angka {where} di luar batas.", f"Number {where} is out of range.")
    elif kind is bool or value is None:
        return
    elif kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise _bad(f"Kunci {where} harus teks.", f"Keys of {where} must be text.")
            if len(key) > MAX_TEXT or "\x00" in key:
                raise _too_long(where)
            if type(item) is str:
                if len(item) > MAX_TEXT or "\x00" in item:
                    raise _too_long(f"{where}.{key}")
            else:
                _check_value(item, f"{where}.{key}")
    elif kind is list:
        for item in value:
            _check_value(item, where)
    else:
        raise _bad(
            f"Nilai {where} bertipe {kind.__name__} tidak diterima (pecahan dilarang).",
            f"Value {where} of type {kind.__name__} is not allowed (no fractions).",
        )


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _check_envelope(event: Event) -> None:
    # Stricter than Event.check_envelope: the stored forms must be the one canonical spelling,
    # or two spellings of one id or date would slip past the UNIQUE constraints and indexes.
    if not _UUID.fullmatch(event.id):
        raise _bad(
            "Id peristiwa harus UUID bentuk baku (huruf kecil, dengan tanda hubung).",
            "Event id must be a canonical UUID (lowercase, hyphenated).",
        )
    if not _DATE.fullmatch(event.business_date):
        raise _bad("Tanggal usaha harus berbentuk YYYY-MM-DD.", "Business date must be YYYY-MM-DD.")
    _check_value(event.actor, "actor")
    _check_value(event.authorizer, "authorizer")
    _check_value(event.device_seq, "device_seq")
    _check_value(event.schema_version, "schema_version")


def _check_payload(payload: Payload) -> None:
    """Payload rules the posting code relies on (it would fail on them, as a bug)."""
    if isinstance(payload, SavingsDeposited | SavingsWithdrawn):
        if payload.product not in SAVINGS_PRODUCTS:
            raise _bad(
                f"Produk simpanan tidak dikenal: {payload.product!r}.",
                f"Unknown savings product: {payload.product!r}.",
            )
    elif isinstance(payload, MemberUpdated):
        unknown = sorted(set(payload.changes) - set(MEMBER_PROFILE_FIELDS))
        if unknown:
            raise _bad(
                f"Kolom profil tidak dikenal: {', '.join(unknown)}.",
                f"Unknown profile field(s): {', '.join(unknown)}.",
            )
        status = payload.changes.get("status")
        if status is not None and status not in MEMBER_STATUSES:
            raise _bad(f"Status anggota tidak sah: {status!r}.", f"Invalid status: {status!r}.")


#: Payload kinds whose state merges by (HLC, device id): a stamp far ahead would win for ever.
_STAMPED = (MemberRegistered, MemberUpdated, StaffAccountSet, SettingChanged, LoanProductDefined)


def content_problem(
    event: Event, payload: Payload, effects: Effects, *, now_ms: int | None = None
) -> LumbungError | None:
    """The first ledger rule the event's content breaks (checked without the database), or
    None. Such an event is not refused but quarantined (:mod:`sync_server.central`): it is
    signed, chained and may record money that has moved.

    The rules are ``ledger``'s, the ones the desktop applies before it makes an event: the
    registration form's (:func:`ledger.members.check_registered`), the profile edit's, and
    the clock bounds (:mod:`ledger.clock`) against the server's own clock.
    """
    now_ms = now_ms if now_ms is not None else time.time_ns() // 1_000_000
    today = dt.datetime.fromtimestamp(now_ms / 1000, dt.UTC).date()
    try:
        check_business_date(event.business_date, today)
        if isinstance(payload, _STAMPED) or effects.fields:
            check_hlc_ahead(HlcTimestamp.decode(event.hlc), now_ms)
        if isinstance(payload, MemberRegistered):
            check_registered(payload)
        elif isinstance(payload, MemberUpdated):
            check_profile_changes(payload.changes)
    except LumbungError as exc:
        return exc
    return None


_text = json.encoder.encode_basestring  # json.dumps's own string encoder (ensure_ascii=False)


def _payload_json(payload: Any) -> str:
    # ledger.canonical.canonical_json without its type walk: _check_value has walked the
    # payload already. A property test holds the bytes equal to canonical_json's.
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def canonical_texts(event: Event) -> tuple[str, str]:
    """The canonical JSON of the event's body (what its hash covers) and of the whole event.

    Assembled around the payload's encoding instead of encoding the event twice: the envelope
    keys are fixed, so their sorted order is too (``hash`` falls between ``device_seq`` and
    ``hlc``); ids, dates and hashes go through the same string encoder ``json.dumps`` uses.
    """
    head = (
        f'{{"actor":{_text(event.actor)},"authorizer":{_text(event.authorizer)},'
        f'"branch_id":{_text(event.branch_id)},"business_date":{_text(event.business_date)},'
        f'"device_id":{_text(event.device_id)},"device_seq":{event.device_seq},'
    )
    tail = (
        f'"hlc":{_text(event.hlc)},"id":{_text(event.id)},'
        f'"payload":{_payload_json(event.payload)},"prev_hash":{_text(event.prev_hash)},'
        f'"schema_version":{event.schema_version},"type":{_text(event.type)}}}'
    )
    return head + tail, f'{head}"hash":{_text(event.hash)},{tail}'


def check_event(item: Any, index: int) -> Incoming:
    """One event of a batch, checked on its own.

    Raises:
        ServiceError: 422 ``invalid_event`` naming the event and what is wrong with it.
    """
    if not isinstance(item, dict):
        raise invalid(index, _bad("Peristiwa harus berupa objek.", "An event must be an object."))
    try:
        event = Event.from_dict(item)
        _check_envelope(event)
        _check_value(event.payload, "payload")
        payload = event.typed()
        _check_payload(payload)
        effects = effects_of(event, payload)
        body, whole = canonical_texts(event)
        body_bytes = body.encode("utf-8")
        problem = content_problem(event, payload, effects)
    except LumbungError as exc:
        raise invalid(index, exc) from None
    except (TypeError, ValueError, KeyError, UnbalancedEntry) as exc:
        # A value the posting rules cannot book (a zero close) or text that is not valid
        # Unicode: the client's fault, named as precisely as Python allows.
        raise invalid(
            index, _bad(f"Isi peristiwa tidak sah ({exc}).", f"Bad event ({exc}).")
        ) from None
    except Exception:
        # Domain code choking on untrusted input is a bug to fix (hence the traceback in the
        # log), but the event is still refused as unprocessable rather than crashing the push.
        log.exception("event %d of a push could not be checked", index)
        raise invalid(
            index,
            _bad("Peristiwa tidak dapat diproses.", "The event could not be processed."),
        ) from None
    return Incoming(
        event=event,
        payload=payload,
        effects=effects,
        body=whole,
        hash_ok=sha256_hex(body_bytes) == event.hash,
        problem=problem,
    )


def check_batch(items: list[Any], device_id: str, branch_id: str) -> list[Incoming]:
    """A device's batch, checked event by event and as a consecutive chain.

    Raises:
        ServiceError: 403 for another device's or branch's event; 422 for a bad event, a batch
            out of sequence order, a repeated id, or a broken link between two events.
    """
    batch: list[Incoming] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        inc = check_event(item, index)
        event = inc.event
        if event.device_id != device_id:
            raise forbidden(
                f"Peristiwa ke-{index + 1} milik perangkat lain ({event.device_id}).",
                f"Event {index} belongs to another device ({event.device_id}).",
                index=index,
            )
        if event.branch_id != branch_id:
            raise forbidden(
                f"Peristiwa ke-{index + 1} milik cabang lain ({event.branch_id}); "
                f"perangkat ini terdaftar di {branch_id}.",
                f"Event {index} belongs to another branch ({event.branch_id}); "
                f"this device is enrolled at {branch_id}.",
                index=index,
            )
        if event.id in seen:
            raise invalid(index, _bad("Id peristiwa berulang.", "Repeated event id in batch."))
        seen.add(event.id)
        if batch:
            prev = batch[-1].event
            if event.device_seq != prev.device_seq + 1:
                raise invalid(
                    index,
                    _bad(
                        "Nomor urut dalam kiriman tidak berurutan.",
                        f"Batch is not in device-sequence order ({prev.device_seq} then "
                        f"{event.device_seq}).",
                    ),
                )
            if event.prev_hash != prev.hash:
                raise ServiceError(
                    422,
                    "chain_broken",
                    f"Rantai hash putus pada peristiwa #{event.device_seq}.",
                    f"Hash chain broken at device sequence {event.device_seq}.",
                    index=index,
                )
        batch.append(inc)
    return batch
