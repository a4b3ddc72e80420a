"""Generalisation and suppression of the member table to k-anonymity (extract/anonymise.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sync_server.extract.anonymise import WITHHELD, merged_band_labels
from tests.extract.builders import extract, member, policy, register

POLICY = policy()
QI = [c for c in POLICY.field_names if c != "nik_pseudonym"]


def groups(made) -> Counter:
    return Counter(tuple(r[c] for c in QI) for r in made.members)


def test_k_alike_members_are_published_as_they_are() -> None:
    made = extract([member(serial=i) for i in range(1, 6)])
    assert made.anonymity.generalised() == {}
    assert (made.anonymity.suppressed, made.anonymity.withheld) == (0, 0)
    assert made.members[0]["regency_code"] == "5171" and made.members[0]["birth_year"] == 1980


def test_fewer_than_k_people_are_withheld_whole() -> None:
    made = extract([member(serial=i) for i in range(1, 5)])
    assert made.members == () and made.anonymity.withheld == 4
    assert made.member_count == 4  # still counted (and in the region tables)


def test_a_person_registered_twice_counts_once() -> None:
    twice = [member(serial=1, member_id="a"), member(serial=1, member_id="b")]
    made = extract([*twice, *(member(serial=i) for i in range(2, 5))])
    assert made.anonymity.withheld == 5  # four people, five rows: under k


def test_columns_are_coarsened_until_every_group_holds_k() -> None:
    made = extract(register(1500, seed=3))
    report = made.anonymity
    assert report.unique_before > 1000
    assert min(groups(made).values()) >= POLICY.k == report.smallest_group
    assert report.suppressed <= 1500 * POLICY.max_suppressed_percent // 100
    assert report.levels["region"] in ("province", "withheld")
    rows = [r for r in made.members if r["sex"] != WITHHELD]
    assert all(r["regency_code"] == WITHHELD for r in rows)
    assert all("–" in str(r["birth_year"]) for r in rows)
    suppressed = [r for r in made.members if all(r[c] == WITHHELD for c in QI)]
    assert len(suppressed) == report.suppressed and all(r["nik_pseudonym"] for r in suppressed)


def test_more_people_keep_more_detail() -> None:
    """A register twice the size in the same regencies needs less coarsening, never more."""
    order = ["regency", "province", "year", "5-year band", "10-year band", "20-year band"]
    small = extract(register(800, seed=3)).anonymity.levels
    large = extract(register(6000, seed=3)).anonymity.levels
    for column in ("region", "birth_year"):
        if small[column] in order and large[column] in order:
            assert order.index(large[column]) <= order.index(small[column])


def test_a_suppression_budget_of_zero_coarsens_further() -> None:
    strict = policy(**{"max_suppressed_percent = 5": "max_suppressed_percent = 0"})
    members = register(600, seed=11)
    assert extract(members, strict).anonymity.suppressed == 0
    assert min(groups(extract(members, strict)).values()) >= 5


def test_merged_band_labels() -> None:
    assert set(merged_band_labels(POLICY.bands["savings"]).values()) == {
        "< Rp 5 juta",
        "Rp 5–100 juta",
        "≥ Rp 100 juta",
    }
    loans = merged_band_labels(POLICY.bands["loans"])
    assert loans["Tidak ada pinjaman"] == loans["< Rp 5 juta"] == "< Rp 5 juta"


def test_young_and_old_are_not_singled_out_by_birth_year() -> None:
    members = [member(serial=i, born=dt.date(1950 + i % 3, 1, 1)) for i in range(1, 12)]
    made = extract(members)
    assert min(groups(made).values()) >= 5
    assert {r["birth_year"] for r in made.members} <= {"1950–1954", "1950–1959", "1940–1959", "*"}


def test_a_policy_with_only_the_province_reports_only_what_changed() -> None:
    line = (
        '    { name = "regency_code", transform = "nik_regency" },   # 4-digit code from the NIK\n'
    )
    narrow = policy(**{line: ""})
    made = extract([member(serial=i) for i in range(1, 6)], narrow)
    assert "regency_code" not in made.member_columns
    assert made.anonymity.generalised() == {}
    assert made.anonymity.levels["region"] == "as is"
