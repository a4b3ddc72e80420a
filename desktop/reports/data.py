"""The branch's reports, built from the store (runs in the store thread, no Qt).

Each builder returns a :class:`desktop.reports.model.Report` for this device's branch:

* ``teller_cash(day)``: laporan kas teller — every drawer session of the day, its cash in and
  out, expected, counted and the difference, and the movements per kind of transaction;
* ``journal(day)``: jurnal harian — every journal line posted at the branch on the day;
* ``trial_balance(as_of)``: neraca saldo — the branch's accounts at the end of a date;
* ``statement(member_id, start, end)``: mutasi rekening of one member;
* ``savings()``: daftar saldo simpanan of the branch's members;
* ``loan_portfolio()``: the branch's loans by kolektibilitas, with a chart;
* ``end_of_day(day)``: the day's close: reconciliation, drawers, activity, books, loans, and
  the supervisor's sign-off.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from desktop.counter import day_close, members
from desktop.counter.context import Context, local_time
from desktop.reports.model import Chart, Column, Report, Section
from ledger.accounts import CHART, code_of
from ledger.digest import payload_amount
from ledger.errors import ValidationError
from ledger.loans.arrears import KOLEKTIBILITAS, KOLEKTIBILITAS_ID
from ledger.money import format_rupiah

EVENT_LABELS: dict[str, str] = {
    "MemberRegistered": "Pendaftaran anggota",
    "MemberUpdated": "Perubahan data anggota",
    "SavingsDeposited": "Setoran simpanan",
    "SavingsWithdrawn": "Penarikan simpanan",
    "Reversed": "Pembatalan transaksi",
    "TellerSessionOpened": "Pembukaan kas teller",
    "TellerSessionClosed": "Penutupan kas teller",
    "DayClosed": "Tutup hari",
    "StaffAccountSet": "Akun staf",
    "SettingChanged": "Perubahan pengaturan",
    "ReviewCaseOpened": "Kasus pemeriksaan dibuka",
    "ReviewCaseResolved": "Kasus pemeriksaan diputus",
    "LoanProductDefined": "Produk pinjaman",
    "LoanApplied": "Pengajuan pinjaman",
    "LoanApproved": "Persetujuan pinjaman",
    "LoanDisbursed": "Pencairan pinjaman",
    "LoanRepaid": "Angsuran pinjaman",
    "LoanSettled": "Pelunasan pinjaman",
    "LoanCreditRefunded": "Pengembalian kelebihan bayar",
}
PRODUCTS = {"pokok": "Simpanan Pokok", "wajib": "Simpanan Wajib", "sukarela": "Simpanan Sukarela"}
STATUS_ID = {"agreed": "COCOK", "mismatch": "TIDAK COCOK", "pending": "MENUNGGU"}
MISMATCH_ID = {
    "missing_at_server": "Tidak ada di kantor pusat",
    "unknown_locally": "Tidak dikenal di cabang",
    "content_differs": "Isi berbeda",
}


def label(event_type: str) -> str:
    return EVENT_LABELS.get(event_type, event_type)


def line_label(ctx: Context, event_id: str, event_type: str, business_date: str = "") -> str:
    """What a report line says about an event: a reversal names the receipt it undoes, and
    the day that receipt is on when it is another day (a correction after the close is shown
    on the day it was made: ``Pembatalan struk BR01-01-000012 (04-12-2025)``)."""
    if event_type != "Reversed":
        return label(event_type)
    row = ctx.conn.execute(
        "SELECT e.device_id, e.device_seq, e.branch_id, e.business_date FROM reversals r"
        " JOIN events e ON e.id = r.target_event_id WHERE r.reversal_event_id = ?",
        (event_id,),
    ).fetchone()
    if row is None:
        return label(event_type)
    text = f"Pembatalan struk {ctx.receipt_no(str(row[0]), int(row[1]), str(row[2]))}"
    if business_date and str(row[3]) != business_date:
        text += f" ({date_id(str(row[3]))})"
    return text


def date_id(value: str | dt.date) -> str:
    """``27-11-2025``: dates as Indonesian documents print them."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return day.strftime("%d-%m-%Y")


def time_id(value: str) -> str:
    """``27-11-2025 17:42`` for a local time ``2025-11-27 17:42:05``."""
    if len(value) < 16:
        return value
    return f"{date_id(value[:10])} {value[11:16]}"


def _day(value: str | None, ctx: Context) -> str:
    if not value:
        return ctx.business_date().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValidationError(
            f"Tanggal tidak sah: {value!r}.", f"Invalid date: {value!r}.", field="date"
        ) from None


def _base(ctx: Context, kind: str, title: str, period: str, stem: str) -> dict[str, Any]:
    identity = ctx.identity
    printed = dt.datetime.fromtimestamp(ctx.store.wall_ms() / 1000)
    return {
        "kind": kind,
        "title": title,
        "cooperative": ctx.cooperative_name(),
        "branch": f"{identity.branch_name} ({identity.branch_id})",
        "period": period,
        "printed_at": printed.strftime("%d-%m-%Y %H:%M"),
        "file_stem": f"{stem}-{identity.branch_id}",
    }


def account_name(account: str, ctx: Context) -> str:
    """``Kas Teller — Ni Luh Ayu`` for ``1101:BR01:<user id>``."""
    parts = account.split(":")
    entry = CHART.get(parts[0])
    name = entry.name if entry else parts[0]
    extra = parts[2:]
    if parts[0] == "1101" and extra:
        return f"{name} — {ctx.staff_name(extra[0])}"
    if extra:
        return f"{name} — {'/'.join(extra)}"
    return name


def over_short(sessions: Any) -> tuple[int, int]:
    """The drawers' surpluses and shortages, each summed on its own (``(lebih, kurang)``): a
    total never nets one against the other."""
    return (
        sum(s.difference for s in sessions if s.difference > 0),
        -sum(s.difference for s in sessions if s.difference < 0),
    )


# Laporan kas teller -------------------------------------------------------------------------


def teller_cash(ctx: Context, day: str | None = None) -> Report:
    day = _day(day, ctx)
    events = day_close.events_of(ctx, day)
    sessions = day_close.sessions_of(ctx, day, events)
    rows = tuple(
        (
            s.teller_name,
            s.opened_at[11:16],
            "Terbuka" if s.status == "open" else "Ditutup",
            s.opening_float,
            s.transactions,
            s.cash_in,
            s.cash_out,
            s.expected,
            s.counted if s.status != "open" else "",
            s.difference if s.status != "open" else "",
        )
        for s in sessions
    )
    closed = [s for s in sessions if s.status != "open"]
    totals = (
        "Jumlah",
        "",
        "",
        sum(s.opening_float for s in sessions),
        sum(s.transactions for s in sessions),
        sum(s.cash_in for s in sessions),
        sum(s.cash_out for s in sessions),
        sum(s.expected for s in sessions),
        sum(s.counted for s in closed),
        over_short(closed),
    )
    per_kind: dict[tuple[str, str], list[int]] = {}
    by_session = {s.session_id: s for s in sessions}
    for e in events:
        session = by_session.get(str(e.payload.get("session_id", "")))
        if session is None or e.type in ("TellerSessionOpened", "TellerSessionClosed"):
            continue
        slot = per_kind.setdefault((session.teller_name, label(e.type)), [0, 0, 0])
        slot[0] += 1
        for debit, credit in ctx.conn.execute(
            "SELECT debit, credit FROM journal_lines WHERE event_id = ? AND account LIKE '1101:%'",
            (e.id,),
        ):
            slot[1] += int(debit)
            slot[2] += int(credit)
    detail = tuple((t, k, n, i, o) for (t, k), (n, i, o) in sorted(per_kind.items()))
    differences = [s for s in closed if s.difference]
    notes = tuple(
        f"Selisih kas {s.teller_name}: {'lebih' if s.difference > 0 else 'kurang'} "
        f"{format_rupiah(abs(s.difference))} (dicatat ke akun Selisih Kas)."
        for s in differences
    ) or ("Tidak ada selisih kas.",)
    return Report(
        **_base(
            ctx, "teller_cash", "LAPORAN KAS TELLER", f"Tanggal {date_id(day)}", f"kas-teller-{day}"
        ),
        sections=(
            Section(
                "Sesi kas",
                (
                    Column("Teller", width=3),
                    Column("Buka"),
                    Column("Status"),
                    Column("Modal awal", "money", 2),
                    Column("Trx", "int"),
                    Column("Kas masuk", "money", 2),
                    Column("Kas keluar", "money", 2),
                    Column("Seharusnya", "money", 2),
                    Column("Dihitung", "money", 2),
                    Column("Selisih", "selisih", 3),
                ),
                rows,
                totals,
            ),
            Section(
                "Rincian per jenis transaksi",
                (
                    Column("Teller", width=3),
                    Column("Jenis transaksi", width=3),
                    Column("Jumlah trx", "int"),
                    Column("Kas masuk", "money", 2),
                    Column("Kas keluar", "money", 2),
                ),
                detail,
                (
                    "Jumlah",
                    "",
                    sum(r[2] for r in detail),
                    sum(r[3] for r in detail),
                    sum(r[4] for r in detail),
                ),
            ),
        ),
        notes=notes,
    )


# Jurnal harian ------------------------------------------------------------------------------


def journal(ctx: Context, day: str | None = None) -> Report:
    day = _day(day, ctx)
    branch = ctx.identity.branch_id
    rows = []
    for hlc, event_id, kind, device_id, seq, account, debit, credit in ctx.conn.execute(
        "SELECT e.hlc, e.id, e.type, e.device_id, e.device_seq, j.account, j.debit, j.credit"
        " FROM journal_lines j JOIN events e ON e.id = j.event_id"
        " WHERE e.branch_id = ? AND e.business_date = ? ORDER BY e.hlc, e.device_id, j.id",
        (branch, day),
    ):
        rows.append(
            (
                local_time(hlc)[11:16],
                ctx.receipt_no(device_id, seq, branch),
                line_label(ctx, event_id, kind, day),
                code_of(account),
                account_name(account, ctx),
                int(debit),
                int(credit),
            )
        )
    debits = sum(r[5] for r in rows)
    credits = sum(r[6] for r in rows)
    return Report(
        **_base(ctx, "journal", "JURNAL HARIAN", f"Tanggal {date_id(day)}", f"jurnal-{day}"),
        sections=(
            Section(
                f"{len({r[1] for r in rows})} transaksi, {len(rows)} baris jurnal",
                (
                    Column("Jam"),
                    Column("No. bukti", width=2),
                    Column("Keterangan", width=3),
                    Column("Akun"),
                    Column("Nama akun", width=4),
                    Column("Debit", "money", 2),
                    Column("Kredit", "money", 2),
                ),
                tuple(rows),
                ("Jumlah", "", "", "", "", debits, credits),
            ),
        ),
        notes=(
            "Debit = Kredit: jurnal seimbang."
            if debits == credits
            else "PERHATIAN: jumlah debit dan kredit tidak sama.",
        ),
    )


# Neraca saldo -------------------------------------------------------------------------------


def trial_balance(ctx: Context, as_of: str | None = None) -> Report:
    as_of = _day(as_of, ctx)
    balances = day_close.branch_trial_balance(ctx, as_of)
    rows = tuple(
        (code_of(a), account_name(a, ctx), v if v > 0 else 0, -v if v < 0 else 0)
        for a, v in sorted(balances.items(), key=lambda kv: kv[0])
    )
    debit = sum(r[2] for r in rows)
    credit = sum(r[3] for r in rows)
    return Report(
        **_base(
            ctx,
            "trial_balance",
            "NERACA SALDO",
            f"Per akhir tanggal {date_id(as_of)}",
            f"neraca-saldo-{as_of}",
        ),
        sections=(
            Section(
                "Saldo akun cabang",
                (
                    Column("Kode"),
                    Column("Nama akun", width=5),
                    Column("Debit", "money", 2),
                    Column("Kredit", "money", 2),
                ),
                rows,
                ("", "Jumlah", debit, credit),
            ),
        ),
        notes=(
            "Seimbang: jumlah debit sama dengan jumlah kredit."
            if debit == credit
            else "TIDAK SEIMBANG: periksa jurnal.",
        ),
    )


# Mutasi rekening ----------------------------------------------------------------------------


def statement(
    ctx: Context,
    member_id: str = "",
    start: str | None = None,
    end: str | None = None,
    member_no: str = "",
) -> Report:
    end = _day(end, ctx)
    start = _day(start, ctx) if start else end[:8] + "01"
    if start > end:
        raise ValidationError(
            "Tanggal awal sesudah tanggal akhir.",
            "The start date is after the end date.",
            field="start",
        )
    if member_no and not member_id:
        row = ctx.conn.execute(
            "SELECT member_id FROM members WHERE member_no = ?", (member_no.strip().upper(),)
        ).fetchone()
        if row is None:
            raise ValidationError(
                f"Anggota {member_no} tidak ditemukan.",
                f"No member {member_no}.",
                field="member_no",
            )
        member_id = str(row[0])
    member = ctx.member_row(member_id)
    held, before = members.movements(ctx, member_id)
    opening: dict[str, int] = dict(before)
    closing: dict[str, int] = dict(before)
    rows = []
    for event_id, day, _hlc, kind, product, amount, *_, device_id, seq, branch, after in held:
        if day > end:
            continue
        closing[product] = after
        if day < start:
            opening[product] = after
            continue
        rows.append(
            (
                date_id(day),
                ctx.receipt_no(device_id, seq, branch),
                line_label(ctx, event_id, kind, day),
                PRODUCTS.get(product, product),
                -int(amount) if amount < 0 else 0,
                int(amount) if amount > 0 else 0,
                after,
            )
        )
    balances = ctx.balances(member_id)
    summary = tuple(
        (
            PRODUCTS[p],
            opening.get(p, 0),
            sum(r[5] for r in rows if r[3] == PRODUCTS[p]),
            sum(r[4] for r in rows if r[3] == PRODUCTS[p]),
            closing.get(p, 0),
        )
        for p in ("pokok", "wajib", "sukarela")
    )
    return Report(
        **_base(
            ctx,
            "statement",
            "MUTASI REKENING SIMPANAN",
            f"{date_id(start)} s.d. {date_id(end)}",
            f"mutasi-{member['member_no'] or member_id}-{start}-{end}",
        ),
        facts=(
            ("No. anggota", str(member["member_no"])),
            ("Nama", str(member["name"])),
            ("Alamat", str(member["address"])),
            ("Saldo saat ini", format_rupiah(sum(balances.values()))),
        ),
        sections=(
            Section(
                "Ringkasan per simpanan",
                (
                    Column("Simpanan", width=3),
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
                    Column("No. bukti", width=2),
                    Column("Keterangan", width=2),
                    Column("Simpanan", width=2),
                    Column("Debit (keluar)", "money", 2),
                    Column("Kredit (masuk)", "money", 2),
                    Column("Saldo", "money", 2),
                ),
                tuple(rows),
            ),
        ),
    )


# Saldo simpanan -----------------------------------------------------------------------------


def savings(ctx: Context) -> Report:
    branch = ctx.identity.branch_id
    rows = []
    for member_no, name, pokok, wajib, sukarela in ctx.conn.execute(
        "SELECT m.member_no, m.name,"
        " coalesce(sum(CASE WHEN b.product = 'pokok' THEN b.balance END), 0),"
        " coalesce(sum(CASE WHEN b.product = 'wajib' THEN b.balance END), 0),"
        " coalesce(sum(CASE WHEN b.product = 'sukarela' THEN b.balance END), 0)"
        " FROM members m LEFT JOIN member_balances b ON b.member_id = m.member_id"
        " WHERE m.home_branch = ? GROUP BY m.member_id ORDER BY m.member_no",
        (branch,),
    ):
        rows.append(
            (
                member_no,
                name,
                int(pokok),
                int(wajib),
                int(sukarela),
                int(pokok) + int(wajib) + int(sukarela),
            )
        )
    totals = ("", f"{len(rows)} anggota", *(sum(r[i] for r in rows) for i in range(2, 6)))
    day = ctx.business_date().isoformat()
    return Report(
        **_base(
            ctx,
            "savings",
            "DAFTAR SALDO SIMPANAN ANGGOTA",
            f"Per tanggal {date_id(day)}",
            f"saldo-simpanan-{day}",
        ),
        sections=(
            Section(
                "Anggota cabang",
                (
                    Column("No. anggota", width=2),
                    Column("Nama", width=4),
                    Column("Pokok", "money", 2),
                    Column("Wajib", "money", 2),
                    Column("Sukarela", "money", 2),
                    Column("Jumlah", "money", 2),
                ),
                tuple(rows),
                totals,
            ),
        ),
    )


# Portofolio pinjaman ------------------------------------------------------------------------


def loan_portfolio(ctx: Context) -> Report:
    arrears = day_close.branch_arrears(ctx)
    quality = arrears.quality
    total = quality.outstanding
    summary = tuple(
        (
            KOLEKTIBILITAS_ID[k],
            arrears.counts[k],
            quality.by_kolektibilitas[k],
            (quality.by_kolektibilitas[k] * 10_000 // total) if total else 0,
        )
        for k in KOLEKTIBILITAS
    )
    lines = tuple(
        (
            x.loan_no,
            x.member_name,
            x.product_name,
            x.outstanding,
            x.overdue + x.denda,
            x.days_past_due,
            KOLEKTIBILITAS_ID[x.kolektibilitas],
        )
        for x in arrears.lines
        if x.outstanding > 0
    )
    day = arrears.as_of.isoformat()
    return Report(
        **_base(
            ctx,
            "loan_portfolio",
            "PORTOFOLIO PINJAMAN MENURUT KOLEKTIBILITAS",
            f"Per tanggal {date_id(day)}",
            f"portofolio-pinjaman-{day}",
        ),
        sections=(
            Section(
                "Ringkasan",
                (
                    Column("Kolektibilitas", width=3),
                    Column("Jumlah pinjaman", "int", 2),
                    Column("Sisa pokok", "money", 3),
                    Column("Porsi", "percent", 2),
                ),
                summary,
                ("Jumlah", sum(r[1] for r in summary), total, 10_000 if total else 0),
            ),
            Section(
                "Daftar pinjaman",
                (
                    Column("No. pinjaman", width=2),
                    Column("Anggota", width=3),
                    Column("Produk", width=2),
                    Column("Sisa pokok", "money", 2),
                    Column("Tunggakan", "money", 2),
                    Column("Hari", "int"),
                    Column("Kolektibilitas", width=2),
                ),
                lines,
            ),
        ),
        chart=Chart(
            "Sisa pokok menurut kolektibilitas",
            tuple((KOLEKTIBILITAS_ID[k], quality.by_kolektibilitas[k]) for k in KOLEKTIBILITAS),
        ),
        notes=(
            f"PAR30: {quality.par30_bp / 100:.2f}%  ·  NPL: {quality.npl_bp / 100:.2f}%".replace(
                ".", ","
            ),
        ),
    )


# Laporan akhir hari -------------------------------------------------------------------------


def corrections_of(ctx: Context, day: str) -> tuple[tuple[str, str, str, int], ...]:
    """The day's reversals of events of earlier (closed) days: the reversal's receipt, the
    receipt it undoes, that receipt's business date and its amount."""
    branch = ctx.identity.branch_id
    rows = []
    for device, seq, t_device, t_seq, t_branch, t_day, t_body in ctx.conn.execute(
        "SELECT e.device_id, e.device_seq, t.device_id, t.device_seq, t.branch_id,"
        " t.business_date, t.body FROM events e"
        " JOIN reversals r ON r.reversal_event_id = e.id"
        " JOIN events t ON t.id = r.target_event_id"
        " WHERE e.branch_id = ? AND e.business_date = ? AND t.business_date < ?"
        " ORDER BY e.hlc, e.device_id",
        (branch, day, day),
    ):
        rows.append(
            (
                ctx.receipt_no(str(device), int(seq), branch),
                ctx.receipt_no(str(t_device), int(t_seq), str(t_branch)),
                date_id(str(t_day)),
                payload_amount(json.loads(t_body)["payload"]),
            )
        )
    return tuple(rows)


def end_of_day(ctx: Context, day: str | None = None) -> Report:
    day = _day(day, ctx)
    view = day_close.overview(ctx, day)
    recon = view.reconciliation
    closed = view.closed
    status = closed.status if closed else (recon.status if recon else "pending")
    facts = [
        ("Tanggal usaha", date_id(day)),
        ("Status rekonsiliasi", STATUS_ID.get(status, status)),
        ("Digest cabang", str(view.local["digest"])[:16]),
        (
            "Digest kantor pusat",
            str(recon.server["digest"])[:16] if recon and recon.server else "-",
        ),
    ]
    if closed is None:
        if day_close.has_server(ctx):  # a stand-alone PC sends nothing: nothing waits
            facts.append(("Transaksi menunggu kirim", str(view.pending)))
    else:
        facts.append(("Ditutup", f"{time_id(closed.closed_at)} oleh {closed.closed_by}"))
        how = {
            "agreed": "setelah dicocokkan dengan kantor pusat",
            "mismatch": "dengan selisih terhadap kantor pusat",
        }.get(closed.status, "offline; dicocokkan pada sinkronisasi berikutnya")
        facts.append(("Cara tutup", "offline" if closed.offline else how))
        if closed.reason:
            facts.append(("Alasan", closed.reason))
    activity: dict[str, list[int]] = {}
    for dev in view.local["devices"].values():
        for kind, slot in dev["by_type"].items():
            cell = activity.setdefault(label(kind), [0, 0])
            cell[0] += int(slot["count"])
            cell[1] += int(slot["total"])
    sections = [
        Section(
            "Kas teller",
            (
                Column("Teller", width=3),
                Column("Trx", "int"),
                Column("Seharusnya", "money", 2),
                Column("Dihitung", "money", 2),
                Column("Selisih", "selisih", 3),
            ),
            tuple(
                (
                    s.teller_name,
                    s.transactions,
                    s.expected,
                    s.counted if s.status != "open" else "",
                    s.difference if s.status != "open" else "",
                )
                for s in view.sessions
            ),
            (
                "Jumlah",
                sum(s.transactions for s in view.sessions),
                sum(s.expected for s in view.sessions),
                sum(s.counted for s in view.sessions if s.status != "open"),
                over_short([s for s in view.sessions if s.status != "open"]),
            ),
        ),
        Section(
            "Kegiatan hari ini",
            (
                Column("Jenis peristiwa", width=4),
                Column("Jumlah", "int"),
                Column("Nilai", "money", 2),
            ),
            tuple((k, n, v) for k, (n, v) in sorted(activity.items())),
        ),
        Section(
            "Perangkat",
            (
                Column("Perangkat", width=2),
                Column("No. urut", width=2),
                Column("Peristiwa", "int"),
                Column("Digest", width=3),
            ),
            tuple(
                (
                    dev_id[-8:],
                    f"{d['first_seq']}-{d['last_seq']}",
                    d["count"],
                    str(d["digest"])[:16],
                )
                for dev_id, d in view.local["devices"].items()
            ),
        ),
        Section(
            "Jurnal hari ini",
            (
                Column("Keterangan", width=4),
                Column("Debit", "money", 2),
                Column("Kredit", "money", 2),
            ),
            (("Jumlah jurnal cabang", view.debits, view.credits),),
        ),
    ]
    corrections = corrections_of(ctx, day)
    if corrections:
        sections.append(
            Section(
                "Koreksi atas hari yang sudah ditutup",
                (
                    Column("No. bukti", width=2),
                    Column("Membatalkan struk", width=2),
                    Column("Tanggal usaha struk", width=2),
                    Column("Nilai", "money", 2),
                ),
                corrections,
                ("Jumlah", "", "", sum(int(r[3]) for r in corrections)),
            )
        )
    if recon and recon.mismatches:
        sections.append(mismatch_section(recon.mismatches))
    portfolio = closed.portfolio if closed and closed.portfolio else None
    chart = None
    if portfolio:
        by_kol = portfolio["by_kolektibilitas"]
        sections.append(
            Section(
                "Pinjaman menurut kolektibilitas (dihitung saat tutup hari)",
                (
                    Column("Kolektibilitas", width=3),
                    Column("Jumlah", "int"),
                    Column("Sisa pokok", "money", 2),
                ),
                tuple(
                    (KOLEKTIBILITAS_ID[k], portfolio["counts"][k], by_kol[k])
                    for k in KOLEKTIBILITAS
                ),
                ("Jumlah", sum(portfolio["counts"].values()), portfolio["outstanding"]),
            )
        )
        chart = Chart(
            "Sisa pokok menurut kolektibilitas",
            tuple((KOLEKTIBILITAS_ID[k], by_kol[k]) for k in KOLEKTIBILITAS),
        )
    balanced = view.debits == view.credits and view.books_balanced
    notes = [
        "Neraca saldo cabang seimbang." if balanced else "PERHATIAN: neraca saldo tidak seimbang.",
    ]
    if view.open_sessions:
        notes.append(f"{len(view.open_sessions)} sesi kas masih terbuka.")
    signatures: tuple[tuple[str, str, str], ...] = ()
    if closed is not None:
        signatures = (("Disahkan oleh (supervisor)", closed.closed_by, time_id(closed.closed_at)),)
    return Report(
        **_base(
            ctx,
            "end_of_day",
            "LAPORAN AKHIR HARI",
            f"Tanggal usaha {date_id(day)}",
            f"akhir-hari-{day}",
        ),
        facts=tuple(facts),
        sections=tuple(sections),
        chart=chart,
        notes=tuple(notes),
        signatures=signatures,
    )


def mismatch_section(mismatches: Any) -> Section:
    return Section(
        "Selisih dengan kantor pusat",
        (
            Column("Selisih", width=3),
            Column("Perangkat", width=2),
            Column("No. urut", "int"),
            Column("Jenis", width=3),
            Column("Cabang", "money", 2),
            Column("Kantor pusat", "money", 2),
            Column("Keterangan", width=3),
        ),
        tuple(
            (
                MISMATCH_ID.get(m.kind, m.kind),
                m.device_id[-8:],
                m.device_seq,
                label(m.type),
                "" if m.local_amount is None else m.local_amount,
                "" if m.server_amount is None else m.server_amount,
                f"duplikat dari {m.duplicate_of[-12:]}" if m.duplicate_of else "",
            )
            for m in mismatches
        ),
    )


BUILDERS: dict[str, Callable[..., Report]] = {
    "teller_cash": teller_cash,
    "journal": journal,
    "trial_balance": trial_balance,
    "statement": statement,
    "savings": savings,
    "loan_portfolio": loan_portfolio,
    "end_of_day": end_of_day,
}


def build(ctx: Context, kind: str, **params: Any) -> Report:
    builder = BUILDERS.get(kind)
    if builder is None:
        raise ValidationError(f"Laporan tidak dikenal: {kind}.", f"Unknown report: {kind}.")
    return builder(ctx, **params)
