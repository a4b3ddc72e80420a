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


def check_name(value: str) -> str:
    """The cleaned name, or :class:`ValidationError` (required, at least two letters, no digits)."""
    name = clean_text(value)
    if len(name) < 2:
        raise ValidationError("Nama wajib diisi.", "The name is required.", field="name")
    if any(ch.isdigit() for ch in name):
        raise ValidationError(
            "Nama tidak boleh berisi angka.", "The name must not contain digits.", field="name"
        )
    return name


def parse_iso_date(value: str, field: str) -> dt.date:
    """A ``YYYY-MM-DD`` date, or :class:`ValidationError` naming ``field``."""
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            f"Tanggal tidak sah pada {field}: {value!r} (YYYY-MM-DD).",
            f"Invalid date in {field}: {value!r} (YYYY-MM-DD).",
            field=field,
        ) from None


def check_registered(p: MemberRegistered) -> None:
    """A registration as an event carries it, checked with the rules the form is checked with
    (:func:`build_registration`): the server applies the same to every pushed registration.

    Raises:
        ValidationError: the first field that no registration form could have produced.
    """
    if not p.member_id.strip():
        raise ValidationError("Id anggota kosong.", "The member id is empty.", field="member_id")
    if not p.home_branch.strip():
        raise ValidationError(
            "Cabang induk kosong.", "The home branch is empty.", field="home_branch"
        )
    join_date = parse_iso_date(p.join_date, "join_date")
    info = decode_nik(p.nik, today=join_date)
    if info.nik != p.nik:
        raise ValidationError(
            "NIK tidak dalam bentuk baku (16 angka).",
            "The NIK is not 16 plain digits.",
            field="nik",
        )
    if parse_iso_date(p.birth_date, "birth_date") != info.birth_date:
        raise ValidationError(
            f"Tanggal lahir {p.birth_date} tidak sesuai NIK ({info.birth_date.isoformat()}).",
            f"Birth date {p.birth_date} does not match the NIK ({info.birth_date.isoformat()}).",
            field="birth_date",
        )
    if p.sex != info.sex:
        raise ValidationError(
            f"Jenis kelamin {p.sex!r} tidak sesuai NIK ({info.sex}).",
            f"Sex {p.sex!r} does not match the NIK ({info.sex}).",
            field="sex",
        )
    if check_name(p.name) != p.name:
        raise ValidationError(
            "Nama tidak dalam bentuk baku (spasi berlebih).",
            "The name is not in its cleaned form (extra whitespace).",
            field="name",
        )
    if not clean_text(p.address):
        raise ValidationError("Alamat wajib diisi.", "The address is required.", field="address")
    if not clean_text(p.mother_maiden_name):
        raise ValidationError(
            "Nama ibu kandung wajib diisi.",
            "The mother's maiden name is required.",
            field="mother_maiden_name",
        )
    if p.phone and normalise_phone(p.phone) != p.phone:
        raise ValidationError(
            "Nomor HP tidak dalam bentuk baku.",
            "The phone number is not normalised.",
            field="phone",
        )
    check_age(info.birth_date, join_date)


def check_age(birth_date: dt.date, join_date: dt.date) -> None:
    age = (join_date - birth_date).days // 365
    if age < 17:
        raise ValidationError(
            "Anggota harus berusia minimal 17 tahun.",
            "A member must be at least 17 years old.",
            field="nik",
        )


def check_profile_changes(changes: dict[str, str]) -> None:
    """A :class:`ledger.events.MemberUpdated` patch checked like the edit form's fields."""
    if "name" in changes and check_name(changes["name"]) != changes["name"]:
        raise ValidationError(
            "Nama tidak dalam bentuk baku.", "The name is not in its cleaned form.", field="name"
        )
    phone = changes.get("phone")
    if phone and normalise_phone(phone) != phone:
        raise ValidationError(
            "Nomor HP tidak dalam bentuk baku.",
            "The phone number is not normalised.",
            field="phone",
        )
    for key in ("address", "mother_maiden_name"):
        if key in changes and not clean_text(changes[key]):
            raise ValidationError(
                f"Kolom {key} tidak boleh kosong.",
                f"The field {key} must not be empty.",
                field=key,
            )


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
    name = check_name(form.name)
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
    check_age(info.birth_date, join_date)
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
