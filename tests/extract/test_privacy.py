"""Properties: nothing that identifies a member leaves in any extract, in any format, every
published combination holds at least k people, and the pseudonym links a person across
cooperatives only under the same key-holder key."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.money import format_rupiah
from ledger.nik import decode_nik
from sync_server.extract.build import render
from sync_server.extract.members import MemberRecord
from sync_server.extract.oprf import pseudonym_with_key
from tests.extract.builders import (
    KH_KEY,
    OTHER_KH_KEY,
    TODAY,
    extract,
    keyholder,
    member,
    member_sets,
    opened,
    policy,
    records,
)

POLICY = policy()
# Forty-member cooperatives take a moment to draw on a busy machine; the example count still
# comes from the active profile.
roomy = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HEX64 = re.compile(rb"[0-9a-f]{64}")
#: A sealed pseudonym: 32 bytes + 48 of crypto_box_seal overhead, in base64.
SEALED = re.compile(rb"[A-Za-z0-9+/]{107}=")
FORBIDDEN_KEYS = {
    "nik", "name", "address", "phone", "birth_date", "join_date", "member_id", "member_no",
    "savings", "loans_outstanding", "birth_place", "mother_maiden_name",
}  # fmt: skip


def expected_pseudonym(key: bytes, nik: str) -> str:
    return pseudonym_with_key(key, nik).hex()


def outputs(members: list[MemberRecord], key: bytes = KH_KEY) -> dict[str, bytes]:
    made = extract(members, POLICY, key)
    return {
        "json": render(made, "json"),
        "csv-members": render(made, "csv", "members"),
        "csv-aggregates": render(made, "csv", "aggregates"),
    }


def masked(blob: bytes, allowed_digests: set[str]) -> bytes:
    """The output with each sealed pseudonym and 64-hex digest blanked out once it is checked
    to be one we expect (a sealed pseudonym that opens to a member's pseudonym, or the policy
    hash): they are random text, and a run of digits inside one is no disclosure, but would
    trip the digit searches below by chance."""
    for found in SEALED.findall(blob):
        assert opened(found.decode()) in allowed_digests, found
    blob = SEALED.sub(b"#", blob)
    for found in HEX64.findall(blob):
        assert found.decode() in allowed_digests, found
    return HEX64.sub(b"#", blob)


DIGIT_RUN = re.compile(r"[0-9]+")


def date_forms(iso: str) -> list[str]:
    d = dt.date.fromisoformat(iso)
    return [iso, d.strftime("%d-%m-%Y"), d.strftime("%d/%m/%Y"), d.strftime("%d%m%Y")]


def assert_nothing_identifying(members: list[MemberRecord], blob: bytes) -> None:
    text = blob.decode("utf-8")
    lowered = text.casefold()
    # Whole numbers as they stand in the output (a NIK inside a longer number would not count).
    numbers = set(DIGIT_RUN.findall(text))
    for m in members:
        assert m["name"].casefold() not in lowered
        for part in m["name"].split():
            if len(part) >= 5:
                assert part.casefold() not in lowered, part
        assert m["address"].casefold() not in lowered
        assert m["nik"] not in numbers
        assert m["phone"] not in numbers
        assert m["phone"][1:] not in numbers  # as +62 8...
        for iso in (m["birth_date"], m["join_date"]):
            for form in date_forms(iso):
                assert form not in text, form
        amounts = [*m["savings"].values(), sum(m["savings"].values()), m["loans_outstanding"]]
        for amount in amounts:
            if amount == 0 or amount % 1_000_000 == 0:
                continue  # see builders.amounts
            assert str(amount) not in numbers, amount
            assert format_rupiah(amount).removeprefix("Rp").strip() not in text, amount


@roomy
@given(member_sets())
def test_no_identifying_value_in_any_output(members: list[MemberRecord]) -> None:
    digests = {expected_pseudonym(KH_KEY, m["nik"]) for m in members} | {POLICY.sha256}
    for blob in outputs(members).values():
        assert_nothing_identifying(members, masked(blob, digests))


@roomy
@given(member_sets())
def test_only_catalogue_columns_are_present_and_groups_hold_k(
    members: list[MemberRecord],
) -> None:
    out = outputs(members)
    doc = json.loads(out["json"])
    member_keys = {k for row in doc["members"] for k in row}
    aggregate_keys = {k for row in doc["aggregates"] for k in row}
    assert member_keys <= set(POLICY.field_names)
    assert not (set(doc) | member_keys | aggregate_keys) & FORBIDDEN_KEYS
    header = out["csv-members"].decode().splitlines()[0].split(",")
    assert header == ["nomor_induk_koperasi", *POLICY.field_names]
    assert len(doc["members"]) + doc["k_anonymity"]["withheld_rows"] == len(members)
    published = [opened(r["nik_pseudonym"]) for r in doc["members"]]
    assert len(set(published)) == len(published)
    assert set(published) <= {expected_pseudonym(KH_KEY, m["nik"]) for m in members}
    # Every published combination of the other columns holds at least k people.
    groups = Counter(tuple(v for c, v in r.items() if c != "nik_pseudonym") for r in doc["members"])
    assert all(n >= POLICY.k for n in groups.values()), groups


@roomy
@given(member_sets())
def test_no_region_count_can_be_narrowed_below_k(members: list[MemberRecord]) -> None:
    """Whatever is shown, subtracting it from the region's size never pins down fewer than k
    members, and every total shown is a rounded one."""
    doc = json.loads(outputs(members)["json"])
    k, rounding = POLICY.aggregates.min_cell, POLICY.aggregates.total_rounding
    region_size: dict[str, int] = defaultdict(int)
    for m in members:
        region_size[decode_nik(m["nik"], today=TODAY).regency] += 1
    shown: dict[tuple[str, str], int] = defaultdict(int)
    for row in doc["aggregates"]:
        if row["suppressed"]:
            assert row["members"] is None and row["amount"] is None
            continue
        assert row["members"] == 0 or row["members"] >= k
        if row["measure"] in ("members_by_sex_age", "members_by_status"):
            shown[(row["region_code"], row["measure"])] += row["members"]
        else:
            assert row["amount"] % rounding == 0
    for (region, _measure), count in shown.items():
        hidden = region_size[region] - count
        assert hidden == 0 or hidden >= k, (region, hidden)


@roomy
@given(st.data())
def test_same_person_same_pseudonym_under_same_key_only(data: st.DataObject) -> None:
    """Two cooperatives, each with its own credential at the key holder and its own blinding,
    get the same pseudonym for the same NIK; a key holder with another key gives another.
    (Whole extracts are linked in test_attacks; small drawn sets would be withheld at k.)"""
    person = data.draw(records(serial=9001))
    others = [m["nik"] for m in data.draw(member_sets(max_size=8))]
    coop_a = keyholder().pseudonymiser("prop-A").pseudonyms([*others, person["nik"]])
    coop_b = keyholder().pseudonymiser("prop-B").pseudonyms([person["nik"]])
    elsewhere = keyholder(OTHER_KH_KEY).pseudonymiser("prop-C").pseudonyms([person["nik"]])
    mine = coop_a[person["nik"]]
    assert coop_b[person["nik"]] == mine
    assert mine.hex() == expected_pseudonym(KH_KEY, person["nik"])
    assert elsewhere[person["nik"]] != mine
    assert elsewhere[person["nik"]].hex() == expected_pseudonym(OTHER_KH_KEY, person["nik"])
    assert all(coop_a[n] != mine for n in others if n != person["nik"])


def test_the_checker_itself_catches_each_kind_of_leak() -> None:
    """Guards the property above against checking nothing."""
    m = member(savings={"pokok": 123_456, "wajib": 0, "sukarela": 0}, loans=7_654_321)
    out = render(extract([m], POLICY), "json")
    clean = masked(out, {expected_pseudonym(KH_KEY, m["nik"]), POLICY.sha256})
    assert_nothing_identifying([m], clean)
    leaks = [
        m["name"],
        "Sudarsana",
        m["nik"],
        m["phone"],
        m["address"],
        m["birth_date"],
        "17-05-1980",
        m["join_date"],
        "123456",
        "123.456",
        "7654321",
    ]
    for leak in leaks:
        try:
            assert_nothing_identifying([m], clean + f',"x": "{leak}"'.encode())
        except AssertionError:
            continue
        raise AssertionError(f"leak not caught: {leak}")
