"""Fixtures for the sync UI tests: service-level branches (from the desktop store tests'
builders) and, for the Qt tests, the real sync server as a process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from desktop_store.builders import Branch, make_branch


@pytest.fixture
def branch() -> Iterator[Branch]:
    b = make_branch()
    yield b
    b.service.close()
