"""Desktop cold start: a fresh Python process to the login window, and to the store being open.

Each run is a new interpreter (cold imports), offscreen, over a branch store set up once in a
temporary directory. Two figures per run, measured inside the child from its first line:
``window`` (the login window is shown) and ``ready`` (the store is open in the worker thread
and the login screen knows the branch). The wall time of the whole child, interpreter start
and exit included, is printed beside them.

    .venv/bin/python bench/bench_desktop_start.py           # 7 runs, target: window < 1.5 s
    .venv/bin/python bench/bench_desktop_start.py --runs 15
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 1.5

CHILD = r"""
import time
t0 = time.perf_counter()
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop.app import LumbungApp
qapp = QApplication(sys.argv[:1])
app = LumbungApp(qapp, Path(sys.argv[1]))
app.start()  # returns once the window is shown and painted
window = time.perf_counter() - t0
while not app.ctx.branch:
    qapp.processEvents()
ready = time.perf_counter() - t0
app.shutdown()
print(json.dumps({"window": window, "ready": ready}))
"""


def prepare(data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from argon2 import PasswordHasher

    from desktop.services import BranchService
    from desktop.store.paths import store_path

    service = BranchService(store_path(data_dir), hasher=PasswordHasher(time_cost=1))
    service.initialise(
        cooperative_name="KSP Lumbung Sejahtera",
        branch_id="BR01",
        branch_name="Cabang Ubud",
        device_no=1,
        supervisor_username="made",
        supervisor_full_name="I Made Sudarsana",
        supervisor_password="made1234",
    )
    service.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        prepare(data_dir)
        for _ in range(args.runs):
            started = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(data_dir)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            wall = time.perf_counter() - started
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append((figures["window"], figures["ready"], wall))
    window = statistics.median(r[0] for r in rows)
    ready = statistics.median(r[1] for r in rows)
    wall = statistics.median(r[2] for r in rows)
    print(f"runs: {args.runs} (median; worst window {max(r[0] for r in rows):.3f} s)")
    ratio = window / TARGET_S
    print(f"login window shown:       {window:.3f} s  (target < {TARGET_S} s, ratio {ratio:.2f})")
    print(f"store open, login usable: {ready:.3f} s")
    print(f"whole process, wall:      {wall:.3f} s  (interpreter start and exit included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
