"""Screenshots of the loan screens over the demo's loans (:mod:`desktop.demo_loans`).

Used by ``docs/screenshots/make_screenshots.py`` after the counter's own screens, in the same
app session (the teller is logged in, the drawer open). It works the screens as a teller would:
a simulation, an application, the supervisor's approval queue, a disbursement, a repayment on
a loan in arrears with its receipt, a loan's schedule and history, the member's loans, the
arrears list; the printable schedule's PDF is rendered to PNG with pdftoppm.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from desktop.app import LumbungApp
from desktop.screenshots import Driver, Shots, grab, receipt_png


def _wait_signal(d: Driver, signal: Any, what: str) -> Any:
    got: list[Any] = []
    signal.connect(lambda *args: got.append(args))
    d.wait(lambda: got, what)
    return got[0][0] if got[0] else None


def _pdf_png(pdf: Path, out: Path) -> Path | None:
    """First page of ``pdf`` as PNG (pdftoppm), or None when poppler is missing."""
    if not shutil.which("pdftoppm"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), stem],
            check=True,
        )
        shutil.copy(stem.with_suffix(".png"), out)
    return out


def take_loans(app: LumbungApp, out_dir: Path, *, supervisor: tuple[str, str]) -> Shots:
    """Save the loan screens as PNG files in ``out_dir`` (the teller is logged in)."""
    shots = Shots()
    d = Driver(app)
    w = app.window
    menu = w.loan_menu

    def save(name: str, image: QImage) -> None:
        path = out_dir / f"{name}.png"
        image.save(str(path))
        shots.files.append(path)

    def show_member(member_id: str, name: str) -> None:
        """Find the member by name, as a teller would, and open them."""
        d.type(w.search.field, name)
        d.wait(lambda: any(m.member_id == member_id for m in w.search.results()), "search")
        d.open_member(member_id)

    dialogs: list[QObject] = []
    menu.opened.connect(dialogs.append)

    def opened(action: Any, name: str) -> Any:
        dialogs.clear()
        action()
        dialog = d.wait(lambda: dialogs and dialogs[-1], name)
        assert dialog.objectName() == name, dialog.objectName()
        return dialog

    loans = d.call(lambda s: s.loans_with_status("applied", "approved", "open", "settled"))
    by_status = {s.status: s for s in reversed(loans)}
    arrears = d.call(lambda s: s.loan_arrears())
    late = arrears.lines[0]  # most days past due first
    running = next(x for x in arrears.lines if x.days_past_due == 0)

    # The member's loans tab, on a borrower with a running loan.
    show_member(running.member_id, running.member_name)
    w.detail.tabs.setCurrentIndex(1)
    d.wait(lambda: w.detail.loans.table.rowCount() > 0, "member loans")
    save("member_loans", grab(w))

    # Simulation without a member: an annuity loan, its schedule and effective rate.
    w.search.field.clear()
    w.detail.clear()
    w.refresh_actions()
    sim = opened(menu.application, "loanApplicationDialog")
    d.wait(lambda: sim.product.count() > 0, "products")
    sim.product.setCurrentIndex(sim.product.findData("p-konsumtif"))
    sim.tenor.setValue(18)
    d.type(sim.amount, "15.000.000")
    d.wait(lambda: sim.simulation is not None and sim.table.rowCount() == 18, "simulation")
    shots.facts["simulation"] = (sim.figures["instalment"].text(), sim.figures["effective"].text())
    save("loan_simulation", grab(w, sim))
    sim.reject()

    # Application for a savings member, with the printable schedule.
    show_member(by_status["approved"].member_id, by_status["approved"].member_name)
    w.detail.tabs.setCurrentIndex(0)
    application = opened(menu.application, "loanApplicationDialog")
    d.wait(lambda: application.product.count() > 0, "products")
    application.product.setCurrentIndex(application.product.findData("p-usaha-mikro"))
    application.tenor.setValue(12)
    d.type(application.amount, "12.000.000")
    d.type(application.purpose, "Tambah stok kain endek")
    d.wait(lambda: application.table.rowCount() == 12, "simulation")
    save("loan_application", grab(w, application))
    application.print_button.click()
    schedule = _wait_signal(d, application.schedule_shown, "schedule")
    save("loan_schedule_dialog", grab(w, schedule))
    if schedule.pdf_path is not None:
        png = _pdf_png(schedule.pdf_path, out_dir / "loan_schedule_pdf.png")
        if png is not None:
            shots.files.append(png)
    schedule.accept()
    application.reject()

    # The supervisor's approval queue (the demo's application of today waits there).
    approval = opened(menu.approval, "approvalDialog")
    d.wait(lambda: approval.table.rowCount() > 0, "applications")
    if approval.credentials is not None:
        d.type(approval.credentials.username, supervisor[0])
        d.type(approval.credentials.password, "********")
    d.type(approval.note, "Survei usaha dan agunan BPKB: layak")
    save("loan_approval", grab(w, approval))
    approval.reject()

    # Disbursement of the approved loan, paid into the member's sukarela.
    payout = opened(menu.disbursement, "disbursementDialog")
    d.wait(lambda: payout.detail is not None, "approved loan")
    payout.sukarela.setChecked(True)
    save("loan_disbursement", grab(w, payout))
    payout.reject()

    # The arrears list by kolektibilitas.
    report = opened(menu.arrears, "arrearsDialog")
    d.wait(lambda: report.report is not None, "arrears")
    q = report.report.quality
    shots.facts["arrears"] = (len(report.report.lines), q.par30_bp, q.npl_bp)
    save("loan_arrears", grab(w, report))
    report.reject()

    # Repayment on the loan longest in arrears: denda, jasa and pokok due today; the member
    # brings part of it.
    show_member(late.member_id, late.member_name)
    repay = opened(menu.repayment, "repaymentDialog")
    d.wait(lambda: repay.detail is not None, "loan due")
    d.type(repay.amount, "1.000.000")
    d.wait(lambda: repay.allocation.text() != "", "allocation")
    shots.facts["repayment"] = (late.loan_no, late.days_past_due, repay.amount.amount())
    save("loan_repayment", grab(w, repay))
    received: list[Any] = []
    w.receipt_shown.connect(received.append)
    repay.ok.click()
    box = d.modal("confirmRepaymentBox")
    box.button(box.StandardButton.Yes).click()
    receipt_dialog = d.wait(lambda: received and received[0], "the receipt")
    save("loan_receipt", grab(w, receipt_dialog))
    kept = sorted(app.ctx.receipts_dir.rglob("*.pdf"), key=lambda p: p.stat().st_mtime)
    receipt_dialog.accept()
    pdf = kept[-1] if kept else None
    shots.files.append(receipt_png(receipt_dialog.receipt, pdf, out_dir / "loan_receipt_pdf.png"))

    # One loan: schedule line by line, then its history.
    show_member(running.member_id, running.member_name)
    w.detail.tabs.setCurrentIndex(1)
    d.wait(lambda: w.detail.loans.table.rowCount() > 0, "member loans")
    detail = opened(lambda: menu.open_loan(running.loan_id), "loanDetailDialog")
    d.wait(lambda: detail.detail is not None, "loan detail")
    save("loan_detail", grab(w, detail))
    detail.tabs.setCurrentIndex(1)
    detail.history.selectRow(0)
    save("loan_history", grab(w, detail))
    detail.accept()
    menu.opened.disconnect(dialogs.append)
    return shots
