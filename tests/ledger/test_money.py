import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import ValidationError
from ledger.money import (
    DEFAULT_MAXIMUM,
    format_rupiah,
    parse_rupiah,
    split_amount,
    split_evenly,
    terbilang,
)


@pytest.mark.parametrize(
    "text",
    ["1500000", "1.500.000", "Rp 1.500.000", "Rp1.500.000,-", "Rp. 1.500.000,00", " rp 1500000 "],
)
def test_parses_what_tellers_type_and_receipts_show(text):
    assert parse_rupiah(text) == 1_500_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "wajib diisi"),
        ("   ", "wajib diisi"),
        ("Rp", "wajib diisi"),
        ("12a00", "hanya boleh berisi angka"),
        ("seribu", "hanya boleh berisi angka"),
        ("-5000", "tidak boleh negatif"),
        ("Rp -5.000", "tidak boleh negatif"),
        ("1.500,50", "pecahan"),
        ("1500,5", "pecahan"),
        ("1.50.000", "tidak dikenali"),
        ("1.5000", "tidak dikenali"),
        ("1,500,000", "tidak dikenali"),
    ],
)
def test_rejects_bad_input_with_a_precise_reason(text, reason):
    with pytest.raises(ValidationError) as err:
        parse_rupiah(text)
    assert reason in err.value.message_id
    assert err.value.message_en


def test_rejects_absurd_sizes_above_the_configured_maximum():
    assert parse_rupiah("50.000.000", maximum=50_000_000) == 50_000_000
    with pytest.raises(ValidationError, match="too large"):
        parse_rupiah("50.000.001", maximum=50_000_000)
    with pytest.raises(ValidationError, match="too large"):
        parse_rupiah("9" * 20)


def test_zero_parses_as_zero_and_business_rules_refuse_it_later():
    assert parse_rupiah("0") == 0


def test_format_uses_the_pinned_pattern():
    assert format_rupiah(1_500_000) == "Rp 1.500.000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(999) == "Rp 999"
    assert format_rupiah(-2_500) == "-Rp 2.500"
    with pytest.raises(TypeError):
        format_rupiah(1.5)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=DEFAULT_MAXIMUM))
def test_parse_of_format_is_identity(amount):
    assert parse_rupiah(format_rupiah(amount)) == amount


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_500_000, "satu juta lima ratus ribu rupiah"),
        (1_000, "seribu rupiah"),
        (11, "sebelas rupiah"),
        (2_001, "dua ribu satu rupiah"),
        (0, "nol rupiah"),
        (1_000_000_000, "satu miliar rupiah"),
    ],
)
def test_terbilang(amount, words):
    assert terbilang(amount) == words


def test_split_keeps_every_rupiah():
    assert split_evenly(100, 3) == [34, 33, 33]
    assert split_amount(1_000, [1, 1, 1]) == [334, 333, 333]
    assert split_amount(10, [0, 1]) == [0, 10]
    assert split_amount(-100, [1, 1, 1]) == [-34, -33, -33]
    with pytest.raises(ValueError):
        split_amount(10, [])
    with pytest.raises(ValueError):
        split_amount(10, [0, 0])


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(any),
)
def test_splitting_never_loses_a_rupiah(amount, weights):
    parts = split_amount(amount, weights)
    assert sum(parts) == amount
    assert len(parts) == len(weights)
    total = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part * total - amount * weight) < total  # within one rupiah of the exact share
