"""``lumbung-server extract`` and ``lumbung-server datacentre``.

    lumbung-server extract --policy FILE --out FILE [--format json|csv] [--table members|aggregates]
                           [--key-file PATH | --key-env NAME] [--keyholder URL]
    lumbung-server extract --dry-run [--preview N]      review what would be sent

``--key-file`` / ``--key-env`` name where this cooperative's key-holder credential is (the
names are kept from the time it was an HMAC key). The key holder itself runs elsewhere:
``python -m sync_server.extract.keyholder`` (:mod:`.keyholder`).
    lumbung-server datacentre issue NAME                a token for GET /v1/extract (shown once)
    lumbung-server datacentre revoke NAME | list | log

:func:`add_commands` hangs these under the server CLI's parser; handlers take
``(args, db, settings)`` like the server's own.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sync_server.config import Settings
from sync_server.extract import store
from sync_server.extract.build import FORMATS, TABLES, format_for
from sync_server.extract.policy import load_policy
from sync_server.extract.preview import summary
from sync_server.extract.service import policy_path, prepare, run_extract
from sync_server.store.db import Database

Handler = Callable[[argparse.Namespace, Database, Settings], int]
Command = Callable[[Any, str, Handler, str], argparse.ArgumentParser]


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def _print_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    if not rows:
        print("(none)")
        return
    cells = [["" if r.get(c) is None else str(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def cmd_extract(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    policy_file = policy_path(args.policy, settings.extract_policy)
    if args.dry_run:
        policy = load_policy(policy_file)
        extract = prepare(
            db,
            policy,
            key_env=args.key_env or "",
            key_file=args.key_file or "",
            keyholder_url=args.keyholder or "",
        )
        print(summary(extract, policy, args.preview))
        return 0
    if not args.out:
        print("error: --out FILE is required (or use --dry-run)", file=sys.stderr)
        return 2
    fmt = format_for(args.out, args.format)
    out = run_extract(
        db,
        policy_file=policy_file,
        fmt=fmt,
        table=args.table,
        who=_who(),
        channel="cli",
        key_env=args.key_env or "",
        key_file=args.key_file or "",
        keyholder_url=args.keyholder or "",
    )
    target = Path(args.out)
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(out.data)
    os.replace(tmp, target)  # never leave half an extract under the real name
    rows = out.extract.row_count(args.table if fmt == "csv" else None)
    print(
        f"extract written: {target} ({fmt}, {out.extract.member_count} members, {rows} rows; "
        f"policy {out.extract.policy_sha256[:12]}…; log #{out.log_id})"
    )
    return 0


def cmd_issue(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    token = store.issue_credential(db, args.name)
    print(f"data-centre credential {args.name}: {token}")
    print("shown once; it reads GET /v1/extract and nothing else")
    return 0


def cmd_revoke(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    if not store.revoke_credential(db, args.name):
        print(f"error: no active data-centre credential {args.name}", file=sys.stderr)
        return 1
    print(f"data-centre credential {args.name} revoked")
    return 0


def cmd_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    _print_table(store.list_credentials(db), ("name", "created_at", "revoked_at"))
    return 0


def cmd_log(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    columns = ("log_id", "at", "who", "channel", "format", "table_name", "row_count", "members")
    rows = store.list_extracts(db, args.limit)
    for row in rows:
        row["policy"] = row["policy_sha256"][:12]
    _print_table(rows, (*columns, "policy"))
    return 0


def add_commands(commands: Any, command: Command) -> None:
    """Register ``extract`` and ``datacentre`` on the server CLI's subparsers."""
    p = command(commands, "extract", cmd_extract, "membership extract for the data centre")
    p.add_argument("--policy", help="policy file (default: setting extract_policy, else built-in)")
    p.add_argument("--out", help="output file; .json or .csv chooses the format")
    p.add_argument("--format", choices=FORMATS, help="json (both tables) or csv (one table)")
    p.add_argument("--table", choices=TABLES, default="members", help="csv: which table")
    p.add_argument("--key-file", help="file holding this cooperative's key-holder credential")
    p.add_argument("--key-env", help="environment variable holding the key-holder credential")
    p.add_argument("--keyholder", help="the key holder's address (default: the policy's)")
    p.add_argument("--dry-run", action="store_true", help="summary and preview; write nothing")
    p.add_argument("--preview", type=int, default=5, help="rows shown by --dry-run")

    dc = commands.add_parser("datacentre", help="data-centre credentials").add_subparsers(
        dest="action", required=True
    )
    p = command(dc, "issue", cmd_issue, "issue a token that can only read the extract")
    p.add_argument("name")
    p = command(dc, "revoke", cmd_revoke, "revoke a data-centre token")
    p.add_argument("name")
    command(dc, "list", cmd_list, "list data-centre credentials")
    p = command(dc, "log", cmd_log, "show the extract log, newest first")
    p.add_argument("--limit", type=int, default=50)
