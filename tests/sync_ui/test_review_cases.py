"""Review cases pulled from head office: the queue, the hold on withdrawals, and resolving a
case as an event of this device (service level, no Qt)."""

from __future__ import annotations

import pytest
from desktop_store.builders import Branch

from desktop.services import AccountOnHold, NotPermitted
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import ReviewCaseResolved

from .remote import RemoteDevice, review_case


@pytest.fixture
def hq() -> RemoteDevice:
    return RemoteDevice("HQ")


def test_a_pulled_case_is_listed_with_its_member_and_detail(
    branch: Branch, hq: RemoteDevice
) -> None:
    member = branch.member("Ni Wayan Sekar")
    case_id, event = review_case(hq, member.member_id)
    branch.service.apply_events([event])
    [case] = branch.service.review_cases()
    assert case.case_id == case_id and case.kind == "overdraft"
    assert case.member_name == "Ni Wayan Sekar"
    assert case.member_no == branch.service.member_detail(member.member_id).member_no
    assert "overdraft" in case.detail and case.hold and case.is_open
    assert case.opened_at and not case.resolved_at
    assert branch.service.open_review_count() == 1


def test_a_hold_refuses_withdrawals_but_not_deposits(branch: Branch, hq: RemoteDevice) -> None:
    member = branch.member()
    member.deposits(1_000_000)
    branch.service.apply_events([review_case(hq, member.member_id)[1]])
    before = branch.event_count()
    with pytest.raises(AccountOnHold) as refused:
        member.withdraws(10_000)
    assert "ditahan" in refused.value.message_id
    assert branch.event_count() == before
    member.deposits(250_000)
    assert member.balance() == 1_250_000


def test_a_case_without_hold_does_not_block(branch: Branch, hq: RemoteDevice) -> None:
    member = branch.member()
    member.deposits(100_000)
    branch.service.apply_events([review_case(hq, member.member_id, kind="duplicate_nik",
                                             hold=False)[1]])  # fmt: skip
    member.withdraws(50_000)
    assert member.balance() == 50_000


def test_a_supervisor_resolves_a_case_with_an_event_to_push(
    branch: Branch, hq: RemoteDevice
) -> None:
    member = branch.member()
    member.deposits(500_000)
    case_id, event = review_case(hq, member.member_id)
    service = branch.service
    service.apply_events([event])
    pending = service.pending_count()
    with pytest.raises(NotPermitted):
        service.resolve_review_case(case_id, "Dana dikembalikan", actor=branch.teller)
    with pytest.raises(ValidationError):
        service.resolve_review_case(case_id, "  ", actor=branch.supervisor)
    case = service.resolve_review_case(
        case_id, "Anggota mengembalikan Rp 250.000", note="kuitansi BR01/01/77",
        actor=branch.supervisor,
    )  # fmt: skip
    assert not case.is_open and not case.hold
    assert case.resolution == "Anggota mengembalikan Rp 250.000"
    assert case.note == "kuitansi BR01/01/77" and case.resolved_by == "I Made Sudarsana"
    assert service.pending_count() == pending + 1  # waits in the outbox for the server
    [resolved] = [e for e in service.store.events() if e.type == ReviewCaseResolved.TYPE]
    assert resolved.payload["case_id"] == case_id and resolved.payload["release_hold"] is True
    assert resolved.device_id == service.branch_info()["device_id"]
    assert service.open_review_count() == 0
    member.withdraws(100_000)  # the hold is gone
    with pytest.raises(BusinessRuleError):
        service.resolve_review_case(case_id, "lagi", actor=branch.supervisor)


def test_a_decision_that_keeps_the_hold(branch: Branch, hq: RemoteDevice) -> None:
    member = branch.member()
    member.deposits(500_000)
    case_id, event = review_case(hq, member.member_id)
    branch.service.apply_events([event])
    branch.service.resolve_review_case(
        case_id, "Diteruskan ke kantor pusat", actor=branch.supervisor, release_hold=False
    )
    with pytest.raises(AccountOnHold):
        member.withdraws(10_000)


def test_head_office_resolving_lifts_the_hold(branch: Branch, hq: RemoteDevice) -> None:
    member = branch.member()
    member.deposits(500_000)
    case_id, event = review_case(hq, member.member_id)
    decided = hq.event(ReviewCaseResolved(case_id=case_id, resolution="Selesai di pusat"))
    branch.service.apply_events([event, decided])
    [case] = branch.service.review_cases()
    assert case.resolution == "Selesai di pusat" and not case.hold
    assert branch.service.review_cases(include_resolved=False) == []
    member.withdraws(10_000)


def test_open_cases_come_first(branch: Branch, hq: RemoteDevice) -> None:
    a, b = branch.member("Ni Ketut Ani"), branch.member("I Gede Bagus")
    first, e1 = review_case(hq, a.member_id)
    second, e2 = review_case(hq, b.member_id, kind="duplicate_nik", hold=False)
    branch.service.apply_events([e1, e2])
    branch.service.resolve_review_case(first, "Beres", actor=branch.supervisor)
    assert [c.case_id for c in branch.service.review_cases()] == [second, first]


def test_member_ids_in_the_detail_read_as_member_numbers(branch: Branch, hq: RemoteDevice) -> None:
    first = branch.member("Ni Luh Sekarini")
    second = branch.member("Ni Luh Sekar")
    detail = f"NIK sama dengan anggota {first.member_id} (satu orang, satu keanggotaan)."
    _, event = review_case(hq, second.member_id, kind="duplicate_nik", hold=False, detail=detail)
    branch.service.apply_events([event])
    [case] = branch.service.review_cases()
    number = branch.service.member_detail(first.member_id).member_no
    assert case.detail == f"NIK sama dengan anggota {number} (satu orang, satu keanggotaan)."
