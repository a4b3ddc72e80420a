"""Head office's reports across branches from the central ledger (CLI text, CSV and PDF),
after two branches worked and closed their day against the real server process."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_ui.server import ServerProcess

from desktop.demo_loans import PRODUCTS
from sync_server import cli
from sync_server.reports.data import BUILDERS
from sync_server.reports.model import to_csv, to_pdf, to_text

from .builders import DAY, Desk, make_desk

#: Per branch, the receipt of the deposit its day reversed.
UNDONE: dict[str, str] = {}


@pytest.fixture(scope="module")
def branches(
    server: ServerProcess, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Desk]]:
    desks = []
    for code, short in (("BR81", 5_000), ("BR82", 0)):
        server.add_branch(code, f"Cabang {code}")
        desk = make_desk(tmp_path_factory.mktemp(code), code)
        s, teller, boss = desk.service, desk.teller, desk.supervisor
        wayan = desk.member("I Wayan Sudarsana")
        desk.deposit(wayan, 2_000_000)
        desk.withdraw(wayan, 500_000)
        loan = s.apply_loan(wayan, PRODUCTS[0].product_id, 3_000_000, 12, actor=teller)
        s.approve_loan(loan.loan_id, approver=boss)
        s.disburse_loan(loan.loan_id, actor=teller, authorizer=boss)
        s.repay_loan(loan.loan_id, 200_000, actor=teller, authorizer=boss)
        wrong = desk.deposit(wayan, 100_000)
        s.reverse(wrong.event_id, "Salah setor", actor=teller, authorizer=boss)
        UNDONE[code] = wrong.receipt_no
        desk.close_drawer(short_by=short)
        desk.enrol(server)
        assert desk.reconcile().status == "agreed"
        s.close_day(actor=boss, reason="Selisih kas diperiksa" if short else "")
        desk.sync()
        desks.append(desk)
    yield desks
    for desk in desks:
        desk.close()


def run(server: ServerProcess, *args: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(["report", *args, "--database-url", server.database_url]) == 0
    return capsys.readouterr().out.splitlines()


def test_trial_balance_balances_per_branch_and_consolidated(
    server: ServerProcess, branches: list[Desk], capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(server, "trial-balance", "--date", DAY, capsys=capsys)
    assert out[1] == "NERACA SALDO"
    assert "Seimbang: jumlah debit sama dengan jumlah kredit." in out
    report = BUILDERS["trial-balance"](server.db, "KSP", day=DAY)
    per_branch, consolidated = report.sections
    for desk in branches:
        mine = {r[2]: r[3] - r[4] for r in per_branch.rows if r[0] == desk.branch_id}
        assert sum(mine.values()) == 0
        # Head office's books of the branch are the branch's own.
        local = desk.service.branch_trial_balance(DAY)
        assert sorted(mine.values()) == sorted(local.values())
    assert consolidated.totals is not None and consolidated.totals[2] == consolidated.totals[3]


def test_teller_cash_journal_savings_and_loans(
    server: ServerProcess, branches: list[Desk], capsys: pytest.CaptureFixture[str]
) -> None:
    cash = BUILDERS["teller-cash"](server.db, "KSP", day=DAY)
    drawers = {r[0]: r for r in cash.sections[0].rows}
    assert drawers["BR81"][8] == -5_000 and drawers["BR82"][8] == 0
    assert drawers["BR81"][1] == "Ni Luh Ayu Lestari"
    # The difference in words; the total keeps surpluses and shortages apart.
    assert cash.sections[0].totals is not None and cash.sections[0].totals[8] == (0, 5_000)
    assert "kurang 5.000" in to_text(cash)

    journal = BUILDERS["journal"](server.db, "KSP", day=DAY, branch="BR81")
    labels = {r[2] for r in journal.sections[0].rows}
    assert f"Pembatalan struk {UNDONE['BR81']} (27-11-2025)" in labels  # names what it undoes
    assert journal.sections[0].totals is not None
    assert journal.sections[0].totals[5] == journal.sections[0].totals[6] > 0

    savings = BUILDERS["savings"](server.db, "KSP")
    by_branch = {r[0]: r for r in savings.sections[0].rows}
    for desk in branches:
        (member,) = desk.members
        balances = desk.service.member_detail(member).balances
        assert by_branch[desk.branch_id][2:5] == (
            balances["pokok"], balances["wajib"], balances["sukarela"],
        )  # fmt: skip

    loans = BUILDERS["loans"](server.db, "KSP", day=DAY)
    rows = {r[0]: r for r in loans.sections[0].rows}
    for desk in branches:
        local = desk.service.report("loan_portfolio")
        assert rows[desk.branch_id][6] == local.sections[0].totals[2]  # type: ignore[index]
    assert loans.chart is not None and sum(v for _, v in loans.chart[1]) == sum(
        r[6] for r in rows.values()
    )

    statement = run(server, "statement", "--member", "BR81-01-00001", "--from", DAY,
                    "--date", DAY, capsys=capsys)  # fmt: skip
    assert any("Penarikan simpanan" in line and "500.000" in line for line in statement)
    recon = run(server, "recon", "--date", DAY, capsys=capsys)
    assert any("BR81" in line and "cocok" in line for line in recon)
    assert "Cocok 2 · tidak cocok 0 · menunggu 0" in recon[-1]


def test_pdf_and_csv(server: ServerProcess, branches: list[Desk], tmp_path: Path) -> None:
    report = BUILDERS["loans"](server.db, "KSP Lumbung Sejahtera", day=DAY)
    pdf = to_pdf(report)
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert "Kurang Lancar" in to_csv(report)
    path = tmp_path / "loans.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert "PORTOFOLIO PINJAMAN MENURUT KOLEKTIBILITAS" in text
        assert "BR81" in text and "BR82" in text
    out = str(tmp_path / "tb.pdf")
    args = ["report", "trial-balance", "--date", DAY, "--format", "pdf", "--out", out]
    assert cli.main([*args, "--database-url", server.database_url]) == 0
    assert (tmp_path / "tb.pdf").read_bytes().startswith(b"%PDF")
