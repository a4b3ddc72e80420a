"""One loan: its terms, what was paid, what is due, the schedule line by line and the history.

From here the teller prints the schedule, reprints a receipt, or (with a supervisor) reverses a
disbursement, payment or settlement — a new event, as for savings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.loans import LoadLoan, LoanScheduleDocument
from desktop.views.fmt import date_text
from desktop.views.loans import common
from desktop.views.loans.schedule_view import ScheduleDialog
from desktop.views.reversal import ReversalDialog
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.services import LoanDetail, LoanHistoryLine, ScheduleDocument
    from desktop.views.context import UiContext

# History lines that carry a receipt and may be reversed.
MONEY = ("LoanDisbursed", "LoanRepaid", "LoanSettled")


class LoanDetailDialog(QDialog):
    """Signals: loaded(object) LoanDetail; receipt_wanted(str, bool) event id and reprint;
    reversed(object) the reversal's PostResult; schedule_shown(object) the ScheduleDialog."""

    loaded = Signal(object)
    receipt_wanted = Signal(str, bool)
    reversed = Signal(object)
    schedule_shown = Signal(object)

    def __init__(self, ctx: UiContext, loan_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loan_id = loan_id
        self.detail: LoanDetail | None = None
        self.setObjectName("loanDetailDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Loan"))
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("loanTitle")
        self.title.setProperty("role", "title")
        layout.addWidget(self.title)

        grid = QGridLayout()
        self.facts: dict[str, QLabel] = {}
        facts = (
            ("member", self.tr("Member")),
            ("principal", self.tr("Loan amount")),
            ("terms", self.tr("Term and instalment")),
            ("rate", self.tr("Interest")),
            ("fees", self.tr("Fees")),
            ("disbursed", self.tr("Paid out")),
            ("dates", self.tr("First / last due")),
            ("approved", self.tr("Approved by")),
            ("paid", self.tr("Paid so far")),
            ("outstanding", self.tr("Principal left")),
            ("arrears", self.tr("Days past due")),
            ("due", self.tr("Due today")),
        )
        for n, (key, text) in enumerate(facts):
            row, col = n % 6, 2 * (n // 6)
            name = QLabel(text)
            name.setProperty("role", "hint")
            grid.addWidget(name, row, col)
            value = QLabel()
            value.setObjectName(f"loan_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, col + 1)
            self.facts[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

        self.tabs = QTabWidget()
        self.schedule = QTableWidget()
        self.schedule.setObjectName("loanScheduleTable")
        common.setup_table(
            self.schedule,
            [
                self.tr("No."),
                self.tr("Due date"),
                self.tr("Principal"),
                self.tr("Interest"),
                self.tr("Instalment"),
                self.tr("Principal left"),
                self.tr("Still owed"),
                self.tr("State"),
                self.tr("Paid on"),
                self.tr("Days late"),
            ],
        )
        self.history = QTableWidget()
        self.history.setObjectName("loanHistoryTable")
        common.setup_table(
            self.history,
            [
                self.tr("Date"),
                self.tr("Time"),
                self.tr("Transaction"),
                self.tr("Amount"),
                self.tr("Principal"),
                self.tr("Interest"),
                self.tr("Late fee"),
                self.tr("Penalty"),
                self.tr("Through"),
                self.tr("Staff"),
                self.tr("Receipt no."),
                self.tr("Note"),
            ],
        )
        self.tabs.addTab(self.schedule, self.tr("Repayment schedule"))
        self.tabs.addTab(self.history, self.tr("History"))
        layout.addWidget(self.tabs, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = buttons.addButton(
            self.tr("Print schedule…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setObjectName("printLoanSchedule")
        self.reprint_button = buttons.addButton(
            self.tr("Reprint receipt"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reprint_button.setObjectName("reprintLoanReceipt")
        self.reverse_button = buttons.addButton(
            self.tr("Reverse…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reverse_button.setObjectName("reverseLoanEvent")
        for b in (self.print_button, self.reprint_button, self.reverse_button):
            b.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)
        self.print_button.clicked.connect(self.print_schedule)
        self.reprint_button.clicked.connect(self._reprint)
        self.reverse_button.clicked.connect(self._reverse)
        self.history.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(buttons)
        self.setMinimumSize(1180, 700)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        self.ctx.worker.submit(LoadLoan(self.loan_id), self._show)

    # -- rendering ---------------------------------------------------------------------------

    def _show(self, d: LoanDetail) -> None:
        self.detail = d
        s = d.summary
        self.title.setText(f"{s.loan_no}  ·  {s.product_name}  ·  {common.status(s.status)}")
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        f = self.facts
        f["member"].setText(f"{s.member_name} ({s.member_no})")
        f["principal"].setText(format_rupiah(s.principal))
        f["terms"].setText(
            common.terms(s.tenor, [i.total for i in d.schedule], s.instalment, s.frequency)
        )
        f["rate"].setText(
            self.tr("{rate} per month, {method}").format(
                rate=common.percent(s.rate_bp), method=common.method(s.method)
            )
        )
        f["fees"].setText(
            f"{format_rupiah(d.admin_fee)} + {format_rupiah(d.provision_fee)}"
            + ("" if d.fees_deducted else " " + self.tr("(paid separately)"))
        )
        f["disbursed"].setText(
            f"{date_text(s.disbursed_on)} · {common.channel(d.channel)}" if s.disbursed_on else "—"
        )
        f["dates"].setText(
            f"{date_text(d.first_due)} / {date_text(d.maturity)}" if d.first_due else "—"
        )
        f["approved"].setText(d.approved_by or "—")
        f["paid"].setText(
            self.tr("principal {p}, interest {j}, late fee {d}, penalty {x}").format(
                p=format_rupiah(d.pokok_paid),
                j=format_rupiah(d.jasa_paid),
                d=format_rupiah(d.denda_paid),
                x=format_rupiah(d.penalty_paid),
            )
        )
        f["outstanding"].setText(f"<b>{format_rupiah(s.outstanding)}</b>")
        if d.due is not None:
            f["arrears"].setText(
                f"{d.due.days_past_due} · {common.kolektibilitas(d.due.kolektibilitas)}"
            )
            f["due"].setText(format_rupiah(d.due.total_due))
        else:
            f["arrears"].setText("—")
            f["due"].setText("—")
        self._render_schedule(d)
        self._render_history(d.history)
        self._update_buttons()
        self.loaded.emit(d)

    def _render_schedule(self, d: LoanDetail) -> None:
        self.schedule.setRowCount(len(d.schedule))
        for row, line in enumerate(d.schedule):
            common.fill_row(
                self.schedule,
                row,
                [
                    line.number,
                    date_text(line.due_date),
                    format_rupiah(line.pokok),
                    format_rupiah(line.jasa),
                    format_rupiah(line.total),
                    format_rupiah(line.balance_after),
                    format_rupiah(line.remaining),
                    common.line_state(line.state) if d.summary.disbursed_on else "",
                    date_text(line.paid_on),
                    line.days_late or "",
                ],
                right=(2, 3, 4, 5, 6, 9),
                colour=common.COLOURS.get(line.state) if d.summary.disbursed_on else None,
            )

    def _render_history(self, lines: tuple[LoanHistoryLine, ...]) -> None:
        self.history.setRowCount(len(lines))
        grey = QColor("#8a8a8a")
        by_id = {h.event_id: h for h in lines}
        for row, h in enumerate(lines):
            kind = common.event_type(h.type)
            undone = by_id.get(h.reversal_of) if h.reversal_of else None
            if undone is not None and undone.receipt_no:
                # A reversal names the receipt it undoes, and that receipt's day if another.
                kind = self.tr("Reversal of receipt {}").format(undone.receipt_no)
                if undone.business_date != h.business_date:
                    kind += " (" + date_text(undone.business_date) + ")"
            if h.reversed:
                kind = self.tr("{} (reversed)").format(kind)
            money = h.type in MONEY or h.type == "Reversed"
            common.fill_row(
                self.history,
                row,
                [
                    date_text(h.business_date),
                    h.recorded_at[11:16],
                    kind,
                    format_rupiah(h.amount) if h.amount else "",
                    format_rupiah(h.pokok) if money and h.pokok else "",
                    format_rupiah(h.jasa) if money and h.jasa else "",
                    format_rupiah(h.denda) if h.denda else "",
                    format_rupiah(h.penalty) if h.penalty else "",
                    common.channel(h.channel) if money else "",
                    h.actor,
                    h.receipt_no if money else "",
                    h.note,
                ],
                right=(3, 4, 5, 6, 7),
            )
            if h.reversed:
                for column in range(self.history.columnCount()):
                    item = self.history.item(row, column)
                    if item is not None:
                        item.setForeground(grey)

    # -- actions -----------------------------------------------------------------------------

    def selected_line(self) -> LoanHistoryLine | None:
        row = self.history.currentRow()
        if self.detail is None or not 0 <= row < len(self.detail.history):
            return None
        return self.detail.history[row]

    def _update_buttons(self) -> None:
        line = self.selected_line()
        receipt = line is not None and (line.type in MONEY or line.type == "Reversed")
        self.reprint_button.setEnabled(bool(receipt and line and line.receipt_no))
        self.reverse_button.setEnabled(bool(line and line.type in MONEY and not line.reversed))
        self.print_button.setEnabled(self.detail is not None and bool(self.detail.schedule))

    def print_schedule(self) -> None:
        teller = self.ctx.user.full_name if self.ctx.user else ""
        self.ctx.worker.submit(LoanScheduleDocument(self.loan_id, teller), self._document_ready)

    def _document_ready(self, document: ScheduleDocument) -> None:
        dialog = ScheduleDialog(self.ctx, document, self)
        dialog.open()
        self.schedule_shown.emit(dialog)

    def _reprint(self) -> None:
        line = self.selected_line()
        if line is not None and line.receipt_no:
            self.receipt_wanted.emit(line.event_id, True)

    def _reverse(self) -> None:
        line = self.selected_line()
        if line is None or line.type not in MONEY or line.reversed:
            return
        from desktop.services import HistoryRow  # loaded by now; not at UI start

        row = HistoryRow(
            event_id=line.event_id,
            business_date=line.business_date,
            recorded_at=line.recorded_at,
            type=line.type,
            product="pinjaman",
            amount=line.amount,
            balance_after=0,
            actor=line.actor,
            authorizer=line.authorizer,
            reversed=False,
            receipt_no=line.receipt_no,
        )
        dialog = ReversalDialog(self.ctx, row, self)
        dialog.reversed.connect(self._reversed)
        dialog.open()

    def _reversed(self, result: object) -> None:
        self.reversed.emit(result)
        self.reload()
