"""Limits a hostile or broken client meets, against a real server process of its own: failed
codes and tokens rate limited (429 with Retry-After), a chunked body over the limit (413), a
wrong method (405 with Allow), and /health telling the database's identity and storage."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ledger.wire import PROTOCOL_HEADER
from sync_server import admin, enrolment
from tests.sync.harness import Central, ServerProcess


@pytest.fixture(scope="module")
def limited() -> Iterator[Central]:
    server = ServerProcess(
        Path(tempfile.mkdtemp(prefix="lumbung-limits-")),
        LUMBUNG_SERVER_AUTH_FAILURES_PER_MINUTE="5",
        LUMBUNG_SERVER_ENROL_FAILURES_PER_MINUTE="3",
        LUMBUNG_SERVER_MAX_BODY_BYTES="2000",
    )
    server.start()
    central = Central(server)
    admin.add_branch(central.db, "LM01", "Cabang uji")
    try:
        yield central
    finally:
        server.stop()
        central.close()
        assert not server.tracebacks()


def test_wrong_codes_are_rate_limited_with_retry_after(limited: Central) -> None:
    url = limited.url + "/v1/enroll"
    answers = [requests.post(url, json={"code": f"WRONG-{n:04d}"}, timeout=10) for n in range(5)]
    assert [a.status_code for a in answers[:3]] == [403, 403, 403]
    refused = answers[3]
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # A right code from the same address waits too: the address is limited, not the code.
    code, _ = enrolment.issue_code(limited.db, "LM01", 1)
    assert requests.post(url, json={"code": code}, timeout=10).status_code == 429


def test_wrong_tokens_are_rate_limited(limited: Central) -> None:
    headers = {PROTOCOL_HEADER: "1"}
    statuses = []
    for n in range(7):
        reply = requests.get(
            limited.url + "/v1/pull",
            headers={**headers, "Authorization": f"Bearer not-a-token-{n}"},
            timeout=10,
        )
        statuses.append(reply.status_code)
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429, 429]
    assert "Retry-After" in reply.headers


def test_a_chunked_body_over_the_limit_is_413(limited: Central) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"protocol": 1, "events": ['
        for _ in range(100):
            yield b'{"x": "' + b"a" * 100 + b'"},'
        yield b"{}]}"

    reply = requests.post(
        limited.url + "/v1/push",
        data=chunks(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer x"},
        timeout=10,
    )
    assert reply.request.headers.get("Transfer-Encoding") == "chunked"
    assert reply.status_code == 413
    assert reply.json()["code"] == "too_large"


def test_a_wrong_method_is_405_with_allow(limited: Central) -> None:
    reply = requests.put(limited.url + "/v1/push", json={}, timeout=10)
    assert reply.status_code == 405
    assert "POST" in reply.headers["Allow"]
    assert reply.json()["code"] == "method_not_allowed"


def test_health_tells_identity_clock_and_storage(limited: Central) -> None:
    body = requests.get(limited.url + "/health", timeout=10).json()
    assert body["status"] == "ok" and body["writable"] is True
    assert body["free_bytes"] > 0
    assert body["epoch"] and body["epochs"][-1]["epoch"] == body["epoch"]
    assert body["server_time"].endswith("+00:00")
