"""Fixtures for the desktop loan tests: a branch (supervisor ``made``, teller ``ayu`` with an
open drawer, see ``tests/desktop_store/builders.py``) that knows the demo's loan products."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from desktop_store.builders import Branch, make_branch

from .builders import with_products


@pytest.fixture
def branch() -> Iterator[Branch]:
    b = with_products(make_branch())
    yield b
    b.service.close()
