"""Members as a cooperative holds them, for extract tests: by hand or drawn by hypothesis."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import strategies as st

from ledger.nik import PROVINCES, make_nik
from sync_server.extract.members import MemberRecord
from sync_server.extract.policy import DEFAULT_POLICY, Policy, parse_policy

TODAY = dt.date(2026, 11, 27)
COOP_NUMBER = "5171010012345"
KEY = b"kunci-rahasia-pusat-data-kemenkop-2026"
OTHER_KEY = b"kunci-lain-untuk-uji-yang-berbeda-sama-sekali"

BALINESE_FIRST = ["Wayan", "Made", "Nyoman", "Ketut", "Putu", "Kadek", "Komang", "Gede"]
BALINESE_PREFIX = ["I", "Ni", "I Gusti", "Ni Luh", "Anak Agung", "Ida Bagus", "Desak"]
BALINESE_LAST = [
    "Sudarsana",
    "Suartini",
    "Wiratama",
    "Arimbawa",
    "Sukerti",
    "Mahendra",
    "Darmayasa",
]
INDONESIAN = [
    "Siti Rahayu",
    "Budi Santoso",
    "Dewi Lestari",
    "Agus Setiawan",
    "Sri Wahyuni",
    "Rudi Hartono",
    "Nurul Hidayah",
    "Yohanes Pattinasarany",
    "Fransiska Ndapa",
]
STREETS = ["Jl. Raya Ubud", "Jl. Gatot Subroto Timur", "Gang Melati", "Jl. Bypass Ngurah Rai"]
VILLAGES = ["Desa Mas", "Kelurahan Sesetan", "Banjar Tegal", "Desa Batubulan Kangin"]


def policy(text: bytes | None = None, **replace: str) -> Policy:
    """The checked-in default policy with the cooperative number filled in (and ``replace``
    applied as text substitutions, for variants)."""
    data = text if text is not None else DEFAULT_POLICY.read_bytes()
    data = data.replace(
        b'nomor_induk_koperasi = ""', f'nomor_induk_koperasi = "{COOP_NUMBER}"'.encode()
    )
    for old, new in replace.items():
        data = data.replace(old.encode(), new.encode())
    return parse_policy(data, source="test")


def member(
    name: str = "I Wayan Sudarsana",
    *,
    nik: str | None = None,
    district: str = "517101",
    born: dt.date = dt.date(1980, 5, 17),
    sex: str = "L",
    serial: int = 1,
    status: str = "active",
    joined: str = "2019-03-04",
    savings: dict[str, int] | None = None,
    loans: int = 0,
    **extra: Any,
) -> MemberRecord:
    record: MemberRecord = {
        "member_id": f"m-{serial}",
        "nik": nik or make_nik(district, born, sex, serial),  # type: ignore[arg-type]
        "name": name,
        "address": "Jl. Raya Ubud No. 7, Desa Mas",
        "phone": "081234567890",
        "birth_date": born.isoformat(),
        "sex": sex,
        "join_date": joined,
        "status": status,
        "home_branch": "BR01",
        "savings": savings if savings is not None else {"pokok": 100_000, "wajib": 250_000},
        "loans_outstanding": loans,
    }
    record.update(extra)  # type: ignore[typeddict-item]
    return record


# --- hypothesis -----------------------------------------------------------------------------

#: Exact amounts, never a whole number of millions: rounded totals and band edges are whole
#: millions, so an amount that is one could show up legitimately and the test could not tell.
amounts = st.integers(10_000, 2_000_000_000).filter(lambda a: a % 1_000_000 != 0)


def _name(rnd: random.Random) -> str:
    if rnd.random() < 0.5:
        return rnd.choice(INDONESIAN)
    parts = (rnd.choice(BALINESE_PREFIX), rnd.choice(BALINESE_FIRST), rnd.choice(BALINESE_LAST))
    return " ".join(parts)


@st.composite
def districts(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCES)))
    return f"{province}{draw(st.integers(1, 79)):02d}{draw(st.integers(1, 40)):02d}"


@st.composite
def records(draw: st.DrawFn, serial: int, district: str | None = None) -> MemberRecord:
    """One member. Hypothesis draws what shapes the extract (birth date, sex, status, amounts);
    the words and digits that only have to be *absent* from it (name, address, phone, join
    date) come from a drawn seed, which keeps forty-member examples cheap to generate."""
    born = draw(st.dates(dt.date(1940, 1, 1), dt.date(2008, 12, 31)))
    sex = draw(st.sampled_from(["L", "P"]))
    nik = make_nik(district or draw(districts()), born, sex, serial)  # type: ignore[arg-type]
    savings = {p: draw(amounts | st.just(0)) for p in ("pokok", "wajib", "sukarela")}
    rnd = random.Random(draw(st.integers(0, 2**32)))
    joined = dt.date(2000, 1, 1) + dt.timedelta(
        days=rnd.randrange((TODAY - dt.date(2000, 1, 1)).days)
    )
    return {
        "member_id": f"m-{serial}",
        "member_no": f"001-01-{serial:05d}",
        "nik": nik,
        "name": _name(rnd),
        "address": f"{rnd.choice(STREETS)} No. {rnd.randint(1, 250)}, {rnd.choice(VILLAGES)}",
        "phone": "08" + "".join(rnd.choices("0123456789", k=rnd.randint(9, 11))),
        "birth_date": born.isoformat(),
        "sex": sex,
        "join_date": joined.isoformat(),
        "status": draw(st.sampled_from(["active", "active", "active", "resigned", "deceased"])),
        "home_branch": "BR01",
        "savings": savings,
        "loans_outstanding": draw(amounts | st.just(0)),
    }


@st.composite
def member_sets(draw: st.DrawFn, max_size: int = 40) -> list[MemberRecord]:
    """Members of one cooperative, unique NIKs, often crowded into a few regencies (so region
    tables have both suppressed and shown cells)."""
    n = draw(st.integers(1, max_size))
    home = draw(st.lists(districts(), min_size=1, max_size=3))
    result: list[MemberRecord] = []
    niks: set[str] = set()
    for serial in range(1, n + 1):
        district = draw(st.sampled_from(home)) if draw(st.integers(0, 4)) else None
        record = draw(records(serial, district))
        if record["nik"] not in niks:
            niks.add(record["nik"])
            result.append(record)
    return result
