"""A small branch with real history, for upgrade, backup and restore tests, and the script that
saved it as a fixture (``fixtures/store-v1.sqlite3`` plus the balances it must keep).

    .venv/bin/python tests/distribution/branch_data.py   # rewrites it: never, once released

The fixture is a store as the released schema wrote it: it must keep opening, and keep every
balance, in every later version.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from desktop.services import BranchService
from ledger.members import RegistrationInput
from ledger.nik import make_nik

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "store-v1.sqlite3"
EXPECTED = FIXTURES / "store-v1.json"

#: Hashes carry their parameters: a cheap one keeps tests fast and still verifies.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
TODAY = dt.date(2025, 11, 27)
SUPERVISOR = ("wayan", "wayan-rahasia")
TELLER = ("komang", "komang-rahasia")


class FakeClock:
    """Wall-clock milliseconds that move forward a little on every reading."""

    def __init__(self, start: int = 1_764_230_400_000) -> None:
        self.now = start

    def __call__(self) -> int:
        self.now += 7
        return self.now


def open_service(path: Path | str, device_start_ms: int = 1_764_230_400_000) -> BranchService:
    return BranchService(path, clock=FakeClock(device_start_ms), today=TODAY, hasher=FAST_HASHER)


def _form(name: str, serial: int, sex: str = "L") -> RegistrationInput:
    return RegistrationInput(
        nik=make_nik("510201", dt.date(1979 + serial, 4, 2 + serial), sex, serial),  # type: ignore[arg-type]
        name=name,
        birth_place="Tabanan",
        address=f"Banjar Delodpeken {serial}, Tabanan",
        phone="0813 3800 000" + str(serial),
        occupation="Petani",
        mother_maiden_name="Ni Wayan Sari",
    )


def populate(service: BranchService, branch_id: str = "BR07") -> dict[str, Any]:
    """Set up a branch and post a morning at the counter: registrations, wajib and sukarela
    deposits, a withdrawal, a reversed deposit, a profile edit. Returns who logs in."""
    supervisor = service.initialise(
        cooperative_name="KSP Lumbung Sejahtera",
        branch_id=branch_id,
        branch_name="Cabang Tabanan",
        device_no=1,
        supervisor_username=SUPERVISOR[0],
        supervisor_full_name="I Wayan Gede",
        supervisor_password=SUPERVISOR[1],
    )
    teller = service.add_staff(
        actor=supervisor,
        username=TELLER[0],
        full_name="Ni Komang Ayu",
        role="teller",
        password=TELLER[1],
    )
    service.open_session(actor=teller, opening_float=5_000_000)
    ids = []
    for serial, (name, sex) in enumerate(
        [("I Nyoman Darma", "L"), ("Ni Putu Sekar", "P"), ("I Ketut Rai", "L")], start=1
    ):
        ids.append(service.register_member(_form(name, serial, sex), actor=teller).member_id)
    for member_id in ids:
        service.deposit(member_id, "wajib", 25_000, actor=teller)
    service.deposit(ids[0], "sukarela", 1_250_000, actor=teller)
    service.deposit(ids[1], "sukarela", 400_000, actor=teller)
    service.withdraw(ids[0], "sukarela", 300_000, actor=teller)
    mistake = service.deposit(ids[2], "sukarela", 900_000, actor=teller)
    boss = service.authorise(*SUPERVISOR, for_user=teller)
    service.reverse(mistake.event_id, "salah anggota", actor=teller, authorizer=boss)
    service.deposit(ids[2], "sukarela", 90_000, actor=teller)
    service.update_member(ids[1], {"phone": "0813 3800 9999"}, actor=teller)
    return {"supervisor": SUPERVISOR, "teller": TELLER, "member_ids": ids}


def balances(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every balance a store holds, straight from its tables (no app code in between)."""
    members = {
        f"{no}/{product}": balance
        for no, product, balance in conn.execute(
            "SELECT m.member_no, b.product, b.balance FROM member_balances b"
            " JOIN members m USING (member_id) ORDER BY m.member_no, b.product"
        )
    }
    ledger = dict(conn.execute("SELECT account, balance FROM gl_balances ORDER BY account"))
    drawers = dict(conn.execute("SELECT session_id, status FROM teller_sessions"))
    events = conn.execute("SELECT count(*), max(device_seq) FROM events").fetchone()
    return {
        "members": members,
        "ledger": ledger,
        "drawers": drawers,
        "events": events[0],
        "device_seq": events[1],
    }


def migrations_of(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]


def main() -> int:
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "lumbung.sqlite3"
        service = open_service(path)
        populate(service)
        service.close()
        conn = sqlite3.connect(path)
        FIXTURE.unlink(missing_ok=True)
        conn.execute("VACUUM INTO ?", (str(FIXTURE),))  # one compact file, no WAL beside it
        expected = {"migrations": migrations_of(conn), **balances(conn)}
        conn.close()
    EXPECTED.write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size} bytes) and {EXPECTED.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
