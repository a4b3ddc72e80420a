"""What an extract may ever carry: the closed catalogue every policy is checked against.

A policy can only *choose* from this catalogue; it cannot invent a field or a transformation.
Each member field has exactly one way of being derived, and every one of them coarsens the
data (a pseudonym, a region code, a year, a band). The fields a cooperative keeps about a
person that must never leave it are listed with the reason, so a refused policy says *why*.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """A member-level field the extract may carry.

    Attributes:
        name: The column name in the extract.
        transform: The only transformation that produces it (named in the policy file so a
            reader sees how the value is derived).
        bands: For banded fields, which band table of the policy applies (else ``""``).
        description_id: What the column holds, in Bahasa Indonesia.
        description_en: The same in English.
    """

    name: str
    transform: str
    bands: str
    description_id: str
    description_en: str


MEMBER_FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in (
        FieldSpec(
            "nik_pseudonym",
            "oprf_sealed",
            "",
            "Pseudonim NIK dari pemegang kunci (OPRF), disegel untuk pusat data; NIK tidak "
            "dikirim dan tidak dapat dihitung balik",
            "The NIK's pseudonym from the key holder (OPRF), sealed to the data centre; the "
            "NIK is not sent and cannot be computed back",
        ),
        FieldSpec(
            "province_code",
            "nik_province",
            "",
            "Kode provinsi (2 digit) dari NIK",
            "Province code (2 digits) from the NIK",
        ),
        FieldSpec(
            "regency_code",
            "nik_regency",
            "",
            "Kode kabupaten/kota (4 digit) dari NIK",
            "Regency/city code (4 digits) from the NIK",
        ),
        FieldSpec("sex", "sex_code", "", "Jenis kelamin (L/P)", "Sex (L/P)"),
        FieldSpec("birth_year", "year", "", "Tahun lahir", "Year of birth"),
        FieldSpec("age_band", "band", "age", "Kelompok umur", "Age band"),
        FieldSpec("join_year", "year", "", "Tahun masuk anggota", "Year of joining"),
        FieldSpec(
            "status",
            "status_code",
            "",
            "Status keanggotaan (active/resigned/deceased/other)",
            "Membership status (active/resigned/deceased/other)",
        ),
        FieldSpec(
            "savings_band",
            "band",
            "savings",
            "Kelompok jumlah simpanan (pokok + wajib + sukarela)",
            "Band of total savings (pokok + wajib + sukarela)",
        ),
        FieldSpec(
            "loan_band",
            "band",
            "loans",
            "Kelompok sisa pokok pinjaman",
            "Band of outstanding loan principal",
        ),
    )
}

#: Fields a cooperative holds that an extract must never carry, with the reason given when a
#: policy asks for one: (Indonesian, English).
FORBIDDEN_FIELDS: dict[str, tuple[str, str]] = {
    "nik": (
        "NIK tidak boleh dikirim; gunakan nik_pseudonym",
        "the NIK must not be sent; use nik_pseudonym",
    ),
    "nik_hash": (
        "hash NIK dengan kunci bersama dapat dibalik dengan enumerasi; gunakan nik_pseudonym",
        "a hash of the NIK under a shared key is reversed by enumeration; use nik_pseudonym",
    ),
    "name": ("nama adalah data pribadi langsung", "the name directly identifies a person"),
    "address": ("alamat adalah data pribadi langsung", "the address directly identifies a person"),
    "phone": ("nomor HP adalah data pribadi langsung", "the phone number directly identifies"),
    "birth_date": (
        "tanggal lahir lengkap tidak boleh dikirim; gunakan birth_year atau age_band",
        "the exact birth date must not be sent; use birth_year or age_band",
    ),
    "birth_place": ("tempat lahir tidak boleh dikirim", "the place of birth must not be sent"),
    "mother_maiden_name": (
        "nama ibu kandung adalah data verifikasi rahasia",
        "the mother's maiden name is secret verification data",
    ),
    "occupation": ("pekerjaan tidak termasuk katalog", "the occupation is not in the catalogue"),
    "join_date": (
        "tanggal masuk lengkap tidak boleh dikirim; gunakan join_year",
        "the exact join date must not be sent; use join_year",
    ),
    "member_id": (
        "ID internal anggota tidak boleh dikirim",
        "internal member ids must not be sent",
    ),
    "member_no": (
        "nomor anggota dapat menunjuk orang; tidak boleh dikirim",
        "the member number points at a person; it must not be sent",
    ),
    "savings": (
        "jumlah simpanan persis tidak boleh dikirim; gunakan savings_band",
        "exact savings amounts must not be sent; use savings_band",
    ),
    "loans": (
        "jumlah pinjaman persis tidak boleh dikirim; gunakan loan_band",
        "exact loan amounts must not be sent; use loan_band",
    ),
    "photo": ("foto adalah data biometrik", "the photo is biometric data"),
    "signature": ("tanda tangan adalah data biometrik", "the signature is biometric data"),
}

#: Aliases people write for the same forbidden data.
FORBIDDEN_ALIASES: dict[str, str] = {
    "nama": "name",
    "full_name": "name",
    "alamat": "address",
    "phone_number": "phone",
    "telepon": "phone",
    "no_hp": "phone",
    "tanggal_lahir": "birth_date",
    "tempat_lahir": "birth_place",
    "ibu_kandung": "mother_maiden_name",
    "savings_total": "savings",
    "savings_amount": "savings",
    "simpanan": "savings",
    "loan_outstanding": "loans",
    "loans_outstanding": "loans",
    "loan_amount": "loans",
    "pinjaman": "loans",
}

#: Aggregate tables per region, and what they contain.
MEASURES: dict[str, tuple[str, str]] = {
    "members_by_sex_age": (
        "jumlah anggota per jenis kelamin dan kelompok umur",
        "members per sex and age band",
    ),
    "members_by_status": (
        "jumlah anggota aktif dan tidak aktif",
        "active and inactive members",
    ),
    "savings_total": ("total simpanan (dibulatkan)", "total savings (rounded)"),
    "loans_total": ("total sisa pokok pinjaman (dibulatkan)", "total loan principal (rounded)"),
}

#: Band tables a policy must define, and what is measured against them.
BAND_TABLES: dict[str, str] = {
    "savings": "rupiah",
    "loans": "rupiah",
    "age": "years",
}

#: The status vocabulary; anything else a record holds is sent as ``other`` (a free-text
#: status typed at a branch could carry anything).
STATUSES = ("active", "resigned", "deceased")


def forbidden_reason(name: str) -> tuple[str, str] | None:
    """Why ``name`` may never be in an extract, or None if it is not a known forbidden field."""
    key = name.strip().lower()
    return FORBIDDEN_FIELDS.get(FORBIDDEN_ALIASES.get(key, key))
