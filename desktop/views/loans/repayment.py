"""Repayment (angsuran) at the counter: what is due today, the amount taken and how it divides
into denda, jasa and pokok; or early settlement (pelunasan dipercepat) for today's quote.

Partial, exact and in-advance payments all go through the same field; more than the whole debt
is refused and the teller is pointed to early settlement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text
from desktop.ops.loans import LoadLoan, LoansWithStatus, PreviewRepayment, RepayLoan, SettleLoan
from desktop.views.fmt import date_text
from desktop.views.loans import common
from desktop.views.supervisor import SupervisorDialog
from desktop.views.widgets import AmountPreview, FieldError, MoneyEdit
from ledger.errors import LumbungError
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.services import LoanDetail, LoanResult, LoanSummary, StaffUser
    from desktop.views.context import UiContext
    from ledger.loans.allocation import Allocation


class RepaymentDialog(QDialog):
    """Signals: posted(object) with the LoanResult (a repayment or a settlement);
    ready(object) with the LoanDetail shown; previewed(object) with an Allocation."""

    posted = Signal(object)
    ready = Signal(object)
    previewed = Signal(object)

    def __init__(
        self,
        ctx: UiContext,
        member_id: str,
        parent: QWidget | None = None,
        *,
        loan_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loans: list[LoanSummary] = []
        self.detail: LoanDetail | None = None
        self._wanted = loan_id
        self._asked = 0
        self.setObjectName("repaymentDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Loan repayment"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.choice = QComboBox()
        self.choice.setObjectName("repayLoanChoice")
        form.addRow(self.tr("Loan"), self.choice)
        layout.addLayout(form)

        self.due_box = QGroupBox(self.tr("Due today"))
        grid = QGridLayout(self.due_box)
        self.figures: dict[str, QLabel] = {}
        rows = (
            ("denda", self.tr("Late fee (denda)")),
            ("jasa", self.tr("Interest due")),
            ("pokok", self.tr("Principal due")),
            ("total_due", self.tr("Total due now")),
            ("next", self.tr("Next instalment")),
            ("late", self.tr("Days past due")),
            ("outstanding", self.tr("Principal left")),
            ("settle", self.tr("To settle today")),
        )
        for row, (key, text) in enumerate(rows):
            grid.addWidget(QLabel(text), row % 4, 2 * (row // 4))
            value = QLabel()
            value.setObjectName(f"due_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setProperty("role", "money")
            grid.addWidget(value, row % 4, 2 * (row // 4) + 1)
            self.figures[key] = value
        grid.setColumnMinimumWidth(2, 180)
        layout.addWidget(self.due_box)

        pay = QFormLayout()
        self.amount = MoneyEdit()
        self.amount.setObjectName("repayAmount")
        pay.addRow(self.tr("Amount paid"), self.amount)
        pay.addRow("", AmountPreview(self.amount))
        self.allocation = QLabel()
        self.allocation.setObjectName("repayAllocation")
        self.allocation.setWordWrap(True)
        pay.addRow(self.tr("Goes to"), self.allocation)
        channels = QHBoxLayout()
        self.cash = QRadioButton(self.tr("Cash"))
        self.cash.setObjectName("repayCash")
        self.sukarela = QRadioButton(self.tr("From voluntary savings (sukarela)"))
        self.sukarela.setObjectName("repaySukarela")
        self.cash.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.cash)
        group.addButton(self.sukarela)
        channels.addWidget(self.cash)
        channels.addWidget(self.sukarela)
        channels.addStretch(1)
        pay.addRow(self.tr("Paid with"), channels)
        self.error = FieldError()
        self.error.setObjectName("repayError")
        pay.addRow("", self.error)
        layout.addLayout(pay)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(self.tr("Take payment"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirmRepayment")
        self.ok.setDefault(True)
        self.settle_button = buttons.addButton(
            self.tr("Early settlement…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.settle_button.setObjectName("settleLoan")
        self.settle_button.setAutoDefault(False)
        self.ok.clicked.connect(self._confirm)
        self.settle_button.clicked.connect(self._confirm_settlement)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._enable(False)
        self.setMinimumWidth(800)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._preview)
        self.amount.amount_changed.connect(lambda _a: self._timer.start())
        self.choice.currentIndexChanged.connect(self._chosen)
        self.amount.setFocus()
        ctx.worker.submit(LoansWithStatus(("open",), member_id), self._loans_loaded)

    # -- loading -----------------------------------------------------------------------------

    def _loans_loaded(self, loans: list[LoanSummary]) -> None:
        self.loans = loans
        self.choice.blockSignals(True)
        for s in loans:
            self.choice.addItem(
                self.tr("{no} · {product} · principal left {amount}").format(
                    no=s.loan_no, product=s.product_name, amount=format_rupiah(s.outstanding)
                ),
                s.loan_id,
            )
        self.choice.blockSignals(False)
        if not loans:
            self.error.show_error(self.tr("This member has no running loan."))
            return
        index = self.choice.findData(self._wanted) if self._wanted else 0
        self.choice.setCurrentIndex(max(index, 0))
        self._chosen()

    def _chosen(self) -> None:
        loan_id = self.choice.currentData()
        self._enable(False)
        if loan_id:
            self.ctx.worker.submit(LoadLoan(str(loan_id)), self._show)

    def _show(self, detail: LoanDetail) -> None:
        if detail.summary.loan_id != self.choice.currentData() or detail.due is None:
            return
        self.detail = detail
        due = detail.due
        self.due_box.setTitle(self.tr("Due today, {}").format(date_text(due.as_of, long=True)))
        f = self.figures
        f["denda"].setText(format_rupiah(due.denda))
        f["jasa"].setText(format_rupiah(due.jasa))
        f["pokok"].setText(format_rupiah(due.pokok))
        f["total_due"].setText(f"<b>{format_rupiah(due.total_due)}</b>")
        f["next"].setText(
            self.tr("no. {n}, due {date}: {amount}").format(
                n=due.next_number,
                date=date_text(due.next_due_date),
                amount=format_rupiah(due.next_amount),
            )
            if due.next_due_date
            else "—"
        )
        f["late"].setText(f"{due.days_past_due} · {common.kolektibilitas(due.kolektibilitas)}")
        f["outstanding"].setText(format_rupiah(detail.summary.outstanding))
        f["settle"].setText(format_rupiah(due.settlement.total))
        self.amount.setText(format_rupiah(due.suggested).removeprefix("Rp").strip())
        self._enable(True)
        self.ready.emit(detail)

    def _enable(self, on: bool) -> None:
        self.ok.setEnabled(on)
        self.settle_button.setEnabled(on)

    # -- preview and post ----------------------------------------------------------------------

    def channel(self) -> str:
        return "sukarela" if self.sukarela.isChecked() else "cash"

    def _preview(self) -> None:
        amount = self.amount.amount()
        if self.detail is None or amount is None or amount <= 0:
            self.allocation.clear()
            return
        self._asked += 1
        asked = self._asked
        self.ctx.worker.submit(
            PreviewRepayment(self.detail.summary.loan_id, amount),
            lambda a: self._previewed(asked, a),
            lambda e: self._preview_failed(asked, e),
        )

    def _previewed(self, asked: int, allocation: Allocation) -> None:
        if asked != self._asked:
            return
        self.error.show_error(None)
        self.allocation.setText(
            self.tr("denda {denda} · interest {jasa} · principal {pokok}").format(
                denda=format_rupiah(allocation.denda),
                jasa=format_rupiah(allocation.jasa),
                pokok=format_rupiah(allocation.pokok),
            )
        )
        self.previewed.emit(allocation)

    def _preview_failed(self, asked: int, error: BaseException) -> bool:
        if asked != self._asked:
            return True
        if isinstance(error, LumbungError):
            self.allocation.clear()
            self.error.show_error(error)
            return True
        return False

    def _confirm(self) -> None:
        amount = self.amount.amount()
        if self.detail is None:
            return
        if amount is None or amount <= 0:
            self.error.show_error(
                self.amount.error() or self.tr("Enter an amount greater than zero.")
            )
            self.amount.setFocus()
            return
        s = self.detail.summary
        self._ask(
            "confirmRepaymentBox",
            self.tr("Take {amount} ({channel}) from {name} for loan {no}?").format(
                amount=format_rupiah(amount),
                channel=common.channel(self.channel()),
                name=s.member_name,
                no=s.loan_no,
            ),
            lambda: self._post_repayment(amount, None),
        )

    def _confirm_settlement(self) -> None:
        if self.detail is None or self.detail.due is None:
            return
        q = self.detail.due.settlement
        s = self.detail.summary
        self._ask(
            "confirmSettlementBox",
            self.tr(
                "Settle loan {no} of {name} today for {total}?\n"
                "Principal {pokok}, interest {jasa}, late fee {denda}, penalty {penalty}."
            ).format(
                no=s.loan_no,
                name=s.member_name,
                total=format_rupiah(q.total),
                pokok=format_rupiah(q.pokok),
                jasa=format_rupiah(q.jasa),
                denda=format_rupiah(q.denda),
                penalty=format_rupiah(q.penalty),
            ),
            lambda: self._post_settlement(q.total, None),
        )

    def _ask(self, name: str, text: str, then: Callable[[], None]) -> None:
        box = QMessageBox(self)
        box.setObjectName(name)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                then()

        box.finished.connect(answered)
        box.open()

    def _post_repayment(self, amount: int, authorizer: StaffUser | None) -> None:
        assert self.ctx.user is not None and self.detail is not None
        self._enable(False)
        op = RepayLoan(
            self.detail.summary.loan_id, amount, self.ctx.user, self.channel(), authorizer
        )
        self.ctx.worker.submit(
            op, self._done, lambda e: self._failed(e, lambda a: self._post_repayment(amount, a))
        )

    def _post_settlement(self, total: int, authorizer: StaffUser | None) -> None:
        assert self.ctx.user is not None and self.detail is not None
        self._enable(False)
        op = SettleLoan(
            self.detail.summary.loan_id, self.ctx.user, total, self.channel(), authorizer
        )
        self.ctx.worker.submit(
            op, self._done, lambda e: self._failed(e, lambda a: self._post_settlement(total, a))
        )

    def _done(self, result: LoanResult) -> None:
        self.posted.emit(result)
        self.accept()

    def _failed(self, error: BaseException, retry: Callable[[StaffUser], None]) -> bool:
        from desktop.services import AuthorisationRequired  # loaded by now; not at UI start

        self._enable(True)
        if isinstance(error, AuthorisationRequired):
            dialog = SupervisorDialog(self.ctx, error_text(error), self)
            dialog.authorised.connect(retry)
            dialog.open()
            return True
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False
