"""Receipts (struk / bukti transaksi): one QTextDocument layout, written to PDF and printed.

A receipt is a document for the member, so it is always in Bahasa Indonesia, whatever the
UI language. Every posted transaction keeps its PDF under ``<data dir>/receipts``; a reprint
is marked SALINAN (copy).
"""

from desktop.receipts.layout import A4, SCREEN, THERMAL_80, Layout, receipt_html
from desktop.receipts.pdf import archive_path, print_receipt, render_image, write_pdf

__all__ = [
    "A4",
    "SCREEN",
    "THERMAL_80",
    "Layout",
    "archive_path",
    "print_receipt",
    "receipt_html",
    "render_image",
    "write_pdf",
]
