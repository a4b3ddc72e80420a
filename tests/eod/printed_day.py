"""A branch day that exercises what is printed: fees paid separately, reversals, an over and a
short drawer, the day closed, and a correction made the next business day.

Stand-alone (no head office): everything printed is checked against the store's own journal.
Used by ``tests/eod/test_printed_truth.py`` and by
``docs/screenshots/make_printed_screenshots.py``.

Day 1 (2025-11-27, the PCs' calendar):

* two tellers: Ayu (float Rp 20.000.000) and Budi (float Rp 5.000.000);
* Wayan and Ketut join (pokok each), deposit, Wayan withdraws;
* Wayan borrows Rp 7.500.000 "Pinjaman Musiman" in cash, Ketut Rp 5.000.000 into sukarela:
  fees paid separately, so the cash handed over is the principal less the fees;
* two reversals: Ketut's deposit (the wrong member) and Wayan's withdrawal;
* Ayu's drawer is counted Rp 50.000 short, Budi's Rp 25.000 over; the day is closed.

Day 2 (2025-11-28, the calendar has not moved): Wayan deposits Rp 300.000 and a deposit of
day 1 is corrected (reversed) after the close.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from desktop.services import StaffUser
from tests.eod.builders import Desk, make_desk

DAY1 = "2025-11-27"
DAY2 = "2025-11-28"
PMS = "p-musiman"


@dataclass
class PrintedDay:
    desk: Desk
    budi: StaffUser
    wayan: str
    ketut: str
    #: Name -> event id of everything that has a receipt.
    receipts: dict[str, str] = field(default_factory=dict)
    wayan_loan: str = ""
    ketut_loan: str = ""


def _lend(desk: Desk, member_id: str, principal: int, channel: str) -> tuple[str, str]:
    svc = desk.service
    applied = svc.apply_loan(member_id, PMS, principal, 6, actor=desk.teller)
    svc.approve_loan(applied.loan_id, approver=desk.supervisor)
    paid = svc.disburse_loan(
        applied.loan_id, actor=desk.teller, channel=channel, authorizer=desk.supervisor
    )
    return applied.loan_id, paid.event_id


def build(data_dir: Path) -> PrintedDay:
    desk = make_desk(data_dir, "BR01")
    svc = desk.service
    sup = desk.supervisor
    budi = svc.add_staff(actor=sup, username="budi", full_name="Budi Santoso", role="teller",
                         password="budi1234")  # fmt: skip
    svc.open_session(actor=budi, opening_float=5_000_000)
    wayan = desk.member("I Wayan Sudarsana")
    ketut = desk.member("Ni Ketut Sriasih")
    day = PrintedDay(desk, budi, wayan, ketut)
    r = day.receipts
    r["wayan_deposit"] = desk.deposit(wayan, 2_500_000).event_id
    r["ketut_deposit"] = desk.deposit(ketut, 1_200_000).event_id
    r["wayan_withdrawal"] = desk.withdraw(wayan, 400_000).event_id
    r["budi_deposit"] = svc.deposit(ketut, "sukarela", 700_000, actor=budi, authorizer=sup).event_id
    day.wayan_loan, r["wayan_loan_cash"] = _lend(desk, wayan, 7_500_000, "cash")
    day.ketut_loan, r["ketut_loan_sukarela"] = _lend(desk, ketut, 5_000_000, "sukarela")
    r["reverse_ketut_deposit"] = svc.reverse(
        r["ketut_deposit"], "Salah anggota", actor=desk.teller, authorizer=sup
    ).event_id
    r["reverse_withdrawal"] = svc.reverse(
        r["wayan_withdrawal"], "Salah jumlah", actor=desk.teller, authorizer=sup
    ).event_id
    desk.close_drawer(short_by=50_000)
    session = svc.current_session(budi.user_id)
    assert session is not None
    from tests.eod.builders import count_out

    svc.close_session(actor=budi, counted=count_out(session.expected_cash + 25_000),
                      authorizer=sup)  # fmt: skip
    svc.close_day(actor=sup, reason="PC mandiri: belum terhubung ke kantor pusat")
    assert svc.business_date() == dt.date.fromisoformat(DAY2)
    # Day 2: the calendar still says day 1.
    svc.open_session(actor=desk.teller, opening_float=10_000_000)
    r["day2_deposit"] = desk.deposit(wayan, 300_000).event_id
    r["correction_after_close"] = svc.reverse(
        r["wayan_deposit"], "Koreksi setelah tutup hari", actor=desk.teller, authorizer=sup
    ).event_id
    return day
