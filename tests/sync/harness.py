"""The sync test harness: a real server process (that can be killed and restarted on the same
database), head office's admin in-process over that database, and branch replicas that are real
desktop stores synced by the real engine over HTTP."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from desktop.store import Store
from desktop.sync import SyncClient, SyncEngine, engine_for, enrol
from ledger.events import (
    Event,
    MemberRegistered,
    Reversed,
    SavingsDeposited,
    SavingsWithdrawn,
    TellerSessionOpened,
)
from ledger.ids import uuid7
from ledger.nik import decode_nik, make_nik
from ledger.projection import Projection
from sync_server import admin, enrolment
from sync_server.store import tables as t
from sync_server.store.db import Database

ROOT = Path(__file__).resolve().parents[2]
DAY = "2025-11-27"
_niks = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``python -m sync_server serve`` on a fixed port and database: kill it, start it again."""

    def __init__(self, data_dir: Path, database_url: str | None = None, **env: str) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url or f"sqlite:///{data_dir / 'central.sqlite3'}"
        self.port = free_port()
        self.env = {
            **os.environ,
            "LUMBUNG_SERVER_DATA_DIR": str(data_dir),
            "LUMBUNG_SERVER_SNAPSHOT_PAGE_ROWS": "20",
            "LUMBUNG_SERVER_SNAPSHOT_MAX_LAG": "0",
            "LUMBUNG_SERVER_LOG_LEVEL": "warning",
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "server.log"
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        assert self.proc is None or self.proc.poll() is not None
        self.starts += 1
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync_server", "serve", "--host", "127.0.0.1",
                 "--port", str(self.port), "--database-url", self.database_url],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(self.url + "/health", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"server did not start:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.02)

    def kill(self) -> None:
        """kill -9: no shutdown, no flush, whatever was in flight."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def tracebacks(self) -> list[str]:
        if not self.log_path.exists():
            return []
        return [line for line in self.log_path.read_text().splitlines() if "Traceback" in line]


class Central:
    """Head office: the server process and admin work on its database (as the CLI does)."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.db = Database(server.database_url)
        admin.init(self.db)

    @property
    def url(self) -> str:
        return self.server.url

    def close(self) -> None:
        self.db.dispose()

    def add_branch(self, name: str = "") -> str:
        branch_id = "S" + uuid.uuid4().hex[:8].upper()
        admin.add_branch(self.db, branch_id, name or f"Cabang {branch_id}")
        return branch_id

    def code(self, branch_id: str) -> str:
        code, _ = enrolment.issue_code(self.db, branch_id, 1)
        return code

    def last_seq(self) -> int:
        return self.db.last_seq()

    # What the server holds -------------------------------------------------------------------

    def events(self, after: int = 0) -> list[tuple[int, Event]]:
        with self.db.read() as conn:
            rows = conn.execute(
                select(t.events.c.global_seq, t.events.c.body)
                .where(t.events.c.global_seq > after)
                .order_by(t.events.c.global_seq)
            ).all()
        return [(seq, Event.from_dict(json.loads(body))) for seq, body in rows]

    def device_seqs(self, device_id: str) -> list[int]:
        with self.db.read() as conn:
            return [
                s
                for (s,) in conn.execute(
                    select(t.events.c.device_seq)
                    .where(t.events.c.device_id == device_id)
                    .order_by(t.events.c.device_seq)
                )
            ]

    def balances(self, member_ids: set[str]) -> dict[tuple[str, str], int]:
        with self.db.read() as conn:
            rows = conn.execute(
                select(t.balances.c.member_id, t.balances.c.product, t.balances.c.amount)
            ).all()
        return {(m, p): a for m, p, a in rows if m in member_ids and a}

    def gl(self, branches: set[str]) -> dict[str, int]:
        with self.db.read() as conn:
            rows = conn.execute(select(t.gl_balances.c.account, t.gl_balances.c.balance)).all()
        return {a: b for a, b in rows if b and set(a.split(":")[1:]) & branches}

    def cases(self, member_ids: set[str] | None = None) -> list[dict[str, Any]]:
        with self.db.read() as conn:
            rows = conn.execute(select(t.review_cases)).mappings().all()
        return [dict(r) for r in rows if member_ids is None or r["member_id"] in member_ids]

    def holds(self, member_ids: set[str]) -> list[tuple[str, str, str]]:
        with self.db.read() as conn:
            rows = conn.execute(select(t.holds)).all()
        return [(c, m, p) for c, m, p in rows if m in member_ids]


@dataclass
class Replica:
    """A branch PC: a real desktop store, enrolled, synced by the real engine."""

    central: Central
    branch_id: str
    path: Path
    store: Store
    engine: SyncEngine
    teller: str = "u-teller"
    session_id: str = field(default_factory=uuid7)

    @classmethod
    def enrolled(
        cls, central: Central, branch_id: str, folder: Path, *, from_now: bool = False
    ) -> Replica:
        """A new store enrolled at ``branch_id``. ``from_now``: its cursor starts at the
        server's present (tests sharing one server see only their own era)."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "lumbung.sqlite3"
        store = Store(path)
        enrol(store, central.url, central.code(branch_id), device_name="pc", first_sync=False)
        if from_now:
            with store.transaction() as conn:
                conn.execute(
                    "UPDATE sync_state SET cursor = ?, needs_bootstrap = 0", (central.last_seq(),)
                )
        engine = engine_of(store)
        return cls(central, branch_id, path, store, engine)

    @property
    def device_id(self) -> str:
        assert self.store.identity is not None
        return self.store.identity.device_id

    def close(self) -> None:
        self.engine.close()
        self.store.close()

    def sync(self) -> Any:
        return self.engine.sync_once()

    # Counter work, straight on the store (the service's rules are tested elsewhere) -------

    def post(self, payload: Any) -> Event:
        with self.store.transaction():
            return self.store.append(payload, actor=self.teller, business_date=DAY)

    def open_drawer(self) -> Event:
        return self.post(TellerSessionOpened(self.session_id, self.teller, 50_000_000))

    def register(self, nik: str | None = None, name: str = "Ni Luh Sari") -> str:
        member_id = uuid7()
        nik = nik or make_nik("510403", dt.date(1990, 3, 7), "P", next(_niks) % 9000 + 1)
        born = decode_nik(nik)  # what the counter's form fills in from the NIK
        self.post(
            MemberRegistered(
                member_id=member_id,
                member_no=f"{self.branch_id}-{member_id[-6:]}",
                nik=nik,
                name=name,
                birth_place="Gianyar",
                birth_date=born.birth_date.isoformat(),
                sex=born.sex,
                address="Jl. Raya Ubud 1",
                phone="081234567890",
                occupation="Pedagang",
                mother_maiden_name="Ni Ketut",
                join_date=DAY,
                home_branch=self.branch_id,
            )
        )
        return member_id

    def deposit(self, member_id: str, amount: int) -> Event:
        return self.post(SavingsDeposited(member_id, "sukarela", amount, self.session_id))

    def withdraw(self, member_id: str, amount: int) -> Event:
        return self.post(SavingsWithdrawn(member_id, "sukarela", amount, self.session_id))

    def reverse(self, target_id: str) -> Event:
        return self.post(Reversed(target_id, "salah input", self.session_id))

    def balance(self, member_id: str) -> int:
        row = self.store.conn.execute(
            "SELECT balance FROM member_balances WHERE member_id = ? AND product = 'sukarela'",
            (member_id,),
        ).fetchone()
        return int(row[0]) if row else 0

    def knows(self, member_id: str) -> bool:
        return (
            self.store.conn.execute(
                "SELECT 1 FROM members WHERE member_id = ?", (member_id,)
            ).fetchone()
            is not None
        )


def engine_of(store: Store, **kw: Any) -> SyncEngine:
    engine = engine_for(store)
    assert engine is not None
    if kw:
        engine = SyncEngine(store, SyncClient(engine.client.base_url, engine.client.token), **kw)
    return engine


def projection_of(events: list[Event]) -> Projection:
    return Projection().apply_all(events)


def replica_state(store: Store) -> dict[str, Any]:
    """The parts of a store that every replica must agree on."""
    state = store.state()
    cases = {
        case_id: (kind, member_id, resolution)
        for case_id, kind, member_id, resolution in store.conn.execute(
            "SELECT case_id, kind, member_id, resolution FROM review_cases ORDER BY case_id"
        )
    }
    return {**state, "cases": cases}


def expected_state(projection: Projection) -> dict[str, Any]:
    """The same parts from the reference projection over the server's events."""
    state = projection.state()
    cases = {
        case_id: (c["kind"], c["member_id"], c.get("resolution", ""))
        for case_id, c in sorted(projection.cases.items())
    }
    return {**state, "cases": cases}


def sync_until_done(replica: Replica, attempts: int = 50) -> Any:
    """Sync, retrying while the server cannot be reached (as the worker's backoff would)."""
    from desktop.sync import ServerUnreachable

    for _ in range(attempts):
        try:
            return replica.sync()
        except ServerUnreachable:
            time.sleep(0.05)
    raise AssertionError("the server stayed unreachable")


def assert_converged(central: Central, replicas: list[Replica]) -> Projection:
    """Zero lost, zero duplicated, every replica equal to the central ledger, books balanced.

    The replicas must have synced after their last event (push, then everyone pulls)."""
    held = central.events()
    ids = [e.id for _, e in held]
    assert len(ids) == len(set(ids)), "an event is stored twice on the server"
    for r in replicas:
        (own,) = r.store.conn.execute(
            "SELECT count(*) FROM events WHERE device_id = ?", (r.device_id,)
        ).fetchone()
        assert central.device_seqs(r.device_id) == list(range(1, own + 1)), "lost or gap"
        assert r.store.pending_count() == 0
    reference = projection_of([e for _, e in held])
    assert reference.trial_balance_total() == 0
    want = expected_state(reference)
    for r in replicas:
        assert replica_state(r.store) == want
        assert sum(v for (v,) in r.store.conn.execute("SELECT balance FROM gl_balances")) == 0
    assert admin.list_alarms(central.db) == []
    return reference
