"""Double-entry posting: every money event becomes one balanced journal entry.

:class:`JournalEntry` cannot be constructed unbalanced, so no code path can write half a
transaction into the books. Posting rules are small functions registered per event type; other
ledger modules (loans) register their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ledger import accounts as acc
from ledger.errors import UnbalancedEntry
from ledger.events import (
    Event,
    Payload,
    Reversed,
    SavingsDeposited,
    SavingsWithdrawn,
    TellerSessionClosed,
    TellerSessionOpened,
)


@dataclass(frozen=True)
class JournalLine:
    """One side of a posting.

    Attributes:
        account: Account key (chart code plus dimensions, see :mod:`ledger.accounts`).
        debit: Rupiah debited (0 if this is a credit line).
        credit: Rupiah credited (0 if this is a debit line).
    """

    account: str
    debit: int = 0
    credit: int = 0

    def __post_init__(self) -> None:
        for side in (self.debit, self.credit):
            if not isinstance(side, int) or isinstance(side, bool):
                raise UnbalancedEntry(f"journal amounts are int rupiah: {self!r}")
        if self.debit < 0 or self.credit < 0 or (self.debit == 0) == (self.credit == 0):
            raise UnbalancedEntry(f"a line is exactly one positive side: {self!r}")
        acc.account_of(self.account)  # unknown chart codes are a bug

    @property
    def signed(self) -> int:
        """Debit positive, credit negative."""
        return self.debit - self.credit

    def flipped(self) -> JournalLine:
        return JournalLine(self.account, debit=self.credit, credit=self.debit)


@dataclass(frozen=True)
class JournalEntry:
    """A balanced set of journal lines for one event.

    Attributes:
        event_id: The event this entry posts.
        lines: At least two lines; total debit equals total credit.
    """

    event_id: str
    lines: tuple[JournalLine, ...]

    def __post_init__(self) -> None:
        if len(self.lines) < 2:
            raise UnbalancedEntry(f"an entry needs two lines at least: {self!r}")
        if sum(line.signed for line in self.lines) != 0:
            raise UnbalancedEntry(f"debits and credits differ: {self!r}")

    @property
    def total(self) -> int:
        return sum(line.debit for line in self.lines)

    def reversed(self, event_id: str) -> JournalEntry:
        return JournalEntry(event_id, tuple(line.flipped() for line in self.lines))


def entry(event_id: str, lines: Iterable[JournalLine | None]) -> JournalEntry | None:
    """Build an entry from lines, dropping zero lines; ``None`` if nothing is left."""
    kept = tuple(line for line in lines if line is not None)
    return JournalEntry(event_id, kept) if kept else None


def dr(account: str, amount: int) -> JournalLine | None:
    """A debit of ``amount`` (a credit if negative; nothing if zero)."""
    if amount == 0:
        return None
    if amount > 0:
        return JournalLine(account, debit=amount)
    return JournalLine(account, credit=-amount)


def cr(account: str, amount: int) -> JournalLine | None:
    """A credit of ``amount`` (a debit if negative; nothing if zero)."""
    return dr(account, -amount)


Rule = Callable[[Event, Payload], list[JournalLine | None]]
POSTING_RULES: dict[str, Rule] = {}


def posting_rule(event_type: str) -> Callable[[Rule], Rule]:
    def register(rule: Rule) -> Rule:
        POSTING_RULES[event_type] = rule
        return rule

    return register


def _cash(event: Event) -> str:
    return acc.teller_cash(event.branch_id, event.actor)


@posting_rule(SavingsDeposited.TYPE)
def _deposit(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, SavingsDeposited)
    return [
        dr(_cash(event), p.amount),
        cr(acc.key(acc.SAVINGS_ACCOUNT[p.product], event.branch_id), p.amount),
    ]


@posting_rule(SavingsWithdrawn.TYPE)
def _withdrawal(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, SavingsWithdrawn)
    return [
        dr(acc.key(acc.SAVINGS_ACCOUNT[p.product], event.branch_id), p.amount),
        cr(_cash(event), p.amount),
    ]


@posting_rule(TellerSessionOpened.TYPE)
def _session_open(event: Event, p: Payload) -> list[JournalLine | None]:
    assert isinstance(p, TellerSessionOpened)
    return [
        dr(acc.teller_cash(event.branch_id, p.teller_id), p.opening_float),
        cr(acc.vault_cash(event.branch_id), p.opening_float),
    ]


@posting_rule(TellerSessionClosed.TYPE)
def _session_close(event: Event, p: Payload) -> list[JournalLine | None]:
    # The counted cash goes back to the vault; what the drawer should have held leaves the
    # teller's cash account; the difference is selisih kas (a shortage is a debit).
    assert isinstance(p, TellerSessionClosed)
    return [
        dr(acc.vault_cash(event.branch_id), p.counted_total),
        cr(acc.teller_cash(event.branch_id, p.teller_id), p.expected),
        dr(acc.key(acc.CASH_OVER_SHORT, event.branch_id), p.expected - p.counted_total),
    ]


def post(event: Event, payload: Payload | None = None) -> JournalEntry | None:
    """The journal entry for ``event`` (``None`` for events that move no money).

    Reversals are posted by :func:`post_reversal`, which needs the event they undo.
    """
    rule = POSTING_RULES.get(event.type)
    if rule is None:
        return None
    return entry(event.id, rule(event, payload or event.typed()))


def post_reversal(reversal: Event, target: Event) -> JournalEntry | None:
    """The mirror of ``target``'s entry. Cash comes back through the reversing teller's drawer
    when the reversal names a drawer session; otherwise through the original account."""
    p = reversal.typed()
    assert isinstance(p, Reversed)
    if target.type == Reversed.TYPE:
        return None  # reversing a reversal is refused at the counter; it never posts
    original = post(target)
    if original is None:
        return None
    lines: list[JournalLine | None] = []
    for line in original.lines:
        account = line.account
        if p.session_id and acc.is_teller_cash(account):
            account = acc.teller_cash(reversal.branch_id, reversal.actor)
            home = line.account.split(":")[1]
            here = reversal.branch_id
            if home != here:
                # The cash moves at another branch than the one whose books hold the rest of
                # the entry: join them through inter-branch accounts so each branch balances.
                lines.append(dr(acc.key(acc.INTER_BRANCH, here, home), line.signed))
                lines.append(cr(acc.key(acc.INTER_BRANCH, home, here), line.signed))
        lines.append(JournalLine(account, debit=line.credit, credit=line.debit))
    return entry(reversal.id, lines)


def trial_balance(entries: Iterable[JournalEntry]) -> dict[str, int]:
    """Signed balance per account key (debit positive). Sums to zero for balanced entries."""
    totals: dict[str, int] = {}
    for e in entries:
        for line in e.lines:
            totals[line.account] = totals.get(line.account, 0) + line.signed
    return {k: v for k, v in totals.items() if v}
