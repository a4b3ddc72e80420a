"""Posting rules of the loan events (registered with :func:`ledger.posting.posting_rule`).

=================  ======================================================================
LoanDisbursed      Dr 1301 principal; Cr teller cash (or 2101 sukarela) what the member
                   receives; Cr 4102 admin; Cr 4104 provisi. Fees not deducted: the member
                   receives the whole principal and pays the fees back through the same
                   channel (Dr cash / 2101 the fees), so the receipt shows both.
LoanRepaid         Dr teller cash (or 2101 sukarela) amount; Cr 4103 denda; Cr 4101 jasa;
                   Cr 1301 pokok.
LoanSettled        as LoanRepaid, plus Cr 4105 the early-settlement penalty.
LoanCreditRefunded the mirror of a collection into sukarela: Dr 1301 pokok, Dr 4101 jasa,
                   Dr 4103 denda, Dr 4105 penalty; Cr 2101 amount.
=================  ======================================================================

Receivable and income post to the *loan's* branch. When another branch collects, the two
branches' books are joined through 1901 Rekening Antar Kantor (collecting branch: Cr
``1901:<collector>:<loan branch>``; loan branch: Dr ``1901:<loan branch>:<collector>``), so each
branch balances on its own and 1301 per branch equals the principal its loans still owe.
A reversal mirrors these lines through :func:`ledger.posting.post_reversal`.
"""

from __future__ import annotations

from ledger import accounts as acc
from ledger.events import Event, Payload
from ledger.loans.events import LoanCreditRefunded, LoanDisbursed, LoanRepaid, LoanSettled
from ledger.posting import JournalLine, cr, dr, posting_rule


def _channel_account(event: Event, channel: str) -> str:
    if channel == "sukarela":
        return acc.key(acc.SAVINGS_SUKARELA, event.branch_id)
    return acc.teller_cash(event.branch_id, event.actor)


@posting_rule(LoanDisbursed.TYPE)
def _disbursed(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, LoanDisbursed)
    branch = event.branch_id
    channel = _channel_account(event, p.channel)
    fees = p.admin_fee + p.provision_fee
    return [
        dr(acc.key(acc.LOANS_RECEIVABLE, branch), p.principal),
        cr(channel, p.net_to_member),
        None if p.fees_deducted else dr(channel, fees),
        cr(acc.key(acc.INCOME_ADMIN, branch), p.admin_fee),
        cr(acc.key(acc.INCOME_PROVISI, branch), p.provision_fee),
    ]


def _collected(
    event: Event, p: LoanRepaid | LoanSettled | LoanCreditRefunded, penalty: int
) -> list[JournalLine | None]:
    here = event.branch_id
    home = p.loan_branch or here
    channel = "sukarela" if isinstance(p, LoanCreditRefunded) else p.channel
    lines = [
        dr(_channel_account(event, channel), p.amount),
        cr(acc.key(acc.INCOME_DENDA, home), p.denda),
        cr(acc.key(acc.INCOME_JASA, home), p.jasa),
        cr(acc.key(acc.LOANS_RECEIVABLE, home), p.pokok),
        cr(acc.key(acc.INCOME_SETTLEMENT_PENALTY, home), penalty),
    ]
    if home != here:
        lines += [
            cr(acc.key(acc.INTER_BRANCH, here, home), p.amount),
            dr(acc.key(acc.INTER_BRANCH, home, here), p.amount),
        ]
    return lines


@posting_rule(LoanRepaid.TYPE)
def _repaid(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, LoanRepaid)
    return _collected(event, p, 0)


@posting_rule(LoanSettled.TYPE)
def _settled(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, LoanSettled)
    return _collected(event, p, p.penalty)


@posting_rule(LoanCreditRefunded.TYPE)
def _refunded(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, LoanCreditRefunded)
    return [line.flipped() if line else None for line in _collected(event, p, p.penalty)]
