"""What a receipt prints."""

from __future__ import annotations

import pytest

from ledger.errors import LumbungError

from .builders import Branch


def test_deposit_receipt(branch: Branch) -> None:
    wayan = branch.member("I Wayan Sudarsana")
    wayan.deposits(200_000)
    result = wayan.deposits(1_500_000)
    receipt = branch.service.receipt(result.event_id)

    assert receipt.cooperative == "KSP Lumbung Sejahtera"
    assert (receipt.branch_id, receipt.branch_name) == ("BR01", "Cabang Ubud")
    assert receipt.receipt_no == result.receipt_no
    assert receipt.receipt_no.startswith("BR01/01/")
    assert receipt.member_no == "BR01-01-00001" and receipt.member_name == "I Wayan Sudarsana"
    assert receipt.tx_label == "Setoran Simpanan Sukarela"
    assert receipt.amount == 1_500_000
    assert receipt.amount_words == "Satu juta lima ratus ribu rupiah"
    assert receipt.balance_after == 1_700_000
    assert receipt.teller_name == "Ni Luh Ayu Lestari" and receipt.authorizer_name == ""
    assert receipt.reprint is False and receipt.business_date == "2025-11-27"
    assert branch.service.receipt(result.event_id, reprint=True).reprint is True


def test_balance_after_is_of_that_posting_not_of_today(branch: Branch) -> None:
    wayan = branch.member()
    first = wayan.deposits(100_000)
    wayan.deposits(900_000)
    assert branch.service.receipt(first.event_id, reprint=True).balance_after == 100_000


def test_registration_receipt_is_the_pokok_deposit(branch: Branch) -> None:
    wayan = branch.member()
    receipt = branch.service.receipt(wayan.registration.event_id)
    assert receipt.tx_label == "Setoran Simpanan Pokok" and receipt.amount == 100_000


def test_withdrawal_over_limit_and_reversal_receipts(branch: Branch) -> None:
    wayan = branch.member()
    wayan.deposits(12_000_000, authorizer=branch.supervisor)
    paid = wayan.withdraws(11_000_000, authorizer=branch.supervisor)
    receipt = branch.service.receipt(paid.event_id)
    assert receipt.tx_label == "Penarikan Simpanan Sukarela"
    assert receipt.authorizer_name == "I Made Sudarsana"
    assert receipt.balance_after == 1_000_000

    undo = branch.service.reverse(
        paid.event_id, "Salah nominal", actor=branch.teller, authorizer=branch.supervisor
    )
    receipt = branch.service.receipt(undo.event_id)
    assert receipt.tx_label == "Pembatalan Penarikan Simpanan Sukarela"
    assert receipt.amount == 11_000_000 and receipt.balance_after == 12_000_000
    assert receipt.reason == "Salah nominal"


def test_no_receipt_for_non_money_events(branch: Branch) -> None:
    staff_event = branch.service.store.events()[0]
    with pytest.raises(LumbungError):
        branch.service.receipt(staff_event.id)
    with pytest.raises(LumbungError):
        branch.service.receipt("01900000-0000-7000-8000-000000000000")
