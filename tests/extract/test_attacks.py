"""Attacks on the extract, played by the parties who could try them (issue 17).

Two cooperatives with realistic registers (3,000 and 1,700 members over six regencies of Bali
and Lombok, 200 people members of both) make their extracts through a real key-holder process
over HTTP, each with its own credential. Then:

- **the data centre**, holding everything it receives (both extracts, its secret key that opens
  the pseudonyms) and everything it held before (the old shared HMAC key), tries to invert every
  pseudonym by enumerating NIKs, and counts rows it can single out on the published columns;
- **a second cooperative**, with its own register, its own server's credential at the key
  holder (the public API, exactly as a cooperative has it) and a leaked copy of the first
  cooperative's extract, tries the same through the key holder, and tries to tell which of its
  own members are in the other extract;
- and the data centre links the people who are members of both.

The enumerations are given *more* than the extract says: each row's true district and birth
date (the extract publishes at most a province and a band of years), so only the sex and the
serial are left to guess. Every function each party can compute is tried on every candidate.
A control runs the same enumeration with the key holder's key (what a stolen key, or the key
holder colluding, would give) and recovers every NIK it tries, so a zero is the key's doing,
not a blind spot of the test.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import requests

from ledger.nik import decode_nik
from sync_server.extract import oprf
from sync_server.extract.build import build_extract, render
from sync_server.extract.datacentre import open_document
from sync_server.extract.members import MemberRecord
from sync_server.extract.pseudonym import HttpKeyHolder, PseudonymError, Pseudonymiser
from tests.extract.builders import (
    COOP_NUMBER,
    DC_SECRET,
    OLD_SHARED_KEY,
    TODAY,
    policy,
    register,
)
from tests.extract.conftest import KeyHolderProcess

POLICY = policy()
SHARED = 200
#: Serials tried for every row: Dukcapil numbers people born on the same day in the same
#: district from 0001 up, so real serials are small; this register's highest is 2 or 3.
SERIALS = range(1, 31)
#: Rows for which every serial 0001-9999 is tried as well.
FULL_SERIAL_ROWS = 15
QI = [c for c in POLICY.field_names if c != "nik_pseudonym"]
FIGURES: dict[str, object] = {}


@dataclass
class Cooperative:
    name: str
    members: list[MemberRecord]
    token: str
    received: dict  # the extract as the data centre receives it (JSON)


@dataclass
class World:
    a: Cooperative
    b: Cooperative
    shared_niks: list[str]
    keyholder: KeyHolderProcess


def _make_extract(members: list[MemberRecord], url: str, token: str) -> dict:
    pseudonyms = Pseudonymiser(HttpKeyHolder(url, token), bytes(DC_SECRET.public_key))
    return json.loads(render(build_extract(members, POLICY, pseudonyms, TODAY), "json"))


@pytest.fixture(scope="module")
def world(keyholder_process: KeyHolderProcess) -> World:
    members_a = register(3000, seed=17)
    niks_a = {m["nik"] for m in members_a}
    rnd = random.Random(4)
    both = rnd.sample(members_a, SHARED)
    # The same people at the second cooperative: same NIK, their own join date and savings.
    again = [
        {**m, "member_id": f"b-{i}", "join_date": f"{rnd.randint(2015, 2026)}-0{rnd.randint(1, 9)}"
         "-15", "savings": {"pokok": 50_000, "sukarela": rnd.randrange(10**7)}}
        for i, m in enumerate(both)
    ]  # fmt: skip
    own_b = [m for m in register(1500, seed=99, first_serial=50_000) if m["nik"] not in niks_a]
    members_b = own_b + again  # type: ignore[operator]
    url = keyholder_process.url
    coops = []
    for name, members in (("KSP-A", members_a), ("KSP-B", members_b)):
        token = keyholder_process.issue(name, quota=2 * len(members))
        coops.append(Cooperative(name, members, token, _make_extract(members, url, token)))
    for coop in coops:
        assert coop.received["k_anonymity"]["withheld_rows"] == 0
        assert len(coop.received["members"]) == len(coop.members)
    return World(coops[0], coops[1], [m["nik"] for m in both], keyholder_process)


def published_groups(doc: dict) -> Counter:
    return Counter(tuple(r[c] for c in QI) for r in doc["members"])


def candidates(record: MemberRecord, serials: range | list[int]) -> Iterator[str]:
    """NIKs for the member's true district and birth date, both sexes, the given serials."""
    info = decode_nik(record["nik"], today=TODAY)
    born = info.birth_date
    for sex in ("L", "P"):
        day = born.day + (40 if sex == "P" else 0)
        stem = f"{info.district}{day:02d}{born.month:02d}{born.year % 100:02d}"
        for serial in serials:
            yield f"{stem}{serial:04d}"


def keyless_functions() -> dict[str, Callable[[bytes], str]]:
    """Every way the data centre (or anyone without the key holder's key) can turn a NIK into
    something to compare with a pseudonym."""
    return {
        "sha256": lambda n: hashlib.sha256(n).hexdigest(),
        "sha512/256": lambda n: hashlib.sha512(n).hexdigest()[:64],
        "blake2b-256": lambda n: hashlib.blake2b(n, digest_size=32).hexdigest(),
        "hmac-old-shared-key": lambda n: hmac.new(OLD_SHARED_KEY, n, hashlib.sha256).hexdigest(),
        "hmac-coop-number": lambda n: hmac.new(COOP_NUMBER.encode(), n, hashlib.sha256).hexdigest(),
    }


def candidate_space(row: dict, districts: dict[str, int]) -> int:
    """How many NIKs are consistent with one published row: districts of the published region
    (those of this register, fewer than really exist) × days of the published birth years ×
    sexes × 9999 serials."""
    region = row["regency_code"] if row["regency_code"] not in ("*", "") else row["province_code"]
    n_districts = sum(1 for d in districts if region in ("*", "") or d.startswith(region))
    years = str(row["birth_year"])
    if years == "*":
        first, last = 1941, 2009
    elif "–" in years:
        first, last = (int(y) for y in years.split("–"))
    else:
        first = last = int(years)
    days = (dt.date(last, 12, 31) - dt.date(first, 1, 1)).days + 1
    sexes = 1 if row["sex"] in ("L", "P") else 2
    return n_districts * days * sexes * 9999


def test_the_data_centre_recovers_no_nik_and_singles_out_no_one(world: World) -> None:
    functions = keyless_functions()
    recovered = tried = 0
    for coop in (world.a, world.b):
        opened = open_document(DC_SECRET, coop.received)  # what the data centre can read
        targets = {r["nik_pseudonym"] for r in opened["members"]}
        assert len(targets) == len(coop.members)

        # Single out: every published combination holds at least k people.
        groups = published_groups(opened)
        assert min(groups.values()) >= POLICY.k
        assert sum(1 for n in groups.values() if n == 1) == 0
        FIGURES[f"{coop.name} groups"] = (len(groups), min(groups.values()))
        FIGURES[f"{coop.name} generalised"] = opened["k_anonymity"]["levels"]

        # Invert: every row, every candidate, every function the data centre can compute.
        # (The candidates hold every true NIK: the enumeration misses nobody.)
        sample = coop.members[:FULL_SERIAL_ROWS]
        for record in coop.members:
            assert record["nik"] in set(candidates(record, SERIALS))
            for nik in candidates(record, SERIALS):
                raw = nik.encode()
                tried += 1
                recovered += sum(f(raw) in targets for f in functions.values())
        for record in sample:
            for nik in candidates(record, range(1, 10_000)):
                tried += 1
                recovered += hmac.new(OLD_SHARED_KEY, nik.encode(), "sha256").hexdigest() in (
                    targets
                )
        districts = Counter(decode_nik(m["nik"], today=TODAY).district for m in coop.members)
        space = min(candidate_space(r, districts) for r in opened["members"])
        FIGURES[f"{coop.name} smallest candidate space per row"] = space
        assert space > 10**7
    FIGURES["data centre: candidates tried"] = tried
    FIGURES["data centre: recovered"] = recovered
    assert recovered == 0

    # Nor can it ask the key holder: it has no credential there (its own dc. token, or none,
    # is refused before anything is evaluated).
    element = oprf.blind(world.a.members[0]["nik"])[1].hex()
    for headers in ({}, {"Authorization": "Bearer dc.its-extract-token-at-the-cooperative"}):
        reply = requests.post(
            world.keyholder.url + "/v1/evaluate",
            json={"elements": [element]},
            headers=headers,
            timeout=10,
        )
        assert reply.status_code == 401

    # Control: the same enumeration, with the key holder's key, finds every NIK it tries.
    key = world.keyholder.key
    targets = {r["nik_pseudonym"] for r in open_document(DC_SECRET, world.a.received)["members"]}
    found = 0
    sample = random.Random(1).sample(world.a.members, 25)
    for record in sample:
        for nik in candidates(record, range(1, 4)):
            if oprf.pseudonym_with_key(key, nik).hex() in targets:
                found += 1
                assert nik == record["nik"]
    FIGURES["control with the key holder's key: recovered"] = f"{found}/{len(sample)}"
    assert found == len(sample)


def test_a_second_cooperative_recovers_nothing_from_a_leaked_extract(world: World) -> None:
    leaked = world.a.received  # a copy of A's extract as the data centre received it
    published = {r["nik_pseudonym"] for r in leaked["members"]}
    attacker = Pseudonymiser(
        HttpKeyHolder(world.keyholder.url, world.b.token), bytes(DC_SECRET.public_key)
    )

    def comparable(pseudonym: bytes) -> set[str]:
        """Every form a pseudonym it computed could take in the published column."""
        return {
            pseudonym.hex(),
            base64.b64encode(pseudonym).decode(),
            attacker.seal(pseudonym),
            hashlib.sha256(pseudonym).hexdigest(),
        }

    # 1. Which of its own members are in A's extract? It computes their pseudonyms through
    #    the key holder exactly as for its own extract: 200 of them are there.
    mine = attacker.pseudonyms([m["nik"] for m in world.b.members[-SHARED:]])
    in_both = sum(bool(comparable(p) & published) for p in mine.values())

    # 2. Invert A's rows by asking the key holder for candidate pseudonyms until it refuses.
    wanted = [nik for record in world.a.members for nik in candidates(record, SERIALS)]
    evaluated = recovered = 0
    refused = ""
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        try:
            got = attacker.pseudonyms(chunk)
        except PseudonymError as exc:
            refused = exc.message_en
            break
        evaluated += len(chunk)
        recovered += sum(bool(comparable(p) & published) for p in got.values())

    FIGURES["second cooperative: own members found in A's extract"] = f"{in_both}/{SHARED}"
    FIGURES["second cooperative: evaluations before the quota stopped it"] = evaluated
    FIGURES["second cooperative: of candidates wanted"] = len(wanted)
    FIGURES["second cooperative: recovered"] = recovered
    assert in_both == 0
    assert recovered == 0
    assert "refused (429)" in refused and "Quota exceeded" in refused
    assert evaluated <= 2 * len(world.b.members)

    # 3. Single out: the same published columns the data centre sees, the same answer.
    groups = published_groups(leaked)
    assert min(groups.values()) >= POLICY.k


def test_the_data_centre_links_the_same_person_across_cooperatives(world: World) -> None:
    a = {r["nik_pseudonym"] for r in open_document(DC_SECRET, world.a.received)["members"]}
    b = {r["nik_pseudonym"] for r in open_document(DC_SECRET, world.b.received)["members"]}
    key = world.keyholder.key
    expected = {oprf.pseudonym_with_key(key, nik).hex() for nik in world.shared_niks}
    assert a & b == expected
    FIGURES["data centre: people linked across A and B"] = f"{len(a & b)}/{SHARED}"
    # The sealed values themselves never match across the two files, nor within one.
    sealed_a = {r["nik_pseudonym"] for r in world.a.received["members"]}
    sealed_b = {r["nik_pseudonym"] for r in world.b.received["members"]}
    assert not sealed_a & sealed_b and len(sealed_a) == len(world.a.members)


def test_report_figures(world: World) -> None:
    """Prints what the attacks found (pytest -s shows it), after the three above."""
    for name, value in FIGURES.items():
        print(f"{name}: {value}")
