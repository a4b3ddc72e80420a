"""The day-close screen in the real desktop against the real server: it compares with head
office by itself, shows the drawers and each difference, closes only over agreement (or with
a reason), writes the end-of-day report and moves the business date on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sync_ui.server import ServerProcess

from desktop.views.day_close import DayCloseDialog
from tests.desktop_ui.conftest import login

from .builders import Desk, alter_amount_at_server, make_desk

SUPERVISOR = ("made", "made1234")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server of each test's own: one of them alters head office's copy on purpose."""
    process = ServerProcess(tmp_path / "central")
    process.start()
    yield process
    process.close()
    assert process.tracebacks() == []


def worked_day(tmp_path: Path, server: ServerProcess, branch_id: str) -> Desk:
    desk = make_desk(tmp_path / "pc", branch_id, real_time=True)
    wayan = desk.member("I Wayan Sudarsana")
    desk.deposit(wayan, 1_250_000)
    desk.withdraw(wayan, 250_000)
    desk.close_drawer(short_by=5_000)
    desk.enrol(server)
    desk.close()
    return desk


def open_day_close(qtbot: Any, app: Any) -> DayCloseDialog:
    login(qtbot, app, SUPERVISOR)
    qtbot.waitUntil(lambda: app.sync.status.state == "online", timeout=30_000)
    dialog = app.window.eod_menu.close_day()
    assert dialog is not None
    return dialog


def cells(table: Any, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_agreed_day_closes_from_the_screen(
    qtbot: Any, live_app: Any, server: ServerProcess, branch_id: str, tmp_path: Path
) -> None:
    desk = worked_day(tmp_path, server, branch_id)
    app = live_app(desk.data_dir)
    with qtbot.waitSignal(app.window.state_loaded, timeout=20_000):
        pass
    dialog = open_day_close(qtbot, app)
    with qtbot.waitSignal(dialog.compared, timeout=30_000) as compared:
        pass
    assert compared.args[0].status == "agreed"
    qtbot.waitUntil(lambda: "Cocok dengan kantor pusat" in dialog.status.text(), timeout=10_000)
    assert dialog.mismatches.rowCount() == 0
    assert cells(dialog.sessions, 9) == ["kurang Rp 5.000"]  # the difference, signed in words
    assert cells(dialog.sessions, 10) == ["ditutup"]
    assert set(cells(dialog.digests, 6)) == {"ya"}
    assert dialog.outbox.text() == "Tidak ada transaksi yang menunggu dikirim ke kantor pusat."

    today = app.ctx.business_date
    dialog.close_day_button.click()  # never one click: the summary first
    summary = dialog.summary
    assert summary is not None
    qtbot.waitUntil(summary.isVisible, timeout=5000)
    assert [p for p in summary.problems if "kurang Rp 5.000" in p]  # the short drawer
    summary.ok.click()  # a drawer was short: a reason is asked, and nothing closes without
    assert summary.error.text().startswith("Tulis alasan")
    qtbot.keyClicks(summary.reason, "Kurang Rp 5.000 diganti teller")
    with qtbot.waitSignal(dialog.closed_day, timeout=20_000) as closed:
        summary.ok.click()
    assert closed.args[0].status == "agreed"
    assert closed.args[0].reason == "Kurang Rp 5.000 diganti teller"
    qtbot.waitUntil(lambda: dialog.report_file is not None, timeout=20_000)
    assert dialog.report_file is not None and dialog.report_file.stat().st_size > 10_000
    qtbot.waitUntil(lambda: app.ctx.business_date == today + dt.timedelta(days=1), timeout=10_000)
    qtbot.waitUntil(lambda: "Ditutup oleh I Made Sudarsana" in dialog.status.text(), timeout=10_000)
    assert not dialog.close_day_button.isEnabled()


def test_a_difference_is_listed_and_closing_needs_a_reason(
    qtbot: Any, live_app: Any, server: ServerProcess, branch_id: str, tmp_path: Path
) -> None:
    desk = worked_day(tmp_path, server, branch_id)
    (deposit,) = [
        e.id
        for e in server_events(server, branch_id)
        if e.type == "SavingsDeposited" and e.payload["amount"] == 1_250_000
    ]
    alter_amount_at_server(server, deposit, 125_000)
    app = live_app(desk.data_dir)
    with qtbot.waitSignal(app.window.state_loaded, timeout=20_000):
        pass
    dialog = open_day_close(qtbot, app)
    with qtbot.waitSignal(dialog.compared, timeout=30_000) as compared:
        pass
    assert compared.args[0].status == "mismatch"
    qtbot.waitUntil(lambda: dialog.mismatches.rowCount() == 1, timeout=10_000)
    assert cells(dialog.mismatches, 0) == ["Isi berbeda"]
    assert cells(dialog.mismatches, 4) == ["Rp 1.250.000"]
    assert cells(dialog.mismatches, 5) == ["Rp 125.000"]
    assert "Tidak cocok dengan kantor pusat (1 selisih)" in dialog.status.text()

    dialog.close_day_button.click()
    summary = dialog.summary
    assert summary is not None
    assert "1 selisih dengan kantor pusat, per transaksi." in summary.problems
    summary.ok.click()
    assert summary.error.isVisible() and summary.isVisible()
    qtbot.keyClicks(summary.reason, "Setoran dicatat beda di pusat; dilaporkan ke TI")
    with qtbot.waitSignal(dialog.closed_day, timeout=20_000) as closed:
        summary.ok.click()
    assert closed.args[0].status == "mismatch"


def server_events(server: ServerProcess, branch_id: str) -> list[Any]:
    import json

    from sqlalchemy import select

    from ledger.events import Event
    from sync_server.store import tables as t

    with server.db.read() as conn:
        bodies = conn.execute(
            select(t.events.c.body).where(t.events.c.branch_id == branch_id)
        ).scalars()
        return [Event.from_dict(json.loads(b)) for b in bodies]


def test_offline_close_from_the_screen_completes_after_the_next_sync(
    qtbot: Any, live_app: Any, server: ServerProcess, branch_id: str, tmp_path: Path
) -> None:
    desk = worked_day(tmp_path, server, branch_id)
    app = live_app(desk.data_dir)
    with qtbot.waitSignal(app.window.state_loaded, timeout=20_000):
        pass
    login(qtbot, app, SUPERVISOR)
    qtbot.waitUntil(lambda: app.sync.status.state == "online", timeout=30_000)
    server.stop()
    try:
        dialog = app.window.eod_menu.close_day()
        assert dialog is not None
        qtbot.waitUntil(lambda: "tidak dapat dihubungi" in dialog.status.text(), timeout=30_000)
        qtbot.keyClicks(dialog.reason, "Jaringan ke kantor pusat putus")
        dialog.close_day_button.click()
        assert dialog.summary is not None
        assert dialog.summary.reason.text() == "Jaringan ke kantor pusat putus"
        with qtbot.waitSignal(dialog.closed_day, timeout=20_000) as closed:
            dialog.summary.ok.click()
        assert (closed.args[0].status, closed.args[0].offline) == ("pending", True)
    finally:
        server.start()
    reconciler = app.window.eod_menu.reconciler
    with qtbot.waitSignal(reconciler.reconciled, timeout=60_000) as done:
        app.sync.sync_now()
    (result,) = done.args[0]
    assert result.status == "agreed"
    records = call_service(qtbot, app, lambda s: s.closed_days())
    assert [(r.status, r.reason) for r in records] == [("agreed", "Jaringan ke kantor pusat putus")]


def call_service(qtbot: Any, app: Any, fn: Any) -> Any:
    from desktop.worker import Call

    ticket = app.worker.submit(Call(fn))
    qtbot.waitUntil(lambda: ticket.done, timeout=10_000)
    assert ticket.error is None, ticket.error
    return ticket.result
