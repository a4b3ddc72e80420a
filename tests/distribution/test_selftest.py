"""``lumbung --self-test`` from source: every step passes, the report is saved, and the PC's
own data is only looked at."""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop.selftest import STEPS
from desktop.store.paths import store_path
from desktop.store.schema import known_migrations

from .conftest import lumbung
from .test_upgrade import EXPECTED_STATE


def test_self_test_passes_and_saves_its_report(data_dir: Path) -> None:
    done = lumbung("--data-dir", data_dir, "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Lumbung self-test ")
    steps = [line for line in lines if line.startswith("[")]
    assert [line.split("]")[0] for line in steps] == ["[ ok "] * len(STEPS)
    assert [line[7:].split(":")[0] for line in steps] == [name for name, _ in STEPS]
    assert "platform offscreen" in steps[0]
    assert "member pokok Rp 100.000, wajib Rp 0, sukarela Rp 0" in done.stdout
    assert "drawer Rp 1.100.000" in done.stdout
    assert "login screen for the branch" in done.stdout
    assert lines[-1].startswith(f"PASSED: {len(STEPS)} steps in ")
    assert (data_dir / "logs" / "self-test.txt").read_text(encoding="utf-8") == done.stdout
    # It set up a branch, but in a throwaway directory, not in the PC's data directory.
    assert not store_path(data_dir).exists()
    assert f"{data_dir}: writable; no branch data yet" in done.stdout


def test_self_test_reads_an_existing_store_without_changing_it(released_store: Path) -> None:
    store = store_path(released_store)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    done = lumbung("--data-dir", released_store, "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "writable; branch BR07, device " in done.stdout
    schema = f"schema {len(EXPECTED_STATE['migrations'])}/{len(known_migrations())}"
    assert f"{EXPECTED_STATE['events']} events, {schema}" in done.stdout
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in released_store.iterdir()) == ["logs", "lumbung.sqlite3"]


def test_self_test_fails_on_a_damaged_store_and_names_the_step(data_dir: Path) -> None:
    store_path(data_dir).write_bytes(b"not a database " * 100)
    done = lumbung("--data-dir", data_dir, "--self-test")
    assert done.returncode == 1
    assert "[FAIL] data directory: The database file cannot be read" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("FAILED at step 'data directory'")
