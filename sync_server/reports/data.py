"""Head office's reports across branches, from the central ledger.

* ``trial_balance``: neraca saldo per branch and consolidated (inter-branch accounts net out);
* ``journal``: jurnal harian of a date, every branch (or one);
* ``teller_cash``: laporan kas teller of a date: every drawer, its cash in/out and difference;
* ``savings``: saldo simpanan per branch (members' home branch);
* ``loans``: loan portfolio by kolektibilitas per branch, consolidated, with a chart;
* ``statement``: mutasi rekening of one member over a period, whichever branch served them;
* ``recon``: end-of-day reconciliation status per branch and day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from ledger.accounts import CHART, code_of
from ledger.devices import number_at, receipt_number
from ledger.errors import ValidationError
from ledger.events import Event, Reversed
from ledger.loans.arrears import (
    KOLEKTIBILITAS,
    KOLEKTIBILITAS_ID,
    LoanAge,
    days_past_due,
    instalment_ages,
    kolektibilitas,
    portfolio_quality,
)
from ledger.loans.products import LoanProduct
from ledger.loans.state import loan_states
from ledger.projection import effects_of, reversal_effects
from sync_server import devices, recon
from sync_server import loans as loan_rows
from sync_server.reports.model import Column, Report, Section
from sync_server.store import tables as t
from sync_server.store.db import Database

HQ = "HQ"
LABELS = {
    "SavingsDeposited": "Setoran simpanan",
    "SavingsWithdrawn": "Penarikan simpanan",
    "Reversed": "Pembatalan",
    "TellerSessionOpened": "Pembukaan kas",
    "TellerSessionClosed": "Penutupan kas",
    "LoanDisbursed": "Pencairan pinjaman",
    "LoanRepaid": "Angsuran pinjaman",
    "LoanSettled": "Pelunasan pinjaman",
    "LoanCreditRefunded": "Pengembalian kelebihan",
    "MemberRegistered": "Pendaftaran anggota",
}
PRODUCTS = {"pokok": "Simpanan Pokok", "wajib": "Simpanan Wajib", "sukarela": "Simpanan Sukarela"}
STATUS_ID = {"agreed": "cocok", "mismatch": "TIDAK COCOK", "pending": "menunggu"}


def date_id(day: str) -> str:
    return dt.date.fromisoformat(day).strftime("%d-%m-%Y")


def _check(day: str | None, default: str | None = None) -> str:
    value = day or default or dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationError(
            f"Tanggal tidak sah: {value!r}.", f"Invalid date: {value!r}."
        ) from None


def _now() -> str:
    return dt.datetime.now().strftime("%d-%m-%Y %H:%M")


def _branch_of(account: str) -> str:
    parts = account.split(":")
    return parts[1] if len(parts) > 1 else ""


def account_name(account: str) -> str:
    entry = CHART.get(code_of(account))
    name = entry.name if entry else code_of(account)
    extra = account.split(":")[2:]
    return f"{name} ({'/'.join(extra)})" if extra else name


def _report(kind: str, title: str, cooperative: str, period: str, **kw: Any) -> Report:
    return Report(
        kind=kind, title=title, cooperative=cooperative, period=period, printed_at=_now(), **kw
    )


# Neraca saldo -----------------------------------------------------------------------------


def trial_balance(
    db: Database,
    cooperative: str,
    *,
    day: str | None = None,
    branch: str | None = None,
    **_ignored: Any,
) -> Report:
    as_of = _check(day)
    with db.read() as conn:
        balances = {a: int(b) for a, b in conn.execute(select(t.gl_balances))}
        jl = t.journal_lines.c
        later = conn.execute(
            select(jl.account, func.sum(jl.debit - jl.credit))
            .where(jl.business_date > as_of)
            .group_by(jl.account)
        )
        for account, moved in later:
            balances[account] = balances.get(account, 0) - int(moved)
    if branch:
        balances = {a: v for a, v in balances.items() if _branch_of(a) == branch}
    lines = sorted(((_branch_of(a), a, v) for a, v in balances.items() if v))
    rows = tuple((b, code_of(a), account_name(a), max(v, 0), max(-v, 0)) for b, a, v in lines)
    by_code: dict[str, int] = defaultdict(int)
    for _, a, v in lines:
        by_code[code_of(a)] += v
    consolidated = tuple(
        (code, CHART[code].name if code in CHART else code, max(v, 0), max(-v, 0))
        for code, v in sorted(by_code.items())
        if v
    )
    debit, credit = sum(r[3] for r in rows), sum(r[4] for r in rows)
    unbalanced = sorted(
        b for b in {x[0] for x in lines} if sum(v for bb, _, v in lines if bb == b) != 0
    )
    notes = [
        "Seimbang: jumlah debit sama dengan jumlah kredit."
        if debit == credit
        else "TIDAK SEIMBANG: jumlah debit dan kredit berbeda."
    ]
    if unbalanced:
        notes.append("Cabang tidak seimbang: " + ", ".join(unbalanced))
    return _report(
        "trial_balance",
        "NERACA SALDO",
        cooperative,
        f"Per akhir tanggal {date_id(as_of)}" + (f" · cabang {branch}" if branch else ""),
        sections=(
            Section(
                "Per cabang",
                (
                    Column("Cabang"),
                    Column("Kode"),
                    Column("Nama akun", width=4),
                    Column("Debit", "money", 2),
                    Column("Kredit", "money", 2),
                ),
                rows,
                ("", "", "Jumlah", debit, credit),
            ),
            Section(
                "Konsolidasi",
                (
                    Column("Kode"),
                    Column("Nama akun", width=4),
                    Column("Debit", "money", 2),
                    Column("Kredit", "money", 2),
                ),
                consolidated,
                ("", "Jumlah", sum(r[2] for r in consolidated), sum(r[3] for r in consolidated)),
            ),
        ),
        notes=tuple(notes),
    )


# Jurnal harian ----------------------------------------------------------------------------


def _undone_receipts(
    conn: Any, reversal_ids: set[str], number: Callable[[str, str, int], str]
) -> dict[str, str]:
    """``Pembatalan struk <no> (<its date>)`` per reversal: the receipt each one undoes."""
    if not reversal_ids:
        return {}
    ev = t.events.c
    targets = {
        str(event_id): str(json.loads(body)["payload"]["target_event_id"])
        for event_id, body in conn.execute(
            select(ev.event_id, ev.body).where(ev.event_id.in_(sorted(reversal_ids)))
        )
    }
    held = {
        str(r.event_id): r
        for r in conn.execute(
            select(ev.event_id, ev.branch_id, ev.device_id, ev.device_seq, ev.business_date).where(
                ev.event_id.in_(sorted(set(targets.values())))
            )
        )
    }
    labels = {}
    for reversal_id, target_id in targets.items():
        r = held.get(target_id)
        if r is not None:
            labels[reversal_id] = (
                f"Pembatalan struk {number(r.branch_id, r.device_id, r.device_seq)}"
                f" ({date_id(r.business_date)})"
            )
    return labels


def journal(
    db: Database,
    cooperative: str,
    *,
    day: str | None = None,
    branch: str | None = None,
    **_ignored: Any,
) -> Report:
    day = _check(day)
    jl, ev = t.journal_lines.c, t.events.c
    query = (
        select(
            jl.branch_id,
            ev.device_id,
            ev.device_seq,
            ev.type,
            jl.account,
            jl.debit,
            jl.credit,
            ev.event_id,
        )
        .join_from(t.journal_lines, t.events, ev.event_id == jl.event_id)
        .where(jl.business_date == day)
        .order_by(jl.branch_id, jl.global_seq, jl.line_no)
    )
    if branch:
        query = query.where(jl.branch_id == branch)
    with db.read() as conn:
        numbers = devices.all_numberings(conn)

        def number(b: str, dev: str, seq: int) -> str:
            # The receipt number the member holds (the same on every PC: ledger.devices).
            return receipt_number(b, number_at(numbers.get(dev, []), seq), dev, seq)

        lines = conn.execute(query).all()
        undone = _undone_receipts(conn, {str(r[7]) for r in lines if r[3] == Reversed.TYPE}, number)
        rows = tuple(
            (
                b,
                number(b, dev, seq),
                undone.get(str(event_id), LABELS.get(kind, kind)),
                code_of(a),
                account_name(a),
                int(d),
                int(c),
            )
            for b, dev, seq, kind, a, d, c, event_id in lines
        )
    debit, credit = sum(r[5] for r in rows), sum(r[6] for r in rows)
    return _report(
        "journal",
        "JURNAL HARIAN",
        cooperative,
        f"Tanggal {date_id(day)}" + (f" · cabang {branch}" if branch else " · semua cabang"),
        sections=(
            Section(
                f"{len(rows)} baris jurnal",
                (
                    Column("Cabang"),
                    Column("No. struk", width=2),
                    Column("Keterangan", width=2),
                    Column("Akun"),
                    Column("Nama akun", width=3),
                    Column("Debit", "money", 2),
                    Column("Kredit", "money", 2),
                ),
                rows,
                ("", "", "Jumlah", "", "", debit, credit),
            ),
        ),
        notes=(
            "Debit = Kredit: jurnal seimbang."
            if debit == credit
            else "PERHATIAN: jumlah debit dan kredit tidak sama.",
        ),
        landscape=True,
    )


# Laporan kas teller -------------------------------------------------------------------------


def teller_cash(
    db: Database,
    cooperative: str,
    *,
    day: str | None = None,
    branch: str | None = None,
    **_ignored: Any,
) -> Report:
    day = _check(day)
    ev, jl = t.events.c, t.journal_lines.c
    sessions = select(ev.body).where(
        ev.business_date == day, ev.type.in_(["TellerSessionOpened", "TellerSessionClosed"])
    )
    moves = (
        select(jl.account, ev.type, func.count(), func.sum(jl.debit), func.sum(jl.credit))
        .join_from(t.journal_lines, t.events, ev.event_id == jl.event_id)
        .where(
            jl.business_date == day,
            jl.account.like("1101:%"),
            ev.type.not_in(["TellerSessionOpened", "TellerSessionClosed"]),
        )
        .group_by(jl.account, ev.type)
    )
    if branch:
        sessions = sessions.where(ev.branch_id == branch)
        moves = moves.where(jl.branch_id == branch)
    drawers: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"float": 0, "n": 0, "in": 0, "out": 0, "expected": 0, "counted": 0, "closed": 0}
    )
    with db.read() as conn:
        names = dict(conn.execute(select(t.staff.c.user_id, t.staff.c.full_name)).all())
        for (body,) in conn.execute(sessions):
            e = json.loads(body)
            p = e["payload"]
            d = drawers[(e["branch_id"], p["teller_id"])]
            if e["type"] == "TellerSessionOpened":
                d["float"] += int(p["opening_float"])
            else:
                d["expected"] += int(p["expected"])
                d["counted"] += int(p["counted_total"])
                d["closed"] += 1
        detail = []
        for account, kind, n, debit, credit in conn.execute(moves):
            _, b, teller = account.split(":", 2)
            d = drawers[(b, teller)]
            d["n"] += int(n)
            d["in"] += int(debit)
            d["out"] += int(credit)
            detail.append(
                (
                    b,
                    names.get(teller, teller),
                    LABELS.get(kind, kind),
                    int(n),
                    int(debit),
                    int(credit),
                )
            )
    rows = tuple(
        (
            b,
            names.get(teller, teller),
            d["float"],
            d["n"],
            d["in"],
            d["out"],
            d["expected"] if d["closed"] else d["float"] + d["in"] - d["out"],
            d["counted"] if d["closed"] else "",
            d["counted"] - d["expected"] if d["closed"] else "",
        )
        for (b, teller), d in sorted(drawers.items())
    )
    closed = [r for r in rows if r[8] != ""]
    return _report(
        "teller_cash",
        "LAPORAN KAS TELLER",
        cooperative,
        f"Tanggal {date_id(day)}" + (f" · cabang {branch}" if branch else " · semua cabang"),
        sections=(
            Section(
                "Laci kas",
                (
                    Column("Cabang"),
                    Column("Teller", width=3),
                    Column("Modal awal", "money", 2),
                    Column("Trx", "int"),
                    Column("Kas masuk", "money", 2),
                    Column("Kas keluar", "money", 2),
                    Column("Seharusnya", "money", 2),
                    Column("Dihitung", "money", 2),
                    Column("Selisih", "selisih", 3),
                ),
                rows,
                (
                    "Jumlah",
                    f"{len(rows)} laci",
                    sum(r[2] for r in rows),
                    sum(r[3] for r in rows),
                    sum(r[4] for r in rows),
                    sum(r[5] for r in rows),
                    sum(r[6] for r in rows),
                    sum(int(r[7]) for r in closed),
                    (  # surpluses and shortages apart: a total never nets them
                        sum(int(r[8]) for r in closed if int(r[8]) > 0),
                        -sum(int(r[8]) for r in closed if int(r[8]) < 0),
                    ),
                ),
            ),
            Section(
                "Rincian per jenis transaksi",
                (
                    Column("Cabang"),
                    Column("Teller", width=3),
                    Column("Jenis", width=2),
                    Column("Trx", "int"),
                    Column("Kas masuk", "money", 2),
                    Column("Kas keluar", "money", 2),
                ),
                tuple(sorted(detail)),
            ),
        ),
        landscape=True,
    )


# Saldo simpanan ----------------------------------------------------------------------------


def savings(
    db: Database, cooperative: str, *, branch: str | None = None, **_ignored: Any
) -> Report:
    m, b = t.members.c, t.balances.c
    query = (
        select(m.home_branch, b.product, func.count(func.distinct(b.member_id)), func.sum(b.amount))
        .join_from(t.balances, t.members, m.member_id == b.member_id)
        .group_by(m.home_branch, b.product)
    )
    members = select(m.home_branch, func.count()).group_by(m.home_branch)
    if branch:
        query = query.where(m.home_branch == branch)
        members = members.where(m.home_branch == branch)
    per: dict[str, dict[str, int]] = defaultdict(lambda: {"pokok": 0, "wajib": 0, "sukarela": 0})
    with db.read() as conn:
        for home, product, _n, total in conn.execute(query):
            per[home][product] = int(total)
        counts = {home: int(n) for home, n in conn.execute(members)}
    rows = tuple(
        (home, counts.get(home, 0), v["pokok"], v["wajib"], v["sukarela"], sum(v.values()))
        for home, v in sorted(per.items())
    )
    return _report(
        "savings",
        "REKAP SALDO SIMPANAN",
        cooperative,
        f"Per {date_id(dt.date.today().isoformat())}" + (f" · cabang {branch}" if branch else ""),
        sections=(
            Section(
                "Per cabang (cabang asal anggota)",
                (
                    Column("Cabang"),
                    Column("Anggota", "int"),
                    Column("Pokok", "money", 2),
                    Column("Wajib", "money", 2),
                    Column("Sukarela", "money", 2),
                    Column("Jumlah", "money", 2),
                ),
                rows,
                ("Jumlah", *(sum(int(r[i]) for r in rows) for i in range(1, 6))),
            ),
        ),
    )


# Portofolio pinjaman -----------------------------------------------------------------------


def loans(
    db: Database,
    cooperative: str,
    *,
    day: str | None = None,
    branch: str | None = None,
    **_ignored: Any,
) -> Report:
    as_of = dt.date.fromisoformat(_check(day))
    with db.read() as conn:
        movements = [
            loan_rows.from_mapping(r) for r in conn.execute(select(t.loan_movements)).mappings()
        ]
        products = {
            pid: LoanProduct.from_dict(json.loads(text))
            for pid, text in conn.execute(
                select(t.loan_products.c.product_id, t.loan_products.c.product)
            )
        }
    ages: dict[str, list[LoanAge]] = defaultdict(list)
    for state in loan_states(movements).values():
        if state.status != "open" or (branch and state.branch_id != branch):
            continue
        product = products.get(state.product_id)
        if product is None:
            method = state.terms.method if state.terms else "flat"
            product = LoanProduct(state.product_id or "?", "?", state.product_id or "?", method)
        dpd = days_past_due(instalment_ages(state.schedule(), state.payments, as_of))
        ages[state.branch_id].append(
            LoanAge(state.loan_id, state.outstanding_principal, dpd, kolektibilitas(product, dpd))
        )
    rows = []
    for b, items in sorted(ages.items()):
        q = portfolio_quality(items)
        rows.append(
            (
                b,
                len([x for x in items if x.outstanding > 0]),
                *(q.by_kolektibilitas[k] for k in KOLEKTIBILITAS),
                q.outstanding,
                q.par30_bp,
                q.npl_bp,
            )
        )
    total = portfolio_quality(x for items in ages.values() for x in items)
    return _report(
        "loans",
        "PORTOFOLIO PINJAMAN MENURUT KOLEKTIBILITAS",
        cooperative,
        f"Per tanggal {date_id(as_of.isoformat())}" + (f" · cabang {branch}" if branch else ""),
        sections=(
            Section(
                "Sisa pokok per cabang",
                (
                    Column("Cabang"),
                    Column("Pinjaman", "int"),
                    *(Column(KOLEKTIBILITAS_ID[k], "money", 2) for k in KOLEKTIBILITAS),
                    Column("Jumlah", "money", 2),
                    Column("PAR30", "percent"),
                    Column("NPL", "percent"),
                ),
                tuple(rows),
                (
                    "Jumlah",
                    sum(r[1] for r in rows),
                    *(total.by_kolektibilitas[k] for k in KOLEKTIBILITAS),
                    total.outstanding,
                    total.par30_bp,
                    total.npl_bp,
                ),
            ),
        ),
        chart=(
            "Sisa pokok menurut kolektibilitas (semua cabang)"
            if not branch
            else f"Sisa pokok menurut kolektibilitas (cabang {branch})",
            tuple((KOLEKTIBILITAS_ID[k], total.by_kolektibilitas[k]) for k in KOLEKTIBILITAS),
        ),
        landscape=True,
    )


# Mutasi rekening ---------------------------------------------------------------------------


def statement(
    db: Database,
    cooperative: str,
    *,
    member: str = "",
    start: str | None = None,
    day: str | None = None,
    **_ignored: Any,
) -> Report:
    end = _check(day)
    start = _check(start, end[:8] + "01")
    m, f, ev = t.members.c, t.member_fields.c, t.events.c
    with db.read() as conn:
        found = conn.execute(
            select(m.member_id, m.member_no).where(
                (m.member_no == member) | (m.member_id == member)
            )
        ).first()
        if found is None:
            raise ValidationError(f"Anggota {member} tidak ditemukan.", f"No member {member}.")
        member_id, member_no = found
        fields = dict(conn.execute(select(f.field, f.value).where(f.member_id == member_id)).all())
        current = dict(
            conn.execute(
                select(t.balances.c.product, t.balances.c.amount).where(
                    t.balances.c.member_id == member_id
                )
            ).all()
        )
        bodies = conn.execute(
            select(ev.global_seq, ev.body)
            .where(ev.business_date >= start, ev.body.contains(member_id) | (ev.type == "Reversed"))
            .order_by(ev.global_seq)
        ).all()
        events = [(seq, Event.from_dict(json.loads(body))) for seq, body in bodies]
        targets = {str(e.payload["target_event_id"]) for _, e in events if e.type == Reversed.TYPE}
        held = {
            e.id: e
            for e in (
                Event.from_dict(json.loads(b))
                for b in conn.execute(
                    select(ev.body).where(ev.event_id.in_(sorted(targets)))
                ).scalars()
            )
        }
    moves = []  # (date, seq, event, product, amount)
    for seq, e in events:
        if e.type == Reversed.TYPE:
            target = held.get(str(e.payload["target_event_id"]))
            deltas = reversal_effects(e, target).balances if target else ()
        else:
            deltas = effects_of(e).balances
        for d in deltas:
            if d.member_id == member_id:
                moves.append((e.business_date, seq, e, d.product, d.amount))
    after_end: dict[str, int] = defaultdict(int)
    for day_, _, _, product, amount in moves:
        if day_ > end:
            after_end[product] += amount
    closing = {p: int(current.get(p, 0)) - after_end[p] for p in PRODUCTS}
    within = sorted((x for x in moves if x[0] <= end), key=lambda x: (x[0], x[1]))
    opening = {p: closing[p] - sum(a for _, _, _, pp, a in within if pp == p) for p in PRODUCTS}
    running = dict(opening)
    rows = []
    for day_, _, e, product, amount in within:
        running[product] += amount
        rows.append(
            (
                date_id(day_),
                e.branch_id,
                LABELS.get(e.type, e.type),
                PRODUCTS[product],
                max(-amount, 0),
                max(amount, 0),
                running[product],
            )
        )
    summary = tuple(
        (
            PRODUCTS[p],
            opening[p],
            sum(r[5] for r in rows if r[3] == PRODUCTS[p]),
            sum(r[4] for r in rows if r[3] == PRODUCTS[p]),
            closing[p],
        )
        for p in PRODUCTS
    )
    return _report(
        "statement",
        "MUTASI REKENING SIMPANAN",
        cooperative,
        f"{member_no} · {fields.get('name', '')} · {date_id(start)} s.d. {date_id(end)}",
        sections=(
            Section(
                "Ringkasan",
                (
                    Column("Simpanan", width=2),
                    Column("Saldo awal", "money", 2),
                    Column("Masuk", "money", 2),
                    Column("Keluar", "money", 2),
                    Column("Saldo akhir", "money", 2),
                ),
                summary,
                ("Jumlah", *(sum(int(r[i]) for r in summary) for i in range(1, 5))),
            ),
            Section(
                "Mutasi",
                (
                    Column("Tanggal"),
                    Column("Cabang"),
                    Column("Keterangan", width=2),
                    Column("Simpanan", width=2),
                    Column("Debit (keluar)", "money", 2),
                    Column("Kredit (masuk)", "money", 2),
                    Column("Saldo", "money", 2),
                ),
                tuple(rows),
            ),
        ),
        landscape=True,
    )


# Rekonsiliasi -------------------------------------------------------------------------------


def reconciliation(
    db: Database,
    cooperative: str,
    *,
    day: str | None = None,
    branch: str | None = None,
    **_ignored: Any,
) -> Report:
    days = recon.list_days(db, business_date=day, branch_id=branch)
    days.sort(key=lambda d: (d.business_date, d.branch_id), reverse=True)  # newest first
    rows = tuple(
        (
            date_id(d.business_date),
            d.branch_id,
            STATUS_ID.get(d.status, d.status),
            d.events,
            d.reported_events if d.closed_event_id else "",
            "offline" if d.offline else "",
            d.case_id[-12:],
            d.reason,
        )
        for d in days
    )
    counts = {s: sum(1 for d in days if d.status == s) for s in STATUS_ID}
    return _report(
        "recon",
        "REKONSILIASI AKHIR HARI",
        cooperative,
        (f"Tanggal {date_id(day)}" if day else "Semua tanggal")
        + (f" · cabang {branch}" if branch else ""),
        sections=(
            Section(
                "Status per cabang per hari",
                (
                    Column("Tanggal"),
                    Column("Cabang"),
                    Column("Status"),
                    Column("Peristiwa pusat", "int"),
                    Column("Dilaporkan", "int"),
                    Column("Tutup"),
                    Column("Kasus", width=2),
                    Column("Alasan", width=3),
                ),
                rows,
            ),
        ),
        notes=(
            f"Cocok {counts['agreed']} · tidak cocok {counts['mismatch']} · "
            f"menunggu {counts['pending']}",
        ),
        landscape=True,
    )


BUILDERS: dict[str, Callable[..., Report]] = {
    "trial-balance": trial_balance,
    "journal": journal,
    "teller-cash": teller_cash,
    "savings": savings,
    "loans": loans,
    "statement": statement,
    "recon": reconciliation,
}
