"""Regenerate the desktop screenshots in this folder from fresh demo data.

    .venv/bin/python docs/screenshots/make_screenshots.py [--lang id|en] [--out DIR]

Seeds a demo cooperative (desktop.demo_data.seed_demo) in a temporary data directory, opens
the real desktop offscreen, works the screens as a teller would and saves each one as PNG
(the receipt PDF is rendered to PNG with pdftoppm when installed). The sync screens
(desktop/sync_screenshots.py) run a real sync server process beside a second demo branch.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The demo devices' tokens go to a file in their temporary data directory, never to the
# keyring of whoever runs this.
os.environ.setdefault("LUMBUNG_TOKEN_STORE", "file")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--no-sync", action="store_true", help="skip the sync screens")
    parser.add_argument("--no-loans", action="store_true", help="skip the loan screens")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.app import LumbungApp
    from desktop.demo import logins, quiet_offscreen_warnings, seed
    from desktop.screenshots import summary, take

    with tempfile.TemporaryDirectory(prefix="lumbung-shots-") as tmp:
        data_dir = Path(tmp)
        _, info = seed(data_dir)
        teller, supervisor = logins(info)
        qapp = QApplication(sys.argv[:1])
        quiet_offscreen_warnings()
        app = LumbungApp(qapp, data_dir, lang=args.lang, lock_minutes=60)
        app.start()
        try:
            shots = take(app, args.out, teller=teller, supervisor=supervisor)
            if not args.no_loans:
                from desktop.loan_screenshots import take_loans

                loans = take_loans(app, args.out, supervisor=supervisor)
                shots.files += loans.files
                shots.facts.update(loans.facts)
        finally:
            app.shutdown()
        print(summary(shots))
    if not args.no_sync:
        # Sync at work: its own demo branch and a real sync server process.
        from desktop.sync_screenshots import take_sync

        synced = take_sync(qapp, args.out, lang=args.lang)
        print(f"{len(synced.files)} sync screen(s) rendered:")
        print("\n".join(f"  {path}" for path in synced.files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
