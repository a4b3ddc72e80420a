"""The head-office reports as background jobs, and their XLSX rendering.

The reports themselves are :mod:`sync_server.reports` (the CLI's ``report`` command builds the
same ones); this module only runs them off the request and renders them. A journal over a
period is the daily journal built day by day, so its job reports progress per day.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ledger.errors import ValidationError
from sync_server.console.jobs import Progress, Result, Runner
from sync_server.reports.data import BUILDERS
from sync_server.reports.model import Column, Report, Section, to_csv, to_pdf
from sync_server.store.db import Database

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
KINDS = (*BUILDERS, "journal-period")
#: The longest period one journal job covers.
MAX_PERIOD_DAYS = 366


def to_xlsx(report: Report) -> bytes:
    """One worksheet per report, sections one below the other; money and counts as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = report.kind[:31]
    bold = Font(bold=True)
    sheet.append([report.cooperative])
    sheet.append([report.title])
    sheet.append([report.period])
    for row in (1, 2):
        sheet.cell(row=row, column=1).font = bold
    for section in report.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([c.title + (" (Rp)" if c.kind == "money" else "") for c in section.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for values in section.rows:
            sheet.append([_value(v, c) for v, c in zip(values, section.columns, strict=False)])
        if section.totals is not None:
            totals = [_value(v, c) for v, c in zip(section.totals, section.columns, strict=False)]
            sheet.append(totals)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    for note in report.notes:
        sheet.append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(value: Any, column: Column) -> Any:
    if column.kind in ("money", "int") and isinstance(value, int):
        return value
    return "" if value is None else value


def render(report: Report, fmt: str) -> bytes:
    if fmt == "pdf":
        return to_pdf(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    return to_csv(report).encode("utf-8")


def _result(report: Report, params: dict[str, Any], fmt: str) -> Result:
    day = params.get("day") or dt.date.today().isoformat()
    # Only letters, digits, dots and dashes reach the Content-Disposition header.
    name = re.sub(r"[^A-Za-z0-9._-]", "_", f"{params['kind']}-{day}")[:120] + f".{fmt}"
    return Result(render(report, fmt), name, FORMATS[fmt])


def _check_format(params: dict[str, Any]) -> str:
    fmt = str(params.get("format", "pdf"))
    if fmt not in FORMATS:
        raise ValidationError(f"Format tidak dikenal: {fmt}.", f"Unknown format {fmt}.")
    return fmt


def run_report(db: Database, params: dict[str, Any], progress: Progress) -> Result:
    """One report of :data:`sync_server.reports.data.BUILDERS` (one step)."""
    fmt = _check_format(params)
    progress(0, 1)
    report = BUILDERS[params["kind"]](
        db,
        params.get("cooperative", ""),
        day=params.get("day") or None,
        branch=params.get("branch") or None,
        member=params.get("member") or "",
        start=params.get("start") or None,
    )
    return _result(report, params, fmt)


def _day(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{name}: tanggal tidak sah.", f"{name}: invalid date.") from None


def run_journal_period(db: Database, params: dict[str, Any], progress: Progress) -> Result:
    """The daily journal of every day from ``start`` to ``day``, one section per day that
    has entries."""
    fmt = _check_format(params)
    end = _day(params.get("day") or dt.date.today().isoformat(), "day")
    start = _day(params.get("start") or end.replace(month=1, day=1).isoformat(), "start")
    days = (end - start).days + 1
    if days < 1 or days > MAX_PERIOD_DAYS:
        raise ValidationError(
            f"Periode 1 sampai {MAX_PERIOD_DAYS} hari.",
            f"A period of 1 to {MAX_PERIOD_DAYS} days.",
        )
    sections: list[Section] = []
    first: Report | None = None
    for i in range(days):
        on = (start + dt.timedelta(days=i)).isoformat()
        daily = BUILDERS["journal"](
            db, params.get("cooperative", ""), day=on, branch=params.get("branch") or None
        )
        first = first or daily
        sections += [
            Section(f"{on} — {s.title}", s.columns, s.rows, s.totals)
            for s in daily.sections
            if s.rows
        ]
        progress(i + 1, days)
    assert first is not None
    report = Report(
        kind="journal-period",
        title=first.title,
        cooperative=first.cooperative,
        period=f"{start.strftime('%d-%m-%Y')} s.d. {end.strftime('%d-%m-%Y')}",
        printed_at=first.printed_at,
        sections=tuple(sections),
        notes=first.notes,
        landscape=first.landscape,
    )
    return _result(report, {**params, "day": f"{start}_{end}"}, fmt)


def run_extract_dry_run(db: Database, params: dict[str, Any], progress: Progress) -> Result:
    """The government extract's dry run (``lumbung-server extract --dry-run``): the summary
    of what would be sent, as text. Nothing is written or logged; the key holder is asked for
    the pseudonyms, which is why this is a job someone starts, never a page view."""
    from sync_server.extract.policy import load_policy
    from sync_server.extract.preview import summary
    from sync_server.extract.service import policy_path, prepare

    progress(0, 1)
    policy = load_policy(policy_path(None, str(params.get("policy", ""))))
    text = summary(prepare(db, policy), policy, int(params.get("preview", 5)))
    day = dt.date.today().isoformat()
    return Result(text.encode("utf-8"), f"extract-dry-run-{day}.txt", "text/plain; charset=utf-8")


JOB_KINDS: dict[str, Runner] = {
    "report": run_report,
    "journal-period": run_journal_period,
    "extract-dry-run": run_extract_dry_run,
}
