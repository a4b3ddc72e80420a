"""``lumbung``: open the branch desktop, or try it with demo data (``lumbung demo``).

Imports are deferred to the chosen command, so the login window appears quickly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lumbung", description="Lumbung: offline-first branch desktop for a KSP."
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where the branch data lives (default: env LUMBUNG_DATA_DIR or the user data dir)",
    )
    parser.add_argument(
        "--lang", choices=("id", "en"), default="id", help="UI language (default: id)"
    )
    parser.add_argument(
        "--lock-minutes",
        type=float,
        default=5.0,
        help="lock the screen after this many idle minutes; 0: never (default: 5)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="prove this PC can run Lumbung (offscreen, throwaway data) and exit 0 if it can",
    )
    commands = parser.add_subparsers(dest="command")
    backup = commands.add_parser("backup", help="copy the branch data to a file (safe while open)")
    # A string, not a Path: Path() drops the trailing separator that says "a folder".
    backup.add_argument(
        "--out", help="file, or folder (created if missing) (default: <data dir>/backups)"
    )
    restore = commands.add_parser("restore", help="replace the branch data with a backup file")
    restore.add_argument("file", type=Path, help="a file made by `lumbung backup`")
    restore.add_argument(
        "--yes", action="store_true", help="restore another PC's backup without asking"
    )
    restore.add_argument(
        "--code", help="head office's replacement code (`lumbung-server device replace`)"
    )
    restore.add_argument("--server", help="server address (default: the one in the backup)")
    rekey = commands.add_parser(
        "rekey", help="give a PC restored from another PC's backup its new token"
    )
    rekey.add_argument("code", help="the code from `lumbung-server device replace DEVICE_ID`")
    rekey.add_argument("--server", help="server address (default: the one in the backup)")
    demo = commands.add_parser(
        "demo", help="seed a demo cooperative, start a local sync server, open the desktop"
    )
    demo.add_argument(
        "--headless",
        action="store_true",
        help="render the main screens offscreen, print a summary and exit",
    )
    # Also accepted after "demo"; SUPPRESS keeps the value given before it when absent here.
    demo.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="demo data dir")
    demo.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS)
    demo.add_argument("--port", type=int, default=0, help="sync server port (default: free)")
    demo.add_argument("--no-server", action="store_true", help="do not start a sync server")
    demo.add_argument(
        "--pcs", type=int, default=1, help="PCs of the demo branch, each enrolled (default 1)"
    )
    demo.add_argument(
        "--branches", type=int, default=1, help="2: also a second branch with its own PC"
    )
    demo.add_argument(
        "--no-desktop",
        action="store_true",
        help="set up and keep the server running for head office's commands, no window",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test or args.command in ("backup", "restore", "rekey"):
        from desktop.backup import command
        from desktop.selftest import run_self_test
        from desktop.store.paths import default_data_dir

        if args.self_test:
            return run_self_test(default_data_dir(args.data_dir))
        return command(args.command, default_data_dir(args.data_dir), args)
    if args.command == "demo":
        from desktop.demo import run_demo

        return run_demo(args)
    from desktop.app import run
    from desktop.store.paths import default_data_dir

    data_dir = default_data_dir(args.data_dir)
    return run(data_dir, args.lang, args.lock_minutes)


if __name__ == "__main__":
    sys.exit(main())
