"""Drive the real desktop offscreen over demo data and save what the screens look like.

Used by ``docs/screenshots/make_screenshots.py`` (the documentation's pictures) and by
``lumbung demo --headless`` (proof that the app starts and renders without a screen). The
driver works the screens as a teller would (typing into fields, pressing the same buttons) and
waits on the store worker; it never talks to SQL itself.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import LumbungApp
from desktop.receipts import THERMAL_80, render_image
from desktop.views.transaction import DEPOSIT
from desktop.worker import Call
from ledger.money import format_rupiah
from ledger.policy import DENOMINATIONS


@dataclass
class Shots:
    """What a run produced.

    Attributes:
        files: The PNG files written, in order.
        facts: Figures for the summary (member count, balances shown, receipt number...).
    """

    files: list[Path] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


class Driver:
    """Works the app's screens and waits for the store worker, without a test framework."""

    def __init__(self, app: LumbungApp, timeout: float = 20.0) -> None:
        self.app = app
        self.window = app.window
        self.timeout = timeout

    def wait(self, done: Callable[[], Any], what: str) -> Any:
        deadline = time.monotonic() + self.timeout
        while True:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            value = done()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what}")
            time.sleep(0.005)  # a script, not a test: let the worker thread run

    def call(self, fn: Callable[[Any], Any]) -> Any:
        ticket = self.app.worker.submit(Call(fn))
        self.wait(lambda: ticket.done, "the store")
        if ticket.error is not None:
            raise ticket.error
        return ticket.result

    def type(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        if hasattr(widget, "clear"):
            widget.clear()
        from PySide6.QtTest import QTest

        QTest.keyClicks(widget, text)

    def modal(self, name: str) -> Any:
        return self.wait(
            lambda: (
                (w := QApplication.activeModalWidget()) is not None and w.objectName() == name and w
            ),
            name,
        )

    def login(self, username: str, password: str) -> None:
        page = self.window.login_page
        self.type(page.username, username)
        self.type(page.password, password)
        page.submit.click()
        self.wait(lambda: self.app.ctx.user is not None, "login")

    def open_member(self, member_id: str) -> None:
        self.window.open_member(member_id)
        self.wait(lambda: self.window.detail.member_id == member_id, "member detail")


def _settle() -> None:
    """Let chained layout requests (a label got text, so its box grows, so...) all run."""
    for _ in range(6):
        QCoreApplication.processEvents()


def grab(window: QWidget, dialog: QWidget | None = None) -> QImage:
    """The window, with ``dialog`` drawn centred over a dimmed copy (as a teller sees it).

    Offscreen there is no window manager, so the dialog's title bar is drawn here.
    """
    _settle()
    image = window.grab().toImage()
    if dialog is None:
        return image
    dialog.adjustSize()
    _settle()
    shot = dialog.grab().toImage()
    bar = 30
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(0, 0, 0, 70))
    x = (image.width() - shot.width()) // 2
    y = max(4, (image.height() - shot.height() - bar) // 2)
    painter.fillRect(x - 1, y - 1, shot.width() + 2, shot.height() + bar + 2, QColor("#5b3a0c"))
    painter.fillRect(x, y, shot.width(), bar, QColor("#7a4f12"))
    font = painter.font()
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(
        x + 10, y, shot.width() - 20, bar, Qt.AlignmentFlag.AlignVCenter, dialog.windowTitle()
    )
    painter.drawImage(QPoint(x, y + bar), shot)
    painter.end()
    return image


def _counts_for(amount: int) -> dict[int, int]:
    counts: dict[int, int] = {}
    for denom in DENOMINATIONS:
        counts[denom], amount = divmod(amount, denom)
    return counts


def receipt_png(receipt: Any, pdf: Path | None, out: Path) -> Path:
    """The kept PDF rendered by pdftoppm when available, else the same layout drawn by Qt."""
    if pdf is not None and pdf.exists() and shutil.which("pdftoppm"):
        with tempfile.TemporaryDirectory() as tmp:
            stem = Path(tmp) / "page"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(stem)], check=True
            )
            shutil.copy(stem.with_suffix(".png"), out)
            return out
    render_image(receipt, THERMAL_80, dpi=200).save(str(out))
    return out


def take(
    app: LumbungApp,
    out_dir: Path,
    *,
    teller: tuple[str, str],
    supervisor: tuple[str, str],
) -> Shots:
    """Log in as ``teller`` and save the main screens as PNG files in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = Shots()
    d = Driver(app)
    w = app.window
    w.resize(1366, 768)  # the most common screen at a branch counter

    def save(name: str, image: QImage) -> None:
        path = out_dir / f"{name}.png"
        image.save(str(path))
        shots.files.append(path)

    # Login, with the username typed.
    d.wait(lambda: app.ctx.branch, "the store")
    d.type(w.login_page.username, teller[0])
    d.type(w.login_page.password, "********")
    save("login", grab(w))
    d.login(*teller)
    user = app.ctx.user
    assert user is not None
    if app.ctx.session is None:
        app.ctx.set_session(d.call(lambda s: s.open_session(actor=user, opening_float=5_000_000)))

    # Search as you type.
    query = _busy_query(d)
    d.type(w.search.field, query)
    d.wait(lambda: w.search.table.rowCount() > 1, "search results")
    shots.facts["search"] = (query, w.search.table.rowCount())
    save("member_search", grab(w))

    # The member with the longest history.
    ids = [m.member_id for m in w.search.results()]
    member_id = _richest_history(d, ids)
    w.search.table.selectRow(ids.index(member_id))
    d.open_member(member_id)
    w.detail.history.selectRow(0)
    page = w.detail.page
    assert page is not None
    shots.facts["member"] = (page.detail.name, page.detail.member_no, dict(page.detail.balances))
    save("member_detail", grab(w))

    # Deposit with the amount in words, then post it for a real receipt.
    w.transaction(DEPOSIT)
    dialog = d.modal("transactionDialog")
    d.type(dialog.amount, "1.500.000")
    save("deposit_terbilang", grab(w, dialog))
    dialog.ok.click()
    box = d.modal("confirmBox")
    received: list[Any] = []
    w.receipt_shown.connect(received.append)
    box.button(box.StandardButton.Yes).click()
    receipt_dialog = d.wait(lambda: received and received[0], "the receipt")
    receipt = receipt_dialog.receipt
    pdf = app.ctx.receipts_dir
    kept = sorted(pdf.rglob("*.pdf"), key=lambda p: p.stat().st_mtime)
    shots.facts["receipt"] = (receipt.receipt_no, receipt.amount, kept[-1] if kept else None)
    save("receipt_dialog", grab(w, receipt_dialog))
    receipt_dialog.accept()
    path = receipt_png(receipt, kept[-1] if kept else None, out_dir / "receipt_pdf.png")
    shots.files.append(path)
    d.wait(lambda: w.detail.balances["sukarela"].text() != "", "refresh")

    # Over the teller limit: the supervisor's authorisation (cancelled, nothing posted).
    w.transaction(DEPOSIT)
    dialog = d.modal("transactionDialog")
    d.type(dialog.amount, "15000000")
    dialog.ok.click()
    d.modal("confirmBox").button(box.StandardButton.Yes).click()
    auth = d.modal("supervisorDialog")
    d.type(auth.credentials.username, supervisor[0])
    d.type(auth.credentials.password, "********")
    save("supervisor_authorisation", grab(w, auth))
    auth.reject()
    dialog.reject()

    # Registration with a NIK that cannot be (31 February).
    w.register_member()
    reg = d.modal("registerDialog")
    d.type(reg.edits["nik"], "5104053102900003")
    d.type(reg.edits["name"], "Ni Kadek Ayu Pratiwi")
    d.type(reg.edits["birth_place"], "Gianyar")
    d.type(reg.edits["address"], "Br. Teges Kanginan, Peliatan, Ubud")
    reg.edits["nik"].setFocus()
    save("register_nik_error", grab(w, reg))
    reg.reject()

    # Drawer close: counted by denomination, Rp 5.000 short, supervisor asked.
    w.close_drawer()
    close = d.modal("closeDrawerDialog")
    for denom, pieces in _counts_for(close.expected - 5_000).items():
        close.counts[denom].setValue(pieces)
    d.type(close.credentials.username, supervisor[0])
    shots.facts["drawer"] = (close.expected, close.difference())
    save("drawer_close", grab(w, close))
    close.reject()
    return shots


def _busy_query(d: Driver) -> str:
    """A first name many demo members share, so the results list is full."""
    for query in ("Ni Luh", "Wayan", "Made", "Ketut", "Putu", "Ni", "a"):
        found = d.call(lambda s, q=query: s.search_members(q, 50))  # type: ignore[misc]
        if 4 <= len(found) < 50:
            return query
    return "a"


def _richest_history(d: Driver, member_ids: list[str]) -> str:
    def count(service: Any) -> str:
        def richness(member_id: str) -> tuple[bool, int]:
            rows = service.member_history(member_id, 50)
            return any(r.type == "Reversed" for r in rows), len(rows)

        return max(member_ids, key=richness)

    return str(d.call(count))


def summary(shots: Shots) -> str:
    lines = []
    if "search" in shots.facts:
        query, rows = shots.facts["search"]
        lines.append(f"search {query!r}: {rows} member(s) listed")
    if "member" in shots.facts:
        name, number, balances = shots.facts["member"]
        money = ", ".join(f"{k} {format_rupiah(v)}" for k, v in balances.items())
        lines.append(f"member {number} {name}: {money}")
    if "receipt" in shots.facts:
        number, amount, pdf = shots.facts["receipt"]
        lines.append(f"deposit {format_rupiah(amount)} posted, receipt {number}, PDF {pdf}")
    if "drawer" in shots.facts:
        expected, difference = shots.facts["drawer"]
        lines.append(
            f"drawer count: expected {format_rupiah(expected)}, "
            f"difference {format_rupiah(difference)} (not closed)"
        )
    lines.append(f"{len(shots.files)} screen(s) rendered:")
    lines += [f"  {path}" for path in shots.files]
    return "\n".join(lines)
