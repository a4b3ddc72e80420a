"""Review cases pulled from head office, the holds they put on accounts, and resolving one.

The server opens a case (``ReviewCaseOpened`` on its own chain) when merging branches finds
what money cannot merge away: two offline branches paying out the same savings (overdraft, with
a hold on the account), one NIK registered twice, a payment on a settled loan. Branches pull the
case like any other event; the store projects it into ``review_cases`` (kind, member, hold,
resolution) and the event itself keeps the detail. A supervisor resolves a case here with a
``ReviewCaseResolved`` event of this device, which syncs back to the server.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from desktop.counter.context import Context, local_time
from desktop.counter.records import StaffUser
from ledger.errors import BusinessRuleError, ValidationError
from ledger.events import ReviewCaseOpened, ReviewCaseResolved


@dataclass(frozen=True)
class ReviewCase:
    """One review case as the supervisor's queue shows it.

    Attributes:
        case_id: The case's id (UUIDv7, made by the server).
        kind: ``"overdraft"``, ``"duplicate_nik"``, ``"payment_on_settled_loan"``,
            ``"loan_overpaid"``, ... (the UI labels the ones it knows).
        member_id: The member concerned (``""`` when the member is not on this device).
        member_no: Their member number, when known here.
        member_name: Their name, when known here.
        detail: The server's explanation (Indonesian).
        event_ids: The events that caused the case.
        hold: True while the case holds the member's account (no withdrawals).
        opened_at: Local time the server opened it, ``"YYYY-MM-DD HH:MM:SS"`` (``""`` if only
            its resolution is known here).
        resolution: The decision, ``""`` while open.
        note: The resolver's note.
        resolved_at: Local time of the decision, ``""`` while open.
        resolved_by: Full name of who decided (head office shows as its user id).
        receipts: ``(event id, receipt number)`` of the cause events this PC holds, so the
            supervisor can name and open them.
    """

    case_id: str
    kind: str
    member_id: str
    member_no: str
    member_name: str
    detail: str
    event_ids: tuple[str, ...]
    hold: bool
    opened_at: str
    resolution: str
    note: str
    resolved_at: str
    resolved_by: str
    receipts: tuple[tuple[str, str], ...] = ()

    @property
    def is_open(self) -> bool:
        return not self.resolution


Body = dict[str, Any]


def _case_events(
    ctx: Context,
) -> tuple[dict[str, tuple[str, Body]], dict[str, tuple[str, str, Body]]]:
    """The opening and the (latest) resolving event of every case, by case id."""
    opened: dict[str, tuple[str, Body]] = {}
    resolved: dict[str, tuple[str, str, Body]] = {}
    for kind, hlc, actor, body in ctx.conn.execute(
        "SELECT type, hlc, actor, body FROM events WHERE type IN (?, ?) ORDER BY hlc",
        (ReviewCaseOpened.TYPE, ReviewCaseResolved.TYPE),
    ):
        payload = json.loads(body)["payload"]
        case_id = str(payload.get("case_id", ""))
        if kind == ReviewCaseOpened.TYPE:
            opened[case_id] = (hlc, payload)
        else:
            resolved[case_id] = (hlc, actor, payload)
    return opened, resolved


_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


def _readable(ctx: Context, detail: str) -> str:
    """The server names members by id; a supervisor knows them by number."""

    def number(found: re.Match[str]) -> str:
        row = ctx.conn.execute(
            "SELECT member_no FROM members WHERE member_id = ?", (found.group(0),)
        ).fetchone()
        return str(row[0]) if row and row[0] else found.group(0)

    return _UUID.sub(number, detail)


def _receipts(ctx: Context, event_ids: list[str]) -> tuple[tuple[str, str], ...]:
    """The receipt numbers of the events this PC holds (others are head office's only)."""
    found = []
    for event_id in event_ids:
        row = ctx.conn.execute(
            "SELECT device_id, device_seq, branch_id FROM events WHERE id = ?", (event_id,)
        ).fetchone()
        if row is not None:
            found.append((event_id, ctx.receipt_no(str(row[0]), int(row[1]), str(row[2]))))
    return tuple(found)


def _hold_released(resolution_payload: Body | None) -> bool:
    return resolution_payload is not None and bool(resolution_payload.get("release_hold", True))


def list_cases(ctx: Context, *, include_resolved: bool = True) -> list[ReviewCase]:
    """Open cases first (oldest first: the longest-waiting at the top), then resolved ones,
    newest decision first."""
    opened, resolved = _case_events(ctx)
    rows = ctx.conn.execute(
        "SELECT c.case_id, c.kind, c.member_id, c.hold, c.resolution, c.detail, c.event_ids,"
        " coalesce(m.member_no, ''), coalesce(m.name, '')"
        " FROM review_cases c LEFT JOIN members m ON m.member_id = c.member_id"
    ).fetchall()
    cases = []
    for case_id, kind, member_id, hold, resolution, detail, ids, member_no, name in rows:
        # A case older than this store's snapshot has no opening event here, only its row.
        fallback = {"detail": detail, "event_ids": json.loads(ids or "[]")}
        open_hlc, open_payload = opened.get(case_id, ("", fallback))
        res = resolved.get(case_id)
        res_payload = res[2] if res else None
        case = ReviewCase(
            case_id=case_id,
            kind=kind,
            member_id=member_id,
            member_no=member_no,
            member_name=name,
            detail=_readable(ctx, str(open_payload.get("detail", ""))),
            event_ids=tuple(str(e) for e in open_payload.get("event_ids", [])),
            receipts=_receipts(ctx, [str(e) for e in open_payload.get("event_ids", [])]),
            hold=bool(hold) and not _hold_released(res_payload),
            opened_at=local_time(open_hlc) if open_hlc else "",
            resolution=resolution,
            note=str(res_payload.get("note", "")) if res_payload else "",
            resolved_at=local_time(res[0]) if res else "",
            resolved_by=ctx.staff_name(res[1]) if res else "",
        )
        if include_resolved or case.is_open:
            cases.append(case)
    open_cases = sorted((c for c in cases if c.is_open), key=lambda c: (c.opened_at, c.case_id))
    done = sorted((c for c in cases if not c.is_open), key=lambda c: c.resolved_at, reverse=True)
    return open_cases + done


def open_case_count(ctx: Context) -> int:
    return int(
        ctx.conn.execute("SELECT count(*) FROM review_cases WHERE resolution = ''").fetchone()[0]
    )


def active_hold(ctx: Context, member_id: str) -> str | None:
    """The case id holding ``member_id``'s account, or None.

    A hold ends when its case is resolved with ``release_hold`` (the default); a decision that
    keeps the hold (head office's ``--keep-hold``) leaves the account held.
    """
    rows = ctx.conn.execute(
        "SELECT case_id, resolution FROM review_cases WHERE member_id = ? AND hold = 1",
        (member_id,),
    ).fetchall()
    for case_id, resolution in rows:
        if not resolution:
            return str(case_id)
        _, resolved = _case_events(ctx)
        res = resolved.get(case_id)
        if not _hold_released(res[2] if res else None):
            return str(case_id)
    return None


def hold_case(ctx: Context, member_id: str) -> ReviewCase | None:
    """The case holding ``member_id``'s account (what the member screen's banner names)."""
    case_id = active_hold(ctx, member_id)
    if case_id is None:
        return None
    return next((c for c in list_cases(ctx) if c.case_id == case_id), None)


class AccountOnHold(BusinessRuleError):
    """A review case holds the member's account: nothing is paid out until it is resolved."""

    def __init__(self, case_id: str) -> None:
        super().__init__(
            "Rekening anggota ini ditahan karena kasus tinjauan yang belum diselesaikan "
            "(misalnya penarikan ganda di dua cabang saat luring). Penarikan tidak dapat "
            "dilakukan sampai supervisor menyelesaikan kasus tersebut.",
            "This member's account is on hold because of an unresolved review case (for "
            "example a double payout at two offline branches). No withdrawal until a "
            "supervisor resolves the case.",
        )
        self.case_id = case_id


def check_no_hold(ctx: Context, member_id: str) -> None:
    case_id = active_hold(ctx, member_id)
    if case_id is not None:
        raise AccountOnHold(case_id)


def resolve(
    ctx: Context,
    case_id: str,
    resolution: str,
    *,
    actor: StaffUser,
    note: str = "",
    release_hold: bool = True,
) -> ReviewCase:
    """Decide an open case: a ``ReviewCaseResolved`` event of this device (supervisor only)."""
    decision = " ".join(resolution.split())
    if len(decision) < 3:
        raise ValidationError(
            "Keputusan atas kasus wajib diisi.",
            "A decision on the case is required.",
            field="resolution",
        )
    with ctx.store.transaction():
        boss = ctx.require_supervisor(actor, "menyelesaikan kasus tinjauan", "resolve a case")
        row = ctx.conn.execute(
            "SELECT resolution FROM review_cases WHERE case_id = ?", (case_id,)
        ).fetchone()
        if row is None:
            raise ValidationError("Kasus tinjauan tidak ditemukan.", "Review case not found.")
        if row[0]:
            raise BusinessRuleError(
                "Kasus ini sudah diselesaikan sebelumnya.", "This case is already resolved."
            )
        ctx.store.append(
            ReviewCaseResolved(
                case_id=case_id,
                resolution=decision,
                note=" ".join(note.split()),
                release_hold=release_hold,
            ),
            actor=boss.user_id,
            business_date=ctx.business_date().isoformat(),
        )
    return next(c for c in list_cases(ctx) if c.case_id == case_id)
