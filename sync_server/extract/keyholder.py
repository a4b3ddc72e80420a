"""The key holder: the one party that holds the OPRF key, and what it serves.

It runs apart from the cooperatives' servers and from the data centre (its own machine, its
own operator, its own key file), and answers one question: given blinded group elements, it
returns each multiplied by its key (:func:`sync_server.extract.oprf.evaluate`). It never sees
a NIK, a pseudonym or an extract, and keeps no record of the elements it was sent: only, per
credential, how many it evaluated when (for the quota).

    python -m sync_server.extract.keyholder init  --key-file /etc/lumbung-kh/oprf.key
    python -m sync_server.extract.keyholder issue KSP-SEJAHTERA --quota 20000 --state kh.sqlite3
    python -m sync_server.extract.keyholder revoke KSP-SEJAHTERA --state kh.sqlite3
    python -m sync_server.extract.keyholder list --state kh.sqlite3
    python -m sync_server.extract.keyholder serve --key-file … --state … [--host H] [--port P]

Credentials go to cooperatives only, never to the data centre: whoever can ask the key holder
can compute the pseudonym of a NIK they guess, so the quota (evaluations per credential per
rolling window, sized to the cooperative's register) is what bounds a cooperative that tries
to enumerate, and the data centre, which holds the pseudonyms, has no way to ask at all.

HTTP API (JSON):

    POST /v1/evaluate   Authorization: Bearer kh.…   {"elements": ["<64 hex>", …]}  (≤ 1000)
      200 {"evaluated": ["<64 hex>", …], "proof": "<128 hex>"}   401 unknown/revoked
      422 invalid element   429 over quota (nothing evaluated)
    GET /health

``proof`` shows that every answer used the key behind the key holder's public key
(:func:`sync_server.extract.oprf.prove`); ``init`` and ``public-key`` print that public key,
which cooperatives pin in their policy (``[keyholder] verify_key``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl import bindings as sodium

from ledger.errors import LumbungError
from sync_server.extract import oprf

TOKEN_PREFIX = "kh."
MAX_BATCH = 1000
DEFAULT_WINDOW_DAYS = 30


class KeyHolderError(LumbungError):
    """A refused request or a bad key file.

    Attributes:
        status: The HTTP status it answers with.
        code: Machine-readable code.
    """

    def __init__(self, status: int, code: str, message_id: str, message_en: str) -> None:
        super().__init__(message_id, message_en)
        self.status = status
        self.code = code


def write_key_file(path: str | Path) -> None:
    """Create a new key file (hex scalar, mode 0600). Refuses to overwrite one.

    Raises:
        KeyHolderError: the file exists.
    """
    target = Path(path)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyHolderError(
            409,
            "key_exists",
            f"Berkas kunci {target} sudah ada; kunci lama tidak ditimpa.",
            f"Key file {target} already exists; an existing key is never overwritten.",
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(oprf.new_key().hex() + "\n")


def read_key_file(path: str | Path) -> bytes:
    """The key from a key file: 32 bytes, a canonical non-zero scalar.

    Raises:
        KeyHolderError: unreadable or not a valid key.
    """
    try:
        key = bytes.fromhex(Path(path).read_text("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        key = b""
    canonical = len(key) == oprf.SCALAR_BYTES and (
        sodium.crypto_core_ed25519_scalar_reduce(key + bytes(32)) == key
    )
    if not canonical or not any(key):
        raise KeyHolderError(
            500,
            "bad_key",
            f"Berkas kunci {path} tidak terbaca atau bukan kunci OPRF yang sah.",
            f"Key file {path} is unreadable or not a valid OPRF key.",
        )
    return key


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Credential:
    name: str
    quota: int
    window_days: int


class State:
    """Credentials and usage, in a small SQLite file of the key holder's own."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        with closing(self._connect()) as conn, conn:
            conn.executescript(
                """
                CREATE TABLE IF NOT EXISTS credentials (
                    name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
                    quota INTEGER NOT NULL, window_days INTEGER NOT NULL,
                    created_at REAL NOT NULL, revoked_at REAL);
                CREATE TABLE IF NOT EXISTS usage (
                    name TEXT NOT NULL, at REAL NOT NULL, count INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS usage_name_at ON usage (name, at);
                """
            )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30)
        # WAL with NORMAL sync: a power cut may forget the last few usage rows (a little
        # quota given back), never corrupt the file; every batch does not wait for a flush.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def issue(self, name: str, quota: int, window_days: int = DEFAULT_WINDOW_DAYS) -> str:
        """A new credential (token shown once; only its hash is kept)."""
        if not name.strip() or quota < 1 or window_days < 1:
            raise KeyHolderError(
                422,
                "invalid",
                "Nama, kuota (≥ 1) dan jendela (≥ 1 hari) wajib diisi.",
                "A name, a quota (≥ 1) and a window (≥ 1 day) are required.",
            )
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with closing(self._connect()) as conn, conn:
            try:
                conn.execute(
                    "INSERT INTO credentials VALUES (?, ?, ?, ?, ?, NULL)",
                    (name.strip(), _digest(token), quota, window_days, time.time()),
                )
            except sqlite3.IntegrityError:
                raise KeyHolderError(
                    409,
                    "exists",
                    f"Kredensial '{name}' sudah ada.",
                    f"Credential '{name}' already exists.",
                ) from None
        return token

    def revoke(self, name: str) -> bool:
        with closing(self._connect()) as conn, conn:
            done = conn.execute(
                "UPDATE credentials SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                (time.time(), name),
            ).rowcount
        return bool(done)

    def list(self) -> list[dict[str, Any]]:
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT name, quota, window_days, revoked_at FROM credentials ORDER BY name"
            ).fetchall()
        return [
            {"name": n, "quota": q, "window_days": w, "used": self.used(n, w), "revoked": r}
            for n, q, w, r in rows
        ]

    def find(self, token: str) -> Credential | None:
        with closing(self._connect()) as conn:
            row = conn.execute(
                "SELECT name, quota, window_days FROM credentials "
                "WHERE token_hash = ? AND revoked_at IS NULL",
                (_digest(token),),
            ).fetchone()
        return Credential(*row) if row else None

    def used(self, name: str, window_days: int) -> int:
        since = time.time() - window_days * 86400
        with closing(self._connect()) as conn:
            (used,) = conn.execute(
                "SELECT COALESCE(SUM(count), 0) FROM usage WHERE name = ? AND at > ?",
                (name, since),
            ).fetchone()
        return int(used)

    def charge(self, credential: Credential, count: int) -> None:
        """Count ``count`` evaluations against the quota, or refuse them all (429)."""
        with self._lock:
            used = self.used(credential.name, credential.window_days)
            if used + count > credential.quota:
                raise KeyHolderError(
                    429,
                    "quota_exceeded",
                    f"Kuota habis: {used} dari {credential.quota} evaluasi dalam "
                    f"{credential.window_days} hari terakhir.",
                    f"Quota exceeded: {used} of {credential.quota} evaluations used in the "
                    f"last {credential.window_days} days.",
                )
            with closing(self._connect()) as conn, conn:
                conn.execute(
                    "INSERT INTO usage VALUES (?, ?, ?)", (credential.name, time.time(), count)
                )


class KeyHolder:
    """The key and the state, and the one operation.

    Attributes:
        observer: Called with every batch of elements received (tests use it to record the
            key holder's whole view; in service it is None).
    """

    def __init__(
        self,
        key: bytes,
        state: State,
        observer: Callable[[str, list[bytes]], None] | None = None,
    ) -> None:
        self._key = key
        self.state = state
        self.observer = observer

    def evaluate_batch(self, token: str, elements: Sequence[bytes]) -> tuple[list[bytes], bytes]:
        """``k·B`` for each element, for a live credential within its quota, and the proof.

        Raises:
            KeyHolderError: 401 bad credential, 422 bad batch or element, 429 over quota.
        """
        credential = self.state.find(token) if token.startswith(TOKEN_PREFIX) else None
        if credential is None:
            raise KeyHolderError(
                401,
                "unauthorized",
                "Kredensial pemegang kunci tidak dikenal atau sudah dicabut.",
                "Unknown or revoked key-holder credential.",
            )
        if not 0 < len(elements) <= MAX_BATCH:
            raise KeyHolderError(
                422,
                "invalid",
                f"Satu permintaan memuat 1–{MAX_BATCH} elemen.",
                f"A request holds 1–{MAX_BATCH} elements.",
            )
        if not all(oprf.is_valid_element(e) for e in elements):
            raise KeyHolderError(
                422,
                "invalid_element",
                "Elemen grup tidak sah.",
                "Invalid group element.",
            )
        self.state.charge(credential, len(elements))
        if self.observer is not None:
            self.observer(credential.name, list(elements))
        evaluated = [oprf.evaluate(self._key, e) for e in elements]
        return evaluated, oprf.prove(self._key, list(elements), evaluated)


def create_app(holder: KeyHolder) -> Any:
    """The key holder's web app (FastAPI)."""
    from fastapi import FastAPI, Header, Request
    from fastapi.responses import JSONResponse

    app = FastAPI(title="Lumbung OPRF key holder", docs_url=None, redoc_url=None)

    @app.exception_handler(KeyHolderError)
    async def refused(request: Request, exc: KeyHolderError) -> JSONResponse:
        body = {"code": exc.code, "detail": exc.message_en, "detail_id": exc.message_id}
        return JSONResponse(body, status_code=exc.status)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/evaluate")
    def evaluate(body: dict[str, Any], authorization: str | None = Header(None)) -> Any:
        scheme, _, token = (authorization or "").partition(" ")
        raw = body.get("elements")
        try:
            elements = [bytes.fromhex(e) for e in raw] if isinstance(raw, list) else []
        except (TypeError, ValueError):
            elements = [b""]
        evaluated, proof = holder.evaluate_batch(
            token.strip() if scheme.lower() == "bearer" else "", elements
        )
        return {"evaluated": [e.hex() for e in evaluated], "proof": proof.hex()}

    return app


def _public_b64(key_file: str) -> str:
    return base64.b64encode(oprf.public_key(read_key_file(key_file))).decode("ascii")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sync_server.extract.keyholder", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="create a new key file (never overwrites)")
    p.add_argument("--key-file", required=True)
    p = sub.add_parser("public-key", help="print the public key cooperatives pin")
    p.add_argument("--key-file", required=True)
    for name, text in (("issue", "issue a cooperative credential"), ("revoke", "revoke one")):
        p = sub.add_parser(name, help=text)
        p.add_argument("name")
        p.add_argument("--state", required=True, help="the key holder's state file (SQLite)")
        if name == "issue":
            p.add_argument("--quota", type=int, required=True, help="evaluations per window")
            p.add_argument("--window-days", type=int, default=DEFAULT_WINDOW_DAYS)
    p = sub.add_parser("list", help="list credentials and their use")
    p.add_argument("--state", required=True)
    p = sub.add_parser("serve", help="serve POST /v1/evaluate")
    p.add_argument("--key-file", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8790)
    args = parser.parse_args(argv)
    try:
        if args.command == "init":
            write_key_file(args.key_file)
            print(f"key written: {args.key_file} (mode 0600; back it up offline)")
            print(f"public key (keyholder.verify_key): {_public_b64(args.key_file)}")
        elif args.command == "public-key":
            print(_public_b64(args.key_file))
        elif args.command == "issue":
            token = State(args.state).issue(args.name, args.quota, args.window_days)
            print(f"key-holder credential {args.name}: {token}")
            print(f"shown once; {args.quota} evaluations per {args.window_days} days")
        elif args.command == "revoke":
            if not State(args.state).revoke(args.name):
                print(f"error: no active credential {args.name}", file=sys.stderr)
                return 1
            print(f"credential {args.name} revoked")
        elif args.command == "list":
            for row in State(args.state).list():
                revoked = " revoked" if row["revoked"] else ""
                print(f"{row['name']}  {row['used']}/{row['quota']} per {row['window_days']}d"
                      f"{revoked}")  # fmt: skip
        else:
            import uvicorn

            holder = KeyHolder(read_key_file(args.key_file), State(args.state))
            uvicorn.run(create_app(holder), host=args.host, port=args.port, log_level="warning")
    except LumbungError as exc:
        print(f"error: {exc.message_en}\n       {exc.message_id}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
