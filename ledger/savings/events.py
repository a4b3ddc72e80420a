"""The month-end savings events, registered with :func:`ledger.events.register_payload`.

A month-end run (:mod:`ledger.savings.run`) emits, per account and month:

* ``SavingsInterestCredited``: the gross interest credited to the member's savings;
* ``SavingsInterestTaxWithheld``: the PPh 4(2) withheld from it, to *utang PPh 4(2)* — also at
  0 %, so every withholding has its bukti potong.

Two events, so the member's history shows two lines and the journal two entries. ``month`` is the
month of the run; ``interest_month`` the month the interest is for. They differ only for an
*adjustment*: a transaction dated inside a month already run that arrived later (a branch that
was offline) changes that month's interest, and the next run posts the difference, marked
``adjustment`` and signed (a late withdrawal makes a negative one). Nothing is ever silently
different: the sum of a month's events is always the month's interest as it stands.

Value date: interest and tax of a run for month M count in the balance from the first day of
M + 1 (:func:`value_date`), so a month's own interest never changes the month's interest and an
adjustment posted in a later run never reopens a month already run.

Older apps refuse these kinds cleanly: :func:`ledger.events.parse_payload` and
:func:`ledger.upgrades.upgrade_payload` answer an unknown type with a ``ValidationError`` ("Jenis
peristiwa tidak dikenal"), the same as any kind added after the app was built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from ledger.errors import ValidationError
from ledger.events import SAVINGS_PRODUCTS, Payload, register_payload
from ledger.savings.period import Month


def _check(event_type: str, ok: bool, field: str, message_id: str, message_en: str) -> None:
    if not ok:
        raise ValidationError(
            f"{event_type}: {message_id}", f"{event_type}: {message_en}", field=field
        )


def _check_common(p: SavingsInterestCredited | SavingsInterestTaxWithheld) -> None:
    run, of = Month.parse(p.month), Month.parse(p.interest_month)
    _check(
        p.TYPE,
        of <= run and (p.adjustment or of == run),
        "interest_month",
        "bulan bunga harus bulan proses, atau bulan sebelumnya untuk penyesuaian.",
        "the interest month is the run's month, or an earlier one for an adjustment.",
    )
    _check(
        p.TYPE,
        p.product in SAVINGS_PRODUCTS,
        "product",
        f"produk simpanan {p.product!r} tidak dikenal.",
        f"unknown savings product {p.product!r}.",
    )
    _check(
        p.TYPE,
        bool(p.run_id and p.account_id and p.member_id and p.branch_id),
        "account_id",
        "proses, rekening, anggota dan cabang wajib ada.",
        "run, account, member and branch are required.",
    )


@dataclass(frozen=True)
class SavingsInterestCredited(Payload):
    """Gross interest credited to a member's savings account for a month.

    ``gross`` is positive, except in an adjustment, where it is the signed difference.
    ``branch_id`` is the account's branch: the books the interest posts to.
    """

    TYPE: ClassVar[str] = "SavingsInterestCredited"
    VERSION: ClassVar[int] = 1
    MONEY: ClassVar[bool] = True
    run_id: str
    month: str
    interest_month: str
    account_id: str
    member_id: str
    branch_id: str
    product: str
    savings_product_id: str
    gross: int
    adjustment: bool = False

    def __post_init__(self) -> None:
        _check_common(self)
        _check(
            self.TYPE,
            self.gross > 0 or (self.adjustment and self.gross != 0),
            "gross",
            "bunga harus lebih dari nol (penyesuaian: tidak nol).",
            "interest must be positive (an adjustment: non-zero).",
        )


@dataclass(frozen=True)
class SavingsInterestTaxWithheld(Payload):
    """PPh 4(2) withheld from a member's interest on one account for a month.

    ``base`` is the gross the threshold was applied to (the member's month total by default),
    ``rate_bp`` the rate applied (0 or 1000), ``basis`` ``"member"`` or ``"account"``. ``tax``
    may be 0 (a bukti potong at 0 %); in an adjustment it is the signed difference.
    """

    TYPE: ClassVar[str] = "SavingsInterestTaxWithheld"
    VERSION: ClassVar[int] = 1
    MONEY: ClassVar[bool] = True
    run_id: str
    month: str
    interest_month: str
    account_id: str
    member_id: str
    branch_id: str
    product: str
    tax: int
    base: int
    rate_bp: int
    basis: str = "member"
    adjustment: bool = False

    def __post_init__(self) -> None:
        _check_common(self)
        _check(
            self.TYPE,
            self.tax >= 0 or self.adjustment,
            "tax",
            "pajak tidak boleh negatif kecuali penyesuaian.",
            "tax must not be negative except in an adjustment.",
        )
        _check(
            self.TYPE,
            0 <= self.rate_bp <= 10_000 and self.base >= 0,
            "rate_bp",
            "tarif atau dasar pajak tidak sah.",
            "invalid tax rate or base.",
        )


SAVINGS_MONTH_PAYLOADS: tuple[type[Payload], ...] = (
    SavingsInterestCredited,
    SavingsInterestTaxWithheld,
)
for _cls in SAVINGS_MONTH_PAYLOADS:
    register_payload(_cls)


def value_date(p: SavingsInterestCredited | SavingsInterestTaxWithheld) -> dt.date:
    """The day from which the event's amount counts in the balance: the 1st after its run."""
    return Month.parse(p.month).next().first


def savings_movements(payload: Payload) -> tuple[tuple[str, str, int], ...]:
    """``(member_id, product, amount)`` changes a month-end event makes to member savings."""
    if isinstance(payload, SavingsInterestCredited):
        return ((payload.member_id, payload.product, payload.gross),)
    if isinstance(payload, SavingsInterestTaxWithheld) and payload.tax:
        return ((payload.member_id, payload.product, -payload.tax),)
    return ()
