"""Canonical JSON: the one byte encoding of an event that every platform agrees on.

Keys sorted, no whitespace, UTF-8 without escaping, integers only (a float in an event is a bug:
money is ``int`` rupiah and nothing else needs fractions). The hash chain is computed over these
bytes, so they must never depend on dict order, platform or Python version.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

#: Exact types that need no further look (subclasses take the full walk below).
_LEAF_TYPES = frozenset((str, int, bool, type(None)))


def _check(value: Any, path: str) -> None:
    if isinstance(value, float):
        raise TypeError(f"floats are not allowed in events ({path})")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"object keys must be strings ({path})")
            # Plain scalars are skipped without building their path text: most of an event
            # is scalars, and this runs on every event made (a quarter of making one).
            if type(item) not in _LEAF_TYPES:
                _check(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            if type(item) not in _LEAF_TYPES:
                _check(item, f"{path}[{i}]")
    elif value is not None and not isinstance(value, str | int | bool):
        raise TypeError(f"{type(value).__name__} is not allowed in events ({path})")


def canonical_json(value: Any) -> bytes:
    """Encode ``value`` canonically (see module docstring)."""
    _check(value, "$")
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
