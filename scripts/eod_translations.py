"""Bahasa Indonesia for the end-of-day screens, merged into resources/i18n/lumbung_id.ts.

    .venv/bin/python scripts/eod_translations.py

Runs lupdate on a copy of the catalogue, takes only the end-of-day contexts from it, fills
their translations from the table below and writes them into the catalogue (other contexts
untouched: other people translate theirs), then compiles the .qm. Fails on a string with no
translation here.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop import i18n_tools

ID: dict[tuple[str, str], str] = {
    ("DayClose", "Agrees with head office"): "Cocok dengan kantor pusat",
    ("DayClose", "Differs from head office"): "Tidak cocok dengan kantor pusat",
    ("DayClose", "Not yet compared with head office"): "Belum dicocokkan dengan kantor pusat",
    ("DayClose", "Missing at head office"): "Tidak ada di kantor pusat",
    ("DayClose", "Unknown at this branch"): "Tidak dikenal di cabang",
    ("DayClose", "Content differs"): "Isi berbeda",
    ("DayCloseDialog", "Close the business day"): "Tutup hari usaha",
    ("DayCloseDialog", "Teller sessions of the day"): "Sesi kas teller hari ini",
    ("DayCloseDialog", "Teller"): "Teller",
    ("DayCloseDialog", "PC"): "PC",
    ("DayCloseDialog", "Opened"): "Dibuka",
    ("DayCloseDialog", "Float"): "Modal awal",
    ("DayCloseDialog", "Transactions"): "Transaksi",
    ("DayCloseDialog", "Cash in"): "Kas masuk",
    ("DayCloseDialog", "Cash out"): "Kas keluar",
    ("DayCloseDialog", "Expected"): "Seharusnya",
    ("DayCloseDialog", "Counted"): "Dihitung",
    ("DayCloseDialog", "Difference"): "Selisih",
    ("DayCloseDialog", "Status"): "Status",
    (
        "DayCloseDialog",
        "This branch beside head office, per PC and kind",
    ): "Cabang ini dibanding kantor pusat, per PC dan jenis",
    ("DayCloseDialog", "Kind"): "Jenis",
    ("DayCloseDialog", "Branch: count"): "Cabang: jumlah",
    ("DayCloseDialog", "Branch: total"): "Cabang: nilai",
    ("DayCloseDialog", "Head office: count"): "Pusat: jumlah",
    ("DayCloseDialog", "Head office: total"): "Pusat: nilai",
    ("DayCloseDialog", "Agrees"): "Cocok",
    ("DayCloseDialog", "Differences, event by event"): "Selisih, per peristiwa",
    ("DayCloseDialog", "Seq."): "No. urut",
    ("DayCloseDialog", "At branch"): "Di cabang",
    ("DayCloseDialog", "At head office"): "Di kantor pusat",
    ("DayCloseDialog", "Note"): "Keterangan",
    (
        "DayCloseDialog",
        "Reason (needed to close offline or over a difference)",
    ): "Alasan (wajib untuk tutup offline atau bila ada selisih)",
    ("DayCloseDialog", "Compare with head office"): "Cocokkan dengan kantor pusat",
    ("DayCloseDialog", "Close the day"): "Tutup hari",
    ("DayCloseDialog", "End-of-day report"): "Laporan akhir hari",
    ("DayCloseDialog", "Close"): "Tutup",
    ("DayCloseDialog", "Business day {}"): "Hari usaha {}",
    ("DayCloseDialog", "open"): "terbuka",
    ("DayCloseDialog", "closed"): "ditutup",
    (
        "DayCloseDialog",
        "{} transactions wait to be sent to head office.",
    ): "{} transaksi menunggu dikirim ke kantor pusat.",
    (
        "DayCloseDialog",
        "Nothing waits to be sent to head office.",
    ): "Tidak ada transaksi yang menunggu dikirim ke kantor pusat.",
    ("DayCloseDialog", "yes"): "ya",
    ("DayCloseDialog", "NO"): "TIDAK",
    (
        "DayCloseDialog",
        "Branch digest {local} · head office digest {server} · journal {d} / {c}",
    ): "Digest cabang {local} · digest pusat {server} · jurnal {d} / {c}",
    ("DayCloseDialog", "duplicate of {}"): "duplikat dari {}",
    ("DayCloseDialog", "Closed by {who} at {when}."): "Ditutup oleh {who} pada {when}.",
    ("DayCloseDialog", "Comparing with head office…"): "Mencocokkan dengan kantor pusat…",
    ("DayCloseDialog", "({} differences)"): "({} selisih)",
    (
        "DayCloseDialog",
        "Head office cannot be reached: {}",
    ): "Kantor pusat tidak dapat dihubungi: {}",
    (
        "DayCloseDialog",
        "You may close offline with a written reason.",
    ): "Hari dapat ditutup offline dengan alasan tertulis.",
    ("DayCloseDialog", "Report saved: {}"): "Laporan disimpan: {}",
    ("EodMenu", "&Day"): "&Hari",
    ("EodMenu", "Close the business day… (Ctrl+Shift+D)"): "Tutup hari usaha… (Ctrl+Shift+D)",
    ("EodMenu", "Reports… (Ctrl+Shift+R)"): "Laporan… (Ctrl+Shift+R)",
    ("Reports", "Teller cash report"): "Laporan kas teller",
    ("Reports", "Daily journal"): "Jurnal harian",
    ("Reports", "Trial balance"): "Neraca saldo",
    ("Reports", "Member account statement"): "Mutasi rekening anggota",
    ("Reports", "Savings balances"): "Saldo simpanan",
    ("Reports", "Loan portfolio by collectibility"): "Portofolio pinjaman per kolektibilitas",
    ("Reports", "End-of-day report"): "Laporan akhir hari",
    ("ReportsDialog", "Reports"): "Laporan",
    ("ReportsDialog", "Date"): "Tanggal",
    ("ReportsDialog", "Member no."): "No. anggota",
    ("ReportsDialog", "From"): "Dari tanggal",
    ("ReportsDialog", "Show"): "Tampilkan",
    ("ReportsDialog", "Save as PDF"): "Simpan PDF",
    ("ReportsDialog", "Print…"): "Cetak…",
    ("ReportsDialog", "Could not save the PDF: {}"): "PDF tidak dapat disimpan: {}",
    ("ReportsDialog", "Saved: {}"): "Disimpan: {}",
}
CONTEXTS = {c for c, _ in ID}


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&apos;")
        .replace('"', "&quot;")
    )


def _block(name: str, context: ET.Element) -> str:
    """A context as lupdate writes it."""
    lines = ["<context>", f"    <name>{_escape(name)}</name>"]
    for message in context.iter("message"):
        translation = message.find("translation")
        assert translation is not None and translation.text
        lines += [
            "    <message>",
            f"        <source>{_escape(message.findtext('source', ''))}</source>",
            f"        <translation>{_escape(translation.text)}</translation>",
            "    </message>",
        ]
    return "\n".join([*lines, "</context>"]) + "\n"


def main() -> int:
    catalogue = i18n_tools.ts_path("lumbung")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.ts"
        shutil.copy(catalogue, fresh)
        i18n_tools.update(fresh)
        found = ET.parse(fresh).getroot()
    ours: dict[str, ET.Element] = {}
    missing = []
    for context in found.iter("context"):
        name = context.findtext("name", "")
        if name not in CONTEXTS:
            continue
        for message in context.iter("message"):
            key = (name, message.findtext("source", ""))
            translation = message.find("translation")
            assert translation is not None
            if key not in ID:
                missing.append(key)
                continue
            translation.text = ID[key]
            translation.attrib.pop("type", None)
        ours[name] = context
    if missing:
        print("no translation for:", *missing, sep="\n  ")
        return 1
    text = catalogue.read_text(encoding="utf-8")
    # Splice text, keeping lupdate's own layout of everything else (other people's contexts).
    blocks = re.findall(r"<context>\n.*?</context>\n", text, flags=re.S)
    head = text[: text.index(blocks[0])] if blocks else text[: text.index("</TS>")]
    kept = {
        re.search(r"<name>(.*?)</name>", b).group(1): b  # type: ignore[union-attr]
        for b in blocks
    }
    for name in CONTEXTS:
        kept.pop(name, None)
    for name, context in ours.items():
        kept[name] = _block(name, context)
    body = "".join(kept[name] for name in sorted(kept))
    catalogue.write_text(head + body + "</TS>\n", encoding="utf-8")
    i18n_tools.main(["compile"])
    count = sum(len(list(c.iter("message"))) for c in ours.values())
    print(f"{count} strings in {len(ours)} contexts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
