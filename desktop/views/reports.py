"""The branch's reports on screen: pick one, set its date (or member and period), read it,
save it as PDF under ``<data dir>/reports/`` or print it.

The report itself is built in the store thread (:mod:`desktop.reports.data`) and shown as
the same document that is printed (:mod:`desktop.reports.render`), always in Indonesian.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import translate
from desktop.ops.day_close import BuildReport, ReportDay
from desktop.reports.render import document, print_report, report_path, write_pdf
from desktop.views.labels import QT_TRANSLATE_NOOP
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError

if TYPE_CHECKING:
    from desktop.reports.model import Report
    from desktop.views.context import UiContext

log = logging.getLogger(__name__)

#: Report kind -> its name in the list (translated), and which inputs it takes.
REPORTS: tuple[tuple[str, str, str], ...] = (
    ("teller_cash", QT_TRANSLATE_NOOP("Reports", "Teller cash report"), "day"),
    ("journal", QT_TRANSLATE_NOOP("Reports", "Daily journal"), "day"),
    ("trial_balance", QT_TRANSLATE_NOOP("Reports", "Trial balance"), "as_of"),
    ("statement", QT_TRANSLATE_NOOP("Reports", "Member account statement"), "member"),
    ("savings", QT_TRANSLATE_NOOP("Reports", "Savings balances"), ""),
    ("loan_portfolio", QT_TRANSLATE_NOOP("Reports", "Loan portfolio by collectibility"), ""),
    ("end_of_day", QT_TRANSLATE_NOOP("Reports", "End-of-day report"), "day"),
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _iso(edit: QDateEdit) -> str:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day()).isoformat()


class ReportsDialog(QDialog):
    """Signals: shown(object) with the Report on screen; saved(object) with the PDF path."""

    shown = Signal(object)
    saved = Signal(object)
    day_loaded = Signal(str)

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, *, member_no: str = ""
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self.setObjectName("reportsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Reports"))
        self.resize(1240, 820)  # an A4 page of figures beside the list, where the screen has it
        outer = QHBoxLayout(self)

        side = QVBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("reportList")
        for kind, name, _inputs in REPORTS:
            item = QListWidgetItem(translate("Reports", name))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.list.addItem(item)
        side.addWidget(self.list, 1)

        form = QFormLayout()
        today = ctx.business_date or dt.date.today()
        self.day = QDateEdit(_qdate(today))
        self.day.setObjectName("reportDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.member_no = QLineEdit(member_no)
        self.member_no.setObjectName("reportMemberNo")
        self.member_no.setPlaceholderText("BR01-01-00042")
        self.start = QDateEdit(_qdate(today.replace(day=1)))
        self.start.setObjectName("reportStart")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("dd-MM-yyyy")
        form.addRow(self.tr("Date"), self.day)
        form.addRow(self.tr("Member no."), self.member_no)
        form.addRow(self.tr("From"), self.start)
        side.addLayout(form)
        self.error = FieldError()
        side.addWidget(self.error)
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setObjectName("showReportButton")
        self.pdf_button = QPushButton(self.tr("Save as PDF"))
        self.pdf_button.setObjectName("savePdfButton")
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("printReportButton")
        for button in (self.show_button, self.pdf_button, self.print_button):
            side.addWidget(button)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setWordWrap(True)
        side.addWidget(self.saved_label)
        outer.addLayout(side, 1)

        self.viewer = QTextBrowser()
        self.viewer.setObjectName("reportViewer")
        outer.addWidget(self.viewer, 4)

        self.list.currentRowChanged.connect(self._chosen)
        self.show_button.clicked.connect(self.show_report)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print)
        self.list.itemActivated.connect(lambda _item: self.show_report())
        self.pdf_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.list.setCurrentRow(0)
        self._touched_day = False
        self.day.dateChanged.connect(self._day_touched)
        self.ctx.worker.submit(ReportDay(), self._open_on)

    def _day_touched(self) -> None:
        self._touched_day = True

    def _open_on(self, iso: str) -> None:
        """A business day that just opened has nothing to report yet: open on the day closed
        last (unless the supervisor already picked a date)."""
        if self._touched_day:
            return
        self.day.blockSignals(True)
        self.day.setDate(_qdate(dt.date.fromisoformat(iso)))
        self.day.blockSignals(False)
        self.day_loaded.emit(iso)

    # -- choosing ----------------------------------------------------------------------------

    def kind(self) -> str:
        return str(REPORTS[max(0, self.list.currentRow())][0])

    def select(self, kind: str) -> None:
        for row, (k, _name, _inputs) in enumerate(REPORTS):
            if k == kind:
                self.list.setCurrentRow(row)

    def _chosen(self, row: int) -> None:
        inputs = REPORTS[max(0, row)][2]
        self.day.setEnabled(inputs in ("day", "as_of", "member"))
        self.member_no.setEnabled(inputs == "member")
        self.start.setEnabled(inputs == "member")
        self.error.show_error(None)

    def params(self) -> dict[str, Any]:
        inputs = REPORTS[max(0, self.list.currentRow())][2]
        if inputs == "day":
            return {"day": _iso(self.day)}
        if inputs == "as_of":
            return {"as_of": _iso(self.day)}
        if inputs == "member":
            return {"member_no": self.member_no.text().strip(), "start": _iso(self.start),
                    "end": _iso(self.day)}  # fmt: skip
        return {}

    # -- showing -----------------------------------------------------------------------------

    def show_report(self) -> None:
        self.error.show_error(None)
        self.ctx.worker.submit(BuildReport(self.kind(), self.params()), self._built, self._failed)

    def _failed(self, error: BaseException) -> bool:
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False

    def _built(self, report: Report) -> None:
        self.report = report
        self.viewer.setDocument(document(report, chart_width=620))
        self.pdf_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.saved_label.clear()
        self.shown.emit(report)

    def save_pdf(self) -> Path | None:
        if self.report is None:
            return None
        path = report_path(self.ctx.data_dir / "reports", self.report)
        try:
            write_pdf(self.report, path)
        except OSError as exc:
            log.exception("could not write a report")
            self.saved_label.setText(self.tr("Could not save the PDF: {}").format(exc))
            return None
        self.saved_label.setText(self.tr("Saved: {}").format(path))
        self.saved.emit(path)
        return path

    def print(self) -> None:
        if self.report is not None:
            print_report(self.report, self)
