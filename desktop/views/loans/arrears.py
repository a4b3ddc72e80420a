"""Arrears (tunggakan) by kolektibilitas on the business date, with portfolio at risk and NPL.

Every running loan is listed, most days past due first, coloured by class; a filter narrows
the list to loans in arrears or to one class. Enter or a double click opens the loan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.loans import LoanArrears
from desktop.views.fmt import date_text
from desktop.views.loans import common
from ledger.loans.arrears import KOLEKTIBILITAS
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.services import ArrearsLine, ArrearsReport
    from desktop.views.context import UiContext

ALL, LATE = "all", "late"


class ArrearsDialog(QDialog):
    """Signals: loaded(object) with the ArrearsReport; open_loan(str) with a loan id."""

    loaded = Signal(object)
    open_loan = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: ArrearsReport | None = None
        self.shown: list[ArrearsLine] = []
        self.setObjectName("arrearsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Arrears by collectibility"))
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        classes = QGroupBox(self.tr("Portfolio by collectibility"))
        grid = QGridLayout(classes)
        for col, text in enumerate((self.tr("Class"), self.tr("Loans"), self.tr("Principal"))):
            head = QLabel(f"<b>{text}</b>")
            if col:
                head.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(head, 0, col)
        self.class_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, code in enumerate((*KOLEKTIBILITAS, "total"), start=1):
            name = QLabel(self.tr("Total") if code == "total" else common.kolektibilitas(code))
            if code != "total":
                name.setStyleSheet(f"background-color: {common.COLOURS[code]}; padding: 2px;")
            grid.addWidget(name, row, 0)
            count, amount = QLabel(), QLabel()
            count.setObjectName(f"arrears_count_{code}")
            amount.setObjectName(f"arrears_amount_{code}")
            for label in (count, amount):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(count, row, 1)
            grid.addWidget(amount, row, 2)
            self.class_labels[code] = (count, amount)
        top.addWidget(classes, 3)

        ratios = QGroupBox(self.tr("Portfolio quality"))
        rgrid = QGridLayout(ratios)
        self.as_of = QLabel()
        self.as_of.setObjectName("arrearsAsOf")
        self.par = QLabel()
        self.par.setObjectName("arrearsPar30")
        self.par.setProperty("role", "bigMoney")
        self.npl = QLabel()
        self.npl.setObjectName("arrearsNpl")
        self.npl.setProperty("role", "bigMoney")
        rgrid.addWidget(QLabel(self.tr("As of")), 0, 0)
        rgrid.addWidget(self.as_of, 0, 1)
        rgrid.addWidget(QLabel(self.tr("Portfolio at risk > 30 days (PAR30)")), 1, 0)
        rgrid.addWidget(self.par, 1, 1)
        rgrid.addWidget(QLabel(self.tr("Non-performing loans (NPL)")), 2, 0)
        rgrid.addWidget(self.npl, 2, 1)
        hint = QLabel(
            self.tr("NPL: kurang lancar + diragukan + macet, over all principal outstanding.")
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        rgrid.addWidget(hint, 3, 0, 1, 2)
        top.addWidget(ratios, 2)
        layout.addLayout(top)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show")))
        self.filter = QComboBox()
        self.filter.setObjectName("arrearsFilter")
        self.filter.addItem(self.tr("All running loans"), ALL)
        self.filter.addItem(self.tr("Only loans in arrears"), LATE)
        for code in KOLEKTIBILITAS:
            self.filter.addItem(common.kolektibilitas(code), code)
        bar.addWidget(self.filter)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.table = QTableWidget()
        self.table.setObjectName("arrearsTable")
        common.setup_table(
            self.table,
            [
                self.tr("Loan no."),
                self.tr("Member"),
                self.tr("Phone"),
                self.tr("Product"),
                self.tr("Principal left"),
                self.tr("Overdue"),
                self.tr("Late fee"),
                self.tr("Oldest unpaid"),
                self.tr("Days"),
                self.tr("Collectibility"),
            ],
            stretch=1,
        )
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = buttons.addButton(
            self.tr("Open loan"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setObjectName("arrearsOpenLoan")
        self.open_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open)
        self.table.activated.connect(lambda _i: self._open())  # Enter or double click
        self.filter.currentIndexChanged.connect(self._render)
        layout.addWidget(buttons)
        self.setMinimumSize(1180, 680)
        self.reload()

    def reload(self) -> None:
        self.ctx.worker.submit(LoanArrears(), self._show)

    def _show(self, report: ArrearsReport) -> None:
        self.report = report
        q = report.quality
        for code in KOLEKTIBILITAS:
            count, amount = self.class_labels[code]
            count.setText(str(report.counts.get(code, 0)))
            amount.setText(format_rupiah(q.by_kolektibilitas.get(code, 0)))
        count, amount = self.class_labels["total"]
        count.setText(f"<b>{sum(report.counts.values())}</b>")
        amount.setText(f"<b>{format_rupiah(q.outstanding)}</b>")
        self.as_of.setText(date_text(report.as_of, long=True))
        self.par.setText(common.percent(q.par30_bp))
        self.npl.setText(common.percent(q.npl_bp))
        self._render()
        self.loaded.emit(report)

    def _render(self) -> None:
        if self.report is None:
            return
        wanted = self.filter.currentData()
        lines = list(self.report.lines)
        if wanted == LATE:
            lines = [x for x in lines if x.days_past_due > 0]
        elif wanted != ALL:
            lines = [x for x in lines if x.kolektibilitas == wanted]
        self.shown = lines
        self.table.setRowCount(len(lines))
        for row, x in enumerate(lines):
            common.fill_row(
                self.table,
                row,
                [
                    x.loan_no,
                    f"{x.member_name} ({x.member_no})",
                    x.phone,
                    x.product_name,
                    format_rupiah(x.outstanding),
                    format_rupiah(x.overdue) if x.overdue else "",
                    format_rupiah(x.denda) if x.denda else "",
                    date_text(x.oldest_due),
                    x.days_past_due,
                    common.kolektibilitas(x.kolektibilitas),
                ],
                right=(4, 5, 6, 8),
                colour=common.COLOURS.get(x.kolektibilitas) if x.days_past_due else None,
            )
        if lines:
            self.table.selectRow(0)
        self.open_button.setEnabled(bool(lines))

    def _open(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.shown):
            self.open_loan.emit(self.shown[row].loan_id)
