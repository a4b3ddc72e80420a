"""Offline authority bounded in advance: home-branch allowance, stand-in limit, supervisor
override (service level, no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest
from desktop_store.builders import TODAY, Branch

from desktop.services import AuthorisationRequired, NotPermitted

from .remote import RemoteDevice


def offline(branch: Branch) -> Branch:
    branch.service.set_online(False)
    return branch


def remote_member(branch: Branch, deposit: int = 3_000_000) -> str:
    other = RemoteDevice("BR02")
    member_id, events = other.register("Ni Made Sari", deposit=deposit)
    branch.service.apply_events(events)
    return member_id


def test_stand_alone_device_pays_up_to_the_teller_limit(branch: Branch) -> None:
    member = branch.member()
    member.deposits(8_000_000)
    member.withdraws(7_000_000)  # no server at all: only the teller limit applies
    assert member.balance() == 1_000_000


def test_offline_home_member_within_the_daily_allowance_then_supervisor(branch: Branch) -> None:
    member = branch.member()
    member.deposits(9_000_000)
    offline(branch)
    member.withdraws(3_000_000)
    member.withdraws(2_000_000)  # exactly the Rp 5.000.000 allowance
    before = branch.event_count()
    with pytest.raises(AuthorisationRequired) as refused:
        member.withdraws(1_000)
    assert "luring" in refused.value.message_id
    assert "Rp 5.000.000" in refused.value.message_id
    assert "sudah dibayar Rp 5.000.000" in refused.value.message_id
    assert branch.event_count() == before  # nothing written
    result = member.withdraws(1_000, authorizer=branch.supervisor)
    event = branch.service.store.event(result.event_id)
    assert event is not None and event.authorizer == branch.supervisor.user_id
    assert member.balance() == 9_000_000 - 5_001_000


def test_a_reversed_payout_frees_the_allowance(branch: Branch) -> None:
    member = branch.member()
    member.deposits(9_000_000)
    offline(branch)
    paid = member.withdraws(5_000_000)
    branch.service.reverse(paid.event_id, "salah ketik", actor=branch.teller,
                           authorizer=branch.supervisor)  # fmt: skip
    member.withdraws(5_000_000)
    assert member.balance() == 4_000_000


def test_yesterdays_payouts_do_not_count(branch: Branch) -> None:
    member = branch.member()
    member.deposits(9_000_000)
    offline(branch)
    branch.service.set_business_date(TODAY - dt.timedelta(days=1))
    member.withdraws(4_000_000)
    branch.service.set_business_date(None)
    member.withdraws(4_000_000)
    assert member.balance() == 1_000_000


def test_offline_stand_in_limit_for_another_branchs_member(branch: Branch) -> None:
    member_id = remote_member(branch)
    service = branch.service
    offline(branch)
    service.withdraw(member_id, "sukarela", 500_000, actor=branch.teller)
    with pytest.raises(AuthorisationRequired) as refused:
        service.withdraw(member_id, "sukarela", 100_000, actor=branch.teller)
    assert "cabang BR02" in refused.value.message_id
    assert "Rp 500.000" in refused.value.message_id
    with pytest.raises(NotPermitted):  # a teller cannot authorise
        service.withdraw(member_id, "sukarela", 100_000, actor=branch.teller,
                         authorizer=branch.teller)  # fmt: skip
    service.withdraw(member_id, "sukarela", 100_000, actor=branch.teller,
                     authorizer=branch.supervisor)  # fmt: skip
    assert service.member_detail(member_id).balances["sukarela"] == 2_400_000


def test_the_stand_in_limit_is_a_branch_setting(branch: Branch) -> None:
    member_id = remote_member(branch)
    branch.service.change_setting("standin_offline", 1_000_000, actor=branch.supervisor)
    offline(branch)
    branch.service.withdraw(member_id, "sukarela", 900_000, actor=branch.teller)
    with pytest.raises(AuthorisationRequired):
        branch.service.withdraw(member_id, "sukarela", 200_000, actor=branch.teller)


def test_online_the_stand_in_limit_does_not_apply(branch: Branch) -> None:
    member_id = remote_member(branch)
    branch.service.set_online(True)
    branch.service.withdraw(member_id, "sukarela", 2_000_000, actor=branch.teller)
    assert branch.service.member_detail(member_id).balances["sukarela"] == 1_000_000


def test_over_the_teller_limit_and_offline_one_supervisor_covers_both(branch: Branch) -> None:
    member = branch.member()
    member.deposits(12_000_000, authorizer=branch.supervisor)
    offline(branch)
    with pytest.raises(AuthorisationRequired) as refused:
        member.withdraws(11_000_000)
    assert "batas teller" in refused.value.message_id
    assert "luring" in refused.value.message_id
    member.withdraws(11_000_000, authorizer=branch.supervisor)
    assert member.balance() == 1_000_000
