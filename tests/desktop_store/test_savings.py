"""Deposits, withdrawals, limits and reversals posted through the branch service."""

from __future__ import annotations

import pytest

from desktop.services import AuthorisationRequired, NoOpenSession, NotPermitted
from ledger.errors import BusinessRuleError, LumbungError, ValidationError
from ledger.posting import JournalLine

from .builders import Branch, assert_matches_replay


def test_deposit_posts_balances_journal_and_drawer(branch: Branch) -> None:
    wayan = branch.member("I Wayan Sudarsana")
    result = wayan.deposits(250_000)

    assert result.balances == {"pokok": 100_000, "wajib": 0, "sukarela": 250_000}
    assert branch.service.journal_lines(result.event_id) == [
        JournalLine(f"1101:BR01:{branch.teller.user_id}", debit=250_000),
        JournalLine("2101:BR01", credit=250_000),
    ]
    session = branch.service.current_session(branch.teller.user_id)
    assert session is not None
    assert session.expected_cash == 20_000_000 + 100_000 + 250_000
    assert sum(branch.service.trial_balance().values()) == 0


def test_wajib_deposit(branch: Branch) -> None:
    made = branch.member("I Made Wirawan")
    made.deposits(50_000, "wajib")
    assert made.balance("wajib") == 50_000


def test_withdraw_within_balance(branch: Branch) -> None:
    nyoman = branch.member("Ni Nyoman Suartini", sex="P")
    nyoman.deposits(300_000)
    result = nyoman.withdraws(120_000)
    assert result.balances["sukarela"] == 180_000
    assert branch.service.journal_lines(result.event_id) == [
        JournalLine("2101:BR01", debit=120_000),
        JournalLine(f"1101:BR01:{branch.teller.user_id}", credit=120_000),
    ]


def test_withdraw_over_balance_refused_and_nothing_posted(branch: Branch) -> None:
    ketut = branch.member("I Ketut Artawan")
    ketut.deposits(100_000)
    before = branch.event_count()
    with pytest.raises(BusinessRuleError) as info:
        ketut.withdraws(100_001)
    assert "Saldo tidak cukup" in info.value.message_id
    assert branch.event_count() == before
    assert ketut.balance() == 100_000


@pytest.mark.parametrize("product", ["pokok", "wajib"])
def test_pokok_and_wajib_cannot_be_withdrawn_by_a_member(branch: Branch, product: str) -> None:
    wayan = branch.member()
    wayan.deposits(50_000, "wajib")
    with pytest.raises(BusinessRuleError) as info:
        wayan.withdraws(10_000, product)
    assert "tidak dapat ditarik selama masih menjadi anggota" in info.value.message_id
    assert wayan.balance(product) > 0


def test_resigned_member_may_take_out_pokok(branch: Branch) -> None:
    wayan = branch.member()
    branch.service.update_member(wayan.member_id, {"status": "resigned"}, actor=branch.supervisor)
    result = wayan.withdraws(100_000, "pokok")
    assert result.balances["pokok"] == 0


@pytest.mark.parametrize("amount", [0, -5_000])
def test_zero_or_negative_amount_refused(branch: Branch, amount: int) -> None:
    wayan = branch.member()
    before = branch.event_count()
    with pytest.raises(ValidationError):
        wayan.deposits(amount)
    with pytest.raises(ValidationError):
        wayan.withdraws(amount)
    assert branch.event_count() == before


def test_unknown_product_and_member_refused(branch: Branch) -> None:
    wayan = branch.member()
    with pytest.raises(ValidationError):
        wayan.deposits(10_000, "berjangka")
    with pytest.raises(ValidationError):
        branch.service.deposit("no-such-member", "sukarela", 10_000, actor=branch.teller)


def test_over_limit_needs_a_supervisor_recorded_on_the_event(branch: Branch) -> None:
    wayan = branch.member()
    limit = branch.service.limits().teller_limit
    with pytest.raises(AuthorisationRequired):
        wayan.deposits(limit + 1)
    assert wayan.balance() == 0

    boss = branch.service.authorise("made", "made1234", for_user=branch.teller)
    result = wayan.deposits(limit + 1, authorizer=boss)
    event = branch.service.store.event(result.event_id)
    assert event is not None and event.authorizer == branch.supervisor.user_id
    assert wayan.balance() == limit + 1

    with pytest.raises(AuthorisationRequired):
        wayan.withdraws(limit + 1)
    paid = wayan.withdraws(limit + 1, authorizer=boss)
    assert paid.balances["sukarela"] == 0


def test_at_the_limit_no_supervisor_needed(branch: Branch) -> None:
    wayan = branch.member()
    wayan.deposits(branch.service.limits().teller_limit)


def test_teller_cannot_authorise_and_limit_is_a_setting(branch: Branch) -> None:
    wayan = branch.member()
    with pytest.raises(NotPermitted):
        wayan.deposits(15_000_000, authorizer=branch.teller)
    with pytest.raises(NotPermitted):
        branch.service.authorise("ayu", "ayu12345", for_user=branch.teller)
    with pytest.raises(NotPermitted):
        branch.service.change_setting("teller_limit", 1_000_000, actor=branch.teller)

    branch.service.change_setting("teller_limit", 1_000_000, actor=branch.supervisor)
    assert branch.service.limits().teller_limit == 1_000_000
    with pytest.raises(AuthorisationRequired):
        wayan.deposits(1_000_001)


def test_supervisor_posting_over_limit_needs_another_supervisor(branch: Branch) -> None:
    wayan = branch.member()
    branch.service.open_session(actor=branch.supervisor, opening_float=0)
    with pytest.raises(NotPermitted):
        branch.service.deposit(
            wayan.member_id,
            "sukarela",
            20_000_000,
            actor=branch.supervisor,
            authorizer=branch.supervisor,
        )


def test_cash_needs_the_actors_open_drawer(branch: Branch) -> None:
    wayan = branch.member()
    branch.service.close_session(actor=branch.teller, counted={100_000: 201})
    with pytest.raises(NoOpenSession) as info:
        wayan.deposits(10_000)
    assert "Sesi kas" in info.value.message_id


def test_withdrawal_cannot_exceed_the_drawer(branch: Branch) -> None:
    wayan = branch.member()
    wayan.deposits(9_000_000)
    branch.service.close_session(actor=branch.teller, counted={100_000: 291})
    branch.service.open_session(actor=branch.teller, opening_float=1_000_000)
    with pytest.raises(BusinessRuleError) as info:
        wayan.withdraws(2_000_000)
    assert "laci" in info.value.message_id


def test_reversal_keeps_original_restores_balance_and_mirrors_lines(branch: Branch) -> None:
    wayan = branch.member()
    deposit = wayan.deposits(400_000)
    result = branch.service.reverse(
        deposit.event_id, "Salah anggota", actor=branch.teller, authorizer=branch.supervisor
    )

    assert wayan.balance() == 0
    assert branch.service.store.event(deposit.event_id) is not None
    original = branch.service.journal_lines(deposit.event_id)
    mirror = branch.service.journal_lines(result.event_id)
    assert mirror == [line.flipped() for line in original]
    event = branch.service.store.event(result.event_id)
    assert event is not None and event.authorizer == branch.supervisor.user_id

    rows = branch.service.member_history(wayan.member_id)
    assert [(r.type, r.amount, r.reversed) for r in rows[:2]] == [
        ("Reversed", -400_000, False),
        ("SavingsDeposited", 400_000, True),
    ]
    assert rows[0].balance_after == 0 and rows[0].reversal_of == deposit.event_id


def test_reversal_of_withdrawal_puts_money_back(branch: Branch) -> None:
    wayan = branch.member()
    wayan.deposits(500_000)
    paid = wayan.withdraws(200_000)
    branch.service.reverse(
        paid.event_id, "Dobel input", actor=branch.teller, authorizer=branch.supervisor
    )
    assert wayan.balance() == 500_000


def test_reversal_rules(branch: Branch) -> None:
    wayan = branch.member()
    deposit = wayan.deposits(400_000)
    svc = branch.service
    with pytest.raises(NotPermitted):
        svc.reverse(deposit.event_id, "Salah", actor=branch.teller, authorizer=branch.teller)
    with pytest.raises(ValidationError):
        svc.reverse(deposit.event_id, "", actor=branch.teller, authorizer=branch.supervisor)
    # Money already taken out cannot be reversed away from under the member.
    wayan.withdraws(300_000)
    with pytest.raises(BusinessRuleError):
        svc.reverse(deposit.event_id, "Salah", actor=branch.teller, authorizer=branch.supervisor)
    wayan.deposits(300_000)
    reversal = svc.reverse(
        deposit.event_id, "Salah", actor=branch.teller, authorizer=branch.supervisor
    )
    with pytest.raises(BusinessRuleError):
        svc.reverse(deposit.event_id, "Lagi", actor=branch.teller, authorizer=branch.supervisor)
    with pytest.raises(BusinessRuleError):
        svc.reverse(reversal.event_id, "Balik", actor=branch.teller, authorizer=branch.supervisor)
    registered = svc.store.conn.execute(
        "SELECT id FROM events WHERE type = 'MemberRegistered'"
    ).fetchone()[0]
    with pytest.raises(BusinessRuleError):
        svc.reverse(registered, "Salah", actor=branch.teller, authorizer=branch.supervisor)


def test_every_refusal_is_a_known_error_and_leaves_the_books_balanced(branch: Branch) -> None:
    wayan = branch.member()
    attempts = [
        lambda: wayan.withdraws(1),
        lambda: wayan.deposits(0),
        lambda: wayan.withdraws(1, "pokok"),
        lambda: wayan.deposits(50_000_000),
    ]
    for attempt in attempts:
        with pytest.raises(LumbungError):
            attempt()
    assert sum(branch.service.trial_balance().values()) == 0
    assert_matches_replay(branch.service)
