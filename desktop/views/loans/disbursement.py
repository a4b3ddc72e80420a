"""Disbursement (pencairan) of an approved loan: cash from the teller's drawer or into the
member's sukarela, fees shown as the product charges them. Over the teller limit a supervisor
authorises the payout; the receipt follows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text
from desktop.ops.loans import DisburseLoan, LoadLoan, LoansWithStatus
from desktop.views.fmt import date_text
from desktop.views.loans import common
from desktop.views.supervisor import SupervisorDialog
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError
from ledger.money import format_rupiah, terbilang

if TYPE_CHECKING:
    from desktop.services import LoanDetail, LoanResult, LoanSummary, StaffUser
    from desktop.views.context import UiContext


class DisbursementDialog(QDialog):
    """Signals: posted(object) with the LoanResult; ready(object) with the LoanDetail shown."""

    posted = Signal(object)
    ready = Signal(object)

    def __init__(
        self, ctx: UiContext, member_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loans: list[LoanSummary] = []
        self.detail: LoanDetail | None = None
        self.setObjectName("disbursementDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Loan disbursement"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.choice = QComboBox()
        self.choice.setObjectName("disburseLoanChoice")
        form.addRow(self.tr("Approved loan"), self.choice)
        self.fields: dict[str, QLabel] = {}
        for key, text in (
            ("member", self.tr("Member")),
            ("product", self.tr("Product")),
            ("principal", self.tr("Loan amount")),
            ("terms", self.tr("Term and instalment")),
            ("fees", self.tr("Fees")),
            ("first_due", self.tr("First instalment due")),
            ("approved", self.tr("Approved by")),
        ):
            label = QLabel()
            label.setObjectName(f"disburse_{key}")
            label.setWordWrap(True)
            self.fields[key] = label
            form.addRow(text, label)
        channels = QHBoxLayout()
        self.cash = QRadioButton(self.tr("Cash from my drawer"))
        self.cash.setObjectName("channelCash")
        self.sukarela = QRadioButton(self.tr("Into voluntary savings (sukarela)"))
        self.sukarela.setObjectName("channelSukarela")
        self.cash.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.cash)
        group.addButton(self.sukarela)
        channels.addWidget(self.cash)
        channels.addWidget(self.sukarela)
        channels.addStretch(1)
        form.addRow(self.tr("Pay out"), channels)
        self.net = QLabel()
        self.net.setObjectName("disburseNet")
        self.net.setProperty("role", "bigMoney")
        form.addRow(self.tr("Member receives"), self.net)
        self.words = QLabel()
        self.words.setWordWrap(True)
        form.addRow("", self.words)
        self.error = FieldError()
        self.error.setObjectName("disburseError")
        form.addRow("", self.error)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(self.tr("Pay out"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirmDisbursement")
        self.ok.setDefault(True)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.setMinimumWidth(720)
        ctx.worker.submit(LoansWithStatus(("approved",), member_id), self._loans_loaded)

    def _loans_loaded(self, loans: list[LoanSummary]) -> None:
        self.loans = loans
        for s in loans:
            self.choice.addItem(
                f"{s.loan_no} · {s.member_name} · {format_rupiah(s.principal)}", s.loan_id
            )
        if not loans:
            self.error.show_error(self.tr("No approved loan is waiting to be paid out."))
        self._chosen()

    def _chosen(self) -> None:
        loan_id = self.choice.currentData()
        self.ok.setEnabled(False)
        if loan_id:
            self.ctx.worker.submit(LoadLoan(str(loan_id)), self._show)

    def _show(self, detail: LoanDetail) -> None:
        if detail.summary.loan_id != self.choice.currentData():
            return
        self.detail = detail
        s = detail.summary
        self.fields["member"].setText(f"{s.member_name} ({s.member_no})")
        self.fields["product"].setText(f"{s.product_name} · {common.method(s.method)}")
        self.fields["principal"].setText(format_rupiah(s.principal))
        self.fields["terms"].setText(
            self.tr("{terms}, interest {rate} per month").format(
                terms=common.terms(
                    s.tenor, [i.total for i in detail.schedule], s.instalment, s.frequency
                ),
                rate=common.percent(s.rate_bp),
            )
        )
        fees = detail.admin_fee + detail.provision_fee
        how = self.tr("deducted") if detail.fees_deducted else self.tr("paid separately")
        self.fields["fees"].setText(
            self.tr("admin {admin} + provision {prov} ({how})").format(
                admin=format_rupiah(detail.admin_fee),
                prov=format_rupiah(detail.provision_fee),
                how=how,
            )
        )
        first = detail.schedule[0].due_date if detail.schedule else None
        self.fields["first_due"].setText(date_text(first, long=True) if first else "")
        self.fields["approved"].setText(detail.approved_by)
        # Fees paid separately are paid in the same transaction through the same channel: the
        # member still walks away with the principal less the fees (as the journal nets them).
        net = s.principal - fees
        self.net.setText(format_rupiah(net))
        self.words.setText(terbilang(net).capitalize())
        self.ok.setEnabled(True)
        self.ready.emit(detail)

    def channel(self) -> str:
        return "sukarela" if self.sukarela.isChecked() else "cash"

    def _confirm(self) -> None:
        if self.detail is None:
            return
        s = self.detail.summary
        box = QMessageBox(self)
        box.setObjectName("confirmDisbursementBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        text = self.tr("Pay out {net} ({channel}) to {name} for loan {no}?").format(
            net=self.net.text(),
            channel=common.channel(self.channel()),
            name=s.member_name,
            no=s.loan_no,
        )
        fees = self.detail.admin_fee + self.detail.provision_fee
        if fees:
            text += "\n" + self.tr("Loan {principal} less fees {fees}: {net} net.").format(
                principal=format_rupiah(s.principal),
                fees=format_rupiah(fees),
                net=self.net.text(),
            )
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self._confirmed(box))
        box.open()

    def _confirmed(self, box: QMessageBox) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self._post(None)

    def _post(self, authorizer: StaffUser | None) -> None:
        assert self.ctx.user is not None and self.detail is not None
        self.ok.setEnabled(False)
        op = DisburseLoan(self.detail.summary.loan_id, self.ctx.user, self.channel(), authorizer)
        self.ctx.worker.submit(op, self._done, self._failed)

    def _done(self, result: LoanResult) -> None:
        self.posted.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        from desktop.services import AuthorisationRequired  # loaded by now; not at UI start

        self.ok.setEnabled(True)
        if isinstance(error, AuthorisationRequired):
            dialog = SupervisorDialog(self.ctx, error_text(error), self)
            dialog.authorised.connect(self._post)
            dialog.open()
            return True
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False
