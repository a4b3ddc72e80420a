"""A savings deposit posted end to end in the desktop store: p50/p95 beside raw SQLite.

End to end means what the teller's click costs once it reaches the store worker:
``BranchService.deposit`` validates (member, drawer session, limit), makes the event (UUIDv7,
HLC, hash chain), applies its projections (journal lines, account and member balances) and
commits in one transaction with WAL and ``synchronous=FULL``. The raw figure is one
``INSERT`` of a row the size of an event plus ``COMMIT`` on a bare connection with the same
pragmas, in the same directory, in the same run: the cost of making a commit durable on this
disk, which every deposit pays too. CPU time per deposit is printed as well, to separate the
Python work from waiting on the disk.

    .venv/bin/python bench/bench_deposit.py               # 10,000 members, 2,000 deposits
    .venv/bin/python bench/bench_deposit.py --members 100000 --deposits 5000 --dir /var/tmp
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher

from desktop.demo_data import seed_members_fast

TARGET_P95_MS = 2.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class RawCommit:
    """One row of ``size`` bytes inserted and committed, same pragmas as the store."""

    def __init__(self, path: Path, size: int) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        self.body = "x" * size

    def __call__(self) -> float:
        start = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO raw (body) VALUES (?)", (self.body,))
        self.conn.execute("COMMIT")
        return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--deposits", type=int, default=2_000)
    parser.add_argument("--dir", type=Path, help="directory for the store (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="lumbung-bench-", dir=args.dir))
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    start = time.perf_counter()
    service = seed_members_fast(folder / "lumbung.sqlite3", args.members, hasher=hasher)
    print(
        f"store: {folder}  {args.members:,} members seeded in {time.perf_counter() - start:.1f} s"
    )
    teller = next(s for s in service.staff_list() if s.username == "ayu")
    conn = service.store.conn
    members = [r[0] for r in conn.execute("SELECT member_id FROM members")]
    rng = random.Random(args.seed)

    def deposit() -> tuple[float, float]:
        member = rng.choice(members)
        amount = rng.randint(1, 400) * 5_000
        product = "wajib" if rng.random() < 0.3 else "sukarela"
        wall, cpu = time.perf_counter(), time.process_time()
        service.deposit(member, product, amount, actor=teller)
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    for _ in range(100):  # warm caches as a running app would be
        deposit()
    body_size = len(service.store.events()[-1].canonical())
    raw_commit = RawCommit(folder / "raw.sqlite3", body_size)
    walls: list[float] = []
    cpus: list[float] = []
    raw: list[float] = []
    # Interleaved, so both see the same disk and the same neighbours on this machine.
    for _ in range(args.deposits):
        wall, cpu = deposit()
        walls.append(wall)
        cpus.append(cpu)
        raw.append(raw_commit())
    raw_commit.conn.close()

    print(f"\n{'':<34}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    rows = [
        ("deposit, end to end (wall)", walls),
        ("deposit, CPU time only", cpus),
        (f"raw INSERT {body_size} B + COMMIT", raw),
    ]
    for label, times in rows:
        print(
            f"{label:<34}{len(times):>6}{pct(times, 0.5):>9.3f}{pct(times, 0.95):>9.3f}"
            f"{pct(times, 0.99):>9.3f}{max(times):>9.3f}"
        )
    p95, raw_p95 = pct(walls, 0.95), pct(raw, 0.95)
    print(
        f"\ndeposit p95 {p95:.3f} ms = {p95 / raw_p95:.1f}x the raw durable commit "
        f"({raw_p95:.3f} ms); target p95 <= {TARGET_P95_MS:.0f} ms: "
        f"{'MET' if p95 <= TARGET_P95_MS else 'MISSED'}"
    )
    check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    tb = sum(service.trial_balance().values())
    print(f"integrity_check {check}; trial balance total {tb}")
    service.close()
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
