"""The extract from plain member records: columns, bands, region tables, rendering, the
key-holder credential. Pseudonyms come from an in-process key holder (builders.keyholder)."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json

import pytest

from ledger.errors import ValidationError
from sync_server.extract.aggregate import round_to
from sync_server.extract.build import format_for, render
from sync_server.extract.keys import MIN_TOKEN_CHARS, ExtractKeyError, load_token
from sync_server.extract.members import Facts, member_row
from sync_server.extract.oprf import pseudonym_with_key
from tests.extract.builders import (
    COOP_NUMBER,
    DC_PUBLIC_B64,
    KH_KEY,
    TODAY,
    extract,
    member,
    opened,
    policy,
)

POLICY = policy()


def rows(members, p=POLICY):
    return json.loads(render(extract(members, p), "json"))


def plain_row(m, p=POLICY):
    """A member's row before generalisation (what the transforms make of one record)."""
    return member_row(Facts(m, TODAY), p, "sealed", TODAY)


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
    # One member alone is withheld at k = 5 (see test_anonymity); the transforms themselves:
    assert rows([m])["members"] == []
    assert plain_row(m) == {
        "nik_pseudonym": "sealed",
        "province_code": "51",
        "regency_code": "5171",
        "sex": "P",
        "birth_year": 1991,
        "join_year": 2015,
        "status": "active",
        "savings_band": "Rp 1–5 juta",
        "loan_band": "Rp 5–25 juta",
    }
    # Five people alike are published as they are, each with a sealed pseudonym the data
    # centre opens to the OPRF of the NIK.
    five = [{**m, "nik": m["nik"][:-4] + f"{i:04d}", "member_id": f"m-{i}"} for i in range(1, 6)]
    doc = rows(five)
    assert doc["nomor_induk_koperasi"] == COOP_NUMBER
    assert doc["k_anonymity"]["levels"]["region"] == "regency"
    assert [{**r, "nik_pseudonym": "x"} for r in doc["members"]] == [
        {**plain_row(m), "nik_pseudonym": "x"}
    ] * 5
    assert {opened(r["nik_pseudonym"]) for r in doc["members"]} == {
        pseudonym_with_key(KH_KEY, f["nik"]).hex() for f in five
    }


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
    row = plain_row(member(savings={"sukarela": savings}, loans=loans))
    assert (row["savings_band"], row["loan_band"]) == (savings_band, loan_band)


def test_status_outside_the_vocabulary_is_sent_as_other() -> None:
    statuses = ["active", "resigned", "deceased", "pindah ke Jl. Kenanga 3"]
    found = [plain_row(member(status=s, serial=i))["status"] for i, s in enumerate(statuses, 1)]
    assert sorted(found) == [
        "active",
        "deceased",
        "other",
        "resigned",
    ]


def test_an_undecodable_nik_still_gets_a_pseudonym_but_no_region() -> None:
    odd = [member(nik=f"99123456789{i:05d}", serial=i) for i in range(1, 6)]
    made = extract(odd)
    assert {(r["province_code"], r["regency_code"]) for r in made.members} == {("", "")}
    assert {opened(r["nik_pseudonym"]) for r in made.members} == {
        pseudonym_with_key(KH_KEY, m["nik"]).hex() for m in odd
    }
    assert made.undecodable_niks == 5


def test_member_rows_are_not_in_registration_order() -> None:
    members = [member(serial=i) for i in range(1, 30)]
    sealed = [r["nik_pseudonym"] for r in rows(members)["members"]]
    assert sealed == sorted(sealed)  # one group: ordered by the (random) sealed values


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
    made = extract([member(serial=i) for i in range(1, 7)])
    members = list(csv.DictReader(io.StringIO(render(made, "csv").decode())))
    assert len(members) == 6
    assert {m["nomor_induk_koperasi"] for m in members} == {COOP_NUMBER}
    assert members[0]["savings_band"] == "< Rp 1 juta"
    aggregates = list(
        csv.DictReader(io.StringIO(render(made, "csv", "aggregates").decode("utf-8")))
    )
    assert len(aggregates) == len(made.aggregates)
    assert {a["suppressed"] for a in aggregates} <= {"true", "false"}


def test_the_same_inputs_give_the_same_extract_but_fresh_seals() -> None:
    """Was: the same bytes. The pseudonyms are now sealed to the data centre with a fresh
    ephemeral key each time, so that two copies of an extract cannot be matched row by row by
    anyone but the data centre; everything else is the same, and so is what it opens to."""
    members = [member(serial=i) for i in range(1, 9)]
    first, again = rows(members), rows(list(reversed(members)))

    def without_seals(doc):
        return {**doc, "members": [{**r, "nik_pseudonym": ""} for r in doc["members"]]}

    assert without_seals(first) == without_seals(again)
    assert {r["nik_pseudonym"] for r in first["members"]}.isdisjoint(
        r["nik_pseudonym"] for r in again["members"]
    )
    assert sorted(opened(r["nik_pseudonym"]) for r in first["members"]) == sorted(
        opened(r["nik_pseudonym"]) for r in again["members"]
    )


def test_format_from_extension_or_flag() -> None:
    assert format_for("out/extract.CSV") == "csv"
    assert format_for("extract.json") == "json"
    assert format_for("extract.txt", "csv") == "csv"
    with pytest.raises(ValidationError, match="Cannot tell the format"):
        format_for("extract.txt")
    with pytest.raises(ValidationError):
        render(extract([]), "xml")


def test_credential_from_file_or_environment(tmp_path, monkeypatch) -> None:
    token_file = tmp_path / "keyholder.token"
    token_file.write_text("kh." + "k" * MIN_TOKEN_CHARS + "\n")
    assert load_token(file=token_file) == "kh." + "k" * MIN_TOKEN_CHARS
    monkeypatch.setenv("KH_TOKEN", "  kh." + "e" * 40 + " ")
    assert load_token(env="KH_TOKEN") == "kh." + "e" * 40


@pytest.mark.parametrize(
    ("kwargs", "expected_id", "expected_en"),
    [
        ({"env": "DC_KEY_UNSET"}, "DC_KEY_UNSET belum diisi", "DC_KEY_UNSET is not set"),
        ({"file": "/nonexistent/hmac.key"}, "tidak dapat dibaca", "Cannot read"),
        ({}, "tidak disebutkan", "No key-holder credential named"),
        ({"env": "DC_KEY_SHORT"}, "terlalu pendek", "too short (5 characters"),
    ],
)
def test_a_missing_or_weak_key_is_a_clear_error(
    monkeypatch, kwargs, expected_id, expected_en
) -> None:
    monkeypatch.delenv("DC_KEY_UNSET", raising=False)
    monkeypatch.setenv("DC_KEY_SHORT", "short")
    with pytest.raises(ExtractKeyError) as caught:
        load_token(**kwargs)
    assert expected_id in caught.value.message_id
    assert expected_en in caught.value.message_en


@pytest.mark.not_on_windows(reason="Windows has no POSIX file modes (the key file's 0o600)")
def test_the_data_centre_tool_makes_its_key_and_opens_an_extract(tmp_path, capsys) -> None:
    from sync_server.extract import datacentre

    secret = tmp_path / "dc.key"
    assert datacentre.main(["keygen", "--secret-key", str(secret)]) == 0
    public = base64.b64decode(capsys.readouterr().out.strip())
    assert oct(secret.stat().st_mode & 0o777) == "0o600"
    assert datacentre.main(["keygen", "--secret-key", str(secret)]) == 1  # never overwritten
    members = [member(serial=i) for i in range(1, 6)]
    p = policy(**{DC_PUBLIC_B64: base64.b64encode(public).decode()})
    (tmp_path / "extract.json").write_bytes(render(extract(members, p), "json"))
    out = tmp_path / "opened.json"
    args = ["open", str(tmp_path / "extract.json"), "--secret-key", str(secret), "--out", str(out)]
    assert datacentre.main(args) == 0
    opened_doc = json.loads(out.read_text())
    assert {r["nik_pseudonym"] for r in opened_doc["members"]} == {
        pseudonym_with_key(KH_KEY, m["nik"]).hex() for m in members
    }
    # Another data centre's key opens nothing.
    other = tmp_path / "other.key"
    datacentre.main(["keygen", "--secret-key", str(other)])
    args = ["open", str(tmp_path / "extract.json"), "--secret-key", str(other)]
    assert datacentre.main(args) == 1
    assert "does not open with this key" in capsys.readouterr().err
