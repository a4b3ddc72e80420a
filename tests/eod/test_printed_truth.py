"""What is printed tells the whole truth: every receipt and report of a day, rendered to PDF,
read back with pdftotext, and each printed figure checked against sums this test computes
itself from the store's journal and events (plain SQL, never the code under test).

The day (``tests/eod/printed_day.py``): loans with fees paid separately (in cash and into
sukarela), reversals, a drawer over and one short, the day closed, and a correction of a
closed day's deposit made the next business day.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.receipts import THERMAL_80
from desktop.receipts import write_pdf as receipt_pdf
from desktop.reports.model import Column, Report, Section
from desktop.reports.render import write_pdf
from desktop.store.paths import store_path
from tests.eod import printed_day
from tests.eod.printed_day import DAY1, DAY2, PrintedDay

BRANCH = "BR01"


def rp(amount: int) -> str:
    """``7.425.000`` (the test's own formatting of a figure)."""
    return f"{amount:,}".replace(",", ".")


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True
    ).stdout.decode()
    return unicodedata.normalize("NFKC", out)  # "offline" comes back as a ligature


def pdf_pages(path: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True).stdout
    text = info.decode()
    pages = int(re.search(r"Pages:\s+(\d+)", text).group(1))  # type: ignore[union-attr]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", text)
    assert size is not None
    w, h = float(size.group(1)), float(size.group(2))
    return pages, "landscape" if w > h else "portrait"


def line_with(text: str, *starts: str) -> str:
    """The first printed line that begins (after spaces) with ``starts`` in that order."""
    pattern = r"^\s*" + r"\s+".join(re.escape(s) for s in starts) + r"(?=\s|$)"
    for line in text.splitlines():
        if re.match(pattern, line):
            return line
    raise AssertionError(f"no line starting {starts!r} in:\n{text}")


def value_of(text: str, label: str) -> str:
    """What a receipt prints after ``label :``."""
    line = line_with(text, label)
    return line.split(":", 1)[1].strip()


def reversal_lines(text: str) -> list[str]:
    """Each printed reversal line with the two lines after it (its description may wrap
    inside its cell)."""
    lines = [*text.splitlines(), "", ""]
    return [
        " ".join(lines[i].split() + lines[i + 1].split() + lines[i + 2].split())
        for i, line in enumerate(lines[:-2])
        if "Pembatalan struk" in line
    ]


# The journal and events, by plain SQL ---------------------------------------------------------


@dataclass
class Books:
    conn: sqlite3.Connection

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(sql, params))

    def one(self, sql: str, *params: Any) -> Any:
        return self.conn.execute(sql, params).fetchone()[0]

    def event(self, event_id: str) -> dict[str, Any]:
        (body,) = self.conn.execute("SELECT body FROM events WHERE id = ?", (event_id,)).fetchone()
        return dict(json.loads(body))

    def receipt_no(self, event_id: str) -> str:
        e = self.event(event_id)
        return f"{e['branch_id']}/01/{e['device_seq']:07d}"  # one PC, number 01

    def day_sums(self, day: str) -> tuple[int, int, int]:
        """Debits, credits and lines of every journal line posted on ``day``."""
        d, c, n = self.conn.execute(
            "SELECT sum(j.debit), sum(j.credit), count(*) FROM journal_lines j"
            " JOIN events e ON e.id = j.event_id WHERE e.branch_id = ? AND e.business_date = ?",
            (BRANCH, day),
        ).fetchone()
        return int(d), int(c), int(n)

    def lines_of(self, event_id: str, prefix: str) -> int:
        """Debit less credit on the accounts ``prefix:*`` of one event."""
        return int(
            self.one(
                "SELECT coalesce(sum(debit - credit), 0) FROM journal_lines"
                " WHERE event_id = ? AND account LIKE ?",
                event_id,
                prefix + ":%",
            )
        )

    def account_total(self, prefix: str, up_to: str = "9999-12-31") -> int:
        """Credit less debit on ``prefix:<branch>*`` up to a business date."""
        return int(
            self.one(
                "SELECT coalesce(sum(j.credit - j.debit), 0) FROM journal_lines j"
                " JOIN events e ON e.id = j.event_id WHERE j.account LIKE ?"
                " AND e.business_date <= ?",
                f"{prefix}:{BRANCH}%",
                up_to,
            )
        )

    def reversals(self, day: str) -> list[tuple[str, dict[str, Any]]]:
        """The day's reversals and the events they undo."""
        return [
            (str(rid), self.event(str(json.loads(body)["payload"]["target_event_id"])))
            for rid, body in self.conn.execute(
                "SELECT id, body FROM events WHERE type = 'Reversed' AND business_date = ?"
                " ORDER BY hlc",
                (day,),
            )
        ]

    def savings_after(self, member_id: str, product: str, event_id: str) -> int:
        """The member's balance of ``product`` right after ``event_id``, folded here from
        the events in the order they were recorded."""
        balance = 0
        effect: dict[str, int] = {}
        for eid, kind, body in self.conn.execute(
            "SELECT id, type, body FROM events ORDER BY hlc, device_id, device_seq"
        ):
            p = json.loads(body)["payload"]
            delta = 0
            if kind in ("SavingsDeposited", "SavingsWithdrawn"):
                if p["member_id"] == member_id and p["product"] == product:
                    delta = p["amount"] if kind == "SavingsDeposited" else -p["amount"]
            elif kind == "LoanDisbursed" and p["channel"] == "sukarela" == product:
                if p["member_id"] == member_id:
                    fees = p["admin_fee"] + p["provision_fee"]
                    delta = p["principal"] - fees
            elif kind == "Reversed":
                delta = -effect.get(p["target_event_id"], 0)
            effect[eid] = delta
            balance += delta
            if eid == event_id:
                return balance
        raise AssertionError(f"event {event_id} not found")


# The day, rendered once -----------------------------------------------------------------------


@dataclass
class Printed:
    day: PrintedDay
    books: Books
    receipts: dict[str, str]
    reports: dict[str, str]
    files: dict[str, Path]


REPORTS: dict[str, tuple[str, dict[str, str]]] = {
    "teller_cash": ("teller_cash", {"day": DAY1}),
    "journal_1": ("journal", {"day": DAY1}),
    "journal_2": ("journal", {"day": DAY2}),
    "trial_balance": ("trial_balance", {"as_of": DAY1}),
    "savings": ("savings", {}),
    "loan_portfolio": ("loan_portfolio", {}),
    "end_of_day_1": ("end_of_day", {"day": DAY1}),
    "end_of_day_2": ("end_of_day", {"day": DAY2}),
}


@pytest.fixture(scope="module")
def printed(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Printed]:
    root = tmp_path_factory.mktemp("printed")
    day = printed_day.build(root / "pc")
    svc = day.desk.service
    files: dict[str, Path] = {}
    receipts = {}
    for name, event_id in day.receipts.items():
        path = receipt_pdf(svc.receipt(event_id), root / f"receipt-{name}.pdf", THERMAL_80)
        files[f"receipt_{name}"] = path
        receipts[name] = pdf_text(path)
    reports = {}
    params: dict[str, tuple[str, dict[str, str]]] = {
        **REPORTS,
        "statement": ("statement", {"member_id": day.wayan, "start": DAY1, "end": DAY2}),
    }
    for name, (kind, kw) in params.items():
        path = write_pdf(svc.report(kind, **kw), root / f"report-{name}.pdf")
        files[f"report_{name}"] = path
        reports[name] = pdf_text(path)
    conn = sqlite3.connect(f"file:{store_path(day.desk.data_dir)}?mode=ro", uri=True)
    try:
        yield Printed(day, Books(conn), receipts, reports, files)
    finally:
        conn.close()
        day.desk.close()


# Receipts -------------------------------------------------------------------------------------


def test_every_receipt_shows_its_business_date_amount_and_balance_after(printed: Printed) -> None:
    books = printed.books
    for name, event_id in printed.day.receipts.items():
        text = printed.receipts[name]
        event = books.event(event_id)
        assert value_of(text, "No. Struk") == books.receipt_no(event_id), name
        assert value_of(text, "Hari usaha") == event["business_date"], name
        if event["type"] in ("SavingsDeposited", "SavingsWithdrawn"):
            p = event["payload"]
            assert value_of(text, "Jumlah") == f"Rp {rp(p['amount'])}", name
            after = books.savings_after(p["member_id"], p["product"], event_id)
            assert value_of(text, "Saldo setelah") == f"Rp {rp(after)}", name


def test_a_loan_paid_out_with_fees_paid_separately_prints_gross_fees_and_net(
    printed: Printed,
) -> None:
    books = printed.books
    for name, channel in (("wayan_loan_cash", "1101"), ("ketut_loan_sukarela", "2101")):
        event_id = printed.day.receipts[name]
        text = printed.receipts[name]
        gross = books.lines_of(event_id, "1301")
        fees = -(books.lines_of(event_id, "4102") + books.lines_of(event_id, "4104"))
        # What left the drawer (or reached sukarela): the channel's net movement.
        net = -books.lines_of(event_id, channel)
        assert gross > net > 0 and fees == gross - net
        assert value_of(text, "Pokok") == f"Rp {rp(gross)}"
        assert value_of(text, "Biaya dibayar") == f"Rp {rp(fees)}"
        assert value_of(text, "Diterima bersih") == f"Rp {rp(net)}"
        assert value_of(text, "Sisa pokok") == f"Rp {rp(gross)}"
    # Into sukarela: the member's balance after the payout, folded from the events.
    event_id = printed.day.receipts["ketut_loan_sukarela"]
    after = books.savings_after(printed.day.ketut, "sukarela", event_id)
    assert value_of(printed.receipts["ketut_loan_sukarela"], "Saldo sukarela") == f"Rp {rp(after)}"


def test_reversal_receipts_name_the_receipt_they_undo_and_its_day(printed: Printed) -> None:
    books = printed.books
    for name in ("reverse_ketut_deposit", "reverse_withdrawal", "correction_after_close"):
        reversal = books.event(printed.day.receipts[name])
        target_id = reversal["payload"]["target_event_id"]
        target = books.event(target_id)
        text = printed.receipts[name]
        assert value_of(text, "Membatalkan") == "struk " + books.receipt_no(target_id)
        assert value_of(text, "Hari usaha struk") == target["business_date"]
        assert value_of(text, "Jumlah") == f"Rp {rp(target['payload']['amount'])}"
        after = books.savings_after(
            target["payload"]["member_id"], "sukarela", printed.day.receipts[name]
        )
        assert value_of(text, "Saldo setelah") == f"Rp {rp(after)}"
    # The correction of a closed day is dated on the day it was made.
    text = printed.receipts["correction_after_close"]
    assert value_of(text, "Hari usaha") == DAY2
    assert value_of(text, "Hari usaha struk") == DAY1


# Reports --------------------------------------------------------------------------------------


def test_the_daily_journals_add_up_to_the_journal(printed: Printed) -> None:
    books = printed.books
    for name, day in (("journal_1", DAY1), ("journal_2", DAY2)):
        text = printed.reports[name]
        debits, credits, lines = books.day_sums(day)
        events = books.one(
            "SELECT count(DISTINCT j.event_id) FROM journal_lines j JOIN events e"
            " ON e.id = j.event_id WHERE e.business_date = ?",
            day,
        )
        assert f"{events} transaksi, {lines} baris jurnal" in text
        total = line_with(text, "Jumlah").split()
        assert total[-2:] == [rp(debits), rp(credits)]
        described = reversal_lines(text)
        for _, target in books.reversals(day):
            target_no = books.receipt_no(target["id"])
            assert any(target_no in d for d in described), (name, target_no, described)
            if target["business_date"] != day:
                assert any(target_no in d and "(27-11-2025)" in d for d in described)


def test_teller_cash_signs_each_difference_and_never_nets_them(printed: Printed) -> None:
    books = printed.books
    text = printed.reports["teller_cash"]
    over = short = 0
    for body, actor in books.rows(
        "SELECT body, actor FROM events WHERE type = 'TellerSessionClosed' AND business_date = ?",
        DAY1,
    ):
        p = json.loads(body)["payload"]
        name = books.one("SELECT full_name FROM staff WHERE user_id = ?", actor)
        difference = p["counted_total"] - p["expected"]
        word = "lebih" if difference > 0 else "kurang"
        row = line_with(text, *name.split())
        assert row.rstrip().endswith(f"{word} {rp(abs(difference))}"), row
        assert rp(p["expected"]) in row.split() and rp(p["counted_total"]) in row.split()
        over += max(difference, 0)
        short += max(-difference, 0)
    assert over and short
    total = line_with(text, "Jumlah")
    assert total.rstrip().endswith(f"lebih {rp(over)} / kurang {rp(short)}"), total


def test_the_end_of_day_report_values_reversals_and_signs_differences(printed: Printed) -> None:
    books = printed.books
    text = printed.reports["end_of_day_1"]
    reversals = books.reversals(DAY1)
    value = sum(int(t["payload"]["amount"]) for _, t in reversals)
    assert value > 0
    assert line_with(text, "Pembatalan", "transaksi").split()[-2:] == [
        str(len(reversals)),
        rp(value),
    ]
    debits, credits, _ = books.day_sums(DAY1)
    assert line_with(text, "Jumlah", "jurnal", "cabang").split()[-2:] == [rp(debits), rp(credits)]
    assert "lebih 25.000" in line_with(text, "Budi", "Santoso")
    assert "kurang 50.000" in line_with(text, "Ni", "Luh", "Ayu", "Lestari")
    assert line_with(text, "Jumlah").rstrip().endswith("lebih 25.000 / kurang 50.000")
    deposits = books.one(
        "SELECT sum(json_extract(body, '$.payload.amount')) FROM events"
        " WHERE type = 'SavingsDeposited' AND business_date = ?",
        DAY1,
    )
    assert line_with(text, "Setoran", "simpanan").split()[-1] == rp(deposits)
    # The next day's report lists the correction of the closed day, with that day's date.
    text = printed.reports["end_of_day_2"]
    ((reversal_id, target),) = [(r, t) for r, t in books.reversals(DAY2)]
    row = line_with(text, books.receipt_no(reversal_id))
    assert row.split()[1:] == [
        books.receipt_no(target["id"]),
        "27-11-2025",
        rp(target["payload"]["amount"]),
    ]


def test_trial_balance_savings_and_loans_match_the_journal(printed: Printed) -> None:
    books = printed.books
    text = printed.reports["trial_balance"]
    balances = dict(
        books.rows(
            "SELECT j.account, sum(j.debit - j.credit) FROM journal_lines j JOIN events e"
            " ON e.id = j.event_id WHERE e.business_date <= ? AND j.account LIKE ?"
            " GROUP BY j.account",
            DAY1,
            f"%:{BRANCH}%",
        )
    )
    debit = sum(v for v in balances.values() if v > 0)
    credit = -sum(v for v in balances.values() if v < 0)
    assert debit == credit
    assert line_with(text, "Jumlah").split()[-2:] == [rp(debit), rp(credit)]
    sukarela = -balances[f"2101:{BRANCH}"]
    assert line_with(text, "2101").split()[-2:] == ["0", rp(sukarela)]

    text = printed.reports["savings"]
    totals = line_with(text, "2", "anggota").split()
    assert totals[-4:-1] == [
        rp(books.account_total("3101")),
        rp(books.account_total("3102")),
        rp(books.account_total("2101")),
    ]
    words = text.split()
    for (member_no,) in books.rows(
        "SELECT json_extract(body, '$.payload.member_no') FROM events"
        " WHERE type = 'MemberRegistered'"
    ):
        assert member_no in words  # never broken at its hyphens

    text = printed.reports["loan_portfolio"]
    outstanding = -books.account_total("1301")
    assert outstanding == 12_500_000
    assert rp(outstanding) in line_with(text, "Jumlah").split()
    for (seq,) in books.rows("SELECT device_seq FROM events WHERE type = 'LoanApplied'"):
        assert f"PJ/{BRANCH}/01/{seq:07d}" in text.split()  # nor a loan number at its slashes


def test_the_statement_counts_back_to_the_books_and_names_what_reversals_undo(
    printed: Printed,
) -> None:
    books = printed.books
    text = printed.reports["statement"]
    wayan = printed.day.wayan
    last = books.one(
        "SELECT id FROM events WHERE type IN ('SavingsDeposited', 'Reversed')"
        " AND business_date = ? ORDER BY hlc DESC LIMIT 1",
        DAY2,
    )
    closing = books.savings_after(wayan, "sukarela", last)
    assert line_with(text, "Simpanan", "Sukarela").split()[-1] == rp(closing)
    described = reversal_lines(text)
    undone = [t for _, t in books.reversals(DAY1) + books.reversals(DAY2)]
    mine = [t for t in undone if t["payload"].get("member_id") == wayan]
    assert mine
    for target in mine:
        assert any(books.receipt_no(target["id"]) in d for d in described), described


# The layout engine ----------------------------------------------------------------------------


def _long_report(rows: int, columns: int = 7, first: int = 0) -> Report:
    cols = (
        Column("Keterangan", width=3),
        *(Column(f"Kolom {i}", "money", 2) for i in range(columns)),
    )
    sections = []
    if first:
        sections.append(Section("Bagian pertama", cols, tuple(
            (f"Baris {i}", *(i * 1_000_003 for _ in range(columns))) for i in range(first)
        )))  # fmt: skip
    sections.append(
        Section(
            "Bagian kedua",
            cols,
            tuple((f"Baris {i}", *(i * 1_000_003 for _ in range(columns))) for i in range(rows)),
            ("Jumlah", *(sum(i * 1_000_003 for i in range(rows)) for _ in range(columns))),
        )
    )
    return Report(
        kind="journal", title="UJI TATA LETAK", cooperative="KSP Uji", branch="Cabang Uji",
        period="Tanggal 27-11-2025", printed_at="27-11-2025 08:00", sections=tuple(sections),
    )  # fmt: skip


def test_long_tables_repeat_their_headings_and_figures_never_wrap(
    qapp: QApplication, tmp_path: Path
) -> None:
    report = _long_report(180)
    path = write_pdf(report, tmp_path / "long.pdf")
    pages, _ = pdf_pages(path)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = pdf_text(path, page)
        assert "Kolom 0 (Rp)" in text and "Kolom 6 (Rp)" in text, page
        assert f"Halaman {page} dari {pages}" in text
    flat = pdf_text(path).split()
    total = rp(sum(i * 1_000_003 for i in range(180)))
    assert flat.count(total) == 7  # each whole, on one line
    for i in range(180):
        assert rp(i * 1_000_003) in flat


def test_a_table_too_wide_for_portrait_turns_the_page(qapp: QApplication, tmp_path: Path) -> None:
    path = write_pdf(_long_report(5, columns=12), tmp_path / "wide.pdf")
    assert pdf_pages(path)[1] == "landscape"
    text = pdf_text(path).split()
    assert rp(4 * 1_000_003) in text and "Kolom 11" in " ".join(text)
    assert pdf_pages(write_pdf(_long_report(5, columns=3), tmp_path / "narrow.pdf"))[1] == (
        "portrait"
    )


def test_a_heading_never_ends_a_page(qapp: QApplication, tmp_path: Path) -> None:
    for first in range(44, 62, 2):
        path = write_pdf(_long_report(10, first=first), tmp_path / f"h{first}.pdf")
        pages, _ = pdf_pages(path)
        for page in range(1, pages + 1):
            lines = [ln.strip() for ln in pdf_text(path, page).splitlines() if ln.strip()]
            body = [ln for ln in lines if "Halaman" not in ln and "Dicetak" not in ln]
            assert body[-1] != "Bagian kedua", (first, page)
            assert body[-1].split()[0] != "Keterangan", (first, page)  # nor a lone header


def test_a_last_page_never_holds_a_stray_line_or_two(qapp: QApplication, tmp_path: Path) -> None:
    # At 8 pt these would spill a line or two (and the total) onto one more page; a smaller
    # type saves that page. Longer tables keep the larger type.
    for rows, pages in ((48, 1), (52, 1), (104, 2), (156, 3), (120, 3)):
        path = write_pdf(_long_report(rows, columns=5), tmp_path / f"stray{rows}.pdf")
        assert pdf_pages(path)[0] == pages, rows
        words = pdf_text(path).split()
        assert rp((rows - 1) * 1_000_003) in words and "Jumlah" in words


def test_a_receipt_after_the_close_is_filed_under_its_business_date(
    printed: Printed, tmp_path: Path
) -> None:
    from desktop.receipts import archive_path

    svc = printed.day.desk.service
    receipt = svc.receipt(printed.day.receipts["correction_after_close"])
    # The PC's calendar still says day 1; the receipt belongs to day 2.
    assert receipt.recorded_at.startswith(DAY1)
    assert archive_path(tmp_path, receipt).parent.name == DAY2
