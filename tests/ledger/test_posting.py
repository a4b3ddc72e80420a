import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import UnbalancedEntry
from ledger.posting import JournalEntry, JournalLine, post, post_reversal, trial_balance

from .builders import Counter


def lines_of(entry):
    return sorted((line.account, line.debit, line.credit) for line in entry.lines)


def test_an_unbalanced_entry_cannot_be_constructed():
    with pytest.raises(UnbalancedEntry):
        JournalEntry(
            "e", (JournalLine("1101:BR01:ayu", debit=100), JournalLine("2101:BR01", credit=99))
        )
    with pytest.raises(UnbalancedEntry):
        JournalEntry("e", (JournalLine("1101:BR01:ayu", debit=100),))
    with pytest.raises(UnbalancedEntry):
        JournalLine("1101:BR01:ayu", debit=100, credit=100)
    with pytest.raises(UnbalancedEntry):
        JournalLine("1101:BR01:ayu", debit=-5)
    with pytest.raises(UnbalancedEntry):
        JournalLine("1101:BR01:ayu", debit=1.5)  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        JournalLine("9999", debit=1)


def test_a_deposit_debits_the_tellers_cash_and_credits_the_savings_account():
    counter = Counter()
    wayan = counter.member("I Wayan Sudarsana")
    assert lines_of(post(wayan.deposits(150_000))) == [
        ("1101:BR01:ayu", 150_000, 0),
        ("2101:BR01", 0, 150_000),
    ]
    assert lines_of(post(wayan.deposits(25_000, "wajib"))) == [
        ("1101:BR01:ayu", 25_000, 0),
        ("3102:BR01", 0, 25_000),
    ]
    assert lines_of(post(wayan.deposits(100_000, "pokok"))) == [
        ("1101:BR01:ayu", 100_000, 0),
        ("3101:BR01", 0, 100_000),
    ]


def test_a_withdrawal_credits_cash():
    counter = Counter()
    assert lines_of(post(counter.member("Ni Kadek Sri").withdraws(40_000))) == [
        ("1101:BR01:ayu", 0, 40_000),
        ("2101:BR01", 40_000, 0),
    ]


def test_opening_the_drawer_moves_the_float_from_the_vault():
    counter = Counter()
    assert lines_of(post(counter.events[0])) == [
        ("1101:BR01:ayu", 5_000_000, 0),
        ("1102:BR01", 0, 5_000_000),
    ]


def test_a_short_drawer_posts_the_difference_to_selisih_kas():
    counter = Counter()
    closed = counter.close_drawer(5_050_000, {"100000": 50, "20000": 2})  # 5.040.000 counted
    assert lines_of(post(closed)) == [
        ("1101:BR01:ayu", 0, 5_050_000),
        ("1102:BR01", 5_040_000, 0),
        ("5901:BR01", 10_000, 0),
    ]


def test_an_over_drawer_credits_selisih_kas_and_an_exact_one_has_no_line():
    counter = Counter()
    over = post(counter.close_drawer(5_000_000, {"100000": 50, "500": 1}))
    assert ("5901:BR01", 0, 500) in lines_of(over)
    exact = post(counter.close_drawer(5_000_000, {"100000": 50}))
    assert all(not line.account.startswith("5901") for line in exact.lines)


def test_a_reversal_mirrors_the_original_through_the_reversing_drawer():
    counter = Counter()
    deposit = counter.member("I Nyoman Gede").deposits(75_000)
    reversal = counter.reverse(deposit)
    assert lines_of(post_reversal(reversal, deposit)) == [
        ("1101:BR01:ayu", 0, 75_000),
        ("2101:BR01", 75_000, 0),
    ]
    assert post(reversal) is None  # a reversal alone posts nothing: it needs its target


def test_non_money_events_post_nothing():
    counter = Counter()
    counter.member("I Gede Pasek")
    assert counter.events[1].type == "MemberRegistered"
    assert post(counter.events[1]) is None


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["dep", "wd", "rev"]),
            st.integers(1, 50_000_000),
            st.sampled_from(["pokok", "wajib", "sukarela"]),
        ),
        max_size=25,
    )
)
def test_every_posting_balances_and_so_does_the_trial_balance(ops):
    counter = Counter()
    member = counter.member("I Made Wirawan")
    entries = [post(counter.events[0])]
    last = None
    for kind, amount, product in ops:
        if kind == "dep":
            last = member.deposits(amount, product)
            entries.append(post(last))
        elif kind == "wd":
            last = member.withdraws(amount, product)
            entries.append(post(last))
        elif last is not None:
            entries.append(post_reversal(counter.reverse(last), last))
    for entry in entries:
        assert sum(line.debit for line in entry.lines) == sum(line.credit for line in entry.lines)
    assert sum(trial_balance(entries).values()) == 0


def test_a_reversal_at_another_branch_keeps_each_branchs_books_balanced():
    ubud = Counter(branch="BR01", device="dev-1", teller="ayu")
    deposit = ubud.member("I Wayan Sudarsana").deposits(80_000)
    gianyar = Counter(branch="BR02", device="dev-2", teller="putu")
    reversal = gianyar.reverse(deposit)
    lines = lines_of(post_reversal(reversal, deposit))
    assert lines == [
        ("1101:BR02:putu", 0, 80_000),
        ("1901:BR01:BR02", 0, 80_000),
        ("1901:BR02:BR01", 80_000, 0),
        ("2101:BR01", 80_000, 0),
    ]
    per_branch: dict[str, int] = {}
    for account, debit, credit in lines:
        branch = account.split(":")[1]
        per_branch[branch] = per_branch.get(branch, 0) + debit - credit
    assert per_branch == {"BR01": 0, "BR02": 0}
