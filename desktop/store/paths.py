"""Where the device's database lives.

One SQLite file per device, under the per-user data directory (``%LOCALAPPDATA%\\Lumbung`` on
Windows). An installer or a test points elsewhere with ``--data-dir`` or ``LUMBUNG_DATA_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Lumbung"
STORE_FILE = "lumbung.sqlite3"
ENV_DATA_DIR = "LUMBUNG_DATA_DIR"


def default_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``override`` (the ``--data-dir`` option), else ``LUMBUNG_DATA_DIR``,
    else the platform's per-user data directory."""
    if override:
        return Path(override)
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / STORE_FILE
