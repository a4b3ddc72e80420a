"""The HMAC key the data centre provides, and the keyed hash of a NIK.

The same key at every cooperative makes the same person's hash equal across their extracts,
so the data centre can count people who are members of several cooperatives without ever
receiving a NIK. The construction is spelled out so the data centre can reproduce it:

    nik_hash = lowercase hex of HMAC-SHA256(key, the 16 ASCII digits of the NIK)

where ``key`` is the UTF-8 bytes of the key text with surrounding whitespace removed (a key
file may end with a newline).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from ledger.errors import LumbungError

#: A shorter key could be guessed; NIKs themselves are few enough to enumerate, so the key is
#: the only secret standing between a hash and the NIK behind it.
MIN_KEY_BYTES = 32


class ExtractKeyError(LumbungError):
    """The HMAC key is missing, unreadable or too short."""


def load_key(*, env: str = "", file: str | Path = "") -> bytes:
    """Read the key from ``file`` if given, else from the environment variable ``env``.

    Raises:
        ExtractKeyError: nothing named, the variable unset, the file unreadable, or a short key.
    """
    if file:
        try:
            text = Path(file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ExtractKeyError(
                f"Kunci HMAC pusat data tidak dapat dibaca dari berkas {file} ({reason}).",
                f"Cannot read the data centre's HMAC key from file {file} ({reason}).",
                field="key",
            ) from None
        where_id, where_en = f"berkas {file}", f"file {file}"
    elif env:
        text = os.environ.get(env, "")
        if not text.strip():
            raise ExtractKeyError(
                f"Kunci HMAC pusat data tidak ada: variabel lingkungan {env} belum diisi.",
                f"The data centre's HMAC key is missing: environment variable {env} is not set.",
                field="key",
            )
        where_id, where_en = f"variabel {env}", f"variable {env}"
    else:
        raise ExtractKeyError(
            "Kunci HMAC pusat data tidak disebutkan: isi key.env atau key.file di kebijakan, "
            "atau beri --key-file / --key-env.",
            "No HMAC key named: set key.env or key.file in the policy, "
            "or pass --key-file / --key-env.",
            field="key",
        )
    key = text.strip().encode("utf-8")
    if len(key) < MIN_KEY_BYTES:
        raise ExtractKeyError(
            f"Kunci HMAC dari {where_id} terlalu pendek ({len(key)} bita; minimal "
            f"{MIN_KEY_BYTES}).",
            f"The HMAC key from {where_en} is too short ({len(key)} bytes; at least "
            f"{MIN_KEY_BYTES}).",
            field="key",
        )
    return key


def nik_hash(key: bytes, nik: str) -> str:
    """The keyed hash of a NIK (spaces removed first, as a teller may have typed them)."""
    digits = "".join(nik.split())
    return hmac.new(key, digits.encode("utf-8"), hashlib.sha256).hexdigest()
