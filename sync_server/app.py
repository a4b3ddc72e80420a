"""The FastAPI application: routes, error replies, request-size limit.

Every error reply has the :class:`ledger.wire.ErrorBody` shape — English ``detail``, Indonesian
``detail_id``, a machine ``code`` — whether a service refused the request, the schema did, or
the body was not JSON at all. An unexpected exception is a bug: logged with its traceback and
answered 500 without internals.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ledger.errors import LumbungError
from ledger.wire import PROTOCOL_HEADER, PROTOCOL_VERSION, ErrorBody, RetryErrorBody
from sync_server import console
from sync_server.api.routes import check_protocol, router
from sync_server.config import Settings
from sync_server.errors import ServiceError
from sync_server.extract import routes as extract_routes
from sync_server.ratelimit import FailureLimit
from sync_server.store.db import Database, StorageFull

log = logging.getLogger(__name__)


def _error(status: int, code: str, detail_id: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"detail": detail, "detail_id": detail_id, "code": code, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, headers=headers or None)


def _describe(errors: Any) -> tuple[int, str]:
    """(status, one line naming every problem) for a schema validation failure."""
    parts = []
    status = 422
    for err in errors:
        if err.get("type") == "json_invalid":
            status = 400
        where = [str(x) for x in err.get("loc", ())]
        loc = ".".join(where[1:] if where[:1] == ["body"] and len(where) > 1 else where)
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else err.get("msg", "invalid"))
    return status, "; ".join(parts)[:2000]


def _protocol_out_of_range(errors: Any) -> int | None:
    """The protocol version a request names outside the supported range (body field or
    header), which is answered 426 like any other unsupported protocol, not 422."""
    for err in errors:
        loc = tuple(str(x) for x in err.get("loc", ()))
        where = loc in (("body", "protocol"), ("header", PROTOCOL_HEADER))
        if where and err.get("type") in ("greater_than_equal", "less_than_equal"):
            value = err.get("input")
            try:
                return int(value)
            except (TypeError, ValueError):
                return None
    return None


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413) before anything reads them whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        if declared is not None:
            await self.app(scope, receive, send)  # the server stops at the declared length
            return
        # No length declared (chunked): read the body here, refuse it past the limit before
        # the application sees a byte (inside it, the error would become a parse error),
        # then hand it over as one message.
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            body = message.get("body", b"")
            seen += len(body)
            if seen > self.limit:
                await self._too_large(scope, receive, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([whole], receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = _error(
            413,
            "too_large",
            f"Kiriman terlalu besar (maks. {self.limit} bita).",
            f"Request body too large (max {self.limit} bytes).",
        )
        await response(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def tune_gc() -> None:
    """Fewer garbage collections in the server process.

    A push allocates hundreds of thousands of short-lived objects; with CPython's default
    thresholds the cyclic collector ran often enough to cost a quarter of ingestion time.
    Objects alive at start-up are frozen out of its way.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def app_from_environment() -> FastAPI:
    """uvicorn factory for ``serve --workers N``: each worker reads ``LUMBUNG_SERVER_*``."""
    tune_gc()
    return create_app(Settings.load())


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    """The sync server application over ``db`` (or the database ``settings`` names).

    The schema must already be initialised (``lumbung-server init``; ``serve`` does it).
    """
    settings = settings or Settings.load()
    database = db or Database(settings.effective_database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.workers <= 1:  # another worker's job may be running: only when alone
            console_jobs.recover()
        yield
        console_jobs.stop()
        if db is None:
            database.dispose()

    app = FastAPI(
        title="Lumbung sync server",
        version=f"protocol {PROTOCOL_VERSION}",
        description="Central ledger and sync API for Lumbung branch devices. "
        "See docs/sync-protocol.md.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = database
    app.state.auth_limit = FailureLimit("auth", settings.auth_failures_per_minute)
    app.state.enrol_limit = FailureLimit("enrol", settings.enrol_failures_per_minute)
    app.include_router(router)
    extract_routes.install(app)
    console_jobs = console.install(app, database)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        body = exc.body()
        return _error(
            exc.status, body.pop("code"), body.pop("detail_id"), body.pop("detail"), **body
        )

    @app.exception_handler(LumbungError)
    async def _known_error(request: Request, exc: LumbungError) -> JSONResponse:
        return _error(422, "bad_request", exc.message_id, exc.message_en)

    @app.exception_handler(RequestValidationError)
    async def _schema_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        version = _protocol_out_of_range(exc.errors())
        if version is not None:
            try:
                check_protocol(version)
            except ServiceError as refused:
                return await _service_error(request, refused)
        status, detail = _describe(exc.errors())
        return _error(
            status,
            "bad_request",
            f"Permintaan tidak sah: {detail}",
            f"Invalid request: {detail}",
        )

    @app.exception_handler(StorageFull)
    async def _storage_full(request: Request, exc: StorageFull) -> JSONResponse:
        log.error("storage cannot be written on %s %s: %s", request.method, request.url.path, exc)
        response = _error(
            507,
            "storage_full",
            "Penyimpanan server penuh atau tidak dapat ditulisi; transaksi cabang tetap "
            "tersimpan di komputer cabang dan dikirim nanti.",
            "The server's storage is full or read-only; the branch keeps its transactions "
            "and sends them later.",
        )
        response.headers["Retry-After"] = "60"
        return response

    @app.exception_handler(RecursionError)
    async def _too_deep(request: Request, exc: RecursionError) -> JSONResponse:
        return _error(400, "bad_request", "JSON terlalu dalam.", "JSON nested too deeply.")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(500, "internal", "Kesalahan server; coba lagi nanti.", "Server error.")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "bad_request"
        )
        detail = str(exc.detail)
        response = _error(exc.status_code, code, detail, detail)
        response.headers.update(exc.headers or {})  # 405 carries Allow
        return response

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with what every route really answers: a schema error is an
    :class:`ledger.wire.ErrorBody` (400/422, not FastAPI's ``HTTPValidationError``), and any
    request may meet 413 (body too large), 429 (too many failures) and 507 (storage full)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    components["RetryErrorBody"] = RetryErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for item in document.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status in ("400", "422"):
                answer = responses.get(status)
                if answer is None and status == "400":
                    continue
                responses[status] = {
                    "description": (answer or {}).get("description", "Invalid request."),
                    "content": {"application/json": {"schema": error}},
                }
            responses.setdefault(
                "413",
                {"description": "Request body too large.",
                 "content": {"application/json": {"schema": error}}},
            )  # fmt: skip
            responses.setdefault(
                "507",
                {"description": "Server storage full or read-only: retry later.",
                 "content": {"application/json": {"schema": error}}},
            )  # fmt: skip
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    app.openapi_schema = document
    return document
