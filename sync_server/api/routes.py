"""Sync API v1: thin routes that check the caller and hand over to one service function."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ledger.wire import (
    MAX_PULL_LIMIT,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    BranchDevices,
    DayDigestModel,
    DayEventsModel,
    DayReconList,
    EnrollRequest,
    EnrollResponse,
    EpochModel,
    ErrorBody,
    GapResponse,
    HealthResponse,
    ProtocolErrorBody,
    PulledEvent,
    PullResponse,
    PushRequest,
    PushResponse,
    RekeyRequest,
    RetryErrorBody,
    SnapshotPage,
    StatusRequest,
)
from sync_server import admin, enrolment, numbering, push, reads, recon, snapshot
from sync_server.config import Settings
from sync_server.enrolment import AuthDevice
from sync_server.errors import ServiceError, forbidden
from sync_server.ratelimit import FailureLimit
from sync_server.store.db import Database

# Bounds that keep every number a 64-bit database integer.
MAX_SEQ = 2**62
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _query_names(dependant: Any) -> set[str]:
    names = {str(p.alias) for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def only_declared_query(request: Request) -> None:
    """Refuse a query parameter the operation does not declare (``?untill=`` is a client's
    typo, never something to ignore silently: the answer would not be what was asked)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    declared = _query_names(dependant)
    unknown = sorted(set(request.query_params) - declared)
    if unknown:
        names = ", ".join(repr(u[:40]) for u in unknown[:5])
        raise ServiceError(
            422,
            "bad_request",
            f"Parameter tidak dikenal: {names}.",
            f"Unknown query parameter(s): {names}.",
        )


router = APIRouter()
v1 = APIRouter(prefix="/v1", dependencies=[Depends(only_declared_query)])
_bearer = HTTPBearer(auto_error=False, description="The device token from POST /v1/enroll.")

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed request."},
    401: {"model": ErrorBody, "description": "Missing, unknown or revoked device token."},
    403: {"model": ErrorBody, "description": "Another device's or branch's data."},
    422: {"model": ErrorBody, "description": "Invalid request or event (``index`` names it)."},
    426: {"model": ProtocolErrorBody, "description": "Client protocol unsupported: update."},
    429: {"model": RetryErrorBody, "description": "Too many failures: wait ``Retry-After``."},
    507: {"model": ErrorBody, "description": "Server storage full: retry later."},
}


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def check_protocol(version: int | None) -> None:
    """Refuse (426) a client whose protocol version this server does not speak."""
    if version is None or MIN_PROTOCOL_VERSION <= version <= PROTOCOL_VERSION:
        return
    if version < MIN_PROTOCOL_VERSION:
        message_id = (
            f"Aplikasi Lumbung ini terlalu lama (protokol {version}); server melayani protokol "
            f"{MIN_PROTOCOL_VERSION}-{PROTOCOL_VERSION}. Perbarui aplikasi untuk melanjutkan "
            "sinkronisasi; transaksi yang belum terkirim tetap aman."
        )
        message_en = (
            f"This Lumbung app is too old (protocol {version}); the server speaks protocol "
            f"{MIN_PROTOCOL_VERSION}-{PROTOCOL_VERSION}. Please update the application to "
            "sync again; unsent transactions are kept safe."
        )
    else:
        message_id = (
            f"Server belum mendukung aplikasi ini (protokol {version}; server "
            f"{MIN_PROTOCOL_VERSION}-{PROTOCOL_VERSION}). Hubungi kantor pusat untuk "
            "memperbarui server."
        )
        message_en = (
            f"The server does not support this app yet (protocol {version}; server speaks "
            f"{MIN_PROTOCOL_VERSION}-{PROTOCOL_VERSION}). Ask head office to update the server."
        )
    raise ServiceError(
        426,
        "protocol_unsupported",
        message_id,
        message_en,
        server_protocol_min=MIN_PROTOCOL_VERSION,
        server_protocol_max=PROTOCOL_VERSION,
    )


def protocol_header(
    x_lumbung_protocol: Annotated[
        int,
        Header(
            alias=PROTOCOL_HEADER,
            ge=MIN_PROTOCOL_VERSION,
            le=PROTOCOL_VERSION,
            description="The client's sync protocol version (426 outside the server's range; "
            "absent means 1).",
        ),
    ] = PROTOCOL_VERSION,
) -> None:
    check_protocol(x_lumbung_protocol)


def device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> AuthDevice:
    limit: FailureLimit = request.app.state.auth_limit
    client = _client(request)
    limit.check(client)
    try:
        return enrolment.authenticate(
            _db(request), credentials.credentials if credentials else None
        )
    except ServiceError as exc:
        if exc.status == 401:
            limit.failed(client)
        raise


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


Protocol = Depends(protocol_header)
DeviceDep = Annotated[AuthDevice, Depends(device)]
DbDep = Annotated[Database, Depends(_db)]


def _json(text: str) -> Response:
    return Response(content=text, media_type="application/json")


@router.get("/health", response_model=HealthResponse, tags=["meta"])
def health(db: DbDep) -> HealthResponse:
    """Liveness, the protocol range, the last global sequence, the database's identity
    (``epoch``, new after every restore) and its storage (``degraded`` when it cannot take
    writes)."""
    epoch, lineage = reads.identity(db)
    writable, free = db.storage()
    return HealthResponse(
        status="ok" if writable else "degraded",
        protocol_min=MIN_PROTOCOL_VERSION,
        protocol_max=PROTOCOL_VERSION,
        last_seq=db.last_seq(),
        epoch=epoch,
        epochs=[EpochModel.model_validate(e) for e in lineage],
        server_time=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        writable=writable,
        free_bytes=free,
    )


@v1.post(
    "/enroll",
    response_model=EnrollResponse,
    dependencies=[Protocol],
    responses={k: v for k, v in _ERRORS.items() if k != 401},
    tags=["sync"],
)
def enroll(body: EnrollRequest, request: Request, db: DbDep) -> EnrollResponse:
    """Trade a one-time enrolment code for a device id and bearer token."""
    check_protocol(body.protocol)
    limit: FailureLimit = request.app.state.enrol_limit
    client = _client(request)
    limit.check(client)
    try:
        return enrolment.enrol(
            db,
            body.code,
            body.device_name,
            device_id=body.device_id,
            branch_id=body.branch_id,
            cooperative_name=admin.cooperative_name(db, _settings(request).cooperative_name),
            device_no=body.device_no,
        )
    except ServiceError as exc:
        if exc.code == "enrol_code_invalid":
            limit.failed(client)
        raise


@v1.post(
    "/rekey",
    response_model=EnrollResponse,
    dependencies=[Protocol],
    responses={k: v for k, v in _ERRORS.items() if k != 401},
    tags=["sync"],
)
def rekey(body: RekeyRequest, request: Request, db: DbDep) -> EnrollResponse:
    """A replaced PC, restored from a device's backup, trades the code head office issued for
    that device (``device replace``) for a new token; the old token stops working."""
    check_protocol(body.protocol)
    return enrolment.rekey(
        db,
        body.code,
        body.device_id,
        body.branch_id,
        last_seq=body.last_seq,
        last_hash=body.last_hash,
        device_name=body.device_name,
        cooperative_name=admin.cooperative_name(db, _settings(request).cooperative_name),
    )


@v1.post(
    "/push",
    response_model=PushResponse,
    dependencies=[Protocol],
    responses={
        **_ERRORS,
        409: {
            "model": GapResponse | ErrorBody,
            "description": "``gap`` (resend from ``expected_seq``) or ``conflict`` (alarm).",
        },
        413: {"model": ErrorBody, "description": "Request body too large."},
    },
    tags=["sync"],
)
def push_events(body: PushRequest, dev: DeviceDep, db: DbDep) -> PushResponse:
    """Store the device's next events (atomic batch, idempotent on retry)."""
    check_protocol(body.protocol)
    return push.push(db, dev.device_id, dev.branch_id, body.events)


@v1.post(
    "/status",
    response_model=BranchDevices,
    dependencies=[Protocol],
    responses=_ERRORS,
    tags=["sync"],
)
def device_status(body: StatusRequest, dev: DeviceDep, db: DbDep) -> BranchDevices:
    """Record what the device holds (its last sequence, events waiting, drawers open);
    answers with every PC of its branch as head office last heard from them."""
    check_protocol(body.protocol)
    return numbering.report_status(db, dev.device_id, dev.branch_id, body)


@v1.get(
    "/pull",
    response_model=PullResponse,
    dependencies=[Protocol],
    responses=_ERRORS,
    tags=["sync"],
)
def pull(
    dev: DeviceDep,
    db: DbDep,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ, description="Global cursor.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = reads.DEFAULT_PULL_LIMIT,
    until: Annotated[
        int | None,
        Query(ge=0, le=MAX_SEQ, description="Last global sequence wanted (history fetch)."),
    ] = None,
) -> Response:
    """Events after the cursor, in global order (every branch's and head office's)."""
    return _json(reads.pull_json(db, after, limit, until))


@v1.get(
    "/snapshot",
    response_model=SnapshotPage,
    dependencies=[Protocol],
    responses={
        **_ERRORS,
        404: {"model": ErrorBody, "description": "Page past the end."},
        410: {"model": ErrorBody, "description": "Snapshot gone: restart from page 0."},
    },
    tags=["sync"],
)
def snapshot_page(
    request: Request,
    dev: DeviceDep,
    db: DbDep,
    page: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    at: Annotated[int | None, Query(ge=0, le=MAX_SEQ, description="at_seq of page 0.")] = None,
) -> Response:
    """One page of the bootstrap snapshot of the central projection."""
    settings = _settings(request)
    return _json(
        snapshot.page_json(
            db,
            page,
            at,
            settings.snapshot_page_rows,
            settings.snapshot_max_lag,
            settings.history_days,
        )
    )


@v1.get(
    "/events/{event_id}",
    response_model=PulledEvent,
    dependencies=[Protocol],
    responses={**_ERRORS, 404: {"model": ErrorBody, "description": "Not on the server."}},
    tags=["sync"],
)
def get_event(
    dev: DeviceDep,
    db: DbDep,
    event_id: Annotated[str, Path(pattern=UUID_PATTERN)],
) -> Response:
    """One event by id (e.g. the target of a reversal older than the device's snapshot)."""
    return _json(reads.event_json(db, event_id))


@v1.get(
    "/days/{branch}/{business_date}",
    response_model=DayDigestModel,
    dependencies=[Protocol],
    responses=_ERRORS,
    tags=["sync"],
)
def business_day(
    dev: DeviceDep,
    db: DbDep,
    branch: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$")],
    business_date: Annotated[str, Path(pattern=r"^\d{4}-\d{2}-\d{2}$")],
) -> DayDigestModel:
    """The server's digest of a branch's business day, for end-of-day reconciliation."""
    _own_branch(dev, branch)
    return reads.business_day(db, branch, business_date)


def _own_branch(dev: AuthDevice, branch: str) -> None:
    if branch != dev.branch_id:
        raise forbidden(
            f"Perangkat ini terdaftar di cabang {dev.branch_id}, bukan {branch}.",
            f"This device is enrolled at branch {dev.branch_id}, not {branch}.",
        )


@v1.get(
    "/days/{branch}/{business_date}/events",
    response_model=DayEventsModel,
    dependencies=[Protocol],
    responses=_ERRORS,
    tags=["sync"],
)
def business_day_events(
    dev: DeviceDep,
    db: DbDep,
    branch: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$")],
    business_date: Annotated[str, Path(pattern=r"^\d{4}-\d{2}-\d{2}$")],
) -> Response:
    """Every event the server holds for a branch's business day (its DayClosed left out), as
    fingerprints: the branch lists each difference from its own events."""
    _own_branch(dev, branch)
    return _json(recon.day_events_json(db, branch, business_date))


@v1.get(
    "/recon",
    response_model=DayReconList,
    dependencies=[Protocol],
    responses=_ERRORS,
    tags=["sync"],
)
def reconciliation(
    dev: DeviceDep,
    db: DbDep,
    business_date: Annotated[
        str | None, Query(alias="date", pattern=r"^\d{4}-\d{2}-\d{2}$")
    ] = None,
) -> DayReconList:
    """Head office's reconciliation status of the device's branch, per business day
    (agreed, mismatch, pending). Read-only."""
    return DayReconList(days=recon.list_days(db, business_date=business_date,
                                             branch_id=dev.branch_id))  # fmt: skip


router.include_router(v1)
