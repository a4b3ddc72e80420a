"""The policy file: the checked-in default loads, and anything outside the catalogue is refused
at load with the reason in Bahasa Indonesia and English."""

from __future__ import annotations

import base64

import pytest

from sync_server.extract.policy import DEFAULT_POLICY, PolicyError, load_policy, parse_policy
from tests.extract.builders import COOP_NUMBER, DC_PUBLIC_B64, KEYHOLDER_URL, configured, policy

FIELDS_LINE = '    { name = "loan_band", transform = "band" },             # bands.loans\n'


def with_field(entry: str) -> bytes:
    """The default policy with one more member field entry."""
    data = DEFAULT_POLICY.read_bytes().decode()
    assert FIELDS_LINE in data
    data = data.replace(FIELDS_LINE, FIELDS_LINE + f"    {entry},\n")
    return data.encode()


def refused(text: bytes | None = None, **replace: str) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        policy(text, **replace)
    return caught.value


def test_default_policy_is_the_issue_default() -> None:
    p = policy()
    assert p.cooperative_number == COOP_NUMBER
    assert p.field_names == (
        "nik_pseudonym",
        "province_code",
        "regency_code",
        "sex",
        "birth_year",
        "join_year",
        "status",
        "savings_band",
        "loan_band",
    )
    assert [b.label for b in p.bands["savings"]][:2] == ["< Rp 1 juta", "Rp 1–5 juta"]
    assert p.aggregates.min_cell == 5
    assert (p.k, p.max_suppressed_percent) == (5, 5)
    assert p.key_env == "LUMBUNG_KEYHOLDER_TOKEN" and p.key_file == ""
    assert p.keyholder_url == KEYHOLDER_URL
    assert base64.b64encode(p.datacentre_public_key).decode() == DC_PUBLIC_B64
    assert len(p.sha256) == 64


def test_default_policy_as_shipped_asks_for_the_cooperative_number() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy()
    assert "Nomor Induk Koperasi" in caught.value.message_id
    assert "registration number" in caught.value.message_en
    # ... and for the key holder's address and the data centre's public key.
    assert "keyholder.url" in caught.value.message_en
    assert "datacentre.public_key" in caught.value.message_en
    assert len(caught.value.problems) == 3


def test_the_old_hmac_column_is_refused_with_the_reason() -> None:
    """The HMAC of the NIK under a key every cooperative held is what issue 17 broke by
    enumeration; a policy still asking for it is told why."""
    error = refused(with_field('{ name = "nik_hash", transform = "hmac_sha256" }'))
    assert "field 'nik_hash' is forbidden" in error.message_en
    assert "reversed by enumeration" in error.message_en


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("k = 5", "k = 2", "members.k must be an integer 3–1000"),
        ("max_suppressed_percent = 5", "max_suppressed_percent = 50", "members.max_suppressed"),
        (f'public_key = "{DC_PUBLIC_B64}"', 'public_key = "c2hvcnQ="', "datacentre.public_key"),
        (f'url = "{KEYHOLDER_URL}"', 'url = "keyholder.test"', "keyholder.url"),
        ('verify_key = ""', 'verify_key = "c2hvcnQ="', "keyholder.verify_key"),
    ],
)
def test_anonymity_and_pseudonym_settings_are_checked(old: str, new: str, expected: str) -> None:
    assert expected in refused(**{old: new}).message_en


@pytest.mark.parametrize(
    ("field", "reason_id", "reason_en"),
    [
        ("name", "nama", "name"),
        ("address", "alamat", "address"),
        ("phone", "nomor HP", "phone"),
        ("nik", "NIK tidak boleh dikirim", "the NIK must not be sent"),
        ("birth_date", "tanggal lahir lengkap", "exact birth date"),
        ("nama", "nama", "name"),
        ("savings_total", "jumlah simpanan persis", "exact savings"),
        ("mother_maiden_name", "ibu kandung", "maiden name"),
    ],
)
def test_a_forbidden_field_is_refused_with_its_reason(
    field: str, reason_id: str, reason_en: str
) -> None:
    error = refused(with_field(f'"{field}"'))
    assert f"kolom '{field}' dilarang" in error.message_id
    assert reason_id in error.message_id
    assert f"field '{field}' is forbidden" in error.message_en
    assert reason_en in error.message_en
    assert error.message("en") == error.message_en and error.message("id") == error.message_id


def test_an_unknown_field_is_refused_naming_the_catalogue() -> None:
    error = refused(with_field('{ name = "religion", transform = "as_is" }'))
    assert "tidak ada di katalog" in error.message_id
    assert "not in the allowed catalogue (nik_pseudonym, province_code" in error.message_en


def test_a_catalogue_field_with_another_transform_is_refused() -> None:
    error = refused(with_field('{ name = "savings_band", transform = "as_is" }'))
    assert "only be transformed by 'band', not 'as_is'" in error.message_en


def test_every_problem_is_reported_at_once() -> None:
    text = with_field('"name"').replace(b"min_cell = 5", b"min_cell = 1")
    error = refused(text)
    assert len(error.problems) == 2
    assert "aggregates.min_cell" in error.message_en


def test_the_credential_itself_may_not_be_written_in_the_policy() -> None:
    error = refused(
        **{'env = "LUMBUNG_KEYHOLDER_TOKEN"': 'env = "LUMBUNG_KEYHOLDER_TOKEN"\ntoken = "kh.x"'}
    )
    assert "kredensial pemegang kunci tidak boleh ditulis di kebijakan (token)" in (
        error.message_id
    )
    assert "must never be in the policy" in error.message_en


def test_naming_both_credential_sources_is_refused() -> None:
    error = refused(**{"# file = ": "file = "})
    assert "only one of keyholder.env or keyholder.file" in error.message_en


def test_a_credential_file_is_found_beside_the_policy(tmp_path) -> None:
    text = configured(DEFAULT_POLICY.read_bytes()).replace(
        b'env = "LUMBUNG_KEYHOLDER_TOKEN"', b'file = "secrets/keyholder.token"'
    )
    path = tmp_path / "policy.toml"
    path.write_bytes(text)
    assert load_policy(path).key_file == str(tmp_path / "secrets" / "keyholder.token")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{ below = 5_000_000, label", "{ below = 1_200_000, label", "too narrow"),
        ("{ below = 36, label", "{ below = 27, label", "too narrow"),
        ('{ label = "66+" }', '{ below = 90, label = "66+" }', "must be open"),
        ('label = "Rp 1–5 juta"', 'label = "< Rp 1 juta"', "empty or repeated"),
        ("total_rounding = 1_000_000", "total_rounding = 1", "total_rounding"),
        ("max_share_percent = 60", "max_share_percent = 20", "max_share_percent"),
        ('region = "regency"', 'region = "district"', "aggregates.region"),
        ('"loans_total"]', '"loans_total", "income"]', "aggregate 'income'"),
        ("version = 1", "version = 2", "version must be 1"),
        ("[aggregates]", "[extra]\n[aggregates]", "unknown section 'extra'"),
    ],
)
def test_settings_that_would_weaken_the_protection_are_refused(
    old: str, new: str, expected: str
) -> None:
    assert expected in refused(**{old: new}).message_en


def test_invalid_toml_and_missing_files_are_refused_not_crashed(tmp_path) -> None:
    with pytest.raises(PolicyError, match="invalid TOML"):
        parse_policy(b"fields = [")
    with pytest.raises(PolicyError, match="cannot read file"):
        load_policy(tmp_path / "missing.toml")


def test_the_policy_hash_follows_the_exact_bytes() -> None:
    assert policy().sha256 != policy(**{"# Bands:": "# Kelompok:"}).sha256
