"""Test-wide settings: offscreen Qt, isolated data directories, hypothesis profiles."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

# Set before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every test talks to its servers from 127.0.0.1, and many send wrong tokens and codes on
# purpose: the servers they start count no failures, except where a test turns it on
# (tests/server/test_limits.py).
os.environ.setdefault("LUMBUNG_SERVER_AUTH_FAILURES_PER_MINUTE", "0")
os.environ.setdefault("LUMBUNG_SERVER_ENROL_FAILURES_PER_MINUTE", "0")

# Property tests run at least 200 examples in CI; a quicker profile for local iteration.
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point every per-user directory at a temporary one: tests never touch real user data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("LUMBUNG_DATA_DIR", str(home / "lumbung-data"))
    monkeypatch.setenv("LUMBUNG_SERVER_DATA_DIR", str(home / "lumbung-server-data"))
    yield


@pytest.fixture(scope="session")
def postgres():
    """One throwaway PostgreSQL cluster for the whole session (each test area makes its own
    databases in it). Without PostgreSQL binaries: a failure in CI, a skip locally."""
    from tests.pg_cluster import PostgresCluster, pg_bindir

    bindir = pg_bindir()
    if bindir is None:
        message = "no PostgreSQL binaries (set LUMBUNG_PG_BINDIR or install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    cluster = PostgresCluster(bindir)
    cluster.start()
    yield cluster
    cluster.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``@pytest.mark.not_on_windows(reason=...)``: skipped on Windows only, with the reason
    shown in the summary (``-ra``); the reason is required."""
    for item in items:
        marker = item.get_closest_marker("not_on_windows")
        if marker is None:
            continue
        reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: not_on_windows needs a reason")
        if sys.platform == "win32":
            item.add_marker(pytest.mark.skip(reason=f"not on Windows: {reason}"))
