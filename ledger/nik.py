"""The Nomor Induk Kependudukan (NIK): the 16-digit national identity number.

Layout: ``PP RR DD ddmmyy SSSS`` — province, regency/city and district codes, the birth date
(with 40 added to the day for women), and a serial that is never ``0000``. The two-digit year
is read as the most recent year not in the future.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ledger.errors import ValidationError

Sex = Literal["L", "P"]  # laki-laki, perempuan

#: Province codes (Kemendagri), including the Papua provinces created in 2022.
PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK tells about its holder.

    Attributes:
        nik: The 16 digits.
        province: Two-digit province code (e.g. ``"51"`` for Bali).
        regency: Four-digit regency/city code (province + regency).
        district: Six-digit district (kecamatan) code.
        birth_date: Date of birth.
        sex: ``"L"`` (laki-laki) or ``"P"`` (perempuan; day + 40 in the NIK).
        serial: The last four digits.
    """

    nik: str
    province: str
    regency: str
    district: str
    birth_date: dt.date
    sex: Sex
    serial: str

    @property
    def province_name(self) -> str:
        return PROVINCES[self.province]


def _invalid(message_id: str, message_en: str) -> ValidationError:
    return ValidationError(message_id, message_en, field="nik")


def decode_nik(text: str, *, today: dt.date | None = None) -> NikInfo:
    """Validate a NIK and decode it.

    Raises:
        ValidationError: naming the reason (length, non-digits, unknown province, regency or
            district code 00, impossible birth date, birth date in the future, serial 0000).
    """
    nik = text.strip().replace(" ", "")
    if not nik:
        raise _invalid("NIK wajib diisi.", "The NIK is required.")
    if not nik.isascii() or not nik.isdigit():
        raise _invalid("NIK hanya boleh berisi angka.", "The NIK may contain digits only.")
    if len(nik) != 16:
        raise _invalid(
            f"NIK harus 16 digit (yang diisi {len(nik)} digit).",
            f"The NIK must have 16 digits (got {len(nik)}).",
        )
    province = nik[0:2]
    if province not in PROVINCES:
        raise _invalid(
            f"Kode provinsi {province} pada NIK tidak dikenal.",
            f"Unknown province code {province} in the NIK.",
        )
    if nik[2:4] == "00":
        raise _invalid(
            "Kode kabupaten/kota pada NIK tidak boleh 00.",
            "The regency/city code in the NIK must not be 00.",
        )
    if nik[4:6] == "00":
        raise _invalid(
            "Kode kecamatan pada NIK tidak boleh 00.",
            "The district code in the NIK must not be 00.",
        )
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex: Sex = "L"
    if day > 40:
        day -= 40
        sex = "P"
    today = today or dt.date.today()
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    try:
        birth = dt.date(year, month, day)
    except ValueError:
        # Show the date as a person reads it (a woman's day without the +40).
        shown = f"{day:02d}-{month:02d}-{year}"
        raise _invalid(
            f"Tanggal lahir pada NIK tidak mungkin ({shown}).",
            f"The birth date in the NIK is impossible ({shown}).",
        ) from None
    if birth > today:
        raise _invalid(
            "Tanggal lahir pada NIK ada di masa depan.",
            "The birth date in the NIK is in the future.",
        )
    if nik[12:16] == "0000":
        raise _invalid(
            "Nomor urut pada NIK tidak boleh 0000.",
            "The serial number in the NIK must not be 0000.",
        )
    return NikInfo(
        nik=nik,
        province=province,
        regency=nik[0:4],
        district=nik[0:6],
        birth_date=birth,
        sex=sex,
        serial=nik[12:16],
    )


def is_valid_nik(text: str, *, today: dt.date | None = None) -> bool:
    try:
        decode_nik(text, today=today)
    except ValidationError:
        return False
    return True


def make_nik(district: str, birth_date: dt.date, sex: Sex, serial: int = 1) -> str:
    """Compose a NIK (for demo data and tests): ``district`` is the six-digit district code."""
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{district}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
