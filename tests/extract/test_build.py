"""The extract from plain member records: columns, bands, region tables, rendering, keys."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json

import pytest

from ledger.errors import ValidationError
from sync_server.extract.aggregate import round_to
from sync_server.extract.build import build_extract, format_for, render
from sync_server.extract.keys import MIN_KEY_BYTES, ExtractKeyError, load_key, nik_hash
from tests.extract.builders import COOP_NUMBER, KEY, TODAY, member, policy

POLICY = policy()


def rows(members, p=POLICY):
    return json.loads(render(build_extract(members, p, KEY, TODAY), "json"))


def region_table(doc, measure, region="5171"):
    return [r for r in doc["aggregates"] if r["measure"] == measure and r["region_code"] == region]


def test_a_member_row_carries_only_coarse_derived_values() -> None:
    m = member(
        "Ni Luh Putu Sukerti",
        district="517102",
        born=dt.date(1991, 8, 2),
        sex="P",
        joined="2015-01-20",
        savings={"pokok": 100_000, "wajib": 1_200_000, "sukarela": 3_000_000},
        loans=12_500_000,
    )
    doc = rows([m])
    assert doc["nomor_induk_koperasi"] == COOP_NUMBER
    assert doc["members"] == [
        {
            "nik_hash": hmac.new(KEY, m["nik"].encode(), hashlib.sha256).hexdigest(),
            "province_code": "51",
            "regency_code": "5171",
            "sex": "P",
            "birth_year": 1991,
            "join_year": 2015,
            "status": "active",
            "savings_band": "Rp 1–5 juta",
            "loan_band": "Rp 5–25 juta",
        }
    ]


@pytest.mark.parametrize(
    ("savings", "loans", "savings_band", "loan_band"),
    [
        (0, 0, "< Rp 1 juta", "Tidak ada pinjaman"),
        (999_999, 1, "< Rp 1 juta", "< Rp 5 juta"),
        (1_000_000, 4_999_999, "Rp 1–5 juta", "< Rp 5 juta"),
        (-50_000, 5_000_000, "< Rp 1 juta", "Rp 5–25 juta"),
        (100_000_000, 250_000_000, "≥ Rp 100 juta", "≥ Rp 100 juta"),
    ],
)
def test_amounts_fall_in_the_policy_bands(savings, loans, savings_band, loan_band) -> None:
    row = rows([member(savings={"sukarela": savings}, loans=loans)])["members"][0]
    assert (row["savings_band"], row["loan_band"]) == (savings_band, loan_band)


def test_status_outside_the_vocabulary_is_sent_as_other() -> None:
    statuses = ["active", "resigned", "deceased", "pindah ke Jl. Kenanga 3"]
    doc = rows([member(status=s, serial=i) for i, s in enumerate(statuses, 1)])
    assert sorted(r["status"] for r in doc["members"]) == [
        "active",
        "deceased",
        "other",
        "resigned",
    ]


def test_an_undecodable_nik_still_gets_a_hash_but_no_region() -> None:
    extract = build_extract([member(nik="9912345678901234")], POLICY, KEY, TODAY)
    row = extract.members[0]
    assert (row["province_code"], row["regency_code"]) == ("", "")
    assert row["nik_hash"] == nik_hash(KEY, "9912345678901234")
    assert extract.undecodable_niks == 1


def test_member_rows_are_not_in_registration_order() -> None:
    members = [member(serial=i) for i in range(1, 30)]
    hashes = [r["nik_hash"] for r in rows(members)["members"]]
    assert hashes == sorted(hashes)


def test_a_region_with_fewer_than_k_members_is_withheld_whole() -> None:
    doc = rows([member(serial=i) for i in range(1, 5)])
    cells = [r for r in doc["aggregates"] if r["region_code"] == "5171"]
    assert cells and all(r["suppressed"] and r["members"] is None for r in cells)


def test_small_cells_are_withheld_with_a_complement() -> None:
    # 9 men aged 36-45, 1 woman aged 26-35: the woman's cell is under k, and hiding it alone
    # would leave "10 members minus 9 shown" = 1; the men's cell goes too.
    men = [member(serial=i, born=dt.date(1985, 1, 1)) for i in range(1, 10)]
    woman = member(serial=20, sex="P", born=dt.date(1995, 6, 1))
    table = region_table(rows([*men, woman]), "members_by_sex_age")
    shown = {(r["sex"], r["age_band"]): r["members"] for r in table if not r["suppressed"]}
    hidden = {(r["sex"], r["age_band"]) for r in table if r["suppressed"]}
    assert hidden == {("P", "26–35"), ("L", "36–45")}
    assert set(shown.values()) == {0}
    assert len(table) == 12  # the full grid, zeros shown


def test_status_counts_and_totals_shown_when_safe() -> None:
    members = [
        member(serial=i, status="active" if i <= 6 else "resigned", savings={"wajib": 1_400_000})
        for i in range(1, 12)
    ]
    doc = rows(members)
    status = {r["status"]: r["members"] for r in region_table(doc, "members_by_status")}
    assert status == {"active": 6, "inactive": 5}
    [savings] = region_table(doc, "savings_total")
    assert (savings["members"], savings["amount"]) == (11, 15_000_000)  # 15.4 juta, rounded
    [loans] = region_table(doc, "loans_total")
    assert (loans["members"], loans["amount"], loans["suppressed"]) == (0, 0, False)


def test_a_total_dominated_by_one_member_is_withheld() -> None:
    members = [member(serial=i, savings={"sukarela": 500_000}) for i in range(1, 8)]
    members.append(member(serial=50, savings={"sukarela": 90_000_000}))
    [savings] = region_table(rows(members), "savings_total")
    assert savings["suppressed"] and savings["amount"] is None


def test_rounding_is_half_up_in_integers() -> None:
    assert round_to(1_499_999, 1_000_000) == 1_000_000
    assert round_to(1_500_000, 1_000_000) == 2_000_000
    assert round_to(-1_400_000, 1_000_000) == -1_000_000


def test_province_level_tables() -> None:
    p = policy(**{'region = "regency"': 'region = "province"'})
    members = [member(serial=i, district=f"51{i % 3 + 1:02d}01") for i in range(1, 8)]
    doc = rows(members, p)
    assert {r["region_code"] for r in doc["aggregates"]} == {"51"}
    assert {r["region_level"] for r in doc["aggregates"]} == {"province"}


def test_a_narrower_policy_sends_fewer_columns_and_tables() -> None:
    p = policy(
        **{
            '    { name = "birth_year", transform = "year" },\n': "",
            '"members_by_status", "savings_total", "loans_total"': '"members_by_status"',
        }
    )
    doc = rows([member(serial=i) for i in range(1, 6)], p)
    assert "birth_year" not in doc["members"][0]
    assert {r["measure"] for r in doc["aggregates"]} == {"members_by_sex_age", "members_by_status"}


def test_csv_tables_have_the_cooperative_number_on_every_row() -> None:
    extract = build_extract([member(serial=i) for i in range(1, 7)], POLICY, KEY, TODAY)
    members = list(csv.DictReader(io.StringIO(render(extract, "csv").decode())))
    assert len(members) == 6
    assert {m["nomor_induk_koperasi"] for m in members} == {COOP_NUMBER}
    assert members[0]["savings_band"] == "< Rp 1 juta"
    aggregates = list(
        csv.DictReader(io.StringIO(render(extract, "csv", "aggregates").decode("utf-8")))
    )
    assert len(aggregates) == len(extract.aggregates)
    assert {a["suppressed"] for a in aggregates} <= {"true", "false"}


def test_the_same_inputs_give_the_same_bytes() -> None:
    members = [member(serial=i) for i in range(1, 9)]
    first = render(build_extract(members, POLICY, KEY, TODAY), "json")
    again = render(build_extract(list(reversed(members)), POLICY, KEY, TODAY), "json")
    assert first == again


def test_format_from_extension_or_flag() -> None:
    assert format_for("out/extract.CSV") == "csv"
    assert format_for("extract.json") == "json"
    assert format_for("extract.txt", "csv") == "csv"
    with pytest.raises(ValidationError, match="Cannot tell the format"):
        format_for("extract.txt")
    with pytest.raises(ValidationError):
        render(build_extract([], POLICY, KEY, TODAY), "xml")


def test_key_from_file_or_environment(tmp_path, monkeypatch) -> None:
    key_file = tmp_path / "hmac.key"
    key_file.write_text("k" * MIN_KEY_BYTES + "\n")
    assert load_key(file=key_file) == b"k" * MIN_KEY_BYTES
    monkeypatch.setenv("DC_KEY", "  " + "e" * 40 + " ")
    assert load_key(env="DC_KEY") == b"e" * 40


@pytest.mark.parametrize(
    ("kwargs", "expected_id", "expected_en"),
    [
        ({"env": "DC_KEY_UNSET"}, "DC_KEY_UNSET belum diisi", "DC_KEY_UNSET is not set"),
        ({"file": "/nonexistent/hmac.key"}, "tidak dapat dibaca", "Cannot read"),
        ({}, "tidak disebutkan", "No HMAC key named"),
        ({"env": "DC_KEY_SHORT"}, "terlalu pendek", "too short (5 bytes"),
    ],
)
def test_a_missing_or_weak_key_is_a_clear_error(
    monkeypatch, kwargs, expected_id, expected_en
) -> None:
    monkeypatch.delenv("DC_KEY_UNSET", raising=False)
    monkeypatch.setenv("DC_KEY_SHORT", "short")
    with pytest.raises(ExtractKeyError) as caught:
        load_key(**kwargs)
    assert expected_id in caught.value.message_id
    assert expected_en in caught.value.message_en
