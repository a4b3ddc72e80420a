"""Screenshots of a branch with several PCs, over demo data and a real sync server process.

Used by ``docs/screenshots/make_pc_screenshots.py``. The story:

1. The demo branch's PC (stand-alone, seeded) enrols with head office: it keeps number 01.
2. A second PC of the branch enrols through the first-run page, leaving its number to head
   office (the form before the click: ``enrol_assigned``); it becomes PC 02. Its member screen
   shows the history from before its enrolment, back to the window's opening balance
   (``second_pc_member_history``), and an old receipt reprints with the first PC's figures
   (``second_pc_reprint``).
3. PC 02 takes Rp 11.500.000 of deposits while its link is down, and reports what it holds.
4. The supervisor on PC 01 opens the day close: PC 01 itself agrees with head office, but the
   row for PC 02 shows three transactions waiting, and the close cannot say "matches head
   office" without a reason (``day_close_pcs``).

Head office's side runs through the server's command line in subprocesses; the desktop never
imports the server's code.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.demo import logins, seed
from desktop.demo_sync import enrol_demo, issue_code
from desktop.screenshots import Driver, Shots, grab
from desktop.store import Store
from desktop.store.paths import store_path
from desktop.sync import engine_for
from desktop.sync import numbering as sync_numbering
from desktop.sync_screenshots import DemoServer, _open_app, _save
from desktop.sync_worker import ONLINE
from ledger.events import SavingsDeposited, TellerSessionOpened
from ledger.ids import uuid7

#: The history window head office gives a new PC in these pictures (days).
HISTORY_DAYS = 10

#: What PC 02 takes while offline (the Rp 11.5 M of the issue that asked for this).
OFFLINE_DEPOSITS = (5_000_000, 4_000_000, 2_500_000)


def take_pcs(qapp: QApplication, out_dir: Path, *, lang: str = "id") -> Shots:
    """Run the story above and save its screens in ``out_dir``."""
    shots = Shots()
    with tempfile.TemporaryDirectory(prefix="lumbung-pc-shots-") as tmp:
        root = Path(tmp)
        # A short history window, so that PC 02 shows where its history begins.
        os.environ["LUMBUNG_SERVER_HISTORY_DAYS"] = str(HISTORY_DAYS)
        server = DemoServer(root / "server")
        server.start()
        try:
            first = root / "pc1"
            _, info = seed(first)
            enrol_demo(first, server.url, server.server_dir, first_sync=True)  # history up
            _second_pc(qapp, root / "pc2", server, out_dir, shots, lang)
            _second_pc_history(qapp, root / "pc2", info, out_dir, shots, lang)
            _offline_deposits(root / "pc2", shots)
            _day_close(qapp, first, info, out_dir, shots, lang)
        finally:
            server.stop()
    return shots


def _second_pc(
    qapp: QApplication, data_dir: Path, server: DemoServer, out: Path, shots: Shots, lang: str
) -> None:
    code = issue_code(server.server_dir, "BR01", "Cabang Ubud")
    data_dir.mkdir(parents=True)
    app = _open_app(qapp, data_dir, lang)
    d = Driver(app, timeout=90)
    w = app.window
    try:
        d.wait(lambda: w.stack.currentIndex() == 1, "the first-run page")
        form = w.setup_page.enrol_form
        d.type(form.server_url, server.url)
        d.type(form.enrol_code, code)
        form.device_name.setText("PC-TELLER-2")
        form.enrol_device_no.setValue(0)  # "assigned by head office"
        _save(shots, out, "enrol_assigned", grab(w))
        identities: list[Any] = []
        form.enrolled.connect(identities.append)
        form.enrol_button.click()
        d.wait(lambda: identities, "the enrolment")
        shots.facts["device_no"] = identities[0].device_no
        shots.facts["enrolled_text"] = form.enrol_status.text()
        d.wait(lambda: w.stack.currentIndex() == 0 and bool(app.ctx.branch), "the login page")
    finally:
        app.shutdown()


def _second_pc_history(
    qapp: QApplication, data_dir: Path, info: Any, out: Path, shots: Shots, lang: str
) -> None:
    """PC 02 just after its enrolment: a member's history from before it (the window head
    office sent, then the opening balance), and an old receipt reprinted with F7."""
    app = _open_app(qapp, data_dir, lang)
    d = Driver(app, timeout=90)
    w = app.window
    try:
        (teller, teller_pw), _ = logins(info)
        d.wait(lambda: app.sync.status.state == ONLINE, "the first sync")
        d.login(teller, teller_pw)

        def pick(s: Any) -> str:
            # The member with the most lines held here among those whose history began before
            # the window (the screen then shows both).
            best, lines = "", -1
            for (member_id,) in s.store.conn.execute(
                "SELECT member_id FROM members WHERE home_branch = 'BR01'"
            ):
                rows = s.member_history(member_id)
                if any(r.type == "OpeningBalance" for r in rows) and len(rows) > lines:
                    best, lines = member_id, len(rows)
            return best

        member_id = d.call(pick)
        d.open_member(member_id)
        rows = w.detail.page.history if w.detail.page else []
        shots.facts["pc2_history"] = [(r.type, r.amount, r.balance_after) for r in rows]
        _save(shots, out, "second_pc_member_history", grab(w))
        today = dt.date.today().isoformat()
        old = next(i for i, r in enumerate(rows) if r.receipt_no and r.business_date < today)
        w.detail.history.setCurrentCell(old, 0)
        shown: list[Any] = []
        w.receipt_shown.connect(shown.append)
        w.reprint()
        dialog = d.wait(lambda: shown and shown[0], "the reprint")
        shots.facts["pc2_reprint"] = (dialog.receipt.receipt_no, dialog.receipt.balance_after)
        _save(shots, out, "second_pc_reprint", grab(w, dialog))
        dialog.accept()
    finally:
        app.shutdown()


def _offline_deposits(data_dir: Path, shots: Shots) -> None:
    """PC 02 takes deposits with its link down, then reaches head office only to report
    (as a round does when the push fails part-way: the report tells what it still holds)."""
    store = Store(store_path(data_dir))
    try:
        member_id = store.conn.execute(
            "SELECT member_id FROM members WHERE home_branch = 'BR01' ORDER BY member_no LIMIT 1"
        ).fetchone()[0]
        teller = store.conn.execute(
            "SELECT user_id FROM staff WHERE role = 'teller' ORDER BY username LIMIT 1"
        ).fetchone()[0]
        session = uuid7()
        today = dt.date.today().isoformat()
        with store.transaction():
            store.append(
                TellerSessionOpened(session, teller, 20_000_000), actor=teller, business_date=today
            )
        with store.transaction():
            for amount in OFFLINE_DEPOSITS:
                store.append(
                    SavingsDeposited(member_id, "sukarela", amount, session),
                    actor=teller,
                    business_date=today,
                )
        engine = engine_for(store)
        assert engine is not None
        try:
            sync_numbering.report(store, engine.client)
        finally:
            engine.client.close()
        shots.facts["pc2_waiting"] = store.pending_count()
    finally:
        store.close()


def _day_close(
    qapp: QApplication, data_dir: Path, info: Any, out: Path, shots: Shots, lang: str
) -> None:
    _, (supervisor, supervisor_pw) = logins(info)
    app = _open_app(qapp, data_dir, lang)
    app.window.resize(1600, 1000)
    d = Driver(app, timeout=120)
    w = app.window
    try:
        d.wait(lambda: app.ctx.branch, "the store")
        app.sync.enrolled()
        d.wait(lambda: app.sync.status.state == ONLINE and app.sync.status.pending == 0, "sync")
        d.login(supervisor, supervisor_pw)
        dialog = w.eod_menu.close_day()
        assert dialog is not None
        compared: list[Any] = []
        dialog.compared.connect(compared.append)
        d.wait(lambda: compared and not dialog.comparing, "the comparison")
        view = dialog.view
        assert view is not None
        shots.facts["pcs"] = [(pc.label, pc.waiting, pc.problems) for pc in view.pcs]
        shots.facts["blockers"] = [b.kind for b in view.pc_blockers]
        _save(shots, out, "day_close_pcs", grab(w, dialog))
        dialog.reject()
    finally:
        app.shutdown()
