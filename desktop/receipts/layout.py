"""The receipt's content and its two paper layouts: 80 mm thermal roll and A4."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from ledger.money import format_rupiah


@dataclass(frozen=True)
class Layout:
    """A paper layout.

    Attributes:
        name: ``"thermal80"`` or ``"a4"``.
        page_width_mm: Paper width.
        page_height_mm: Paper height; 0 for a roll (the page is as long as the receipt).
        margin_mm: Margin on every side.
        font_pt: Base font size.
        signatures: Print signature boxes for teller and member.
    """

    name: str
    page_width_mm: float
    page_height_mm: float
    margin_mm: float
    font_pt: float
    signatures: bool

    @property
    def content_width_mm(self) -> float:
        return self.page_width_mm - 2 * self.margin_mm


THERMAL_80 = Layout("thermal80", 80, 0, 4, 7.5, signatures=False)
A4 = Layout("a4", 210, 297, 18, 10.5, signatures=True)
#: The thermal receipt as shown on screen: same content, a font a teller can read at a glance.
SCREEN = Layout("screen", 80, 0, 4, 10, signatures=False)


def _text(value: Any) -> str:
    return escape(str(value if value is not None else ""))


def _nowrap(text: str) -> str:
    """A figure that never breaks across lines ("Rp 7.425.000" stays whole)."""
    return escape(text).replace(" ", "&nbsp;")


def _row(label: str, value: str, strong: bool = False) -> str:
    cell = f"<b>{value}</b>" if strong else value
    return (
        f'<tr><td class="label" width="36%">{escape(label)}</td>'
        f'<td width="2%">:</td><td>{cell}</td></tr>'
    )


def receipt_html(receipt: Any, layout: Layout) -> str:
    """The receipt as HTML for a QTextDocument (Qt's rich-text subset: tables, no flexbox)."""
    business_date = getattr(receipt, "business_date", "")
    rows = [
        _row("No. Struk", _text(receipt.receipt_no)),
        _row("Waktu", _text(receipt.recorded_at)),
    ]
    if business_date:
        # The day the books hold it on: after a day close the PC's calendar and the business
        # date differ, and the member's statement lists it under the business date.
        rows.append(_row("Hari usaha", _text(business_date)))
    rows += [
        _row("No. Anggota", _text(receipt.member_no)),
        _row("Nama", _text(receipt.member_name)),
        _row("Transaksi", _text(receipt.tx_label)),
    ]
    if getattr(receipt, "reverses_receipt", ""):
        rows.append(_row("Membatalkan", "struk " + _text(receipt.reverses_receipt)))
        if getattr(receipt, "reverses_date", ""):
            rows.append(_row("Hari usaha struk", _text(receipt.reverses_date)))
    rows += [
        *(_row(label, _text(value)) for label, value in getattr(receipt, "details", ())),
        _row(
            getattr(receipt, "amount_label", "") or "Jumlah",
            _nowrap(format_rupiah(int(receipt.amount))),
            strong=True,
        ),
        _row("Terbilang", f"<i>{_text(receipt.amount_words).capitalize()}</i>"),
    ]
    if receipt.balance_after is not None:
        label = getattr(receipt, "balance_label", "") or "Saldo setelah"
        rows.append(_row(label, _nowrap(format_rupiah(int(receipt.balance_after)))))
    if getattr(receipt, "reason", ""):
        rows.append(_row("Alasan", _text(receipt.reason)))
    rows.append(_row("Teller", _text(receipt.teller_name)))
    if receipt.authorizer_name:
        rows.append(_row("Otorisasi", _text(receipt.authorizer_name)))
    copy = '<p align="center" class="copy"><b>*** SALINAN ***</b></p>' if receipt.reprint else ""
    signatures = ""
    if layout.signatures:
        signatures = (
            '<br><table width="100%"><tr>'
            '<td width="50%" align="center">Teller<br><br><br><br>'
            f"( {_text(receipt.teller_name)} )</td>"
            '<td width="50%" align="center">Anggota<br><br><br><br>'
            f"( {_text(receipt.member_name)} )</td>"
            "</tr></table>"
        )
    big = layout.font_pt * 1.25
    return f"""<html><head><style>
body {{ font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; font-size: {layout.font_pt}pt; }}
p.title {{ font-size: {big}pt; }}
td {{ padding: 1px 2px; vertical-align: top; }}
td.label {{ color: #333333; }}
p.copy {{ font-size: {big}pt; }}
.small {{ font-size: {layout.font_pt * 0.85}pt; color: #444444; }}
</style></head><body>
<p align="center"><b>{_text(receipt.cooperative)}</b><br>
{_text(receipt.branch_name)} ({_text(receipt.branch_id)})</p>
<hr>
<p align="center" class="title"><b>BUKTI TRANSAKSI</b></p>
{copy}
<table width="100%" cellspacing="0">{"".join(rows)}</table>
<hr>
{signatures}
<p align="center" class="small">Dicetak {_text(receipt.printed_at)}<br>
Simpan struk ini sebagai bukti transaksi yang sah.<br>Terima kasih.</p>
</body></html>"""
