"""``lumbung --self-test``: prove a PC can run Lumbung, in one command, without touching its data.

Everything runs in a throwaway data directory and offscreen (unless ``QT_QPA_PLATFORM`` says
otherwise): a store is created and migrated; a branch is set up, a drawer opened, a member
registered, a deposit posted and reversed by a supervisor, all through
:class:`desktop.services.BranchService` as the counter does; the balances are checked, the
receipts are written as PDF, the store is reopened, and the main window is shown over it. The
last step looks at the real data directory: writable, and a store there that this app can open.

Each step prints one line; the first failure stops the run with exit status 1. The report is
also saved as ``<data dir>/logs/self-test.txt``, because the windowed ``lumbung.exe`` has no
console to print to (``lumbung-console.exe`` has one).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ledger.errors import LumbungError

SUPERVISOR = ("uji.supervisor", "Supervisor Uji", "uji-rahasia-1")
TELLER = ("uji.teller", "Teller Uji", "uji-rahasia-2")
OPENING_FLOAT = 1_000_000
DEPOSIT = 250_000
PDF_MIN_BYTES = 1_000

#: The platform plugin a real window needs on each OS (checked, not loaded: the test is
#: offscreen).
NATIVE_PLATFORM = {"win32": "qwindows", "darwin": "qcocoa"}


class StepFailed(Exception):
    """A check inside a step did not hold."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lumbung")
    except PackageNotFoundError:  # frozen builds carry no package metadata
        return "frozen" if getattr(sys, "frozen", False) else "source"


@dataclass
class Run:
    """What the steps share: the scratch directory, the service, who is at the counter."""

    data_dir: Path
    scratch: Path
    qapp: Any = None
    service: Any = None
    supervisor: Any = None
    teller: Any = None
    member_id: str = ""
    pokok: int = 0
    deposit: Any = None
    reversal: Any = None
    balances: dict[str, int] = field(default_factory=dict)


# Steps ------------------------------------------------------------------------------------
# Each returns the detail printed after its name.


def step_qt(run: Run) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, qVersion
    from PySide6.QtWidgets import QApplication

    run.qapp = QApplication.instance() or QApplication(sys.argv[:1])
    if QApplication.platformName() == "offscreen":
        from desktop.demo import quiet_offscreen_warnings

        quiet_offscreen_warnings()
    native = NATIVE_PLATFORM.get(sys.platform, "qxcb")
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    roots = [*QCoreApplication.libraryPaths(), plugins]
    folders = [Path(p) / "platforms" for p in dict.fromkeys(roots)]
    found = [f for f in folders if f.is_dir() and any(native in p.name for p in f.iterdir())]
    check(found, f"Qt platform plugin {native} not found in {folders}")
    return (
        f"Qt {qVersion()} (PySide6 {pyside_version}), platform "
        f"{QApplication.platformName()}, {native} plugin present"
    )


def step_resources(run: Run) -> str:
    from PySide6.QtCore import QCoreApplication

    from desktop import i18n

    root = i18n.resources_dir()
    needed = [
        root / "icons" / "lumbung.svg",
        root / "style" / "lumbung.qss",
        *(i18n.i18n_dir() / f"{name}_id.qm" for name in i18n.CATALOGUES),
    ]
    missing = [str(p) for p in needed if not p.is_file()]
    check(not missing, f"missing: {', '.join(missing)}")
    i18n.install(run.qapp, "id")
    save = QCoreApplication.translate("QPlatformTheme", "Save")
    check(save == "Simpan", f"Indonesian catalogue not applied ('Save' -> {save!r})")
    return f"{root} (icon, stylesheet, {len(i18n.CATALOGUES)} catalogues; 'Save' -> 'Simpan')"


def _service(run: Run) -> Any:
    from desktop.services import BranchService
    from desktop.store.paths import store_path

    return BranchService(store_path(run.scratch))


def step_store(run: Run) -> str:
    from desktop.store.schema import MIGRATIONS, known_migrations

    run.service = _service(run)
    db = run.service.store.db
    applied = [m.name for m in MIGRATIONS.applied(db)]
    check(applied == known_migrations(), f"migrations {applied} != {known_migrations()}")
    mode = db.conn.execute("PRAGMA journal_mode").fetchone()[0]
    check(mode == "wal", f"journal mode {mode}")
    return f"{run.service.store.path}: migrations {', '.join(applied)}; WAL"


def step_branch(run: Run) -> str:
    service = run.service
    username, full_name, password = SUPERVISOR
    run.supervisor = service.initialise(
        cooperative_name="KSP Uji Mandiri",
        branch_id="UJI",
        branch_name="Cabang Uji",
        device_no=1,
        supervisor_username=username,
        supervisor_full_name=full_name,
        supervisor_password=password,
    )
    username, full_name, password = TELLER
    service.add_staff(
        actor=run.supervisor,
        username=username,
        full_name=full_name,
        role="teller",
        password=password,
    )
    run.teller = service.authenticate(username, password)  # argon2id, as at the login screen
    return f"branch UJI set up; supervisor and teller {run.teller.username} logged in"


def step_drawer(run: Run) -> str:
    from ledger.money import format_rupiah

    session = run.service.open_session(actor=run.teller, opening_float=OPENING_FLOAT)
    check(session.status == "open", f"drawer is {session.status}")
    return f"opened with {format_rupiah(OPENING_FLOAT)}"


def step_member(run: Run) -> str:
    from ledger.members import RegistrationInput
    from ledger.nik import make_nik

    form = RegistrationInput(
        nik=make_nik("510405", dt.date(1985, 3, 14), "P", 1),
        name="Ni Made Uji Coba",
        birth_place="Gianyar",
        address="Jalan Uji No. 1, Ubud",
        phone="0812 0000 0000",
        occupation="Pedagang",
        mother_maiden_name="Ni Ketut Contoh",
    )
    result = run.service.register_member(form, actor=run.teller)
    run.member_id = result.member_id
    run.pokok = run.service.pokok_amount()
    check(result.balances["pokok"] == run.pokok, f"pokok balance {result.balances}")
    detail = run.service.member_detail(run.member_id)
    return f"{detail.member_no} {detail.name}, simpanan pokok {run.pokok}"


def step_deposit(run: Run) -> str:
    run.deposit = run.service.deposit(run.member_id, "sukarela", DEPOSIT, actor=run.teller)
    check(run.deposit.balances["sukarela"] == DEPOSIT, f"balances {run.deposit.balances}")
    return f"receipt {run.deposit.receipt_no}: sukarela {DEPOSIT}"


def step_reversal(run: Run) -> str:
    username, _, password = SUPERVISOR
    boss = run.service.authorise(username, password, for_user=run.teller)
    run.reversal = run.service.reverse(
        run.deposit.event_id, "uji mandiri PC", actor=run.teller, authorizer=boss
    )
    check(run.reversal.balances["sukarela"] == 0, f"balances {run.reversal.balances}")
    return f"receipt {run.reversal.receipt_no}, authorised by {boss.username}"


def _expected_balances(run: Run) -> dict[str, int]:
    return {"pokok": run.pokok, "wajib": 0, "sukarela": 0}


def step_balances(run: Run) -> str:
    from ledger.money import format_rupiah

    service = run.service
    balances = service.member_detail(run.member_id).balances
    check(balances == _expected_balances(run), f"member balances {balances}")
    session = service.current_session(run.teller.user_id)
    cash = OPENING_FLOAT + run.pokok
    check(session.expected_cash == cash, f"drawer holds {session.expected_cash}, not {cash}")
    ledger = service.trial_balance()
    check(sum(ledger.values()) == 0, f"trial balance is off by {sum(ledger.values())}")
    forward = service.journal_lines(run.deposit.event_id)
    back = service.journal_lines(run.reversal.event_id)
    mirrored = sorted((line.account, line.credit, line.debit) for line in forward)
    check(
        sorted((line.account, line.debit, line.credit) for line in back) == mirrored,
        "the reversal's journal lines do not mirror the deposit's",
    )
    run.balances = balances
    shown = ", ".join(f"{k} {format_rupiah(v)}" for k, v in balances.items())
    return f"member {shown}; drawer {format_rupiah(cash)}; {len(ledger)} accounts sum to 0"


def _check_pdf(path: Path) -> int:
    data = path.read_bytes()
    check(data.startswith(b"%PDF-"), f"{path.name} is not a PDF")
    check(data.rstrip().endswith(b"%%EOF"), f"{path.name} is cut short")
    check(len(data) >= PDF_MIN_BYTES, f"{path.name} is only {len(data)} bytes")
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    check(pages == 1, f"{path.name} has {pages} pages")
    return len(data)


def step_receipt(run: Run) -> str:
    from desktop.receipts import archive_path, write_pdf

    sizes = []
    for posted in (run.deposit, run.reversal):
        receipt = run.service.receipt(posted.event_id)
        # Branch, this PC's number (1 at setup), the PC's own sequence.
        check(str(receipt.receipt_no).startswith("UJI/01/"), f"receipt no. {receipt.receipt_no}")
        path = write_pdf(receipt, archive_path(run.scratch / "receipts", receipt))
        sizes.append(f"{receipt.receipt_no}: {path.name} {_check_pdf(path)} bytes")
    return "; ".join(sizes)


def step_restart(run: Run) -> str:
    run.service.close()
    run.service = None
    service = _service(run)
    try:
        balances = service.member_detail(run.member_id).balances
        check(balances == run.balances, f"after reopening: {balances}")
    finally:
        service.close()
    backups = sorted(p.name for p in run.scratch.glob("*backup*"))
    check(not backups, f"an up-to-date store was backed up again: {backups}")
    return "reopened: same balances, no migration, no backup"


def step_window(run: Run) -> str:
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop.app import LumbungApp

    app = LumbungApp(run.qapp, run.scratch, lang="id", lock_minutes=60)
    loop = QEventLoop()
    states: list[Any] = []

    def loaded(state: Any) -> None:
        states.append(state)
        loop.quit()

    app.window.state_loaded.connect(loaded)
    QTimer.singleShot(15_000, loop.quit)
    try:
        app.start()
        if not states:
            loop.exec()
        check(states, "the main window did not hear from the store within 15 s")
        check(getattr(states[0], "initialised", False), "the window did not see the branch")
        image = app.window.grab().toImage()
        check(image.width() > 100 and image.height() > 100, f"window is {image.size()}")
        size = f"{image.width()}x{image.height()}"
    finally:
        app.shutdown()
        app.window.close()
    return f"main window shown ({size}), login screen for the branch"


def step_data_dir(run: Run) -> str:
    from desktop.backup import read_facts
    from desktop.store.paths import store_path

    run.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=run.data_dir, prefix=".write-check-"):
        pass
    store = store_path(run.data_dir)
    if not store.exists():
        return f"{run.data_dir}: writable; no branch data yet"
    facts = read_facts(store)  # refuses a damaged store or one from a newer Lumbung
    note = f"; will migrate ({', '.join(facts.pending)}), after a backup" if facts.pending else ""
    return f"{run.data_dir}: writable; {facts.describe()}{note}{device_numbers(store)}"


def device_numbers(store: Path) -> str:
    """This PC's number and the numbers it knows of the branch's other PCs (read-only)."""
    import sqlite3

    conn = sqlite3.connect(f"{store.as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT device_id, device_no, branch_id FROM device").fetchone()
        if row is None:
            return ""
        device_id, own, branch = row
        try:
            known = conn.execute(
                "SELECT device_id, device_no FROM device_numbers WHERE branch_id = ?"
                " AND from_seq > 0 ORDER BY device_id, from_seq",
                (branch,),
            ).fetchall()
        except sqlite3.OperationalError:
            known = []  # a store from before device numbers (migrates on the next start)
    finally:
        conn.close()
    current = {d: n for d, n in known}  # the latest in force per device
    others = sorted(n for d, n in current.items() if d != device_id)
    listed = ", ".join(f"{n:02d}" for n in others) or "none known"
    return (
        f"; this PC is PC {int(current.get(device_id, own)):02d} of {branch}; other PCs: {listed}"
    )


STEPS: list[tuple[str, Callable[[Run], str]]] = [
    ("Qt", step_qt),
    ("resources", step_resources),
    ("store", step_store),
    ("branch", step_branch),
    ("drawer", step_drawer),
    ("member", step_member),
    ("deposit", step_deposit),
    ("reversal", step_reversal),
    ("balances", step_balances),
    ("receipt PDF", step_receipt),
    ("restart", step_restart),
    ("window", step_window),
    ("data directory", step_data_dir),
]


class Report:
    """Lines to the console (when there is one) and to the saved report."""

    def __init__(self, out: TextIO | None) -> None:
        self.out = out
        reconfigure = getattr(out, "reconfigure", None)
        if reconfigure is not None:
            # A redirected console on Windows may not encode a user's name in a path: replace
            # the character rather than lose the report.
            reconfigure(errors="replace")
        self.lines: list[str] = []

    def __call__(self, line: str) -> None:
        self.lines.append(line)
        if self.out is not None:
            print(line, file=self.out, flush=True)

    def save(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        except OSError as exc:
            self(f"(report not saved to {path}: {exc})")


def _failure(error: BaseException) -> str:
    if isinstance(error, LumbungError):
        return error.message_en
    if isinstance(error, StepFailed):
        return str(error)
    return f"{type(error).__name__}: {error}"


def run_self_test(data_dir: Path, out: TextIO | None = None) -> int:
    """Run every step; 0 when all passed, 1 at the first failure (see module docstring)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = Report(out if out is not None else sys.stdout)
    kind = "frozen" if getattr(sys, "frozen", False) else "from source"
    report(
        f"Lumbung self-test {app_version()} ({kind}), {platform.platform()}, "
        f"Python {platform.python_version()}, {dt.datetime.now():%Y-%m-%d %H:%M:%S}"
    )
    started = time.perf_counter()
    failed = ""
    with tempfile.TemporaryDirectory(
        prefix="lumbung-self-test-", ignore_cleanup_errors=True
    ) as scratch:
        run = Run(data_dir=data_dir, scratch=Path(scratch))
        try:
            for name, step in STEPS:
                t0 = time.perf_counter()
                try:
                    detail = step(run)
                except Exception as exc:
                    report(f"[FAIL] {name}: {_failure(exc)}")
                    if not isinstance(exc, StepFailed | LumbungError):
                        report(traceback.format_exc().rstrip())
                    failed = name
                    break
                report(f"[ ok ] {name}: {detail} ({(time.perf_counter() - t0) * 1000:.0f} ms)")
        finally:
            if run.service is not None:
                run.service.close()
    total = time.perf_counter() - started
    if failed:
        report(f"FAILED at step '{failed}' after {total:.1f} s")
    else:
        report(f"PASSED: {len(STEPS)} steps in {total:.1f} s")
    report.save(data_dir / "logs" / "self-test.txt")
    return 1 if failed else 0
