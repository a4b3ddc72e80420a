"""Posting rules of the month-end savings events (see :func:`ledger.posting.posting_rule`).

==========================  ===============================================================
SavingsInterestCredited     Dr 5101 Beban Jasa Simpanan gross; Cr the savings product's
                            account (2101 sukarela, ...) gross.
SavingsInterestTaxWithheld  Dr the savings account tax; Cr 2301 Utang PPh Pasal 4 ayat (2)
                            tax (no entry at 0 %).
==========================  ===============================================================

Both post to the *account's* branch (``branch_id`` of the payload), not the branch of the
head-office device that ran the month, so each branch's books hold its members' interest. An
adjustment's signed amount posts the same lines, a negative one on the opposite sides.
"""

from __future__ import annotations

from ledger import accounts as acc
from ledger.events import Event, Payload
from ledger.posting import JournalLine, cr, dr, posting_rule
from ledger.savings.events import SavingsInterestCredited, SavingsInterestTaxWithheld


@posting_rule(SavingsInterestCredited.TYPE)
def _interest(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, SavingsInterestCredited)
    return [
        dr(acc.key(acc.INTEREST_EXPENSE_SAVINGS, p.branch_id), p.gross),
        cr(acc.key(acc.SAVINGS_ACCOUNT[p.product], p.branch_id), p.gross),
    ]


@posting_rule(SavingsInterestTaxWithheld.TYPE)
def _tax(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, SavingsInterestTaxWithheld)
    return [
        dr(acc.key(acc.SAVINGS_ACCOUNT[p.product], p.branch_id), p.tax),
        cr(acc.key(acc.TAX_PPH42_PAYABLE, p.branch_id), p.tax),
    ]
