"""A branch with several PCs, one of them enrolled after weeks of history, and a PC of another
branch, all real desktop stores and services synced by the real engine through the real server
process. Every receipt's balance, every history line's running balance and each drawer's
expected cash is checked against figures this test derives itself from what it posted."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from desktop.services import BranchService
from desktop.store import sync_state as st
from desktop.sync import engine_for, enrol
from ledger.errors import BusinessRuleError
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from sync_server import admin

from .harness import Central, ServerProcess

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
TODAY = dt.date.today()
OLD = TODAY - dt.timedelta(days=20)  # outside the server's 5-day history window
RECENT = TODAY - dt.timedelta(days=2)  # inside it


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    server = ServerProcess(tmp_path_factory.mktemp("central-pcs"), LUMBUNG_SERVER_HISTORY_DAYS="5")
    server.start()
    c = Central(server)
    try:
        yield c
    finally:
        server.stop()
        c.close()
        assert not server.tracebacks(), "the server logged an unexpected exception"


def pc(central: Central, branch_id: str, folder: Path, name: str) -> BranchService:
    folder.mkdir(parents=True, exist_ok=True)
    service = BranchService(folder / "lumbung.sqlite3", hasher=FAST)
    enrol(service, central.url, central.code(branch_id), device_name=name)
    return service


def sync(service: BranchService) -> None:
    engine = engine_for(service.store)
    assert engine is not None
    try:
        engine.sync_once()
    finally:
        engine.client.close()


def sukarela_lines(service: BranchService, member_id: str) -> list[tuple[str, int, int]]:
    """(type, amount, balance after) of the member's sukarela lines, oldest first."""
    rows = [r for r in service.member_history(member_id, 10_000) if r.product == "sukarela"]
    return [(r.type, r.amount, r.balance_after) for r in reversed(rows)]


def test_a_pc_enrolled_after_weeks_prints_and_shows_the_ledger(
    central: Central, tmp_path: Path
) -> None:
    br01 = central.add_branch("Cabang Ubud")
    br02 = central.add_branch("Cabang Gianyar")
    for username, role, branch in (
        ("ayu", "teller", br01),
        ("made", "supervisor", br01),
        ("dewi", "teller", br02),
    ):
        admin.add_user(
            central.db,
            admin.StaffInput(username, username.title(), role, branch),
            "rahasia123",
            actor="admin-cli",
        )
    pc1 = pc(central, br01, tmp_path / "pc1", "Kasir 1")
    other = pc(central, br02, tmp_path / "gianyar", "Kasir Gianyar")
    pc2: BranchService | None = None
    try:
        ayu1 = pc1.authenticate("ayu", "rahasia123")
        # Weeks ago: the member joins and saves.
        pc1.set_business_date(OLD)
        pc1.open_session(actor=ayu1, opening_float=5_000_000)
        form = RegistrationInput(
            nik=make_nik("510403", dt.date(1988, 4, 2), "P", 91),
            name="Ni Made Sekar",
            birth_place="Gianyar",
            address="Jl. Hanoman 3, Ubud",
            phone="081338112233",
            occupation="Penenun",
            mother_maiden_name="Ni Wayan Rai",
        )
        member_id = pc1.register_member(form, actor=ayu1).member_id
        pokok = pc1.member_detail(member_id).balances["pokok"]
        pc1.deposit(member_id, "sukarela", 2_000_000, actor=ayu1)
        expected1 = 5_000_000 + pokok + 2_000_000
        assert pc1.current_session(ayu1.user_id).expected_cash == expected1  # type: ignore[union-attr]
        pc1.close_session(actor=ayu1, counted={100_000: expected1 // 100_000})
        # Two days ago: inside the history window a new PC fetches.
        pc1.set_business_date(RECENT)
        pc1.open_session(actor=ayu1, opening_float=3_000_000)
        pc1.deposit(member_id, "sukarela", 500_000, actor=ayu1)
        old_withdrawal = pc1.withdraw(member_id, "sukarela", 200_000, actor=ayu1)
        pc1.close_session(actor=ayu1, counted={100_000: 33})
        original = pc1.receipt(old_withdrawal.event_id)
        assert original.balance_after == 2_300_000
        sync(pc1)
        sync(other)

        # Today a second PC of the branch is enrolled and bootstraps.
        pc2 = pc(central, br01, tmp_path / "pc2", "Kasir 2")
        sync(pc2)
        after, until = st.history_range(pc2.store.conn)
        assert after == until  # the whole window is in
        assert pc2.member_detail(member_id).balances["sukarela"] == 2_300_000
        # The window holds the last two movements; what came before is one opening line.
        assert sukarela_lines(pc2, member_id) == [
            ("OpeningBalance", 0, 2_000_000),
            ("SavingsDeposited", 500_000, 2_500_000),
            ("SavingsWithdrawn", -200_000, 2_300_000),
        ]
        reprint = pc2.receipt(old_withdrawal.event_id, reprint=True)
        assert (reprint.amount, reprint.balance_after, reprint.receipt_no) == (
            original.amount,
            original.balance_after,
            original.receipt_no,
        )
        assert reprint.cooperative == original.cooperative

        # Same teller, both PCs: one drawer at a time unless the cooperative allows more.
        pc1.set_business_date(TODAY)
        pc2.set_business_date(TODAY)
        ayu2 = pc2.authenticate("ayu", "rahasia123")
        pc1.open_session(actor=ayu1, opening_float=3_500_000)
        sync(pc1)
        sync(pc2)
        with pytest.raises(BusinessRuleError, match="drawer open on PC"):
            pc2.open_session(actor=ayu2, opening_float=2_000_000)
        admin.set_setting(central.db, "drawers_on_several_pcs", "1", actor="admin-cli")
        sync(pc2)
        pc2.open_session(actor=ayu2, opening_float=2_000_000)

        # Online on PC 2, then offline on both.
        out = pc2.withdraw(member_id, "sukarela", 1_500_000, actor=ayu2)
        assert pc2.receipt(out.event_id).balance_after == 800_000
        assert pc2.member_detail(member_id).balances["sukarela"] == 800_000
        sync(pc2)
        sync(pc1)
        pc1_in = pc1.deposit(member_id, "sukarela", 50_000, actor=ayu1)
        assert pc1.receipt(pc1_in.event_id).balance_after == 850_000
        pc2_in = pc2.deposit(member_id, "sukarela", 100_000, actor=ayu2)
        assert pc2.receipt(pc2_in.event_id).balance_after == 900_000  # PC 2 has not seen PC 1's
        assert pc1.current_session(ayu1.user_id).expected_cash == 3_500_000 + 50_000  # type: ignore[union-attr]
        assert pc2.current_session(ayu2.user_id).expected_cash == 2_000_000 - 1_500_000 + 100_000  # type: ignore[union-attr]

        # At another branch the member deposits too; then everyone syncs.
        dewi = other.authenticate("dewi", "rahasia123")
        other.set_business_date(TODAY)
        other.open_session(actor=dewi, opening_float=1_000_000)
        other.deposit(member_id, "sukarela", 25_000, actor=dewi)
        for service in (pc1, pc2, other, pc1, pc2, other):
            sync(service)
        final = 2_300_000 - 1_500_000 + 50_000 + 100_000 + 25_000
        assert central.balances({member_id})[(member_id, "sukarela")] == final
        for service in (pc1, pc2, other):
            assert service.member_detail(member_id).balances["sukarela"] == final
            lines = sukarela_lines(service, member_id)
            assert lines[-1][2] == final
            # Every running balance is the one before plus the line's amount.
            for (_, _, before), (_, amount, after_line) in itertools.pairwise(lines):
                assert after_line == before + amount
        # The two PCs of the branch show the same lines from the window on.
        assert sukarela_lines(pc1, member_id)[-6:] == sukarela_lines(pc2, member_id)[-6:]
        # Each drawer still expects only its own cash after the sync.
        assert pc1.current_session(ayu1.user_id).expected_cash == 3_550_000  # type: ignore[union-attr]
        assert pc2.current_session(ayu2.user_id).expected_cash == 600_000  # type: ignore[union-attr]
        pc1.close_session(actor=ayu1, counted={50_000: 71})
        pc2.close_session(actor=ayu2, counted={100_000: 6})
    finally:
        for service in (pc1, other, pc2):
            if service is not None:
                service.close()
