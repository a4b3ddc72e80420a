"""Known errors of the sync service, each with its HTTP status and wire error code.

Services raise these; the API layer turns them into an :class:`ledger.wire.ErrorBody` reply
(English ``detail``, Indonesian ``detail_id``). Anything else escaping a service is a bug and
becomes a 500 with the traceback in the log.
"""

from __future__ import annotations

from typing import Any

from ledger.errors import LumbungError


class ServiceError(LumbungError):
    """A request the service refuses, and why.

    Attributes:
        status: HTTP status code.
        code: Wire error code (see ``ledger.wire.ErrorCode``).
        index: Position of the offending event in a pushed batch, if any.
        extra: Further reply fields (e.g. ``expected_seq``).
    """

    def __init__(
        self,
        status: int,
        code: str,
        message_id: str,
        message_en: str,
        *,
        index: int | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message_id, message_en)
        self.status = status
        self.code = code
        self.index = index
        self.extra = extra

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "detail": self.message_en,
            "detail_id": self.message_id,
            "code": self.code,
        }
        if self.index is not None:
            data["index"] = self.index
        data.update(self.extra)
        return data


def unauthorized() -> ServiceError:
    return ServiceError(
        401,
        "unauthorized",
        "Perangkat tidak dikenal atau sudah dicabut; daftarkan ulang perangkat ini.",
        "Unknown or revoked device token; enrol this device again.",
    )


def forbidden(message_id: str, message_en: str, *, index: int | None = None) -> ServiceError:
    return ServiceError(403, "forbidden", message_id, message_en, index=index)


def not_found(message_id: str, message_en: str) -> ServiceError:
    return ServiceError(404, "not_found", message_id, message_en)
