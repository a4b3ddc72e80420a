"""A branch back after two weeks offline: 10,000 own events to push, 50,000 others' to pull.

    .venv/bin/python bench/bench_offline_return.py [--own 10000] [--others 50000]

Builds a temporary central database and enrols the returning branch's PC while the server is
still empty. Ten other branches then store ``--others`` events (through the server's own push
path, in-process), while the PC, offline, registers members and takes their pokok deposits
(``--own`` events, made by its device chain in its real store). Then ``python -m sync_server
serve`` starts and the desktop's real engine runs one ``sync_once``: push everything waiting in
batches of 500, then pull every page (1,000 events) and apply it with the cursor in one
transaction, verifying each event's hash. Timed from the first request to the last commit.

Baseline, measured in the same run against the same server: a bare pull of the same range
(HTTP GET of every page and ``json.loads``, nothing decoded, checked or applied).
Target (issue 5): fully synced in < 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import server  # noqa: E402
from bench_pull import fill  # noqa: E402

from desktop.store import Store  # noqa: E402
from desktop.store import sync_state as st  # noqa: E402
from desktop.store.bulk import register_members  # noqa: E402
from desktop.sync import SyncClient, SyncEngine, credentials  # noqa: E402
from ledger.events import SavingsDeposited, TellerSessionOpened  # noqa: E402
from ledger.ids import uuid7  # noqa: E402
from ledger.members import RegistrationInput, build_registration  # noqa: E402
from ledger.nik import make_nik  # noqa: E402
from ledger.wire import PROTOCOL_HEADER  # noqa: E402

TARGET_S = 30.0
BRANCH = "BRBACK"
DAY = "2025-11-27"


def enrol_offline_pc(database_url: str, folder: Path) -> tuple[Store, str]:
    """The returning PC as it was two weeks ago: enrolled, in sync with an empty server."""
    from sync_server import admin, enrolment
    from sync_server.store.db import Database

    db = Database(database_url)
    try:
        admin.init(db)
        admin.add_branch(db, BRANCH, "Cabang Kembali")
        code, _ = enrolment.issue_code(db, BRANCH, 1)
        reply = enrolment.enrol(db, code, "kasir")
    finally:
        db.dispose()
    store = Store(folder / "lumbung.sqlite3")
    with store.transaction() as conn:
        store.create_identity(
            device_no=1,
            branch_id=BRANCH,
            branch_name="Cabang Kembali",
            cooperative_name="KSP Lumbung",
            device_id=reply.device_id,
        )
        st.update_state(conn, server_url="http://placeholder")
    credentials.save_token(folder, reply.device_id, reply.token)
    return store, reply.token


def work_offline(store: Store, events: int) -> None:
    """``events`` events of this PC: a drawer, then registrations with their pokok deposit."""
    with store.transaction():
        store.append(TellerSessionOpened("s-back", "u-back", 10_000_000), actor="u-back",
                     business_date=DAY)  # fmt: skip
    members = (events - 1) // 2

    def forms():  # type: ignore[no-untyped-def]
        for n in range(members):
            member_id = uuid7()
            form = RegistrationInput(
                nik=make_nik("517101", dt.date(1975, 1, 1 + n // 9999), "L", 1 + n % 9999),
                name=f"Anggota Kembali {chr(65 + n % 26)}{chr(97 + n // 26 % 26)}",
                birth_place="Denpasar",
                address="Jl. Gatot Subroto",
                phone="081200000000",
                occupation="Petani",
                mother_maiden_name="Ni Luh",
            )
            registration = build_registration(
                form,
                member_id=member_id,
                member_no=f"{BRANCH}-01-{n + 1:05d}",
                join_date=dt.date(2025, 11, 27),
                home_branch=BRANCH,
            )
            yield registration, SavingsDeposited(member_id, "pokok", 100_000, "s-back")

    with store.transaction():
        made = register_members(store, forms(), actor="u-back", business_date=DAY)
        if (events - 1) % 2:
            store.append(SavingsDeposited(made[0].payload["member_id"], "sukarela", 50_000,
                                          "s-back"), actor="u-back", business_date=DAY)  # fmt: skip


def bare_pull(base: str, token: str, after: int, until: int) -> tuple[int, float]:
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", PROTOCOL_HEADER: "1"})
    count = 0
    start = time.perf_counter()
    while after < until:
        reply = session.get(base + "/v1/pull", params={"after": after, "limit": 1000}, timeout=120)
        page = json.loads(reply.content)
        count += len(page["events"])
        after = page["next_cursor"]
        if not page["has_more"]:
            break
    return count, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--own", type=int, default=10_000)
    parser.add_argument("--others", type=int, default=50_000)
    args = parser.parse_args()
    print(f"own {args.own:,} to push, others {args.others:,} to pull; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    os.environ["LUMBUNG_TOKEN_STORE"] = "file"
    with tempfile.TemporaryDirectory(prefix="lumbung-bench-return-") as tmp_name:
        tmp = Path(tmp_name)
        url = f"sqlite:///{tmp / 'central.sqlite3'}"
        pc = tmp / "pc"
        pc.mkdir()
        store, token = enrol_offline_pc(url, pc)
        start = time.perf_counter()
        fill(url, args.others, 10)
        work_offline(store, args.own)
        print(f"prepared in {time.perf_counter() - start:.1f} s: "
              f"{store.pending_count():,} events waiting on the PC")  # fmt: skip
        with server(url, tmp) as (base, _pid):
            marks: dict[str, float] = {}

            def progress(phase: str, done: int, total: int) -> None:
                marks.setdefault(phase, time.perf_counter())

            engine = SyncEngine(store, SyncClient(base, token))
            start = time.perf_counter()
            report = engine.sync_once(progress)
            synced = time.perf_counter() - start
            push_s = marks.get("pull", start + synced) - start
            cursor = st.read_state(store.conn).cursor
            count, bare = bare_pull(base, token, 0, cursor)
            engine.close()
        waiting = store.pending_count()
        store.close()
    print(f"pushed {report.pushed:,}, pulled {report.pulled:,} new (cursor {cursor:,}), "
          f"{waiting} still waiting")  # fmt: skip
    print(f"push phase                : {push_s:.1f} s")
    print(f"pull and apply phase      : {synced - push_s:.1f} s")
    print(
        f"fully synced              : {synced:.1f} s (target < {TARGET_S:.0f} s; "
        f"{'MET' if synced < TARGET_S else 'MISSED'})"
    )
    print(f"baseline bare pull        : {count:,} events in {bare:.1f} s "
          f"(ratio {synced / bare:.1f}x)")  # fmt: skip
    return 0 if waiting == 0 and report.pushed == args.own else 1


if __name__ == "__main__":
    sys.exit(main())
