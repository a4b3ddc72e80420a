"""The data centre's side: its key pair, and opening the pseudonyms of the extracts it receives.

    python -m sync_server.extract.datacentre keygen --secret-key dc.key   # prints the public key
    python -m sync_server.extract.datacentre open extract.json --secret-key dc.key [--out F]

``open`` replaces each sealed ``nik_pseudonym`` with the pseudonym itself (64 hex): the value
that is equal for the same person across every cooperative's extract, and that the data centre
cannot turn back into a NIK because it does not hold the key holder's key.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

from ledger.errors import LumbungError

COLUMN = "nik_pseudonym"


def keygen(secret_key_file: str | Path) -> str:
    """Write a new secret key (mode 0600, never overwriting) and return the public key."""
    key = PrivateKey.generate()
    fd = os.open(secret_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(base64.b64encode(bytes(key)).decode("ascii") + "\n")
    return base64.b64encode(bytes(key.public_key)).decode("ascii")


def read_secret_key(path: str | Path) -> PrivateKey:
    return PrivateKey(base64.b64decode(Path(path).read_text("ascii").strip()))


def open_pseudonym(secret_key: PrivateKey, sealed: str) -> str:
    """The pseudonym (64 hex) inside a sealed value.

    Raises:
        LumbungError: not sealed to this key, or not a sealed value.
    """
    try:
        return SealedBox(secret_key).decrypt(base64.b64decode(sealed, validate=True)).hex()
    except (CryptoError, binascii.Error, ValueError):
        raise LumbungError(
            "Nilai pseudonim tidak dapat dibuka dengan kunci ini.",
            "A pseudonym value does not open with this key.",
        ) from None


def open_document(secret_key: PrivateKey, doc: dict[str, Any]) -> dict[str, Any]:
    """An extract's JSON document with every member's pseudonym opened."""
    members = [
        {**row, COLUMN: open_pseudonym(secret_key, row[COLUMN])} if row.get(COLUMN) else row
        for row in doc.get("members", [])
    ]
    return {**doc, "members": members}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sync_server.extract.datacentre")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("keygen", help="new key pair; prints the public key for the policy")
    p.add_argument("--secret-key", required=True)
    p = sub.add_parser("open", help="open the pseudonyms of a JSON extract")
    p.add_argument("extract")
    p.add_argument("--secret-key", required=True)
    p.add_argument("--out", help="write here instead of standard output")
    args = parser.parse_args(argv)
    try:
        if args.command == "keygen":
            print(keygen(args.secret_key))
            return 0
        doc = json.loads(Path(args.extract).read_bytes())
        text = json.dumps(open_document(read_secret_key(args.secret_key), doc), indent=1)
        if args.out:
            Path(args.out).write_text(text + "\n", "utf-8")
        else:
            print(text)
    except FileExistsError:
        print(f"error: {args.secret_key} exists; a key is never overwritten", file=sys.stderr)
        return 1
    except LumbungError as exc:
        print(f"error: {exc.message_en}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
