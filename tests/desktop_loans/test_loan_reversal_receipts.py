"""Reversing loan money events (as for savings), rejecting applications, and loan receipts."""

from __future__ import annotations

import datetime as dt

from desktop_store.builders import Branch

from .builders import applies, gl, lends, lines, refused_with


def test_reversed_repayment_restores_the_loan_and_mirrors_the_journal(branch: Branch) -> None:
    svc = branch.service
    loan = lends(branch, branch.member(), 5_000_000, 10)
    svc.set_business_date(dt.date(2025, 12, 27))
    paid = loan.pays(575_000)
    assert loan.outstanding() == 4_500_000
    undo = svc.reverse(
        paid.event_id, "Salah loket", actor=branch.teller, authorizer=branch.supervisor
    )
    assert sorted(lines(branch, undo.event_id)) == sorted(
        (account, credit, debit) for account, debit, credit in lines(branch, paid.event_id)
    )
    assert loan.outstanding() == 5_000_000 and gl(branch, "1301:BR01") == 5_000_000
    history = svc.loan_detail(loan.loan_id).history
    assert history[0].type == "Reversed" and history[0].reversal_of == paid.event_id
    assert history[1].reversed and history[0].pokok == -500_000
    assert svc.loan_due(loan.loan_id).total_due == 575_000  # the instalment is due again
    receipt = svc.receipt(undo.event_id)
    assert receipt.tx_label == "Pembatalan Angsuran Pinjaman" and receipt.reason == "Salah loket"
    assert receipt.balance_after == 5_000_000


def test_reversal_order_rules(branch: Branch) -> None:
    svc = branch.service
    loan = lends(branch, branch.member(), 5_000_000, 10)
    disbursed = svc.loan_detail(loan.loan_id).history[0].event_id
    svc.set_business_date(dt.date(2025, 12, 27))
    paid = loan.pays(575_000)
    with refused_with("batalkan angsurannya"):
        svc.reverse(disbursed, "Salah anggota", actor=branch.teller, authorizer=branch.supervisor)
    settled = loan.settles()
    with refused_with("batalkan pelunasannya"):
        svc.reverse(paid.event_id, "Salah", actor=branch.teller, authorizer=branch.supervisor)
    svc.reverse(settled.event_id, "Batal lunas", actor=branch.teller, authorizer=branch.supervisor)
    assert loan.status() == "open" and loan.outstanding() == 4_500_000
    svc.reverse(paid.event_id, "Salah", actor=branch.teller, authorizer=branch.supervisor)
    svc.reverse(disbursed, "Salah anggota", actor=branch.teller, authorizer=branch.supervisor)
    assert loan.status() == "approved" and gl(branch, "1301:BR01") == 0
    assert sum(svc.trial_balance().values()) == 0


def test_rejected_application_is_void(branch: Branch) -> None:
    svc = branch.service
    wayan = branch.member()
    loan = applies(branch, wayan, 5_000_000, 10)
    svc.approve_loan(loan.loan_id, approver=branch.supervisor)
    with refused_with("Hanya supervisor"):
        svc.reject_loan(loan.loan_id, "Usaha belum berjalan", approver=branch.teller)
    svc.reject_loan(loan.loan_id, "Usaha belum berjalan", approver=branch.supervisor)
    assert loan.status() == "void"
    assert svc.member_loans(wayan.member_id) == []
    assert [x.status for x in svc.member_loans(wayan.member_id, include_void=True)] == ["void"]
    with refused_with("belum disetujui"):
        svc.disburse_loan(loan.loan_id, actor=branch.teller)


def test_receipts_show_the_loan_and_the_parts(branch: Branch) -> None:
    svc = branch.service
    loan = lends(branch, branch.member(), 5_000_000, 10)
    detail = svc.loan_detail(loan.loan_id)
    out = svc.receipt(detail.history[0].event_id)
    assert out.tx_label == "Pencairan Pinjaman" and out.amount == 4_925_000
    assert dict(out.details)["No. Pinjaman"] == detail.summary.loan_no
    assert dict(out.details)["Biaya administrasi"] == "Rp 50.000"
    assert out.balance_label == "Sisa pokok pinjaman" and out.balance_after == 5_000_000
    svc.set_business_date(dt.date(2025, 12, 27))
    first = loan.pays(575_000)
    loan.pays(575_000)
    again = svc.receipt(first.event_id, reprint=True)
    assert again.reprint and again.balance_after == 4_500_000  # as it stood then, not now
    assert dict(again.details)["Jasa"] == "Rp 75.000" and dict(again.details)["Pokok"] == (
        "Rp 500.000"
    )
    assert again.amount_words.startswith("Lima ratus tujuh puluh lima ribu")
