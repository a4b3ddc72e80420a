"""Simpanan over the counter: deposits, withdrawals and their reversals.

Each posting checks everything inside its own write transaction and only then appends the
event, so a refusal leaves nothing behind. Checks run cheapest-to-ask first and the supervisor
is asked for last, so a supervisor is never called over for a posting that would fail anyway.
"""

from __future__ import annotations

from desktop.counter import loans, offline, review
from desktop.counter.context import Context, check_amount
from desktop.counter.errors import NotPermitted
from desktop.counter.records import PostResult, StaffUser
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import SAVINGS_PRODUCTS, Event, Reversed, SavingsDeposited, SavingsWithdrawn
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
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        session = ctx.require_session(teller)
        member = ctx.member_row(member_id)
        if member["status"] != "active":
            raise BusinessRuleError(
                "Setoran hanya untuk anggota aktif.",
                "Deposits are taken for active members only.",
            )
        auth = ctx.limit_authorizer(teller, authorizer, amount)
        event = ctx.store.append(
            SavingsDeposited(member_id, product, amount, session.session_id),
            actor=teller.user_id,
            business_date=day,
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
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        session = ctx.require_session(teller)
        member = ctx.member_row(member_id)
        check_withdrawable(product, member_status=str(member["status"]))
        review.check_no_hold(ctx, member_id)
        check_available(amount, ctx.balances(member_id)[product])
        ctx.check_drawer_covers(teller, amount)
        auth = offline.payout_authorizer(ctx, teller, authorizer, member, amount, day)
        event = ctx.store.append(
            SavingsWithdrawn(member_id, product, amount, session.session_id),
            actor=teller.user_id,
            business_date=day,
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
