"""``lumbung-server console-user add``: the first admin, made from the shell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sync_server.cli import main
from sync_server.console import accounts
from sync_server.store.db import Database


def test_console_user_add_makes_an_account_that_signs_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    monkeypatch.setenv("LUMBUNG_SERVER_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-siti-1\n"))
    argv = ["console-user", "add", "siti", "--name", "Siti Rahma", "--role", "admin",
            "--password-stdin", "--database-url", url]  # fmt: skip
    assert main(argv) == 0
    assert "console account siti added (admin)" in capsys.readouterr().out

    db = Database(url)
    try:
        token, csrf = accounts.sign_in(db, "siti", "rahasia-siti-1")
        assert token and csrf
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(db, "siti", "salah-sandi")
        [added] = accounts.audit_log(db, action_prefix="console_user.add")
        assert (added["username"], added["target"]) == ("admin-cli", "siti")
    finally:
        db.dispose()

    # The same name twice, a bad role, a short password: refused with a reason.
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-siti-1\n"))
    assert main(argv) == 1
    assert "is taken" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("pendek\n"))
    assert main(["console-user", "add", "budi", "--name", "Budi", "--role", "auditor",
                 "--password-stdin", "--database-url", url]) == 1  # fmt: skip
    assert "at least 8" in capsys.readouterr().err
