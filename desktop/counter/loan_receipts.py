"""What a receipt prints for a loan disbursement, repayment or settlement, or their reversal.

The layout is the savings receipt's (:mod:`desktop.receipts.layout`) with the loan's number,
the parts of the payment and the principal still owed right after the event (a reprint shows
the figure of the day, not today's).
"""

from __future__ import annotations

import datetime as dt

from desktop.counter import loans, members
from desktop.counter.context import Context, local_time
from desktop.counter.records import Receipt
from desktop.store import loans as loan_store
from ledger.events import Event, Reversed
from ledger.loans.events import LoanDisbursed, LoanRepaid, LoanSettled
from ledger.loans.state import loan_state
from ledger.money import format_rupiah, terbilang

LABELS: dict[str, str] = {
    LoanDisbursed.TYPE: "Pencairan Pinjaman",
    LoanRepaid.TYPE: "Angsuran Pinjaman",
    LoanSettled.TYPE: "Pelunasan Dipercepat Pinjaman",
}
_CHANNEL = {"cash": "Tunai", "sukarela": "Simpanan Sukarela"}


def is_loan_receipt(ctx: Context, event: Event) -> bool:
    if event.type in LABELS:
        return True
    if event.type == Reversed.TYPE:
        target = ctx.store.event(str(event.payload.get("target_event_id", "")))
        return target is not None and target.type in LABELS
    return False


def _outstanding_after(ctx: Context, loan_id: str, event: Event) -> int:
    """Principal owed once ``event`` was recorded (rows recorded up to its stamp)."""
    rows = [
        m
        for m in loan_store.movements(ctx.conn, loan_id)
        if (stamp := _stamp(ctx, m.event_id)) is None or stamp <= event.stamp
    ]
    return loan_state(loan_id, rows).outstanding_principal


def _stamp(ctx: Context, event_id: str) -> tuple[str, str] | None:
    row = ctx.conn.execute("SELECT hlc, device_id FROM events WHERE id = ?", (event_id,)).fetchone()
    return (row[0], row[1]) if row else None


def amount_words(amount: int) -> str:
    words = terbilang(amount)
    return words[:1].upper() + words[1:]


def _rp(amount: int) -> str:
    return format_rupiah(amount)


def receipt(ctx: Context, event: Event, *, reprint: bool = False) -> Receipt:
    source = event
    reason = prefix = undone = undone_date = ""
    if event.type == Reversed.TYPE:
        target = ctx.store.event(str(event.payload["target_event_id"]))
        assert target is not None
        source, reason, prefix = target, str(event.payload["reason"]), "Pembatalan "
        undone = ctx.receipt_no(target.device_id, target.device_seq, target.branch_id)
        undone_date = target.business_date
    payload = source.typed()
    assert isinstance(payload, LoanDisbursed | LoanRepaid | LoanSettled)
    state = loans.loan(ctx, payload.loan_id)
    found = loan_store.product(ctx.conn, state.product_id)
    details: list[tuple[str, str]] = [("No. Pinjaman", loans.loan_no(ctx, payload.loan_id))]
    if found is not None:
        details.append(("Produk", found[0].name))
    amount_label = ""
    if isinstance(payload, LoanDisbursed):
        fees = payload.admin_fee + payload.provision_fee
        # What moves through the channel: the principal less the fees, whether they are
        # deducted or paid at the counter in the same transaction (the posting nets them in
        # the same account), so the cash a teller hands over is this figure.
        amount = payload.principal - fees
        details += [
            ("Pokok pinjaman", _rp(payload.principal)),
            ("Tenor", f"{payload.tenor} x angsuran"),
        ]
        if payload.admin_fee:
            details.append(("Biaya administrasi", _rp(payload.admin_fee)))
        if payload.provision_fee:
            details.append(("Biaya provisi", _rp(payload.provision_fee)))
        if fees:
            how = "Biaya dipotong" if payload.fees_deducted else "Biaya dibayar terpisah"
            details.append((how, _rp(fees)))
            amount_label = "Diterima bersih"
    else:
        amount = payload.amount
        if payload.denda:
            details.append(("Denda", _rp(payload.denda)))
        details += [("Jasa", _rp(payload.jasa)), ("Pokok", _rp(payload.pokok))]
        if isinstance(payload, LoanSettled) and payload.penalty:
            details.append(("Penalti pelunasan", _rp(payload.penalty)))
    details.append(("Melalui", _CHANNEL.get(payload.channel, payload.channel)))
    if payload.channel == "sukarela":
        # Counted back from the member's balances (members.history), never forward.
        row = next(
            (
                r
                for r in members.history(ctx, payload.member_id, limit=1_000_000)
                if r.event_id == event.id
            ),
            None,
        )
        if row is not None:
            details.append(("Saldo sukarela setelah", _rp(row.balance_after)))
    member = ctx.member_row(payload.member_id)
    identity = ctx.identity
    return Receipt(
        cooperative=ctx.cooperative_name(),
        branch_name=identity.branch_name,
        branch_id=event.branch_id,
        printed_at=dt.datetime.fromtimestamp(ctx.store.wall_ms() / 1000).strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        recorded_at=local_time(event.hlc),
        receipt_no=ctx.receipt_no(event.device_id, event.device_seq, event.branch_id),
        member_no=str(member["member_no"]),
        member_name=str(member["name"]),
        tx_label=prefix + LABELS[source.type],
        amount=amount,
        amount_words=amount_words(amount),
        balance_after=_outstanding_after(ctx, payload.loan_id, event),
        teller_name=ctx.staff_name(event.actor),
        authorizer_name=ctx.staff_name(event.authorizer),
        reprint=reprint,
        product="pinjaman",
        business_date=event.business_date,
        reason=reason,
        details=tuple(details),
        balance_label="Sisa pokok pinjaman",
        amount_label=amount_label,
        reverses_receipt=undone,
        reverses_date=undone_date,
    )
