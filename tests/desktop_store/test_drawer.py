"""Opening and closing the teller's cash drawer."""

from __future__ import annotations

import pytest

from desktop.services import AuthorisationRequired, NotPermitted
from ledger.errors import BusinessRuleError, ValidationError
from ledger.posting import JournalLine

from .builders import Branch


def cash(branch: Branch) -> str:
    return f"1101:BR01:{branch.teller.user_id}"


def test_open_posts_the_float_from_the_vault(branch: Branch) -> None:
    session = branch.service.current_session(branch.teller.user_id)
    assert session is not None
    assert session.opening_float == 20_000_000 and session.expected_cash == 20_000_000
    assert branch.service.trial_balance() == {cash(branch): 20_000_000, "1102:BR01": -20_000_000}
    with pytest.raises(BusinessRuleError):
        branch.service.open_session(actor=branch.teller, opening_float=1_000)


def test_close_exact_count_needs_no_supervisor(branch: Branch) -> None:
    wayan = branch.member()
    wayan.deposits(150_000)
    result = branch.service.close_session(actor=branch.teller, counted={100_000: 202, 50_000: 1})
    assert (result.expected, result.counted_total, result.difference) == (20_250_000,) * 2 + (0,)
    assert branch.service.current_session(branch.teller.user_id) is None
    assert branch.service.journal_lines(result.event_id) == [
        JournalLine("1102:BR01", debit=20_250_000),
        JournalLine(cash(branch), credit=20_250_000),
    ]
    assert cash(branch) not in branch.service.trial_balance()


def test_close_short_posts_selisih_kas_with_a_supervisor(branch: Branch) -> None:
    counted = {100_000: 199, 50_000: 1, 20_000: 2}  # 19.990.000 of 20.000.000
    before = branch.event_count()
    with pytest.raises(AuthorisationRequired) as info:
        branch.service.close_session(actor=branch.teller, counted=counted)
    assert "Selisih kas" in info.value.message_id
    assert branch.event_count() == before
    with pytest.raises(NotPermitted):
        branch.service.close_session(actor=branch.teller, counted=counted, authorizer=branch.teller)

    result = branch.service.close_session(
        actor=branch.teller, counted=counted, authorizer=branch.supervisor
    )
    assert result.difference == -10_000
    assert branch.service.journal_lines(result.event_id) == [
        JournalLine("1102:BR01", debit=19_990_000),
        JournalLine(cash(branch), credit=20_000_000),
        JournalLine("5901:BR01", debit=10_000),
    ]
    event = branch.service.store.event(result.event_id)
    assert event is not None and event.authorizer == branch.supervisor.user_id
    assert event.payload["counted"] == {"100000": 199, "50000": 1, "20000": 2}
    assert branch.service.trial_balance()["5901:BR01"] == 10_000


def test_close_over_is_a_credit_to_selisih_kas(branch: Branch) -> None:
    result = branch.service.close_session(
        actor=branch.teller, counted={100_000: 200, 500: 1}, authorizer=branch.supervisor
    )
    assert result.difference == 500
    assert branch.service.trial_balance()["5901:BR01"] == -500


def test_bad_counts_and_floats_refused(branch: Branch) -> None:
    with pytest.raises(BusinessRuleError):
        branch.service.close_session(actor=branch.teller, counted={75_000: 1})
    with pytest.raises(BusinessRuleError):
        branch.service.close_session(actor=branch.teller, counted={100_000: -1})
    with pytest.raises(ValidationError):
        branch.service.open_session(actor=branch.supervisor, opening_float=-1)
    assert branch.service.current_session(branch.teller.user_id) is not None


def test_sessions_are_per_teller(branch: Branch) -> None:
    branch.service.open_session(actor=branch.supervisor, opening_float=0)
    wayan = branch.member()
    branch.service.deposit(wayan.member_id, "sukarela", 70_000, actor=branch.supervisor)
    supervisor = branch.service.current_session(branch.supervisor.user_id)
    teller = branch.service.current_session(branch.teller.user_id)
    assert supervisor is not None and supervisor.expected_cash == 70_000
    assert teller is not None and teller.expected_cash == 20_100_000
