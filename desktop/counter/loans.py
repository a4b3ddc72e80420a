"""Loans over the counter: products, application, approval, disbursement, repayment, early
settlement, and the checks for reversing a loan's money events.

The rules are :mod:`ledger.loans.flow`'s; this module finds the loan, the product and the member
in the store, runs the checks inside the write transaction and appends the event, so a refusal
(an Indonesian :class:`ledger.errors.LumbungError`) leaves nothing behind. As for savings, the
cheap checks come first and the supervisor is asked for last.
"""

from __future__ import annotations

import datetime as dt

from desktop.counter import review
from desktop.counter.context import Context, check_amount
from desktop.counter.errors import NotPermitted
from desktop.counter.loan_records import LoanResult
from desktop.counter.records import StaffUser
from desktop.store import loans as loan_store
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import Event, Reversed
from ledger.ids import uuid7
from ledger.loans import flow
from ledger.loans.allocation import Allocation
from ledger.loans.events import (
    CHANNELS,
    LoanApproved,
    LoanDisbursed,
    LoanProductDefined,
    LoanRepaid,
    LoanSettled,
)
from ledger.loans.products import LoanProduct
from ledger.loans.state import LoanState
from ledger.money import format_rupiah
from ledger.policy import check_available

#: Loan events a supervisor may reverse at the counter (money events, like savings).
REVERSIBLE: tuple[str, ...] = (LoanDisbursed.TYPE, LoanRepaid.TYPE, LoanSettled.TYPE)


# Looking things up ------------------------------------------------------------------------


def product(ctx: Context, product_id: str, *, active_only: bool = True) -> LoanProduct:
    found = loan_store.product(ctx.conn, product_id)
    if found is None or (active_only and not found[1]):
        raise ValidationError(
            "Produk pinjaman tidak dikenal atau tidak aktif.",
            "Unknown or inactive loan product.",
            field="product_id",
        )
    return found[0]


def products(ctx: Context, *, include_inactive: bool = False) -> list[LoanProduct]:
    return [p for p, active in loan_store.products(ctx.conn) if active or include_inactive]


def loan(ctx: Context, loan_id: str) -> LoanState:
    state = loan_store.state(ctx.conn, loan_id)
    if not state.member_id:
        raise ValidationError("Pinjaman tidak ditemukan.", "Loan not found.", field="loan_id")
    return state


def loan_product(ctx: Context, state: LoanState) -> LoanProduct:
    """The loan's product as defined now (inactive products still serve their loans)."""
    return product(ctx, state.product_id, active_only=False)


def loan_no(ctx: Context, loan_id: str) -> str:
    """``PJ/BR01/01/0000123``: the receipt number of the loan's application."""
    row = ctx.conn.execute(
        "SELECT e.device_id, e.device_seq, e.branch_id FROM loan_movements m"
        " JOIN events e ON e.id = m.source_event_id"
        " WHERE m.loan_id = ? AND m.kind = 'applied' ORDER BY e.hlc LIMIT 1",
        (loan_id,),
    ).fetchone()
    if row is None:  # known only from a snapshot: the application is not on this device
        return f"PJ/{loan_id[-8:].upper()}"
    return "PJ/" + ctx.receipt_no(row[0], row[1], row[2])


def _member_status(ctx: Context, member_id: str) -> str | None:
    row = ctx.conn.execute(
        "SELECT status FROM members WHERE member_id = ?", (member_id,)
    ).fetchone()
    return str(row[0]) if row else None


def _channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise ValidationError(
            f"Saluran tidak dikenal: {channel} (tunai atau simpanan sukarela).",
            f"Unknown channel: {channel} (cash or voluntary savings).",
            field="channel",
        )
    return channel


def loan_result(ctx: Context, event: Event, loan_id: str, amount: int) -> LoanResult:
    state = loan_store.state(ctx.conn, loan_id)
    return LoanResult(
        event_id=event.id,
        receipt_no=ctx.receipt_no(event.device_id, event.device_seq, event.branch_id),
        loan_id=loan_id,
        loan_no=loan_no(ctx, loan_id),
        member_id=state.member_id,
        type=event.type,
        amount=amount,
        status=state.status,
        outstanding=state.outstanding_principal,
        balances=ctx.balances(state.member_id),
    )


# Products -----------------------------------------------------------------------------------


def standalone(ctx: Context) -> bool:
    """True on a device that is not enrolled with a head-office server (demo, local use)."""
    try:
        row = ctx.conn.execute("SELECT server_url FROM sync_state WHERE id = 1").fetchone()
    except Exception:  # a store without sync tables is stand-alone by definition
        return True
    return row is None or not row[0]


def define_product(
    ctx: Context, definition: LoanProduct, *, actor: StaffUser, active: bool = True
) -> LoanProduct:
    """A supervisor defines a product on a stand-alone device; enrolled devices get their
    products from head office (``lumbung-server loan-product``)."""
    with ctx.store.transaction():
        boss = ctx.require_supervisor(actor, "menetapkan produk pinjaman", "define loan products")
        if not standalone(ctx):
            raise NotPermitted(
                "Produk pinjaman ditetapkan oleh kantor pusat untuk perangkat yang terhubung.",
                "Loan products come from head office on an enrolled device.",
            )
        payload = LoanProductDefined(definition.product_id, definition.to_dict(), active)
        ctx.store.append(payload, actor=boss.user_id, business_date=ctx.business_date().isoformat())
    return definition


# Application and approval ---------------------------------------------------------------------


def simulate(
    ctx: Context,
    product_id: str,
    principal: int,
    tenor: int,
    rate_bp: int | None = None,
    start: dt.date | None = None,
) -> flow.Simulation:
    check_amount(principal)
    return flow.simulate(
        product(ctx, product_id), principal, tenor, start or ctx.business_date(), rate_bp
    )


def apply(
    ctx: Context,
    member_id: str,
    product_id: str,
    principal: int,
    tenor: int,
    *,
    actor: StaffUser,
    rate_bp: int | None = None,
    purpose: str = "",
) -> LoanResult:
    """Record an application on the simulated terms (no money moves)."""
    check_amount(principal)
    with ctx.store.transaction():
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        member = ctx.member_row(member_id)
        flow.check_member(str(member["status"]))
        chosen = product(ctx, product_id)
        sim = flow.simulate(chosen, principal, tenor, dt.date.fromisoformat(day), rate_bp)
        loan_id = uuid7()
        payload = flow.application(loan_id, member_id, chosen, sim, " ".join(purpose.split()))
        event = ctx.store.append(payload, actor=teller.user_id, business_date=day)
        return loan_result(ctx, event, loan_id, 0)


def _applicant(ctx: Context, loan_id: str) -> str:
    row = ctx.conn.execute(
        "SELECT e.actor FROM loan_movements m JOIN events e ON e.id = m.source_event_id"
        " WHERE m.loan_id = ? AND m.kind = 'applied'",
        (loan_id,),
    ).fetchone()
    return str(row[0]) if row else ""


def approve(ctx: Context, loan_id: str, *, approver: StaffUser, note: str = "") -> LoanResult:
    """A supervisor approves a waiting application; never the person who took it."""
    with ctx.store.transaction():
        day = ctx.open_business_date()
        boss = ctx.require_staff(approver)
        state = loan(ctx, loan_id)
        flow.check_approval(state, "supervisor" if boss.is_supervisor else boss.role)
        if _applicant(ctx, loan_id) == boss.user_id:
            raise NotPermitted(
                "Pengajuan harus disetujui oleh supervisor lain, bukan oleh yang mencatatnya.",
                "Another supervisor must approve: not the one who took the application.",
            )
        assert state.terms is not None
        event = ctx.store.append(
            LoanApproved(loan_id, state.member_id, state.terms.principal, " ".join(note.split())),
            actor=boss.user_id,
            business_date=day,
        )
        return loan_result(ctx, event, loan_id, 0)


def reject(ctx: Context, loan_id: str, reason: str, *, approver: StaffUser) -> LoanResult:
    """Turn down (or withdraw) an application not yet disbursed: its events are reversed."""
    why = _reason(reason)
    with ctx.store.transaction():
        day = ctx.open_business_date()
        boss = ctx.require_supervisor(approver, "menolak pengajuan pinjaman", "reject a loan")
        state = loan(ctx, loan_id)
        if state.status not in ("applied", "approved"):
            raise BusinessRuleError(
                "Hanya pengajuan yang belum dicairkan yang dapat ditolak.",
                "Only an application not yet disbursed can be rejected.",
                field="loan_id",
            )
        live = ctx.conn.execute(
            "SELECT source_event_id FROM loan_movements WHERE loan_id = ?"
            " AND kind IN ('approved', 'applied') GROUP BY source_event_id HAVING sum(sign) > 0"
            " ORDER BY kind DESC",  # the approval is undone before the application
            (loan_id,),
        ).fetchall()
        event = None
        for (source_id,) in live:
            event = ctx.store.append(
                Reversed(target_event_id=source_id, reason=why),
                actor=boss.user_id,
                business_date=day,
                authorizer=boss.user_id,
            )
        assert event is not None
        return loan_result(ctx, event, loan_id, 0)


def _reason(reason: str) -> str:
    why = " ".join(reason.split())
    if len(why) < 3:
        raise ValidationError("Alasan wajib diisi.", "A reason is required.", field="reason")
    return why


# Money ------------------------------------------------------------------------------------------


def _check_sukarela(ctx: Context, member_id: str, amount: int) -> None:
    review.check_no_hold(ctx, member_id)
    check_available(amount, ctx.balances(member_id)["sukarela"])


def disburse(
    ctx: Context,
    loan_id: str,
    *,
    actor: StaffUser,
    channel: str = "cash",
    authorizer: StaffUser | None = None,
    first_due: dt.date | None = None,
) -> LoanResult:
    """Pay out an approved loan in cash from the teller's drawer or into sukarela."""
    channel = _channel(channel)
    with ctx.store.transaction():
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        state = loan(ctx, loan_id)
        flow.check_disbursement(state, _member_status(ctx, state.member_id))
        session = ctx.require_session(teller) if channel == "cash" else None
        payload = flow.disbursement(
            state,
            loan_product(ctx, state),
            channel=channel,
            session_id=session.session_id if session else "",
            first_due=first_due,
        )
        if first_due is not None and first_due <= dt.date.fromisoformat(day):
            raise ValidationError(
                "Tanggal angsuran pertama harus setelah tanggal pencairan.",
                "The first due date must be after the disbursement date.",
                field="first_due",
            )
        auth = ""
        if channel == "cash":
            ctx.check_drawer_covers(teller, payload.net_to_member)
            auth = ctx.limit_authorizer(teller, authorizer, payload.net_to_member)
        event = ctx.store.append(payload, actor=teller.user_id, business_date=day, authorizer=auth)
        return loan_result(ctx, event, loan_id, payload.net_to_member)


def preview_repayment(ctx: Context, loan_id: str, amount: int) -> Allocation:
    """How ``amount`` paid today would divide into denda, jasa and pokok (nothing posted)."""
    state = loan(ctx, loan_id)
    return flow.plan_repayment(state, loan_product(ctx, state), amount, ctx.business_date())


def repay(
    ctx: Context,
    loan_id: str,
    amount: int,
    *,
    actor: StaffUser,
    channel: str = "cash",
    authorizer: StaffUser | None = None,
) -> LoanResult:
    """An instalment payment, partial, exact or in advance, at any branch that knows the loan."""
    check_amount(amount)
    channel = _channel(channel)
    with ctx.store.transaction():
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        state = loan(ctx, loan_id)
        flow.check_repayment(state, amount)
        session = ctx.require_session(teller) if channel == "cash" else None
        payload = flow.repayment(
            state,
            loan_product(ctx, state),
            amount,
            dt.date.fromisoformat(day),
            session_id=session.session_id if session else "",
            channel=channel,
        )
        if channel == "sukarela":
            _check_sukarela(ctx, state.member_id, amount)
        auth = ctx.limit_authorizer(teller, authorizer, amount) if channel == "cash" else ""
        event = ctx.store.append(payload, actor=teller.user_id, business_date=day, authorizer=auth)
        return loan_result(ctx, event, loan_id, amount)


def settlement_quote(ctx: Context, loan_id: str) -> flow.SettlementQuote:
    state = loan(ctx, loan_id)
    return flow.settlement_quote(state, loan_product(ctx, state), ctx.business_date())


def settle(
    ctx: Context,
    loan_id: str,
    *,
    actor: StaffUser,
    channel: str = "cash",
    authorizer: StaffUser | None = None,
    expected_total: int | None = None,
) -> LoanResult:
    """Early settlement for the quote of the business date.

    ``expected_total`` is the quote the member was shown: if it no longer holds (a payment or
    the date changed meanwhile), nothing is posted and the teller shows the new figure.
    """
    channel = _channel(channel)
    with ctx.store.transaction():
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        state = loan(ctx, loan_id)
        flow.check_repayment(state, 1)
        session = ctx.require_session(teller) if channel == "cash" else None
        payload = flow.settlement(
            state,
            loan_product(ctx, state),
            dt.date.fromisoformat(day),
            session_id=session.session_id if session else "",
            channel=channel,
        )
        if expected_total is not None and expected_total != payload.amount:
            raise BusinessRuleError(
                f"Jumlah pelunasan berubah menjadi {format_rupiah(payload.amount)}; "
                "periksa kembali sebelum menerima uang.",
                f"The settlement amount is now {format_rupiah(payload.amount)}; "
                "check again before taking the money.",
                field="amount",
            )
        if channel == "sukarela":
            _check_sukarela(ctx, state.member_id, payload.amount)
        auth = ctx.limit_authorizer(teller, authorizer, payload.amount) if channel == "cash" else ""
        event = ctx.store.append(payload, actor=teller.user_id, business_date=day, authorizer=auth)
        return loan_result(ctx, event, loan_id, payload.amount)


# Reversal (called by desktop.counter.savings.reverse inside its transaction) -------------------


def check_reversal(ctx: Context, target: Event, teller: StaffUser) -> tuple[str, int]:
    """Whether a loan money event can be undone now; returns (member id, rupiah moved).

    A disbursement only once no payment on the loan stands; a repayment not while the loan is
    settled (reverse the settlement first). Cash going back out needs it in the drawer; savings
    going back out need the member to hold them.
    """
    payload = target.typed()
    assert isinstance(payload, LoanDisbursed | LoanRepaid | LoanSettled)
    state = loan(ctx, payload.loan_id)
    if isinstance(payload, LoanDisbursed):
        if state.count("repaid") or state.count("settled"):
            raise BusinessRuleError(
                "Pinjaman ini sudah menerima angsuran; batalkan angsurannya terlebih dahulu.",
                "This loan has payments; reverse them first.",
            )
        moved = payload.net_to_member - (0 if payload.fees_deducted else payload.admin_fee
                                         + payload.provision_fee)  # fmt: skip
        if payload.channel == "sukarela":
            check_available(moved, ctx.balances(payload.member_id)["sukarela"])
        return payload.member_id, payload.net_to_member
    if isinstance(payload, LoanRepaid) and state.status == "settled":
        raise BusinessRuleError(
            "Pinjaman ini sudah dilunasi; batalkan pelunasannya terlebih dahulu.",
            "This loan was settled; reverse the settlement first.",
        )
    if payload.channel == "cash":
        ctx.check_drawer_covers(teller, payload.amount)
    return payload.member_id, payload.amount
