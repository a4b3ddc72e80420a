"""Reading loans: lists, one loan's detail (schedule, history, what is due), the arrears list
by kolektibilitas with portfolio at risk and NPL, and printable schedules.

Everything is computed as of the business date from the loan sub-ledger rows
(:mod:`desktop.store.loans`) with :mod:`ledger.loans`' rules, so every replica holding the
same events shows the same figures.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from desktop.counter import loans
from desktop.counter.context import Context, local_time
from desktop.counter.loan_records import (
    ArrearsLine,
    ArrearsReport,
    LoanDetail,
    LoanDue,
    LoanHistoryLine,
    LoanSummary,
    ScheduleDocument,
    ScheduleLine,
)
from desktop.store import loans as loan_store
from ledger.errors import LumbungError
from ledger.loans import flow
from ledger.loans.allocation import remaining_by_instalment
from ledger.loans.arrears import (
    KOLEKTIBILITAS,
    LoanAge,
    days_past_due,
    instalment_ages,
    kolektibilitas,
    portfolio_quality,
)
from ledger.loans.products import LoanProduct, disbursement_fees
from ledger.loans.schedule import Schedule, build_schedule
from ledger.loans.state import LoanState

# Lists ------------------------------------------------------------------------------------


def _product_or_default(ctx: Context, state: LoanState) -> LoanProduct:
    """The loan's product; a loan whose product has not reached this device yet is still
    shown, with the default denda and kolektibilitas rules."""
    found = loan_store.product(ctx.conn, state.product_id)
    if found is not None:
        return found[0]
    method = state.terms.method if state.terms else "flat"
    return LoanProduct(state.product_id or "?", "?", state.product_id or "?", method)


def _applications(ctx: Context, loan_ids: list[str]) -> dict[str, tuple[dict[str, Any], str]]:
    """The live application's payload and actor of each loan (when its event is here)."""
    found: dict[str, tuple[dict[str, Any], str]] = {}
    for start in range(0, len(loan_ids), 500):
        chunk = loan_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for loan_id, body, actor in ctx.conn.execute(
            "SELECT m.loan_id, e.body, e.actor FROM loan_movements m"
            " JOIN events e ON e.id = m.source_event_id"
            f" WHERE m.kind = 'applied' AND m.sign = 1 AND m.loan_id IN ({marks})",
            chunk,
        ):
            found[loan_id] = (json.loads(body)["payload"], actor)
    return found


def _summaries(ctx: Context, where: str, params: Iterable[Any]) -> list[LoanSummary]:
    rows = ctx.conn.execute(
        "SELECT l.loan_id, l.member_id, coalesce(m.member_no, ''), coalesce(m.name, ''),"
        " l.applied_on, l.disbursed_on FROM loans l"
        f" LEFT JOIN members m ON m.member_id = l.member_id WHERE {where}"
        " ORDER BY l.applied_on DESC, l.loan_id DESC",
        tuple(params),
    ).fetchall()
    ids = [r[0] for r in rows]
    states = loan_store.states(ctx.conn, ids)
    apps = _applications(ctx, ids)
    names = {p.product_id: p.name for p, _ in loan_store.products(ctx.conn)}
    result = []
    for loan_id, member_id, member_no, name, applied_on, disbursed_on in rows:
        state = states[loan_id]
        terms = state.terms
        app, actor = apps.get(loan_id, ({}, ""))
        instalment = int(app.get("instalment", 0))
        if not instalment and terms is not None:
            instalment = _schedule(ctx, state).instalment
        result.append(
            LoanSummary(
                loan_id=loan_id,
                loan_no=loans.loan_no(ctx, loan_id),
                member_id=member_id,
                member_no=member_no,
                member_name=name,
                product_id=state.product_id,
                product_name=names.get(state.product_id, state.product_id),
                status=state.status,
                principal=terms.principal if terms else 0,
                outstanding=state.outstanding_principal,
                tenor=terms.tenor if terms else 0,
                rate_bp=terms.rate_bp if terms else 0,
                method=terms.method if terms else "",
                frequency=terms.frequency if terms else "",
                instalment=instalment,
                applied_on=applied_on,
                disbursed_on=disbursed_on,
                applied_by=ctx.staff_name(actor),
                purpose=str(app.get("purpose", "")),
            )
        )
    return result


def member_loans(ctx: Context, member_id: str, *, include_void: bool = False) -> list[LoanSummary]:
    """A member's loans, newest application first (rejected ones only when asked)."""
    where = "l.member_id = ?" + ("" if include_void else " AND l.status != 'void'")
    return _summaries(ctx, where, (member_id,))


def loans_with_status(ctx: Context, *statuses: str) -> list[LoanSummary]:
    """Loans in the given states (``applied``: waiting for approval; ``approved``: waiting
    for disbursement; ``open``: being repaid)."""
    marks = ", ".join("?" * len(statuses))
    return _summaries(ctx, f"l.status IN ({marks})", statuses)


# One loan ----------------------------------------------------------------------------------


def _schedule(ctx: Context, state: LoanState) -> Schedule:
    """The loan's schedule; before disbursement, the applied terms as if paid out today."""
    if state.disbursed_on is not None:
        return state.schedule()
    assert state.terms is not None
    return build_schedule(state.terms, ctx.business_date())


def _schedule_lines(state: LoanState, schedule: Schedule, as_of: dt.date) -> list[ScheduleLine]:
    owed = remaining_by_instalment(schedule, state.jasa_paid, state.pokok_paid)
    disbursed = state.disbursed_on is not None
    ages = instalment_ages(schedule, state.payments, as_of) if disbursed else []
    lines = []
    for k, row in enumerate(schedule.instalments):
        remaining = owed[k].total if disbursed else row.total
        age = ages[k] if ages else None
        if disbursed and remaining == 0:
            kind = "paid"
        elif state.status == "settled":
            kind, remaining = "settled", 0  # the settlement closed what the schedule had left
        elif disbursed and row.due_date < as_of:
            kind = "overdue"
        elif disbursed and row.due_date == as_of:
            kind = "due"
        elif disbursed and remaining < row.total:
            kind = "partial"
        else:
            kind = "coming"
        lines.append(
            ScheduleLine(
                number=row.number,
                due_date=row.due_date,
                pokok=row.principal,
                jasa=row.interest,
                total=row.total,
                balance_after=row.balance_after,
                remaining=remaining,
                paid_on=age.paid_on.isoformat() if age and age.paid_on else "",
                days_late=age.days_late if age else 0,
                state=kind,
            )
        )
    return lines


def due(ctx: Context, loan_id: str) -> LoanDue:
    """What an open loan owes on the business date.

    Raises:
        LumbungError: the loan is not open (not disbursed, paid off, settled).
    """
    state = loans.loan(ctx, loan_id)
    return _due(ctx, state, loans.loan_product(ctx, state), ctx.business_date())


def _due(ctx: Context, state: LoanState, product: LoanProduct, as_of: dt.date) -> LoanDue:
    flow.check_repayment(state, 1)
    schedule = state.schedule()
    owes = flow.obligations(state, product, as_of)
    ages = instalment_ages(schedule, state.payments, as_of)
    dpd = days_past_due(ages)
    owed = remaining_by_instalment(schedule, state.jasa_paid, state.pokok_paid)
    upcoming = next((k for k, d in enumerate(owed) if d.total > 0), None)
    row = schedule.instalments[upcoming] if upcoming is not None else None
    return LoanDue(
        as_of=as_of,
        denda=owes.due.denda,
        jasa=owes.due.jasa,
        pokok=owes.due.pokok,
        next_number=row.number if row else 0,
        next_due_date=row.due_date if row else None,
        next_amount=owed[upcoming].total if upcoming is not None else 0,
        days_past_due=dpd,
        kolektibilitas=kolektibilitas(product, dpd),
        total_owed=owes.total,
        settlement=flow.settlement_quote(state, product, as_of),
    )


def _history(ctx: Context, loan_id: str) -> list[LoanHistoryLine]:
    rows = ctx.conn.execute(
        "SELECT m.event_id, m.source_event_id, m.kind, m.sign, m.on_date, m.principal, m.pokok,"
        " m.jasa, m.denda, m.penalty, e.type, e.hlc, e.actor, e.authorizer, e.device_id,"
        " e.device_seq, e.branch_id, e.body, e.business_date"
        " FROM loan_movements m LEFT JOIN events e ON e.id = m.event_id"
        " WHERE m.loan_id = ? ORDER BY coalesce(e.hlc, m.on_date), m.id",
        (loan_id,),
    ).fetchall()
    undone = {r[1] for r in rows if r[3] < 0}
    bodies = {r[0]: json.loads(r[17])["payload"] for r in rows if r[17]}
    lines = []
    for (event_id, source_id, kind, sign, on, principal, pokok, jasa, denda, penalty,
         etype, hlc, actor, auth, device, seq, branch, _body, day) in rows:  # fmt: skip
        original = bodies.get(source_id, {})
        payload = bodies.get(event_id, {})
        parts = pokok + jasa + denda + penalty
        if kind == "disbursed":
            moved = int(original.get("principal", abs(principal)))
            fees = int(original.get("admin_fee", 0)) + int(original.get("provision_fee", 0))
            # Fees paid separately go through the same channel in the same transaction: what
            # moved is the principal less the fees either way (the receipt's net).
            amount = moved - fees
        else:
            amount = abs(parts)
        note = str(payload.get("reason") or payload.get("note") or payload.get("purpose") or "")
        lines.append(
            LoanHistoryLine(
                event_id=event_id,
                # The day the event was posted on (a reversal after a close is on the day it
                # was made; its movement keeps the original's date for the loan's own sums).
                business_date=day or on,
                recorded_at=local_time(hlc) if hlc else "",
                type=etype or f"Loan{kind.capitalize()}",
                amount=amount,
                pokok=pokok,
                jasa=jasa,
                denda=denda,
                penalty=penalty,
                actor=ctx.staff_name(actor or ""),
                authorizer=ctx.staff_name(auth or ""),
                reversed=sign > 0 and source_id in undone,
                receipt_no=ctx.receipt_no(device, seq, branch) if device else "",
                reversal_of=source_id if sign < 0 else "",
                channel=str(original.get("channel", "")),
                note=note,
            )
        )
    lines.reverse()
    return lines


def detail(ctx: Context, loan_id: str) -> LoanDetail:
    state = loans.loan(ctx, loan_id)
    summary = _summaries(ctx, "l.loan_id = ?", (loan_id,))[0]
    product = _product_or_default(ctx, state)
    as_of = ctx.business_date()
    schedule = _schedule(ctx, state) if state.terms is not None else None
    history = _history(ctx, loan_id)
    disbursement = _live_payload(ctx, loan_id, "disbursed")
    application = _live_payload(ctx, loan_id, "applied")
    quote = disbursement or application or {}
    approver = ctx.conn.execute(
        "SELECT e.actor FROM loan_movements m JOIN events e ON e.id = m.source_event_id"
        " WHERE m.loan_id = ? AND m.kind = 'approved' GROUP BY m.source_event_id"
        " HAVING sum(m.sign) > 0",
        (loan_id,),
    ).fetchone()
    fees_deducted = bool(quote.get("fees_deducted", product.fees_deducted))
    return LoanDetail(
        summary=summary,
        product=product,
        admin_fee=int(quote.get("admin_fee", 0)),
        provision_fee=int(quote.get("provision_fee", 0)),
        fees_deducted=fees_deducted,
        channel=str(disbursement.get("channel", "")) if disbursement else "",
        first_due=state.first_due.isoformat() if state.first_due else "",
        maturity=(
            schedule.instalments[-1].due_date.isoformat() if schedule and state.disbursed_on else ""
        ),
        pokok_paid=state.pokok_paid,
        jasa_paid=state.jasa_paid,
        denda_paid=state.denda_paid,
        penalty_paid=state.penalty_paid,
        total_interest=schedule.total_interest if schedule else 0,
        schedule=tuple(_schedule_lines(state, schedule, as_of)) if schedule else (),
        history=tuple(history),
        due=_due(ctx, state, product, as_of) if state.status == "open" else None,
        approved_by=ctx.staff_name(approver[0]) if approver else "",
    )


def _live_payload(ctx: Context, loan_id: str, kind: str) -> dict[str, Any] | None:
    row = ctx.conn.execute(
        "SELECT e.body FROM loan_movements m JOIN events e ON e.id = m.source_event_id"
        " WHERE m.loan_id = ? AND m.kind = ? GROUP BY m.source_event_id"
        " HAVING sum(m.sign) > 0",
        (loan_id, kind),
    ).fetchone()
    return dict(json.loads(row[0])["payload"]) if row else None


# Arrears and portfolio ------------------------------------------------------------------------


def arrears(ctx: Context) -> ArrearsReport:
    """Every open loan of this device's books with days past due and kolektibilitas."""
    as_of = ctx.business_date()
    rows = ctx.conn.execute(
        "SELECT l.loan_id, coalesce(m.member_no, ''), coalesce(m.name, ''),"
        " coalesce(m.phone, '') FROM loans l LEFT JOIN members m ON m.member_id = l.member_id"
        " WHERE l.status = 'open'"
    ).fetchall()
    states = loan_store.states(ctx.conn, [r[0] for r in rows])
    names = {p.product_id: p.name for p, _ in loan_store.products(ctx.conn)}
    lines = []
    for loan_id, member_no, name, phone in rows:
        state = states[loan_id]
        product = _product_or_default(ctx, state)
        owed = _due(ctx, state, product, as_of)
        schedule = state.schedule()
        ages = instalment_ages(schedule, state.payments, as_of)
        oldest = next((a.due_date for a in ages if a.paid_on is None and a.days_late > 0), None)
        lines.append(
            ArrearsLine(
                loan_id=loan_id,
                loan_no=loans.loan_no(ctx, loan_id),
                member_id=state.member_id,
                member_no=member_no,
                member_name=name,
                phone=phone,
                product_name=names.get(state.product_id, state.product_id),
                outstanding=state.outstanding_principal,
                overdue=owed.jasa + owed.pokok,
                denda=owed.denda,
                days_past_due=owed.days_past_due,
                kolektibilitas=owed.kolektibilitas,
                oldest_due=oldest,
            )
        )
    lines.sort(key=lambda x: (-x.days_past_due, -x.outstanding, x.loan_no))
    quality = portfolio_quality(
        LoanAge(x.loan_id, x.outstanding, x.days_past_due, x.kolektibilitas) for x in lines
    )
    counts = dict.fromkeys(KOLEKTIBILITAS, 0)
    for x in lines:
        if x.outstanding > 0:
            counts[x.kolektibilitas] += 1
    return ArrearsReport(as_of, tuple(lines), quality, counts)


# Printable schedules ---------------------------------------------------------------------


def _printed_at(ctx: Context) -> str:
    return dt.datetime.fromtimestamp(ctx.store.wall_ms() / 1000).strftime("%Y-%m-%d %H:%M:%S")


def _document(
    ctx: Context,
    *,
    title: str,
    product: LoanProduct,
    schedule: Schedule,
    received: int,
    admin_fee: int,
    provision_fee: int,
    fees_deducted: bool,
    loan_no: str = "",
    member: dict[str, Any] | None = None,
    teller_name: str = "",
    simulation: bool,
) -> ScheduleDocument:
    t = schedule.terms
    net = t.principal - (admin_fee + provision_fee) if fees_deducted else t.principal
    identity = ctx.identity
    return ScheduleDocument(
        cooperative=ctx.cooperative_name(),
        branch_name=identity.branch_name,
        branch_id=identity.branch_id,
        printed_at=_printed_at(ctx),
        title=title,
        loan_no=loan_no,
        member_no=str(member["member_no"]) if member else "",
        member_name=str(member["name"]) if member else "",
        product_name=product.name,
        method=t.method,
        frequency=t.frequency,
        principal=t.principal,
        tenor=t.tenor,
        rate_bp=t.rate_bp,
        admin_fee=admin_fee,
        provision_fee=provision_fee,
        fees_deducted=fees_deducted,
        net_to_member=net,
        instalment=schedule.instalment,
        total_interest=schedule.total_interest,
        total_payment=schedule.total,
        flat_annual_bp=t.rate_bp * 12,
        effective_annual_bp=schedule.effective_rate(received).nominal_annual_bp,
        start=schedule.start,
        rows=tuple(
            (i.number, i.due_date, i.principal, i.interest, i.total, i.balance_after)
            for i in schedule.instalments
        ),
        teller_name=teller_name,
        simulation=simulation,
    )


def simulation_document(
    ctx: Context,
    product_id: str,
    principal: int,
    tenor: int,
    *,
    rate_bp: int | None = None,
    member_id: str | None = None,
    teller_name: str = "",
) -> ScheduleDocument:
    product = loans.product(ctx, product_id)
    sim = loans.simulate(ctx, product_id, principal, tenor, rate_bp)
    return _document(
        ctx,
        title="SIMULASI ANGSURAN PINJAMAN",
        product=product,
        schedule=sim.schedule,
        received=principal - sim.fees.total,
        admin_fee=sim.fees.admin,
        provision_fee=sim.fees.provision,
        fees_deducted=sim.fees.deducted,
        member=ctx.member_row(member_id) if member_id else None,
        teller_name=teller_name,
        simulation=True,
    )


def loan_document(ctx: Context, loan_id: str, *, teller_name: str = "") -> ScheduleDocument:
    state = loans.loan(ctx, loan_id)
    if state.terms is None:
        raise LumbungError("Pinjaman ini tidak punya jadwal.", "This loan has no schedule.")
    product = _product_or_default(ctx, state)
    schedule = _schedule(ctx, state)
    quote = _live_payload(ctx, loan_id, "disbursed") or _live_payload(ctx, loan_id, "applied")
    fees = disbursement_fees(product, state.terms.principal)
    admin = int(quote["admin_fee"]) if quote else fees.admin
    provision = int(quote["provision_fee"]) if quote else fees.provision
    deducted = bool(quote.get("fees_deducted", fees.deducted)) if quote else fees.deducted
    try:
        member = ctx.member_row(state.member_id)
    except LumbungError:
        member = None
    return _document(
        ctx,
        title="JADWAL ANGSURAN PINJAMAN",
        product=product,
        schedule=schedule,
        received=state.terms.principal - admin - provision,
        admin_fee=admin,
        provision_fee=provision,
        fees_deducted=deducted,
        loan_no=loans.loan_no(ctx, loan_id),
        member=member,
        teller_name=teller_name,
        simulation=state.disbursed_on is None,
    )
