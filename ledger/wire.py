"""The sync wire protocol (v1): request and response bodies both ends speak.

These are pydantic models so the server validates what arrives and publishes an OpenAPI schema,
and the client builds exactly what the server expects. An event travels as its plain dict form
(see :meth:`ledger.events.Event.to_dict`); its envelope is checked again by
:meth:`ledger.events.Event.from_dict` and its hash chain by :func:`ledger.events.verify_chain`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: Protocol versions this code speaks. The server answers 426 to a client outside its range.
PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
MAX_BATCH = 500


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class EnrollRequest(WireModel):
    code: str = Field(min_length=6, max_length=64)
    device_name: str = Field(default="", max_length=100)
    protocol: int = PROTOCOL_VERSION


class EnrollResponse(WireModel):
    device_id: str
    branch_id: str
    token: str
    server_protocol_min: int = MIN_PROTOCOL_VERSION
    server_protocol_max: int = PROTOCOL_VERSION


class PushRequest(WireModel):
    """Events of one device, in device-sequence order, continuing after the last ack."""

    protocol: int = PROTOCOL_VERSION
    events: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class PushResponse(WireModel):
    """``ack_seq``: the highest device sequence the server holds for this device."""

    ack_seq: int
    stored: int
    duplicates: int


class GapResponse(WireModel):
    """Sent with 409 when the batch does not continue the device's sequence."""

    detail: str
    expected_seq: int


class PulledEvent(WireModel):
    global_seq: int
    event: dict[str, Any]


class PullResponse(WireModel):
    events: list[PulledEvent]
    next_cursor: int
    has_more: bool


class SnapshotPage(WireModel):
    """One page of a bootstrap snapshot taken at ``at_seq``.

    ``checksum`` is the SHA-256 of the canonical JSON of ``rows``; ``next_page`` is ``None`` on
    the last page.
    """

    at_seq: int
    page: int
    rows: list[dict[str, Any]]
    checksum: str
    next_page: int | None


class DayDigestModel(WireModel):
    branch_id: str
    business_date: str
    devices: dict[str, dict[str, Any]]
    digest: str
    debits: int
    credits: int


class ErrorBody(WireModel):
    detail: str
    detail_id: str = ""
    code: str = ""
