"""End of day at scale: 50 branches × 2,000 events each pushed, reconciled and closed.

    .venv/bin/python bench/bench_eod.py [--branches 50] [--events 2000] [--threads 4]

Starts ``python -m sync_server serve`` on a temporary SQLite database and enrols one device per
branch through the real API. Each branch's day (a drawer session, registrations, deposits and
withdrawals, made by its device chain) is built before the clock starts. Timed, with
``--threads`` branches at a time, each through the desktop's real HTTP client
(:class:`desktop.sync.SyncClient`):

1. push: the day in batches of 500;
2. reconcile: the server's digest (``GET /v1/days/{branch}/{date}``) and event list
   (``.../events``) beside the branch's own closing digest and fingerprints, compared event by
   event (:func:`ledger.reconcile.compare_day`); then the ``DayClosed`` carrying the branch's
   digest is pushed and the server checks it against its own in the same transaction;
3. head office's verdict: ``recon.list_days`` must say ``agreed`` for every branch.

Baseline, measured in the same run: the push phase alone (what syncing the day costs anyway);
the figure that matters is the whole, and what reconciliation adds to it.
Target (DESIGN.md / issue 7): all of it in < 30 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import branch_events, enrol_devices, server  # noqa: E402

from desktop.sync import SyncClient  # noqa: E402
from ledger.digest import closing_digest  # noqa: E402
from ledger.events import DayClosed, DeviceChain, Event  # noqa: E402
from ledger.reconcile import DayEvent, compare_day, day_events  # noqa: E402
from sync_server import recon  # noqa: E402
from sync_server.store.db import Database  # noqa: E402

TARGET_S = 30.0
DAY = "2024-05-02"  # bench_ingest.branch_events' business date
BATCH = 500


def push_day(base: str, token: str, events: list[Event]) -> None:
    client = SyncClient(base, token, timeout=120)
    try:
        for i in range(0, len(events), BATCH):
            client.push(events[i : i + BATCH])
    finally:
        client.close()


def reconcile_and_close(base: str, token: str, branch: str, events: list[Event]) -> float:
    """The supervisor's evening for one branch; returns its seconds."""
    started = time.perf_counter()
    client = SyncClient(base, token, timeout=120)
    try:
        local = closing_digest(events, branch, DAY)
        server_digest = client.day(branch, DAY)
        listed = client.day_events(branch, DAY)
        theirs = [DayEvent(**e.model_dump()) for e in listed.events]
        lines = compare_day(day_events(events, branch, DAY), theirs)
        if lines or server_digest.digest != local["digest"]:
            raise SystemExit(f"{branch}: {len(lines)} mismatches, digests differ")
        head = events[-1]
        chain = DeviceChain(branch, head.device_id, last_seq=head.device_seq, last_hash=head.hash)
        count = sum(int(d["count"]) for d in local["devices"].values())
        closing = chain.make(
            DayClosed(business_date=DAY, digest=str(local["digest"]), events=count),
            actor=head.actor,
            business_date=DAY,
        )
        client.push([closing])
    finally:
        client.close()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=50)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lumbung-bench-eod-") as tmp:
        data = Path(tmp)
        url = f"sqlite:///{data / 'central.sqlite3'}"
        with server(url, data) as (base, _pid):
            names = [f"BR{i:03d}" for i in range(1, args.branches + 1)]
            devices = enrol_devices(url, base, names)
            days = {
                branch: branch_events(branch, device_id, args.events, f"51{i % 90 + 10:02d}01")
                for i, (branch, device_id, _token) in enumerate(devices)
            }
            tokens = {branch: token for branch, _d, token in devices}
            total_events = sum(len(e) for e in days.values())

            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.threads) as pool:
                list(pool.map(lambda b: push_day(base, tokens[b], days[b]), names))
            t1 = time.perf_counter()
            with ThreadPoolExecutor(args.threads) as pool:
                each = list(
                    pool.map(lambda b: reconcile_and_close(base, tokens[b], b, days[b]), names)
                )
            t2 = time.perf_counter()
            db = Database(url)
            try:
                verdict = recon.list_days(db, business_date=DAY)
            finally:
                db.dispose()
            t3 = time.perf_counter()

    agreed = sum(1 for d in verdict if d.status == "agreed")
    push_s, reconcile_s, total = t1 - t0, t2 - t1, t3 - t0
    print(f"branches {args.branches} × {args.events} events = {total_events:,} events, "
          f"{args.threads} at a time, SQLite")  # fmt: skip
    print(f"push (baseline: syncing the day anyway)   {push_s:7.2f} s  "
          f"({total_events / push_s:,.0f} events/s)")  # fmt: skip
    print(f"reconcile + close (digest, events, compare, DayClosed checked at head office) "
          f"{reconcile_s:6.2f} s  (per branch p50 {statistics.median(each) * 1000:.0f} ms, "
          f"max {max(each) * 1000:.0f} ms)")  # fmt: skip
    print(f"head office verdict: {agreed}/{len(verdict)} branch days agreed")
    print(f"TOTAL pushed and reconciled            {total:7.2f} s  (target < {TARGET_S:.0f} s; "
          f"reconciliation adds {reconcile_s / push_s * 100:.0f}% to the push)")  # fmt: skip
    ok = agreed == args.branches and total < TARGET_S
    print("OK" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
