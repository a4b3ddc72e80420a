"""Interest terms of a savings product (simpanan sukarela and its kin), and the legal rate cap.

Head office defines a savings product's interest terms; they replicate to branches. A product
either bears no interest or fixes:

* the method: *saldo terendah* (the lowest day-end balance of the month), *saldo harian* (each
  day's balance earns that day's interest) or *saldo rata-rata* (the average balance, weighted
  by the days each balance was held, or the plain average of the month's balances, as the
  ministry's own manual computes it);
* the day count: a month as 1/12 of a year, actual/365 or actual/actual (a day is 1/366 of a
  leap year);
* rate tiers by balance (the rate of the tier the balance falls in applies to the whole
  balance), as dated rate changes: a change takes effect on its date, also inside a month;
* the minimum balance below which no interest is paid;
* where rounding happens (each day, each segment of equal balance and rate, or only the month's
  total) and how (half up, down or up, to a multiple of ``rounding_unit`` rupiah; half up to the
  rupiah by default).

Rates are exact :class:`fractions.Fraction` nominal rates **per year** (``Fraction(3, 100)`` is
3 % a year; :func:`bp` builds one from basis points). No float ever touches a rate or an amount.

The nominal rate may not exceed the cap in force on the date it applies: Permenkop UKM 8/2023
Pasal 26(4) caps savings interest at 9 % a year and Pasal 26(5) lets the Minister change it, so
the cap is a dated table (:data:`DEFAULT_CAPS`, or one read from a setting with
:func:`caps_from_setting`), never a constant in the arithmetic.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ledger.errors import BusinessRuleError, ValidationError

#: Interest methods: saldo terendah, saldo harian, saldo rata-rata.
METHODS: tuple[str, ...] = ("terendah", "harian", "rata_rata")
METHOD_NAMES_ID: dict[str, str] = {
    "terendah": "saldo terendah",
    "harian": "saldo harian",
    "rata_rata": "saldo rata-rata",
}
#: How saldo rata-rata averages: by days held (default) or the plain mean of the balances.
AVERAGES: tuple[str, ...] = ("weighted", "unweighted")
#: Day counts: a month is 1/12 of a year; actual days / 365; actual days / days in the year.
DAY_COUNTS: tuple[str, ...] = ("month_12", "act_365", "act_act")
#: Where the rounding to rupiah happens.
ROUNDING_PLACES: tuple[str, ...] = ("day", "segment", "month")
#: How: half up (away from zero), down, up.
ROUNDING_MODES: tuple[str, ...] = ("half_up", "down", "up")

BP = 10_000


def bp(basis_points: int) -> Fraction:
    """A rate from basis points: ``bp(250) == Fraction(1, 40)`` (2.5 %)."""
    return Fraction(basis_points, BP)


def format_rate(rate: Fraction, decimal: str = ",") -> str:
    """``Fraction(9, 100)`` -> ``"9,00 %"`` (two decimals, half up)."""
    hundredths = (rate * 10_000 * 2 + 1) // 2
    whole, frac = divmod(int(hundredths), 100)
    return f"{whole}{decimal}{frac:02d} %"


def _bad(field_name: str, message_id: str, message_en: str) -> ValidationError:
    return ValidationError(message_id, message_en, field=field_name)


def _rate_text(rate: Fraction) -> str:
    return f"{rate.numerator}/{rate.denominator}"


def parse_rate(value: Any, field_name: str = "rate") -> Fraction:
    """A rate from its replicated form ``"3/100"`` (a :class:`Fraction` passes through).

    Raises:
        ValidationError: a float, or text that is not a fraction.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        try:
            return Fraction(value) if "/" in value else Fraction(int(value))
        except (ValueError, ZeroDivisionError):
            pass
    raise _bad(
        field_name,
        f"Suku bunga harus pecahan tepat seperti '3/100': {value!r}.",
        f"A rate is an exact fraction such as '3/100': {value!r}.",
    )


def parse_date(value: Any, field_name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _bad(
            field_name, f"Tanggal tidak sah: {value!r}.", f"Invalid date: {value!r}."
        ) from None


@dataclass(frozen=True)
class RateTier:
    """One tier: balances from ``from_balance`` up earn ``rate`` (per year) on the whole balance.

    Attributes:
        from_balance: The lowest balance of the tier, rupiah (the first tier starts at 0).
        rate: Nominal rate per year, exact.
    """

    from_balance: int
    rate: Fraction

    def __post_init__(self) -> None:
        if not isinstance(self.rate, Fraction):
            raise _bad(
                "rate",
                "Suku bunga harus pecahan tepat (Fraction), bukan float.",
                "A rate is an exact Fraction, never a float.",
            )
        if not 0 <= self.rate <= 1:
            raise _bad(
                "rate",
                "Suku bunga harus antara 0 % dan 100 % setahun.",
                "A rate is between 0 % and 100 % a year.",
            )
        if not isinstance(self.from_balance, int) or self.from_balance < 0:
            raise _bad(
                "from_balance",
                "Batas saldo tier harus rupiah bulat, tidak negatif.",
                "A tier's balance is whole rupiah, not negative.",
            )


@dataclass(frozen=True)
class RateChange:
    """The rate tiers in force from ``effective`` until the next change.

    Attributes:
        effective: The first day the tiers apply (a change may fall inside a month).
        tiers: At least one tier; the first from Rp 0, then strictly increasing balances.
    """

    effective: dt.date
    tiers: tuple[RateTier, ...]

    def __post_init__(self) -> None:
        if not self.tiers or self.tiers[0].from_balance != 0:
            raise _bad(
                "tiers",
                "Tier suku bunga pertama harus mulai dari saldo Rp 0.",
                "The first rate tier starts at a balance of Rp 0.",
            )
        starts = [t.from_balance for t in self.tiers]
        if any(b <= a for a, b in itertools.pairwise(starts)):
            raise _bad(
                "tiers",
                "Batas saldo tier harus naik berurutan.",
                "Tier balances must increase.",
            )

    def rate_for(self, balance: int | Fraction) -> Fraction:
        """The rate of the tier ``balance`` falls in."""
        rate = self.tiers[0].rate
        for tier in self.tiers[1:]:
            if balance < tier.from_balance:
                break
            rate = tier.rate
        return rate

    @property
    def highest(self) -> Fraction:
        return max(t.rate for t in self.tiers)


def flat(effective: dt.date, rate: Fraction) -> RateChange:
    """A single-tier rate change: ``rate`` on every balance from ``effective``."""
    return RateChange(effective, (RateTier(0, rate),))


@dataclass(frozen=True)
class SavingsInterestTerms:
    """How a savings product pays interest.

    Attributes:
        product_id: Stable id of the savings product.
        name: Indonesian name (``"Simpanan Sukarela"``).
        interest_bearing: False: the product pays no interest (the rest is ignored).
        method: ``"terendah"``, ``"harian"`` or ``"rata_rata"`` (see :data:`METHODS`).
        average: For ``rata_rata``: ``"weighted"`` by days held (default) or ``"unweighted"``,
            the plain mean of the balances the account held at a day's end in the month (each
            run of days at one balance counts once).
        day_count: ``"month_12"`` (a month is 1/12 of a year, whatever its days),
            ``"act_365"`` or ``"act_act"``.
        rates: Dated rate changes, in date order; before the first one no interest accrues.
        minimum_balance: Balances (for harian: days) below this earn nothing, rupiah.
        rounding_place: ``"day"``, ``"segment"`` or ``"month"`` (default: only the total).
        rounding_mode: ``"half_up"`` (default), ``"down"`` or ``"up"``.
        rounding_unit: Round to a multiple of this many rupiah (1 = to the rupiah).
    """

    product_id: str
    name: str
    interest_bearing: bool = True
    method: str = "harian"
    average: str = "weighted"
    day_count: str = "act_365"
    rates: tuple[RateChange, ...] = field(default=())
    minimum_balance: int = 0
    rounding_place: str = "month"
    rounding_mode: str = "half_up"
    rounding_unit: int = 1

    def __post_init__(self) -> None:
        check_terms(self)

    def schedule_on(self, day: dt.date) -> RateChange | None:
        """The rate change in force on ``day`` (``None`` before the first)."""
        current = None
        for change in self.rates:
            if change.effective > day:
                break
            current = change
        return current

    def to_dict(self) -> dict[str, Any]:
        """The replicated form (rates as ``"p/q"`` text, dates ISO)."""
        return {
            "product_id": self.product_id,
            "name": self.name,
            "interest_bearing": self.interest_bearing,
            "method": self.method,
            "average": self.average,
            "day_count": self.day_count,
            "rates": [
                {
                    "effective": c.effective.isoformat(),
                    "tiers": [[t.from_balance, _rate_text(t.rate)] for t in c.tiers],
                }
                for c in self.rates
            ],
            "minimum_balance": self.minimum_balance,
            "rounding_place": self.rounding_place,
            "rounding_mode": self.rounding_mode,
            "rounding_unit": self.rounding_unit,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SavingsInterestTerms:
        """Build terms from :meth:`to_dict`'s form.

        Raises:
            ValidationError: an unknown or malformed field, named.
        """
        known = {
            "product_id",
            "name",
            "interest_bearing",
            "method",
            "average",
            "day_count",
            "rates",
            "minimum_balance",
            "rounding_place",
            "rounding_mode",
            "rounding_unit",
        }
        unknown = sorted(set(data) - known)
        if unknown:
            raise _bad(
                unknown[0],
                f"Produk simpanan: kolom tidak dikenal {', '.join(unknown)}.",
                f"Savings product: unknown field(s) {', '.join(unknown)}.",
            )
        kwargs = {k: v for k, v in data.items() if k != "rates"}
        try:
            rates = tuple(
                RateChange(
                    parse_date(c["effective"], "effective"),
                    tuple(RateTier(int(b), parse_rate(r)) for b, r in c["tiers"]),
                )
                for c in data.get("rates", [])
            )
            return cls(**kwargs, rates=rates)
        except (TypeError, KeyError):
            raise _bad(
                "rates",
                "Produk simpanan: bentuk data tidak lengkap atau salah.",
                "Savings product: incomplete or malformed data.",
            ) from None


def _one_of(value: str, allowed: Sequence[str], field_name: str, label: str) -> None:
    if value not in allowed:
        raise _bad(
            field_name,
            f"{label} tidak dikenal: {value!r} ({', '.join(allowed)}).",
            f"Unknown {field_name}: {value!r} ({', '.join(allowed)}).",
        )


def check_terms(t: SavingsInterestTerms) -> None:
    """Refuse terms that make no sense (the field named, in Indonesian and English)."""
    if not t.product_id or not t.name:
        raise _bad("name", "Kode dan nama produk wajib diisi.", "Product id and name are required.")
    _one_of(t.method, METHODS, "method", "Metode bunga")
    _one_of(t.average, AVERAGES, "average", "Cara rata-rata")
    _one_of(t.day_count, DAY_COUNTS, "day_count", "Basis hari")
    _one_of(t.rounding_place, ROUNDING_PLACES, "rounding_place", "Tempat pembulatan")
    _one_of(t.rounding_mode, ROUNDING_MODES, "rounding_mode", "Cara pembulatan")
    if not isinstance(t.rounding_unit, int) or t.rounding_unit < 1:
        raise _bad(
            "rounding_unit",
            "Satuan pembulatan minimal Rp 1.",
            "The rounding unit is at least Rp 1.",
        )
    if not isinstance(t.minimum_balance, int) or t.minimum_balance < 0:
        raise _bad(
            "minimum_balance",
            "Saldo minimum berbunga tidak boleh negatif.",
            "The minimum balance for interest must not be negative.",
        )
    dates = [c.effective for c in t.rates]
    if any(b <= a for a, b in itertools.pairwise(dates)):
        raise _bad(
            "rates",
            "Perubahan suku bunga harus urut tanggal, satu per tanggal.",
            "Rate changes must be in date order, one per date.",
        )
    if t.interest_bearing and not t.rates:
        raise _bad(
            "rates",
            "Produk berbunga wajib punya suku bunga.",
            "An interest-bearing product needs a rate.",
        )


# ---------------------------------------------------------------------------------------------
# The legal cap


@dataclass(frozen=True)
class RateCap:
    """The highest nominal savings rate allowed from ``effective`` until the next cap.

    Attributes:
        effective: The first day the cap applies.
        max_rate: The cap, per year.
        source: The rule that sets it (shown in the refusal).
    """

    effective: dt.date
    max_rate: Fraction
    source: str


#: Permenkop UKM 8/2023 (ditetapkan 16 Juni 2023, diundangkan 20 Juni 2023) Pasal 26(4):
#: savings interest at most 9 % a year; Pasal 26(5): the Minister may change it.
PERMENKOP_UKM_8_2023 = RateCap(
    dt.date(2023, 6, 20), Fraction(9, 100), "Permenkop UKM 8/2023 Pasal 26 ayat (4)"
)
DEFAULT_CAPS: tuple[RateCap, ...] = (PERMENKOP_UKM_8_2023,)


def cap_on(day: dt.date, caps: Sequence[RateCap] = DEFAULT_CAPS) -> RateCap | None:
    """The cap in force on ``day`` (``None`` before the first)."""
    current = None
    for cap in sorted(caps, key=lambda c: c.effective):
        if cap.effective > day:
            break
        current = cap
    return current


def check_rate_cap(terms: SavingsInterestTerms, caps: Sequence[RateCap] = DEFAULT_CAPS) -> None:
    """Refuse terms whose nominal rate exceeds the cap in force on any day it applies.

    Both the rates and the caps are step functions of the date, so it is enough to look at
    every date either of them changes (from the first rate on).

    Raises:
        BusinessRuleError: naming the date, the rate, the cap and its source.
    """
    if not terms.interest_bearing or not terms.rates:
        return
    start = terms.rates[0].effective
    points = sorted(
        {c.effective for c in terms.rates} | {c.effective for c in caps if c.effective > start}
    )
    for day in points:
        change = terms.schedule_on(day)
        cap = cap_on(day, caps)
        if change is None or cap is None:
            continue
        if change.highest > cap.max_rate:
            raise BusinessRuleError(
                f"Suku bunga {terms.name} {format_rate(change.highest)} setahun per "
                f"{day.isoformat()} melebihi batas {format_rate(cap.max_rate)} ({cap.source}).",
                f"The {terms.name} rate of {format_rate(change.highest, '.')} a year from "
                f"{day.isoformat()} exceeds the cap of {format_rate(cap.max_rate, '.')} "
                f"({cap.source}).",
                field="rates",
            )


def caps_to_setting(caps: Sequence[RateCap]) -> str:
    """The caps as a setting's text (JSON list of ``{"effective", "max_rate", "source"}``)."""
    return json.dumps(
        [
            {
                "effective": c.effective.isoformat(),
                "max_rate": _rate_text(c.max_rate),
                "source": c.source,
            }
            for c in sorted(caps, key=lambda c: c.effective)
        ]
    )


def caps_from_setting(text: str) -> tuple[RateCap, ...]:
    """Caps from a setting's text (see :func:`caps_to_setting`); empty text: the defaults.

    Raises:
        ValidationError: malformed JSON, a date or a rate that does not parse.
    """
    if not text.strip():
        return DEFAULT_CAPS
    try:
        rows = json.loads(text)
        return tuple(
            RateCap(
                parse_date(r["effective"], "effective"),
                parse_rate(r["max_rate"], "max_rate"),
                str(r.get("source", "")),
            )
            for r in rows
        )
    except (ValueError, KeyError, TypeError):
        raise _bad(
            "rate_caps",
            "Pengaturan batas suku bunga tidak dapat dibaca.",
            "The rate cap setting cannot be read.",
        ) from None
