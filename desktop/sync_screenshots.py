"""Screenshots of sync at work, over demo data and a real sync server process.

Used by ``docs/screenshots/make_screenshots.py``. The story it tells, as at a branch:

1. The demo branch (stand-alone, seeded) is enrolled with head office while the teller works;
   its history goes up (status bar "syncing", with the progress bar), then "online".
2. Head office goes out of reach; the teller keeps posting ("offline, 2 waiting").
3. A PC of another branch paid out offline more than a member held, and registered a NIK this
   branch already had: head office's review cases reach the supervisor's queue.
4. A new PC for the branch: the enrolment page, then the branch snapshot loading.

Head office's side runs through the server's command line in subprocesses; the desktop never
imports the server's code.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from desktop.app import LumbungApp
from desktop.demo import logins, seed
from desktop.demo_sync import enrol_demo, issue_code, server_env, wait_ready
from desktop.ops.drawer import OpenDrawer
from desktop.ops.savings import Deposit
from desktop.screenshots import Driver, Shots, grab
from desktop.sync.client import SyncClient
from desktop.sync_worker import OFFLINE, ONLINE
from ledger.events import DeviceChain, Event, SavingsWithdrawn, TellerSessionOpened
from ledger.ids import uuid7
from ledger.members import RegistrationInput, build_registration

#: Snapshot rows per page for the demo server: a small branch still loads page by page.
SNAPSHOT_PAGE_ROWS = 60


class DemoServer:
    """``python -m sync_server serve`` over a database in ``server_dir`` (restartable)."""

    def __init__(self, server_dir: Path) -> None:
        import socket

        self.server_dir = server_dir
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = server_env(self.server_dir)
        env["LUMBUNG_SERVER_SNAPSHOT_PAGE_ROWS"] = str(SNAPSHOT_PAGE_ROWS)
        env["LUMBUNG_SERVER_SNAPSHOT_MAX_LAG"] = "0"
        self.server_dir.mkdir(parents=True, exist_ok=True)
        with open(self.server_dir / "server.log", "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync_server", "serve", "--port", str(self.port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if not wait_ready(self.url, 60):
            raise RuntimeError("the sync server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def take_sync(qapp: QApplication, out_dir: Path, *, lang: str = "id") -> Shots:
    """Run the story above and save its screens in ``out_dir``."""
    shots = Shots()
    with tempfile.TemporaryDirectory(prefix="lumbung-sync-shots-") as tmp:
        root = Path(tmp)
        server = DemoServer(root / "server")
        server.start()
        try:
            _branch_story(qapp, root / "branch", server, out_dir, shots, lang)
            _new_pc_story(qapp, root / "new-pc", server, out_dir, shots, lang)
        finally:
            server.stop()
    return shots


def _save(shots: Shots, out_dir: Path, name: str, image: QImage) -> None:
    path = out_dir / f"{name}.png"
    image.save(str(path))
    shots.files.append(path)


def _open_app(qapp: QApplication, data_dir: Path, lang: str) -> LumbungApp:
    app = LumbungApp(qapp, data_dir, lang=lang, lock_minutes=60)
    app.window.resize(1366, 768)
    app.start()
    return app


def _submit(d: Driver, op: Any) -> Any:
    ticket = d.app.worker.submit(op)
    d.wait(lambda: ticket.done, "the store")
    if ticket.error is not None:
        raise ticket.error
    return ticket.result


def _grab_on_progress(
    app: LumbungApp, phase: str, when: Callable[[int, int], bool], take: Callable[[], None]
) -> Callable[[], bool]:
    """Take a picture the moment the sync thread reports ``phase`` at the wanted point (the
    widgets have just shown that report); returns a 'taken?' check."""
    taken: list[bool] = []

    def seen(reported: str, done: int, total: int) -> None:
        if not taken and reported == phase and when(done, total):
            taken.append(True)
            take()

    app.sync.progress.connect(seen)
    return lambda: bool(taken)


def _branch_story(
    qapp: QApplication, data_dir: Path, server: DemoServer, out: Path, shots: Shots, lang: str
) -> None:
    _, info = seed(data_dir)
    (teller, teller_pw), (supervisor, supervisor_pw) = logins(info)
    app = _open_app(qapp, data_dir, lang)
    d = Driver(app, timeout=60)
    w = app.window
    try:
        d.wait(lambda: app.ctx.branch, "the store")
        d.login(teller, teller_pw)
        user = app.ctx.user
        assert user is not None
        if app.ctx.session is None:
            app.ctx.set_session(_submit(d, OpenDrawer(user, 5_000_000)))
        member_id = _member_with_savings(d)
        name = str(d.call(lambda s: s.member_detail(member_id).name))
        d.type(w.search.field, name.split()[-1])
        d.wait(lambda: w.search.table.rowCount() > 0, "search results")
        d.open_member(member_id)

        # 1. Enrolled while the teller works: the history goes up, with the progress bar.
        enrol_demo(data_dir, server.url, server.server_dir)
        taken = _grab_on_progress(
            app,
            "push",
            lambda done, total: done < total,
            lambda: _save(shots, out, "sync_syncing", grab(w)),
        )
        app.sync.enrolled()
        d.wait(taken, "the push in progress")
        d.wait(lambda: app.sync.status.state == ONLINE and app.sync.status.pending == 0, "0")
        _save(shots, out, "sync_online", grab(w))
        shots.facts["pushed"] = app.sync.status

        # 2. Head office out of reach: the counter carries on, the postings wait.
        server.stop()
        for amount in (250_000, 1_000_000):
            _submit(d, Deposit(member_id, "sukarela", amount, user))
        app.sync.sync_now()
        d.wait(lambda: app.sync.status.state == OFFLINE and app.sync.status.pending >= 2, "off")
        _save(shots, out, "sync_offline", grab(w))
        _status_strip(shots, out, w)
        server.start()
        app.sync.sync_now()
        d.wait(lambda: app.sync.status.state == ONLINE and app.sync.status.pending == 0, "back")

        # 3. Another branch's offline payout and registration become review cases.
        cases = _other_branch_conflicts(d, server, member_id)
        app.sync.sync_now()
        d.wait(lambda: w.sync_menu.open_cases >= cases, "the review cases")
        w.lock()
        w.login_page.username.clear()
        d.login(supervisor, supervisor_pw)
        d.type(w.search.field, name.split()[-1])
        d.wait(lambda: w.search.table.rowCount() > 0, "search results")
        d.open_member(member_id)
        queue = w.sync_menu.open_review()
        assert queue is not None
        d.wait(lambda: queue.table.rowCount() >= cases, "the review queue")
        _save(shots, out, "review_queue", grab(w, queue))
        queue.resolve_button.click()
        decide = d.modal("resolveCaseDialog")
        decide.choices["collect"][0].setChecked(True)
        d.type(decide.note, "Anggota ditelepon 10.15; kelebihan penarikan ditagih")
        _save(shots, out, "review_decide", grab(w, decide))
        decide.reject()
        queue.reject()
        log_dialog = w.sync_menu.open_log()
        assert log_dialog is not None
        d.wait(lambda: log_dialog.table.rowCount() > 0, "the sync log")
        _save(shots, out, "sync_log", grab(w, log_dialog))
        log_dialog.reject()
        shots.facts["cases"] = queue.cases
    finally:
        app.shutdown()


def _new_pc_story(
    qapp: QApplication, data_dir: Path, server: DemoServer, out: Path, shots: Shots, lang: str
) -> None:
    """4. A new PC for the branch: enrolment, then the branch snapshot page by page."""
    code = issue_code(server.server_dir, "BR01", "Cabang Ubud")
    data_dir.mkdir(parents=True)
    app = _open_app(qapp, data_dir, lang)
    d = Driver(app, timeout=60)
    w = app.window
    try:
        d.wait(lambda: w.stack.currentIndex() == 1, "the first-run page")
        page = w.setup_page
        d.type(page.enrol_form.server_url, server.url)
        d.type(page.enrol_form.enrol_code, code)
        page.enrol_form.device_name.setText("PC-TELLER-2")
        page.enrol_form.enrol_device_no.setValue(2)
        _save(shots, out, "enrol", grab(w))
        page.enrol_form.enrol_button.click()  # the page follows the progress first, then the camera
        taken = _grab_on_progress(
            app,
            "snapshot",
            lambda done, total: total > 2 and done == total // 2,
            lambda: _save(shots, out, "bootstrap_progress", grab(w)),
        )
        d.wait(taken, "the snapshot loading")
        d.wait(lambda: w.stack.currentIndex() == 0 and bool(app.ctx.branch), "the login page")
    finally:
        app.shutdown()


def _member_with_savings(d: Driver) -> str:
    def pick(service: Any) -> str:
        best = ("", -1)
        for m in service.search_members("BR01", 200):
            detail = service.member_detail(m.member_id)
            if len(service.member_history(m.member_id, 50)) >= 4 and detail.status == "active":
                score = detail.balances["sukarela"]
                if 1_000_000 <= score <= 5_000_000 and score > best[1]:
                    best = (m.member_id, score)
        return best[0]

    member_id = str(d.call(pick))
    if not member_id:
        raise RuntimeError("no demo member with savings to show")
    return member_id


def _other_branch_conflicts(d: Driver, server: DemoServer, member_id: str) -> int:
    """A Gianyar PC, offline all morning, paid this member more than they held and registered
    someone whose NIK this branch already had; it syncs now. Returns the cases expected."""
    balance = int(d.call(lambda s: s.member_detail(member_id).balances["sukarela"]))
    twin = d.call(lambda s: s.member_detail(_another_member(s, member_id)))
    code = issue_code(server.server_dir, "BR02", "Cabang Gianyar")
    enrolled = SyncClient(server.url).enroll(code, device_name="PC-GIANYAR-1")
    chain = DeviceChain(enrolled.branch_id, enrolled.device_id)
    today = dt.date.today().isoformat()
    session = uuid7()
    events: list[Event] = [
        chain.make(
            TellerSessionOpened(session, "gianyar-teller", 5_000_000),
            actor="gianyar-teller",
            business_date=today,
        ),
        chain.make(
            SavingsWithdrawn(member_id, "sukarela", balance + 750_000, session),
            actor="gianyar-teller",
            business_date=today,
        ),
    ]
    form = RegistrationInput(
        nik=twin.nik,
        name=twin.name,
        birth_place=twin.birth_place or "Gianyar",
        address="Jl. Astina Utara, Gianyar",
        phone=twin.phone or "0812 0000 0000",
        occupation=twin.occupation or "Wiraswasta",
        mother_maiden_name=twin.mother_maiden_name or "Ni Ketut Rai",
    )
    events.append(
        chain.make(
            build_registration(
                form,
                member_id=uuid7(),
                member_no=f"{enrolled.branch_id}-01-00001",
                join_date=dt.date.today(),
                home_branch=enrolled.branch_id,
            ),
            actor="gianyar-teller",
            business_date=today,
        )
    )
    client = SyncClient(server.url, enrolled.token)
    try:
        client.push(events)
    finally:
        client.close()
    return 2


def _another_member(service: Any, not_this: str) -> str:
    for m in service.search_members("BR01", 50):
        if m.member_id != not_this:
            return str(m.member_id)
    raise RuntimeError("the demo has one member only")


def _status_strip(shots: Shots, out: Path, window: Any) -> None:
    """The three states of the status bar's sync part, one above the other, enlarged."""
    crops = []
    for name in ("sync_online", "sync_syncing", "sync_offline"):
        image = QImage(str(out / f"{name}.png"))
        bar_height = window.statusBar().height()
        crops.append(image.copy(QRect(image.width() - 760, image.height() - bar_height, 760,
                                      bar_height)))  # fmt: skip
    scale = 2
    width = crops[0].width() * scale
    height = sum(c.height() * scale for c in crops) + 8 * (len(crops) - 1)
    strip = QImage(width, height, QImage.Format.Format_RGB32)
    strip.fill(QColor("#d9d5c9"))
    painter = QPainter(strip)
    y = 0
    for crop in crops:
        painter.drawImage(QRect(0, y, width, crop.height() * scale), crop)
        y += crop.height() * scale + 8
    painter.end()
    _save(shots, out, "sync_status_bar", strip)
