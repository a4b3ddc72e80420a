"""Loan simulation and application: product, amount, tenor and rate in, schedule out.

The schedule and figures follow what the teller types (a short pause, then one simulation in
the store thread); the teller can print the schedule for the member, and with a member open
record the application (no money moves until a supervisor approves and the loan is paid out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text
from desktop.ops.loans import ApplyLoan, LoanProducts, SimulateLoan, SimulationDocument
from desktop.views.fmt import date_text
from desktop.views.loans import common
from desktop.views.loans.schedule_view import ScheduleDialog
from desktop.views.widgets import AmountPreview, FieldError, MoneyEdit
from ledger.errors import LumbungError
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.services import LoanResult, MemberDetail, ScheduleDocument
    from desktop.views.context import UiContext
    from ledger.loans.flow import Simulation
    from ledger.loans.products import LoanProduct


class LoanApplicationDialog(QDialog):
    """Simulate a loan; with a member, apply for it.

    Signals:
        simulated(object): the Simulation now shown (tests wait on it).
        applied(object): the LoanResult of the application.
        schedule_shown(object): the ScheduleDialog opened by "Print schedule".
    """

    simulated = Signal(object)
    applied = Signal(object)
    schedule_shown = Signal(object)

    def __init__(
        self, ctx: UiContext, member: MemberDetail | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member = member
        self.products: list[LoanProduct] = []
        self.simulation: Simulation | None = None
        self._asked = 0
        self.setObjectName("loanApplicationDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(
            self.tr("Loan application — {}").format(member.name)
            if member
            else self.tr("Loan simulation")
        )
        layout = QVBoxLayout(self)
        if member is not None:
            who = QLabel(f"<b>{member.name}</b> — {member.member_no}")
            who.setObjectName("loanMember")
            layout.addWidget(who)

        top = QHBoxLayout()
        form = QFormLayout()
        self.product = QComboBox()
        self.product.setObjectName("loanProduct")
        form.addRow(self.tr("Product"), self.product)
        self.product.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.product_info = QLabel()
        self.product_info.setObjectName("loanProductInfo")
        self.product_info.setWordWrap(True)
        self.product_info.setProperty("role", "hint")
        self.product_info.setMinimumHeight(self.product_info.fontMetrics().lineSpacing() * 2 + 4)
        self.amount = MoneyEdit()
        self.amount.setObjectName("loanAmount")
        form.addRow(self.tr("Loan amount"), self.amount)
        # Nothing moves while the teller types: the amount in words keeps room for three
        # lines and the error line keeps its room when empty, so the tenor and the rate stay
        # where the teller's next click is aimed.
        preview = AmountPreview(self.amount)
        lines = preview.fontMetrics().lineSpacing()
        preview.setFixedHeight(lines * 4 + 6)
        form.addRow("", preview)
        self.tenor = QSpinBox()
        self.tenor.setObjectName("loanTenor")
        self.tenor.setRange(1, 520)
        form.addRow(self.tr("Term (instalments)"), self.tenor)
        self.rate = QLineEdit()
        self.rate.setObjectName("loanRate")
        self.rate.setMaximumWidth(90)
        form.addRow(self.tr("Interest per month (%)"), self.rate)
        self.purpose = QLineEdit()
        self.purpose.setObjectName("loanPurpose")
        self.purpose.setPlaceholderText(self.tr("e.g. stock for the shop"))
        if member is not None:
            form.addRow(self.tr("Purpose"), self.purpose)
        self.error = FieldError()
        self.error.setObjectName("loanError")
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 2 + 4)
        keep = self.error.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.error.setSizePolicy(keep)
        form.addRow("", self.error)
        top.addLayout(form, 3)

        summary = QGroupBox(self.tr("Summary"))
        grid = QGridLayout(summary)
        self.figures: dict[str, QLabel] = {}
        for row, (key, text) in enumerate(
            (
                ("instalment", self.tr("Instalment")),
                ("interest", self.tr("Total interest")),
                ("total", self.tr("Total to repay")),
                ("admin", self.tr("Administration fee")),
                ("provision", self.tr("Provision fee")),
                ("net", self.tr("Member receives")),
                ("flat", self.tr("Interest per year (quoted)")),
                ("effective", self.tr("Effective interest per year")),
            )
        ):
            grid.addWidget(QLabel(text), row, 0)
            value = QLabel()
            value.setObjectName(f"summary_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setProperty("role", "money")
            grid.addWidget(value, row, 1)
            self.figures[key] = value
        top.addWidget(summary, 2)
        layout.addLayout(top)
        layout.addWidget(self.product_info)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("loanSchedule")
        common.setup_table(
            self.table,
            [
                self.tr("No."),
                self.tr("Due date"),
                self.tr("Principal"),
                self.tr("Interest"),
                self.tr("Instalment"),
                self.tr("Principal left"),
            ],
        )
        self.table.setMinimumHeight(220)
        layout.addWidget(self.table, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = self.buttons.addButton(
            self.tr("Print schedule…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setObjectName("printSchedule")
        self.apply_button = self.buttons.addButton(
            self.tr("Apply for the loan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setObjectName("applyLoan")
        self.apply_button.setVisible(member is not None)
        (self.apply_button if member is not None else self.print_button).setDefault(True)
        self.print_button.clicked.connect(self.print_schedule)
        self.apply_button.clicked.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._set_ready(False)
        self.setMinimumSize(900, 640)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.simulate)
        self.product.currentIndexChanged.connect(self._product_changed)
        self.amount.amount_changed.connect(lambda _a: self._timer.start())
        self.tenor.valueChanged.connect(lambda _v: self._timer.start())
        self.rate.textChanged.connect(lambda _t: self._timer.start())
        self.amount.setFocus()
        ctx.worker.submit(LoanProducts(), self._products_loaded)

    # -- products and inputs ---------------------------------------------------------------

    def _products_loaded(self, products: list[LoanProduct]) -> None:
        self.product.currentIndexChanged.disconnect(self._product_changed)
        self.products = products
        for p in products:
            self.product.addItem(f"{p.name} ({common.method(p.method)})", p.product_id)
        self.product.currentIndexChanged.connect(self._product_changed)
        if not products:
            self.error.show_error(self.tr("No loan products yet: head office defines them."))
            return
        self._product_changed()

    def current_product(self) -> LoanProduct | None:
        index = self.product.currentIndex()
        return self.products[index] if 0 <= index < len(self.products) else None

    def _product_changed(self) -> None:
        p = self.current_product()
        if p is None:
            return
        self.tenor.setRange(p.min_tenor, p.max_tenor)
        self.tenor.setSuffix(" " + common.period(p.frequency))
        if not self.tenor.value() or self.tenor.value() not in range(p.min_tenor, p.max_tenor + 1):
            self.tenor.setValue(min(max(12, p.min_tenor), p.max_tenor))
        self.rate.setText(common.rate_text(p.rate_bp))
        fees = self.tr("fees deducted") if p.fees_deducted else self.tr("fees paid separately")
        self.product_info.setText(
            self.tr(
                "{method} · {low}–{high} per month · {amin}–{amax} · {tmin}–{tmax} "
                "instalments · admin {admin}, provision {prov} ({fees})"
            ).format(
                method=common.method(p.method),
                low=common.percent(p.min_rate_bp),
                high=common.percent(p.max_rate_bp),
                amin=format_rupiah(p.min_amount),
                amax=format_rupiah(p.max_amount),
                tmin=p.min_tenor,
                tmax=p.max_tenor,
                admin=common.percent(p.admin_fee_bp),
                prov=common.percent(p.provision_fee_bp),
                fees=fees,
            )
        )
        self._timer.start()

    def inputs(self) -> tuple[str, int, int, int] | None:
        """Product id, amount, tenor and rate (bp), or None (the error is shown)."""
        p = self.current_product()
        amount = self.amount.amount()
        rate = common.parse_rate(self.rate.text())
        if p is None or amount is None:
            self.error.show_error(self.amount.error())
            return None
        if rate is None:
            self.error.show_error(self.tr("Type the interest per month, e.g. 1,5."))
            return None
        return p.product_id, amount, self.tenor.value(), rate

    # -- simulation ------------------------------------------------------------------------

    def simulate(self) -> None:
        values = self.inputs()
        if values is None:
            self._clear()
            return
        self._asked += 1
        asked = self._asked
        self.ctx.worker.submit(
            SimulateLoan(*values),
            lambda sim: self._show(asked, sim),
            lambda error: self._failed(asked, error),
        )

    def _show(self, asked: int, sim: Simulation) -> None:
        if asked != self._asked:
            return  # the teller typed on meanwhile
        self.simulation = sim
        self.error.show_error(None)
        s = sim.schedule
        period = common.period(s.terms.frequency)
        totals = [i.total for i in s.instalments]
        if totals and min(totals) != max(totals):
            # Unequal instalments (efektif: they fall): the first and the last, never one.
            self.figures["instalment"].setText(
                self.tr("{first} down to {last} / {period}").format(
                    first=format_rupiah(totals[0]), last=format_rupiah(totals[-1]), period=period
                )
            )
        else:
            self.figures["instalment"].setText(f"{format_rupiah(s.instalment)} / {period}")
        self.figures["interest"].setText(format_rupiah(s.total_interest))
        self.figures["total"].setText(format_rupiah(s.total))
        self.figures["admin"].setText(format_rupiah(sim.fees.admin))
        self.figures["provision"].setText(format_rupiah(sim.fees.provision))
        self.figures["net"].setText(format_rupiah(sim.net_to_member))
        self.figures["flat"].setText(common.percent(s.terms.rate_bp * 12))
        self.figures["effective"].setText(common.percent(sim.effective.nominal_annual_bp))
        self.table.setRowCount(len(s.instalments))
        for row, i in enumerate(s.instalments):
            common.fill_row(
                self.table,
                row,
                [
                    i.number,
                    date_text(i.due_date),
                    format_rupiah(i.principal),
                    format_rupiah(i.interest),
                    format_rupiah(i.total),
                    format_rupiah(i.balance_after),
                ],
                right=(2, 3, 4, 5),
            )
        self._set_ready(True)
        self.simulated.emit(sim)

    def _failed(self, asked: int, error: BaseException) -> bool:
        if asked != self._asked:
            return True
        if isinstance(error, LumbungError):
            self._clear()
            self.error.show_error(error)
            return True
        return False

    def _clear(self) -> None:
        self.simulation = None
        for label in self.figures.values():
            label.clear()
        self.table.setRowCount(0)
        self._set_ready(False)

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.apply_button.setEnabled(ready and self.member is not None)

    # -- print and apply -------------------------------------------------------------------

    def print_schedule(self) -> None:
        values = self.inputs()
        if values is None or self.simulation is None:
            return
        teller = self.ctx.user.full_name if self.ctx.user else ""
        member_id = self.member.member_id if self.member else None
        self.ctx.worker.submit(SimulationDocument(*values, member_id, teller), self._document_ready)

    def _document_ready(self, document: ScheduleDocument) -> None:
        dialog = ScheduleDialog(self.ctx, document, self)
        dialog.open()
        self.schedule_shown.emit(dialog)

    def _confirm(self) -> None:
        values = self.inputs()
        if values is None or self.simulation is None or self.member is None:
            return
        _, amount, tenor, _ = values
        box = QMessageBox(self)
        box.setObjectName("confirmApplication")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        box.setText(
            self.tr("Record an application for {amount} over {tenor} {period} for {name}?").format(
                amount=format_rupiah(amount),
                tenor=tenor,
                period=common.period(self.simulation.schedule.terms.frequency),
                name=self.member.name,
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self._confirmed(box, values))
        box.open()

    def _confirmed(self, box: QMessageBox, values: tuple[str, int, int, int]) -> None:
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
            return
        assert self.ctx.user is not None and self.member is not None
        product_id, amount, tenor, rate = values
        self.apply_button.setEnabled(False)
        op = ApplyLoan(
            self.member.member_id,
            product_id,
            amount,
            tenor,
            self.ctx.user,
            rate,
            self.purpose.text().strip(),
        )
        self.ctx.worker.submit(op, self._applied, self._apply_failed)

    def _applied(self, result: LoanResult) -> None:
        self.applied.emit(result)
        self.accept()

    def _apply_failed(self, error: BaseException) -> bool:
        self._set_ready(self.simulation is not None)
        if isinstance(error, LumbungError):
            self.error.show_error(error_text(error))
            return True
        return False


def describe(summary: Any) -> str:
    """One line about a loan for lists and confirmations."""
    return (
        f"{summary.loan_no} · {summary.member_name} · {format_rupiah(summary.principal)} · "
        + common.terms_short(summary.tenor, summary.instalment, summary.method)
    )
