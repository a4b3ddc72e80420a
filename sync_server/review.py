"""What money cannot merge away: the review cases the server opens after a batch.

Authenticated, well-formed money events are never refused for business reasons — the cash has
already moved. When merging branches' events shows a problem, the server opens a case (a
``ReviewCaseOpened`` event on its own HQ chain, which branches pull like any other event):

* ``overdraft``: a balance went below zero (two offline branches paid out the same money);
  the account gets a hold until a supervisor resolves the case;
* ``duplicate_nik``: a second member registered with a NIK already registered (one person,
  one membership), typically at two offline branches.

* ``double_reversal``: an event reversed twice (two devices each undid it offline);
* ``payment_on_settled_loan`` / ``loan_overpaid``: a repayment or settlement paying what the
  loan no longer owed (a branch collected offline while another settled the loan, or two
  branches took the same instalment).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, bindparam, select

from ledger.events import ReviewCaseOpened
from ledger.ids import uuid7
from ledger.money import format_rupiah
from sync_server import loans
from sync_server.projector import Touched
from sync_server.store import tables as t


def overdraft_cases(conn: Connection, touched: Touched) -> list[ReviewCaseOpened]:
    if not touched.lowered:
        return []
    members = sorted({m for m, _ in touched.lowered})
    rows = conn.execute(
        select(t.balances.c.member_id, t.balances.c.product, t.balances.c.amount).where(
            t.balances.c.member_id.in_(bindparam("members", expanding=True)),
            t.balances.c.amount < 0,
        ),
        {"members": members},
    ).all()
    negative = [(m, p, a) for m, p, a in rows if (m, p) in touched.lowered]
    if not negative:
        return []
    already_open = set(
        conn.execute(
            select(t.review_cases.c.member_id).where(
                t.review_cases.c.kind == "overdraft",
                t.review_cases.c.resolution == "",
                t.review_cases.c.member_id.in_([m for m, _, _ in negative]),
            )
        ).scalars()
    )
    cases = []
    for member_id, product, amount in sorted(negative):
        if member_id in already_open:
            continue  # the open case already holds the account; the supervisor sees the rest
        already_open.add(member_id)
        cases.append(
            ReviewCaseOpened(
                case_id=uuid7(),
                kind="overdraft",
                member_id=member_id,
                event_ids=touched.lowered[(member_id, product)],
                detail=(
                    f"Saldo simpanan {product} menjadi {format_rupiah(amount)} setelah "
                    "transaksi cabang digabungkan (overdraft); rekening ditahan."
                ),
                hold=True,
            )
        )
    return cases


def duplicate_nik_cases(conn: Connection, touched: Touched) -> list[ReviewCaseOpened]:
    if not touched.registrations:
        return []
    niks = sorted({nik for _, nik, _, _ in touched.registrations})
    holders: dict[str, list[tuple[int, str, str]]] = {}
    for member_id, nik, event_id, seq in conn.execute(
        select(
            t.members.c.member_id,
            t.members.c.nik,
            t.members.c.registered_event_id,
            t.members.c.registered_seq,
        ).where(t.members.c.nik.in_(bindparam("niks", expanding=True))),
        {"niks": niks},
    ):
        holders.setdefault(nik, []).append((seq, member_id, event_id))
    cases = []
    for member_id, nik, event_id, seq in touched.registrations:
        # Only a later registration is the duplicate, so each pair opens one case.
        earlier = sorted(h for h in holders.get(nik, []) if h[0] < seq and h[1] != member_id)
        if not earlier:
            continue
        cases.append(
            ReviewCaseOpened(
                case_id=uuid7(),
                kind="duplicate_nik",
                member_id=member_id,
                event_ids=[e for _, _, e in earlier] + [event_id],
                detail=(
                    f"NIK {nik} sudah terdaftar sebagai anggota "
                    f"{', '.join(m for _, m, _ in earlier)} (satu orang, satu keanggotaan)."
                ),
                hold=False,
            )
        )
    return cases


def double_reversal_cases(conn: Connection, touched: Touched) -> list[ReviewCaseOpened]:
    """A second reversal of one event (two offline devices each undid it): both are booked,
    so the original is now undone twice; a supervisor reverses one of the reversals."""
    if not touched.reversals:
        return []
    targets = sorted({target for _, target in touched.reversals})
    by_target: dict[str, list[str]] = {}
    for reversal_id, target_id in conn.execute(
        select(t.reversals.c.reversal_id, t.reversals.c.target_id)
        .where(t.reversals.c.target_id.in_(targets))
        .order_by(t.reversals.c.reversal_id)
    ):
        by_target.setdefault(target_id, []).append(reversal_id)
    members = dict(
        conn.execute(
            select(t.events.c.event_id, t.events.c.body).where(t.events.c.event_id.in_(targets))
        ).all()
    )
    batch = {reversal_id for reversal_id, _ in touched.reversals}
    seen: set[str] = set()
    cases = []
    for reversal_id, target_id in touched.reversals:
        # Reversals stored before this batch or earlier in it: each later one opens a case.
        earlier = [
            r
            for r in by_target.get(target_id, [])
            if r != reversal_id and (r not in batch or r in seen)
        ]
        seen.add(reversal_id)
        if not earlier:
            continue
        member_id = ""
        if target_id in members:
            member_id = str(json.loads(members[target_id])["payload"].get("member_id", ""))
        cases.append(
            ReviewCaseOpened(
                case_id=uuid7(),
                kind="double_reversal",
                member_id=member_id,
                event_ids=[*earlier, reversal_id],
                detail=(
                    f"Transaksi {target_id} dibatalkan lebih dari sekali; batalkan salah satu "
                    "pembatalan."
                ),
                hold=False,
            )
        )
    return cases


def detect(conn: Connection, touched: Touched) -> list[ReviewCaseOpened]:
    return (
        overdraft_cases(conn, touched)
        + duplicate_nik_cases(conn, touched)
        + loans.overpayment_cases(conn, touched.loan_payments)
        + double_reversal_cases(conn, touched)
    )
