"""Loan event payloads, registered with :func:`ledger.events.register_payload`.

The flow of one loan: ``LoanApplied`` (the simulated terms) -> ``LoanApproved`` (a supervisor)
-> ``LoanDisbursed`` (money out; fees in) -> ``LoanRepaid`` ... -> closed, or ``LoanSettled``
(early settlement). Mistakes are undone with the ordinary ``Reversed`` event. Products replicate
as ``LoanProductDefined``.

Every money payload checks its own arithmetic when it is built (and so when it is parsed from
the wire): a repayment whose parts do not add up is refused as a :class:`ValidationError`
instead of reaching the journal as an unbalanced entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ledger.errors import ValidationError
from ledger.events import Payload, register_payload
from ledger.loans.products import FREQUENCIES, METHODS, LoanProduct, LoanTerms

CHANNELS: tuple[str, ...] = ("cash", "sukarela")


def _require(ok: bool, event_type: str, field: str, message_id: str, message_en: str) -> None:
    if not ok:
        raise ValidationError(
            f"{event_type}: {message_id}", f"{event_type}: {message_en}", field=field
        )


def _check_channel(event_type: str, channel: str) -> None:
    _require(
        channel in CHANNELS,
        event_type,
        "channel",
        f"saluran {channel!r} tidak dikenal (cash, sukarela).",
        f"unknown channel {channel!r} (cash, sukarela).",
    )


def _check_parts(event_type: str, amount: int, parts: dict[str, int]) -> None:
    for name, value in parts.items():
        _require(
            value >= 0,
            event_type,
            name,
            f"{name} tidak boleh negatif.",
            f"{name} must not be negative.",
        )
    _require(
        sum(parts.values()) == amount,
        event_type,
        "amount",
        f"jumlah {amount} tidak sama dengan rinciannya ({sum(parts.values())}).",
        f"amount {amount} differs from the sum of its parts ({sum(parts.values())}).",
    )


@dataclass(frozen=True)
class LoanProductDefined(Payload):
    """Head office defines (or redefines) a loan product; last writer by HLC wins.

    ``product`` is :meth:`LoanProduct.to_dict`; it is checked when the event is parsed.
    """

    TYPE: ClassVar[str] = "LoanProductDefined"
    product_id: str
    product: dict[str, Any]
    active: bool = True

    def __post_init__(self) -> None:
        product = LoanProduct.from_dict(self.product)
        _require(
            product.product_id == self.product_id,
            self.TYPE,
            "product_id",
            "id produk tidak cocok.",
            "product id mismatch.",
        )

    def to_product(self) -> LoanProduct:
        return LoanProduct.from_dict(self.product)


@dataclass(frozen=True)
class _TermsPayload(Payload):
    """Shared shape of the payloads that carry a loan's terms."""

    loan_id: str
    member_id: str
    product_id: str
    principal: int
    tenor: int
    rate_bp: int
    method: str
    frequency: str
    rounding: int

    def __post_init__(self) -> None:
        _require(
            self.principal > 0 and self.tenor > 0 and self.rate_bp >= 0 and self.rounding > 0,
            self.TYPE,
            "principal",
            "pokok, tenor dan pembulatan harus positif.",
            "principal, tenor and rounding must be positive.",
        )
        _require(
            self.method in METHODS and self.frequency in FREQUENCIES,
            self.TYPE,
            "method",
            "metode atau frekuensi tidak dikenal.",
            "unknown method or frequency.",
        )

    @property
    def terms(self) -> LoanTerms:
        return LoanTerms(
            self.principal, self.tenor, self.rate_bp, self.method, self.frequency, self.rounding
        )


@dataclass(frozen=True)
class LoanApplied(_TermsPayload):
    """A member applies; the payload records the simulation the member was shown.

    ``instalment`` is the regular instalment and ``total_interest`` the schedule's total jasa.
    """

    TYPE: ClassVar[str] = "LoanApplied"
    admin_fee: int = 0
    provision_fee: int = 0
    instalment: int = 0
    total_interest: int = 0
    purpose: str = ""


@dataclass(frozen=True)
class LoanApproved(Payload):
    """A supervisor approves an application (the approver is the envelope's actor)."""

    TYPE: ClassVar[str] = "LoanApproved"
    loan_id: str
    member_id: str
    principal: int
    note: str = ""


@dataclass(frozen=True)
class LoanDisbursed(_TermsPayload):
    """The principal leaves: cash from the teller's drawer or into the member's sukarela.

    The disbursement date is the envelope's business date. With ``fees_deducted`` the member
    receives ``principal - admin_fee - provision_fee``; otherwise the member receives the whole
    principal and pays the fees in cash at the counter in the same transaction.
    """

    TYPE: ClassVar[str] = "LoanDisbursed"
    MONEY: ClassVar[bool] = True
    first_due_date: str = ""
    admin_fee: int = 0
    provision_fee: int = 0
    fees_deducted: bool = True
    channel: str = "cash"
    session_id: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_channel(self.TYPE, self.channel)
        _require(
            self.admin_fee >= 0 and self.provision_fee >= 0,
            self.TYPE,
            "admin_fee",
            "biaya tidak boleh negatif.",
            "fees must not be negative.",
        )
        _require(
            not self.fees_deducted or self.admin_fee + self.provision_fee < self.principal,
            self.TYPE,
            "admin_fee",
            "biaya yang dipotong melebihi pokok.",
            "deducted fees exceed the principal.",
        )

    @property
    def net_to_member(self) -> int:
        """What the member receives (cash or sukarela)."""
        fees = self.admin_fee + self.provision_fee
        return self.principal - fees if self.fees_deducted else self.principal


@dataclass(frozen=True)
class LoanRepaid(Payload):
    """An instalment payment, already divided into denda, jasa and pokok at the counter.

    ``loan_branch`` is the branch that holds the loan when another branch collects (empty: the
    collecting branch itself); ``channel`` ``"sukarela"`` debits the member's savings instead of
    the drawer.
    """

    TYPE: ClassVar[str] = "LoanRepaid"
    MONEY: ClassVar[bool] = True
    loan_id: str
    member_id: str
    amount: int
    denda: int
    jasa: int
    pokok: int
    session_id: str = ""
    channel: str = "cash"
    loan_branch: str = ""

    def __post_init__(self) -> None:
        _check_channel(self.TYPE, self.channel)
        _check_parts(
            self.TYPE, self.amount, {"denda": self.denda, "jasa": self.jasa, "pokok": self.pokok}
        )


@dataclass(frozen=True)
class LoanSettled(Payload):
    """Early settlement (pelunasan dipercepat): the loan closes for the quoted amount.

    ``penalty`` is the early-settlement penalty (income 4105).
    """

    TYPE: ClassVar[str] = "LoanSettled"
    MONEY: ClassVar[bool] = True
    loan_id: str
    member_id: str
    amount: int
    denda: int
    jasa: int
    pokok: int
    penalty: int = 0
    session_id: str = ""
    channel: str = "cash"
    loan_branch: str = ""

    def __post_init__(self) -> None:
        _check_channel(self.TYPE, self.channel)
        _check_parts(
            self.TYPE,
            self.amount,
            {"denda": self.denda, "jasa": self.jasa, "pokok": self.pokok, "penalty": self.penalty},
        )


@dataclass(frozen=True)
class LoanCreditRefunded(Payload):
    """An overpayment on a loan moves to the member's sukarela (decided in a review case).

    The parts undo what the overpayment credited: ``pokok`` back into 1301, ``jasa``,
    ``denda`` and ``penalty`` out of their income accounts.
    """

    TYPE: ClassVar[str] = "LoanCreditRefunded"
    MONEY: ClassVar[bool] = True
    loan_id: str
    member_id: str
    amount: int
    denda: int
    jasa: int
    pokok: int
    penalty: int = 0
    loan_branch: str = ""
    case_id: str = ""

    def __post_init__(self) -> None:
        _check_parts(
            self.TYPE,
            self.amount,
            {"denda": self.denda, "jasa": self.jasa, "pokok": self.pokok, "penalty": self.penalty},
        )


LOAN_PAYLOADS: tuple[type[Payload], ...] = (
    LoanProductDefined,
    LoanApplied,
    LoanApproved,
    LoanDisbursed,
    LoanRepaid,
    LoanSettled,
    LoanCreditRefunded,
)

for _cls in LOAN_PAYLOADS:
    register_payload(_cls)
