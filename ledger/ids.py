"""UUIDv7 identifiers: time-ordered, so new events sort last in an index, yet random enough
that two offline devices never collide. An id is an identity, never a timestamp to reason with."""

from __future__ import annotations

import os
import threading
import time
import uuid


class Uuid7Generator:
    """Makes strictly increasing UUIDv7s (RFC 9562) for one process.

    Within one millisecond, or when the wall clock steps back, the 74 random bits are
    incremented rather than redrawn, so every id is greater than the one before.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = 0
        self._last_rand = 0

    def __call__(self, now_ms: int | None = None) -> str:
        with self._lock:
            ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
            if ms <= self._last_ms:
                ms = self._last_ms
                rand = self._last_rand + 1
            else:
                rand = int.from_bytes(os.urandom(10), "big") >> 6  # 74 bits
            rand &= (1 << 74) - 1
            self._last_ms, self._last_rand = ms, rand
        rand_a = rand >> 62  # 12 bits
        rand_b = rand & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
        return str(uuid.UUID(int=value))


_default = Uuid7Generator()


def uuid7(now_ms: int | None = None) -> str:
    """A new UUIDv7 as a lowercase string, from the process-wide generator."""
    return _default(now_ms)


def uuid7_time_ms(value: str) -> int:
    """The millisecond timestamp inside a UUIDv7 (for diagnostics only)."""
    return uuid.UUID(value).int >> 80


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return True
