"""``GET /v1/extract`` for the data centre, and the fence that keeps its token there.

The data-centre credential reads the extract and nothing else: :class:`DatacentreFence` answers
403 to a ``dc.`` token on any other path (public ones included) before the request reaches a
route. Branch device tokens, for their part, are refused on the extract.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ledger.wire import ErrorBody
from sync_server import enrolment
from sync_server.config import Settings
from sync_server.errors import ServiceError, forbidden, unauthorized
from sync_server.extract.keys import ExtractKeyError
from sync_server.extract.policy import PolicyError
from sync_server.extract.service import policy_path, run_extract
from sync_server.extract.store import Credential, find_credential, is_datacentre_token
from sync_server.store.db import Database

EXTRACT_PATH = "/v1/extract"

log = logging.getLogger(__name__)
router = APIRouter()

_MEDIA = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _fence_body() -> dict[str, Any]:
    return {
        "detail": "A data-centre credential may read only GET /v1/extract.",
        "detail_id": "Kredensial pusat data hanya boleh membaca GET /v1/extract.",
        "code": "forbidden",
    }


class DatacentreFence:
    """ASGI middleware: a data-centre token is refused (403) on every path but the extract.

    It looks only at the token's prefix, so device requests pay no database lookup for it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") != EXTRACT_PATH:
            headers = dict(scope.get("headers") or [])
            raw = headers.get(b"authorization")
            if raw is not None and is_datacentre_token(_bearer(raw.decode("latin-1"))):
                await JSONResponse(_fence_body(), status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def authorise(db: Database, authorization: str | None) -> Credential:
    """The data-centre credential making the request.

    Raises:
        ServiceError: 401 without a valid token; 403 for a branch device's token.
    """
    token = _bearer(authorization)
    if not token or len(token) > 200:
        raise unauthorized()
    if is_datacentre_token(token):
        credential = find_credential(db, token)
        if credential is None:
            raise ServiceError(
                401,
                "unauthorized",
                "Kredensial pusat data tidak dikenal atau sudah dicabut.",
                "Unknown or revoked data-centre credential.",
            )
        return credential
    enrolment.authenticate(db, token)  # 401 unless it is a live device token
    raise forbidden(
        "Perangkat cabang tidak boleh mengambil ekstrak pusat data.",
        "Branch devices may not read the data-centre extract.",
    )


@router.get(
    EXTRACT_PATH,
    tags=["datacentre"],
    summary="Membership extract for the government data centre (data-centre credential only)",
    response_class=Response,
    responses={
        200: {"content": {_MEDIA["json"]: {}, _MEDIA["csv"]: {}}},
        401: {"model": ErrorBody, "description": "Missing, unknown or revoked credential."},
        403: {"model": ErrorBody, "description": "Not a data-centre credential."},
        503: {"model": ErrorBody, "description": "Extract policy or key not configured."},
    },
)
def get_extract(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    fmt: Annotated[str, Query(alias="format", pattern="^(json|csv)$")] = "json",
    table: Annotated[str, Query(pattern="^(members|aggregates)$")] = "members",
) -> Response:
    db: Database = request.app.state.db
    settings: Settings = request.app.state.settings
    credential = authorise(db, authorization)
    try:
        out = run_extract(
            db,
            policy_file=policy_path(None, settings.extract_policy),
            fmt=fmt,
            table=table,
            who=f"datacentre:{credential.name}",
            channel="api",
        )
    except (PolicyError, ExtractKeyError) as exc:
        # The cooperative's configuration, not the caller, is at fault: say so without detail
        # (paths, variable names) that belongs to the server's operator.
        log.error("extract not configured: %s", exc.message_en)
        raise ServiceError(
            503,
            "extract_unavailable",
            "Ekstrak belum dikonfigurasi di server koperasi; hubungi koperasi.",
            "The extract is not configured on the cooperative's server; contact the cooperative.",
        ) from None
    name = f"extract-{out.extract.cooperative_number}-{out.extract.generated_on}"
    suffix = f"-{table}.csv" if fmt == "csv" else ".json"
    return Response(
        out.data,
        media_type=_MEDIA[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}{suffix}"',
            "Cache-Control": "no-store",
            "X-Policy-SHA256": out.extract.policy_sha256,
            "X-Extract-Log-Id": str(out.log_id),
        },
    )


def install(app: FastAPI) -> None:
    """Add the extract route and the data-centre fence to the sync server app."""
    app.include_router(router)
    app.add_middleware(DatacentreFence)
