"""Members: registration (with simpanan pokok), profile edits, search, detail and mutasi."""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop.counter.context import Context, check_amount, local_time
from desktop.counter.errors import DuplicateNik, NotPermitted
from desktop.counter.records import HistoryRow, MemberDetail, MemberSummary, PostResult, StaffUser
from desktop.store import search
from ledger.errors import ValidationError
from ledger.events import (
    MEMBER_PROFILE_FIELDS,
    MEMBER_STATUSES,
    MemberRegistered,
    MemberUpdated,
    SavingsDeposited,
)
from ledger.ids import uuid7
from ledger.members import (
    RegistrationInput,
    build_registration,
    clean_text,
    member_number,
    normalise_phone,
)
from ledger.nik import decode_nik


def _summary(row: tuple[Any, ...]) -> MemberSummary:
    return MemberSummary(*(str(v) for v in row))


def register(ctx: Context, form: RegistrationInput, *, actor: StaffUser) -> PostResult:
    """Validate, refuse a known NIK, and post MemberRegistered plus the simpanan pokok deposit
    in one transaction (a member never exists without the pokok the teller took)."""
    with ctx.store.transaction():
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        session = ctx.require_session(teller)
        identity = ctx.identity
        member_id = uuid7()
        payload = build_registration(
            form,
            member_id=member_id,
            member_no="",
            join_date=ctx.business_date(),
            home_branch=identity.branch_id,
        )
        existing = search.by_nik(ctx.conn, payload.nik)
        if existing is not None:
            raise DuplicateNik(payload.nik, existing[0], existing[1], existing[3])
        serial = ctx.store.next_member_serial()
        payload = dataclasses.replace(
            payload, member_no=member_number(identity.branch_id, identity.device_no, serial)
        )
        pokok = check_amount(ctx.setting("pokok_amount"))
        ctx.store.append(payload, actor=teller.user_id, business_date=day)
        deposit = ctx.store.append(
            SavingsDeposited(member_id, "pokok", pokok, session.session_id),
            actor=teller.user_id,
            business_date=day,
        )
        balances = ctx.balances(member_id)
    return PostResult(
        event_id=deposit.id,
        receipt_no=ctx.receipt_no(deposit.device_id, deposit.device_seq, deposit.branch_id),
        member_id=member_id,
        balances=balances,
        amount=pokok,
        type=MemberRegistered.TYPE,
    )


def _clean_change(ctx: Context, name: str, value: str) -> str:
    if name not in MEMBER_PROFILE_FIELDS:
        raise ValidationError(
            f"Kolom {name} tidak dapat diubah.", f"Field {name} cannot be changed.", field=name
        )
    if name == "phone":
        return normalise_phone(value)
    text = clean_text(value)
    if name == "status":
        if text not in MEMBER_STATUSES:
            raise ValidationError(
                f"Status anggota tidak dikenal: {text}.",
                f"Unknown member status: {text}.",
                field=name,
            )
    elif name == "name":
        if len(text) < 2 or any(ch.isdigit() for ch in text):
            raise ValidationError(
                "Nama wajib diisi dan tidak boleh berisi angka.",
                "The name is required and must not contain digits.",
                field=name,
            )
    elif name in ("address", "mother_maiden_name") and not text:
        raise ValidationError("Kolom ini wajib diisi.", "This field is required.", field=name)
    return text


def update(ctx: Context, member_id: str, changes: dict[str, str], *, actor: StaffUser) -> None:
    """Post the fields that really changed as one MemberUpdated patch (nothing if none did).

    A status change (resigned, deceased) is a supervisor's decision: it frees pokok and wajib.
    """
    with ctx.store.transaction():
        day = ctx.open_business_date()
        user = ctx.require_staff(actor)
        current = ctx.member_row(member_id)
        patch = {}
        for name, value in sorted(changes.items()):
            cleaned = _clean_change(ctx, name, value)
            if cleaned != current.get(name):
                patch[name] = cleaned
        if not patch:
            return
        if "status" in patch and not user.is_supervisor:
            raise NotPermitted(
                "Hanya supervisor yang boleh mengubah status keanggotaan.",
                "Only a supervisor may change membership status.",
            )
        ctx.store.append(
            MemberUpdated(member_id=member_id, changes=patch),
            actor=user.user_id,
            business_date=day,
        )


def search_members(ctx: Context, query: str, limit: int = 50) -> list[MemberSummary]:
    return [_summary(r) for r in search.search_rows(ctx.conn, query, limit)]


def by_no(ctx: Context, member_no: str) -> MemberSummary | None:
    row = search.by_member_no(ctx.conn, member_no)
    return _summary(row) if row else None


def by_nik(ctx: Context, nik: str) -> MemberSummary | None:
    row = search.by_nik(ctx.conn, nik)
    return _summary(row) if row else None


def detail(ctx: Context, member_id: str) -> MemberDetail:
    row = ctx.member_row(member_id)
    profile = {k: str(v) for k, v in row.items() if k not in ("id", "member_id", "stamps")}
    return MemberDetail(
        member_id=member_id,
        member_no=profile["member_no"],
        nik=profile["nik"],
        name=profile["name"],
        address=profile["address"],
        status=profile["status"],
        home_branch=profile["home_branch"],
        birth_place=profile["birth_place"],
        birth_date=profile["birth_date"],
        sex=profile["sex"],
        phone=profile["phone"],
        occupation=profile["occupation"],
        mother_maiden_name=profile["mother_maiden_name"],
        join_date=profile["join_date"],
        profile=profile,
        balances=ctx.balances(member_id),
    )


_HISTORY_SQL = """
SELECT t.event_id, e.business_date, e.hlc, e.type, t.product, t.amount, e.actor, e.authorizer,
       EXISTS (SELECT 1 FROM reversals r WHERE r.target_event_id = t.event_id) AS reversed,
       COALESCE((SELECT r.target_event_id FROM reversals r
                 WHERE r.reversal_event_id = t.event_id), '') AS reversal_of,
       e.device_id, e.device_seq, e.branch_id
FROM member_tx t JOIN events e ON e.id = t.event_id
WHERE t.member_id = ?
ORDER BY e.hlc, e.device_id, t.id
"""

#: The ``type`` of the line that opens a history this store holds only in part.
OPENING = "OpeningBalance"


def movements(ctx: Context, member_id: str) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """The member's movements held here, oldest first, each with its product's balance after
    it, and per product the balance before the oldest of them.

    Balances are counted back from the member's current balances (the projection the balances
    panel shows), never forward from zero: a PC enrolled after months of history holds only a
    window of it, and its figures must still be the ledger's. Rows are ordered by when they
    were recorded (HLC, then device), the same on every replica holding the same events.
    """
    rows = ctx.conn.execute(_HISTORY_SQL, (member_id,)).fetchall()
    running = dict(ctx.balances(member_id))
    result: list[tuple[Any, ...]] = [()] * len(rows)
    for i in range(len(rows) - 1, -1, -1):
        product, amount = rows[i][4], int(rows[i][5])
        after = running.get(product, 0)
        result[i] = (*rows[i], after)
        running[product] = after - amount
    return result, running


def history(ctx: Context, member_id: str, limit: int = 200) -> list[HistoryRow]:
    """The member's mutasi, newest first, each row with its product's balance after it.

    When this store holds the member's history only from some point on (it was enrolled or
    restored after that), the oldest line per product is an :data:`OPENING` line carrying the
    balance before it.
    """
    names: dict[str, str] = {}

    def name(user_id: str) -> str:
        if user_id not in names:
            names[user_id] = ctx.staff_name(user_id)
        return names[user_id]

    held, opening = movements(ctx, member_id)
    rows: list[HistoryRow] = []
    # An opening line is dated where the product's lines held here begin (where the member
    # has none of it here, where the member's lines begin).
    first_day: dict[str, str] = {}
    for r in held:
        first_day.setdefault(r[4], r[1])
    start = min(first_day.values(), default="")
    for product, balance in sorted(opening.items()):
        if balance:
            rows.append(
                HistoryRow(
                    event_id="",
                    business_date=first_day.get(product, start),
                    recorded_at="",
                    type=OPENING,
                    product=product,
                    amount=0,
                    balance_after=balance,
                    actor="",
                    authorizer="",
                    reversed=False,
                    receipt_no="",
                )
            )
    for r in held:
        (
            event_id,
            day,
            hlc,
            kind,
            product,
            amount,
            actor,
            auth,
            rev,
            rev_of,
            dev,
            seq,
            br,
            after,
        ) = r
        rows.append(
            HistoryRow(
                event_id=event_id,
                business_date=day,
                recorded_at=local_time(hlc),
                type=kind,
                product=product,
                amount=amount,
                balance_after=after,
                actor=name(actor),
                authorizer=name(auth),
                reversed=bool(rev),
                receipt_no=ctx.receipt_no(dev, seq, br),
                reversal_of=rev_of,
            )
        )
    rows.reverse()
    return rows[: max(limit, 0)]


def nik_preview(nik: str) -> dict[str, str]:
    """What the NIK says (birth date, sex, region), for the form to fill in as it is typed."""
    info = decode_nik(nik)
    return {
        "birth_date": info.birth_date.isoformat(),
        "sex": info.sex,
        "province": info.province_name,
        "regency": info.regency,
        "district": info.district,
    }
