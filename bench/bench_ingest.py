"""Push ingestion over real HTTP on loopback, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_ingest.py [--events 50000] [--devices 10] [--no-postgres]

Starts ``python -m sync_server serve`` as a process on a temporary database, enrols devices,
pushes pre-built batches of 500 events (a realistic branch mix: registrations, deposits,
withdrawals, sessions) and reports events/s, next to the raw SQLite insert rate of the same
event rows measured in the same run, and the server's peak resident memory (VmHWM).
Targets (DESIGN.md): >= 10,000 events/s on SQLite; <= 400 MB peak.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import glob
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ledger.events import (  # noqa: E402
    DeviceChain,
    Event,
    MemberRegistered,
    SavingsDeposited,
    SavingsWithdrawn,
    TellerSessionOpened,
)
from ledger.nik import make_nik  # noqa: E402

BATCH = 500
SQLITE_TARGET = 10_000
MEMORY_TARGET_MB = 400


# --- servers and databases ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster; yields a SQLAlchemy URL of an empty database."""
    bindir = os.environ.get("LUMBUNG_PG_BINDIR") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), ""
    )
    if not bindir or not Path(bindir, "initdb").exists():
        raise RuntimeError("no PostgreSQL binaries (set LUMBUNG_PG_BINDIR)")
    tmp = Path(tempfile.mkdtemp(prefix="lumbung-bench-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(tmp, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = tmp / "data"
    try:
        subprocess.run(
            [
                *as_user,
                f"{bindir}/initdb",
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        opts = f"-h 127.0.0.1 -p {port} -k {tmp} -c fsync=on"
        subprocess.run(
            [
                *as_user,
                f"{bindir}/pg_ctl",
                "-D",
                str(data),
                "-o",
                opts,
                "-l",
                str(tmp / "log"),
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "bench"],
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            [*as_user, f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def create_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")


@contextlib.contextmanager
def server(database_url: str, data_dir: Path, workers: int = 1) -> Iterator[tuple[str, int]]:
    """``python -m sync_server serve`` on a free port; yields (base URL, pid)."""
    port = free_port()
    env = {**os.environ, "LUMBUNG_SERVER_DATA_DIR": str(data_dir)}
    log_path = data_dir / f"server-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync_server",
                "serve",
                "--port",
                str(port),
                "--database-url",
                database_url,
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.1)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            pids += process_tree(int(child))
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server's processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in process_tree(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of the server: its largest process, in MB."""
    peaks = []
    for p in process_tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


def enrol_devices(database_url: str, base: str, branches: list[str]) -> list[tuple[str, str, str]]:
    """(branch, device_id, token) per branch, enrolled through the real API."""
    from sync_server import admin, enrolment
    from sync_server.store.db import Database

    db = Database(database_url)
    out = []
    try:
        for branch in branches:
            admin.add_branch(db, branch, branch)
            code, _ = enrolment.issue_code(db, branch, 1)
            reply = requests.post(base + "/v1/enroll", json={"code": code}, timeout=30).json()
            out.append((branch, reply["device_id"], reply["token"]))
    finally:
        db.dispose()
    return out


# --- workload -----------------------------------------------------------------------------


def branch_events(branch: str, device_id: str, count: int, district: str = "510101") -> list[Event]:
    """A branch's day: a session, registrations, and deposits/withdrawals on its members.

    Members get NIKs unique within ``district`` (give each branch its own district).
    """
    chain = DeviceChain(branch, device_id)
    day = "2024-05-02"
    teller = f"t-{branch}"
    session = f"s-{device_id}"
    events = [
        chain.make(
            TellerSessionOpened(session_id=session, teller_id=teller, opening_float=50_000_000),
            actor=teller,
            business_date=day,
        )
    ]
    members: list[str] = []
    i = 0
    while len(events) < count:
        i += 1
        if i % 10 == 1:
            member = f"{branch}-m{len(members):06d}"
            members.append(member)
            nik = make_nik(
                district,
                dt.date(1980, 1, 1 + len(members) // 9999),
                "P",
                serial=1 + len(members) % 9999,
            )
            p: object = MemberRegistered(
                member_id=member,
                member_no=f"{branch}.{len(members):06d}",
                nik=nik,
                name=f"Anggota {len(members)}",
                birth_place="Gianyar",
                birth_date="1980-01-01",
                sex="P",
                address="Jl. Raya Ubud",
                phone="081234567890",
                occupation="Petani",
                mother_maiden_name="Made",
                join_date=day,
                home_branch=branch,
            )
        elif i % 5 == 0:
            p = SavingsWithdrawn(
                member_id=members[i % len(members)],
                product="sukarela",
                amount=10_000,
                session_id=session,
            )
        else:
            p = SavingsDeposited(
                member_id=members[i % len(members)],
                product="sukarela",
                amount=25_000,
                session_id=session,
            )
        events.append(chain.make(p, actor=teller, business_date=day))  # type: ignore[arg-type]
    return events


def batches(events: list[Event]) -> list[bytes]:
    return [
        json.dumps({"events": [e.to_dict() for e in events[i : i + BATCH]]}).encode()
        for i in range(0, len(events), BATCH)
    ]


def raw_sqlite_rate(events: list[Event], path: Path) -> float:
    """Events/s inserting the same rows into a bare SQLite table, 500 per transaction."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute(
        "CREATE TABLE events (global_seq INTEGER PRIMARY KEY, event_id TEXT UNIQUE, "
        "device_id TEXT, device_seq INTEGER, branch_id TEXT, type TEXT, business_date TEXT, "
        "hash TEXT, body TEXT, UNIQUE (device_id, device_seq))"
    )
    rows = [
        (
            n,
            e.id,
            e.device_id,
            e.device_seq,
            e.branch_id,
            e.type,
            e.business_date,
            e.hash,
            e.canonical().decode(),
        )
        for n, e in enumerate(events, start=1)
    ]
    start = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        con.execute("BEGIN")
        con.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)", rows[i : i + BATCH])
        con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return len(rows) / elapsed


def run(
    database_url: str, data_dir: Path, total: int, devices: int, workers: int
) -> tuple[float, float, list[Event]]:
    """(events/s, peak MB, the events) for one backend on an empty database."""
    branches = [f"BR{n:02d}" for n in range(1, devices + 1)]
    with server(database_url, data_dir, workers) as (base, pid):
        enrolled = enrol_devices(database_url, base, branches)
        per = total // devices
        work = []
        all_events: list[Event] = []
        for n, (branch, device_id, token) in enumerate(enrolled, start=1):
            evs = branch_events(branch, device_id, per, district=f"5101{n:02d}")
            all_events += evs
            work.append((token, batches(evs)))

        def push_all(token: str, bodies: list[bytes]) -> None:
            session = requests.Session()
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "X-Lumbung-Protocol": "1",
            }
            for body in bodies:
                reply = session.post(base + "/v1/push", data=body, headers=headers, timeout=300)
                if reply.status_code != 200:
                    raise RuntimeError(f"push failed: {reply.status_code} {reply.text[:500]}")

        # Branches come online together: each device pushes its batches from its own thread.
        cpu_before = cpu_seconds(pid)
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(work)) as pool:
            for future in [pool.submit(push_all, token, bodies) for token, bodies in work]:
                future.result()
        elapsed = time.perf_counter() - start
        cpu_us = (cpu_seconds(pid) - cpu_before) / len(all_events) * 1e6
        peak = peak_rss_mb(pid)
        stored = requests.get(base + "/health", timeout=10).json()["last_seq"]
    if stored < len(all_events):
        raise RuntimeError(f"server holds {stored} events, pushed {len(all_events)}")
    print(f"  ({workers} worker(s) on {database_url.split(':')[0]}: server CPU "
          f"{cpu_us:.0f} us/event)")  # fmt: skip
    return len(all_events) / elapsed, peak, all_events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, 2],
        help="server process counts to measure (default: 1 2)",
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    print(
        f"{args.events:,} events in batches of {BATCH} from {args.devices} devices pushing "
        f"concurrently; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    results: list[tuple[str, int, float, float]] = []
    raw = 0.0
    with tempfile.TemporaryDirectory(prefix="lumbung-bench-") as tmp:
        tmpdir = Path(tmp)
        for workers in args.workers:
            url = f"sqlite:///{tmpdir / f'central-{workers}.sqlite3'}"
            rate, peak, events = run(url, tmpdir, args.events, args.devices, workers)
            results.append(("SQLite", workers, rate, peak))
            if not raw:
                raw = raw_sqlite_rate(events, tmpdir / "raw.sqlite3")
        if not args.no_postgres:
            with postgres_cluster() as pg_url:
                for n, workers in enumerate(args.workers):
                    url = pg_url if n == 0 else pg_url.replace("/bench", f"/bench{n}")
                    if n:
                        create_database(pg_url, f"bench{n}")
                    rate, peak, _ = run(url, tmpdir, args.events, args.devices, workers)
                    results.append(("PostgreSQL", workers, rate, peak))
    print(f"raw SQLite insert (same rows, 500/txn): {raw:>9,.0f} events/s")
    for backend, workers, rate, peak in results:
        verdict = ""
        if backend == "SQLite":
            verdict = "OK" if rate >= SQLITE_TARGET else "BELOW TARGET"
            verdict = f"{verdict}; {rate / raw:.1%} of raw"
        print(
            f"{backend:<10} over HTTP, {workers} worker(s): {rate:>9,.0f} events/s "
            f"({verdict or 'n/a'})"
            f"  peak RSS {peak:,.0f} MB "
            f"({'OK' if peak <= MEMORY_TARGET_MB else 'ABOVE'} <= {MEMORY_TARGET_MB})"
        )
    sqlite_best = max(r for b, _, r, _ in results if b == "SQLite")
    print(
        f"target >= {SQLITE_TARGET:,} events/s on SQLite: best {sqlite_best:,.0f} "
        f"(ratio {sqlite_best / SQLITE_TARGET:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
