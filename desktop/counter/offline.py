"""Offline authority, bounded in advance (DESIGN.md): what a branch may pay out unchecked.

While the device cannot reach head office its balances may be stale: another branch may have
paid the same member since the last pull. As card networks bound stand-in approvals, the
member's home branch pays out up to ``home_offline_daily`` per member per day, another branch
only up to ``standin_offline``; above that a supervisor must authorise. The server's overdraft
case (with a hold) is the safety net, not the plan.

"Offline" is what the sync worker last saw (``Context.online``): ``None`` on a stand-alone
device that has no server at all, where the rule does not apply.
"""

from __future__ import annotations

from typing import Any

from desktop.counter.context import Context
from ledger.events import SavingsWithdrawn
from ledger.money import format_rupiah


def paid_out_today(ctx: Context, member_id: str, business_date: str) -> int:
    """Rupiah this device paid ``member_id`` on ``business_date`` (reversed payouts excluded)."""
    row = ctx.conn.execute(
        "SELECT coalesce(-sum(t.amount), 0) FROM member_tx t JOIN events e ON e.id = t.event_id"
        " WHERE t.member_id = ? AND e.type = ? AND e.device_id = ? AND e.business_date = ?"
        " AND NOT EXISTS (SELECT 1 FROM reversals r WHERE r.target_event_id = e.id)",
        (member_id, SavingsWithdrawn.TYPE, ctx.identity.device_id, business_date),
    ).fetchone()
    return int(row[0])


def offline_excess(
    ctx: Context, member: dict[str, Any], amount: int, business_date: str
) -> tuple[str, str] | None:
    """Why this payout is beyond offline authority (Indonesian, English), or None if within.

    Always None while online or on a stand-alone device.
    """
    if ctx.online is not False:
        return None
    branch_id = ctx.identity.branch_id
    home = str(member.get("home_branch") or branch_id)
    paid = paid_out_today(ctx, str(member["member_id"]), business_date)
    if home == branch_id:
        allowance = ctx.setting("home_offline_daily")
        if paid + amount <= allowance:
            return None
        return (
            f"Perangkat sedang luring (tidak terhubung ke kantor pusat): penarikan untuk "
            f"anggota cabang ini dibatasi {format_rupiah(allowance)} per hari, hari ini sudah "
            f"dibayar {format_rupiah(paid)}.",
            f"This device is offline (no contact with head office): payouts to this branch's "
            f"members are limited to {format_rupiah(allowance)} a day, "
            f"{format_rupiah(paid)} paid today.",
        )
    allowance = ctx.setting("standin_offline")
    if paid + amount <= allowance:
        return None
    return (
        f"Perangkat sedang luring dan anggota ini terdaftar di cabang {home}: penarikan "
        f"dibatasi {format_rupiah(allowance)} per hari, hari ini sudah dibayar "
        f"{format_rupiah(paid)}.",
        f"This device is offline and the member belongs to branch {home}: payouts are limited "
        f"to {format_rupiah(allowance)} a day, {format_rupiah(paid)} paid today.",
    )


def payout_reasons(
    ctx: Context, member: dict[str, Any], amount: int, business_date: str
) -> tuple[str, str] | None:
    """Why a withdrawal needs a supervisor (Indonesian, English): over the teller limit, beyond
    offline authority, or both; None when the teller may pay it alone."""
    limit = ctx.setting("teller_limit")
    why_id: list[str] = []
    why_en: list[str] = []
    if amount > limit:
        money, cap = format_rupiah(amount), format_rupiah(limit)
        why_id.append(f"Jumlah {money} melebihi batas teller {cap}.")
        why_en.append(f"{money} is above the teller limit {cap}.")
    excess = offline_excess(ctx, member, amount, business_date)
    if excess is not None:
        why_id.append(excess[0])
        why_en.append(excess[1])
    return (" ".join(why_id), " ".join(why_en)) if why_id else None
