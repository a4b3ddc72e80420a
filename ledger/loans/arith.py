"""Exact arithmetic for loan money: rationals in, integer rupiah out, every rounding named.

Rates are integer basis points (1 % = 100 bp) and every intermediate value is a
:class:`fractions.Fraction`, so no binary float ever touches an amount. Each place that turns a
rational into rupiah says which way it rounds.
"""

from __future__ import annotations

from fractions import Fraction

#: Basis points in one (100 % = 10 000 bp).
BP = 10_000


def round_half_up(value: Fraction | int) -> int:
    """Nearest integer, halves away from zero (as a cashier rounds, not banker's rounding)."""
    value = Fraction(value)
    if value < 0:
        return -round_half_up(-value)
    return int((value + Fraction(1, 2)) // 1)


def ceil_int(value: Fraction | int) -> int:
    """Smallest integer not below ``value``."""
    return -((-Fraction(value)) // 1)


def ceil_to(value: Fraction | int, multiple: int) -> int:
    """``value`` rounded up to a whole multiple of ``multiple`` rupiah."""
    return ceil_int(Fraction(value) / multiple) * multiple


def floor_to(amount: int, multiple: int) -> int:
    """``amount`` rupiah rounded down to a whole multiple of ``multiple`` rupiah."""
    return amount // multiple * multiple


def of_bp(amount: int, bp: int) -> Fraction:
    """``bp`` basis points of ``amount``, exactly."""
    return Fraction(amount * bp, BP)


def fee(amount: int, bp: int) -> int:
    """A fee of ``bp`` basis points on ``amount``, rounded half up to the rupiah."""
    return round_half_up(of_bp(amount, bp))


def to_bp(ratio: Fraction) -> int:
    """A ratio as basis points, rounded half up."""
    return round_half_up(ratio * BP)
