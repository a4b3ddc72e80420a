"""Fixtures for the desktop store tests (builders live in :mod:`.builders`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .builders import Branch, make_branch


@pytest.fixture
def branch() -> Iterator[Branch]:
    b = make_branch()
    yield b
    b.service.close()


@pytest.fixture
def file_branch(tmp_path: Path) -> Iterator[Branch]:
    b = make_branch(tmp_path / "lumbung.sqlite3")
    yield b
    b.service.close()
