"""Registering, finding and editing members."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import DuplicateNik, NoOpenSession, NotPermitted
from ledger.errors import ValidationError
from ledger.posting import JournalLine

from .builders import Branch, registration


def test_registration_collects_pokok_in_the_same_transaction(branch: Branch) -> None:
    form = registration("Ni Ketut Sriasih", district="517101", birth=dt.date(1979, 8, 3), sex="P")
    result = branch.service.register_member(form, actor=branch.teller)

    detail = branch.service.member_detail(result.member_id)
    assert detail.name == "Ni Ketut Sriasih"
    assert detail.birth_date == "1979-08-03" and detail.sex == "P"  # from the NIK
    assert detail.member_no == "BR01-01-00001"
    assert detail.status == "active" and detail.home_branch == "BR01"
    assert detail.phone == "081234567890"
    assert detail.balances == {"pokok": 100_000, "wajib": 0, "sukarela": 0}
    assert result.type == "MemberRegistered" and result.amount == 100_000
    assert branch.service.journal_lines(result.event_id) == [
        JournalLine(f"1101:BR01:{branch.teller.user_id}", debit=100_000),
        JournalLine("3101:BR01", credit=100_000),
    ]
    types = [
        t
        for (t,) in branch.service.store.conn.execute(
            "SELECT type FROM events ORDER BY seq DESC LIMIT 2"
        )
    ]
    assert types == ["SavingsDeposited", "MemberRegistered"]


def test_member_numbers_follow_the_device_serial(branch: Branch) -> None:
    numbers = [
        branch.service.member_detail(branch.member(n).member_id).member_no
        for n in ("I Wayan Sudarsana", "I Made Wirawan", "I Nyoman Sudarma")
    ]
    assert numbers == ["BR01-01-00001", "BR01-01-00002", "BR01-01-00003"]


def test_duplicate_nik_refused_naming_the_member(branch: Branch) -> None:
    first = branch.member("I Wayan Sudarsana", serial=4242)
    before = branch.event_count()
    with pytest.raises(DuplicateNik) as info:
        branch.service.register_member(
            registration("I Wayan Lain", serial=4242), actor=branch.teller
        )
    assert info.value.existing_member_id == first.member_id
    assert "I Wayan Sudarsana" in info.value.message_id
    assert "BR01-01-00001" in info.value.message_id
    assert branch.event_count() == before
    # The refused attempt did not use up a member number either.
    assert (
        branch.service.member_detail(branch.member("I Made Wirawan").member_id).member_no
        == "BR01-01-00002"
    )


def test_invalid_forms_refused_by_field(branch: Branch) -> None:
    bad_nik = registration()
    with pytest.raises(ValidationError) as info:
        branch.service.register_member(
            bad_nik.__class__(**{**bad_nik.__dict__, "nik": "123"}), actor=branch.teller
        )
    assert info.value.field == "nik"
    with pytest.raises(ValidationError) as info:
        branch.service.register_member(registration("Wayan 2"), actor=branch.teller)
    assert info.value.field == "name"
    young = registration(birth=dt.date(2015, 1, 1))
    with pytest.raises(ValidationError):
        branch.service.register_member(young, actor=branch.teller)
    assert branch.service.search_members("wayan") == []


def test_registration_needs_the_drawer(branch: Branch) -> None:
    branch.service.close_session(actor=branch.teller, counted={100_000: 200})
    with pytest.raises(NoOpenSession):
        branch.member()


def test_search_by_name_prefix_nik_and_member_number(branch: Branch) -> None:
    wayan = branch.member("I Wayan Sudarsana", serial=11)
    made = branch.member("Ni Made Ayu Lestari", sex="P", serial=12)
    branch.member("I Ketut Artawan", serial=13, address="Jl. Raya Sanur, Denpasar")
    svc = branch.service

    def ids(query: str) -> list[str]:
        return [m.member_id for m in svc.search_members(query)]

    assert ids("wayan") == [wayan.member_id]
    assert ids("Sud") == [wayan.member_id]
    assert ids("made lest") == [made.member_id]
    assert ids("  LESTARI ") == [made.member_id]
    nik = svc.member_detail(wayan.member_id).nik
    assert ids(nik) == [wayan.member_id]
    assert set(ids(nik[:6])) >= {wayan.member_id, made.member_id}
    assert ids("br01-01-00002") == [made.member_id]
    assert len(ids("BR01")) == 3  # a bare branch code lists its members by number
    assert svc.member_by_no("BR01-01-00001") == svc.member_detail(wayan.member_id).summary
    assert svc.member_by_nik(nik) is not None and svc.member_by_nik("5104050000000001") is None
    assert ids("sanur")  # the address fills in when the name finds nothing
    assert ids("") == [] and ids('"') == [] and ids("zzz") == []


def test_search_ignores_accents(branch: Branch) -> None:
    putu = branch.member("Ni Putu Désy Rahayu", sex="P")
    assert [m.member_id for m in branch.service.search_members("desy")] == [putu.member_id]
    assert [m.member_id for m in branch.service.search_members("Dés")] == [putu.member_id]


def test_profile_edit_is_a_patch_and_search_follows(branch: Branch) -> None:
    wayan = branch.member("I Wayan Sudarsana")
    svc = branch.service
    svc.update_member(
        wayan.member_id,
        {
            "address": "Banjar Tebesaya, Peliatan",
            "phone": "0813-1111-2222",
            "name": "I Wayan Sudarsana",
        },
        actor=branch.teller,
    )
    event = svc.store.events()[-1]
    assert event.type == "MemberUpdated"
    assert event.payload["changes"] == {
        "address": "Banjar Tebesaya, Peliatan",
        "phone": "081311112222",
    }
    assert svc.member_detail(wayan.member_id).address == "Banjar Tebesaya, Peliatan"
    assert [m.member_id for m in svc.search_members("tebesaya")] == [wayan.member_id]

    count = branch.event_count()
    svc.update_member(
        wayan.member_id, {"address": "Banjar Tebesaya, Peliatan"}, actor=branch.teller
    )
    assert branch.event_count() == count  # nothing changed, nothing posted
    with pytest.raises(ValidationError):
        svc.update_member(wayan.member_id, {"nik": "5104051705800001"}, actor=branch.teller)
    with pytest.raises(NotPermitted):
        svc.update_member(wayan.member_id, {"status": "resigned"}, actor=branch.teller)
    svc.update_member(wayan.member_id, {"status": "resigned"}, actor=branch.supervisor)
    assert svc.member_detail(wayan.member_id).status == "resigned"
