"""The head-office console's dashboard and member search, as pages and as the bare queries.

A central SQLite database is filled directly (projections and events: how they were filled does
not matter to the reads): ``--members`` members with names, balances and cash accounts over 10
branches, ``--events`` events spread over those branches and 90 business days. Then each page is
fetched through the whole app in process (sign-in cookie, role check, session touch, template,
and for a search the access-log write), beside the same read run directly
(:func:`sync_server.console.overview.branches` and ``search_members``). Every member has the
dozen profile fields a registration writes, as in a real ledger.
The issue's target: p95 under 100 ms with 100,000 members and 1,000,000 events.

    .venv/bin/python bench/bench_console.py          # 100,000 members, 1,000,000 events
    .venv/bin/python bench/bench_console.py --members 20000 --events 100000
    .venv/bin/python bench/bench_console.py --postgres   # a throwaway PostgreSQL cluster
    .venv/bin/python bench/bench_console.py --postgres --explain   # and the name match's plan
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import postgres_cluster

from sync_server import admin
from sync_server.app import create_app
from sync_server.config import Settings
from sync_server.console import accounts, overview
from sync_server.store import tables as t
from sync_server.store.db import Database

NAMES = ("Ni Luh", "I Wayan", "Made", "Ketut", "Putu", "Komang", "Siti", "Budi", "Agus", "Dewi")
SURNAMES = ("Sari", "Putra", "Lestari", "Wijaya", "Rahma", "Santoso", "Utami", "Pratama")
BRANCHES = [f"BR{i:02d}" for i in range(1, 11)]
FIELDS = ("address", "birth_date", "birth_place", "home_branch", "join_date", "member_no",
          "mother_maiden_name", "nik", "occupation", "phone", "sex", "status")  # fmt: skip
START = dt.date(2026, 9, 1)


def fill(db: Database, members: int, events: int, rnd: random.Random) -> None:
    for b in BRANCHES:
        admin.add_branch(db, b, f"Cabang {b}")
    with db.write() as conn:
        batch_m, batch_f, batch_b = [], [], []
        for i in range(members):
            mid = f"m{i:07d}"
            branch = BRANCHES[i % len(BRANCHES)]
            name = f"{rnd.choice(NAMES)} {rnd.choice(SURNAMES)} {i}"
            batch_m.append({"member_id": mid, "nik": f"5104{i:012d}",
                            "member_no": f"{branch}-{i:06d}", "home_branch": branch,
                            "registered_event_id": mid, "registered_seq": i})  # fmt: skip
            for field, value in (("name", name), *((f, f"{f} {i}") for f in FIELDS)):
                batch_f.append({"member_id": mid, "field": field, "value": value, "hlc": "0",
                                "device_id": "d"})  # fmt: skip
            batch_b.append({"member_id": mid, "product": "sukarela",
                            "amount": rnd.randrange(10_000_000)})  # fmt: skip
        conn.execute(t.members.insert(), batch_m)
        conn.execute(t.member_fields.insert(), batch_f)
        conn.execute(t.balances.insert(), batch_b)
        conn.execute(
            t.gl_balances.insert(),
            [{"account": f"1101:{b}:u-teller", "balance": rnd.randrange(10**9)} for b in BRANCHES],
        )
        last = int(conn.execute(t.server_state.select()).first().last_seq)  # type: ignore[union-attr]
        rows = []
        for n in range(events):
            seq = last + n + 1
            branch = BRANCHES[n % len(BRANCHES)]
            day = (START + dt.timedelta(days=(n // 1000) % 90)).isoformat()
            rows.append({"global_seq": seq, "event_id": f"e{seq}", "device_id": f"d-{branch}",
                         "device_seq": n // len(BRANCHES) + 1, "branch_id": branch,
                         "type": "SavingsDeposited", "business_date": day, "hash": "0" * 64,
                         "body": f'{{"member_id":"m{n % max(members, 1):07d}"}}'})  # fmt: skip
            if len(rows) == 50_000:
                conn.execute(t.events.insert(), rows)
                rows = []
        if rows:
            conn.execute(t.events.insert(), rows)
        conn.execute(t.server_state.update().values(last_seq=last + events))
        # Branches close their days: all but the last two of the period are closed.
        days = sorted({(START + dt.timedelta(days=(n // 1000) % 90)).isoformat()
                       for n in range(0, events, 1000)})  # fmt: skip
        conn.execute(
            t.closed_days.insert(),
            [{"branch_id": b, "business_date": d} for b in BRANCHES for d in days[:-2]],
        )


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def timed(fn: Callable[[int], object], runs: int) -> list[float]:
    out = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


@contextlib.contextmanager
def database_url(use_postgres: bool, folder: Path) -> Iterator[str]:
    if use_postgres:
        with postgres_cluster() as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'central.sqlite3'}"


def explain(db: Database, query: str) -> None:
    """The database's own plan (EXPLAIN ANALYZE; SQLite: EXPLAIN QUERY PLAN) of the statement
    ``search_members`` runs for its name match, caught as it runs."""
    caught: list[tuple[str, object]] = []

    def catch(conn: object, cursor: object, statement: str, params: object, *_: object) -> None:
        if "LIKE" in statement.upper():
            caught.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", catch)
    try:
        overview.search_members(db, query)
    finally:
        event.remove(db.engine, "before_cursor_execute", catch)
    statement, params = caught[0]
    prefix = "EXPLAIN ANALYZE " if db.dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    with db.engine.connect() as conn:
        plan = conn.exec_driver_sql(prefix + statement, params).all()  # type: ignore[arg-type]
    print(f"plan of the name match for {query!r}:")
    for row in plan:
        print("   ", row[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument(
        "--explain", action="store_true", help="print the plan of the search's name match"
    )
    args = parser.parse_args()
    print(f"backend: {'PostgreSQL' if args.postgres else 'SQLite'}")
    folder = Path(tempfile.mkdtemp(prefix="bench-console-"))
    rnd = random.Random(18)
    try:
        with database_url(args.postgres, folder) as url:
            run(args, Database(url), folder, rnd)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, db: Database, folder: Path, rnd: random.Random) -> None:
    admin.init(db)
    began = time.perf_counter()
    fill(db, args.members, args.events, rnd)
    if db.dialect == "postgresql":
        # What autovacuum does within a minute of a bulk load in production: without statistics
        # the planner guesses and reads every name instead of using the trigram index.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    print(f"filled {args.members:,} members, {args.events:,} events "
          f"in {time.perf_counter() - began:.1f} s")  # fmt: skip
    accounts.add_user(db, "bench", "Bench", "admin", "bench-password", actor="bench")
    app = create_app(Settings(data_dir=folder), db=db)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get("/console/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        client.post("/console/login", data={"username": "bench", "password": "bench-password",
                                            "csrf": csrf})  # fmt: skip
        queries = [f"{rnd.choice(NAMES)} {rnd.choice(SURNAMES)}" for _ in range(args.runs)]
        queries[::4] = [f"BR01-{rnd.randrange(args.members // 10):06d}"] * len(queries[::4])

        def dashboard_page(i: int) -> None:
            assert client.get("/console/").status_code == 200

        def search_page(i: int) -> None:
            assert client.get("/console/members", params={"q": queries[i]}).status_code == 200

        rows = [
            ("dashboard page", timed(dashboard_page, args.runs)),
            ("dashboard query", timed(lambda i: overview.branches(db), args.runs)),
            ("member search page", timed(search_page, args.runs)),
            ("member search query",
             timed(lambda i: overview.search_members(db, queries[i]), args.runs)),
            # The worst case: a name no member has reads every name.
            ("no-match search page",
             timed(lambda i: client.get("/console/members", params={"q": "Zzyzx"}), 10)),
            ("no-match search query",
             timed(lambda i: overview.search_members(db, "Zzyzx"), 10)),
        ]  # fmt: skip
    if args.explain:
        explain(db, queries[1])
        explain(db, "Zzyzx")
    for name, samples in rows:
        print(f"{name:<22} p95 {p95(samples):7.1f} ms   median "
              f"{statistics.median(samples) * 1000:7.1f} ms")  # fmt: skip
    db.dispose()


if __name__ == "__main__":
    main()
