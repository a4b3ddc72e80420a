"""The dry-run summary a cooperative reads before anything is sent.

It says, in both languages, exactly which columns leave and how each is derived, what never
leaves, how the pseudonyms are made, which member columns were coarsened to reach k and how
many rows were suppressed or withheld, how many region cells there are and how many are
withheld, and shows the first rows exactly as they would be written.
"""

from __future__ import annotations

import base64
import hashlib

from ledger.money import format_rupiah
from sync_server.extract.anonymise import Report
from sync_server.extract.build import Extract, render_csv
from sync_server.extract.catalogue import FORBIDDEN_FIELDS, MEASURES
from sync_server.extract.policy import Policy

#: Quasi-identifier names in Bahasa Indonesia, for the report.
_QI_ID = {
    "region": "wilayah",
    "sex": "jenis kelamin",
    "birth_year": "tahun lahir",
    "age_band": "kelompok umur",
    "join_year": "tahun masuk",
    "status": "status",
    "savings_band": "kelompok simpanan",
    "loan_band": "kelompok pinjaman",
}
_LEVEL_ID = {
    "regency": "kabupaten/kota",
    "province": "provinsi",
    "withheld": "disembunyikan",
    "year": "tahun",
    "5-year band": "kelompok 5 tahun",
    "10-year band": "kelompok 10 tahun",
    "20-year band": "kelompok 20 tahun",
    "active/inactive": "aktif/tidak aktif",
    "bands merged in pairs": "kelompok digabung berpasangan",
    "policy bands": "kelompok kebijakan",
    "status": "status",
    "L/P": "L/P",
    "as is": "apa adanya",
}


def _protection(report: Report, policy: Policy) -> list[str]:
    lines = [
        f"Perlindungan baris anggota / Member-row protection (k = {report.k}, "
        f"maks. disembunyikan / max suppressed {policy.max_suppressed_percent}%):",
        f"  sebelum / before: {report.unique_before} baris unik / unique rows, "
        f"{report.small_before} dalam kelompok < k / in groups under k",
    ]
    generalised = report.generalised()
    if generalised:
        lines.append("  digeneralisasi / generalised:")
        for dim, level in generalised.items():
            in_id = f"{_QI_ID.get(dim, dim)} -> {_LEVEL_ID.get(level, level)}"
            lines.append(f"    {dim:<13} -> {level}  ({in_id})")
    else:
        lines.append("  tidak ada kolom yang digeneralisasi / no column generalised")
    lines += [
        f"  disembunyikan / suppressed: {report.suppressed} baris / rows (semua kolom '*', "
        "pseudonim tetap / every column '*', pseudonym kept)",
        f"  ditahan / withheld: {report.withheld} baris / rows (tidak dikirim / not sent)",
        f"  sesudah / after: {report.groups} kombinasi / combinations, terkecil / smallest "
        f"{report.smallest_group} orang / people",
    ]
    return lines


def summary(extract: Extract, policy: Policy, preview_rows: int = 5) -> str:
    lines = [
        "UJI COBA — tidak ada berkas yang ditulis, tidak ada yang dicatat / "
        "DRY RUN — nothing written, nothing logged",
        f"Kebijakan / Policy: {policy.source}",
        f"  SHA-256: {policy.sha256}",
        f"Nomor Induk Koperasi: {extract.cooperative_number}",
        f"Tanggal / Date: {extract.generated_on}",
        "",
        f"Anggota / Members: {extract.member_count}"
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
    fingerprint = hashlib.sha256(policy.datacentre_public_key).hexdigest()[:16]
    lines += [
        "",
        "Tidak pernah dikirim / Never sent: " + ", ".join(FORBIDDEN_FIELDS),
        "",
        "Pseudonim / Pseudonyms: OPRF oleh pemegang kunci / by the key holder "
        f"{policy.keyholder_url} ({extract.evaluations} evaluasi buta / blinded evaluations)",
        (
            "  setiap jawaban diverifikasi / every answer verified (DLEQ), kunci / key "
            f"{base64.b64encode(policy.keyholder_verify_key).decode()[:12]}…"
            if policy.keyholder_verify_key
            else "  jawaban TIDAK diverifikasi / answers NOT verified (keyholder.verify_key kosong "
            "/ not set)"
        ),
        "  disegel untuk pusat data / sealed to the data centre, kunci / key "
        f"{base64.b64encode(policy.datacentre_public_key).decode()[:12]}… "
        f"(SHA-256 {fingerprint}…)",
        "",
        *_protection(extract.anonymity, policy),
        f"  baris dikirim / rows sent: {len(extract.members)}",
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
