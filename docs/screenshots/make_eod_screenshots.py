"""Regenerate the end-of-day and report screenshots in this folder.

    .venv/bin/python docs/screenshots/make_eod_screenshots.py [--lang id|en] [--out DIR]

Seeds a demo branch in a temporary directory, runs a real sync server process, works the day
and closes it as the supervisor would, shows every report, and renders the PDFs to PNG with
pdftoppm (desktop/eod_screenshots.py tells the story).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
os.environ["QT_QPA_PLATFORM"] = "offscreen"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.demo import quiet_offscreen_warnings
    from desktop.eod_screenshots import take_eod

    qapp = QApplication(sys.argv[:1])
    quiet_offscreen_warnings()
    shots = take_eod(qapp, args.out, lang=args.lang)
    print(f"{len(shots.files)} end-of-day screen(s) rendered:")
    print("\n".join(f"  {path}" for path in shots.files))
    closed = shots.facts.get("closed")
    if closed is not None:
        print(f"day {closed.business_date} closed by {closed.closed_by} at {closed.closed_at}: "
              f"{closed.status}; next business date {closed.next_date}")  # fmt: skip
    print(f"mismatch lines: {len(shots.facts.get('mismatch', ()))}")
    print(shots.facts.get("recon", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
