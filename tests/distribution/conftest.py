"""Fixtures for the packaging tests: data directories holding a populated branch store, and the
``lumbung`` command run the way an installer runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.services import BranchService
from desktop.store.paths import store_path

from .branch_data import FIXTURE, open_service, populate

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Cli:
    """The result of one ``lumbung`` run."""

    returncode: int
    stdout: str
    stderr: str


def lumbung(*args: str | Path, timeout: float = 120) -> Cli:
    """Run ``python -m desktop ARGS`` in a fresh process (what the ``lumbung`` script does)."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen by itself
    env["PYTHONIOENCODING"] = "utf-8"  # Windows pipes default to the ANSI code page
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )
    return Cli(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def released_store(data_dir: Path) -> Path:
    """The data directory holding a copy of the store the released schema wrote."""
    shutil.copyfile(FIXTURE, store_path(data_dir))
    return data_dir


@pytest.fixture
def branch(data_dir: Path) -> Iterator[BranchService]:
    """A populated branch store in ``data_dir``, open (as while the app runs)."""
    service = open_service(store_path(data_dir))
    populate(service)
    yield service
    service.close()
