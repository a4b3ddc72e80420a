import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import ValidationError
from ledger.nik import PROVINCES, decode_nik, is_valid_nik, make_nik

TODAY = dt.date(2026, 11, 27)


def test_decodes_a_man():
    info = decode_nik("5171010508900003", today=TODAY)
    assert info.province == "51" and info.province_name == "Bali"
    assert info.regency == "5171"
    assert info.district == "517101"
    assert info.birth_date == dt.date(1990, 8, 5)
    assert info.sex == "L"
    assert info.serial == "0003"


def test_a_woman_has_forty_added_to_her_birth_day():
    info = decode_nik("5104024512850001", today=TODAY)
    assert info.birth_date == dt.date(1985, 12, 5)
    assert info.sex == "P"


def test_29_february_only_in_a_leap_year():
    assert decode_nik("5171012902000001", today=TODAY).birth_date == dt.date(2000, 2, 29)
    assert decode_nik("5171016902960001", today=TODAY).birth_date == dt.date(1996, 2, 29)
    with pytest.raises(ValidationError, match="impossible"):
        decode_nik("5171012902010001", today=TODAY)


def test_two_digit_year_reads_as_the_latest_past_year():
    assert decode_nik("3171010101050001", today=TODAY).birth_date.year == 2005
    assert decode_nik("3171010101300001", today=TODAY).birth_date.year == 1930


@pytest.mark.parametrize(
    ("nik", "reason"),
    [
        ("517101050890000", "16 digit"),
        ("51710105089000031", "16 digit"),
        ("5171O10508900003", "hanya boleh berisi angka"),
        ("", "wajib diisi"),
        ("9971010508900003", "provinsi 99"),
        ("5100010508900003", "kabupaten"),
        ("5171000508900003", "kecamatan"),
        ("5171013002900003", "tidak mungkin"),  # 30 February
        ("5171017102900003", "tidak mungkin"),  # woman, 31 February
        ("5171010513900003", "tidak mungkin"),  # month 13
        ("5171010508900000", "0000"),
    ],
)
def test_invalid_niks_say_why(nik, reason):
    with pytest.raises(ValidationError) as err:
        decode_nik(nik, today=TODAY)
    assert reason in err.value.message_id
    assert err.value.field == "nik"
    assert not is_valid_nik(nik, today=TODAY)


def test_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="future"):
        decode_nik("5171012812260001", today=TODAY)


def test_spaces_are_ignored():
    assert decode_nik("5171 0105 0890 0003", today=TODAY).nik == "5171010508900003"


@given(
    st.sampled_from(sorted(PROVINCES)),
    st.integers(1, 99),
    st.integers(1, 99),
    st.dates(dt.date(1927, 1, 1), TODAY),
    st.sampled_from(["L", "P"]),
    st.integers(1, 9999),
)
def test_make_then_decode_round_trips(province, regency, district, birth, sex, serial):
    nik = make_nik(f"{province}{regency:02d}{district:02d}", birth, sex, serial)
    info = decode_nik(nik, today=TODAY)
    assert (info.birth_date, info.sex, int(info.serial)) == (birth, sex, serial)


def test_an_impossible_date_is_shown_as_a_person_reads_it():
    with pytest.raises(ValidationError) as err:
        decode_nik("5171017102900003", today=TODAY)  # woman: day 71 - 40 = 31 February
    assert "31-02-1990" in err.value.message_id
