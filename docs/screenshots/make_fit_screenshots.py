"""Screens at 1366×768 and 1024×600 with title bars and a taskbar (desktop/fit_screenshots.py).

    .venv/bin/python docs/screenshots/make_fit_screenshots.py [--lang id|en] [--out DIR]

Seeds a demo cooperative in a temporary data directory, opens the real desktop offscreen and,
at each screen size, saves the main window, an account on hold, the review decision, the day
close with its summary and the reports as ``fit_<scene>_<size>.png``.
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
os.environ.setdefault("LUMBUNG_TOKEN_STORE", "file")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.app import LumbungApp
    from desktop.demo import logins, quiet_offscreen_warnings, seed
    from desktop.fit_screenshots import take_fit

    with tempfile.TemporaryDirectory(prefix="lumbung-fit-") as tmp:
        data_dir = Path(tmp)
        _, info = seed(data_dir)
        teller, supervisor = logins(info)
        qapp = QApplication(sys.argv[:1])
        quiet_offscreen_warnings()
        app = LumbungApp(qapp, data_dir, lang=args.lang, lock_minutes=60)
        app.start()
        try:
            shots = take_fit(app, args.out, teller=teller, supervisor=supervisor)
        finally:
            app.shutdown()
    print(f"account on hold: {shots.facts['hold'][0]} (case {shots.facts['hold'][1][-8:]})")
    print(f"{len(shots.files)} screen(s) rendered:")
    print("\n".join(f"  {path}" for path in shots.files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
