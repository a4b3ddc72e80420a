"""The branch's reports from its own store: the numbers agree with the books, the end-of-day
report carries the supervisor's sign-off, and every report prints to a readable A4 PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.demo_loans import PRODUCTS
from desktop.reports.render import report_path, write_pdf

from .builders import DAY, Desk, make_desk


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = make_desk(tmp_path / "pc", "BR01")
    s, teller, boss = d.service, d.teller, d.supervisor
    wayan = d.member("I Wayan Sudarsana")
    made = d.member("Ni Made Rai")
    d.deposit(wayan, 1_500_000)
    d.withdraw(wayan, 300_000)
    d.deposit(made, 50_000, "wajib")
    s.set_business_date(dt.date(2025, 7, 1))  # an older loan, late by November
    old = s.apply_loan(made, PRODUCTS[0].product_id, 2_000_000, 12, actor=teller)
    s.approve_loan(old.loan_id, approver=boss)
    s.disburse_loan(old.loan_id, actor=teller, authorizer=boss)
    s.set_business_date(None)
    loan = s.apply_loan(wayan, PRODUCTS[0].product_id, 3_000_000, 12, actor=teller)
    s.approve_loan(loan.loan_id, approver=boss)
    s.disburse_loan(loan.loan_id, actor=teller, authorizer=boss)
    s.repay_loan(loan.loan_id, 250_000, actor=teller, authorizer=boss)
    d.close_drawer(short_by=10_000)
    s.close_day(actor=boss, reason="Cabang uji tanpa server")
    yield d
    d.close()


def report(desk: Desk, kind: str, **params: Any) -> Any:
    return desk.service.report(kind, **params)


def test_the_numbers_agree_with_the_books(desk: Desk) -> None:
    tb = report(desk, "trial_balance", as_of=DAY)
    (section,) = tb.sections
    assert section.totals[2] == section.totals[3] > 0
    assert "Seimbang" in tb.notes[0]
    books = desk.service.branch_trial_balance(DAY)
    assert sum(r[2] - r[3] for r in section.rows) == sum(books.values()) == 0

    cash = report(desk, "teller_cash", day=DAY)
    (drawer,) = cash.sections[0].rows
    assert drawer[0] == "Ni Luh Ayu Lestari" and drawer[9] == -10_000
    assert "kurang Rp 10.000" in cash.notes[0]

    journal = report(desk, "journal", day=DAY)
    totals = journal.sections[0].totals
    assert totals[5] == totals[6]

    wayan, _made = desk.members
    statement = report(desk, "statement", member_id=wayan, start="2025-11-01", end=DAY)
    summary, lines = statement.sections
    sukarela = next(r for r in summary.rows if r[0] == "Simpanan Sukarela")
    assert sukarela[1:] == (0, 1_500_000, 300_000, 1_200_000)
    assert [r[2] for r in lines.rows] == ["Setoran simpanan"] * 2 + ["Penarikan simpanan"]
    by_no = report(desk, "statement", member_no="br01-01-00001", start="2025-11-01", end=DAY)
    assert by_no.sections[0].rows == summary.rows

    savings = report(desk, "savings")
    assert savings.sections[0].totals[5] == sum(
        sum(desk.service.member_detail(m).balances.values()) for m in desk.members
    )

    portfolio = report(desk, "loan_portfolio")
    kinds = dict(portfolio.chart.bars)
    loans = {x.principal: x for x in desk.service.loans_with_status("open")}
    # This month's loan is current; July's, never paid, has fallen behind.
    assert kinds["Lancar"] == loans[3_000_000].outstanding
    behind = {k: v for k, v in kinds.items() if k != "Lancar" and v}
    assert list(behind.values()) == [loans[2_000_000].outstanding]
    assert sum(kinds.values()) == portfolio.sections[0].totals[2]


def test_end_of_day_report_is_signed_off(desk: Desk, qapp: Any, tmp_path: Path) -> None:
    eod = report(desk, "end_of_day", day=DAY)
    facts = dict(eod.facts)
    assert facts["Status rekonsiliasi"] == "MENUNGGU"  # closed offline
    assert facts["Alasan"] == "Cabang uji tanpa server"
    ((role, name, when),) = eod.signatures
    assert (role, name) == ("Disahkan oleh (supervisor)", "I Made Sudarsana")
    assert when.startswith("27-11-2025 ")
    assert eod.chart is not None  # the loan portfolio as computed at the close

    for kind, params in (("end_of_day", {"day": DAY}), ("loan_portfolio", {}),
                         ("journal", {"day": DAY})):  # fmt: skip
        r = report(desk, kind, **params)
        path = write_pdf(r, report_path(tmp_path / "reports", r))
        assert path.read_bytes().startswith(b"%PDF") and path.stat().st_size > 5_000
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout  # fmt: skip
            assert r.title in text
            if kind == "end_of_day":
                assert "I Made Sudarsana" in text and when in text
