"""``lumbung-server``: run the sync server and administer the central ledger.

    lumbung-server init
    lumbung-server serve [--host H] [--port P] [--database-url URL]
    lumbung-server branch add BR01 --name "Cabang Ubud" | branch list
    lumbung-server device enroll --branch BR01 | device revoke DEVICE_ID | device list
    lumbung-server device replace DEVICE_ID   (a code for a new PC restored from its backup)
    lumbung-server device renumber DEVICE_ID [--number N]   (resolve a device-number clash)
    lumbung-server user add ayu --name "Ayu Lestari" --role teller --branch BR01
    lumbung-server user disable ayu | user reset-password ayu | user list
    lumbung-server console-user add siti --name "Siti Rahma" --role admin   (web console)
    lumbung-server setting set teller_limit 10000000 [--branch BR01] | setting list
    lumbung-server loan-product define product.json [--inactive] | loan-product list [--json]
    lumbung-server review list [--all] | review resolve CASE_ID --resolution TEXT
    lumbung-server alarm list
    lumbung-server backup [FILE] | restore FILE --yes   (verified; a restore gives a new identity)
    lumbung-server recon list [--date YYYY-MM-DD] [--branch BR01] [--status mismatch] [--json]
    lumbung-server report trial-balance|journal|teller-cash|savings|loans|statement|recon
        [--date D] [--branch BR01] [--member NO --from D] [--format text|csv|pdf] [--out FILE]

``--database-url`` and ``--config`` work before or after the command. Passwords are asked twice
on the terminal, or read from standard input with ``--password-stdin`` (scripts).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ledger.errors import LumbungError
from sync_server import admin, enrolment, loan_products, numbering, recon
from sync_server.config import Settings
from sync_server.extract import cli as extract_cli
from sync_server.store.db import Database, StoreError

Handler = Callable[[argparse.Namespace, Database, Settings], int]


def _print_rows(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    if not rows:
        print("(none)")
        return
    cells = [[str(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise LumbungError("Kata sandi tidak sama.", "Passwords do not match.")
    return first


def _actor() -> str:
    return "admin-cli"


# --- commands ------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    changed = admin.init(db)
    print(f"database ready ({'migrated' if changed else 'up to date'}): {db.url}")
    return 0


def cmd_serve(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    import uvicorn  # only the serve command needs the web stack

    from sync_server.app import create_app, tune_gc

    admin.init(db)  # a fresh database is initialised on first start
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
    }
    if settings.workers > 1:
        # Worker processes build their own app from the environment; the database's single
        # writer (file lock + BEGIN IMMEDIATE, or FOR UPDATE) spans processes.
        db.dispose()
        os.environ.update(settings.to_environment())
        uvicorn.run(
            "sync_server.app:app_from_environment",
            factory=True,
            workers=settings.workers,
            **options,
        )
        return 0
    app = create_app(settings, db=db)
    tune_gc()
    uvicorn.run(app, **options)
    return 0


def cmd_backup(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    from sync_server import backup

    suffix = ".sqlite3" if db.dialect == "sqlite" else ".pgdump"
    dest = Path(args.dest) if args.dest else (
        Path(settings.data_dir) / "backups" / (backup.default_name() + suffix)
    )  # fmt: skip
    info = backup.backup(db, dest)
    print(f"backup verified: {info.path} (last global sequence {info.last_seq})")
    return 0


def cmd_restore(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    from sync_server import backup

    if not args.yes:
        print(
            "error: a restore replaces the central ledger with the backup; every branch then "
            "re-sends what the backup lacks. Stop the server first and repeat with --yes.",
            file=sys.stderr,
        )
        return 2
    epoch, base = backup.restore(db, Path(args.source))
    print(
        f"restored {args.source}: the database holds global sequences up to {base}; "
        f"new identity {epoch}. Start the server: branches re-send what is missing."
    )
    return 0


def cmd_branch_add(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    admin.add_branch(db, args.branch_id, args.name or "")
    print(f"branch {args.branch_id} added")
    return 0


def cmd_branch_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    _print_rows(admin.list_branches(db), ("branch_id", "name", "devices", "created_at"))
    return 0


def cmd_device_enroll(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    hours = args.hours or settings.enrol_code_hours
    code, expires = enrolment.issue_code(db, args.branch, hours)
    print(f"enrolment code for {args.branch}: {code}")
    print(f"valid once, until {expires.isoformat()} (UTC)")
    return 0


def cmd_device_replace(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    hours = args.hours or settings.enrol_code_hours
    done = enrolment.issue_rekey_code(db, args.device_id, hours)
    print(
        f"device {done.device_id}: branch {done.branch_id}, {done.name or '(no name)'}, "
        f"{done.status}, head office holds its transactions up to {done.last_seq}"
    )
    print(f"replacement code for {done.device_id}: {done.code}")
    print(f"valid once, for this device only, until {done.expires.isoformat()} (UTC)")
    print("the new PC restores the old PC's backup with this code; the old PC's token then stops")
    return 0


def cmd_device_revoke(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    if not enrolment.revoke(db, args.device_id):
        print(f"error: no active device {args.device_id}", file=sys.stderr)
        return 1
    print(f"device {args.device_id} revoked")
    return 0


def cmd_device_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    rows = admin.list_devices(db, args.branch)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    shown = [
        {**r, "reported_waiting": "" if r["reported_waiting"] is None else r["reported_waiting"]}
        for r in rows
    ]
    _print_rows(
        shown,
        (
            "device_id",
            "branch_id",
            "no",
            "name",
            "status",
            "last_seq",
            "reported_waiting",
            "last_contact_at",
            "clash",
        ),
    )
    clashes = [r for r in rows if r["clash"]]
    for row in clashes:
        print(
            f"ALARM device number {row['no']} of {row['device_id']} ({row['branch_id']}) is "
            f"also another PC's: lumbung-server device renumber {row['device_id']}"
        )
    return 0


def cmd_device_renumber(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    number = numbering.renumber(db, args.device_id, args.number, actor=_actor())
    print(
        f"device {args.device_id} gets number {number:02d} from its next transaction once it "
        "syncs; receipts already printed keep their number"
    )
    return 0


def cmd_user_add(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    new = admin.StaffInput(args.username, args.name, args.role, args.branch or "")
    user_id = admin.add_user(db, new, _password(args), actor=_actor())
    print(f"user {args.username} added ({user_id})")
    return 0


def cmd_user_disable(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    admin.disable_user(db, args.username, actor=_actor())
    print(f"user {args.username} disabled")
    return 0


def cmd_user_reset(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    admin.reset_password(db, args.username, _password(args), actor=_actor())
    print(f"password of {args.username} reset")
    return 0


def cmd_user_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    _print_rows(admin.list_users(db), ("username", "full_name", "role", "branch_id", "active"))
    return 0


def cmd_console_user_add(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    from sync_server.console import accounts

    accounts.add_user(db, args.username, args.name, args.role, _password(args), actor=_actor())
    print(f"console account {args.username} added ({args.role}); sign in at /console/")
    return 0


def cmd_setting_set(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    shown = admin.set_setting(db, args.key, args.value, branch_id=args.branch or "", actor=_actor())
    print(f"{args.key} = {shown} ({args.branch or 'all branches'})")
    return 0


def cmd_loan_product_define(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
        data = json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: cannot read a product from {args.file}: {exc}", file=sys.stderr)
        return 1
    product = loan_products.define(db, data, active=not args.inactive, actor=_actor())
    state = "inactive" if args.inactive else "offered"
    print(f"{product.product_id} {product.name} ({product.method}) defined, {state}")
    return 0


def cmd_loan_product_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    rows = loan_products.list_products(db)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    _print_rows(rows, ("product_id", "code", "name", "method", "rate_bp", "active"))
    return 0


def cmd_setting_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    _print_rows(admin.list_settings(db), ("scope", "key", "value"))
    return 0


def cmd_review_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    rows = admin.list_cases(db, include_resolved=args.all)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    _print_rows(rows, ("case_id", "kind", "member_id", "hold", "resolution", "detail"))
    return 0


def cmd_review_resolve(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    admin.resolve_case(
        db,
        args.case_id,
        args.resolution,
        note=args.note or "",
        keep_hold=args.keep_hold,
        actor=_actor(),
    )
    print(f"case {args.case_id} resolved")
    return 0


def cmd_alarm_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    rows = admin.list_alarms(db)
    _print_rows(
        rows,
        ("alarm_id", "kind", "device_id", "event_id", "device_seq", "created_at", "resolved_at"),
    )
    return 0


def cmd_recon_list(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    days = recon.list_days(db, business_date=args.date, branch_id=args.branch)
    if args.status:
        days = [d for d in days if d.status == args.status]
    rows = [d.model_dump() for d in days]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        row["reported"] = row["reported_events"] if row["closed_event_id"] else ""
        row["offline"] = "offline" if row["offline"] else ""
    _print_rows(
        rows,
        ("business_date", "branch_id", "status", "events", "reported", "offline", "case_id"),
    )
    return 0


def cmd_report(args: argparse.Namespace, db: Database, settings: Settings) -> int:
    from sync_server.reports.data import BUILDERS
    from sync_server.reports.model import to_csv, to_pdf, to_text

    report = BUILDERS[args.kind](
        db,
        settings.cooperative_name,
        day=args.date,
        branch=args.branch,
        member=args.member or "",
        start=args.start,
    )
    if args.format == "pdf":
        out = args.out or f"{args.kind}-{args.date or 'hari-ini'}.pdf"
        with open(out, "wb") as f:
            f.write(to_pdf(report))
        print(f"{report.title}: {out}")
        return 0
    text = to_csv(report) if args.format == "csv" else to_text(report)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(f"{report.title}: {args.out}")
    else:
        sys.stdout.write(text)
    return 0


# --- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        default=argparse.SUPPRESS,
        help="SQLAlchemy URL (default: SQLite in the data directory; "
        "PostgreSQL: postgresql+psycopg://user:pass@host/db)",
    )
    common.add_argument("--config", default=argparse.SUPPRESS, help="TOML settings file")

    parser = argparse.ArgumentParser(
        prog="lumbung-server",
        description="Lumbung sync server and central ledger.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(name, help=help_text, parents=[common])
        p.set_defaults(handler=handler)
        return p

    command(commands, "init", cmd_init, "create or migrate the database")
    serve = command(commands, "serve", cmd_serve, "run the sync server (initialises the db)")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=None, help="server processes (default 1)")

    p = command(commands, "backup", cmd_backup, "write a verified backup of the database")
    p.add_argument("dest", nargs="?", help="backup file (default: <data dir>/backups/...)")
    p = command(commands, "restore", cmd_restore, "replace the database with a backup")
    p.add_argument("source", help="a file written by `lumbung-server backup`")
    p.add_argument("--yes", action="store_true", help="really replace the central ledger")

    branch = commands.add_parser("branch", help="branches").add_subparsers(
        dest="action", required=True
    )
    p = command(branch, "add", cmd_branch_add, "register a branch")
    p.add_argument("branch_id")
    p.add_argument("--name")
    command(branch, "list", cmd_branch_list, "list branches")

    device = commands.add_parser("device", help="branch devices").add_subparsers(
        dest="action", required=True
    )
    p = command(device, "enroll", cmd_device_enroll, "issue a one-time enrolment code")
    p.add_argument("--branch", required=True)
    p.add_argument("--hours", type=int, default=None, help="validity (default 72)")
    p = command(
        device,
        "replace",
        cmd_device_replace,
        "issue a one-time code for a new PC restored from this device's backup",
    )
    p.add_argument("device_id")
    p.add_argument("--hours", type=int, default=None, help="validity (default 72)")
    p = command(device, "revoke", cmd_device_revoke, "revoke a device's token")
    p.add_argument("device_id")
    p = command(device, "list", cmd_device_list, "list devices with their numbers and alarms")
    p.add_argument("--branch")
    p.add_argument("--json", action="store_true")
    p = command(
        device,
        "renumber",
        cmd_device_renumber,
        "give a device a new number from its next transaction on (resolves a number clash)",
    )
    p.add_argument("device_id")
    p.add_argument("--number", type=int, default=None, help="1-99 (default: next free)")

    user = commands.add_parser("user", help="staff accounts").add_subparsers(
        dest="action", required=True
    )
    p = command(user, "add", cmd_user_add, "add a staff account")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="full name")
    p.add_argument("--role", required=True, choices=("teller", "supervisor", "admin"))
    p.add_argument("--branch")
    p.add_argument("--password-stdin", action="store_true")
    p = command(user, "disable", cmd_user_disable, "disable a staff account")
    p.add_argument("username")
    p = command(user, "reset-password", cmd_user_reset, "set a new password")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    command(user, "list", cmd_user_list, "list staff accounts")

    console_user = commands.add_parser(
        "console-user", help="head-office web console accounts"
    ).add_subparsers(dest="action", required=True)
    p = command(console_user, "add", cmd_console_user_add, "add a console account")
    p.add_argument("username")
    p.add_argument("--name", required=True, help="full name")
    p.add_argument("--role", required=True, choices=("admin", "accountant", "manager", "auditor"))
    p.add_argument("--password-stdin", action="store_true")

    setting = commands.add_parser("setting", help="products and limits").add_subparsers(
        dest="action", required=True
    )
    p = command(setting, "set", cmd_setting_set, "set a limit or amount (rupiah)")
    p.add_argument("key")
    p.add_argument("value")
    p.add_argument("--branch", help="only for this branch")
    command(setting, "list", cmd_setting_list, "list settings")

    loan = commands.add_parser("loan-product", help="loan products").add_subparsers(
        dest="action", required=True
    )
    p = command(loan, "define", cmd_loan_product_define, "define or redefine a loan product")
    p.add_argument("file", help="JSON with the LoanProduct fields ('-' reads standard input)")
    p.add_argument("--inactive", action="store_true", help="no longer offered to new loans")
    p = command(loan, "list", cmd_loan_product_list, "list loan products")
    p.add_argument("--json", action="store_true")

    review = commands.add_parser("review", help="review cases").add_subparsers(
        dest="action", required=True
    )
    p = command(review, "list", cmd_review_list, "list open review cases")
    p.add_argument("--all", action="store_true", help="include resolved cases")
    p.add_argument("--json", action="store_true")
    p = command(review, "resolve", cmd_review_resolve, "resolve a review case")
    p.add_argument("case_id")
    p.add_argument("--resolution", required=True)
    p.add_argument("--note")
    p.add_argument("--keep-hold", action="store_true", help="do not release the account hold")

    alarm = commands.add_parser("alarm", help="content-conflict alarms").add_subparsers(
        dest="action", required=True
    )
    command(alarm, "list", cmd_alarm_list, "list alarms")
    recon_cmd = commands.add_parser(
        "recon", help="end-of-day reconciliation per branch and day"
    ).add_subparsers(dest="action", required=True)
    p = command(recon_cmd, "list", cmd_recon_list, "agreed / mismatch / pending per branch day")
    p.add_argument("--date", help="one business date (YYYY-MM-DD)")
    p.add_argument("--branch")
    p.add_argument("--status", choices=("agreed", "mismatch", "pending"))
    p.add_argument("--json", action="store_true")
    p = command(commands, "report", cmd_report, "head office reports across branches")
    p.add_argument(
        "kind",
        choices=(
            "trial-balance",
            "journal",
            "teller-cash",
            "savings",
            "loans",
            "statement",
            "recon",
        ),
    )
    p.add_argument("--date", help="business date (default today); statement: last day")
    p.add_argument("--branch", help="one branch only")
    p.add_argument("--member", help="statement: member number or id")
    p.add_argument("--from", dest="start", help="statement: first day (default: 1st of month)")
    p.add_argument("--format", choices=("text", "csv", "pdf"), default="text")
    p.add_argument("--out", help="write to this file (PDF: default <kind>-<date>.pdf)")
    extract_cli.add_commands(commands, command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.load(
            getattr(args, "config", None),
            database_url=getattr(args, "database_url", None),
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            workers=getattr(args, "workers", None),
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    db = Database(settings.effective_database_url)
    try:
        if args.handler not in (cmd_init, cmd_serve, cmd_restore):
            admin.init(db)  # admin commands on a fresh database just work
        result: int = args.handler(args, db, settings)
        return result
    except LumbungError as exc:
        print(f"error: {exc.message_en}\n       {exc.message_id}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
