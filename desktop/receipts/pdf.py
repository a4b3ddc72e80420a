"""Write a receipt to PDF, keep it under the data directory, print it on request."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import (
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from desktop.receipts.layout import A4, THERMAL_80, Layout, receipt_html

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

_MM_PER_INCH = 25.4
PDF_DPI = 300


def _document(receipt: Any, layout: Layout, device: QPaintDevice, dpi: int) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    # Measure fonts at the output's resolution so the layout is the same on paper and PDF.
    doc.documentLayout().setPaintDevice(device)
    doc.setHtml(receipt_html(receipt, layout))
    doc.setTextWidth(layout.content_width_mm / _MM_PER_INCH * dpi)
    return doc


def _page_height_mm(doc: QTextDocument, layout: Layout, dpi: int) -> float:
    if layout.page_height_mm:
        return layout.page_height_mm
    # A roll: the page is exactly as long as the receipt.
    return doc.size().height() / dpi * _MM_PER_INCH + 2 * layout.margin_mm


def _paint(device: QPagedPaintDevice, receipt: Any, layout: Layout, dpi: int) -> None:
    doc = _document(receipt, layout, device, dpi)
    height = _page_height_mm(doc, layout, dpi)
    device.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(layout.page_width_mm, height), QPageSize.Unit.Millimeter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(*(layout.margin_mm,) * 4),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(device)
    try:
        doc.drawContents(painter)
    finally:
        painter.end()


def write_pdf(receipt: Any, path: Path, layout: Layout = THERMAL_80) -> Path:
    """Write ``receipt`` as a one-page PDF at ``path`` (parent folders are created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".pdf.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Lumbung")
    writer.setTitle(f"Struk {receipt.receipt_no}")
    _paint(writer, receipt, layout, PDF_DPI)
    del writer  # flushes and closes the file
    tmp.replace(path)  # never leave a half-written receipt under its real name
    return path


def archive_path(receipts_dir: Path, receipt: Any) -> Path:
    """Where a transaction's receipt is kept: ``receipts/<business date>/<receipt no>.pdf``.

    Filed under the business date the books hold it on (after a day close the PC's calendar
    may still show the closed day); the recording time's date only when a receipt has none.
    A reprint is kept beside it as ``<receipt no>-SALINAN.pdf``.
    """
    safe = re.sub(r"[^0-9A-Za-z._-]+", "_", str(receipt.receipt_no))
    dated = str(getattr(receipt, "business_date", "") or receipt.recorded_at)
    day = re.sub(r"[^0-9-]", "", dated)[:10] or "undated"
    suffix = "-SALINAN" if receipt.reprint else ""
    return receipts_dir / day / f"{safe}{suffix}.pdf"


def render_image(receipt: Any, layout: Layout = THERMAL_80, dpi: int = 150) -> QImage:
    """The receipt drawn on an image (previews and screenshots), white background."""
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    probe.setDotsPerMeterX(round(dpi / 0.0254))
    probe.setDotsPerMeterY(round(dpi / 0.0254))
    doc = _document(receipt, layout, probe, dpi)
    margin = round(layout.margin_mm / _MM_PER_INCH * dpi)
    width = round(layout.page_width_mm / _MM_PER_INCH * dpi)
    height = round(_page_height_mm(doc, layout, dpi) / _MM_PER_INCH * dpi)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(probe.dotsPerMeterX())
    image.setDotsPerMeterY(probe.dotsPerMeterY())
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    try:
        painter.translate(margin, margin)
        doc.drawContents(painter)
    finally:
        painter.end()
    return image


def print_receipt(receipt: Any, parent: QWidget | None = None) -> bool:
    """Ask for a printer (QPrintDialog) and print; a roll printer gets the thermal layout."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    width_mm = printer.pageLayout().pageSize().size(QPageSize.Unit.Millimeter).width()
    layout = THERMAL_80 if width_mm < 120 else A4
    _paint(printer, receipt, layout, printer.resolution())
    return True
