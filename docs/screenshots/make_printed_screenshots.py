"""Render what is printed on a day with fees paid separately, reversals, an over and a short
drawer and a correction after the close (``tests/eod/printed_day.py``, the day
``tests/eod/test_printed_truth.py`` checks against the journal).

    .venv/bin/python docs/screenshots/make_printed_screenshots.py [--out DIR]

Writes ``printed_*.png`` (receipts and report pages, through pdftoppm) into this folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("LUMBUNG_TOKEN_STORE", "file")

#: name -> the receipt's key in PrintedDay.receipts
RECEIPTS = {
    "printed_receipt_loan_fees": "wayan_loan_cash",
    "printed_receipt_loan_sukarela": "ketut_loan_sukarela",
    "printed_receipt_reversal": "reverse_ketut_deposit",
    "printed_receipt_correction": "correction_after_close",
}


def _png(pdf: Path, out: Path, page: int = 1, dpi: int = 80) -> Path:
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
         "-singlefile", str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed", file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication

    from desktop.demo import quiet_offscreen_warnings
    from desktop.receipts import THERMAL_80
    from desktop.receipts import write_pdf as receipt_pdf
    from desktop.reports.model import Column, Report, Section
    from desktop.reports.render import write_pdf
    from tests.eod import printed_day

    qapp = QApplication(sys.argv[:1])
    quiet_offscreen_warnings()
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="lumbung-printed-") as tmp:
        root = Path(tmp)
        day = printed_day.build(root / "pc")
        svc = day.desk.service
        try:
            for name, key in RECEIPTS.items():
                pdf = receipt_pdf(svc.receipt(day.receipts[key]), root / f"{name}.pdf", THERMAL_80)
                made.append(_png(pdf, args.out / f"{name}.png", dpi=110))
            reports = {
                "printed_report_teller_cash": ("teller_cash", {"day": printed_day.DAY1}, 1),
                "printed_report_end_of_day": ("end_of_day", {"day": printed_day.DAY1}, 1),
                "printed_report_end_of_day_p2": ("end_of_day", {"day": printed_day.DAY1}, 2),
                "printed_report_end_of_day_correction": (
                    "end_of_day", {"day": printed_day.DAY2}, 1,
                ),
                "printed_report_journal_correction": ("journal", {"day": printed_day.DAY2}, 1),
                "printed_report_statement": (
                    "statement",
                    {"member_id": day.wayan, "start": printed_day.DAY1, "end": printed_day.DAY2},
                    1,
                ),
                "printed_report_savings": ("savings", {}, 1),
            }  # fmt: skip
            for name, (kind, params, page) in reports.items():
                pdf = write_pdf(svc.report(kind, **params), root / f"{name}.pdf")
                made.append(_png(pdf, args.out / f"{name}.png", page=page))
        finally:
            day.desk.close()
        # The layout engine on a long table: page 2 repeats the column headings.
        cols = (
            Column("Keterangan", width=3),
            *(Column(f"Kolom {i}", "money", 2) for i in range(5)),
        )
        rows = tuple((f"Baris {i}", *(i * 1_000_003 for _ in range(5))) for i in range(120))
        long = Report(
            kind="journal", title="UJI TATA LETAK", cooperative="KSP Lumbung Sejahtera",
            branch="Cabang BR01", period="Tabel panjang", printed_at="27-11-2025 08:00",
            sections=(Section("Tabel panjang", cols, rows),),
        )  # fmt: skip
        pdf = write_pdf(long, root / "long.pdf")
        made.append(_png(pdf, args.out / "printed_layout_long_table_p2.png", page=2))
    qapp.quit()
    print(f"{len(made)} page(s) rendered:")
    print("\n".join(f"  {p}" for p in made))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
