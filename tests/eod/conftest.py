"""Fixtures for the end-of-day tests: one real sync server process per module."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from sync_ui.server import ServerProcess


@pytest.fixture(autouse=True)
def _token_in_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUMBUNG_TOKEN_STORE", "file")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path_factory.mktemp("central"))
    process.start()
    yield process
    process.close()
    assert process.tracebacks() == [], "the server logged an unexpected exception"


_branches = itertools.count(10)


@pytest.fixture
def branch_id(server: ServerProcess) -> str:
    """A branch of its own at head office for each test (the server is the module's)."""
    code = f"BR{next(_branches)}"
    server.add_branch(code, f"Cabang {code}")
    return code
