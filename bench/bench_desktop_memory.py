"""Desktop resident memory with 100,000 members in the store (target <= 300 MB).

A branch store with 100,000 members is seeded once. A fresh offscreen desktop process then
runs the real app: the teller logs in, types searches as at the counter (by name letter by
letter, by NIK, by member number) and opens members one after another. The child reports its
resident set (VmRSS) and peak (VmHWM) from /proc. As a baseline measured in the same run, a
second child starts the same app over an empty branch store and logs in, so the figure the
register itself costs is the difference.

    .venv/bin/python bench/bench_desktop_memory.py              # 100,000 members
    .venv/bin/python bench/bench_desktop_memory.py --members 20000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 300

CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from desktop.app import LumbungApp

def status():
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields

def wait(predicate, timeout=30.0):
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        qapp.processEvents()
        time.sleep(0.002)

qapp = QApplication(sys.argv[:1])
app = LumbungApp(qapp, Path(sys.argv[1]))
app.start()
wait(lambda: app.ctx.branch)
page = app.window.login_page
QTest.keyClicks(page.username, "ayu")
QTest.keyClick(page.username, Qt.Key.Key_Return)
QTest.keyClicks(page.password, "ayu12345")
QTest.keyClick(page.password, Qt.Key.Key_Return)
wait(lambda: app.ctx.user is not None)
after_login = status()
opened = 0
queries = json.loads(sys.argv[2])
search = app.window.search
for query in queries:
    search.field.clear()
    for i in range(1, len(query) + 1):
        search.field.setText(query[:i])  # as typed, one letter after another
        qapp.processEvents()
    wait(lambda: search.status.text() and not search._timer.isActive(), 10)
    time.sleep(0.3)
    qapp.processEvents()
    for row in search.results()[:5]:
        app.window.open_member(row.member_id)
        wait(lambda: app.window.detail.page is not None
             and app.window.detail.page.detail.member_id == row.member_id)
        opened += 1
end = status()
app.shutdown()
print(json.dumps({"login": after_login, "end": end, "opened": opened}))
"""

QUERIES = [
    "wayan",
    "made sud",
    "ni luh",
    "ketut",
    "gede",
    "putu ari",
    "5171",
    "5104",
    "BR01-01-0004",
]


def seed(data_dir: Path, members: int) -> float:
    sys.path.insert(0, str(ROOT))
    from argon2 import PasswordHasher

    from desktop.demo_data import seed_members_fast
    from desktop.store.paths import store_path

    started = time.perf_counter()
    service = seed_members_fast(store_path(data_dir), n=members, hasher=PasswordHasher(time_cost=1))
    service.close()
    return time.perf_counter() - started


def run_child(data_dir: Path, queries: list[str]) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), json.dumps(queries)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode != 0:
        raise SystemExit(f"child failed ({out.returncode}):\n{out.stderr[-3000:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as big, tempfile.TemporaryDirectory() as small:
        seconds = seed(Path(big), args.members)
        seed(Path(small), 0)
        print(f"seeded {args.members:,} members in {seconds:.1f} s")
        base = run_child(Path(small), [])
        full = run_child(Path(big), QUERIES)
    base_rss = base["end"]["VmRSS"]  # type: ignore[index]
    rss = full["end"]["VmRSS"]  # type: ignore[index]
    peak = full["end"]["VmHWM"]  # type: ignore[index]
    print(f"baseline (empty store, logged in):       RSS {base_rss:6.1f} MB")
    print(
        f"{args.members:,} members, {len(QUERIES)} searches, {full['opened']} members opened:"
        f" RSS {rss:6.1f} MB, peak {peak:6.1f} MB"
    )
    print(
        f"target <= {TARGET_MB} MB: peak/target {peak / TARGET_MB:.2f}; the register and the"
        f" work cost {rss - base_rss:+.1f} MB ({rss / base_rss:.2f}x baseline)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
