"""The sync server's HTTP API, as the desktop calls it (``docs/sync-protocol.md``).

Blocking ``requests`` calls: never used on the UI thread. Every failure becomes one of four
:class:`ledger.errors.LumbungError` subclasses, each saying what the caller should do:

* :class:`ServerUnreachable` — connection refused or reset, timeout, a 5xx: retry with backoff
  (every call is safe to repeat: a push is idempotent); :class:`ServerStorageFull` (507) is one
  of these with its own message: the server is up but its storage is full;
* :class:`UpdateRequired` — 426: the app must be updated; retrying cannot help;
* :class:`DeviceNotAuthorised` — 401: token missing or revoked; head office must enrol again;
* :class:`SyncRefused` — any other refusal, with the server's ``code`` (``gap`` carries
  ``expected_seq``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import requests

from ledger.errors import LumbungError
from ledger.events import Event
from ledger.wire import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    BranchDevices,
    DayDigestModel,
    DayEventsModel,
    DayReconList,
    EnrollRequest,
    EnrollResponse,
    HealthResponse,
    PulledEvent,
    PullResponse,
    PushResponse,
    RekeyRequest,
    SnapshotPage,
    StatusRequest,
)


class ServerUnreachable(LumbungError):
    """The server did not answer (or answered with a server fault): try again later."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Server sinkronisasi tidak dapat dihubungi ({detail}).",
            f"The sync server cannot be reached ({detail}).",
        )
        self.detail = detail


class ServerStorageFull(ServerUnreachable):
    """The server answered but cannot store anything now (its disk is full or its database
    read-only, 507): nothing was lost, this PC keeps every transaction and retries later."""

    def __init__(self) -> None:
        LumbungError.__init__(
            self,
            "Penyimpanan server pusat penuh; transaksi Anda tetap tersimpan di komputer ini "
            "dan dikirim otomatis setelah kantor pusat memperbaikinya.",
            "The server's storage is full; your transactions are kept on this PC and sent "
            "automatically once head office has fixed it.",
        )
        self.detail = "storage_full"


class UpdateRequired(LumbungError):
    """The server does not speak this app's protocol version: update the app."""

    def __init__(self, message_id: str = "", message_en: str = "") -> None:
        super().__init__(
            message_id
            or "Aplikasi Lumbung ini terlalu lama untuk server. Perbarui aplikasi; transaksi "
            "yang belum terkirim tetap aman.",
            message_en
            or "This Lumbung app is too old for the server. Update the application; unsent "
            "transactions are kept safe.",
        )


class DeviceNotAuthorised(LumbungError):
    """The server does not know this device's token (never enrolled, or revoked)."""

    def __init__(self) -> None:
        super().__init__(
            "Perangkat ini tidak diizinkan oleh server (belum terdaftar atau dicabut). "
            "Hubungi kantor pusat untuk mendaftarkan ulang.",
            "The server does not authorise this device (not enrolled, or revoked). "
            "Ask head office to enrol it again.",
        )


class SyncRefused(LumbungError):
    """The server refused a request (a 4xx other than 401 and 426).

    Attributes:
        status: HTTP status.
        code: The server's error code (``gap``, ``conflict``, ``snapshot_expired``, ...).
        detail: The server's English text.
        expected_seq: For ``gap``: the device sequence the server expects next.
        index: For push refusals: the offending event's position in the batch.
    """

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        detail_id: str = "",
        expected_seq: int | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(
            detail_id or f"Server menolak permintaan ({status} {code}): {detail}",
            f"The server refused the request ({status} {code}): {detail}",
        )
        self.status = status
        self.code = code
        self.detail = detail
        self.expected_seq = expected_seq
        self.index = index


def _error_body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


class SyncClient:
    """One server, one device token, one HTTP session (connections are reused)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 10.0,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.http = session or requests.Session()

    def close(self) -> None:
        self.http.close()

    # Plumbing ---------------------------------------------------------------------------

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if extra:
            headers.update(extra)
        return headers

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        data: bytes | None = None,
        timeout: float | None = None,
    ) -> requests.Response:
        extra = {"Content-Type": "application/json"} if data is not None else None
        try:
            response = self.http.request(
                method,
                self.base_url + path,
                params=params,
                data=data,
                headers=self._headers(extra),
                timeout=timeout or self.timeout,
            )
        except requests.RequestException as exc:
            # Connection refused/reset, timeouts, a reply cut short: nothing is known of the
            # outcome, which is fine: every call may be repeated.
            raise ServerUnreachable(type(exc).__name__) from exc
        if response.status_code < 400:
            return response
        body = _error_body(response)
        if response.status_code == 507 or body.get("code") == "storage_full":
            raise ServerStorageFull()
        if response.status_code >= 500:
            raise ServerUnreachable(f"HTTP {response.status_code}")
        if response.status_code == 426:
            raise UpdateRequired(str(body.get("detail_id", "")), str(body.get("detail", "")))
        if response.status_code == 401:
            raise DeviceNotAuthorised()
        expected = body.get("expected_seq")
        index = body.get("index")
        raise SyncRefused(
            response.status_code,
            str(body.get("code", "")),
            str(body.get("detail", response.text[:200])),
            detail_id=str(body.get("detail_id", "")),
            expected_seq=expected if isinstance(expected, int) else None,
            index=index if isinstance(index, int) else None,
        )

    # The API ----------------------------------------------------------------------------

    def health(self) -> HealthResponse:
        return HealthResponse.model_validate_json(self._request("GET", "/health").content)

    def enroll(
        self,
        code: str,
        *,
        device_name: str = "",
        device_id: str | None = None,
        branch_id: str | None = None,
        device_no: int | None = None,
    ) -> EnrollResponse:
        """Trade a one-time code for this device's identity, number and token (see
        :mod:`.enrol`); ``device_no`` proposes a number (``None``: head office picks)."""
        body = EnrollRequest(
            code=code,
            device_name=device_name,
            device_id=device_id,
            branch_id=branch_id,
            device_no=device_no,
        ).model_dump_json(exclude_none=True)
        reply = self._request("POST", "/v1/enroll", data=body.encode("utf-8"))
        return EnrollResponse.model_validate_json(reply.content)

    def rekey(self, request: RekeyRequest) -> EnrollResponse:
        """A restored PC takes over its device with head office's replacement code."""
        body = request.model_dump_json(exclude_none=True)
        reply = self._request("POST", "/v1/rekey", data=body.encode("utf-8"))
        return EnrollResponse.model_validate_json(reply.content)

    def status(self, report: StatusRequest) -> BranchDevices:
        """Tell head office what this device holds; returns every PC of the branch as head
        office last heard from them (for the supervisor's day close)."""
        reply = self._request("POST", "/v1/status", data=report.model_dump_json().encode())
        return BranchDevices.model_validate_json(reply.content)

    def push(self, events: Sequence[Event]) -> PushResponse:
        return self.push_bodies(
            [json.dumps(e.to_dict(), sort_keys=True, separators=(",", ":")) for e in events]
        )

    def push_bodies(self, bodies: Sequence[str]) -> PushResponse:
        """Push events given as their stored JSON text (sent as they are, not re-encoded)."""
        data = f'{{"protocol":{PROTOCOL_VERSION},"events":[{",".join(bodies)}]}}'
        reply = self._request("POST", "/v1/push", data=data.encode("utf-8"), timeout=60.0)
        return PushResponse.model_validate_json(reply.content)

    def pull(self, after: int, limit: int = 1000, until: int | None = None) -> PullResponse:
        params: dict[str, Any] = {"after": after, "limit": limit}
        if until is not None:
            params["until"] = until
        reply = self._request("GET", "/v1/pull", params=params, timeout=60.0)
        return PullResponse.model_validate_json(reply.content)

    def snapshot(self, page: int, at: int | None = None) -> SnapshotPage:
        params: dict[str, Any] = {"page": page}
        if at is not None:
            params["at"] = at
        reply = self._request("GET", "/v1/snapshot", params=params, timeout=120.0)
        return SnapshotPage.model_validate_json(reply.content)

    def event(self, event_id: str) -> PulledEvent:
        reply = self._request("GET", f"/v1/events/{event_id}")
        return PulledEvent.model_validate_json(reply.content)

    def day(self, branch_id: str, business_date: str) -> DayDigestModel:
        reply = self._request("GET", f"/v1/days/{branch_id}/{business_date}")
        return DayDigestModel.model_validate_json(reply.content)

    def day_events(self, branch_id: str, business_date: str) -> DayEventsModel:
        """The server's events of a branch day as fingerprints (end-of-day mismatch lines)."""
        reply = self._request("GET", f"/v1/days/{branch_id}/{business_date}/events")
        return DayEventsModel.model_validate_json(reply.content)

    def recon(self, business_date: str | None = None) -> DayReconList:
        """Head office's reconciliation status of this device's branch, per business day."""
        params = {"date": business_date} if business_date else None
        return DayReconList.model_validate_json(
            self._request("GET", "/v1/recon", params=params).content
        )
