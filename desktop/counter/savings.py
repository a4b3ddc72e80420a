"""Simpanan over the counter: deposits, withdrawals and their reversals.

Each posting checks everything inside its own write transaction and only then appends the
event, so a refusal leaves nothing behind. Checks run cheapest-to-ask first and the supervisor
is asked for last, so a supervisor is never called over for a posting that would fail anyway.

The same checks run before the counter asks anything (:func:`check_deposit`,
:func:`check_withdrawal`): a withdrawal over the balance, from a held account or beyond the
drawer's cash is refused at once, never confirmed first nor sent to the supervisor. The
posting calls the same functions again inside its transaction, so the rule lives once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.counter import loans, offline, review
from desktop.counter.context import Context, OpenSession, check_amount
from desktop.counter.errors import NotPermitted
from desktop.counter.records import PostResult, StaffUser
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import SAVINGS_PRODUCTS, Event, Reversed, SavingsDeposited, SavingsWithdrawn
from ledger.money import format_rupiah
from ledger.policy import check_available, check_withdrawable


def _product(product: str) -> str:
    if product not in SAVINGS_PRODUCTS:
        raise ValidationError(
            f"Jenis simpanan tidak dikenal: {product}.",
            f"Unknown savings product: {product}.",
            field="product",
        )
    return product


def _result(ctx: Context, event: Event, member_id: str, amount: int) -> PostResult:
    return PostResult(
        event_id=event.id,
        receipt_no=ctx.receipt_no(event.device_id, event.device_seq, event.branch_id),
        member_id=member_id,
        balances=ctx.balances(member_id),
        amount=amount,
        type=event.type,
    )


@dataclass(frozen=True)
class PostingCheck:
    """What a deposit or withdrawal needs once nothing refuses it.

    Attributes:
        amount: The amount checked (rupiah).
        authorisation: Why a supervisor must authorise it (Indonesian, English), or None
            when the teller may post it alone.
    """

    amount: int
    authorisation: tuple[str, str] | None


@dataclass(frozen=True)
class _Checked:
    day: str
    teller: StaffUser
    session: OpenSession
    member: dict[str, Any]
    authorisation: tuple[str, str] | None


def _limit_reason(ctx: Context, amount: int) -> tuple[str, str] | None:
    limit = ctx.setting("teller_limit")
    if amount <= limit:
        return None
    money, cap = format_rupiah(amount), format_rupiah(limit)
    return (
        f"Jumlah {money} melebihi batas teller {cap}.",
        f"{money} is above the teller limit {cap}.",
    )


def _check_deposit(ctx: Context, member_id: str, amount: int, actor: StaffUser) -> _Checked:
    day = ctx.open_business_date()
    teller = ctx.require_staff(actor)
    session = ctx.require_session(teller)
    member = ctx.member_row(member_id)
    if member["status"] != "active":
        raise BusinessRuleError(
            "Setoran hanya untuk anggota aktif.",
            "Deposits are taken for active members only.",
        )
    return _Checked(day, teller, session, member, _limit_reason(ctx, amount))


def _check_withdrawal(
    ctx: Context, member_id: str, product: str, amount: int, actor: StaffUser
) -> _Checked:
    day = ctx.open_business_date()
    teller = ctx.require_staff(actor)
    session = ctx.require_session(teller)
    member = ctx.member_row(member_id)
    check_withdrawable(product, member_status=str(member["status"]))
    review.check_no_hold(ctx, member_id)
    check_available(amount, ctx.balances(member_id)[product])
    ctx.check_drawer_covers(teller, amount)
    why = offline.payout_reasons(ctx, member, amount, day)
    return _Checked(day, teller, session, member, why)


def check_deposit(
    ctx: Context, member_id: str, product: str, amount: int, *, actor: StaffUser
) -> PostingCheck:
    """Every check of :func:`deposit` that can refuse, before anything is asked.

    Raises:
        LumbungError: what :func:`deposit` would refuse with.
    """
    amount = check_amount(amount)
    _product(product)
    return PostingCheck(amount, _check_deposit(ctx, member_id, amount, actor).authorisation)


def check_withdrawal(
    ctx: Context, member_id: str, product: str, amount: int, *, actor: StaffUser
) -> PostingCheck:
    """Every check of :func:`withdraw` that can refuse (member status and product, a hold,
    the balance, the drawer's cash), before any confirmation or authorisation is asked; and
    whether a supervisor must authorise (teller limit, offline authority).

    Raises:
        LumbungError: what :func:`withdraw` would refuse with.
    """
    amount = check_amount(amount)
    product = _product(product)
    checked = _check_withdrawal(ctx, member_id, product, amount, actor)
    return PostingCheck(amount, checked.authorisation)


def deposit(
    ctx: Context,
    member_id: str,
    product: str,
    amount: int,
    *,
    actor: StaffUser,
    authorizer: StaffUser | None = None,
) -> PostResult:
    amount = check_amount(amount)
    product = _product(product)
    with ctx.store.transaction():
        c = _check_deposit(ctx, member_id, amount, actor)
        auth = ctx.limit_authorizer(c.teller, authorizer, amount)
        event = ctx.store.append(
            SavingsDeposited(member_id, product, amount, c.session.session_id),
            actor=c.teller.user_id,
            business_date=c.day,
            authorizer=auth,
        )
        return _result(ctx, event, member_id, amount)


def withdraw(
    ctx: Context,
    member_id: str,
    product: str,
    amount: int,
    *,
    actor: StaffUser,
    authorizer: StaffUser | None = None,
) -> PostResult:
    amount = check_amount(amount)
    product = _product(product)
    with ctx.store.transaction():
        c = _check_withdrawal(ctx, member_id, product, amount, actor)
        why = c.authorisation
        auth = ctx.authorizer_id(
            c.teller,
            authorizer,
            required=why is not None,
            why_id=why[0] if why else "",
            why_en=why[1] if why else "",
        )
        event = ctx.store.append(
            SavingsWithdrawn(member_id, product, amount, c.session.session_id),
            actor=c.teller.user_id,
            business_date=c.day,
            authorizer=auth,
        )
        return _result(ctx, event, member_id, amount)


REVERSIBLE = (SavingsDeposited.TYPE, SavingsWithdrawn.TYPE)


def reverse(
    ctx: Context, event_id: str, reason: str, *, actor: StaffUser, authorizer: StaffUser
) -> PostResult:
    """Undo a deposit or withdrawal: a Reversed event with the reason, the original stays.

    The cash moves back through the acting teller's open drawer. A supervisor must authorise;
    a supervisor acting at the counter may authorise their own reversal.
    """
    why = " ".join(reason.split())
    if len(why) < 3:
        raise ValidationError(
            "Alasan pembatalan wajib diisi.",
            "A reason for the reversal is required.",
            field="reason",
        )
    with ctx.store.transaction():
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        if authorizer is None:
            raise NotPermitted(
                "Pembatalan transaksi memerlukan otorisasi supervisor.",
                "A reversal needs a supervisor's authorisation.",
            )
        target = ctx.store.event(event_id)
        if target is None or target.type not in (*REVERSIBLE, *loans.REVERSIBLE):
            raise BusinessRuleError(
                "Hanya setoran atau penarikan simpanan dan pencairan, angsuran atau pelunasan "
                "pinjaman yang dapat dibatalkan.",
                "Only savings deposits and withdrawals and loan disbursements, repayments or "
                "settlements can be reversed.",
            )
        already = ctx.conn.execute(
            "SELECT 1 FROM reversals WHERE target_event_id = ?", (event_id,)
        ).fetchone()
        if already:
            raise BusinessRuleError(
                "Transaksi ini sudah dibatalkan sebelumnya.",
                "This transaction has already been reversed.",
            )
        session = ctx.require_session(teller)
        if target.type in loans.REVERSIBLE:
            member_id, amount = loans.check_reversal(ctx, target, teller)
        else:
            member_id, amount = _check_savings_reversal(ctx, target, teller)
        auth = ctx.authorizer_id(
            teller,
            authorizer,
            required=True,
            why_id="Pembatalan transaksi.",
            why_en="A reversal.",
            allow_self=teller.is_supervisor,
        )
        event = ctx.store.append(
            Reversed(target_event_id=event_id, reason=why, session_id=session.session_id),
            actor=teller.user_id,
            business_date=day,
            authorizer=auth,
        )
        return _result(ctx, event, member_id, amount)


def _check_savings_reversal(ctx: Context, target: Event, teller: StaffUser) -> tuple[str, int]:
    member_id = str(target.payload["member_id"])
    product = str(target.payload["product"])
    amount = int(target.payload["amount"])
    if target.type == SavingsDeposited.TYPE:
        # The deposit's cash leaves the drawer again, and the member must still hold it.
        check_available(amount, ctx.balances(member_id)[product])
        ctx.check_drawer_covers(teller, amount)
    return member_id, amount
