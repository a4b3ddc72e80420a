import datetime as dt

import pytest

from ledger.digest import day_digest
from ledger.errors import BusinessRuleError, ValidationError
from ledger.members import RegistrationInput, build_registration, member_number
from ledger.policy import (
    Limits,
    cash_difference,
    check_available,
    check_withdrawable,
    needs_authorisation,
)

from .builders import DAY, Counter

FORM = RegistrationInput(
    nik="5104024512850001",
    name="  Ni  Nyoman   Sukerti ",
    birth_place="Gianyar",
    address="Br. Teges, Peliatan, Ubud",
    phone="0812-3456-7890",
    occupation="Pedagang",
    mother_maiden_name="Ni Wayan Rai",
)


def register(**changes):
    form = RegistrationInput(**{**FORM.__dict__, **changes})
    return build_registration(
        form,
        member_id="m1",
        member_no="001-01-00001",
        join_date=dt.date(2026, 11, 27),
        home_branch="BR01",
    )


def test_registration_takes_birth_date_and_sex_from_the_nik():
    reg = register()
    assert reg.birth_date == "1985-12-05" and reg.sex == "P"
    assert reg.name == "Ni Nyoman Sukerti"
    assert reg.phone == "081234567890"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nik": "5104023102850001"}, "nik"),
        ({"name": ""}, "name"),
        ({"name": "Made 2"}, "name"),
        ({"address": " "}, "address"),
        ({"phone": "12345"}, "phone"),
        ({"mother_maiden_name": ""}, "mother_maiden_name"),
        ({"nik": "5104020101150001"}, "nik"),  # 11 years old
    ],
)
def test_registration_names_the_bad_field(changes, field):
    with pytest.raises(ValidationError) as err:
        register(**changes)
    assert err.value.field == field


def test_member_numbers_need_no_coordination():
    assert member_number("001", 1, 42) == "001-01-00042"
    assert member_number("001", 2, 42) != member_number("001", 1, 42)


def test_withdrawal_rules():
    check_withdrawable("sukarela", member_status="active")
    with pytest.raises(BusinessRuleError, match="wajib"):
        check_withdrawable("wajib", member_status="active")
    with pytest.raises(BusinessRuleError, match="pokok"):
        check_withdrawable("pokok", member_status="active")
    check_withdrawable("pokok", member_status="resigned")
    check_available(50_000, 50_000)
    with pytest.raises(BusinessRuleError, match="Insufficient balance"):
        check_available(50_001, 50_000)
    assert needs_authorisation(10_000_001, Limits())
    assert not needs_authorisation(10_000_000, Limits())


def test_cash_difference_counts_denominations():
    assert cash_difference(1_000_000, {100_000: 9, 50_000: 1, 20_000: 2, 100: 5}) == (
        990_500,
        -9_500,
    )
    with pytest.raises(BusinessRuleError):
        cash_difference(0, {75_000: 1})


def test_day_digest_is_order_free_and_changes_when_an_event_is_missing():
    counter = Counter()
    wayan = counter.member("I Wayan Sudarsana")
    wayan.deposits(50_000)
    wayan.deposits(25_000, "wajib")
    wayan.withdraws(10_000)
    full = day_digest(counter.events, "BR01", DAY)
    assert full == day_digest(list(reversed(counter.events)), "BR01", DAY)
    device = full["devices"]["dev-1"]
    assert (device["first_seq"], device["last_seq"], device["count"]) == (1, 5, 5)
    assert device["by_type"]["SavingsDeposited"] == {"count": 2, "total": 75_000}
    assert full["debits"] == full["credits"] == 5_000_000 + 75_000 + 10_000
    partial = day_digest(counter.events[:-1], "BR01", DAY)
    assert partial["digest"] != full["digest"]
    assert day_digest(counter.events, "BR02", DAY)["devices"] == {}
