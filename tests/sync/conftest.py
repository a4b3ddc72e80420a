"""Fixtures for the sync tests: a real server process per module, over its own database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import Central, ServerProcess


@pytest.fixture(autouse=True)
def _token_in_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never touch a real keyring (this box has none; a developer's desktop may).
    monkeypatch.setenv("LUMBUNG_TOKEN_STORE", "file")


def start_central(folder) -> Central:  # type: ignore[no-untyped-def]
    server = ServerProcess(folder)
    server.start()
    return Central(server)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    """A sync server process of this module's own, on a fresh SQLite database."""
    c = start_central(tmp_path_factory.mktemp("central"))
    try:
        yield c
    finally:
        c.server.stop()
        c.close()
        assert not c.server.tracebacks(), "the server logged an unexpected exception"
