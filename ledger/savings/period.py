"""Calendar months, the unit a cooperative's interest and dues are counted in."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ledger.errors import ValidationError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month.

    Attributes:
        year: The year (``2026``).
        month: The month, 1 to 12.
    """

    year: int
    month: int

    def __post_init__(self) -> None:
        if not (1 <= self.month <= 12 and 1900 <= self.year <= 9999):
            raise ValidationError(
                f"Bulan tidak sah: {self.year}-{self.month}.",
                f"Invalid month: {self.year}-{self.month}.",
                field="month",
            )

    @classmethod
    def parse(cls, text: str) -> Month:
        """``"2026-11"`` -> ``Month(2026, 11)``.

        Raises:
            ValidationError: not ``YYYY-MM``.
        """
        match = _MONTH.match(text)
        if match is None:
            raise ValidationError(
                f"Bulan harus berbentuk TTTT-BB: {text!r}.",
                f"A month is written YYYY-MM: {text!r}.",
                field="month",
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, self.days)

    @property
    def year_days(self) -> int:
        """Days in this month's year (365 or 366)."""
        return 366 if calendar.isleap(self.year) else 365

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def until(self, last: Month) -> list[Month]:
        """This month through ``last``, inclusive (empty if ``last`` is earlier)."""
        months: list[Month] = []
        m = self
        while m <= last:
            months.append(m)
            m = m.next()
        return months

    def months_to(self, other: Month) -> int:
        """How many months from this one to ``other`` (0 for the same month)."""
        return (other.year - self.year) * 12 + other.month - self.month
