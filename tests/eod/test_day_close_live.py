"""A whole business day closed against the real server process: drawers, deposits,
withdrawals, a loan paid out and repaid, a reversal and a cash difference; the day closes
only once everything agrees, head office records the agreement, nothing posts into the closed
date and the next business date opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_ui.server import ServerProcess

from desktop.demo_loans import PRODUCTS
from ledger.errors import BusinessRuleError, LumbungError
from sync_server import cli

from .builders import DAY, Desk, make_desk, next_day, recon_rows, refused


def a_busy_day(desk: Desk) -> dict[str, str]:
    s, teller, boss = desk.service, desk.teller, desk.supervisor
    wayan = desk.member("I Wayan Sudarsana")
    made = desk.member("Ni Made Rai")
    desk.deposit(wayan, 2_500_000)
    desk.deposit(made, 750_000)
    desk.deposit(made, 50_000, "wajib")
    desk.withdraw(wayan, 400_000)
    mistake = desk.deposit(made, 1_000_000)
    s.reverse(mistake.event_id, "Salah ketik jumlah", actor=teller, authorizer=boss)
    loan = s.apply_loan(wayan, PRODUCTS[0].product_id, 5_000_000, 12, actor=teller)
    s.approve_loan(loan.loan_id, approver=boss)
    s.disburse_loan(loan.loan_id, actor=teller, authorizer=boss)
    s.repay_loan(loan.loan_id, 300_000, actor=teller, authorizer=boss)
    return {"wayan": wayan, "made": made, "loan": loan.loan_id}


@pytest.fixture
def desk(tmp_path: Path, server: ServerProcess, branch_id: str) -> Iterator[Desk]:
    d = make_desk(tmp_path / "pc", branch_id)
    yield d
    d.close()


def test_the_day_closes_only_when_everything_agrees(
    desk: Desk, server: ServerProcess, branch_id: str
) -> None:
    who = a_busy_day(desk)
    s = desk.service

    # A drawer still open keeps the day open.
    with refused("Sesi kas masih terbuka", BusinessRuleError):
        s.close_day(actor=desk.supervisor, reason="apa pun")
    closing = desk.close_drawer(short_by=5_000)  # selisih kas, authorised
    assert closing.difference == -5_000

    # Not enrolled yet (a stand-alone PC): only a written reason would close it, and the
    # refusal says why without counting "transactions waiting to be sent".
    view = s.day_overview()
    assert view.pending > 0 and not view.open_sessions
    with refused("PC mandiri", BusinessRuleError) as caught:
        s.close_day(actor=desk.supervisor)
    assert caught.value.field == "reason"

    desk.enrol(server)  # the stand-alone store pushes its whole history
    view = s.day_overview()
    assert view.pending == 0
    assert view.reconciliation is None  # not compared yet
    with refused("belum dicocokkan", BusinessRuleError):
        s.close_day(actor=desk.supervisor)
    # The teller cannot close the day at all.
    with refused("supervisor", LumbungError):
        s.close_day(actor=desk.teller, reason="x")

    recon = desk.reconcile()
    assert recon.status == "agreed", recon.mismatches
    assert recon.mismatches == ()
    assert recon.server is not None
    assert recon.server["digest"] == recon.local["digest"]
    assert recon.server["devices"] == recon.local["devices"]
    assert recon.server["balanced"] is True
    local_types = next(iter(recon.local["devices"].values()))["by_type"]
    assert local_types["LoanRepaid"] == {"count": 1, "total": 300_000}
    assert local_types["Reversed"]["count"] == 1
    assert local_types["TellerSessionClosed"]["count"] == 1

    # The session line shows the count and the difference the supervisor signed.
    (session,) = s.day_overview().sessions
    assert (session.status, session.difference, session.counted) == (
        "closed", -5_000, session.expected - 5_000,
    )  # fmt: skip
    assert session.transactions >= 9

    # The trial balance balances at the close, and the day closes.
    assert sum(s.branch_trial_balance(DAY).values()) == 0
    # The drawer closed Rp 5.000 short: the day says why as well.
    with refused("ditutup dengan selisih", BusinessRuleError) as caught:
        s.close_day(actor=desk.supervisor)
    assert caught.value.field == "reason"
    result = s.close_day(actor=desk.supervisor, reason="Kurang Rp 5.000 diganti teller")
    assert (result.status, result.offline, result.next_date) == ("agreed", False, next_day())
    assert result.reason == "Kurang Rp 5.000 diganti teller"
    assert result.closed_by == "I Made Sudarsana"
    assert sum(s.branch_trial_balance(DAY).values()) == 0
    closed_event = s.store.event(result.event_id)
    assert closed_event is not None and closed_event.type == "DayClosed"
    assert closed_event.payload["digest"] == recon.local["digest"]
    assert closed_event.payload["events"] == sum(
        d["count"] for d in recon.local["devices"].values()
    )

    # Head office records the branch's report as agreed, and says so.
    desk.sync()
    row = recon_rows(server)[(branch_id, DAY)]
    assert (row["status"], row["closed_event_id"], row["case_id"]) == (
        "agreed", result.event_id, "",
    )  # fmt: skip
    assert row["reported_digest"] == row["server_digest"] == recon.local["digest"]
    assert desk.engine is not None
    (day,) = desk.engine.client.recon(DAY).days
    assert (day.branch_id, day.status) == (branch_id, "agreed")

    # Nothing posts into the closed date; the next business date is open.
    assert s.business_date().isoformat() == next_day()
    s.set_business_date(__import__("datetime").date.fromisoformat(DAY))
    with refused("sudah ditutup", BusinessRuleError):
        s.open_session(actor=desk.teller, opening_float=1_000_000)
    with refused("sudah ditutup", BusinessRuleError):
        s.close_day(actor=desk.supervisor, day=DAY, reason="lagi")
    s.set_business_date(None)
    s.open_session(actor=desk.teller, opening_float=1_000_000)
    posted = desk.deposit(who["made"], 10_000)
    assert s.store.event(posted.event_id).business_date == next_day()  # type: ignore[union-attr]

    # The store itself refuses an event dated into the closed day.
    from ledger.events import MemberUpdated

    with refused("sudah ditutup", BusinessRuleError), s.store.transaction():
        s.store.append(MemberUpdated(who["made"], {"phone": "0"}), actor="x", business_date=DAY)


def test_recon_list_on_the_cli(
    desk: Desk, server: ServerProcess, branch_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    desk.member("Ketut")
    desk.close_drawer()
    desk.enrol(server)
    assert desk.reconcile().status == "agreed"
    desk.service.close_day(actor=desk.supervisor)
    desk.sync()
    desk.service.open_session(actor=desk.teller, opening_float=500_000)
    desk.member("Nyoman")  # the next day: events at head office, no report yet
    desk.sync()
    assert cli.main(["recon", "list", "--branch", branch_id, "--database-url",
                     server.database_url]) == 0  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["business_date", "branch_id", "status", "events"]
    assert out[1].split()[:3] == [DAY, branch_id, "agreed"]
    assert out[2].split()[:3] == [next_day(), branch_id, "pending"]
