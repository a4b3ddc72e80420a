"""Deposit (setor) and withdrawal (tarik) of savings at the counter.

The flow, all by keyboard: amount -> Enter -> the store thread checks everything that could
refuse (balance, hold, member status, drawer cash) -> confirm (Enter) -> supervisor
authorisation when over the teller limit or offline authority -> posted -> the caller shows the
receipt. A refusal is shown at once, under the amount: nothing is asked first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import error_text
from desktop.ops.savings import CheckPosting, Deposit, Withdraw
from desktop.views import labels
from desktop.views.supervisor import SupervisorDialog
from desktop.views.widgets import AmountPreview, FieldError, MoneyEdit
from ledger.errors import LumbungError
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.counter.savings import PostingCheck
    from desktop.services import MemberDetail, PostResult, StaffUser
    from desktop.views.context import UiContext

DEPOSIT = "deposit"
WITHDRAW = "withdraw"


class TransactionDialog(QDialog):
    """Cash into or out of one member's savings product.

    Signals:
        posted(object): the PostResult once the transaction is in the store.
        checked(object): the PostingCheck once nothing refuses it (before the confirmation).
    """

    posted = Signal(object)
    checked = Signal(object)

    def __init__(
        self,
        ctx: UiContext,
        mode: str,
        member: MemberDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mode = mode
        self.member = member
        self.setObjectName("transactionDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Deposit") if mode == DEPOSIT else self.tr("Withdrawal"))
        layout = QVBoxLayout(self)

        who = QLabel(f"<b>{member.name}</b> — {member.member_no}")
        who.setObjectName("transactionMember")
        layout.addWidget(who)

        form = QFormLayout()
        self.product = QComboBox()
        self.product.setObjectName("product")
        products = labels.PRODUCTS if mode == DEPOSIT else ("sukarela",)
        for code in products:
            self.product.addItem(labels.product(code), code)
        self.product.setCurrentIndex(self.product.findData("sukarela"))
        form.addRow(self.tr("Product"), self.product)

        self.balance = QLabel()
        self.balance.setObjectName("currentBalance")
        form.addRow(self.tr("Current balance"), self.balance)

        self.amount = MoneyEdit()
        self.amount.setObjectName("amount")
        form.addRow(self.tr("Amount"), self.amount)
        self.preview = AmountPreview(self.amount)
        form.addRow("", self.preview)
        layout.addLayout(form)
        # Below the form, the dialog's whole width: a refusal is read whole, never cut.
        self.error = FieldError()
        self.error.setObjectName("transactionError")
        layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self,  # parented now, so setDefault() below registers with the dialog
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Deposit") if mode == DEPOSIT else self.tr("Withdraw"))
        self.ok.setObjectName("confirmTransaction")
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.product.currentIndexChanged.connect(self._show_balance)
        self._show_balance()
        self.setMinimumWidth(460)
        self.setTabOrder(self.amount, self.buttons)
        self.amount.setFocus()
        self._confirm_box: QMessageBox | None = None
        self._checking = False

    def product_code(self) -> str:
        return str(self.product.currentData())

    def _show_balance(self) -> None:
        balances = getattr(self.member, "balances", {}) or {}
        self.balance.setText(format_rupiah(int(balances.get(self.product_code(), 0))))

    # -- confirm, authorise, post ------------------------------------------------------------

    def _confirm(self) -> None:
        amount = self.amount.amount()
        if amount is None or amount <= 0:
            # A text that is no amount already says why beside it (AmountPreview): once.
            if self.amount.error() is None:
                self.error.show_error(self.tr("Enter an amount greater than zero."))
            else:
                self.error.show_error(None)
            self.amount.setFocus()
            return
        if self._checking:
            return
        self.error.show_error(None)
        assert self.ctx.user is not None
        kind = DEPOSIT if self.mode == DEPOSIT else "withdraw"
        op = CheckPosting(kind, self.member.member_id, self.product_code(), amount, self.ctx.user)
        self._checking = True
        self.ok.setEnabled(False)
        self.ctx.worker.submit(op, self._checked, self._check_failed)

    def _check_failed(self, error: BaseException) -> bool:
        self._checking = False
        return self._failed(error)

    def _checked(self, check: PostingCheck) -> None:
        self._checking = False
        self.ok.setEnabled(True)
        amount = check.amount
        if amount != self.amount.amount():
            return  # the teller changed the amount meanwhile: Enter again checks that one
        self.checked.emit(check)
        box = QMessageBox(self)
        box.setObjectName("confirmBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        template = (
            self.tr("Deposit {amount} into {product} of {name}?")
            if self.mode == DEPOSIT
            else self.tr("Pay out {amount} from {product} of {name}?")
        )
        text = template.format(
            amount=format_rupiah(amount),
            product=labels.product(self.product_code()),
            name=self.member.name,
        )
        if check.authorisation is not None:
            text += "\n\n" + self.tr("A supervisor must authorise it next.")
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self._confirmed(box, check))
        self._confirm_box = box
        box.open()

    def _confirmed(self, box: QMessageBox, check: PostingCheck) -> None:
        self._confirm_box = None
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
            self.amount.setFocus()
            return
        if check.authorisation is not None:
            reason = (
                error_text(LumbungError(*check.authorisation))
                + " "
                + self.tr("A supervisor must authorise this transaction.")
            )
            self._ask_supervisor(check.amount, reason)
            return
        self._post(check.amount, None)

    def _ask_supervisor(self, amount: int, reason: str) -> None:
        dialog = SupervisorDialog(self.ctx, reason, self)
        dialog.authorised.connect(lambda supervisor: self._post(amount, supervisor))
        dialog.rejected.connect(self.amount.setFocus)
        dialog.open()

    def _post(self, amount: int, authorizer: StaffUser | None) -> None:
        assert self.ctx.user is not None
        kind = Deposit if self.mode == DEPOSIT else Withdraw
        op = kind(self.member.member_id, self.product_code(), amount, self.ctx.user, authorizer)
        self.ok.setEnabled(False)
        self.ctx.worker.submit(op, self._done, self._failed)

    def _done(self, result: PostResult) -> None:
        self.posted.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        from desktop.services import AuthorisationRequired  # loaded by now; not at UI start

        self.ok.setEnabled(True)
        self.amount.setFocus()
        amount = self.amount.amount()
        if isinstance(error, AuthorisationRequired) and amount is not None:
            # The limit changed since login (head office): ask now instead of failing.
            self._ask_supervisor(amount, error_text(error))
            return True
        if isinstance(error, LumbungError):
            self.error.show_error(error)
            return True
        return False
