"""Screenshots of the end of day and the reports, over demo data and a real sync server.

Used by ``docs/screenshots/make_eod_screenshots.py``. The evening, as at a branch:

1. The demo branch works today (deposits, a withdrawal, a loan instalment, a drawer closed a
   little short), is enrolled with head office and syncs.
2. The supervisor opens the day close: it compares with head office by itself (agreed), and
   closes the day; the end-of-day report PDF is written.
3. Every report on screen, and as PDF (rendered to PNG with pdftoppm).
4. The next day head office's copy of a deposit has been altered: the day close lists the
   difference.
5. Head office's own reports across branches (``lumbung-server report ... --format pdf``).

Head office's side runs through the server's command line in subprocesses and, to alter its
copy for step 4, through SQLite directly: the desktop never imports the server's code.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.demo import logins, seed
from desktop.demo_sync import enrol_demo, server_cli
from desktop.ops.drawer import CloseDrawer, CurrentSession, OpenDrawer
from desktop.ops.savings import Deposit, Withdraw
from desktop.reports.render import report_path, write_pdf
from desktop.screenshots import Driver, Shots, grab
from desktop.sync_screenshots import DemoServer, _open_app, _save, _submit
from desktop.sync_worker import ONLINE
from desktop.views.reports import REPORTS
from ledger.canonical import canonical_json
from ledger.policy import DENOMINATIONS


def take_eod(qapp: QApplication, out_dir: Path, *, lang: str = "id") -> Shots:
    """Run the story above and save its screens in ``out_dir``."""
    shots = Shots()
    with tempfile.TemporaryDirectory(prefix="lumbung-eod-shots-") as tmp:
        root = Path(tmp)
        server = DemoServer(root / "server")
        server.start()
        try:
            _evening(qapp, root / "branch", server, out_dir, shots, lang)
            _head_office(server, out_dir, shots)
        finally:
            server.stop()
    return shots


def pdf_png(pdf: Path, out: Path, *, dpi: int = 80) -> Path | None:
    """The PDF's first page as PNG (pdftoppm), or None where poppler is not installed."""
    if shutil.which("pdftoppm") is None:
        return None
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(stem)],
        check=True,
    )  # fmt: skip
    return out


def _pieces(amount: int) -> dict[int, int]:
    pieces = {}
    for d in sorted(DENOMINATIONS, reverse=True):
        n, amount = divmod(amount, d)
        if n:
            pieces[d] = n
    return pieces


def _evening(
    qapp: QApplication, data_dir: Path, server: DemoServer, out: Path, shots: Shots, lang: str
) -> None:
    _, info = seed(data_dir)
    (teller, teller_pw), (supervisor, supervisor_pw) = logins(info)
    app = _open_app(qapp, data_dir, lang)
    app.window.resize(1600, 940)
    d = Driver(app, timeout=90)
    w = app.window
    try:
        d.wait(lambda: app.ctx.branch, "the store")
        d.login(supervisor, supervisor_pw)
        boss = app.ctx.user
        w.lock()
        w.login_page.username.clear()
        d.login(teller, teller_pw)
        user = app.ctx.user
        assert user is not None and boss is not None
        if app.ctx.session is None:
            app.ctx.set_session(_submit(d, OpenDrawer(user, 10_000_000)))
        members = d.call(lambda s: [m.member_id for m in s.search_members("BR", 6)])
        for member_id, amount in zip(members, (750_000, 1_250_000, 300_000), strict=False):
            _submit(d, Deposit(member_id, "sukarela", amount, user, boss))
        _submit(d, Withdraw(members[0], "sukarela", 150_000, user, boss))
        _repay_a_loan(d, user, boss)
        session = _submit(d, CurrentSession(user.user_id))
        _submit(d, CloseDrawer(user, _pieces(session.expected_cash - 5_000), boss))

        enrol_demo(data_dir, server.url, server.server_dir)
        app.sync.enrolled()
        d.wait(lambda: app.sync.status.state == ONLINE and app.sync.status.pending == 0, "sync")
        w.lock()
        w.login_page.username.clear()
        d.login(supervisor, supervisor_pw)

        dialog = w.eod_menu.close_day()
        assert dialog is not None
        compared: list[Any] = []
        dialog.compared.connect(compared.append)
        d.wait(lambda: compared and not dialog.comparing, "the comparison")
        _save(shots, out, "day_close_agreed", grab(w, dialog))
        shots.facts["agreed"] = compared[0].status
        closed: list[Any] = []
        dialog.closed_day.connect(closed.append)
        dialog.close_day_button.click()  # the summary to confirm, with a reason if asked
        summary = dialog.summary
        assert summary is not None
        if summary.problems:
            summary.reason.setText("Selisih kas sudah diperiksa bersama teller")
        _save(shots, out, "day_close_summary", grab(w, summary))
        summary.ok.click()
        d.wait(lambda: closed and dialog.report_file is not None, "the close")
        d.wait(lambda: "Ditutup" in dialog.status.text() or "Closed" in dialog.status.text(), "")
        _save(shots, out, "day_close_closed", grab(w, dialog))
        shots.facts["closed"] = closed[0]
        eod_pdf = out / "report_end_of_day.pdf"
        assert dialog.report_file is not None
        shutil.copy(dialog.report_file, eod_pdf)
        if pdf_png(eod_pdf, out / "report_end_of_day_pdf.png"):
            shots.files.append(out / "report_end_of_day_pdf.png")
        eod_pdf.unlink()
        dialog.reject()

        _reports(d, w, out, shots, members[0])
        _mismatch(d, app, w, user, boss, members[1], server, out, shots, teller, teller_pw,
                  supervisor, supervisor_pw)  # fmt: skip
    finally:
        app.shutdown()


def _repay_a_loan(d: Driver, user: Any, boss: Any) -> None:
    def pay(s: Any) -> None:
        loans = s.loans_with_status("open")
        if loans:
            s.repay_loan(loans[0].loan_id, 200_000, actor=user, authorizer=boss)

    d.call(pay)


def _reports(d: Driver, w: Any, out: Path, shots: Shots, member_id: str) -> None:
    member_no = str(d.call(lambda s: s.member_detail(member_id).member_no))
    dialog = w.eod_menu.reports()
    assert dialog is not None
    dialog.member_no.setText(member_no)
    dialog.start.setDate(dialog.start.date().addDays(-30))
    closed_day = dialog.day.date().addDays(-1)  # the business date moved on at the close
    for kind, _name, inputs in REPORTS:
        dialog.select(kind)
        dialog.day.setDate(
            closed_day if inputs in ("day", "as_of", "member") else dialog.day.date()
        )
        shown: list[Any] = []
        dialog.shown.connect(shown.append)
        dialog.show_report()
        d.wait(lambda: bool(shown), f"the {kind} report")  # noqa: B023 (waited on at once)
        dialog.shown.disconnect()
        _save(shots, out, f"report_{kind}", grab(w, dialog))
        if kind == "end_of_day":
            continue  # its PDF is the one the close wrote
        pdf = write_pdf(shown[0], report_path(out / "pdf-tmp", shown[0]))
        if pdf_png(pdf, out / f"report_{kind}_pdf.png"):
            shots.files.append(out / f"report_{kind}_pdf.png")
    shutil.rmtree(out / "pdf-tmp", ignore_errors=True)
    dialog.reject()


def _mismatch(d: Driver, app: Any, w: Any, user: Any, boss: Any, member_id: str,
              server: DemoServer, out: Path, shots: Shots, teller: str, teller_pw: str,
              supervisor: str, supervisor_pw: str) -> None:  # fmt: skip
    """The next business day: head office's copy of a deposit was altered."""
    w.lock()
    w.login_page.username.clear()
    d.login(teller, teller_pw)
    app.ctx.set_session(_submit(d, OpenDrawer(user, 5_000_000)))
    posted = _submit(d, Deposit(member_id, "sukarela", 400_000, user, boss))
    _submit(d, Withdraw(member_id, "sukarela", 100_000, user, boss))
    session = _submit(d, CurrentSession(user.user_id))
    _submit(d, CloseDrawer(user, _pieces(session.expected_cash), boss))
    app.sync.sync_now()
    d.wait(lambda: app.sync.status.pending == 0 and app.sync.status.state == ONLINE, "sync")
    _alter_at_head_office(server, posted.event_id, 40_000)
    w.lock()
    w.login_page.username.clear()
    d.login(supervisor, supervisor_pw)
    dialog = w.eod_menu.close_day()
    assert dialog is not None
    compared: list[Any] = []
    dialog.compared.connect(compared.append)
    d.wait(lambda: compared and not dialog.comparing, "the comparison")
    d.wait(lambda: dialog.mismatches.rowCount() > 0, "the difference")
    dialog.reason.setText("Setoran tercatat berbeda di kantor pusat; dilaporkan ke TI")
    _save(shots, out, "day_close_mismatch", grab(w, dialog))
    shots.facts["mismatch"] = compared[0].mismatches
    dialog.reject()


def _alter_at_head_office(server: DemoServer, event_id: str, amount: int) -> None:
    db = sqlite3.connect(server.server_dir / "central.sqlite3")
    try:
        (body,) = db.execute("SELECT body FROM events WHERE event_id = ?", (event_id,)).fetchone()
        event = json.loads(body)
        event["payload"]["amount"] = amount
        with db:
            db.execute(
                "UPDATE events SET body = ? WHERE event_id = ?",
                (canonical_json(event).decode(), event_id),
            )
    finally:
        db.close()


def _head_office(server: DemoServer, out: Path, shots: Shots) -> None:
    for kind in ("loans", "trial-balance", "recon"):
        pdf = out / f"hq_{kind}.pdf"
        server_cli(server.server_dir, "report", kind, "--format", "pdf", "--out", str(pdf))
        png = pdf_png(pdf, out / f"hq_report_{kind.replace('-', '_')}.png")
        if png is not None:
            shots.files.append(png)
        pdf.unlink()
    shots.facts["recon"] = server_cli(server.server_dir, "recon", "list")
