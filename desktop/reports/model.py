"""A report as data: titled sections of typed columns, an optional bar chart, signatures.

Every report of the branch (and the end-of-day report) is built as a :class:`Report` in the
store thread (:mod:`desktop.reports.data`) and rendered on the UI thread: as HTML on screen and
as an A4 PDF (:mod:`desktop.reports.pdf`). Reports are official documents of the cooperative,
so their text is always Bahasa Indonesia, whatever the UI language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

#: ``selisih``: a cash difference, printed with its sign in words (``lebih 50``, ``kurang
#: 50``); in a total row an ``(over, short)`` pair, both shown (a surplus never nets a
#: shortage away).
ColumnKind = Literal["text", "money", "int", "percent", "selisih"]


@dataclass(frozen=True)
class Column:
    """A column: its heading, how its values print, and its relative width."""

    title: str
    kind: ColumnKind = "text"
    width: int = 1


@dataclass(frozen=True)
class Section:
    """One table of a report.

    Attributes:
        rows: Values per column (``int`` rupiah for money, basis points for percent).
        totals: The total row (``None`` for no total); ``""`` leaves a cell empty.
    """

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class Chart:
    """A bar chart: one bar per label, values in rupiah."""

    title: str
    bars: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Report:
    """A printable report.

    Attributes:
        kind: ``teller_cash``, ``journal``, ``trial_balance``, ``statement``, ``savings``,
            ``loan_portfolio`` or ``end_of_day``.
        title: As printed, upper case (``"NERACA SALDO"``).
        period: What it covers (``"Tanggal 27-11-2025"``, ``"01-11-2025 s.d. 27-11-2025"``).
        facts: Label/value pairs printed under the title.
        notes: Lines printed after the tables (checks, explanations).
        signatures: ``(role, name, time)`` boxes at the foot (the end-of-day sign-off).
        file_stem: A file name for the PDF, without extension.
    """

    kind: str
    title: str
    cooperative: str
    branch: str
    period: str
    printed_at: str
    sections: tuple[Section, ...]
    facts: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    chart: Chart | None = None
    signatures: tuple[tuple[str, str, str], ...] = ()
    file_stem: str = field(default="laporan")
