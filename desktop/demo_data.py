"""Demo data: a Balinese cooperative with a few weeks of history, and a bulk member register.

:func:`seed_demo` fills a store the way a branch would have: through :class:`BranchService`,
as teller ``ayu`` with supervisor ``made`` authorising, day by day with the drawer opened and
counted. :func:`seed_members_fast` makes a large register for benchmarks: it skips the counter
checks but writes every member through the store's own event and projection path, so the
tables are exactly what the same events would give at the counter.

Demo logins (printed by ``lumbung demo``; never use them for real):

=========  ==========  ===========================
user name  password    role
=========  ==========  ===========================
made       made1234    supervisor (I Made Sudarsana)
ayu        ayu12345    teller (Ni Luh Ayu Lestari)
=========  ==========  ===========================
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

from argon2 import PasswordHasher

from desktop.services import BranchService, DuplicateNik, StaffUser
from desktop.store import bulk
from ledger.errors import LumbungError
from ledger.events import MemberRegistered, SavingsDeposited
from ledger.ids import uuid7
from ledger.members import RegistrationInput, build_registration, member_number
from ledger.nik import make_nik
from ledger.policy import DENOMINATIONS

COOPERATIVE = "KSP Lumbung Sejahtera"
BRANCH_ID = "BR01"
BRANCH_NAME = "Cabang Ubud"
#: username -> (full name, role, password)
DEMO_STAFF: dict[str, tuple[str, str, str]] = {
    "made": ("I Made Sudarsana", "supervisor", "made1234"),
    "ayu": ("Ni Luh Ayu Lestari", "teller", "ayu12345"),
}

#: Kecamatan (district) codes of Kemendagri in three regencies around Ubud, with villages.
DISTRICTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "517101": ("Denpasar Selatan", "Kota Denpasar", ("Sanur", "Sesetan", "Renon", "Panjer")),
    "517102": ("Denpasar Timur", "Kota Denpasar", ("Kesiman", "Penatih", "Sumerta")),
    "517103": ("Denpasar Barat", "Kota Denpasar", ("Padangsambian", "Pemecutan", "Dauh Puri")),
    "517104": ("Denpasar Utara", "Kota Denpasar", ("Peguyangan", "Ubung", "Tonja")),
    "510401": ("Sukawati", "Kabupaten Gianyar", ("Batubulan", "Celuk", "Guwang", "Ketewel")),
    "510402": ("Blahbatuh", "Kabupaten Gianyar", ("Bedulu", "Blahbatuh", "Keramas")),
    "510403": ("Gianyar", "Kabupaten Gianyar", ("Bitera", "Lebih", "Tulikup")),
    "510404": ("Tampaksiring", "Kabupaten Gianyar", ("Manukaya", "Pejeng", "Tampaksiring")),
    "510405": ("Ubud", "Kabupaten Gianyar", ("Peliatan", "Petulu", "Mas", "Lodtunduh", "Sayan")),
    "510406": ("Tegallalang", "Kabupaten Gianyar", ("Kenderan", "Pupuan", "Tegallalang")),
    "510407": ("Payangan", "Kabupaten Gianyar", ("Bresela", "Kelusa", "Melinggih")),
    "510301": ("Kuta Selatan", "Kabupaten Badung", ("Jimbaran", "Benoa", "Ungasan")),
    "510302": ("Kuta", "Kabupaten Badung", ("Kedonganan", "Legian", "Seminyak")),
    "510303": ("Kuta Utara", "Kabupaten Badung", ("Canggu", "Kerobokan", "Dalung")),
    "510304": ("Mengwi", "Kabupaten Badung", ("Kapal", "Abianbase", "Sempidi")),
    "510305": ("Abiansemal", "Kabupaten Badung", ("Blahkiuh", "Sangeh", "Mambal")),
}

# Balinese names: a birth-order name, then one or two given names; I/Ni marks sex.
_ORDER_MALE = ("Wayan", "Putu", "Gede", "Made", "Kadek", "Nyoman", "Komang", "Ketut")
_ORDER_FEMALE = ("Wayan", "Putu", "Luh", "Made", "Kadek", "Nyoman", "Komang", "Ketut")
_GIVEN_MALE = (
    "Sudarsana",
    "Wirawan",
    "Sudarma",
    "Artawan",
    "Suastika",
    "Mahendra",
    "Pratama",
    "Budiasa",
    "Suardana",
    "Widiana",
    "Arsana",
    "Sukarta",
    "Darmawan",
    "Adnyana",
    "Mertayasa",
    "Parwata",
    "Sudiarta",
    "Wibawa",
    "Yasa",
    "Astawa",
    "Juliarta",
    "Semara",
)
_GIVEN_FEMALE = (
    "Sriasih",
    "Suartini",
    "Widiastuti",
    "Lestari",
    "Dewi",
    "Sukerni",
    "Ariani",
    "Rasmini",
    "Purnamasari",
    "Kartini",
    "Suarniti",
    "Wahyuni",
    "Sudiani",
    "Astiti",
    "Yuliani",
    "Mariani",
    "Sriani",
    "Puspawati",
    "Ratnadi",
    "Juniantari",
)
_TITLED = (
    ("L", "Ida Bagus"),
    ("P", "Ida Ayu"),
    ("L", "Anak Agung Gede"),
    ("P", "Anak Agung Istri"),
    ("L", "I Gusti Ngurah"),
    ("P", "I Gusti Ayu"),
    ("L", "Cokorda Gede"),
    ("P", "Desak Made"),
)
_OCCUPATIONS = (
    "Petani",
    "Pedagang",
    "Pengrajin perak",
    "Pemahat kayu",
    "Pelukis",
    "Sopir",
    "Pemandu wisata",
    "Karyawan hotel",
    "Guru",
    "Penjahit",
    "Peternak",
    "Wiraswasta",
    "Ibu rumah tangga",
    "Pegawai negeri sipil",
    "Nelayan",
)
_STREETS = (
    "Jl. Raya Ubud",
    "Jl. Hanoman",
    "Jl. Monkey Forest",
    "Jl. Cok Gede Rai",
    "Jl. Gatot Subroto",
    "Jl. Raya Mas",
    "Jl. Bypass Ngurah Rai",
    "Jl. Raya Kerobokan",
    "Jl. Tukad Badung",
    "Jl. Raya Tegallalang",
    "Jl. Raya Batubulan",
    "Jl. Danau Tamblingan",
)
_BANJAR = ("Kaja", "Kelod", "Kangin", "Kauh", "Tengah", "Delod Peken", "Tebesaya", "Kalah")


def person(rng: random.Random, *, serial: int, today: dt.date) -> RegistrationInput:
    """A plausible Balinese member with a valid NIK (``serial`` keeps NIKs distinct)."""
    sex = rng.choice(("L", "P"))
    if rng.random() < 0.08:
        title = rng.choice([t for s, t in _TITLED if s == sex])
        given = rng.choice(_GIVEN_MALE if sex == "L" else _GIVEN_FEMALE)
        name = f"{title} {given}"
    else:
        order = rng.choice(_ORDER_MALE if sex == "L" else _ORDER_FEMALE)
        pool = _GIVEN_MALE if sex == "L" else _GIVEN_FEMALE
        given = " ".join(rng.sample(pool, 2 if rng.random() < 0.3 else 1))
        name = f"{'I' if sex == 'L' else 'Ni'} {order} {given}"
    district = rng.choice(list(DISTRICTS))
    district_name, regency, villages = DISTRICTS[district]
    birth = dt.date(today.year - rng.randint(18, 70), rng.randint(1, 12), rng.randint(1, 28))
    village = rng.choice(villages)
    address = (
        f"{rng.choice(_STREETS)} No. {rng.randint(1, 150)}, Banjar {rng.choice(_BANJAR)}, "
        f"{village}, {district_name}, {regency}"
    )
    mother_order = rng.choice(_ORDER_FEMALE)
    return RegistrationInput(
        nik=make_nik(district, birth, sex, serial % 9999 + 1),  # type: ignore[arg-type]
        name=name,
        birth_place=rng.choice((village, district_name, "Denpasar", "Gianyar", "Tabanan")),
        address=address,
        phone=f"08{rng.choice((11, 12, 13, 17, 19, 57, 77, 78))}{rng.randint(10**7, 10**8 - 1)}",
        occupation=rng.choice(_OCCUPATIONS),
        mother_maiden_name=f"Ni {mother_order} {rng.choice(_GIVEN_FEMALE)}",
    )


def count_cash(amount: int) -> dict[int, int]:
    """``amount`` as notes and coins, largest first (what a careful teller counts)."""
    pieces: dict[int, int] = {}
    for denom in DENOMINATIONS:
        pieces[denom], amount = divmod(amount, denom)
    if amount:
        raise ValueError("amount is not payable in rupiah denominations")
    return {d: n for d, n in pieces.items() if n}


def _staff(service: BranchService) -> tuple[StaffUser, StaffUser]:
    if not service.is_initialised():
        full, _, password = DEMO_STAFF["made"]
        service.initialise(
            cooperative_name=COOPERATIVE,
            branch_id=BRANCH_ID,
            branch_name=BRANCH_NAME,
            device_no=1,
            supervisor_username="made",
            supervisor_full_name=full,
            supervisor_password=password,
        )
    staff = {s.username: s for s in service.staff_list()}
    if "ayu" not in staff:
        full, role, password = DEMO_STAFF["ayu"]
        staff["ayu"] = service.add_staff(
            actor=staff["made"], username="ayu", full_name=full, role=role, password=password
        )
    return staff["made"], staff["ayu"]


def _business_days(today: dt.date, days: int) -> list[dt.date]:
    result: list[dt.date] = []
    day = today
    while len(result) < days:
        if day.weekday() != 6:  # the branch is closed on Sundays
            result.append(day)
        day -= dt.timedelta(days=1)
    return sorted(result)


@dataclasses.dataclass(frozen=True)
class DemoSummary:
    """What :func:`seed_demo` made, and the logins to try it with."""

    members: int
    postings: int
    days: int
    teller_username: str = "ayu"
    teller_password: str = DEMO_STAFF["ayu"][2]
    supervisor_username: str = "made"
    supervisor_password: str = DEMO_STAFF["made"][2]


def seed_demo(
    service: BranchService,
    members: int = 200,
    seed: int = 2025,
    days: int = 12,
    *,
    loans: bool = True,
) -> DemoSummary:
    """Fill ``service`` with the demo cooperative (see module docstring); returns a summary.

    Members join over the last ``days`` business days; each day the teller opens the drawer,
    registers, takes wajib and sukarela deposits, pays withdrawals (a few over the limit, with
    the supervisor's authorisation), the supervisor reverses the odd mistake, and the drawer is
    counted and closed. Today's drawer is left closed for the teller to open.

    With ``loans``, the loan products and borrowers with months of history come first
    (:mod:`desktop.demo_loans`), and today two savings members apply for loans.
    """
    rng = random.Random(seed)
    today = service.business_date()
    calendar = _business_days(today, days)
    store = service.store
    real_clock = store.wall_ms
    if not service.is_initialised():
        # A fresh store gets timestamps on the days it posts on (from 08:00, a minute or so
        # apart, never past the real now); a store in use keeps real time.
        store.wall_ms = demo_clock = _DemoClock(real_clock, rng)
        demo_clock.start(calendar[0])
    made, ayu = _staff(service)
    joined: list[str] = []
    serial = 0
    posted = 0
    loan_rng = random.Random(seed + 1)  # the savings story stays the same with or without
    try:
        if loans:
            from desktop.demo_loans import seed_loan_history

            moves_clock = store.wall_ms is not real_clock
            seed_loan_history(
                service, made, ayu, before=calendar[0], rng=loan_rng,
                on_day=demo_clock.start if moves_clock else (lambda _day: None),
            )  # fmt: skip
        for index, day in enumerate(calendar):
            if store.wall_ms is not real_clock:
                demo_clock.start(day)
            service.set_business_date(day)
            service.open_session(actor=ayu, opening_float=25_000_000)
            quota = members * (index + 1) // len(calendar) - len(joined)
            for _ in range(quota):
                while True:
                    serial += 1
                    try:
                        result = service.register_member(
                            person(rng, serial=serial, today=day), actor=ayu
                        )
                        break
                    except DuplicateNik:
                        continue  # a generated NIK that is already taken: draw again
                joined.append(result.member_id)
                posted += 1
            for member_id in rng.sample(joined, min(len(joined), 12 + len(joined) // 6)):
                posted += _counter_visit(service, rng, member_id, ayu, made)
            session = service.current_session(ayu.user_id)
            assert session is not None
            service.close_session(actor=ayu, counted=count_cash(session.expected_cash))
    finally:
        service.set_business_date(None)
        store.wall_ms = real_clock
    if loans:
        from desktop.demo_loans import seed_pending_loans

        seed_pending_loans(service, made, ayu, joined, loan_rng)
    return DemoSummary(members=len(joined), postings=posted, days=len(calendar))


class _DemoClock:
    """A wall clock walking through the demo's business days (milliseconds)."""

    def __init__(self, real: Callable[[], int], rng: random.Random) -> None:
        self.real = real
        self.rng = rng
        self.now = 0

    def start(self, day: dt.date) -> None:
        opening = dt.datetime.combine(day, dt.time(8, 0)).timestamp() * 1000
        self.now = max(self.now, int(opening))

    def __call__(self) -> int:
        self.now += self.rng.randint(15_000, 60_000)
        self.now = min(self.now, self.real() - 1_000)
        return self.now


def _counter_visit(
    service: BranchService, rng: random.Random, member_id: str, ayu: StaffUser, made: StaffUser
) -> int:
    roll = rng.random()
    try:
        if roll < 0.35:
            service.deposit(member_id, "wajib", service.wajib_amount(), actor=ayu)
        elif roll < 0.75:
            amount = rng.choice((50, 100, 150, 200, 250, 500, 750, 1_000, 2_500)) * 1_000
            if rng.random() < 0.03:
                amount = 12_500_000
            auth = made if amount > service.limits().teller_limit else None
            result = service.deposit(member_id, "sukarela", amount, actor=ayu, authorizer=auth)
            if rng.random() < 0.04:
                service.reverse(result.event_id, "Salah input jumlah", actor=ayu, authorizer=made)
        else:
            held = service.member_detail(member_id).balances["sukarela"]
            if held < 50_000:
                return 0
            amount = rng.randint(1, held // 50_000) * 50_000
            auth = made if amount > service.limits().teller_limit else None
            service.withdraw(member_id, "sukarela", amount, actor=ayu, authorizer=auth)
    except LumbungError:
        return 0  # e.g. the drawer ran short: the teller would say "come back later"
    return 1


def seed_members_fast(
    db_path: Path | str,
    n: int = 100_000,
    seed: int = 7,
    batch: int = 5_000,
    *,
    hasher: PasswordHasher | None = None,
) -> BranchService:
    """A register of ``n`` members for benchmarks, in large transactions.

    The counter's checks are skipped (NIKs are made unique here), but every member is a real
    MemberRegistered plus simpanan pokok event made by the device chain, and the rows written
    are exactly those the per-event projection writes (:mod:`desktop.store.bulk`). Returns the
    open service (supervisor ``made``, teller ``ayu`` with an open drawer).
    """
    service = BranchService(db_path, hasher=hasher)
    _made, ayu = _staff(service)
    if service.current_session(ayu.user_id) is None:
        service.open_session(actor=ayu, opening_float=50_000_000)
    session = service.current_session(ayu.user_id)
    assert session is not None
    store = service.store
    identity = store.identity
    assert identity is not None
    rng = random.Random(seed)
    day = service.business_date()
    pokok = service.pokok_amount()
    seen: set[str] = {row[0] for row in store.conn.execute("SELECT nik FROM members")}
    done = serial = 0
    while done < n:
        todo: list[tuple[MemberRegistered, SavingsDeposited]] = []
        while len(todo) < min(batch, n - done):
            serial += 1
            form = person(rng, serial=serial, today=day)
            if form.nik in seen:
                continue
            seen.add(form.nik)
            member_id = uuid7()
            registration = build_registration(
                form,
                member_id=member_id,
                member_no="",
                join_date=day,
                home_branch=identity.branch_id,
            )
            todo.append(
                (
                    registration,
                    SavingsDeposited(member_id, "pokok", pokok, session.session_id),
                )
            )
        with store.transaction():
            numbered = [
                (
                    dataclasses.replace(
                        r,
                        member_no=member_number(
                            identity.branch_id, identity.device_no, store.next_member_serial()
                        ),
                    ),
                    d,
                )
                for r, d in todo
            ]
            bulk.register_members(store, numbered, actor=ayu.user_id, business_date=day.isoformat())
        done += len(todo)
    return service


__all__ = [
    "BRANCH_ID",
    "BRANCH_NAME",
    "COOPERATIVE",
    "DEMO_STAFF",
    "DemoSummary",
    "count_cash",
    "person",
    "seed_demo",
    "seed_members_fast",
]
