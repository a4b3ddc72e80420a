"""Rate limits on failures: wrong enrolment codes and unknown device tokens, per client address.

Guessing a code or a token takes many failures; a working device has none. So only failures are
counted (a moving window per address, from the ``limits`` library), and an address over its
limit is answered 429 ``rate_limited`` with ``Retry-After`` *before* its next attempt is even
checked. Counters live in the process: with ``--workers N`` each worker counts on its own.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from sync_server.errors import ServiceError


class FailureLimit:
    """At most ``per_minute`` failures per key in any minute (``0``: no limit)."""

    def __init__(self, name: str, per_minute: int) -> None:
        self.name = name
        self.item = RateLimitItemPerMinute(per_minute) if per_minute > 0 else None
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, key: str) -> None:
        """Refuse ``key`` while it is over the limit.

        Raises:
            ServiceError: 429 ``rate_limited`` with ``retry_after`` (also sent as the header).
        """
        if self.item is None or self.limiter.test(self.item, self.name, key):
            return
        reset, _ = self.limiter.get_window_stats(self.item, self.name, key)
        wait = max(1, math.ceil(reset - time.time()))
        raise ServiceError(
            429,
            "rate_limited",
            f"Terlalu banyak percobaan yang gagal dari alamat ini; coba lagi dalam {wait} detik.",
            f"Too many failed attempts from this address; try again in {wait} seconds.",
            retry_after=wait,
        )

    def failed(self, key: str) -> None:
        if self.item is not None:
            self.limiter.hit(self.item, self.name, key)
