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
        (0, "nol rupiah"),
        (1, "satu rupiah"),
        (10, "sepuluh rupiah"),
        (11, "sebelas rupiah"),
        (12, "dua belas rupiah"),
        (19, "sembilan belas rupiah"),
        (20, "dua puluh rupiah"),
        (21, "dua puluh satu rupiah"),
        (100, "seratus rupiah"),
        (101, "seratus satu rupiah"),
        (110, "seratus sepuluh rupiah"),
        (111, "seratus sebelas rupiah"),
        (200, "dua ratus rupiah"),
        (999, "sembilan ratus sembilan puluh sembilan rupiah"),
        (1_000, "seribu rupiah"),
        (1_001, "seribu satu rupiah"),
        (1_500, "seribu lima ratus rupiah"),
        (2_001, "dua ribu satu rupiah"),
        (10_000, "sepuluh ribu rupiah"),
        (11_000, "sebelas ribu rupiah"),
        (21_000, "dua puluh satu ribu rupiah"),
        (100_000, "seratus ribu rupiah"),
        (101_000, "seratus satu ribu rupiah"),
        (110_000, "seratus sepuluh ribu rupiah"),
        (1_000_000, "satu juta rupiah"),
        (1_001_000, "satu juta seribu rupiah"),
        (1_500_000, "satu juta lima ratus ribu rupiah"),
        (2_001_500, "dua juta seribu lima ratus rupiah"),
        (10_620, "sepuluh ribu enam ratus dua puluh rupiah"),
        (12_500_000, "dua belas juta lima ratus ribu rupiah"),
        (1_000_000_000, "satu miliar rupiah"),
        (1_001_001_000, "satu miliar satu juta seribu rupiah"),
        (1_000_000_000_000, "satu triliun rupiah"),
        (
            999_999_999_999,
            "sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh "
            "sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus "
            "sembilan puluh sembilan rupiah",
        ),
        (-1_500, "minus seribu lima ratus rupiah"),
    ],
)
def test_terbilang_known_good(amount, words):
    assert terbilang(amount) == words


# An independent reading of the spelling rules, to check terbilang() against over a wide sweep.
# terbilang() works group by group (threes of digits, lowest first); this one recurses on the
# number from the top, by ranges, so the two can only agree if both follow the rules.
_SATUAN = {
    1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima",
    6: "enam", 7: "tujuh", 8: "delapan", 9: "sembilan",
}  # fmt: skip
_BIG = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _spell(n: int) -> str:
    """Words of ``1 <= n < 10**15``, recursing on the leading part."""

    def head_and(head: str, rest: int) -> str:
        return head if rest == 0 else f"{head} {_spell(rest)}"

    if n < 10:
        return _SATUAN[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return _spell(n - 10) + " belas"
    if n < 100:
        return head_and(_spell(n // 10) + " puluh", n % 10)
    if n < 200:
        return head_and("seratus", n - 100)
    if n < 1000:
        return head_and(_spell(n // 100) + " ratus", n % 100)
    if n < 2000:
        return head_and("seribu", n - 1000)
    if n < 10**6:
        return head_and(_spell(n // 1000) + " ribu", n % 1000)
    for size, name in _BIG:
        if n >= size:
            return head_and(f"{_spell(n // size)} {name}", n % size)
    raise AssertionError(n)


def _reference(amount: int) -> str:
    if amount < 0:
        return "minus " + _reference(-amount)
    return ("nol" if amount == 0 else _spell(amount)) + " rupiah"


def test_reference_agrees_with_the_hand_written_examples():
    # The reference itself is checked against the table above before it judges anything.
    for amount, words in [
        (1_001_000, "satu juta seribu rupiah"),
        (2_001_500, "dua juta seribu lima ratus rupiah"),
        (110_000, "seratus sepuluh ribu rupiah"),
        (101_000, "seratus satu ribu rupiah"),
        (0, "nol rupiah"),
    ]:
        assert _reference(amount) == words


def _sweep() -> list[int]:
    amounts: set[int] = set(range(0, 2_000))  # every amount below 2.000
    amounts |= set(range(2_000, 1_000_000, 97))  # a stride that visits every group value
    # n - 1, n, n + 1 around every power of 10 and of 1000, and d × 10^k for each digit.
    for k in range(1, 13):
        for d in range(1, 10):
            for delta in (-1, 0, 1):
                amounts.add(d * 10**k + delta)
    # Interesting group values (se-, belas, puluh, ratus edges) in every group position, alone
    # and next to each other.
    groups = (1, 2, 9, 10, 11, 12, 19, 20, 21, 99, 100, 101, 110, 111, 119, 199, 200, 999)
    for position in (1_000, 1_000_000, 10**9):
        for g in groups:
            for lower in (0, 1, 999, 1_000, 1_001, 11_000, 999_000, 999_999):
                if lower < position:
                    amounts.add(g * position + lower)
                    amounts.add(g * position * 1_000 + lower)
    # Every thousands group under a million, and under a billion.
    for k in range(1_000):
        amounts.add(1_000_000 + k * 1_000)
        amounts.add(2_000_000 + k * 1_000 + 500)
        amounts.add(1_000_000_000 + k * 1_000)
        amounts.add(999_000_000_000 + k * 1_000_000 + 1_000)
    amounts |= {999_999_999_999, 10**12}
    return sorted(a for a in amounts if 0 <= a <= 10**12)


def test_terbilang_over_every_group_boundary():
    amounts = _sweep()
    assert len(amounts) > 10_000
    wrong = [(a, terbilang(a), _reference(a)) for a in amounts if terbilang(a) != _reference(a)]
    assert not wrong[:5], f"{len(wrong)} amounts spelled wrong, first: {wrong[:5]}"


def _grouped(groups: list[int]) -> int:
    return sum(g * 1000**i for i, g in enumerate(groups))


@given(
    st.one_of(
        st.integers(min_value=-DEFAULT_MAXIMUM, max_value=DEFAULT_MAXIMUM),
        # Amounts built from groups that are often 0, 1, 10, 11 or 100, where "se-" matters.
        st.lists(
            st.one_of(st.sampled_from([0, 1, 10, 11, 100, 101, 110]), st.integers(0, 999)),
            min_size=1,
            max_size=4,
        ).map(_grouped),
    )
)
def test_terbilang_of_random_amounts(amount):
    assert terbilang(amount) == _reference(amount)


def test_terbilang_refuses_what_it_cannot_spell():
    with pytest.raises(TypeError):
        terbilang(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        terbilang(10**15)


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
