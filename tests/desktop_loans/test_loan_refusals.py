"""Bad input at the loan desk: a clear Indonesian message naming the field, and nothing posted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from desktop_store.builders import Branch

from desktop.services import NotPermitted
from ledger.errors import LumbungError

from .builders import PUM, applies, lends


def refused(branch: Branch, action: Callable[[], Any], field: str | None, words: str) -> str:
    """Run ``action``; it must raise a LumbungError naming ``field`` whose Indonesian message
    contains ``words``, and leave the store exactly as it was."""
    state = branch.service.store.state()
    count = branch.event_count()
    with pytest.raises(LumbungError) as caught:
        action()
    assert words in caught.value.message_id
    if field is not None:
        assert caught.value.field == field
    assert branch.event_count() == count
    assert branch.service.store.state() == state
    return caught.value.message_id


def test_terms_outside_the_product(branch: Branch) -> None:
    svc, ayu = branch.service, branch.teller
    wayan = branch.member()

    def apply(principal: int, tenor: int, rate: int | None = None) -> Callable[[], Any]:
        return lambda: svc.apply_loan(
            wayan.member_id, PUM, principal, tenor, actor=ayu, rate_bp=rate
        )

    text = refused(branch, apply(60_000_000, 12), "principal", "Plafon pinjaman")
    assert "Rp 1.000.000" in text and "Rp 50.000.000" in text
    refused(branch, apply(500_000, 12), "principal", "Plafon pinjaman")
    refused(branch, apply(5_000_000, 48), "tenor", "antara 3 dan 36 kali angsuran")
    refused(branch, apply(5_000_000, 2), "tenor", "Jangka waktu")
    refused(branch, apply(5_000_000, 12, 300), "rate_bp", "Suku jasa Pinjaman Usaha Mikro")
    refused(branch, apply(0, 12), "amount", "lebih dari nol")
    # The simulation refuses the same, before anything is applied.
    with pytest.raises(LumbungError) as caught:
        svc.simulate_loan(PUM, 5_000_000, 48)
    assert caught.value.field == "tenor"
    refused(
        branch,
        lambda: svc.apply_loan(wayan.member_id, "p-tidak-ada", 5_000_000, 12, actor=ayu),
        "product_id",
        "Produk pinjaman tidak dikenal",
    )


def test_application_and_approval_rules(branch: Branch) -> None:
    svc = branch.service
    wayan = branch.member()
    refused(
        branch,
        lambda: svc.apply_loan("no-such-member", PUM, 5_000_000, 12, actor=branch.teller),
        "member_id",
        "Anggota tidak ditemukan",
    )
    loan = applies(branch, wayan, 5_000_000, 10)
    refused(
        branch,
        lambda: svc.approve_loan(loan.loan_id, approver=branch.teller),
        "authorizer",
        "hanya dapat disetujui oleh supervisor",
    )
    # Four eyes: the supervisor who took an application does not approve it.
    svc.open_session(actor=branch.supervisor, opening_float=1_000_000)
    own = svc.apply_loan(wayan.member_id, PUM, 5_000_000, 10, actor=branch.supervisor)
    with pytest.raises(NotPermitted):
        svc.approve_loan(own.loan_id, approver=branch.supervisor)
    svc.approve_loan(loan.loan_id, approver=branch.supervisor)
    refused(
        branch,
        lambda: svc.approve_loan(loan.loan_id, approver=branch.supervisor),
        "loan_id",
        "tidak menunggu persetujuan",
    )


def test_disbursement_rules(branch: Branch) -> None:
    svc, ayu = branch.service, branch.teller
    wayan = branch.member()
    loan = applies(branch, wayan, 5_000_000, 10)
    refused(
        branch,
        lambda: svc.disburse_loan(loan.loan_id, actor=ayu),
        "loan_id",
        "belum disetujui supervisor",
    )
    svc.approve_loan(loan.loan_id, approver=branch.supervisor)
    svc.disburse_loan(loan.loan_id, actor=ayu)
    refused(
        branch, lambda: svc.disburse_loan(loan.loan_id, actor=ayu), "loan_id", "sudah dicairkan"
    )
    # A member who resigned after applying is no longer a member: no payout.
    nyoman = branch.member("I Nyoman Sudarma")
    late = applies(branch, nyoman, 5_000_000, 10)
    svc.approve_loan(late.loan_id, approver=branch.supervisor)
    svc.update_member(nyoman.member_id, {"status": "resigned"}, actor=branch.supervisor)
    refused(
        branch,
        lambda: svc.disburse_loan(late.loan_id, actor=ayu),
        "member_id",
        "hanya untuk anggota aktif",
    )
    refused(
        branch,
        lambda: svc.apply_loan(nyoman.member_id, PUM, 5_000_000, 10, actor=ayu),
        "member_id",
        "hanya untuk anggota aktif",
    )
    refused(
        branch,
        lambda: svc.disburse_loan("no-such-loan", actor=ayu),
        "loan_id",
        "Pinjaman tidak ditemukan",
    )


def test_repayment_rules(branch: Branch) -> None:
    svc = branch.service
    wayan = branch.member()
    loan = lends(branch, wayan, 5_000_000, 10)
    refused(branch, lambda: loan.pays(0), "amount", "lebih dari nol")
    refused(branch, lambda: loan.pays(-5_000), "amount", "lebih dari nol")
    # Beyond the whole debt: the counter points to early settlement.
    refused(branch, lambda: loan.pays(50_000_000), "amount", "gunakan pelunasan dipercepat")
    refused(
        branch,
        lambda: loan.settles(expected_total=1),
        "amount",
        "Jumlah pelunasan berubah",
    )
    # From sukarela: only what the member holds.
    refused(
        branch,
        lambda: loan.pays(4_000_000, channel="sukarela"),
        None,
        "Saldo tidak cukup",
    )
    loan.on(dt.date(2026, 1, 2)).settles()
    refused(branch, lambda: loan.pays(575_000), "loan_id", "sudah lunas")
    refused(branch, lambda: loan.settles(), "loan_id", "sudah lunas")
    # An application that was never paid out takes no payment.
    pending = applies(branch, wayan, 5_000_000, 10)
    refused(branch, lambda: pending.pays(100_000), "loan_id", "belum dicairkan")
    assert svc.loan_detail(loan.loan_id).summary.status == "settled"


def test_unknown_channel_and_product_definition(branch: Branch) -> None:
    svc = branch.service
    wayan = branch.member()
    loan = lends(branch, wayan, 5_000_000, 10)
    refused(branch, lambda: loan.pays(10_000, channel="transfer"), "channel", "Saluran")
    # Products are head office's once the device is enrolled.
    svc.store.conn.execute("UPDATE sync_state SET server_url = 'https://pusat.example'")
    refused(
        branch,
        lambda: svc.define_loan_product(svc.loan_products()[0], actor=branch.supervisor),
        None,
        "ditetapkan oleh kantor pusat",
    )
    refused(
        branch,
        lambda: svc.define_loan_product(svc.loan_products()[0], actor=branch.teller),
        None,
        "Hanya supervisor",
    )
