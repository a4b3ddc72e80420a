"""Hybrid logical clock (HLC): orders profile edits across devices whose wall clocks disagree.

A timestamp is (wall milliseconds, logical counter). It never goes backwards, even when the PC's
clock is set back; it moves forward past any timestamp it has seen, but refuses to be pulled more
than ``max_drift_ms`` ahead of the local wall clock by a remote that runs fast. The HLC orders
profile edits only; money never depends on it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ledger.errors import ValidationError

#: How far ahead of our wall clock a remote timestamp may pull us (5 minutes).
DEFAULT_MAX_DRIFT_MS = 5 * 60 * 1000


@dataclass(frozen=True, order=True)
class HlcTimestamp:
    """A point on the hybrid logical clock.

    Attributes:
        wall_ms: Milliseconds since the Unix epoch (the physical part).
        logical: Counter that orders events within the same ``wall_ms``.
    """

    wall_ms: int
    logical: int = 0

    def encode(self) -> str:
        """Fixed-width text that sorts like the timestamp itself."""
        return f"{self.wall_ms:015d}-{self.logical:06d}"

    @classmethod
    def decode(cls, text: str) -> HlcTimestamp:
        try:
            wall, logical = text.split("-")
            if len(wall) != 15 or len(logical) != 6:
                raise ValueError
            return cls(int(wall), int(logical))
        except ValueError:
            raise ValidationError(
                f"Stempel waktu HLC tidak sah: {text!r}.", f"Invalid HLC timestamp: {text!r}."
            ) from None


class HybridClock:
    """A thread-safe HLC for one device."""

    def __init__(
        self,
        now_ms: Callable[[], int] | None = None,
        *,
        max_drift_ms: int = DEFAULT_MAX_DRIFT_MS,
        last: HlcTimestamp | None = None,
    ) -> None:
        self._now = now_ms or (lambda: time.time_ns() // 1_000_000)
        self._max_drift = max_drift_ms
        self._last = last or HlcTimestamp(0, 0)
        self._lock = threading.Lock()

    @property
    def last(self) -> HlcTimestamp:
        return self._last

    def now(self) -> HlcTimestamp:
        """A new timestamp for a local event, greater than every one issued or observed."""
        with self._lock:
            wall = self._now()
            if wall > self._last.wall_ms:
                self._last = HlcTimestamp(wall, 0)
            else:
                self._last = HlcTimestamp(self._last.wall_ms, self._last.logical + 1)
            return self._last

    def clamp(self, remote: HlcTimestamp) -> HlcTimestamp:
        """``remote`` bounded to at most ``max_drift_ms`` ahead of our wall clock."""
        limit = self._now() + self._max_drift
        if remote.wall_ms > limit:
            return HlcTimestamp(limit, 0)
        return remote

    def observe(self, remote: HlcTimestamp) -> HlcTimestamp:
        """Merge a timestamp received from another device; returns the new local time.

        A remote clock running further ahead than the allowed drift only pulls us up to the limit.
        """
        with self._lock:
            wall = self._now()
            remote = self.clamp(remote)
            top = max(wall, self._last.wall_ms, remote.wall_ms)
            if top == self._last.wall_ms and top == remote.wall_ms:
                logical = max(self._last.logical, remote.logical) + 1
            elif top == self._last.wall_ms:
                logical = self._last.logical + 1
            elif top == remote.wall_ms:
                logical = remote.logical + 1
            else:
                logical = 0
            self._last = HlcTimestamp(top, logical)
            return self._last


# Bounds on time that both ends enforce ------------------------------------------------------

#: How far a device's wall clock may be from head office's before it must not post (the desktop
#: refuses) and before its stamps are kept out of every last-writer-wins merge (the server
#: quarantines a profile write stamped further ahead than this). Twelve hours: a PC set to the
#: wrong time zone still posts; a dead clock battery (year 2000, or the year 33658) never wins.
MAX_CLOCK_SKEW_MS = 12 * 3600 * 1000
#: No business date before this is plausible (a reset PC clock shows 1900, 1970 or 2000-01-01).
EARLIEST_BUSINESS_DATE = dt.date(2000, 1, 2)
#: How far past the reference date a business date may lie (the date line: WIT is UTC+9).
BUSINESS_DATE_AHEAD_DAYS = 1


class ClockError(ValidationError):
    """A clock or a date too far from head office's time."""


def check_clock(local_ms: int, reference_ms: int, *, tolerance_ms: int = MAX_CLOCK_SKEW_MS) -> None:
    """Refuse a wall clock further than ``tolerance_ms`` from ``reference_ms`` (the server's
    time as last known), with a message a teller can act on.

    Raises:
        ClockError: the clock is too far ahead or behind.
    """
    off = local_ms - reference_ms
    if abs(off) <= tolerance_ms:
        return
    hours = abs(off) // 3_600_000
    shown = f"{hours // 24} hari" if hours >= 48 else f"{hours} jam"
    shown_en = f"{hours // 24} days" if hours >= 48 else f"{hours} hours"
    where, where_en = ("lebih cepat", "ahead of") if off > 0 else ("lebih lambat", "behind")
    raise ClockError(
        f"Jam komputer ini {shown} {where} waktu server. Betulkan tanggal dan jam Windows "
        "(atau ganti baterai jam), lalu coba lagi; transaksi tidak dicatat.",
        f"This PC's clock is {shown_en} {where_en} the server's time. Correct the date and "
        "time, then try again; nothing was posted.",
        field="clock",
    )


def check_hlc_ahead(
    stamp: HlcTimestamp, reference_ms: int, *, tolerance_ms: int = MAX_CLOCK_SKEW_MS
) -> None:
    """Refuse a stamp further ahead of ``reference_ms`` than ``tolerance_ms``.

    Raises:
        ClockError: naming the stamp's year.
    """
    if stamp.wall_ms - reference_ms <= tolerance_ms:
        return
    year = 1970 + stamp.wall_ms // 31_556_952_000
    raise ClockError(
        f"Stempel waktu peristiwa (tahun {year}) jauh di depan jam server.",
        f"The event's clock stamp (year {year}) is far ahead of the server's clock.",
        field="hlc",
    )


def check_business_date(text: str, today: dt.date) -> dt.date:
    """A business date that a working clock could have produced on ``today`` (head office's
    date): not before :data:`EARLIEST_BUSINESS_DATE`, not more than a day ahead.

    Raises:
        ClockError: the date is impossible or out of bounds.
    """
    try:
        if len(text) != 10:
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ClockError(
            f"Tanggal usaha tidak sah: {text!r}.",
            f"Invalid business date: {text!r}.",
            field="business_date",
        ) from None
    if day < EARLIEST_BUSINESS_DATE or day > today + dt.timedelta(days=BUSINESS_DATE_AHEAD_DAYS):
        raise ClockError(
            f"Tanggal usaha {text} mustahil (tanggal server {today.isoformat()}); jam komputer "
            "cabang kemungkinan salah.",
            f"Business date {text} is impossible (server date {today.isoformat()}); the branch "
            "PC's clock is probably wrong.",
            field="business_date",
        )
    return day
