"""A new device pulling 100,000 events over real HTTP on loopback.

    .venv/bin/python bench/bench_pull.py [--events 100000] [--postgres]

Fills a temporary central database with ``--events`` events from ten branches (through the
same ingestion code the server runs), starts ``python -m sync_server serve`` on it, enrols a new
device and pulls everything from cursor 0 in pages of 5,000, decoding every event
(``Event.from_dict``) and verifying each device's hash chain as a client would. Also times the
bootstrap snapshot of the resulting central projection. Target (issue 4): the pull in < 30 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import branch_events, postgres_cluster, server  # noqa: E402

from ledger.canonical import canonical_json, sha256_hex  # noqa: E402
from ledger.events import Event, verify_chain  # noqa: E402
from ledger.wire import MAX_PULL_LIMIT, PROTOCOL_HEADER  # noqa: E402

TARGET_S = 30.0


def fill(database_url: str, total: int, branches: int) -> None:
    """``total`` events from ``branches`` devices, stored through the server's push path."""
    from sync_server import admin, enrolment, push
    from sync_server.store.db import Database

    db = Database(database_url)
    try:
        admin.init(db)
        per = total // branches
        for n in range(1, branches + 1):
            branch = f"BR{n:02d}"
            admin.add_branch(db, branch, branch)
            code, _ = enrolment.issue_code(db, branch, 1)
            device = enrolment.enrol(db, code, "seed")
            events = branch_events(branch, device.device_id, per, district=f"5101{n:02d}")
            for i in range(0, len(events), 500):
                push.push(db, device.device_id, branch, [e.to_dict() for e in events[i : i + 500]])
    finally:
        db.dispose()


def new_device_token(database_url: str, base: str) -> str:
    from sync_server import admin, enrolment
    from sync_server.store.db import Database

    db = Database(database_url)
    try:
        admin.add_branch(db, "BRNEW", "new")
        code, _ = enrolment.issue_code(db, "BRNEW", 1)
    finally:
        db.dispose()
    reply = requests.post(base + "/v1/enroll", json={"code": code}, timeout=30)
    reply.raise_for_status()
    return str(reply.json()["token"])


def pull_everything(base: str, token: str) -> tuple[int, float, float]:
    """(events, seconds to fetch and decode them, seconds to verify the chains)."""
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", PROTOCOL_HEADER: "1"})
    events: list[Event] = []
    after = 0
    start = time.perf_counter()
    while True:
        reply = session.get(
            base + "/v1/pull", params={"after": after, "limit": MAX_PULL_LIMIT}, timeout=120
        )
        reply.raise_for_status()
        page = reply.json()
        events += [Event.from_dict(item["event"]) for item in page["events"]]
        after = page["next_cursor"]
        if not page["has_more"]:
            break
    fetched = time.perf_counter() - start
    start = time.perf_counter()
    by_device: dict[str, list[Event]] = {}
    for event in events:
        by_device.setdefault(event.device_id, []).append(event)
    for chain in by_device.values():
        verify_chain(chain)
    return len(events), fetched, time.perf_counter() - start


def snapshot_everything(base: str, token: str) -> tuple[int, int, float]:
    """(rows, pages, seconds) to fetch and check a whole snapshot."""
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", PROTOCOL_HEADER: "1"})
    start = time.perf_counter()
    page = session.get(base + "/v1/snapshot", params={"page": 0}, timeout=300).json()
    rows = 0
    while True:
        assert sha256_hex(canonical_json(page["rows"])) == page["checksum"]
        rows += len(page["rows"])
        if page["next_page"] is None:
            return rows, page["pages"], time.perf_counter() - start
        page = session.get(
            base + "/v1/snapshot",
            params={"page": page["next_page"], "at": page["at_seq"]},
            timeout=300,
        ).json()


@contextlib.contextmanager
def database(use_postgres: bool, tmp: Path) -> Iterator[str]:
    if use_postgres:
        with postgres_cluster() as url:
            yield url
    else:
        yield f"sqlite:///{tmp / 'central.sqlite3'}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{args.events:,} events on {backend}; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="lumbung-bench-pull-") as tmp_name:
        tmp = Path(tmp_name)
        with database(args.postgres, tmp) as url:
            start = time.perf_counter()
            fill(url, args.events, 10)
            print(f"filled in {time.perf_counter() - start:.1f} s (in-process ingestion)")
            with server(url, tmp) as (base, _pid):
                token = new_device_token(url, base)
                count, fetched, verified = pull_everything(base, token)
                rows, pages, snap = snapshot_everything(base, token)
    total = fetched + verified
    print(f"pulled and decoded        : {count:,} events in {fetched:.1f} s "
          f"({count / fetched:,.0f} events/s)")  # fmt: skip
    print(f"hash chains verified      : {verified:.1f} s")
    print(
        f"new device pull, total    : {total:.1f} s (target < {TARGET_S:.0f} s; "
        f"{'OK' if total < TARGET_S else 'ABOVE TARGET'}; ratio {total / TARGET_S:.2f})"
    )
    print(
        f"snapshot bootstrap        : {rows:,} rows in {pages} pages, {snap:.1f} s "
        "(built on first request, then fetched)"
    )
    return 0 if count >= args.events else 1


if __name__ == "__main__":
    sys.exit(main())
