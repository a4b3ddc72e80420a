from hypothesis import given
from hypothesis import strategies as st

from ledger.projection import Projection

from .builders import Counter


def test_balances_follow_deposits_withdrawals_and_reversals():
    counter = Counter()
    wayan = counter.member("I Wayan Sudarsana")
    wayan.deposits(100_000, "pokok")
    wayan.deposits(50_000)
    mistake = wayan.withdraws(20_000)
    counter.reverse(mistake)
    p = Projection().apply_all(counter.events)
    assert p.balance(wayan.id, "pokok") == 100_000
    assert p.balance(wayan.id, "sukarela") == 50_000
    assert p.gl["1101:BR01:ayu"] == 5_000_000 + 150_000
    assert p.trial_balance_total() == 0
    assert len(p.events) == len(counter.events)  # the original stays


def test_a_reversal_arriving_before_its_target_nets_out_the_same():
    counter = Counter()
    wayan = counter.member("I Wayan Sudarsana")
    deposit = wayan.deposits(50_000)
    reversal = counter.reverse(deposit)
    forward = Projection().apply_all(counter.events)
    backward = Projection().apply_all([*counter.events[:2], reversal, deposit])
    assert forward.state() == backward.state()
    assert backward.balance(wayan.id, "sukarela") == 0


def test_applying_an_event_twice_changes_nothing():
    counter = Counter()
    counter.member("Ni Luh Putu Ariani", sex="P").deposits(10_000)
    once = Projection().apply_all(counter.events)
    twice = Projection().apply_all(counter.events + counter.events)
    assert once.state() == twice.state()


def test_profile_fields_merge_last_writer_by_hlc_wins_ties_by_device():
    a = Counter(device="dev-a", wall_ms=1_000)
    member = a.member("I Ketut Arsana")
    b = Counter(device="dev-b", wall_ms=5_000)
    b.at(member.id).updates(phone="081111111111")
    a.at(member.id).updates(address="Jl. Hanoman 5")  # older HLC, different field: both kept
    c = Counter(device="dev-c", wall_ms=1_000)
    c.at(member.id).updates(phone="082222222222")  # older than b's phone edit: loses
    events = a.events + b.events + c.events
    profile = Projection().apply_all(events).profile(member.id)
    assert profile["phone"] == "081111111111"
    assert profile["address"] == "Jl. Hanoman 5"
    assert profile["name"] == "I Ketut Arsana"

    # Same HLC on two devices: the higher device id wins, whatever the order.
    x = Counter(device="dev-x", wall_ms=9_000)
    y = Counter(device="dev-y", wall_ms=9_000)
    ex = x.at(member.id).updates(occupation="Guru")
    ey = y.at(member.id).updates(occupation="Pedagang")
    assert ex.hlc == ey.hlc
    for order in ([ex, ey], [ey, ex]):
        assert Projection().apply_all(events + order).profile(member.id)["occupation"] == "Pedagang"


def _history(ops):
    """Three branches working on shared members, from a list of drawn operations."""
    counters = [Counter(branch=f"BR0{i}", device=f"dev-{i}", teller=f"t{i}") for i in range(3)]
    members = [counters[0].member("I Wayan Sudarsana"), counters[1].member("Ni Made Ayu", sex="P")]
    last = {}
    for who, kind, which, amount in ops:
        counter = counters[who]
        member = counter.at(members[which].id)
        if kind == "dep":
            last[who] = member.deposits(amount)
        elif kind == "wd":
            last[who] = member.withdraws(amount)
        elif kind == "edit":
            member.updates(phone=f"0812{amount:08d}"[:13])
        elif who in last:
            counter.reverse(last.pop(who))
    return [e for c in counters for e in c.events]


operations = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.sampled_from(["dep", "wd", "edit", "rev"]),
        st.integers(0, 1),
        st.integers(1, 10_000_000),
    ),
    max_size=30,
)


@given(operations, st.randoms(use_true_random=False))
def test_any_permutation_of_the_events_gives_the_same_projection(ops, rnd):
    events = _history(ops)
    reference = Projection().apply_all(events).state()
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert Projection().apply_all(shuffled).state() == reference


@given(operations)
def test_the_trial_balance_always_balances(ops):
    p = Projection().apply_all(_history(ops))
    assert p.trial_balance_total() == 0
    savings = sum(v for (m, prod), v in p.balances.items())
    # Member sub-ledgers agree with the general ledger's savings accounts.
    gl_savings = -sum(v for k, v in p.gl.items() if k.split(":")[0] in ("2101", "3101", "3102"))
    assert savings == gl_savings
