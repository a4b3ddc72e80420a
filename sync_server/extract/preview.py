"""The dry-run summary a cooperative reads before anything is sent.

It says, in both languages, exactly which columns leave and how each is derived, what never
leaves, how many members and region cells there are and how many cells are withheld, and shows
the first rows exactly as they would be written.
"""

from __future__ import annotations

from ledger.money import format_rupiah
from sync_server.extract.build import Extract, render_csv
from sync_server.extract.catalogue import FORBIDDEN_FIELDS, MEASURES
from sync_server.extract.policy import Policy


def summary(extract: Extract, policy: Policy, preview_rows: int = 5) -> str:
    lines = [
        "UJI COBA — tidak ada berkas yang ditulis, tidak ada yang dicatat / "
        "DRY RUN — nothing written, nothing logged",
        f"Kebijakan / Policy: {policy.source}",
        f"  SHA-256: {policy.sha256}",
        f"Nomor Induk Koperasi: {extract.cooperative_number}",
        f"Tanggal / Date: {extract.generated_on}",
        "",
        f"Anggota / Members: {len(extract.members)}"
        + "".join(f"; {status} {n}" for status, n in extract.statuses.items()),
    ]
    if extract.undecodable_niks:
        lines.append(
            f"  NIK tidak terbaca (kode wilayah kosong) / undecodable NIKs (no region): "
            f"{extract.undecodable_niks}"
        )
    lines += ["", "Kolom per anggota yang dikirim / Member columns sent:"]
    for spec in policy.fields:
        lines.append(f"  {spec.name:<14} [{spec.transform}] {spec.description_id}")
        lines.append(f"  {'':<14} {'':<{len(spec.transform) + 2}} {spec.description_en}")
    lines += [
        "",
        "Tidak pernah dikirim / Never sent: " + ", ".join(FORBIDDEN_FIELDS),
        "",
    ]
    agg = policy.aggregates
    regions = {r["region_code"] for r in extract.aggregates}
    hidden = sum(1 for r in extract.aggregates if r["suppressed"])
    counts = f"{len(regions)} wilayah/regions, {len(extract.aggregates)} sel/cells"
    rules = (
        f"k = {agg.min_cell}; total dibulatkan/rounded to {format_rupiah(agg.total_rounding)}; "
        f"dominance > {agg.max_share_percent}%"
    )
    lines.append(f"Tabel per wilayah / Region tables ({extract.region_level}): {counts}")
    lines.append(f"  {hidden} sel disembunyikan / cells suppressed ({rules})")
    for m in agg.measures:
        lines.append(f"  {m}: {MEASURES[m][0]} / {MEASURES[m][1]}")
    if preview_rows > 0:
        lines += ["", f"Contoh {preview_rows} baris pertama / First {preview_rows} rows (CSV):"]
        csv_lines = render_csv(extract, "members").decode("utf-8").splitlines()
        lines += ["  " + line for line in csv_lines[: preview_rows + 1]]
    return "\n".join(lines)
