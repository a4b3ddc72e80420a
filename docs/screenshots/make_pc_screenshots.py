"""Regenerate the screenshots of a branch with several PCs in this folder.

    .venv/bin/python docs/screenshots/make_pc_screenshots.py [--lang id|en] [--out DIR]

Seeds the demo branch, runs a real sync server process, enrols a second PC through the
first-run page (its number assigned by head office), lets it take deposits offline and opens
the day close on the first PC (desktop/pc_screenshots.py tells the story).
"""

from __future__ import annotations

import argparse
import os
import sys
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

    from desktop.demo import quiet_offscreen_warnings
    from desktop.pc_screenshots import take_pcs

    qapp = QApplication(sys.argv[:1])
    quiet_offscreen_warnings()
    shots = take_pcs(qapp, args.out, lang=args.lang)
    print(f"{len(shots.files)} screen(s) rendered:")
    print("\n".join(f"  {path}" for path in shots.files))
    for key, value in shots.facts.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
