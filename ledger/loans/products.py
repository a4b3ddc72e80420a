"""Loan products (produk pinjaman) as head office configures them, and the terms of one loan.

A product fixes the interest method, the frequency, the allowed ranges of amount, rate and tenor,
the fees, the late fee (denda), the rounding of instalments, the order in which a repayment pays
denda, jasa (interest) and pokok (principal), the early-settlement rule and the day thresholds of
kolektibilitas. It replicates to branches as a ``LoanProductDefined`` event.

Every rate is an integer number of basis points (1 % = 100 bp); the loan rate is quoted **per
month**, as KSPs quote it ("jasa 1,5 % per bulan"), whatever the method. A weekly loan's period
rate is the monthly rate × 12 / 52.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, cast

from ledger.errors import ValidationError
from ledger.loans.arith import BP, fee
from ledger.money import format_rupiah

Method = Literal["flat", "efektif", "anuitas"]
Frequency = Literal["monthly", "weekly"]
METHODS: tuple[str, ...] = ("flat", "efektif", "anuitas")
FREQUENCIES: tuple[str, ...] = ("monthly", "weekly")
PERIODS_PER_YEAR: dict[str, int] = {"monthly": 12, "weekly": 52}
#: Instalment roundings offered (Rp 1 ... Rp 1.000).
ROUNDINGS: tuple[int, ...] = (1, 10, 50, 100, 500, 1_000)
#: The cash unit denda is rounded down to unless the product says otherwise: the smallest coin
#: a branch counts its drawer in (Rp 100).
DEFAULT_DENDA_ROUNDING = 100
#: The three parts a repayment pays, and the default order (denda -> jasa -> pokok).
COMPONENTS: tuple[str, ...] = ("denda", "jasa", "pokok")
DEFAULT_ORDER: tuple[str, ...] = COMPONENTS
METHOD_NAMES_ID: dict[str, str] = {
    "flat": "flat",
    "efektif": "efektif (menurun)",
    "anuitas": "anuitas",
}


def format_bp(bp: int, decimal: str = ",") -> str:
    """Basis points as a percentage, Indonesian style by default: ``150 -> "1,50 %"``."""
    sign = "-" if bp < 0 else ""
    whole, frac = divmod(abs(bp), 100)
    return f"{sign}{whole}{decimal}{frac:02d} %"


def _bad(field: str, message_id: str, message_en: str) -> ValidationError:
    return ValidationError(message_id, message_en, field=field)


@dataclass(frozen=True)
class LoanProduct:
    """A loan product.

    Attributes:
        product_id: Stable id (replicated events refer to it).
        code: Short code printed on documents (``"PU-FLAT"``).
        name: Indonesian name (``"Pinjaman Umum"``).
        method: ``"flat"``, ``"efektif"`` (declining balance, equal principal) or ``"anuitas"``
            (declining balance, equal instalment).
        frequency: ``"monthly"`` or ``"weekly"`` instalments.
        rate_bp: Default interest rate per month, basis points (100 = 1 % per month).
        min_rate_bp: Lowest rate a loan of this product may carry.
        max_rate_bp: Highest rate a loan of this product may carry.
        min_amount: Smallest principal, rupiah.
        max_amount: Largest principal, rupiah.
        min_tenor: Fewest instalments.
        max_tenor: Most instalments.
        admin_fee_bp: Administration fee, basis points of the principal (income 4102).
        provision_fee_bp: Provision fee, basis points of the principal (income 4104).
        fees_deducted: True: fees are deducted from what the member receives; False: the
            member pays them separately at disbursement.
        late_fee_bp_per_day: Denda per day late, basis points of the overdue instalment.
        late_fee_grace_days: Days after the due date without denda; denda counts the days
            after the grace period only.
        late_fee_cap_bp: Cap on one instalment's denda, basis points of that instalment
            (0 = no cap).
        denda_rounding: The cash unit, rupiah: each instalment's denda is rounded **down** to a
            multiple of it (the member's favour), so denda can be paid in the notes and coins a
            drawer is counted in (one of :data:`ROUNDINGS`; 1 = to the rupiah). Products
            defined before this field existed load with the default, Rp 100.
        rounding: Instalments are rounded up to a multiple of this many rupiah; the last
            instalment absorbs the difference.
        allocation_order: The order a repayment pays ``denda``, ``jasa`` and ``pokok``.
        settlement_current_interest: Early settlement also charges the interest of the period
            in progress (the next unpaid instalment's jasa).
        settlement_penalty_bp: Early-settlement penalty, basis points of the remaining
            principal (income 4105).
        kol_kurang_lancar_days: More days past due than this is *kurang lancar*.
        kol_diragukan_days: More days past due than this is *diragukan*.
        kol_macet_days: More days past due than this is *macet*.
    """

    product_id: str
    code: str
    name: str
    method: str
    frequency: str = "monthly"
    rate_bp: int = 100
    min_rate_bp: int = 0
    max_rate_bp: int = 500
    min_amount: int = 500_000
    max_amount: int = 100_000_000
    min_tenor: int = 1
    max_tenor: int = 60
    admin_fee_bp: int = 0
    provision_fee_bp: int = 0
    fees_deducted: bool = True
    late_fee_bp_per_day: int = 0
    late_fee_grace_days: int = 0
    late_fee_cap_bp: int = 0
    denda_rounding: int = DEFAULT_DENDA_ROUNDING
    rounding: int = 1
    allocation_order: tuple[str, ...] = DEFAULT_ORDER
    settlement_current_interest: bool = True
    settlement_penalty_bp: int = 0
    kol_kurang_lancar_days: int = 30
    kol_diragukan_days: int = 90
    kol_macet_days: int = 180

    def __post_init__(self) -> None:
        check_product(self)

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.frequency]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["allocation_order"] = list(self.allocation_order)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoanProduct:
        """Build a product from its replicated form.

        Raises:
            ValidationError: an unknown or mistyped field, or a value out of range.
        """
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise _bad(
                unknown[0],
                f"Produk pinjaman: kolom tidak dikenal {', '.join(unknown)}.",
                f"Loan product: unknown field(s) {', '.join(unknown)}.",
            )
        kwargs = dict(data)
        order = kwargs.get("allocation_order")
        if isinstance(order, list):
            kwargs["allocation_order"] = tuple(order)
        for name, value in kwargs.items():
            expected = known[name].type
            ok = {
                "str": isinstance(value, str),
                "int": isinstance(value, int) and not isinstance(value, bool),
                "bool": isinstance(value, bool),
                "tuple[str, ...]": isinstance(value, tuple)
                and all(isinstance(v, str) for v in value),
            }[cast(str, expected)]
            if not ok:
                raise _bad(
                    name,
                    f"Produk pinjaman: kolom {name} bertipe salah.",
                    f"Loan product: field {name} has the wrong type.",
                )
        try:
            return cls(**kwargs)
        except TypeError:
            raise _bad(
                "product_id",
                "Produk pinjaman: kolom wajib tidak lengkap.",
                "Loan product: required fields are missing.",
            ) from None


def _check_range(field: str, value: int, low: int, high: int, label_id: str, label_en: str) -> None:
    if not low <= value <= high:
        raise _bad(
            field,
            f"{label_id} harus antara {low} dan {high}.",
            f"{label_en} must be between {low} and {high}.",
        )


def check_product(p: LoanProduct) -> None:
    """Refuse a product definition that makes no sense (named field, Indonesian message)."""
    if not p.product_id or not p.code or not p.name:
        raise _bad(
            "name", "Kode dan nama produk wajib diisi.", "Product code and name are required."
        )
    if p.method not in METHODS:
        raise _bad(
            "method",
            f"Metode bunga tidak dikenal: {p.method!r} (flat, efektif, anuitas).",
            f"Unknown interest method: {p.method!r} (flat, efektif, anuitas).",
        )
    if p.frequency not in FREQUENCIES:
        raise _bad(
            "frequency",
            f"Frekuensi angsuran tidak dikenal: {p.frequency!r} (monthly, weekly).",
            f"Unknown instalment frequency: {p.frequency!r} (monthly, weekly).",
        )
    _check_range("min_rate_bp", p.min_rate_bp, 0, BP, "Suku jasa minimum (bp)", "Minimum rate")
    _check_range(
        "max_rate_bp", p.max_rate_bp, p.min_rate_bp, BP, "Suku jasa maksimum (bp)", "Maximum rate"
    )
    _check_range(
        "rate_bp", p.rate_bp, p.min_rate_bp, p.max_rate_bp, "Suku jasa (bp)", "Interest rate"
    )
    _check_range("min_amount", p.min_amount, 1, 10**12, "Plafon minimum", "Minimum amount")
    _check_range(
        "max_amount", p.max_amount, p.min_amount, 10**12, "Plafon maksimum", "Maximum amount"
    )
    _check_range("min_tenor", p.min_tenor, 1, 520, "Tenor minimum", "Minimum tenor")
    _check_range("max_tenor", p.max_tenor, p.min_tenor, 520, "Tenor maksimum", "Maximum tenor")
    for name in ("admin_fee_bp", "provision_fee_bp", "settlement_penalty_bp", "late_fee_cap_bp"):
        _check_range(name, getattr(p, name), 0, BP, f"Tarif {name} (bp)", f"Rate {name}")
    _check_range(
        "late_fee_bp_per_day", p.late_fee_bp_per_day, 0, 1_000, "Denda per hari (bp)", "Late fee"
    )
    _check_range(
        "late_fee_grace_days", p.late_fee_grace_days, 0, 365, "Masa tenggang", "Grace days"
    )
    if p.rounding not in ROUNDINGS:
        raise _bad(
            "rounding",
            f"Pembulatan angsuran harus salah satu dari {', '.join(map(str, ROUNDINGS))} rupiah.",
            f"Instalment rounding must be one of {', '.join(map(str, ROUNDINGS))} rupiah.",
        )
    if p.denda_rounding not in ROUNDINGS:
        raise _bad(
            "denda_rounding",
            f"Pembulatan denda harus salah satu dari {', '.join(map(str, ROUNDINGS))} rupiah.",
            f"Late-fee rounding must be one of {', '.join(map(str, ROUNDINGS))} rupiah.",
        )
    if sorted(p.allocation_order) != sorted(COMPONENTS):
        raise _bad(
            "allocation_order",
            "Urutan alokasi pembayaran harus memuat denda, jasa dan pokok masing-masing sekali.",
            "The allocation order must name denda, jasa and pokok once each.",
        )
    if not 0 <= p.kol_kurang_lancar_days < p.kol_diragukan_days < p.kol_macet_days:
        raise _bad(
            "kol_diragukan_days",
            "Batas hari kolektibilitas harus naik: kurang lancar < diragukan < macet.",
            "Collectibility day thresholds must increase: kurang lancar < diragukan < macet.",
        )


@dataclass(frozen=True)
class LoanTerms:
    """What one loan was agreed at: enough to rebuild its schedule anywhere.

    Attributes:
        principal: Pokok pinjaman, rupiah.
        tenor: Number of instalments.
        rate_bp: Interest rate per month, basis points.
        method: ``"flat"``, ``"efektif"`` or ``"anuitas"``.
        frequency: ``"monthly"`` or ``"weekly"``.
        rounding: Instalment rounding multiple, rupiah.
    """

    principal: int
    tenor: int
    rate_bp: int
    method: str
    frequency: str = "monthly"
    rounding: int = 1

    @property
    def period_rate(self) -> Fraction:
        """The interest rate of one instalment period, exactly."""
        monthly = Fraction(self.rate_bp, BP)
        return monthly if self.frequency == "monthly" else monthly * 12 / 52

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.frequency]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def loan_terms(
    product: LoanProduct, principal: int, tenor: int, rate_bp: int | None = None
) -> LoanTerms:
    """The terms of a loan of ``product``, checked against the product's ranges.

    Raises:
        ValidationError: principal, tenor or rate outside the product's range (field named).
    """
    rate = product.rate_bp if rate_bp is None else rate_bp
    if not product.min_amount <= principal <= product.max_amount:
        raise _bad(
            "principal",
            f"Plafon pinjaman {product.name} antara {format_rupiah(product.min_amount)} dan "
            f"{format_rupiah(product.max_amount)}.",
            f"A {product.name} loan is between {format_rupiah(product.min_amount)} and "
            f"{format_rupiah(product.max_amount)}.",
        )
    if not product.min_tenor <= tenor <= product.max_tenor:
        raise _bad(
            "tenor",
            f"Jangka waktu {product.name} antara {product.min_tenor} dan {product.max_tenor} "
            "kali angsuran.",
            f"A {product.name} loan has between {product.min_tenor} and {product.max_tenor} "
            "instalments.",
        )
    if not product.min_rate_bp <= rate <= product.max_rate_bp:
        raise _bad(
            "rate_bp",
            f"Suku jasa {product.name} antara {format_bp(product.min_rate_bp)} dan "
            f"{format_bp(product.max_rate_bp)} per bulan.",
            f"The {product.name} rate is between {format_bp(product.min_rate_bp, '.')} "
            f"and {format_bp(product.max_rate_bp, '.')} per month.",
        )
    return LoanTerms(principal, tenor, rate, product.method, product.frequency, product.rounding)


@dataclass(frozen=True)
class Fees:
    """Fees charged at disbursement.

    Attributes:
        admin: Biaya administrasi, rupiah (4102).
        provision: Biaya provisi, rupiah (4104).
        deducted: Whether they come out of the amount the member receives.
    """

    admin: int
    provision: int
    deducted: bool

    @property
    def total(self) -> int:
        return self.admin + self.provision


def disbursement_fees(product: LoanProduct, principal: int) -> Fees:
    """The product's fees on ``principal``, each rounded half up to the rupiah."""
    return Fees(
        fee(principal, product.admin_fee_bp),
        fee(principal, product.provision_fee_bp),
        product.fees_deducted,
    )
