"""A report on screen and on paper: HTML for Qt's rich text, a bar chart drawn with QPainter,
and the A4 PDF kept under ``<data dir>/reports/<date>/``.

The same :class:`QTextDocument` is shown in the report window and printed, so what the
supervisor sees is what is filed. The chart is an image resource of the document (drawn at
print resolution).

The layout engine for paper (:func:`paginate`), one for every report:

* a figure never wraps: text wraps at spaces only and figures hold no breakable space, so a
  column too narrow for its figures makes the table wider than the page, which is measured;
* a table wider than A4 portrait is laid out in landscape, and if still too wide in a smaller
  type, by itself (no list of wide reports);
* every table repeats its column headings on each page (``<thead>``);
* a heading never stands alone at the foot of a page: it moves to the next page when its
  table's heading row and first lines (or its chart) do not fit under it;
* every page carries "Halaman n dari N".
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
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
#: Layout units of the paper document: 96 per inch (CSS pixels), scaled to the printer.
LAYOUT_DPI = 96
#: Room kept under each page's text for the page number.
FOOTER_MM = 6
#: Type sizes tried, largest first, until every table fits the page's width.
FONT_SIZES = (8.0, 7.0, 6.5)
CELL_BORDER = "#cfc3ad"
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


def _keep_whole(value: Any, column: Column) -> str:
    """A code (``PJ/BR01/01/0000010``, a member number, a time) is one word that must not
    break at its slashes or hyphens: the cell does not wrap. Text with spaces still may."""
    if column.kind == "text" and value not in ("", None) and not re.search(r"\s", str(value)):
        # (an inline style drops the stylesheet's cell border in Qt: state it again)
        return f' style="white-space: nowrap; border: 1px solid {CELL_BORDER}"'
    return ""


def _section_html(section: Section) -> str:
    total_width = sum(c.width for c in section.columns) or 1
    head = "".join(
        f'<th width="{round(100 * c.width / total_width)}%"'
        f"{' align=right' if c.kind != 'text' else ''}>"
        f"{_nb(c.title)}{' (Rp)' if c.kind in ('money', 'selisih') else ''}</th>"
        for c in section.columns
    )

    def row(values: tuple[Any, ...], cls: str = "") -> str:
        cells = "".join(
            f"<td{' align=right' if c.kind != 'text' else ''}{_keep_whole(v, c)}>"
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
        f'<table class="grid" width="100%" cellspacing="0"><thead><tr>{head}</tr></thead>'
        f"{body}{totals}</table>"
    )


def report_html(report: Report, *, chart_width: int = 0, font_pt: float = FONT_SIZES[0]) -> str:
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
body {{ font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; font-size: {font_pt}pt; }}
p.title {{ font-size: 13pt; }}
p.section {{ font-size: 9pt; margin-top: 10px; }}
td {{ padding: 2px 4px; vertical-align: top; }}
td.label {{ color: #333333; }}
table.grid {{ border-collapse: collapse; }}
table.grid th {{ background-color: #efe6d6; padding: 3px 4px; border: 1px solid #b9a27a; }}
table.grid td {{ border: 1px solid {CELL_BORDER}; }}
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


def document(
    report: Report, *, chart_width: int = 0, font_pt: float = FONT_SIZES[0]
) -> QTextDocument:
    """The report as a QTextDocument, its chart added as an image resource. Text wraps at
    spaces only, never inside a word or a figure."""
    doc = QTextDocument()
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    doc.setDefaultTextOption(option)
    if report.chart is not None:
        doc.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), chart_image(report.chart)
        )
    doc.setHtml(report_html(report, chart_width=chart_width, font_pt=font_pt))
    return doc


def _layout(orientation: QPageLayout.Orientation) -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        orientation,
        QMarginsF(*(MARGIN_MM,) * 4),
        QPageLayout.Unit.Millimeter,
    )


def _page_size(layout: QPageLayout) -> QSizeF:
    """The text area of one page in layout units, the page number's room left out."""
    rect = layout.paintRect(QPageLayout.Unit.Millimeter)
    per_mm = LAYOUT_DPI / 25.4
    return QSizeF(rect.width() * per_mm, (rect.height() - FOOTER_MM) * per_mm)


_PROBE: list[QImage] = []


def _probe() -> QImage:
    """A paint device at :data:`LAYOUT_DPI`: fonts are measured the same on every PC,
    whatever its screen scaling."""
    if not _PROBE:
        image = QImage(1, 1, QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(round(LAYOUT_DPI / 0.0254))
        image.setDotsPerMeterY(round(LAYOUT_DPI / 0.0254))
        _PROBE.append(image)
    return _PROBE[0]


def _fits(doc: QTextDocument) -> bool:
    return doc.size().width() <= doc.pageSize().width() + 0.5


#: A last page filled less than this is a stray (a line or two and the total): the next
#: smaller type is tried, and kept if it saves that page.
STRAY_LAST_PAGE = 0.15


def _laid_out(
    report: Report, font_pt: float, orientation: QPageLayout.Orientation
) -> tuple[QTextDocument, QPageLayout]:
    layout = _layout(orientation)
    doc = document(report, chart_width=CHART_PRINT_WIDTH, font_pt=font_pt)
    doc.documentLayout().setPaintDevice(_probe())
    doc.setPageSize(_page_size(layout))
    return doc, layout


def _last_page_fill(doc: QTextDocument) -> float:
    page_h = doc.pageSize().height()
    bottom = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
    return (bottom - (doc.pageCount() - 1) * page_h) / page_h


def paginate(report: Report) -> tuple[QTextDocument, QPageLayout]:
    """The report laid out on A4 pages: portrait when every table fits its width, otherwise
    landscape (in a smaller type if need be); headings kept with what follows them; a stray
    last page avoided where a smaller type saves it."""
    chosen: tuple[QTextDocument, QPageLayout, int] | None = None
    for i, font_pt in enumerate(FONT_SIZES):
        for orientation in (QPageLayout.Orientation.Portrait, QPageLayout.Orientation.Landscape):
            doc, layout = _laid_out(report, font_pt, orientation)
            if _fits(doc):
                chosen = (doc, layout, i)
                break
        if chosen is not None:
            break
    if chosen is None:
        doc, layout = _laid_out(report, FONT_SIZES[-1], QPageLayout.Orientation.Landscape)
        _keep_headings(doc, report)
        return doc, layout
    doc, layout, i = chosen
    _keep_headings(doc, report)
    if doc.pageCount() > 1 and _last_page_fill(doc) < STRAY_LAST_PAGE and i + 1 < len(FONT_SIZES):
        smaller, same = _laid_out(report, FONT_SIZES[i + 1], layout.orientation())
        _keep_headings(smaller, report)
        if _fits(smaller) and smaller.pageCount() < doc.pageCount():
            return smaller, same
    return doc, layout


def _keep_headings(doc: QTextDocument, report: Report) -> None:
    """Move a section's or the chart's heading to the next page when what follows it (the
    table's heading row and two lines, or the chart) would not fit under it on its page."""
    titles = {s.title for s in report.sections}
    if report.chart is not None:
        titles.add(report.chart.title)
    page_h = doc.pageSize().height()
    layout = doc.documentLayout()
    block = doc.begin()
    while block.isValid():
        following = block.next()
        if (
            block.text() in titles
            and following.isValid()
            and QTextCursor(block).currentTable() is None
        ):
            rect = layout.blockBoundingRect(block)
            table = QTextCursor(following).currentTable()
            if table is not None:
                table_h = layout.frameBoundingRect(table).height()
                rows = max(1, table.rows())
                needed = table_h * min(rows, 3) / rows
            else:
                needed = layout.blockBoundingRect(following).height()
            page = int(rect.top() // page_h)
            bottom = (page + 1) * page_h - doc.documentMargin()
            if rect.bottom() + needed > bottom and rect.top() > page * page_h + rect.height():
                fmt = QTextBlockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).mergeBlockFormat(fmt)
        block = following


def _print_pages(doc: QTextDocument, device: QPagedPaintDevice, report: Report) -> None:
    """Draw each page of the paginated ``doc`` on ``device``, with its page number."""
    page = doc.pageSize()
    pages = doc.pageCount()
    scale = device.logicalDpiY() / LAYOUT_DPI
    painter = QPainter(device)
    try:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(6.5)
        for i in range(pages):
            if i:
                device.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, -i * page.height())
            doc.drawContents(painter, QRectF(0, i * page.height(), page.width(), page.height()))
            painter.restore()
            # The page number in the device's own units (a point size means the same there).
            painter.save()
            painter.setFont(font)
            painter.setPen(QColor("#555555"))
            footer = QRectF(
                0,
                page.height() * scale,
                page.width() * scale,
                FOOTER_MM * LAYOUT_DPI / 25.4 * scale,
            )
            painter.drawText(
                footer,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                f"{report.title} · {report.period}",
            )
            painter.drawText(
                footer,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                f"Halaman {i + 1} dari {pages}",
            )
            painter.restore()
    finally:
        painter.end()


def write_pdf(report: Report, path: Path) -> Path:
    """Write the report as an A4 PDF at ``path`` (folders made; never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".pdf.tmp")
    doc, layout = paginate(report)
    writer = QPdfWriter(str(tmp))
    writer.setResolution(300)
    writer.setCreator("Lumbung")
    writer.setTitle(f"{report.title} {report.period}")
    writer.setPageLayout(layout)
    _print_pages(doc, writer, report)
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

    doc, layout = paginate(report)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(layout)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _print_pages(doc, printer, report)
    return True
