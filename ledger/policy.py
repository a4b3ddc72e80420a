"""Business rules for the counter: what may be withdrawn, and who must authorise it."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.errors import BusinessRuleError
from ledger.money import format_rupiah

#: Default per-transaction limit above which a supervisor must authorise (Rp 10.000.000).
DEFAULT_TELLER_LIMIT = 10_000_000
#: Denominations counted at drawer close, notes and coins, largest first.
DENOMINATIONS: tuple[int, ...] = (
    100_000,
    50_000,
    20_000,
    10_000,
    5_000,
    2_000,
    1_000,
    500,
    200,
    100,
)


@dataclass(frozen=True)
class Limits:
    """Configurable limits (head office sets them; they replicate as settings).

    Attributes:
        teller_limit: Largest amount a teller may post without a supervisor.
        home_offline_daily: What the home branch may pay a member per day while offline.
        standin_offline: What another branch may pay a member while offline (per day).
    """

    teller_limit: int = DEFAULT_TELLER_LIMIT
    home_offline_daily: int = 5_000_000
    standin_offline: int = 500_000


def check_withdrawable(product: str, *, member_status: str) -> None:
    """Only sukarela is withdrawn over the counter while the person is a member."""
    if product != "sukarela" and member_status == "active":
        name = {"pokok": "pokok", "wajib": "wajib"}.get(product, product)
        raise BusinessRuleError(
            f"Simpanan {name} tidak dapat ditarik selama masih menjadi anggota.",
            f"Simpanan {name} cannot be withdrawn while the person is a member.",
            field="product",
        )


def check_available(amount: int, available: int) -> None:
    if amount > available:
        raise BusinessRuleError(
            f"Saldo tidak cukup: tersedia {format_rupiah(available)}, "
            f"diminta {format_rupiah(amount)}.",
            f"Insufficient balance: {format_rupiah(available)} available, "
            f"{format_rupiah(amount)} requested.",
            field="amount",
        )


def needs_authorisation(amount: int, limits: Limits) -> bool:
    """True when ``amount`` is above the teller's per-transaction limit."""
    return amount > limits.teller_limit


def cash_difference(expected: int, counted: dict[int, int]) -> tuple[int, int]:
    """Counted total from denomination counts, and counted minus expected (over is positive)."""
    for denom, pieces in counted.items():
        if denom not in DENOMINATIONS:
            raise BusinessRuleError(
                f"Pecahan {format_rupiah(denom)} tidak dikenal.",
                f"Unknown denomination {format_rupiah(denom)}.",
            )
        if pieces < 0:
            raise BusinessRuleError(
                "Jumlah lembar/keping tidak boleh negatif.", "Counts must not be negative."
            )
    total = sum(denom * pieces for denom, pieces in counted.items())
    return total, total - expected
