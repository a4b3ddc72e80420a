"""End-of-day digests, and head office's staff/settings as replicated events."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from argon2 import PasswordHasher

from ledger.digest import day_digest
from sync_server import admin

from .helpers import DAY, Server, member_of

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_day_digest_matches_the_branch_and_balances(server: Server, branch: str) -> None:
    device = server.enrol(branch)
    drawer = device.open_drawer()
    member = device.register()
    deposit = device.deposit(member_of(member), 250_000)
    events = [drawer, member, deposit, device.reverse(deposit)]
    events.append(device.deposit(member_of(member), 40_000, "wajib"))
    assert device.push(events).status_code == 200

    reply = server.get(f"/v1/days/{branch}/{DAY}", device.token)
    assert reply.status_code == 200, reply.text
    digest = reply.json()
    # A reversal counts for what it undoes: the branch knows the deposit it reversed.
    mine = day_digest(events, branch, DAY, targets={deposit.id: 250_000})
    for key in ("branch_id", "business_date", "devices", "digest", "debits", "credits"):
        assert digest[key] == mine[key], key
    (held,) = digest["devices"].values()
    assert held["by_type"]["Reversed"] == {"count": 1, "total": 250_000}
    assert digest["balanced"]
    # The central journal includes the reversal's mirror entry; it balances too.
    assert digest["journal_debits"] == digest["journal_credits"] == mine["debits"] + 250_000

    other = server.get(f"/v1/days/{branch}X/{DAY}", device.token)
    assert other.status_code == 403


def test_staff_and_settings_from_head_office_replicate_as_events(
    server: Server, branch: str
) -> None:
    device = server.enrol(branch)
    username = f"ayu{branch.lower()}"
    user_id = admin.add_user(
        server.db,
        admin.StaffInput(username, "Ayu Lestari", "teller", branch),
        "rahasia-123",
        actor="test",
    )
    admin.set_setting(server.db, "teller_limit", "Rp 7.500.000", branch_id=branch, actor="test")
    admin.disable_user(server.db, username, actor="test")

    pulled = [e for _, e in device.pull_all()]
    staff = [e for e in pulled if e.type == "StaffAccountSet" and e.payload["user_id"] == user_id]
    assert [e.payload["active"] for e in staff] == [True, False]
    assert all(e.device_id == "hq" for e in staff)
    assert staff[0].hlc < staff[1].hlc  # the later change wins everywhere
    # A teller can log in offline: the branch holds a verifiable argon2id hash.
    password_hash = staff[0].payload["password_hash"]
    assert password_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(password_hash, "rahasia-123")

    settings = [e for e in pulled if e.type == "SettingChanged" and e.payload["scope"] == branch]
    assert [(e.payload["key"], e.payload["value"]) for e in settings] == [
        ("teller_limit", "7500000")
    ]
    _, rows = server.snapshot(device.token)
    (row,) = [r for r in rows if r["kind"] == "staff" and r["user_id"] == user_id]
    assert row["active"] is False and row["username"] == username


def cli(server: Server, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lumbung-server")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "sync_server"]
    return subprocess.run(
        [*command, *args, "--database-url", server.database_url],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ},
    )


def test_the_admin_cli_runs_against_the_live_database(server: Server) -> None:
    branch = "CLI" + server.backend.upper()[:2] + os.urandom(3).hex().upper()
    done = cli(server, "branch", "add", branch, "--name", "Cabang Baru")
    assert done.returncode == 0, done.stderr
    listed = cli(server, "branch", "list")
    assert branch in listed.stdout and "Cabang Baru" in listed.stdout

    enrolled = cli(server, "device", "enroll", "--branch", branch)
    assert enrolled.returncode == 0, enrolled.stderr
    code = enrolled.stdout.split(":", 1)[1].split()[0]
    device = server.enrol_with_code(code, branch)

    user = cli(server, "user", "add", f"kasir{branch.lower()}", "--name", "Kasir",
               "--role", "teller", "--branch", branch, "--password-stdin",
               stdin="sandi-rahasia\n")  # fmt: skip
    assert user.returncode == 0, user.stderr
    bad = cli(server, "setting", "set", "teller_limit", "sepuluh juta")
    assert bad.returncode == 1 and "digits" in bad.stderr
    good = cli(server, "setting", "set", "standin_offline", "500.000", "--branch", branch)
    assert good.returncode == 0, good.stderr

    pulled = [e for _, e in device.pull_all()]
    assert any(
        e.type == "StaffAccountSet" and e.payload["username"] == f"kasir{branch.lower()}"
        for e in pulled
    )
    assert any(
        e.type == "SettingChanged" and e.payload == {
            "key": "standin_offline", "value": "500000", "scope": branch
        }
        for e in pulled
    )  # fmt: skip
    revoked = cli(server, "device", "revoke", device.device_id)
    assert revoked.returncode == 0, revoked.stderr
    assert server.get("/v1/pull", device.token).status_code == 401
