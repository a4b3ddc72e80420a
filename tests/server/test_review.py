"""Money events are never refused for business reasons: conflicts become review cases."""

from __future__ import annotations

from ledger.events import Event
from sync_server import admin

from .helpers import Server, member_of


def cases_about(server: Server, member_id: str, include_resolved: bool = False) -> list[dict]:
    return [
        c
        for c in admin.list_cases(server.db, include_resolved=include_resolved)
        if c["member_id"] == member_id
    ]


def test_two_offline_branches_paying_out_the_same_money_open_an_overdraft_case(
    server: Server, branch: str
) -> None:
    home = server.enrol(branch, "home")
    other_branch = branch + "S"
    admin.add_branch(server.db, other_branch, "stand-in")
    standin = server.enrol(other_branch, "standin")

    drawer = home.open_drawer()
    member = home.register()
    member_id = member_of(member)
    assert home.push([drawer, member, home.deposit(member_id, 1_000_000)]).ok
    # Both branches were offline and each paid out 800.000 of the member's 1.000.000.
    home_out = home.withdraw(member_id, 800_000)
    standin_drawer = standin.open_drawer()
    standin_out = standin.withdraw(member_id, 800_000)
    assert home.push([home_out]).status_code == 200
    assert cases_about(server, member_id) == []
    reply = standin.push([standin_drawer, standin_out])
    assert reply.status_code == 200  # the cash has moved: stored, never refused

    (case,) = cases_about(server, member_id)
    assert case["kind"] == "overdraft"
    assert case["hold"]
    assert case["event_ids"] == [standin_out.id]
    assert "-Rp 600.000" in case["detail"]

    # The case is an HQ event every branch pulls, and the account is on hold.
    pulled = [e for _, e in home.pull_all()]
    opened = [
        e
        for e in pulled
        if e.type == "ReviewCaseOpened" and e.payload["case_id"] == case["case_id"]
    ]
    assert len(opened) == 1 and opened[0].device_id == "hq" and opened[0].payload["hold"]
    _, rows = server.snapshot(home.token)
    holds = [r for r in rows if r["kind"] == "hold" and r["member_id"] == member_id]
    assert holds == [{"kind": "hold", "case_id": case["case_id"], "member_id": member_id,
                      "product": "sukarela"}]  # fmt: skip

    # A further payout while the case is open adds no second case.
    assert standin.push([standin.withdraw(member_id, 10_000)]).status_code == 200
    assert len(cases_about(server, member_id)) == 1

    admin.resolve_case(server.db, case["case_id"], "anggota menyetor kekurangan", actor="t")
    assert cases_about(server, member_id) == []
    (resolved,) = cases_about(server, member_id, include_resolved=True)
    assert resolved["resolution"] == "anggota menyetor kekurangan"
    _, rows = server.snapshot(home.token)
    assert not [r for r in rows if r["kind"] == "hold" and r["member_id"] == member_id]
    resolutions = [e for _, e in home.pull_all() if e.type == "ReviewCaseResolved"]
    assert case["case_id"] in [e.payload["case_id"] for e in resolutions]


def test_the_same_nik_registered_at_two_branches_opens_one_case(
    server: Server, branch: str
) -> None:
    first = server.enrol(branch, "one")
    second_branch = branch + "D"
    admin.add_branch(server.db, second_branch, "dua")
    second = server.enrol(second_branch, "two")
    nik = "5104034703900777"
    original: Event = first.register(nik=nik)
    duplicate: Event = second.register(name="Ni Made Ayu Lestari", nik=nik)
    assert first.push([original]).status_code == 200
    assert second.push([duplicate]).status_code == 200  # both memberships are stored

    assert cases_about(server, member_of(original)) == []
    (case,) = cases_about(server, member_of(duplicate))
    assert case["kind"] == "duplicate_nik"
    assert not case["hold"]
    assert case["event_ids"] == [original.id, duplicate.id]
    assert nik in case["detail"]


def test_an_event_reversed_on_two_devices_opens_a_case(server: Server, branch: str) -> None:
    first = server.enrol(branch, "kasir-1")
    second = server.enrol(branch, "kasir-2")
    drawer, member = first.open_drawer(), first.register()
    deposit = first.deposit(member_of(member), 300_000)
    assert first.push([drawer, member, deposit]).status_code == 200
    # Both tellers undid the same deposit while the link was down.
    undo_one = first.reverse(deposit)
    second_drawer = second.open_drawer()
    undo_two = second.reverse(deposit)
    assert first.push([undo_one]).status_code == 200
    assert cases_about(server, member_of(member)) == []
    assert second.push([second_drawer, undo_two]).status_code == 200

    cases = {c["kind"]: c for c in cases_about(server, member_of(member))}
    assert cases["double_reversal"]["event_ids"] == [undo_one.id, undo_two.id]
    # Undone twice, the deposit took the balance below zero as well.
    assert cases["overdraft"]["hold"]
