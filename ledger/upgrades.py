"""Schema upgrades: events written by older app versions are lifted, never refused.

A branch can be offline for weeks and then upgrade its app; its pending money must still be
accepted. Each step takes a payload of version ``n`` to ``n + 1``. Upgrading happens on read;
the stored bytes (and their hash) are never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ledger.errors import ValidationError
from ledger.events import PAYLOAD_TYPES

Step = Callable[[dict[str, Any]], dict[str, Any]]

#: The oldest schema version accepted per type (the support window); older is refused.
OLDEST_SUPPORTED: dict[str, int] = {}

_STEPS: dict[tuple[str, int], Step] = {}


def upgrade_step(event_type: str, from_version: int) -> Callable[[Step], Step]:
    def register(step: Step) -> Step:
        _STEPS[(event_type, from_version)] = step
        return step

    return register


@upgrade_step("SavingsDeposited", 1)
@upgrade_step("SavingsWithdrawn", 1)
def _cash_channel(payload: dict[str, Any]) -> dict[str, Any]:
    # Version 1 predates transfers: every savings movement was cash.
    return {**payload, "channel": "cash"}


@upgrade_step("DayClosed", 1)
def _day_report(payload: dict[str, Any]) -> dict[str, Any]:
    # Version 1 closed the day without reporting a digest to head office.
    return {**payload, "digest": "", "events": 0}


@upgrade_step("DayClosed", 2)
def _digest_version(payload: dict[str, Any]) -> dict[str, Any]:
    # Version 2 reported a digest of version 1 (reversals counted at Rp 0).
    return {**payload, "digest_version": 1}


def upgrade_payload(event_type: str, version: int, payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` written at ``version``, as the current schema version.

    Raises:
        ValidationError: unknown type, a version newer than this app knows, or older than the
            support window.
    """
    cls = PAYLOAD_TYPES.get(event_type)
    if cls is None:
        raise ValidationError(
            f"Jenis peristiwa tidak dikenal: {event_type!r}.",
            f"Unknown event type: {event_type!r}.",
        )
    if version > cls.VERSION:
        raise ValidationError(
            f"{event_type} versi {version} lebih baru dari aplikasi ini; perbarui aplikasi.",
            f"{event_type} version {version} is newer than this app; please update.",
        )
    if version < OLDEST_SUPPORTED.get(event_type, 1):
        raise ValidationError(
            f"{event_type} versi {version} sudah tidak didukung.",
            f"{event_type} version {version} is no longer supported.",
        )
    data = dict(payload)
    for v in range(version, cls.VERSION):
        data = _STEPS[(event_type, v)](data)
    return data
