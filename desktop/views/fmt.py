"""Dates and times as the counter shows them, in the UI language."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from desktop.i18n import locale


def date_text(value: dt.date | str | None, long: bool = False) -> str:
    """``2025-05-12`` -> ``12-05-2025`` (or ``12 Mei 2025`` when ``long``)."""
    if not value:
        return ""
    day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if not long:
        return day.strftime("%d-%m-%Y")
    return locale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")
