"""Members as a cooperative holds them, for extract tests: by hand, drawn by hypothesis, or a
whole synthetic register; and the parties around an extract (the key holder, the data centre's
key pair) as tests play them in-process."""

from __future__ import annotations

import base64
import datetime as dt
import random
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from nacl.public import PrivateKey

from ledger.nik import PROVINCES, make_nik
from sync_server.extract import oprf
from sync_server.extract.build import Extract, build_extract
from sync_server.extract.datacentre import open_pseudonym
from sync_server.extract.keyholder import KeyHolder, State
from sync_server.extract.members import MemberRecord
from sync_server.extract.policy import DEFAULT_POLICY, Policy, parse_policy
from sync_server.extract.pseudonym import LocalKeyHolder, Pseudonymiser

TODAY = dt.date(2026, 11, 27)
COOP_NUMBER = "5171010012345"
#: The key holder's OPRF key in tests (a fixed canonical scalar, so tests can compute expected
#: pseudonyms with :func:`sync_server.extract.oprf.pseudonym_with_key`).
KH_KEY = bytes.fromhex("2f" * 31 + "05")
OTHER_KH_KEY = bytes.fromhex("61" * 31 + "0a")
#: The data centre's key pair in tests.
DC_SECRET = PrivateKey(bytes(range(1, 33)))
DC_PUBLIC_B64 = base64.b64encode(bytes(DC_SECRET.public_key)).decode()
KEYHOLDER_URL = "https://keyholder.test"
#: The old HMAC key the data centre handed out: attack tests give it to the attacker.
OLD_SHARED_KEY = b"kunci-rahasia-pusat-data-kemenkop-2026"

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
    data = configured(data)
    for old, new in replace.items():
        data = data.replace(old.encode(), new.encode())
    return parse_policy(data, source="test")


def configured(data: bytes, url: str = KEYHOLDER_URL, verify_key: bytes | None = None) -> bytes:
    """Policy text with the cooperative number, the key holder's address and the data
    centre's public key filled in (and the key holder's public key, if given)."""
    data = (
        data.replace(
            b'nomor_induk_koperasi = ""', f'nomor_induk_koperasi = "{COOP_NUMBER}"'.encode()
        )
        .replace(b'url = ""', f'url = "{url}"'.encode())
        .replace(b'public_key = ""', f'public_key = "{DC_PUBLIC_B64}"'.encode())
    )
    if verify_key is not None:
        pinned = base64.b64encode(verify_key)
        data = data.replace(b'verify_key = ""', b'verify_key = "' + pinned + b'"')
    return data


_COUNTER = iter(range(10**9))


class KeyHolderParty:
    """The key holder in-process, with one credential per cooperative and a record of its
    whole view (every element it was sent, by credential)."""

    def __init__(self, key: bytes = KH_KEY, state_dir: Path | None = None) -> None:
        directory = state_dir or Path(tempfile.mkdtemp(prefix="lumbung-kh-"))
        self.public_key = oprf.public_key(key)
        self.seen: dict[str, list[bytes]] = defaultdict(list)
        self.holder = KeyHolder(key, State(directory / "kh.sqlite3"), observer=self._observe)

    def _observe(self, name: str, elements: list[bytes]) -> None:
        self.seen[name] += elements

    def credential(self, name: str, quota: int = 1_000_000) -> LocalKeyHolder:
        """A new credential for the cooperative ``name`` (made unique: tests ask often)."""
        unique = f"{name}#{next(_COUNTER)}"
        token = self.holder.state.issue(unique, quota)
        return LocalKeyHolder(self.holder, token, verify_key=self.public_key)

    def pseudonymiser(self, name: str = "KSP-A", quota: int = 1_000_000) -> Pseudonymiser:
        return Pseudonymiser(self.credential(name, quota), bytes(DC_SECRET.public_key))


_SHARED: dict[bytes, KeyHolderParty] = {}


def keyholder(key: bytes = KH_KEY) -> KeyHolderParty:
    """One shared in-process key holder per key (credentials are cheap to add)."""
    if key not in _SHARED:
        _SHARED[key] = KeyHolderParty(key)
    return _SHARED[key]


def extract(members: list[MemberRecord], p: Policy | None = None, key: bytes = KH_KEY) -> Extract:
    """Build an extract through the in-process key holder, as a cooperative would."""
    p = p or policy()
    evaluator = keyholder(key).credential("coop")
    pseudonyms = Pseudonymiser(evaluator, p.datacentre_public_key)  # sealed as the policy says
    return build_extract(members, p, pseudonyms, TODAY)


def opened(sealed: Any) -> str:
    """What the data centre reads in a sealed pseudonym (64 hex)."""
    return open_pseudonym(DC_SECRET, str(sealed))


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


# --- a synthetic register ---------------------------------------------------------------------

#: Regencies (and three districts each) of a cooperative working across Bali and Lombok.
REGENCIES = ("5101", "5103", "5104", "5171", "5201", "5271")


def register(n: int = 3000, *, seed: int = 17, first_serial: int = 1) -> list[MemberRecord]:
    """A realistic register: ``n`` members over six regencies in two provinces, ages 17-85,
    joined 2000-2026, the usual mix of statuses, skewed savings and a minority of borrowers.
    NIK serials count up from 0001 per district, birth date and sex, as Dukcapil assigns them.
    """
    rnd = random.Random(seed)
    districts = [f"{r}{d:02d}" for r in REGENCIES for d in (1, 2, 3)]
    weights = [rnd.randint(2, 9) for _ in districts]
    serials: dict[tuple[str, dt.date, str], int] = defaultdict(int)
    result: list[MemberRecord] = []
    for i in range(n):
        district = rnd.choices(districts, weights)[0]
        born = TODAY - dt.timedelta(days=int(365.25 * rnd.uniform(17.5, 85)))
        sex = rnd.choice("LP")
        serials[(district, born, sex)] += 1
        nik = make_nik(district, born, sex, serials[(district, born, sex)])  # type: ignore[arg-type]
        joined = dt.date(2000, 1, 1) + dt.timedelta(days=rnd.randrange(9800))
        sukarela = int(rnd.lognormvariate(14.5, 1.6)) if rnd.random() < 0.8 else 0
        result.append(
            {
                "member_id": f"r-{first_serial + i}",
                "member_no": f"001-01-{first_serial + i:05d}",
                "nik": nik,
                "name": _name(rnd),
                "address": f"{rnd.choice(STREETS)} No. {rnd.randint(1, 250)}",
                "phone": "08" + "".join(rnd.choices("0123456789", k=10)),
                "birth_date": born.isoformat(),
                "sex": sex,
                "join_date": joined.isoformat(),
                "status": rnd.choices(["active", "resigned", "deceased"], [85, 12, 3])[0],
                "home_branch": "BR01",
                "savings": {"pokok": 100_000, "wajib": rnd.randrange(0, 3_000_000),
                            "sukarela": sukarela},
                "loans_outstanding": int(rnd.lognormvariate(16, 1)) if rnd.random() < 0.3 else 0,
            }
        )  # fmt: skip
    return result
