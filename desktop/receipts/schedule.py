"""The repayment schedule (jadwal angsuran) a teller prints for the member, on A4.

Like a receipt it is the member's document, so it is always in Bahasa Indonesia. A long
schedule runs over several pages (``QTextDocument.print_`` paginates); the PDF is kept under
``<data dir>/schedules/<date>/``.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ledger.loans.products import format_bp
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
METHOD_ID = {"flat": "Flat", "efektif": "Efektif (menurun)", "anuitas": "Anuitas"}
FREQUENCY_ID = {"monthly": "bulan", "weekly": "minggu"}
MARGIN_MM = 15


def tanggal(day: dt.date) -> str:
    """``27 Desember 2025``."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def _nb(text: str) -> str:
    """Escaped, with spaces that never break (Qt's rich text ignores ``nowrap``)."""
    return escape(text).replace(" ", "&nbsp;")


def _rp(amount: int) -> str:
    return _nb(format_rupiah(amount))


def _num(amount: int) -> str:
    """An amount in a column headed "(Rp)": ``1.180.000``."""
    return _nb(format_rupiah(amount).removeprefix("Rp").strip())


def _pair(label: str, value: str) -> str:
    return (
        f'<tr><td class="label" width="46%">{_nb(label)}</td><td width="3%">:</td>'
        f"<td>{value}</td></tr>"
    )


def schedule_html(doc: Any) -> str:
    """The schedule as HTML for a QTextDocument (tables only: Qt's rich-text subset)."""
    period = FREQUENCY_ID.get(doc.frequency, doc.frequency)
    who = [
        _pair("No. Pinjaman", escape(doc.loan_no)) if doc.loan_no else "",
        _pair("Nama anggota", escape(doc.member_name)) if doc.member_name else "",
        _pair("No. Anggota", escape(doc.member_no)) if doc.member_no else "",
        _pair("Produk", escape(doc.product_name)),
        _pair("Metode jasa", escape(METHOD_ID.get(doc.method, doc.method))),
        _pair("Tanggal pencairan", _nb(tanggal(doc.start))),
    ]
    fees = doc.admin_fee + doc.provision_fee
    terms = [
        _pair("Pokok pinjaman", f"<b>{_rp(doc.principal)}</b>"),
        _pair("Jangka waktu", _nb(f"{doc.tenor} {period}")),
        _pair("Jasa", escape(f"{format_bp(doc.rate_bp)} per bulan")),
        _pair(f"Angsuran per {period}", f"<b>{_rp(doc.instalment)}</b>"),
        _pair("Total jasa", _rp(doc.total_interest)),
        _pair("Biaya administrasi", _rp(doc.admin_fee)),
        _pair("Biaya provisi", _rp(doc.provision_fee)),
        _pair(
            "Diterima anggota",
            _rp(doc.net_to_member)
            + ("" if doc.fees_deducted or not fees else " (biaya dibayar terpisah)"),
        ),
    ]
    rates = (
        f"Jasa {escape(format_bp(doc.flat_annual_bp))} per tahun "
        f"({escape(METHOD_ID.get(doc.method, doc.method).lower())}) setara dengan bunga "
        f"efektif <b>{escape(format_bp(doc.effective_annual_bp))} per tahun</b> atas uang yang "
        "diterima anggota (biaya diperhitungkan)."
    )
    rows = "".join(
        f'<tr><td align="center">{n}</td><td>{_nb(tanggal(due))}</td>'
        f'<td align="right">{_num(pokok)}</td><td align="right">{_num(jasa)}</td>'
        f'<td align="right"><b>{_num(total)}</b></td>'
        f'<td align="right">{_num(balance)}</td></tr>'
        for n, due, pokok, jasa, total, balance in doc.rows
    )
    totals = (
        '<tr class="total"><td></td><td><b>Jumlah</b></td>'
        f'<td align="right"><b>{_num(doc.principal)}</b></td>'
        f'<td align="right"><b>{_num(doc.total_interest)}</b></td>'
        f'<td align="right"><b>{_num(doc.total_payment)}</b></td><td></td></tr>'
    )
    note = (
        "<p class='small'><b>Simulasi</b>: bukan perjanjian pinjaman. Tanggal jatuh tempo "
        "dihitung dari tanggal pencairan yang sebenarnya.</p>"
        if doc.simulation
        else ""
    )
    return f"""<html><head><style>
body {{ font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; font-size: 8pt; }}
p.title {{ font-size: 13pt; }}
td {{ padding: 2px 4px; vertical-align: top; }}
td.label {{ color: #333333; }}
table.grid {{ border-collapse: collapse; }}
table.grid th {{ background-color: #efe6d6; padding: 3px 4px; border: 1px solid #b9a27a; }}
table.grid td {{ border: 1px solid #cfc3ad; }}
.small {{ font-size: 8pt; color: #444444; }}
</style></head><body>
<p align="center"><b>{escape(doc.cooperative)}</b><br>
{escape(doc.branch_name)} ({escape(doc.branch_id)})</p>
<p align="center" class="title"><b>{escape(doc.title)}</b></p>
<table width="100%"><tr>
<td width="50%"><table width="100%">{"".join(who)}</table></td>
<td width="50%"><table width="100%">{"".join(terms)}</table></td>
</tr></table>
<p>{rates}</p>
<table class="grid" width="100%" cellspacing="0">
<tr><th width="6%">Ke</th><th width="22%">Jatuh tempo</th><th width="18%">Pokok (Rp)</th>
<th width="18%">Jasa (Rp)</th><th width="18%">Angsuran (Rp)</th>
<th width="18%">Sisa pokok (Rp)</th></tr>
{rows}{totals}
</table>
{note}
<p class="small">Angsuran dibulatkan ke atas; angsuran terakhir menyesuaikan sehingga jumlah
pokok tepat sama dengan pokok pinjaman. Pembayaran dialokasikan ke denda, jasa, lalu pokok.
Keterlambatan dikenakan denda sesuai ketentuan produk.</p>
<table width="100%"><tr>
<td width="50%" align="center">Petugas<br><br><br>( {escape(doc.teller_name or " ")} )</td>
<td width="50%" align="center">Anggota<br><br><br>( {escape(doc.member_name or " ")} )</td>
</tr></table>
<p align="center" class="small">Dicetak {escape(doc.printed_at)}</p>
</body></html>"""


def _document(doc: Any) -> QTextDocument:
    text = QTextDocument()
    text.setHtml(schedule_html(doc))
    return text


def write_schedule_pdf(doc: Any, path: Path) -> Path:
    """Write the schedule as an A4 PDF at ``path`` (folders made; never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".pdf.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(300)
    writer.setCreator("Lumbung")
    writer.setTitle(f"{doc.title} {doc.loan_no}".strip())
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(*(MARGIN_MM,) * 4),
            QPageLayout.Unit.Millimeter,
        )
    )
    _document(doc).print_(writer)
    del writer  # flushes and closes the file
    tmp.replace(path)
    return path


def schedule_path(folder: Path, doc: Any) -> Path:
    """``schedules/<date>/<loan no>.pdf``, or ``SIMULASI-<time>.pdf`` for a simulation."""
    day = re.sub(r"[^0-9-]", "", str(doc.printed_at))[:10] or "undated"
    if doc.loan_no:
        name = re.sub(r"[^0-9A-Za-z._-]+", "_", doc.loan_no)
    else:
        name = "SIMULASI-" + re.sub(r"[^0-9]", "", str(doc.printed_at))[8:14]
    return folder / day / f"{name}.pdf"


def print_schedule(doc: Any, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print the schedule."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _document(doc).print_(printer)
    return True
