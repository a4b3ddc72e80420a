"""Schemathesis against the live server's OpenAPI schema: whatever arrives, never a 5xx.

Requests carry a valid device token so generated pushes reach the event checks, not just the
authentication. Both well-formed (positive) and malformed (negative) requests are generated.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from .helpers import Server

EXAMPLES = int(os.environ.get("LUMBUNG_FUZZ_EXAMPLES", "25"))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_the_server_fail(
    server: Server, branch: str, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    device = server.enrol(branch)
    auth = {"Authorization": f"Bearer {device.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/push", "/v1/pull", "/v1/snapshot"}
    strategy = st.one_of(*(op.as_strategy(generation_mode=mode) for op in operations))
    seen: list[int] = []

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES * len(operations),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def no_server_error(case: schemathesis.Case) -> None:
        response = case.call(headers=auth, timeout=30)
        seen.append(response.status_code)
        assert response.status_code < 500, (
            f"{case.method} {case.path}: {response.status_code} {response.text[:500]}"
        )
        if response.status_code >= 400:
            body = response.json()
            assert body["detail"] and body["detail_id"] and body["code"], body

    no_server_error()
    assert any(code >= 400 for code in seen)
