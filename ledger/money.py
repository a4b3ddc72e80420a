"""Rupiah amounts: integers only, parsed from what tellers type, shown as receipts show them.

Rupiah have no minor unit in practice, so an amount is a plain ``int``. Parsing accepts the
forms that appear on the counter and on paper (``1500000``, ``1.500.000``, ``Rp 1.500.000``,
``Rp1.500.000,-``, ``Rp. 1.500.000,00``) and refuses anything that would silently change the
amount: letters, a sign, a fraction of a rupiah, a misplaced thousands separator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ledger.errors import ValidationError

#: Above this a typed amount is treated as a slip of the keyboard (one trillion rupiah).
DEFAULT_MAXIMUM = 1_000_000_000_000

_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
# Either plain digits, or digits grouped by dots in threes; optional ",-" or ",<digits>".
_GROUPED = re.compile(r"^(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>-|\d+))?$")


def parse_rupiah(text: str, *, maximum: int = DEFAULT_MAXIMUM) -> int:
    """Parse a rupiah amount typed by a teller or read from a receipt.

    Raises:
        ValidationError: with a precise reason (empty, letters, negative, fraction, too large,
            badly grouped).
    """
    raw = text.strip()
    if not raw:
        raise ValidationError("Jumlah uang wajib diisi.", "The amount is required.")
    body = _PREFIX.sub("", raw).strip()
    if body.startswith("-") or body.startswith("(") or raw.startswith("-"):
        raise ValidationError(
            "Jumlah uang tidak boleh negatif.", "The amount must not be negative."
        )
    if body.startswith("+"):
        body = body[1:]
    if not body:
        raise ValidationError("Jumlah uang wajib diisi.", "The amount is required.")
    if re.search(r"[^\d.,\s-]", body):
        raise ValidationError(
            f"Jumlah uang hanya boleh berisi angka: {text.strip()!r}.",
            f"The amount may contain digits only: {text.strip()!r}.",
        )
    body = body.replace(" ", "")
    match = _GROUPED.match(body)
    if match is None:
        raise ValidationError(
            f"Format jumlah uang tidak dikenali: {text.strip()!r}. Contoh: 1.500.000",
            f"Unrecognised amount format: {text.strip()!r}. Example: 1.500.000",
        )
    frac = match.group("frac")
    if frac not in (None, "-") and int(frac) != 0:
        raise ValidationError(
            "Rupiah tidak mengenal pecahan sen; masukkan jumlah bulat.",
            "Rupiah amounts have no cents; enter a whole amount.",
        )
    amount = int(match.group("int").replace(".", ""))
    if amount > maximum:
        raise ValidationError(
            f"Jumlah uang terlalu besar (maksimum {format_rupiah(maximum)}).",
            f"The amount is too large (maximum {format_rupiah(maximum)}).",
        )
    return amount


def format_rupiah(amount: int) -> str:
    """``1500000`` -> ``"Rp 1.500.000"``; negative amounts as ``"-Rp 1.500"``.

    The pattern is fixed here rather than taken from locale data, so an upgrade of Babel or Qt
    can never change what a receipt prints.
    """
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"rupiah amounts are int, got {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


_DIGITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
#: The names of the groups of three digits above the units group, lowest first.
_SCALES = ("ribu", "juta", "miliar", "triliun")
#: The largest amount :func:`terbilang` spells (999 triliun ...).
TERBILANG_MAXIMUM = 1000 ** (len(_SCALES) + 1) - 1


def _group_words(n: int) -> list[str]:
    """Words of ``1 <= n <= 999`` (one group of three digits); "se-" for 100, 10 and 11."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_DIGITS[hundreds], "ratus"]
    if tens == 1:
        if units == 0:
            words.append("sepuluh")
        elif units == 1:
            words.append("sebelas")
        else:
            words += [_DIGITS[units], "belas"]
    else:
        if tens:
            words += [_DIGITS[tens], "puluh"]
        if units:
            words.append(_DIGITS[units])
    return words


def terbilang(amount: int) -> str:
    """The amount in Indonesian words, as written on receipts.

    The rules are spelled out here rather than taken from a library, so a receipt never
    depends on a third party's reading of them: groups of three digits (satuan, puluhan,
    belasan, ratusan) named ribu, juta, miliar and triliun; "se-" for seratus, sepuluh,
    sebelas, and for seribu only when the thousands group is exactly one ("satu juta seribu",
    but "seratus satu ribu" and "satu juta"); "nol" for zero; "minus" before a negative
    amount.

    >>> terbilang(1_500_000)
    'satu juta lima ratus ribu rupiah'
    >>> terbilang(1_001_000)
    'satu juta seribu rupiah'

    Raises:
        TypeError: ``amount`` is not an ``int``.
        ValueError: ``abs(amount)`` is above :data:`TERBILANG_MAXIMUM`.
    """
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"rupiah amounts are int, got {type(amount).__name__}")
    if amount < 0:
        return "minus " + terbilang(-amount)
    if amount > TERBILANG_MAXIMUM:
        raise ValueError(f"{amount} is too large to write in words")
    if amount == 0:
        return "nol rupiah"
    words: list[str] = []
    rest = amount
    for scale in ("", *_SCALES):
        rest, group = divmod(rest, 1000)
        if group == 0:
            continue
        if scale == "ribu" and group == 1:
            part = ["seribu"]
        else:
            part = [*_group_words(group), *([scale] if scale else [])]
        words = part + words
    return " ".join([*words, "rupiah"])


def split_amount(amount: int, weights: Sequence[int]) -> list[int]:
    """Split ``amount`` in proportion to ``weights`` without losing or creating a rupiah.

    Uses the largest-remainder method: every part gets its floor share, then the rupiah left over
    go one each to the parts with the largest remainders (earlier parts win ties), so the parts
    always sum to ``amount`` exactly.
    """
    if not weights:
        raise ValueError("at least one weight is needed")
    if any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError("weights must be non-negative and not all zero")
    if amount < 0:
        return [-p for p in split_amount(-amount, weights)]
    total = sum(weights)
    shares = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    left = amount - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def split_evenly(amount: int, parts: int) -> list[int]:
    """Split ``amount`` into ``parts`` near-equal integers summing exactly to ``amount``."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    return split_amount(amount, [1] * parts)
