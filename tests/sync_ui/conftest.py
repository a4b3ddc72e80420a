"""Fixtures for the sync UI tests: service-level branches (from the desktop store tests'
builders) and, for the Qt tests, the real sync server as a process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from desktop_store.builders import Branch, make_branch
from PySide6.QtWidgets import QApplication

from desktop.app import LumbungApp
from desktop.sync_worker import Backoff
from tests.app_teardown import shut_down

from .server import ServerProcess


@pytest.fixture
def branch() -> Iterator[Branch]:
    b = make_branch()
    yield b
    b.service.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A real sync server process of this test's own (it may stop and start it again)."""
    process = ServerProcess(tmp_path / "server")
    process.start()
    yield process
    process.close()
    assert process.tracebacks() == [], "the server logged an unexpected exception"


@pytest.fixture
def live_app(
    qapp: QApplication, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[Path], LumbungApp]]:
    """The real desktop with its real sync thread (fast retries: the test waits on them)."""
    monkeypatch.setenv("LUMBUNG_TOKEN_STORE", "file")
    apps: list[LumbungApp] = []

    def make(data_dir: Path) -> LumbungApp:
        data_dir.mkdir(parents=True, exist_ok=True)
        app = LumbungApp(
            qapp,
            data_dir,
            lang="id",
            lock_minutes=60,
            sync_backoff=Backoff(base=0.2, cap=1.0),
        )
        apps.append(app)
        qtbot.addWidget(app.window)
        app.start()
        return app

    yield make
    shut_down(qapp, apps)
