"""Member search over a large register: p50/p95 per kind of query, beside raw SQLite.

Seeds ``--members`` members (default 100,000) with :func:`desktop.demo_data.seed_members_fast`
into a temporary store (or reuses ``--db``), then replays what tellers type: a name letter by
letter, NIK prefixes and whole NIKs, member numbers. Each query goes through
``BranchService.search_members`` exactly as the UI calls it. The raw figure is an indexed
``SELECT`` by member number on the same connection in the same run: the floor any search pays.

    .venv/bin/python bench/bench_search.py            # 100,000 members, target p95 <= 15 ms
    .venv/bin/python bench/bench_search.py --members 20000 --db /tmp/s.sqlite3
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher

from desktop.demo_data import seed_members_fast
from desktop.services import BranchService

TARGET_P95_MS = 15.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def typed_prefixes(text: str) -> list[str]:
    """What the search box holds after each keystroke (from two letters on)."""
    return [text[:i] for i in range(2, len(text) + 1) if not text[:i].endswith(" ")]


def queries(service: BranchService, rng: random.Random, samples: int) -> dict[str, list[str]]:
    rows = service.store.conn.execute(
        "SELECT name, nik, member_no FROM members ORDER BY random() LIMIT ?", (samples,)
    ).fetchall()
    by_kind: dict[str, list[str]] = {"name": [], "nik": [], "member_no": []}
    for name, nik, member_no in rows:
        words = name.split()
        # Tellers type the distinctive part: the birth-order name and the given name.
        typed = " ".join(words[1:3]) if words[0] in ("I", "Ni") else " ".join(words[:2])
        by_kind["name"] += typed_prefixes(typed.lower())
        by_kind["nik"] += [nik[:6], nik[:10], nik]
        by_kind["member_no"] += [member_no, member_no.lower()]
    for values in by_kind.values():
        rng.shuffle(values)
    return by_kind


def timed(fn, args_list: list) -> list[float]:  # type: ignore[no-untyped-def, type-arg]
    out = []
    for args in args_list:
        start = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="store to reuse (seeded if missing)")
    parser.add_argument("--samples", type=int, default=150, help="members whose data is typed")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    scratch = None if args.db else Path(tempfile.mkdtemp(prefix="lumbung-bench-"))
    path = args.db or Path(scratch or ".") / "lumbung.sqlite3"
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    if path.exists():
        service = BranchService(path, hasher=hasher)
        have = service.store.conn.execute("SELECT count(*) FROM members").fetchone()[0]
        print(f"store: {path} ({have:,} members, reused)")
    else:
        start = time.perf_counter()
        service = seed_members_fast(path, args.members, hasher=hasher)
        took = time.perf_counter() - start
        have = service.store.conn.execute("SELECT count(*) FROM members").fetchone()[0]
        print(f"store: {path}  seeded {have:,} members in {took:.1f} s")

    rng = random.Random(args.seed)
    kinds = queries(service, rng, args.samples)
    for values in kinds.values():  # warm the page cache as a running app would be
        for q in values[:20]:
            service.search_members(q)

    conn = service.store.conn
    member_nos = [[q] for q in kinds["member_no"] if q.isupper()]
    raw = timed(
        lambda no: conn.execute(
            "SELECT member_id, member_no, nik, name, address, status, home_branch"
            " FROM members WHERE member_no = ?",
            (no,),
        ).fetchall(),
        member_nos,
    )
    results: dict[str, list[float]] = {}
    hits = 0
    for kind, values in kinds.items():
        results[kind] = timed(lambda q: service.search_members(q, 50), [[q] for q in values])
        hits += sum(1 for q in values[:50] if service.search_members(q, 50))
    everything = [t for times in results.values() for t in times]

    raw_p50, raw_p95 = pct(raw, 0.5), pct(raw, 0.95)
    print(f"\n{'query':<22}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, times in [*results.items(), ("all searches", everything)]:
        print(
            f"{kind:<22}{len(times):>6}{pct(times, 0.5):>10.3f}{pct(times, 0.95):>10.3f}"
            f"{max(times):>10.3f}"
        )
    print(
        f"{'raw SELECT by no.':<22}{len(raw):>6}{raw_p50:>10.3f}{raw_p95:>10.3f}{max(raw):>10.3f}"
    )
    p95 = pct(everything, 0.95)
    print(
        f"\nsearch p95 {p95:.2f} ms = {p95 / raw_p95:.0f}x the raw indexed SELECT "
        f"({raw_p95:.3f} ms); target p95 <= {TARGET_P95_MS:.0f} ms: "
        f"{'MET' if p95 <= TARGET_P95_MS else 'MISSED'}"
    )
    print(f"name search mean {statistics.fmean(results['name']):.2f} ms; non-empty {hits} checked")
    service.close()
    if scratch is not None:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
