"""Closing while head office cannot be reached: only with a written reason; the close is
pending and its reconciliation completes at the next sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_ui.server import ServerProcess

from desktop.sync import ServerUnreachable
from ledger.errors import BusinessRuleError

from .builders import DAY, Desk, make_desk, recon_rows, refused


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "central")
    process.start()
    yield process
    process.close()
    assert process.tracebacks() == []


def test_offline_close_is_pending_until_the_next_sync(
    tmp_path: Path, server: ServerProcess
) -> None:
    server.add_branch("BR20", "Cabang Tegallalang")
    desk: Desk = make_desk(tmp_path / "pc", "BR20")
    try:
        desk.enrol(server)
        wayan = desk.member("I Wayan Sudarsana")
        desk.deposit(wayan, 800_000)
        desk.close_drawer()
        server.stop()  # the line to head office is down for the evening
        with pytest.raises(ServerUnreachable):
            desk.reconcile()
        assert desk.service.day_overview().pending > 0
        with refused("menunggu dikirim", BusinessRuleError):
            desk.service.close_day(actor=desk.supervisor, reason="   ")
        result = desk.service.close_day(actor=desk.supervisor, reason="Internet putus sejak sore")
        assert (result.status, result.offline) == ("pending", True)
        assert desk.service.days_awaiting_reconciliation() == [DAY]
        (record,) = desk.service.closed_days()
        assert (record.status, record.reason) == ("pending", "Internet putus sejak sore")

        server.start()  # next morning: the sync pushes the day and its DayClosed
        desk.sync()
        row = recon_rows(server)[("BR20", DAY)]
        assert (row["status"], row["offline"], row["reason"]) == (
            "agreed", True, "Internet putus sejak sore",
        )  # fmt: skip
        # ...and the branch completes its own side of the comparison.
        assert desk.reconcile(DAY, sync_first=False).status == "agreed"
        assert desk.service.days_awaiting_reconciliation() == []
        (record,) = desk.service.closed_days()
        assert record.status == "agreed"
    finally:
        desk.close()
