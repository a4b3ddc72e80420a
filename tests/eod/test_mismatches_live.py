"""Each way head office's copy of a day can differ produces its own mismatch line, event by
event; closing over a mismatch needs a written reason, and head office then opens a review
case for the day."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_ui.server import ServerProcess

from ledger.errors import BusinessRuleError
from ledger.ids import uuid7
from sync_server import admin

from .builders import (
    DAY,
    Desk,
    alter_amount_at_server,
    duplicate_at_server,
    lose_at_server,
    make_desk,
    recon_rows,
    refused,
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server of each test's own: these tests corrupt head office's copy on purpose."""
    process = ServerProcess(tmp_path / "central")
    process.start()
    yield process
    process.close()
    assert process.tracebacks() == []


@pytest.fixture
def desk(tmp_path: Path, server: ServerProcess, branch_id: str) -> Iterator[Desk]:
    d = make_desk(tmp_path / "pc", branch_id)
    wayan = d.member("I Wayan Sudarsana")
    d.deposit(wayan, 1_000_000)
    d.withdraw(wayan, 200_000)
    d.close_drawer()
    d.enrol(server)
    assert d.reconcile().status == "agreed"
    yield d
    d.close()


def deposit_id(desk: Desk, amount: int) -> str:
    (event_id,) = [
        e.id
        for e in desk.service.store.events()
        if e.type == "SavingsDeposited"
        and e.payload["amount"] == amount
        and e.branch_id == desk.branch_id
    ]
    return event_id


def test_an_event_missing_at_head_office(desk: Desk, server: ServerProcess) -> None:
    lost = deposit_id(desk, 1_000_000)
    lose_at_server(server, lost)
    recon = desk.reconcile()
    assert recon.status == "mismatch"
    (line,) = recon.mismatches
    assert (line.kind, line.event_id, line.type) == ("missing_at_server", lost, "SavingsDeposited")
    assert (line.local_amount, line.server_amount) == (1_000_000, None)
    assert recon.server is not None and recon.server["digest"] != recon.local["digest"]


def test_a_duplicated_event_at_head_office(desk: Desk, server: ServerProcess) -> None:
    original = deposit_id(desk, 1_000_000)
    copy = uuid7()
    duplicate_at_server(server, original, copy)
    recon = desk.reconcile()
    (line,) = recon.mismatches
    assert (line.kind, line.event_id, line.duplicate_of) == ("unknown_locally", copy, original)
    assert (line.local_amount, line.server_amount) == (None, 1_000_000)
    server_types = next(iter(recon.server["devices"].values()))["by_type"]  # type: ignore[index]
    local_types = next(iter(recon.local["devices"].values()))["by_type"]
    assert server_types["SavingsDeposited"]["count"] == local_types["SavingsDeposited"]["count"] + 1


def test_an_altered_amount_and_closing_over_it(
    desk: Desk, server: ServerProcess, branch_id: str
) -> None:
    altered = deposit_id(desk, 1_000_000)
    alter_amount_at_server(server, altered, 100_000)
    recon = desk.reconcile()
    (line,) = recon.mismatches
    assert (line.kind, line.event_id) == ("content_differs", altered)
    assert (line.local_amount, line.server_amount) == (1_000_000, 100_000)

    # The overview still shows it (nothing changed locally since), and closing needs a reason.
    view = desk.service.day_overview()
    assert view.reconciliation is not None and view.reconciliation.status == "mismatch"
    with refused("tidak cocok", BusinessRuleError) as caught:
        desk.service.close_day(actor=desk.supervisor)
    assert caught.value.field == "reason"
    result = desk.service.close_day(
        actor=desk.supervisor, reason="Setoran Wayan Rp 1.000.000 tercatat beda di pusat"
    )
    assert (result.status, result.offline) == ("mismatch", False)

    # Head office compares the report with its own copy and opens a case for the day.
    desk.sync()
    row = recon_rows(server)[(branch_id, DAY)]
    assert row["status"] == "mismatch" and row["case_id"]
    (case,) = [c for c in admin.list_cases(server.db) if c["case_id"] == row["case_id"]]
    assert case["kind"] == "day_mismatch"
    assert case["event_ids"] == [result.event_id]
    assert branch_id in case["detail"] and DAY in case["detail"]
    # ...and the case reaches the branch's review queue by the next pull.
    desk.sync()
    cases = {c.case_id: c for c in desk.service.review_cases()}
    assert cases[row["case_id"]].kind == "day_mismatch"


def test_a_second_pc_pushing_into_a_reported_day_reopens_the_question(
    desk: Desk, server: ServerProcess, branch_id: str, tmp_path: Path
) -> None:
    # A second PC of the branch worked offline all day and has not pushed yet.
    late = make_desk(tmp_path / "pc2", branch_id)
    try:
        late.deposit(late.member("Komang"), 300_000)
        desk.service.close_day(actor=desk.supervisor)
        desk.sync()
        assert recon_rows(server)[(branch_id, DAY)]["status"] == "agreed"

        late.enrol(server)  # its events of the closed day arrive at head office now
        row = recon_rows(server)[(branch_id, DAY)]
        assert row["status"] == "mismatch"
        assert row["server_events"] > row["reported_events"]
        (case,) = [c for c in admin.list_cases(server.db) if c["case_id"] == row["case_id"]]
        assert case["kind"] == "day_mismatch"
    finally:
        late.close()
