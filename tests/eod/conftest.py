"""Fixtures for the end-of-day tests: one real sync server process per module."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sync_ui.server import ServerProcess

from desktop.app import LumbungApp
from desktop.sync_worker import Backoff
from tests.app_teardown import shut_down


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


@pytest.fixture
def live_app(qapp: QApplication, qtbot: Any) -> Iterator[Callable[[Path], LumbungApp]]:
    """The real desktop (store thread and sync thread) over a data directory."""
    apps: list[LumbungApp] = []

    def make(data_dir: Path) -> LumbungApp:
        app = LumbungApp(qapp, data_dir, lang="id", lock_minutes=60,
                         sync_backoff=Backoff(base=0.2, cap=1.0))  # fmt: skip
        apps.append(app)
        qtbot.addWidget(app.window)
        app.start()
        return app

    yield make
    shut_down(qapp, apps)
