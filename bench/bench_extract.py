"""The data-centre extract over a large membership: read, build, render.

Two figures: the pure core (records -> extract -> JSON and CSV) over in-memory records, with
the OPRF pseudonyms from an in-process key holder (blind, evaluate, unblind, seal: the
cryptography a real run does, without the HTTP round trips) and k-anonymity, and
the store adapter reading the same members from a central SQLite database whose projection
tables are filled directly (the adapter reads projections, so how they were filled does not
matter). There is no target in DESIGN.md; an extract is a monthly job, and this shows it takes
minutes, not hours, for a large cooperative (the OPRF, about 1 ms a member, is most of
it; 20,000 members took 33 s on the shared 2-core machine).

    .venv/bin/python bench/bench_extract.py                  # 100,000 members
    .venv/bin/python bench/bench_extract.py --members 20000
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import random
import shutil
import tempfile
import time
from pathlib import Path

from nacl.public import PrivateKey

from ledger.nik import PROVINCES, make_nik
from sync_server import admin
from sync_server.extract import oprf
from sync_server.extract.build import build_extract, render
from sync_server.extract.keyholder import KeyHolder, State
from sync_server.extract.members import MemberRecord
from sync_server.extract.policy import DEFAULT_POLICY, parse_policy
from sync_server.extract.pseudonym import LocalKeyHolder, Pseudonymiser
from sync_server.extract.source import member_records
from sync_server.store import tables as t
from sync_server.store.db import Database

TODAY = dt.date(2026, 11, 27)


def records(n: int, rnd: random.Random) -> list[MemberRecord]:
    provinces = sorted(PROVINCES)
    out: list[MemberRecord] = []
    for i in range(n):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(20_000))
        sex = rnd.choice("LP")
        district = f"{rnd.choice(provinces)}{rnd.randint(1, 30):02d}{rnd.randint(1, 20):02d}"
        out.append(
            {
                "member_id": f"m{i}",
                "nik": make_nik(district, born, sex, i % 9999 + 1),  # type: ignore[arg-type]
                "birth_date": born.isoformat(),
                "sex": sex,
                "join_date": (TODAY - dt.timedelta(days=rnd.randrange(9000))).isoformat(),
                "status": rnd.choice(["active"] * 8 + ["resigned", "deceased"]),
                "savings": {"pokok": 100_000, "sukarela": rnd.randrange(50_000_000)},
                "loans_outstanding": rnd.choice([0, 0, rnd.randrange(80_000_000)]),
            }
        )
    return out


def fill_store(db: Database, members: list[MemberRecord]) -> None:
    with db.write() as conn:
        conn.execute(
            t.members.insert(),
            [
                {
                    "member_id": m["member_id"],
                    "nik": m["nik"],
                    "member_no": m["member_id"],
                    "home_branch": "BR01",
                    "registered_event_id": m["member_id"],
                    "registered_seq": i,
                }
                for i, m in enumerate(members)
            ],
        )
        fields = [
            {
                "member_id": m["member_id"],
                "field": f,
                "value": str(m[f]),
                "hlc": "0",
                "device_id": "d",
            }  # type: ignore[literal-required]
            for m in members
            for f in ("birth_date", "sex", "join_date", "status")
        ]
        conn.execute(t.member_fields.insert(), fields)
        conn.execute(
            t.balances.insert(),
            [
                {"member_id": m["member_id"], "product": p, "amount": a}
                for m in members
                for p, a in m["savings"].items()
            ],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    args = parser.parse_args()
    datacentre = PrivateKey.generate()
    policy = parse_policy(
        DEFAULT_POLICY.read_bytes()
        .replace(b'nomor_induk_koperasi = ""', b'nomor_induk_koperasi = "5171010012345"')
        .replace(b'url = ""', b'url = "https://keyholder.bench"')
        .replace(
            b'public_key = ""',
            b'public_key = "' + base64.b64encode(bytes(datacentre.public_key)) + b'"',
        )
    )
    members = records(args.members, random.Random(7))
    tmp = Path(tempfile.mkdtemp(prefix="lumbung-bench-extract-"))
    holder = KeyHolder(oprf.new_key(), State(tmp / "keyholder.sqlite3"))
    token = holder.state.issue("bench", quota=10 * args.members)
    pseudonyms = Pseudonymiser(LocalKeyHolder(holder, token), bytes(datacentre.public_key))

    start = time.perf_counter()
    extract = build_extract(members, policy, pseudonyms, TODAY)
    built = time.perf_counter()
    as_json = render(extract, "json")
    as_csv = render(extract, "csv") + render(extract, "csv", "aggregates")
    rendered = time.perf_counter()
    print(f"members: {args.members:,}; region cells: {len(extract.aggregates):,}")
    print(f"pure core: build {built - start:.2f} s, render JSON+CSV {rendered - built:.2f} s")
    print(f"  JSON {len(as_json) / 1e6:.1f} MB, CSV {len(as_csv) / 1e6:.1f} MB")
    print(f"  k-anonymity: {extract.anonymity}")

    try:
        db = Database(f"sqlite:///{tmp / 'central.sqlite3'}")
        admin.init(db)
        fill_store(db, members)
        start = time.perf_counter()
        loaded = list(member_records(db))
        read = time.perf_counter()
        print(f"store adapter (SQLite): read {len(loaded):,} records in {read - start:.2f} s")
        db.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
