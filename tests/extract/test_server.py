"""The extract through the real server process: the data-centre credential, the endpoint, the
CLI, and the log. Members arrive the way they do in production: pushed by a branch device; the
pseudonyms come from a real key-holder process over HTTP, and the tests open them as the data
centre does, with its secret key."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass

import pytest
import requests

from ledger.events import Event, MemberRegistered, Reversed
from ledger.ids import uuid7
from ledger.loans.events import LoanDisbursed, LoanRepaid
from ledger.nik import make_nik
from sync_server import admin
from sync_server.extract.datacentre import open_document
from sync_server.extract.oprf import pseudonym_with_key
from sync_server.extract.policy import load_policy
from sync_server.extract.source import member_records
from sync_server.extract.store import list_extracts
from tests.extract.builders import COOP_NUMBER, DC_SECRET, opened
from tests.extract.conftest import KEY_ENV, ExtractServer
from tests.server.helpers import Device

# (name, district, birth date, sex, address, phone)
PEOPLE = [
    ("I Wayan Sudarsana", "510401", dt.date(1978, 2, 14), "L",
     "Jl. Raya Ubud No. 12", "081337001122"),
    ("Ni Made Suartini", "510401", dt.date(1985, 7, 30), "P",
     "Banjar Tegal, Desa Mas", "085737112233"),
    ("I Nyoman Arimbawa", "510402", dt.date(1990, 11, 3), "L",
     "Gang Melati 4, Sukawati", "081999223344"),
    ("Ni Ketut Sukerti", "510402", dt.date(1969, 1, 21), "P",
     "Jl. Bypass Ngurah Rai 88", "087861334455"),
    ("I Putu Mahendra", "510403", dt.date(1995, 5, 9), "L",
     "Desa Batubulan Kangin", "081246445566"),
    ("Ni Kadek Darmayanti", "510403", dt.date(2001, 9, 17), "P",
     "Jl. Gatot Subroto Timur 3", "082146556677"),
    ("Siti Rahayu", "510401", dt.date(1982, 12, 1), "P",
     "Jl. Kenanga No. 7, Gianyar", "081805667788"),
    ("Budi Santoso", "510404", dt.date(1975, 3, 28), "L",
     "Perum Graha Asri Blok C2", "081338778899"),
    ("Komang Wiratama", "510404", dt.date(1988, 8, 8), "L",
     "Br. Kelod, Desa Singapadu", "085100889900"),
    ("Dewi Lestari", "510405", dt.date(1993, 4, 12), "P",
     "Jl. Astina Utara 21", "081916990011"),
    ("Anak Agung Gede Oka", "510405", dt.date(1960, 10, 5), "L",
     "Puri Agung Peliatan", "081237101112"),
    ("Fransiska Ndapa", "531001", dt.date(1991, 6, 23), "P",
     "Jl. El Tari 5, Waingapu", "081339121314"),
]  # fmt: skip
SAVINGS = 1_234_567
LOAN = 26_000_000


@dataclass
class Cooperative:
    device: Device
    niks: list[str]
    registrations: list[Event]
    borrower_nik: str
    token: str


def expected_pseudonyms(server: ExtractServer, niks: list[str]) -> set[str]:
    """What the data centre should read for these NIKs: computed here with the key holder's
    key, which only a test that plays every party can do."""
    return {pseudonym_with_key(server.keyholder.key, nik).hex() for nik in niks}


def opened_rows(rows: list[dict]) -> dict[str, dict]:
    return {opened(r["nik_pseudonym"]): r for r in rows}


@pytest.fixture(scope="module")
def coop(extract_server: ExtractServer) -> Cooperative:
    server = extract_server.server
    admin.add_branch(server.db, "BR01", "Cabang Ubud")
    device = server.enrol("BR01")
    events = [device.open_drawer()]
    niks, registrations = [], []
    for serial, (name, district, born, sex, address, phone) in enumerate(PEOPLE, 1):
        nik = make_nik(district, born, sex, serial)  # type: ignore[arg-type]
        member_id = uuid7()
        registration = device.make(
            MemberRegistered(
                member_id=member_id,
                member_no=f"BR01-01-{serial:05d}",
                nik=nik,
                name=name,
                birth_place="Gianyar",
                birth_date=born.isoformat(),
                sex=sex,
                address=address,
                phone=phone,
                occupation="Petani",
                mother_maiden_name="Ni Luh Sekar",
                join_date="2024-05-02",
                home_branch="BR01",
            )
        )
        events += [
            registration,
            device.deposit(member_id, 100_000, "pokok"),
            device.deposit(member_id, SAVINGS + serial, "sukarela"),
        ]
        niks.append(nik)
        registrations.append(registration)
    borrower = registrations[0].payload["member_id"]
    loan_id = uuid7()
    session = device.session_id
    events.append(
        device.make(
            LoanDisbursed(
                loan_id,
                borrower,
                "P-UMUM",
                LOAN,
                12,
                150,
                "flat",
                "monthly",
                100,
                session_id=session,
            )
        )
    )
    events.append(
        device.make(LoanRepaid(loan_id, borrower, 1_600_000, 0, 100_000, 1_500_000, session))
    )
    mistaken = device.make(LoanRepaid(loan_id, borrower, 20_000_000, 0, 0, 20_000_000, session))
    events += [mistaken, device.make(Reversed(mistaken.id, "salah input", session))]
    reply = device.push(events)
    assert reply.status_code == 200, reply.text

    issued = extract_server.cli("datacentre", "issue", "kemenkop")
    assert issued.returncode == 0, issued.stderr
    token = re.search(r"(dc\.[A-Za-z0-9_-]+)", issued.stdout)
    assert token is not None, issued.stdout
    return Cooperative(device, niks, registrations, niks[0], token.group(1))


def get(server: ExtractServer, path: str, token: str | None, **params: str) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(server.server.url + path, params=params, headers=headers, timeout=60)


def assert_no_personal_data(coop: Cooperative, blob: bytes) -> None:
    text = blob.decode("utf-8")
    for name, _district, born, _sex, address, phone in PEOPLE:
        assert name not in text and address not in text and phone not in text
        assert born.isoformat() not in text
    for nik in coop.niks:
        assert nik not in text
    for serial in range(1, len(PEOPLE) + 1):
        assert str(SAVINGS + serial) not in text
        assert str(SAVINGS + serial + 100_000) not in text
    assert str(LOAN - 1_500_000) not in text and "2024-05-02" not in text


def test_the_datacentre_token_gets_the_extract_and_it_is_logged(
    extract_server: ExtractServer, coop: Cooperative
) -> None:
    before = len(list_extracts(extract_server.db))
    reply = get(extract_server, "/v1/extract", coop.token)
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("application/json")
    assert reply.headers["cache-control"] == "no-store"
    assert_no_personal_data(coop, reply.content)
    doc = reply.json()
    policy = load_policy(extract_server.policy_file)
    assert doc["nomor_induk_koperasi"] == COOP_NUMBER
    assert doc["policy_sha256"] == policy.sha256 == reply.headers["x-policy-sha256"]
    rows = opened_rows(doc["members"])
    assert doc["k_anonymity"]["withheld_rows"] == 0
    assert set(rows) == expected_pseudonyms(extract_server, coop.niks)
    # Twelve members cannot be published at k = 5 with their exact values: every published
    # combination is shared by at least five of them.
    shown = [tuple(v for c, v in r.items() if c != "nik_pseudonym") for r in doc["members"]]
    assert min(shown.count(key) for key in shown) >= 5
    # What the bands are computed from, read as the extract reads it: 26 juta lent, 1.5 juta
    # repaid, so 24.5 juta owed (the reversed 20 juta repayment does not count). The member
    # rows no longer show one person's band exactly (it is generalised with the others), so
    # this is checked at the source.
    records = {r["nik"]: r for r in member_records(extract_server.db)}
    assert records[coop.borrower_nik]["loans_outstanding"] == LOAN - 1_500_000
    assert sum(records[coop.borrower_nik]["savings"].values()) == SAVINGS + 1 + 100_000
    assert {r["loans_outstanding"] for n, r in records.items() if n != coop.borrower_nik} == {0}
    gianyar = [r for r in doc["aggregates"] if r["region_code"] == "5104"]
    status = [r for r in gianyar if r["measure"] == "members_by_status"]
    assert [(r["status"], r["members"]) for r in status] == [("active", 11), ("inactive", 0)]
    sumba = [r for r in doc["aggregates"] if r["region_code"] == "5310"]
    assert sumba and all(r["suppressed"] for r in sumba)  # one member: withheld

    log = list_extracts(extract_server.db)
    assert len(log) == before + 1
    entry = log[0]
    assert entry["who"] == "datacentre:kemenkop" and entry["channel"] == "api"
    assert entry["policy_sha256"] == policy.sha256
    assert entry["row_count"] == len(doc["members"]) + len(doc["aggregates"])
    assert entry["members"] == len(PEOPLE)
    assert str(entry["log_id"]) == reply.headers["x-extract-log-id"]


def test_csv_tables_from_the_endpoint(extract_server: ExtractServer, coop: Cooperative) -> None:
    reply = get(extract_server, "/v1/extract", coop.token, format="csv", table="aggregates")
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/csv")
    assert "aggregates.csv" in reply.headers["content-disposition"]
    assert_no_personal_data(coop, reply.content)
    rows = list(csv.DictReader(io.StringIO(reply.content.decode("utf-8"))))
    assert rows and {r["nomor_induk_koperasi"] for r in rows} == {COOP_NUMBER}
    assert list_extracts(extract_server.db)[0]["table_name"] == "aggregates"
    bad = get(extract_server, "/v1/extract", coop.token, format="xml")
    assert bad.status_code == 422


def _every_other_endpoint(extract_server: ExtractServer) -> list[tuple[str, str]]:
    schema = requests.get(extract_server.server.url + "/openapi.json", timeout=30).json()
    found = [
        (method.upper(), re.sub(r"\{[^}]+\}", "0", path))
        for path, operations in schema["paths"].items()
        for method in operations
        if path != "/v1/extract"
    ]
    extra = [("GET", "/openapi.json"), ("GET", "/docs"), ("GET", "/no-such-path")]
    return found + extra


def test_the_datacentre_token_is_refused_everywhere_else(
    extract_server: ExtractServer, coop: Cooperative
) -> None:
    endpoints = _every_other_endpoint(extract_server)
    assert ("POST", "/v1/push") in endpoints and ("GET", "/v1/pull") in endpoints
    assert len(endpoints) >= 8
    for method, path in endpoints:
        reply = requests.request(
            method,
            extract_server.server.url + path,
            headers={"Authorization": f"Bearer {coop.token}"},
            json={} if method == "POST" else None,
            timeout=30,
        )
        assert reply.status_code == 403, (method, path, reply.status_code, reply.text)
        assert reply.json()["code"] == "forbidden"
        assert "GET /v1/extract" in reply.json()["detail_id"]


def test_branch_devices_are_refused_on_the_extract_but_keep_syncing(
    extract_server: ExtractServer, coop: Cooperative
) -> None:
    before = len(list_extracts(extract_server.db))
    refused = get(extract_server, "/v1/extract", coop.device.token)
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"] == "Branch devices may not read the data-centre extract."
    assert get(extract_server, "/v1/extract", None).status_code == 401
    assert get(extract_server, "/v1/extract", "not-a-token").status_code == 401
    assert get(extract_server, "/v1/extract", "dc.forged").status_code == 401
    assert len(list_extracts(extract_server.db)) == before  # refusals are not extracts
    pulled = extract_server.server.get("/v1/pull", coop.device.token, after=0, limit=5)
    assert pulled.status_code == 200


def test_a_revoked_datacentre_token_stops_working(extract_server: ExtractServer) -> None:
    issued = extract_server.cli("datacentre", "issue", "short-lived")
    token = re.search(r"(dc\.[A-Za-z0-9_-]+)", issued.stdout)
    assert token is not None, issued.stderr
    assert get(extract_server, "/v1/extract", token.group(1)).status_code == 200
    assert extract_server.cli("datacentre", "revoke", "short-lived").returncode == 0
    assert get(extract_server, "/v1/extract", token.group(1)).status_code == 401
    listed = extract_server.cli("datacentre", "list")
    assert re.search(r"short-lived\s+\S+\s+\S+", listed.stdout), listed.stdout


def test_cli_extract_writes_the_file_and_logs_it(
    extract_server: ExtractServer, coop: Cooperative, tmp_path
) -> None:
    out = tmp_path / "kemenkop.csv"
    done = extract_server.cli(
        "extract", "--policy", str(extract_server.policy_file), "--out", str(out),
        env={KEY_ENV: extract_server.token},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert_no_personal_data(coop, out.read_bytes())
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert set(opened_rows(rows)) == expected_pseudonyms(extract_server, coop.niks)
    entry = list_extracts(extract_server.db)[0]
    assert (entry["channel"], entry["format"], entry["row_count"]) == ("cli", "csv", len(PEOPLE))
    assert entry["who"].startswith("cli:")
    logged = extract_server.cli("datacentre", "log")
    assert f"{entry['log_id']}" in logged.stdout and "datacentre:kemenkop" in logged.stdout


def test_cli_dry_run_shows_what_would_leave_and_logs_nothing(
    extract_server: ExtractServer, coop: Cooperative
) -> None:
    before = len(list_extracts(extract_server.db))
    done = extract_server.cli(
        "extract", "--policy", str(extract_server.policy_file), "--dry-run", "--preview", "3",
        env={KEY_ENV: extract_server.token},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "DRY RUN" in done.stdout and "UJI COBA" in done.stdout
    assert f"Anggota / Members: {len(PEOPLE)}" in done.stdout
    assert "Never sent: nik, nik_hash, name, address, phone, birth_date" in done.stdout
    assert "Member-row protection (k = 5" in done.stdout
    assert extract_server.keyholder.url in done.stdout
    assert "every answer verified (DLEQ)" in done.stdout
    assert len([line for line in done.stdout.splitlines() if COOP_NUMBER + "," in line]) == 3
    assert_no_personal_data(coop, done.stdout.encode())
    assert len(list_extracts(extract_server.db)) == before


def test_cli_refuses_a_missing_key_and_a_forbidden_policy(
    extract_server: ExtractServer, coop: Cooperative, tmp_path
) -> None:
    out = tmp_path / "x.json"
    no_key = extract_server.cli(
        "extract", "--policy", str(extract_server.policy_file), "--out", str(out),
        "--key-env", "LUMBUNG_EXTRACT_KEY_NOT_SET",
    )  # fmt: skip
    assert no_key.returncode == 1
    assert "LUMBUNG_EXTRACT_KEY_NOT_SET is not set" in no_key.stderr
    assert "belum diisi" in no_key.stderr
    assert not out.exists()

    greedy = tmp_path / "greedy.toml"
    greedy.write_text(
        extract_server.policy_file.read_text("utf-8").replace(
            "fields = [\n", 'fields = [\n    "name",\n    { name = "phone" },\n'
        ),
        "utf-8",
    )
    refused = extract_server.cli(
        "extract", "--policy", str(greedy), "--out", str(out), env={KEY_ENV: extract_server.token}
    )
    assert refused.returncode == 1
    assert "field 'name' is forbidden" in refused.stderr
    assert "kolom 'phone' dilarang" in refused.stderr
    assert not out.exists()


def test_the_json_file_from_the_cli_equals_what_the_endpoint_serves(
    extract_server: ExtractServer, coop: Cooperative, tmp_path
) -> None:
    out = tmp_path / "extract.json"
    done = extract_server.cli(
        "extract", "--policy", str(extract_server.policy_file), "--out", str(out),
        env={KEY_ENV: extract_server.token},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    served = get(extract_server, "/v1/extract", coop.token).json()
    written = json.loads(out.read_bytes())
    # Every pseudonym is sealed afresh (so two copies of an extract cannot be matched row by
    # row by anyone but the data centre): the documents are equal once the data centre has
    # opened them, and differ before.
    assert {r["nik_pseudonym"] for r in written["members"]}.isdisjoint(
        r["nik_pseudonym"] for r in served["members"]
    )

    # (Rows are sorted by their published values, then by the sealed value, so rows of one
    # group come in a different order each time.)
    def canonical(doc: dict) -> dict:
        doc = open_document(DC_SECRET, doc)
        return {**doc, "members": sorted(doc["members"], key=lambda r: r["nik_pseudonym"])}

    assert canonical(written) == canonical(served)


def test_a_key_holder_that_refuses_stops_the_extract(
    extract_server: ExtractServer, coop: Cooperative, tmp_path
) -> None:
    out = tmp_path / "x.json"
    done = extract_server.cli(
        "extract", "--policy", str(extract_server.policy_file), "--out", str(out),
        env={KEY_ENV: "kh.not-a-credential-the-key-holder-issued"},
    )  # fmt: skip
    assert done.returncode == 1
    assert "The key holder refused (401)" in done.stderr
    assert not out.exists()
