"""What a receipt prints for a savings posting or its reversal (the layout is the UI's)."""

from __future__ import annotations

import datetime as dt

from desktop.counter import loan_receipts, members
from desktop.counter.context import Context, local_time
from desktop.counter.records import Receipt
from ledger.errors import LumbungError
from ledger.events import Reversed, SavingsDeposited, SavingsWithdrawn
from ledger.money import terbilang

_PRODUCT = {"pokok": "Pokok", "wajib": "Wajib", "sukarela": "Sukarela"}
_KIND = {SavingsDeposited.TYPE: "Setoran", SavingsWithdrawn.TYPE: "Penarikan"}


def tx_label(event_type: str, product: str) -> str:
    """``"Setoran Simpanan Sukarela"``, ``"Penarikan Simpanan Sukarela"``."""
    return f"{_KIND[event_type]} Simpanan {_PRODUCT.get(product, product)}"


def amount_words(amount: int) -> str:
    words = terbilang(amount)
    return words[:1].upper() + words[1:]


def receipt(ctx: Context, event_id: str, *, reprint: bool = False) -> Receipt:
    event = ctx.store.event(event_id)
    if event is None:
        raise LumbungError("Transaksi tidak ditemukan.", "Transaction not found.")
    if loan_receipts.is_loan_receipt(ctx, event):
        return loan_receipts.receipt(ctx, event, reprint=reprint)
    reason = undone = undone_date = ""
    if event.type == Reversed.TYPE:
        target = ctx.store.event(str(event.payload["target_event_id"]))
        if target is None:
            raise LumbungError(
                "Transaksi yang dibatalkan belum ada di perangkat ini.",
                "The reversed transaction is not on this device yet.",
            )
        label = "Pembatalan " + tx_label(target.type, str(target.payload["product"]))
        source = target
        reason = str(event.payload["reason"])
        undone = ctx.receipt_no(target.device_id, target.device_seq, target.branch_id)
        undone_date = target.business_date
    elif event.type in _KIND:
        label = tx_label(event.type, str(event.payload["product"]))
        source = event
    else:
        raise LumbungError(
            "Tidak ada bukti transaksi untuk peristiwa ini.", "This event has no receipt."
        )
    member_id = str(source.payload["member_id"])
    product = str(source.payload["product"])
    detail = members.detail(ctx, member_id)
    row = next(
        (r for r in members.history(ctx, member_id, limit=1_000_000) if r.event_id == event.id),
        None,
    )
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
        member_no=detail.member_no,
        member_name=detail.name,
        tx_label=label,
        amount=int(source.payload["amount"]),
        amount_words=amount_words(int(source.payload["amount"])),
        balance_after=row.balance_after if row else detail.balances.get(product, 0),
        teller_name=ctx.staff_name(event.actor),
        authorizer_name=ctx.staff_name(event.authorizer),
        reprint=reprint,
        product=product,
        business_date=event.business_date,
        reason=reason,
        reverses_receipt=undone,
        reverses_date=undone_date,
    )
