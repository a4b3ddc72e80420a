"""A report on screen and on paper: HTML for Qt's rich text, a bar chart drawn with QPainter,
and the A4 PDF kept under ``<data dir>/reports/<date>/``.

The same :class:`QTextDocument` is shown in the report window and printed, so what the
supervisor sees is what is filed. The chart is an image resource of the document (drawn at
print resolution), so pagination stays Qt's.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QRectF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from desktop.reports.model import Chart, Column, Report, Section
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

MARGIN_MM = 12
CHART_URL = "lumbung-chart://bars"
#: The chart's width in the printed document (its layout units are 96 per inch, whatever
#: the printer's resolution): about two thirds of a portrait page's text width.
CHART_PRINT_WIDTH = 560
#: Wide tables print across the page.
LANDSCAPE = frozenset({"journal", "teller_cash", "statement", "loan_portfolio"})
BAR_COLOURS = ("#4c8c4a", "#d9a521", "#d9661f", "#b3261e", "#5b6b8c")


def _nb(text: str) -> str:
    """Escaped, with spaces that never break (Qt's rich text ignores ``nowrap``)."""
    return escape(text).replace(" ", "&nbsp;")


def _digits(amount: int) -> str:
    return format_rupiah(abs(amount)).removeprefix("Rp").strip()


def signed_difference(value: int | tuple[int, int]) -> str:
    """A cash difference in words: ``lebih 50``, ``kurang 50``, ``0``; a total ``(over,
    short)`` as ``lebih 100 / kurang 50`` (both parts, never netted)."""
    if isinstance(value, tuple):
        over, short = (abs(int(v)) for v in value)
        parts = [f"lebih {_digits(over)}"] if over else []
        parts += [f"kurang {_digits(short)}"] if short else []
        return " / ".join(parts) or "0"
    amount = int(value)
    if amount > 0:
        return f"lebih {_digits(amount)}"
    if amount < 0:
        return f"kurang {_digits(amount)}"
    return "0"


def cell(value: Any, column: Column) -> str:
    if value == "" or value is None:
        return ""
    if column.kind == "money":
        amount = int(value)
        digits = format_rupiah(abs(amount)).removeprefix("Rp").strip()
        return _nb(f"-{digits}" if amount < 0 else digits)
    if column.kind == "selisih":
        return _nb(signed_difference(value))
    if column.kind == "int":
        return _nb(f"{int(value):,}".replace(",", "."))
    if column.kind == "percent":
        return _nb(f"{int(value) / 100:.2f}%".replace(".", ","))
    return escape(str(value))


def _section_html(section: Section) -> str:
    total_width = sum(c.width for c in section.columns) or 1
    head = "".join(
        f'<th width="{round(100 * c.width / total_width)}%"'
        f"{' align=right' if c.kind != 'text' else ''}>"
        f"{_nb(c.title)}{' (Rp)' if c.kind == 'money' else ''}</th>"
        for c in section.columns
    )

    def row(values: tuple[Any, ...], cls: str = "") -> str:
        cells = "".join(
            f"<td{' align=right' if c.kind != 'text' else ''}>"
            f"{'<b>' if cls else ''}{cell(v, c)}{'</b>' if cls else ''}</td>"
            for v, c in zip(values, section.columns, strict=False)
        )
        return f'<tr class="{cls}">{cells}</tr>'

    body = "".join(row(r) for r in section.rows)
    if not section.rows:
        body = f'<tr><td colspan="{len(section.columns)}"><i>Tidak ada data.</i></td></tr>'
    totals = row(section.totals, "total") if section.totals is not None else ""
    return (
        f'<p class="section"><b>{escape(section.title)}</b></p>'
        f'<table class="grid" width="100%" cellspacing="0"><tr>{head}</tr>{body}{totals}</table>'
    )


def report_html(report: Report, *, chart_width: int = 0) -> str:
    """The report as HTML for a QTextDocument (tables only: Qt's rich-text subset)."""
    facts = "".join(
        f'<tr><td class="label" width="30%">{_nb(k)}</td><td width="2%">:</td>'
        f"<td>{escape(v)}</td></tr>"
        for k, v in report.facts
    )
    facts_table = f'<table width="100%">{facts}</table>' if facts else ""
    sections = "".join(_section_html(s) for s in report.sections)
    chart = ""
    if report.chart is not None:
        width = f' width="{chart_width}"' if chart_width else ""
        chart = (
            f'<p class="section"><b>{escape(report.chart.title)}</b></p>'
            f'<p align="center"><img src="{CHART_URL}"{width}></p>'
        )
    notes = "".join(f"<p class='note'>{escape(n)}</p>" for n in report.notes)
    signatures = "".join(
        f'<td width="50%" align="center">{escape(role)}<br><br><br>'
        f"<b>( {escape(name)} )</b><br>{escape(when)}</td>"
        for role, name, when in report.signatures
    )
    signature_table = (
        f'<table width="100%"><tr><td width="50%"></td>{signatures}</tr></table>'
        if signatures
        else ""
    )
    return f"""<html><head><style>
body {{ font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; font-size: 8pt; }}
p.title {{ font-size: 13pt; }}
p.section {{ font-size: 9pt; margin-top: 10px; }}
td {{ padding: 2px 4px; vertical-align: top; }}
td.label {{ color: #333333; }}
table.grid {{ border-collapse: collapse; }}
table.grid th {{ background-color: #efe6d6; padding: 3px 4px; border: 1px solid #b9a27a; }}
table.grid td {{ border: 1px solid #cfc3ad; }}
tr.total td {{ background-color: #f7f2e8; }}
p.note {{ font-size: 8pt; color: #333333; }}
.small {{ font-size: 7pt; color: #555555; }}
</style></head><body>
<p align="center"><b>{escape(report.cooperative)}</b><br>{escape(report.branch)}</p>
<p align="center" class="title"><b>{escape(report.title)}</b><br>
<span class="small">{escape(report.period)}</span></p>
{facts_table}{sections}{chart}{notes}{signature_table}
<p align="right" class="small">Dicetak {escape(report.printed_at)} · Lumbung</p>
</body></html>"""


def chart_image(chart: Chart, width: int = 1600, height: int = 560) -> QImage:
    """Vertical bars with their values on top and labels below, on white."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont("DejaVu Sans")
        font.setPixelSize(max(12, height // 15))
        painter.setFont(font)
        left, right, top, bottom = width * 0.04, width * 0.02, height * 0.16, height * 0.16
        plot_w, plot_h = width - left - right, height - top - bottom
        highest = max((v for _, v in chart.bars), default=0) or 1
        painter.setPen(QPen(QColor("#888888"), max(1, height // 280)))
        painter.drawLine(int(left), int(top + plot_h), int(left + plot_w), int(top + plot_h))
        slot = plot_w / max(1, len(chart.bars))
        for i, (name, value) in enumerate(chart.bars):
            bar_h = plot_h * value / highest
            x = left + i * slot + slot * 0.2
            rect = QRectF(x, top + plot_h - bar_h, slot * 0.6, bar_h)
            painter.fillRect(rect, QColor(BAR_COLOURS[i % len(BAR_COLOURS)]))
            painter.setPen(QColor("#222222"))
            painter.drawText(
                QRectF(left + i * slot, top + plot_h - bar_h - height * 0.1, slot, height * 0.09),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                format_rupiah(value),
            )
            painter.drawText(
                QRectF(left + i * slot, top + plot_h + height * 0.02, slot, bottom * 0.8),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                name,
            )
    finally:
        painter.end()
    return image


def document(report: Report, *, chart_width: int = 0) -> QTextDocument:
    """The report as a QTextDocument, its chart added as an image resource."""
    doc = QTextDocument()
    if report.chart is not None:
        doc.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), chart_image(report.chart)
        )
    doc.setHtml(report_html(report, chart_width=chart_width))
    return doc


def _layout(report: Report) -> QPageLayout:
    orientation = (
        QPageLayout.Orientation.Landscape
        if report.kind in LANDSCAPE
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        orientation,
        QMarginsF(*(MARGIN_MM,) * 4),
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(report: Report, path: Path) -> Path:
    """Write the report as an A4 PDF at ``path`` (folders made; never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".pdf.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(300)
    writer.setCreator("Lumbung")
    writer.setTitle(f"{report.title} {report.period}")
    writer.setPageLayout(_layout(report))
    document(report, chart_width=CHART_PRINT_WIDTH).print_(writer)
    del writer  # flushes and closes the file
    tmp.replace(path)
    return path


def report_path(folder: Path, report: Report) -> Path:
    """``reports/<printed date>/<file stem>.pdf``."""
    printed = re.sub(r"[^0-9-]", "", report.printed_at)[:10]
    day = f"{printed[6:10]}-{printed[3:5]}-{printed[0:2]}" if len(printed) == 10 else "undated"
    stem = re.sub(r"[^0-9A-Za-z._-]+", "_", report.file_stem)
    return folder / day / f"{stem}.pdf"


def print_report(report: Report, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print the report."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_layout(report))
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document(report, chart_width=CHART_PRINT_WIDTH).print_(printer)
    return True
