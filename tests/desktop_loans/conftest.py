"""Fixtures for the desktop loan tests.

* ``branch``: a service-level branch (supervisor ``made``, teller ``ayu`` with an open drawer,
  see ``tests/desktop_store/builders.py``) that knows the demo's loan products.
* ``app`` and friends come from ``tests/desktop_ui/conftest.py``: the real desktop over a real
  store; ``loan_products`` adds the demo products to that store before the app opens it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from desktop_store.builders import Branch, make_branch

from desktop.demo_loans import PRODUCTS
from tests.desktop_ui.conftest import (  # noqa: F401  (fixtures, registered by import)
    Seeded,
    app,
    make_app,
    service_for,
)
from tests.desktop_ui.conftest import data_dir as data_dir
from tests.desktop_ui.conftest import seeded as seeded

from .builders import with_products


@pytest.fixture
def branch() -> Iterator[Branch]:
    b = with_products(make_branch())
    yield b
    b.service.close()


@pytest.fixture
def loan_products(request: pytest.FixtureRequest) -> Seeded:
    seeded: Seeded = request.getfixturevalue("seeded")
    service = service_for(request.getfixturevalue("data_dir"))
    try:
        for product in PRODUCTS:
            service.define_loan_product(product, actor=seeded.supervisor)
    finally:
        service.close()
    return seeded
