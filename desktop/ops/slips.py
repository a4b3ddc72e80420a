"""The slips signed at the counter's end of day, as :class:`desktop.reports.model.Report`s
printed by the reports' own engine (A4, ``desktop.reports.render``), always in Indonesian:

* the **cash-count slip** of a drawer (*Berita acara hitung kas*): pieces per denomination,
  counted, expected and the difference (lebih / kurang), signed by the teller and the
  supervisor;
* the **day-close slip** (*Berita acara tutup hari*): every drawer of the day with its
  difference, what each PC had not sent, the comparison with head office and the reason
  written at the close, with a signature line for every teller of the day and the supervisor.

Both are built from what the screens already hold (no SQL): the drawer dialog's count, the
day close's overview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from desktop.reports.model import Column, Report, Section
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.counter.day_close import DayOverview

_STATUS_ID = {
    "agreed": "Cocok dengan kantor pusat",
    "mismatch": "Berbeda dengan kantor pusat",
    "pending": "Belum dicocokkan dengan kantor pusat",
}


#: Where a name is written by hand.
_BLANK = "\u00a0" * 24


def _date_id(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%d-%m-%Y")
    except ValueError:
        return iso


def _now() -> str:
    return dt.datetime.now().strftime("%d-%m-%Y %H:%M")


def signed(difference: int) -> str:
    """A cash difference in words: ``lebih Rp 5.000``, ``kurang Rp 5.000``, ``Rp 0``."""
    if difference > 0:
        return f"lebih {format_rupiah(difference)}"
    if difference < 0:
        return f"kurang {format_rupiah(-difference)}"
    return format_rupiah(0)


def cash_count_slip(
    branch: Mapping[str, Any],
    *,
    teller: str,
    business_date: str,
    pieces: Mapping[int, int],
    expected: int,
    counted: int,
    supervisor: str = "",
    printed_at: str = "",
) -> Report:
    """The drawer's cash-count slip to sign (teller and supervisor)."""
    rows = tuple(
        (format_rupiah(denom), str(n), denom * n)
        for denom, n in sorted(pieces.items(), reverse=True)
        if n
    )
    difference = counted - expected
    pc = branch.get("device_no")
    return Report(
        kind="cash_count",
        title="BERITA ACARA HITUNG KAS",
        cooperative=str(branch.get("cooperative_name", "")),
        branch=f"{branch.get('branch_name', '')} ({branch.get('branch_id', '')})",
        period=f"Tanggal usaha {_date_id(business_date)}",
        printed_at=printed_at or _now(),
        facts=(
            ("Teller", teller),
            ("PC", f"PC {int(pc):02d}" if isinstance(pc, int) else str(pc or "")),
            ("Seharusnya di laci", format_rupiah(expected)),
            ("Dihitung", format_rupiah(counted)),
            ("Selisih", signed(difference)),
        ),
        sections=(
            Section(
                "Hitungan per pecahan",
                (Column("Pecahan"), Column("Lembar/keping", "text"), Column("Jumlah", "money")),
                rows,
                totals=("Jumlah dihitung", "", counted),
            ),
        ),
        notes=(
            ("Selisih kas diotorisasi oleh supervisor " + supervisor + ".")
            if difference and supervisor
            else "Uang di laci sesuai dengan yang seharusnya."
            if not difference
            else "Selisih kas memerlukan otorisasi supervisor.",
        ),
        signatures=(("Teller", teller or _BLANK, ""), ("Supervisor", supervisor or _BLANK, "")),
        file_stem=f"hitung-kas-{business_date}-{teller.split()[0] if teller else 'teller'}",
    )


def day_close_slip(
    branch: Mapping[str, Any],
    view: DayOverview,
    *,
    supervisor: str,
    reason: str = "",
    pc_labels: Mapping[str, str] | None = None,
    printed_at: str = "",
) -> Report:
    """The day close's slip: drawers, PCs, head office, the reason; signed by every teller of
    the day and the supervisor."""
    sessions = tuple(
        (
            s.teller_name,
            f"PC {s.device}" if s.device.isdigit() else s.device,
            s.opening_float,
            s.expected,
            s.counted if s.status != "open" else "",
            signed(s.difference) if s.status != "open" else "masih terbuka",
        )
        for s in view.sessions
    )
    pcs: Sequence[tuple[str, ...]] = tuple(
        (
            pc.label,
            pc.name,
            "PC ini" if pc.this_pc else str(pc.waiting),
            " ".join(pc.problems) or "semua terkirim",
        )
        for pc in view.pcs
    )
    recon = view.reconciliation
    status = view.closed.status if view.closed is not None else (recon.status if recon else "")
    facts = [
        ("Status", _STATUS_ID.get(status, "Belum dicocokkan dengan kantor pusat")),
        ("Menunggu dikirim dari PC ini", str(view.pending)),
        ("Selisih dengan kantor pusat", str(len(recon.mismatches)) if recon else "-"),
        ("Jurnal hari ini", f"debit {format_rupiah(view.debits)} / kredit "
                            f"{format_rupiah(view.credits)}"),
    ]  # fmt: skip
    if view.closed is not None:
        facts.append(("Ditutup", f"{view.closed.closed_by}, {view.closed.closed_at[:16]}"))
    if reason or (view.closed is not None and view.closed.reason):
        facts.append(("Alasan", reason or view.closed.reason if view.closed else reason))
    tellers = sorted({s.teller_name for s in view.sessions})
    sections = [
        Section(
            "Laci kas hari ini",
            (Column("Teller", width=3), Column("PC"), Column("Modal awal", "money"),
             Column("Seharusnya", "money"), Column("Dihitung", "money"),
             Column("Selisih", width=2)),
            sessions,
        ),
    ]  # fmt: skip
    if pcs:
        sections.append(
            Section(
                "PC cabang (belum terkirim ke kantor pusat)",
                (
                    Column("PC"),
                    Column("Nama", width=2),
                    Column("Menunggu"),
                    Column("Keterangan", width=4),
                ),
                tuple(pcs),
            )
        )
    if recon is not None and recon.mismatches:
        labels = pc_labels or {}
        sections.append(
            Section(
                "Selisih dengan kantor pusat",
                (
                    Column("Jenis", width=2),
                    Column("PC"),
                    Column("Urutan"),
                    Column("Di cabang", "money"),
                    Column("Di kantor pusat", "money"),
                ),
                tuple(
                    (
                        m.kind,
                        labels.get(m.device_id, m.device_id[-8:]),
                        str(m.device_seq),
                        "" if m.local_amount is None else m.local_amount,
                        "" if m.server_amount is None else m.server_amount,
                    )
                    for m in recon.mismatches
                ),
            )
        )
    return Report(
        kind="day_close_slip",
        title="BERITA ACARA TUTUP HARI DAN HITUNG KAS",
        cooperative=str(branch.get("cooperative_name", "")),
        branch=f"{branch.get('branch_name', '')} ({branch.get('branch_id', '')})",
        period=f"Tanggal usaha {_date_id(view.business_date)}",
        printed_at=printed_at or _now(),
        facts=tuple(facts),
        sections=tuple(sections),
        signatures=(
            *(("Teller", name, "") for name in tellers),
            ("Supervisor", supervisor or _BLANK, ""),
        ),
        file_stem=f"tutup-hari-{view.business_date}",
    )
