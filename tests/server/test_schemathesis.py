"""The OpenAPI document matches what the running server answers: schemathesis generates
requests from ``/openapi.json`` for every operation, valid and invalid ones, sends them to a
real server process with a real device token, and runs every check it has (no server error,
status codes, content types, headers and bodies as documented, invalid data refused, valid
data accepted, missing authentication refused, ...). Its settings are in ``schemathesis.toml``
beside this file: 426 (protocol outside the range) and 413 (body too large) are refusals."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.config import SchemathesisConfig

from sync_server import admin, enrolment
from tests.sync.harness import Central, ServerProcess

CONFIG = Path(__file__).with_name("schemathesis.toml")
EXAMPLES = 25


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[Central, str]]:
    folder = Path(tempfile.mkdtemp(prefix="lumbung-schemathesis-"))
    server = ServerProcess(folder)
    server.start()
    central = Central(server)
    admin.add_branch(central.db, "ST01", "Cabang uji")
    code, _ = enrolment.issue_code(central.db, "ST01", 1)
    reply = enrolment.enrol(central.db, code, "schemathesis")
    try:
        yield central, reply.token
    finally:
        server.stop()
        central.close()
        assert not server.tracebacks(), "the server logged an unexpected exception"


def _operations(url: str) -> list[Any]:
    schema = schemathesis.openapi.from_url(
        url + "/openapi.json", config=SchemathesisConfig.from_path(str(CONFIG))
    )
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_the_server_answers_as_its_openapi_document_says(
    live: tuple[Central, str], mode: str
) -> None:
    central, token = live
    operations = _operations(central.url)
    assert len(operations) >= 10
    failures: list[str] = []
    for operation in operations:
        strategy = operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode))

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

        try:
            run()
        except Unsatisfiable:
            continue  # nothing invalid to send (GET /health has no input)
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failure, then all
            failures.append(f"{operation.label}: {exc}"[:3000])
    assert not failures, "\n\n".join(failures)


def test_every_phase_of_the_schemathesis_cli_passes(live: tuple[Central, str]) -> None:
    """The same through ``schemathesis run``: its coverage phase too (boundary values, every
    parameter missing or of the wrong type, methods the API does not declare: 405 with
    ``Allow``), then fuzzing, every check on."""
    central, token = live
    result = subprocess.run(
        [str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG),
         "run", central.url + "/openapi.json", "--checks", "all",
         "--header", f"Authorization: Bearer {token}", "--max-examples", "20",
         "--generation-deterministic", "--no-color"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
