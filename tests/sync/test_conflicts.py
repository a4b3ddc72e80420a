"""What money cannot merge away: two offline branches paying out the same savings, and one
person registered at two offline branches. Nothing is refused; each conflict is one review
case that reaches every branch."""

from __future__ import annotations

from pathlib import Path

from desktop.store import sync_state as st
from sync_server import admin

from .harness import Central, Replica, assert_converged


def cases_at(replica: Replica, *members: str) -> list[tuple[str, str, int, str]]:
    return [
        row
        for row in replica.store.conn.execute(
            "SELECT kind, member_id, hold, resolution FROM review_cases ORDER BY kind"
        )
        if row[1] in members
    ]


def test_two_offline_branches_overdraw_one_account(central: Central, tmp_path: Path) -> None:
    home, other = central.add_branch(), central.add_branch()
    a = Replica.enrolled(central, home, tmp_path / "a")
    b = Replica.enrolled(central, other, tmp_path / "b")
    try:
        a.open_drawer()
        member = a.register()
        a.deposit(member, 500_000)
        a.sync()
        b.sync()
        b.open_drawer()
        assert b.balance(member) == 500_000

        # The line is down at both branches; each pays out what its own books allow.
        a.withdraw(member, 400_000)
        b.withdraw(member, 300_000)
        assert a.balance(member) == 100_000 and b.balance(member) == 200_000

        a.sync()
        b.sync()  # nothing refused: the cash has left both drawers
        a.sync()
        assert a.store.pending_count() == b.store.pending_count() == 0

        cases = central.cases({member})
        assert [(c["kind"], c["member_id"], bool(c["hold"])) for c in cases] == [
            ("overdraft", member, True)
        ]
        assert [(m, p) for _, m, p in central.holds({member})] == [(member, "sukarela")]
        for replica in (a, b):
            assert replica.balance(member) == -200_000
            assert cases_at(replica, member) == [("overdraft", member, 1, "")]
        assert_converged(central, [a, b])

        # Head office decides; the decision reaches both branches and lifts the hold.
        admin.resolve_case(
            central.db,
            cases[0]["case_id"],
            "Anggota mengembalikan Rp 200.000 di cabang asal.",
            actor="admin-cli",
        )
        assert central.holds({member}) == []
        for replica in (a, b):
            replica.sync()
            ((kind, _, _, resolution),) = cases_at(replica, member)
            assert kind == "overdraft" and resolution.startswith("Anggota mengembalikan")
        log = [m for _, _, m in st.read_log(b.store.conn)]
        assert any("diterima" in m for m in log)
    finally:
        a.close()
        b.close()


def test_one_person_registered_at_two_offline_branches(central: Central, tmp_path: Path) -> None:
    a = Replica.enrolled(central, central.add_branch(), tmp_path / "a")
    b = Replica.enrolled(central, central.add_branch(), tmp_path / "b")
    try:
        nik = "5104034503900777"
        first = a.register(nik=nik, name="Ni Kadek Ayu")
        second = b.register(nik=nik, name="Ni Kadek Ayu")
        for replica in (a, b, a):
            replica.sync()
        (case,) = central.cases({first, second})
        assert case["kind"] == "duplicate_nik" and case["member_id"] == second
        assert not case["hold"]  # nobody's money is at stake
        for replica in (a, b):
            assert cases_at(replica, first, second) == [("duplicate_nik", second, 0, "")]
        assert_converged(central, [a, b])
    finally:
        a.close()
        b.close()
