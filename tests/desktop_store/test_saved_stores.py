"""Stores saved by released schemas open, migrate and keep working.

``fixtures/store-0001.sqlite3`` was written by schema 0001 (two members, deposits, a
withdrawal, a reversal, a profile edit; passwords made1234 / ayu12345). When a migration is
added, this test runs it over real data, and a fixture of the newest released schema is saved
beside this one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.services import BranchService
from desktop.store.schema import known_migrations
from ledger.events import verify_chain

from .builders import FAST_HASHER, TODAY, assert_matches_replay

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("store-*.sqlite3"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_saved_store_opens_and_posts(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "lumbung.sqlite3"
    shutil.copy(fixture, path)
    schema = fixture.stem.removeprefix("store-")
    latest = known_migrations()[-1].split("_")[0]

    service = BranchService(path, hasher=FAST_HASHER, today=TODAY)
    backups = list(tmp_path.glob("lumbung-backup-*.sqlite3"))
    assert len(backups) == (0 if schema == latest else 1)
    assert_matches_replay(service)
    verify_chain(service.store.events())
    teller = service.authenticate("ayu", "ayu12345")
    (wayan,) = service.search_members("wayan sud")
    before = service.member_detail(wayan.member_id).balances["sukarela"]
    assert before == 200_000
    service.deposit(wayan.member_id, "sukarela", 10_000, actor=teller)
    assert service.member_detail(wayan.member_id).balances["sukarela"] == before + 10_000
    assert_matches_replay(service)
    service.close()
