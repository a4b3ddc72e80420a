"""``lumbung backup`` and ``lumbung restore``, run as commands: what they copy, what they keep,
and what they refuse."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from desktop.services import BranchService
from desktop.store.paths import store_path

from .branch_data import TELLER, balances, open_service, populate
from .conftest import lumbung


def state(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    try:
        return balances(conn)
    finally:
        conn.close()


def device_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT device_id FROM device").fetchone()[0])
    finally:
        conn.close()


def other_branch_store(folder: Path) -> Path:
    """A store from another PC (its own device id), closed."""
    folder.mkdir(parents=True, exist_ok=True)
    service = open_service(store_path(folder))
    populate(service, branch_id="BR09")
    service.close()
    return store_path(folder)


def test_backup_while_the_app_is_open_copies_every_balance(
    branch: BranchService, data_dir: Path
) -> None:
    done = lumbung("--data-dir", data_dir, "backup")
    assert done.returncode == 0, done.stderr
    (copy,) = (data_dir / "backups").glob("lumbung-backup-*.sqlite3")
    assert f"backup: {copy}" in done.stdout
    assert "branch BR07" in done.stdout and "19 events" in done.stdout
    assert state(copy) == state(store_path(data_dir))
    assert state(copy)["events"] == 19


def test_backup_to_a_named_file_replaces_it_and_to_a_folder_dates_it(
    branch: BranchService, data_dir: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    named = usb / "cabang.sqlite3"
    named.write_bytes(b"last week's copy")
    assert lumbung("--data-dir", data_dir, "backup", "--out", named).returncode == 0
    assert state(named) == state(store_path(data_dir))
    assert sorted(p.name for p in usb.iterdir()) == ["cabang.sqlite3"]  # no stray dated file

    assert lumbung("--data-dir", data_dir, "backup", "--out", usb).returncode == 0
    (dated,) = usb.glob("lumbung-backup-*.sqlite3")
    assert state(dated) == state(named)


def test_backup_without_branch_data_says_so(data_dir: Path) -> None:
    done = lumbung("--data-dir", data_dir, "backup")
    assert done.returncode == 1
    assert "Belum ada data cabang" in done.stderr


def test_restore_onto_a_new_pc(branch: BranchService, data_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert lumbung("--data-dir", data_dir, "backup", "--out", copy).returncode == 0
    new_pc = tmp_path / "new-pc"
    done = lumbung("--data-dir", new_pc, "restore", copy, "--yes")
    assert done.returncode == 0, done.stderr
    assert "previous data" not in done.stdout
    assert state(store_path(new_pc)) == state(store_path(data_dir))
    service = open_service(store_path(new_pc))
    try:
        assert service.authenticate(*TELLER).username == TELLER[0]
    finally:
        service.close()
    assert not (new_pc / "restore-staging.sqlite3").exists()


def test_restore_refuses_while_the_app_is_open(
    branch: BranchService, data_dir: Path, tmp_path: Path
) -> None:
    other = other_branch_store(tmp_path / "other")
    before = state(store_path(data_dir))
    done = lumbung("--data-dir", data_dir, "restore", other)
    assert done.returncode == 1
    assert "Lumbung sedang dibuka di PC ini" in done.stderr
    assert state(store_path(data_dir)) == before
    assert list(data_dir.glob("lumbung-backup-*")) == []


def test_restore_keeps_the_replaced_store(
    branch: BranchService, data_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert lumbung("--data-dir", data_dir, "backup", "--out", copy).returncode == 0
    branch.close()
    mine = state(store_path(data_dir))
    my_device = device_of(store_path(data_dir))
    done = lumbung("--data-dir", data_dir, "restore", copy)  # this PC's own: nothing asked
    assert done.returncode == 0, done.stderr
    assert "another PC" not in done.stdout
    (kept,) = data_dir.glob("lumbung-backup-*.sqlite3")
    assert f"kept as {kept}" in done.stdout
    assert state(kept) == mine and device_of(kept) == my_device
    assert state(store_path(data_dir)) == mine


def test_restore_refuses_an_older_copy_of_this_pc(
    branch: BranchService, data_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert lumbung("--data-dir", data_dir, "backup", "--out", copy).returncode == 0
    teller = branch.authenticate(*TELLER)
    member = branch.member_by_no("BR07-01-00002")
    assert member is not None
    branch.deposit(member.member_id, "sukarela", 75_000, actor=teller)
    branch.close()
    after = state(store_path(data_dir))

    done = lumbung("--data-dir", data_dir, "restore", copy)
    assert done.returncode == 1
    assert "lebih lama dari data PC ini: 1 transaksi" in done.stderr
    assert state(store_path(data_dir)) == after

    # The same copy taken now holds everything: restoring it loses nothing and is allowed.
    assert lumbung("--data-dir", data_dir, "backup", "--out", copy).returncode == 0
    assert lumbung("--data-dir", data_dir, "restore", copy).returncode == 0
    assert state(store_path(data_dir)) == after


def test_restore_refuses_what_is_not_a_lumbung_store(
    branch: BranchService, data_dir: Path, tmp_path: Path
) -> None:
    branch.close()
    before = state(store_path(data_dir))
    stranger = tmp_path / "stranger.sqlite3"
    conn = sqlite3.connect(stranger)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"definitely not a database " * 200)

    refused = lumbung("--data-dir", data_dir, "restore", stranger)
    assert refused.returncode == 1
    assert "bukan cadangan Lumbung" in refused.stderr
    unreadable = lumbung("--data-dir", data_dir, "restore", junk)
    assert unreadable.returncode == 1
    assert "tidak dapat dibaca" in unreadable.stderr
    missing = lumbung("--data-dir", data_dir, "restore", tmp_path / "nowhere.sqlite3")
    assert missing.returncode == 1
    assert state(store_path(data_dir)) == before
    assert list(data_dir.glob("lumbung-backup-*")) == []


def test_restore_over_a_damaged_store_sets_it_aside(data_dir: Path, tmp_path: Path) -> None:
    other = other_branch_store(tmp_path / "other")
    damaged = b"power cut mid-write " * 500
    store_path(data_dir).write_bytes(damaged)
    done = lumbung("--data-dir", data_dir, "restore", other, "--yes")
    assert done.returncode == 0, done.stderr
    (aside,) = data_dir.glob("lumbung-backup-*.sqlite3")
    assert aside.read_bytes() == damaged  # never deleted: someone may still recover it
    assert state(store_path(data_dir)) == state(other)


def test_english_messages_on_request(data_dir: Path) -> None:
    done = lumbung("--lang", "en", "--data-dir", data_dir, "backup")
    assert done.returncode == 1
    assert "There is no branch data" in done.stderr


def test_backup_to_a_folder_that_does_not_exist_creates_it(
    branch: BranchService, data_dir: Path, tmp_path: Path
) -> None:
    # `--out E:\backups\`: a trailing separator names a folder, created when missing.
    slashed = tmp_path / "stick" / "backups"
    done = lumbung("--data-dir", data_dir, "backup", "--out", f"{slashed}{os.sep}")
    assert done.returncode == 0, done.stderr
    assert slashed.is_dir()
    (dated,) = slashed.glob("lumbung-backup-*.sqlite3")
    assert state(dated) == state(store_path(data_dir))
    # A name without an extension is a folder too; a name with one is the file itself.
    bare = tmp_path / "stick" / "harian"
    assert lumbung("--data-dir", data_dir, "backup", "--out", bare).returncode == 0
    assert bare.is_dir() and len(list(bare.glob("lumbung-backup-*.sqlite3"))) == 1
    named = tmp_path / "stick" / "new" / "cabang.sqlite3"
    assert lumbung("--data-dir", data_dir, "backup", "--out", named).returncode == 0
    assert named.is_file()


def test_restore_leaves_nothing_beside_the_backup_on_the_stick(
    branch: BranchService, data_dir: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    assert lumbung("--data-dir", data_dir, "backup", "--out", stick).returncode == 0
    (copy,) = stick.iterdir()
    with sqlite3.connect(copy) as conn:  # one self-contained file, not in WAL mode
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    # Even a raw store in WAL mode copied to the stick (as an installer might) is only read.
    raw = tmp_path / "raw"
    raw.mkdir()
    branch.close()
    shutil.copyfile(store_path(data_dir), raw / "lumbung.sqlite3")
    for source, new_pc in ((copy, tmp_path / "pc-a"), (raw / "lumbung.sqlite3", tmp_path / "pc-b")):
        before = sorted(p.name for p in source.parent.iterdir())
        done = lumbung("--data-dir", new_pc, "restore", source, "--yes")
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in source.parent.iterdir()) == before  # no -wal, no -shm
        assert state(store_path(new_pc)) == state(store_path(data_dir))


def test_receipts_and_logs_travel_with_the_backup(
    branch: BranchService, data_dir: Path, tmp_path: Path
) -> None:
    receipt = data_dir / "receipts" / "2025-11-27" / "BR07_01_0000006.pdf"
    receipt.parent.mkdir(parents=True)
    receipt.write_bytes(b"%PDF-1.4 receipt")
    log = data_dir / "logs" / "lumbung.log"
    log.parent.mkdir(parents=True)
    log.write_text("2025-11-27 08:00 INFO started\n", encoding="utf-8")
    copy = tmp_path / "copy.sqlite3"
    done = lumbung("--data-dir", data_dir, "backup", "--out", copy)
    assert done.returncode == 0, done.stderr
    assert "2 receipt and log files" in done.stdout
    new_pc = tmp_path / "new-pc"
    done = lumbung("--data-dir", new_pc, "restore", copy, "--yes")
    assert done.returncode == 0, done.stderr
    assert "2 receipt and log files put back" in done.stdout
    assert (new_pc / "receipts" / "2025-11-27" / receipt.name).read_bytes() == receipt.read_bytes()
    assert (new_pc / "logs" / "lumbung.log").read_text(encoding="utf-8").endswith("started\n")
    with sqlite3.connect(store_path(new_pc)) as conn:  # the store itself carries no file table
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "backup_files" not in tables
