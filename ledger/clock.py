"""Hybrid logical clock (HLC): orders profile edits across devices whose wall clocks disagree.

A timestamp is (wall milliseconds, logical counter). It never goes backwards, even when the PC's
clock is set back; it moves forward past any timestamp it has seen, but refuses to be pulled more
than ``max_drift_ms`` ahead of the local wall clock by a remote that runs fast. The HLC orders
profile edits only; money never depends on it.
"""

from __future__ import annotations

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
