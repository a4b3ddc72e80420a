import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.clock import HlcTimestamp, HybridClock
from ledger.errors import ValidationError
from ledger.ids import Uuid7Generator, is_uuid, uuid7, uuid7_time_ms


class FakeWall:
    def __init__(self, start: int) -> None:
        self.ms = start

    def __call__(self) -> int:
        return self.ms


def test_uuid7_has_version_and_variant_and_the_time():
    value = uuid.UUID(Uuid7Generator()(now_ms=1_790_000_000_000))
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert uuid7_time_ms(str(value)) == 1_790_000_000_000


def test_uuid7s_made_by_one_process_increase_even_within_a_millisecond():
    make = Uuid7Generator()
    ids = [make(now_ms=1_790_000_000_000) for _ in range(1000)]
    ids += [make(now_ms=1_789_000_000_000) for _ in range(10)]  # the clock stepped back
    assert ids == sorted(ids)
    assert len(set(ids)) == 1010
    assert all(is_uuid(i) for i in ids)
    assert uuid7() != uuid7()
    assert not is_uuid("not-a-uuid")


def test_clock_stays_monotonic_when_the_wall_clock_goes_back():
    wall = FakeWall(10_000)
    clock = HybridClock(wall)
    a = clock.now()
    wall.ms = 5_000  # someone set the PC clock back
    b = clock.now()
    c = clock.now()
    assert a < b < c
    assert b.wall_ms == 10_000 and b.logical == 1


def test_observing_a_remote_moves_past_it():
    wall = FakeWall(10_000)
    clock = HybridClock(wall)
    remote = HlcTimestamp(10_500, 7)
    after = clock.observe(remote)
    assert after > remote
    assert clock.now() > after


def test_a_remote_far_ahead_pulls_only_up_to_the_drift_bound():
    wall = FakeWall(10_000)
    clock = HybridClock(wall, max_drift_ms=1_000)
    after = clock.observe(HlcTimestamp(10_000_000, 0))
    assert after.wall_ms <= 11_000
    assert clock.clamp(HlcTimestamp(10_000_000, 3)) == HlcTimestamp(11_000, 0)


def test_encoding_sorts_like_the_timestamp_and_round_trips():
    a, b = HlcTimestamp(999, 12), HlcTimestamp(1_000, 0)
    assert a.encode() < b.encode()
    assert HlcTimestamp.decode(a.encode()) == a
    with pytest.raises(ValidationError):
        HlcTimestamp.decode("12-3")


@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("jump"), st.integers(-(10**7), 10**7)),
            st.tuples(st.just("now"), st.just(0)),
            st.tuples(st.just("recv"), st.integers(-(10**7), 10**8)),
        ),
        max_size=60,
    )
)
def test_hlc_is_monotonic_under_random_clock_jumps(steps):
    wall = FakeWall(1_790_000_000_000)
    clock = HybridClock(wall, max_drift_ms=60_000)
    last = clock.now()
    for kind, value in steps:
        if kind == "jump":
            wall.ms = max(0, wall.ms + value)
            continue
        if kind == "now":
            stamp = clock.now()
        else:
            stamp = clock.observe(HlcTimestamp(max(0, wall.ms + value), 0))
            assert stamp.wall_ms <= max(last.wall_ms, wall.ms + 60_000)
        assert stamp > last
        last = stamp
