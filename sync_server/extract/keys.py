"""The secrets an extract needs, and where the server finds them.

Two things, neither of them in the policy file itself:

- the cooperative's **key-holder credential** (``kh.…``), which lets its server ask the key
  holder to evaluate the OPRF on blinded NIKs (:mod:`.pseudonym`); read from an environment
  variable or a file the policy names (``[keyholder] env`` / ``file``), or ``--key-env`` /
  ``--key-file`` for one run;
- the **data centre's public key** (X25519, base64), to which every pseudonym is sealed; it is
  public, so the policy carries it (``[datacentre] public_key``) and its hash covers it.

There is no shared HMAC key any more: the data centre used to hand one to every cooperative,
which let the data centre and every cooperative recover a NIK from its hash by enumeration.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from ledger.errors import LumbungError

#: ``kh.`` and 32 random bytes in URL-safe base64 are 46 characters; anything much shorter is
#: not a credential the key holder issued.
MIN_TOKEN_CHARS = 24


class ExtractKeyError(LumbungError):
    """The key-holder credential or the data centre's public key is missing or malformed."""


def load_token(*, env: str = "", file: str | Path = "") -> str:
    """The key-holder credential from ``file`` if given, else from the variable ``env``.

    Raises:
        ExtractKeyError: nothing named, the variable unset, the file unreadable, or a short
            credential.
    """
    if file:
        try:
            text = Path(file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ExtractKeyError(
                f"Kredensial pemegang kunci tidak dapat dibaca dari berkas {file} ({reason}).",
                f"Cannot read the key-holder credential from file {file} ({reason}).",
                field="key",
            ) from None
        where_id, where_en = f"berkas {file}", f"file {file}"
    elif env:
        text = os.environ.get(env, "")
        if not text.strip():
            raise ExtractKeyError(
                f"Kredensial pemegang kunci tidak ada: variabel lingkungan {env} belum diisi.",
                f"The key-holder credential is missing: environment variable {env} is not set.",
                field="key",
            )
        where_id, where_en = f"variabel {env}", f"variable {env}"
    else:
        raise ExtractKeyError(
            "Kredensial pemegang kunci tidak disebutkan: isi keyholder.env atau keyholder.file "
            "di kebijakan, atau beri --key-file / --key-env.",
            "No key-holder credential named: set keyholder.env or keyholder.file in the "
            "policy, or pass --key-file / --key-env.",
            field="key",
        )
    token = text.strip()
    if len(token) < MIN_TOKEN_CHARS:
        raise ExtractKeyError(
            f"Kredensial pemegang kunci dari {where_id} terlalu pendek ({len(token)} karakter; "
            f"minimal {MIN_TOKEN_CHARS}).",
            f"The key-holder credential from {where_en} is too short ({len(token)} characters; "
            f"at least {MIN_TOKEN_CHARS}).",
            field="key",
        )
    return token


def decode_public_key(text: str) -> bytes | None:
    """The 32 bytes of a base64 X25519 public key, or None if it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None
