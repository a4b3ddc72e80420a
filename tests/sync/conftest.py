"""Fixtures for the sync tests: a real server process per module, over its own database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_cluster import PostgresCluster

from .harness import Central, ServerProcess


@pytest.fixture(autouse=True)
def _token_in_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never touch a real keyring (this box has none; a developer's desktop may).
    monkeypatch.setenv("LUMBUNG_TOKEN_STORE", "file")


def start_central(folder: Path, database_url: str | None = None) -> Central:
    server = ServerProcess(folder, database_url)
    server.start()
    return Central(server)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def central_any(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Central]:
    """A sync server process of this module's own, on SQLite and on PostgreSQL."""
    url = None
    if request.param == "postgres":
        cluster: PostgresCluster = request.getfixturevalue("postgres")
        url = cluster.create_database(f"sync_{uuid.uuid4().hex[:8]}")
    c = start_central(tmp_path_factory.mktemp(f"central-{request.param}"), url)
    try:
        yield c
    finally:
        c.server.stop()
        c.close()
        assert not c.server.tracebacks(), "the server logged an unexpected exception"


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
