"""What the loan screens share: names for loan codes, rates as typed, table helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.i18n import translate
from desktop.views.labels import QT_TRANSLATE_NOOP
from ledger.loans.products import format_bp
from ledger.money import format_rupiah

_STATUS = {
    "applied": QT_TRANSLATE_NOOP("LoanLabels", "Waiting for approval"),
    "approved": QT_TRANSLATE_NOOP("LoanLabels", "Approved, not paid out"),
    "open": QT_TRANSLATE_NOOP("LoanLabels", "Running"),
    "closed": QT_TRANSLATE_NOOP("LoanLabels", "Paid off"),
    "settled": QT_TRANSLATE_NOOP("LoanLabels", "Settled early"),
    "void": QT_TRANSLATE_NOOP("LoanLabels", "Rejected"),
}
_METHOD = {
    "flat": QT_TRANSLATE_NOOP("LoanLabels", "Flat"),
    "efektif": QT_TRANSLATE_NOOP("LoanLabels", "Declining (efektif)"),
    "anuitas": QT_TRANSLATE_NOOP("LoanLabels", "Annuity"),
}
_PERIOD = {
    "monthly": QT_TRANSLATE_NOOP("LoanLabels", "month"),
    "weekly": QT_TRANSLATE_NOOP("LoanLabels", "week"),
}
_KOL = {
    "lancar": QT_TRANSLATE_NOOP("LoanLabels", "Current (lancar)"),
    "kurang_lancar": QT_TRANSLATE_NOOP("LoanLabels", "Substandard (kurang lancar)"),
    "diragukan": QT_TRANSLATE_NOOP("LoanLabels", "Doubtful (diragukan)"),
    "macet": QT_TRANSLATE_NOOP("LoanLabels", "Loss (macet)"),
}
_LINE_STATE = {
    "paid": QT_TRANSLATE_NOOP("LoanLabels", "Paid"),
    "partial": QT_TRANSLATE_NOOP("LoanLabels", "Part paid"),
    "overdue": QT_TRANSLATE_NOOP("LoanLabels", "Overdue"),
    "due": QT_TRANSLATE_NOOP("LoanLabels", "Due today"),
    "coming": QT_TRANSLATE_NOOP("LoanLabels", "Not yet due"),
    "settled": QT_TRANSLATE_NOOP("LoanLabels", "Closed by settlement"),
}
_EVENT = {
    "LoanApplied": QT_TRANSLATE_NOOP("LoanLabels", "Application"),
    "LoanApproved": QT_TRANSLATE_NOOP("LoanLabels", "Approval"),
    "LoanDisbursed": QT_TRANSLATE_NOOP("LoanLabels", "Disbursement"),
    "LoanRepaid": QT_TRANSLATE_NOOP("LoanLabels", "Instalment payment"),
    "LoanSettled": QT_TRANSLATE_NOOP("LoanLabels", "Early settlement"),
    "LoanCreditRefunded": QT_TRANSLATE_NOOP("LoanLabels", "Overpayment refunded"),
    "Reversed": QT_TRANSLATE_NOOP("LoanLabels", "Reversal"),
}
_CHANNEL = {
    "cash": QT_TRANSLATE_NOOP("LoanLabels", "Cash"),
    "sukarela": QT_TRANSLATE_NOOP("LoanLabels", "Voluntary savings"),
}
# Row colours of the schedule and arrears tables (background), by state or class.
COLOURS = {
    "paid": "#e3f1df",
    "settled": "#e3f1df",
    "overdue": "#f9dcd6",
    "due": "#fff1c7",
    "partial": "#fff1c7",
    "lancar": "#ffffff",
    "kurang_lancar": "#fff1c7",
    "diragukan": "#fbe2c8",
    "macet": "#f5cfc8",
}


def _label(table: dict[str, str], code: str) -> str:
    source = table.get(code)
    return translate("LoanLabels", source) if source else code


def status(code: str) -> str:
    return _label(_STATUS, code)


def method(code: str) -> str:
    return _label(_METHOD, code)


def period(code: str) -> str:
    return _label(_PERIOD, code)


def kolektibilitas(code: str) -> str:
    return _label(_KOL, code)


def line_state(code: str) -> str:
    return _label(_LINE_STATE, code)


def event_type(code: str) -> str:
    return _label(_EVENT, code)


def channel(code: str) -> str:
    return _label(_CHANNEL, code)


def terms(tenor: int, totals: Sequence[int], instalment: int, period_code: str) -> str:
    """``6 × Rp 1.325.000 / bulan`` when every instalment is the same; otherwise the first
    and the last (an efektif loan's instalments fall): never one figure for unequal ones."""
    every = period(period_code)
    if totals and min(totals[:-1] or totals) == max(totals[:-1] or totals) != totals[-1]:
        # Equal but for the last (the rounding remainder of a flat or anuitas schedule).
        return translate("LoanLabels", "{tenor} × {first} (last {last})").format(
            tenor=tenor, first=format_rupiah(totals[0]), last=format_rupiah(totals[-1])
        )
    if totals and min(totals) != max(totals):
        return translate("LoanLabels", "{tenor} instalments, first {first}, last {last}").format(
            tenor=tenor, first=format_rupiah(totals[0]), last=format_rupiah(totals[-1])
        )
    return f"{tenor} × {format_rupiah(totals[0] if totals else instalment)} / {every}"


def terms_short(tenor: int, instalment: int, method_code: str) -> str:
    """For lists without the schedule: ``6 × Rp 1.325.000``, ``…, menurun`` for efektif."""
    if method_code == "efektif":
        return translate("LoanLabels", "{tenor} × from {first}, declining").format(
            tenor=tenor, first=format_rupiah(instalment)
        )
    return f"{tenor} × {format_rupiah(instalment)}"


def instalment_short(instalment: int, method_code: str) -> str:
    """An instalment column's figure: ``Rp 1.325.000, menurun`` where they fall (efektif)."""
    if method_code == "efektif":
        return translate("LoanLabels", "{first}, declining").format(first=format_rupiah(instalment))
    return format_rupiah(instalment)


def rate_text(bp: int) -> str:
    """A rate as tellers type it: ``150 -> "1,5"`` (no trailing zeros)."""
    whole, frac = divmod(bp, 100)
    return str(whole) if frac == 0 else f"{whole},{frac:02d}".rstrip("0")


def percent(bp: int) -> str:
    """``150 -> "1,50 %"``."""
    return format_bp(bp)


def parse_rate(text: str) -> int | None:
    """``"1,5"``, ``"1.5 %"`` -> 150 basis points; None if it is not a rate in whole bp."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", cleaned):
        return None
    whole, _, frac = cleaned.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def setup_table(table: QTableWidget, headers: Sequence[str], stretch: int | None = None) -> None:
    """A read-only, row-selecting table whose columns fit their text."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)


def fill_row(
    table: QTableWidget,
    row: int,
    values: Sequence[Any],
    *,
    right: Sequence[int] = (),
    colour: str | None = None,
    data: Any = None,
) -> None:
    """Write one table row; ``right`` columns are right-aligned (money)."""
    for column, value in enumerate(values):
        item = QTableWidgetItem(str(value))
        if column in right:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if colour:
            item.setBackground(QColor(colour))
            item.setForeground(QColor("#1f1f1f"))
        if data is not None and column == 0:
            item.setData(Qt.ItemDataRole.UserRole, data)
        table.setItem(row, column, item)
