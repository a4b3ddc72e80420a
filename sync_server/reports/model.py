"""A head-office report as data, and its three renderings: a text table, CSV, and PDF."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Literal

from ledger.money import format_rupiah
from sync_server.reports.pdf import PdfDocument

#: ``selisih``: a cash difference printed with its sign in words (``lebih 50`` / ``kurang
#: 50``); a total is an ``(over, short)`` pair, both shown, never netted.
Kind = Literal["text", "money", "int", "percent", "selisih"]


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = "text"
    width: float = 1


@dataclass(frozen=True)
class Section:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class Report:
    """Always in Bahasa Indonesia: the cooperative's documents.

    Attributes:
        chart: ``(title, ((label, rupiah), ...))`` drawn as bars in the PDF.
    """

    kind: str
    title: str
    cooperative: str
    period: str
    printed_at: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()
    chart: tuple[str, tuple[tuple[str, int], ...]] | None = None
    landscape: bool = False


def _signed(value: int | tuple[int, int]) -> str:
    def digits(amount: int) -> str:
        return format_rupiah(abs(amount)).removeprefix("Rp").strip()

    if isinstance(value, tuple):
        over, short = (abs(int(v)) for v in value)
        parts = ([f"lebih {digits(over)}"] if over else []) + (
            [f"kurang {digits(short)}"] if short else []
        )
        return " / ".join(parts) or "0"
    amount = int(value)
    if amount:
        return f"{'lebih' if amount > 0 else 'kurang'} {digits(amount)}"
    return "0"


def cell(value: Any, kind: Kind) -> str:
    if value is None or value == "":
        return ""
    if kind == "money":
        amount = int(value)
        digits = format_rupiah(abs(amount)).removeprefix("Rp").strip()
        return f"-{digits}" if amount < 0 else digits
    if kind == "selisih":
        return _signed(value)
    if kind == "int":
        return f"{int(value):,}".replace(",", ".")
    if kind == "percent":
        return f"{int(value) / 100:.2f}%".replace(".", ",")
    return str(value)


def _cells(section: Section, values: tuple[Any, ...]) -> list[str]:
    return [cell(v, c.kind) for v, c in zip(values, section.columns, strict=False)]


def to_text(report: Report) -> str:
    """Aligned columns for the terminal."""
    out = [report.cooperative, report.title, report.period, ""]
    for section in report.sections:
        heads = [
            c.title + (" (Rp)" if c.kind in ("money", "selisih") else "") for c in section.columns
        ]
        body = [_cells(section, r) for r in section.rows]
        if section.totals is not None:
            body.append(_cells(section, section.totals))
        widths = [
            max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(heads)
        ]

        def line(cells: list[str], widths: list[int] = widths, s: Section = section) -> str:
            return "  ".join(
                v.rjust(w) if c.kind != "text" else v.ljust(w)
                for v, w, c in zip(cells, widths, s.columns, strict=False)
            ).rstrip()

        out += [section.title, line(heads), line(["-" * w for w in widths])]
        out += [line(r) for r in body[: len(section.rows)]]
        if section.totals is not None:
            out += [line(["=" * w for w in widths]), line(body[-1])]
        if not section.rows:
            out.append("(tidak ada data)")
        out.append("")
    out += list(report.notes)
    return "\n".join(out).rstrip() + "\n"


def to_csv(report: Report) -> str:
    """Every section's rows (plain numbers, no thousands separators), a blank line between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for section in report.sections:
        writer.writerow([section.title])
        writer.writerow([c.title for c in section.columns])
        writer.writerows(section.rows)
        if section.totals is not None:
            writer.writerow(section.totals)
        writer.writerow([])
    return buffer.getvalue()


def to_pdf(report: Report) -> bytes:
    doc = PdfDocument(landscape=report.landscape, title=f"{report.title} {report.period}")
    doc.line_of_text(report.cooperative, 9, bold=True, centre=True)
    doc.line_of_text("Kantor Pusat", 8, centre=True, gap=8)
    doc.line_of_text(report.title, 13, bold=True, centre=True, gap=3)
    doc.line_of_text(report.period, 8, centre=True, grey=0.35, gap=10)
    for section in report.sections:
        doc.line_of_text(section.title, 9, bold=True, gap=4)
        doc.table(
            [
                c.title + (" (Rp)" if c.kind in ("money", "selisih") else "")
                for c in section.columns
            ],
            [_cells(section, r) for r in section.rows] or [["(tidak ada data)"]],
            [c.width for c in section.columns],
            [c.kind != "text" for c in section.columns],
            total=_cells(section, section.totals) if section.totals is not None else None,
        )
    if report.chart is not None:
        title, bars = report.chart
        doc.line_of_text(title, 9, bold=True, gap=4)
        doc.bar_chart(bars, [format_rupiah(v) for _, v in bars])
    for note in report.notes:
        doc.line_of_text(note, 8, gap=3)
    doc.line_of_text(f"Dicetak {report.printed_at} · Lumbung", 7, grey=0.4, gap=0)
    return doc.bytes()
