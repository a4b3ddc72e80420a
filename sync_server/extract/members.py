"""Member records in, extract rows out: pure functions, no database.

A :class:`MemberRecord` is a plain dict with everything the cooperative knows about a member
(the store adapter fills it from the central projections; tests build it by hand). The only
way from a record to the extract is :func:`member_row`, which computes each column the policy
names through its catalogue transform and copies nothing verbatim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TypedDict

from ledger.errors import ValidationError
from ledger.nik import NikInfo, decode_nik
from sync_server.extract.catalogue import STATUSES
from sync_server.extract.policy import Band, Policy

Cell = str | int | None


class MemberRecord(TypedDict, total=False):
    """Everything about one member, as the cooperative holds it.

    Attributes:
        member_id: Internal id.
        nik: The member's 16-digit NIK.
        name: Full name.
        address: Address.
        phone: Mobile number.
        birth_date: ISO date (the NIK's, unless corrected).
        sex: ``"L"`` or ``"P"``.
        join_date: ISO date.
        status: ``"active"``, ``"resigned"``, ``"deceased"`` (anything else is ``other``).
        home_branch: Branch code.
        savings: Product -> balance in rupiah (pokok, wajib, sukarela).
        loans_outstanding: Principal still owed on all the member's loans, in rupiah.
    """

    member_id: str
    nik: str
    name: str
    address: str
    phone: str
    birth_date: str
    sex: str
    join_date: str
    status: str
    home_branch: str
    savings: Mapping[str, int]
    loans_outstanding: int


def band_of(value: int, bands: Sequence[Band]) -> str:
    """The label of the first band whose upper edge ``value`` is under."""
    for band in bands:
        if band.below is None or value < band.below:
            return band.label
    return bands[-1].label


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


class Facts:
    """What the extract may derive from one record, each computed once.

    Attributes:
        nik: The NIK as held.
        info: The decoded NIK, or None when it does not decode.
        birth: Birth date (record's, else the NIK's), or None.
        sex: ``"L"``, ``"P"`` or ``""``.
        joined: Join date or None.
        status: Status from the closed vocabulary, or ``"other"``.
        active: Whether the member counts as active.
        savings: Total savings in rupiah.
        loans: Outstanding loan principal in rupiah.
    """

    __slots__ = ("active", "birth", "info", "joined", "loans", "nik", "savings", "sex", "status")

    def __init__(self, record: MemberRecord, today: dt.date) -> None:
        self.nik = record.get("nik", "")
        try:
            self.info: NikInfo | None = decode_nik(self.nik, today=today)
        except ValidationError:
            self.info = None
        self.birth: dt.date | None = _date(record.get("birth_date"))
        if self.birth is None and self.info is not None:
            self.birth = self.info.birth_date
        sex = record.get("sex", "")
        self.sex = sex if sex in ("L", "P") else (self.info.sex if self.info else "")
        self.joined = _date(record.get("join_date"))
        status = record.get("status", "")
        self.status = status if status in STATUSES else "other"
        self.active = self.status == "active"
        self.savings = sum(int(v) for v in record.get("savings", {}).values())
        self.loans = int(record.get("loans_outstanding", 0))

    def region(self, level: str) -> str:
        """The member's province or regency code from the NIK (``""`` if it does not decode)."""
        if self.info is None:
            return ""
        return self.info.province if level == "province" else self.info.regency

    def age_band(self, policy: Policy, today: dt.date) -> str:
        if self.birth is None:
            return ""
        return band_of(age_on(self.birth, today), policy.bands["age"])


def member_row(facts: Facts, policy: Policy, pseudonym: str, today: dt.date) -> dict[str, Cell]:
    """One member's extract row, before generalisation: exactly the policy's columns, in its
    order. ``pseudonym`` is the sealed pseudonym of the member's NIK (:mod:`.pseudonym`)."""
    values: dict[str, Cell] = {}
    for spec in policy.fields:
        name = spec.name
        value: Cell
        if name == "nik_pseudonym":
            value = pseudonym
        elif name == "province_code":
            value = facts.region("province")
        elif name == "regency_code":
            value = facts.region("regency")
        elif name == "sex":
            value = facts.sex
        elif name == "birth_year":
            value = facts.birth.year if facts.birth else None
        elif name == "age_band":
            value = facts.age_band(policy, today)
        elif name == "join_year":
            value = facts.joined.year if facts.joined else None
        elif name == "status":
            value = facts.status
        elif name == "savings_band":
            value = band_of(facts.savings, policy.bands["savings"])
        elif name == "loan_band":
            value = band_of(facts.loans, policy.bands["loans"])
        else:  # pragma: no cover - the policy loader admits only catalogue fields
            raise AssertionError(f"no transform for catalogue field {name}")
        values[name] = value
    return values
