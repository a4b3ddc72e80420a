"""The teller's cash drawer: a session opened with a float and closed with a count.

What the drawer should hold is its own session's cash (``drawer_cash``, see
:mod:`desktop.store.drawers`): the opening float, plus every cash posting of the session in,
minus every posting out. A teller has one drawer open at a time across the branch's PCs unless
the cooperative allows several (setting ``drawers_on_several_pcs``); each balances on its own.
Closing returns the counted cash to the vault and posts any difference to selisih kas
(``TellerSessionClosed`` posting rule), which a supervisor must authorise.
"""

from __future__ import annotations

from desktop.counter.context import Context, local_time
from desktop.counter.records import CloseResult, SessionInfo, StaffUser
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import TellerSessionClosed, TellerSessionOpened
from ledger.ids import uuid7
from ledger.money import format_rupiah
from ledger.policy import cash_difference


def current(ctx: Context, teller_id: str) -> SessionInfo | None:
    session = ctx.open_session(teller_id)
    if session is None:
        return None
    return SessionInfo(
        session_id=session.session_id,
        teller_id=session.teller_id,
        opened_at=local_time(session.opened_hlc),
        opening_float=session.opening_float,
        expected_cash=ctx.drawer_cash(teller_id),
        status="open",
        business_date=session.business_date,
    )


def open_session(ctx: Context, *, actor: StaffUser, opening_float: int) -> SessionInfo:
    if not isinstance(opening_float, int) or isinstance(opening_float, bool) or opening_float < 0:
        raise ValidationError(
            "Modal awal laci harus bilangan bulat rupiah, nol atau lebih.",
            "The opening float must be a whole number of rupiah, zero or more.",
            field="opening_float",
        )
    with ctx.store.transaction():
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        if ctx.open_session(teller.user_id) is not None:
            raise BusinessRuleError(
                "Sesi kas Anda sudah terbuka.", "Your drawer session is already open."
            )
        elsewhere = ctx.open_drawers_elsewhere(teller.user_id)
        if elsewhere and not ctx.setting("drawers_on_several_pcs"):
            pcs = ", ".join(ctx.device_label(d) for d in elsewhere)
            raise BusinessRuleError(
                f"Anda masih punya laci kas terbuka di {pcs}. Tutup kas di sana dulu "
                "(satu teller, satu laci).",
                f"You still have a cash drawer open on {pcs}. Close it there first "
                "(one teller, one drawer).",
            )
        leftover = ctx.teller_cash_elsewhere(teller.user_id)
        if leftover:
            # Cash the books still put in this teller's account outside any open drawer (a
            # session closed before all its postings arrived, say) would otherwise vanish
            # from every count; head office must settle it first.
            raise BusinessRuleError(
                f"Kas teller Anda masih tercatat {format_rupiah(leftover)} di luar laci yang "
                "terbuka; hubungi supervisor.",
                f"Your teller cash still shows {format_rupiah(leftover)} outside any open "
                "drawer; call a supervisor.",
            )
        ctx.store.append(
            TellerSessionOpened(
                session_id=uuid7(), teller_id=teller.user_id, opening_float=opening_float
            ),
            actor=teller.user_id,
            business_date=day,
        )
    info = current(ctx, teller.user_id)
    assert info is not None
    return info


def close_session(
    ctx: Context,
    *,
    actor: StaffUser,
    counted: dict[int, int],
    authorizer: StaffUser | None = None,
) -> CloseResult:
    """Count the drawer by denomination and close the session.

    Raises:
        AuthorisationRequired: the count differs from what is expected and no supervisor
            authorised it.
    """
    pieces = {int(d): int(n) for d, n in counted.items() if n}
    with ctx.store.transaction():
        day = ctx.open_business_date()
        teller = ctx.require_staff(actor)
        session = ctx.require_session(teller)
        expected = ctx.drawer_cash(teller.user_id)
        total, difference = cash_difference(expected, pieces)
        auth = ctx.authorizer_id(
            teller,
            authorizer,
            required=difference != 0,
            why_id=f"Selisih kas {format_rupiah(difference)} "
            f"(seharusnya {format_rupiah(expected)}, dihitung {format_rupiah(total)}).",
            why_en=f"Cash difference {format_rupiah(difference)} "
            f"(expected {format_rupiah(expected)}, counted {format_rupiah(total)}).",
        )
        event = ctx.store.append(
            TellerSessionClosed(
                session_id=session.session_id,
                teller_id=teller.user_id,
                expected=expected,
                counted_total=total,
                counted={str(d): n for d, n in sorted(pieces.items(), reverse=True)},
            ),
            actor=teller.user_id,
            business_date=day,
            authorizer=auth,
        )
    return CloseResult(session.session_id, expected, total, difference, event.id)
