"""The real desktop against the real server process: enrol from the first-run page, then the
status bar goes offline when the server stops and back online when it returns, the waiting
count falling to zero and the server holding what the counter posted meanwhile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.ops.drawer import OpenDrawer
from desktop.ops.members import RegisterMember
from desktop.ops.savings import Deposit
from desktop.sync_worker import OFFLINE, ONLINE
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from sync_server.store import tables as t
from tests.desktop_ui.conftest import call, login

from .live import TELLER, enrol_through_setup_page, head_office, submit
from .server import ServerProcess

WAYAN = RegistrationInput(
    nik=make_nik("510405", dt.date(1980, 5, 17), "L", 11),
    name="I Wayan Sudarsana",
    birth_place="Gianyar",
    address="Banjar Kalah, Peliatan, Ubud",
    phone="0812 3456 7890",
    occupation="Petani",
    mother_maiden_name="Ni Nyoman Rai",
)


def server_event_ids(server: ServerProcess) -> set[str]:
    with server.db.read() as conn:
        return set(conn.execute(select(t.events.c.event_id)).scalars())


def test_offline_when_the_server_stops_and_back_online(
    qtbot: Any, live_app: Any, server: ServerProcess, tmp_path: Path
) -> None:
    head_office(server)
    app = live_app(tmp_path / "pc")
    enrol_through_setup_page(qtbot, app, server.url, server.code("BR01"))
    assert app.ctx.branch["branch_id"] == "BR01"
    bar = app.window.statusBar().sync
    qtbot.waitUntil(lambda: app.sync.status.state == ONLINE, timeout=30_000)
    assert bar.text().startswith("Daring · sinkron ") and bar.text().endswith(" · 0 menunggu")

    # The teller's account came from head office with the first pull.
    login(qtbot, app, TELLER)
    user = app.ctx.user
    assert user is not None and user.full_name == "Ni Luh Ayu Lestari"
    submit(qtbot, app, OpenDrawer(user, 2_000_000))
    member = submit(qtbot, app, RegisterMember(WAYAN, user))
    qtbot.waitUntil(lambda: app.sync.status.pending == 0, timeout=30_000)

    server.stop()
    deposit = submit(qtbot, app, Deposit(member.member_id, "sukarela", 250_000, user))
    qtbot.waitUntil(lambda: app.sync.status.state == OFFLINE, timeout=30_000)
    waiting = app.sync.status.pending
    assert waiting >= 1
    assert bar.text() == f"Luring · {waiting} menunggu"
    assert deposit.event_id not in server_event_ids(server)
    # Offline, payouts are bounded: the service heard it from the sync thread.
    qtbot.waitUntil(lambda: call(qtbot, app, lambda s: s._ctx.online) is False, timeout=10_000)

    server.start()
    qtbot.waitUntil(lambda: bar.text().endswith(" · 0 menunggu"), timeout=30_000)
    assert bar.text().startswith("Daring · sinkron ")
    assert app.sync.status.state == ONLINE
    assert call(qtbot, app, lambda s: s._ctx.online) is True
    held = server_event_ids(server)
    assert {member.event_id, deposit.event_id} <= held
