"""Members (anggota): registration input checked field by field, member numbers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ledger.errors import ValidationError
from ledger.events import MemberRegistered
from ledger.nik import decode_nik

_PHONE = re.compile(r"^(\+62|62|0)8\d{7,11}$")


def clean_text(value: str) -> str:
    """Trim, collapse inner whitespace, and NFC-normalise (so search and hashes agree)."""
    return unicodedata.normalize("NFC", " ".join(value.split()))


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s.-]", "", value)
    if not digits:
        return ""
    if not _PHONE.match(digits):
        raise ValidationError(
            "Nomor HP tidak sah (contoh: 0812 3456 7890).",
            "Invalid mobile number (example: 0812 3456 7890).",
            field="phone",
        )
    return "0" + digits.removeprefix("+62").removeprefix("62").removeprefix("0")


@dataclass(frozen=True)
class RegistrationInput:
    """What the registration form collects.

    Attributes:
        nik: 16-digit NIK; birth date and sex are taken from it.
        name: Full name as on the KTP.
        birth_place: Place of birth.
        address: Address.
        phone: Mobile number (optional).
        occupation: Occupation.
        mother_maiden_name: Mother's maiden name (used to verify identity).
    """

    nik: str
    name: str
    birth_place: str
    address: str
    phone: str
    occupation: str
    mother_maiden_name: str


def build_registration(
    form: RegistrationInput,
    *,
    member_id: str,
    member_no: str,
    join_date: dt.date,
    home_branch: str,
) -> MemberRegistered:
    """Validate the form and build the event payload.

    Raises:
        ValidationError: the first bad field, named in ``field``.
    """
    info = decode_nik(form.nik, today=join_date)
    name = clean_text(form.name)
    if len(name) < 2:
        raise ValidationError("Nama wajib diisi.", "The name is required.", field="name")
    if any(ch.isdigit() for ch in name):
        raise ValidationError(
            "Nama tidak boleh berisi angka.", "The name must not contain digits.", field="name"
        )
    address = clean_text(form.address)
    if not address:
        raise ValidationError("Alamat wajib diisi.", "The address is required.", field="address")
    mother = clean_text(form.mother_maiden_name)
    if not mother:
        raise ValidationError(
            "Nama ibu kandung wajib diisi.",
            "The mother's maiden name is required.",
            field="mother_maiden_name",
        )
    age = (join_date - info.birth_date).days // 365
    if age < 17:
        raise ValidationError(
            "Anggota harus berusia minimal 17 tahun.",
            "A member must be at least 17 years old.",
            field="nik",
        )
    return MemberRegistered(
        member_id=member_id,
        member_no=member_no,
        nik=info.nik,
        name=name,
        birth_place=clean_text(form.birth_place),
        birth_date=info.birth_date.isoformat(),
        sex=info.sex,
        address=address,
        phone=normalise_phone(form.phone),
        occupation=clean_text(form.occupation),
        mother_maiden_name=mother,
        join_date=join_date.isoformat(),
        home_branch=home_branch,
    )


def member_number(branch_code: str, device_no: int, serial: int) -> str:
    """A member number unique cooperative-wide without coordination: branch, device, serial.

    ``member_number("001", 1, 42) == "001-01-00042"``; a card scanner types exactly this.
    """
    return f"{branch_code}-{device_no:02d}-{serial:05d}"
