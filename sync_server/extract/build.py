"""Build an extract from member records, and render it as JSON or CSV.

Everything here but the pseudonyms is a pure function of (records, policy, date): the same
register gives the same rows, generalised the same way, which is what a cooperative reviews in
a dry run and what the log's policy hash refers to. The pseudonyms come from the key holder
(:mod:`.pseudonym`) and are sealed afresh each time, so two renderings of the same register
differ in that column only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ledger.errors import ValidationError
from sync_server.extract import oprf
from sync_server.extract.aggregate import AGGREGATE_COLUMNS, aggregate_rows
from sync_server.extract.anonymise import WITHHELD, Report, anonymise
from sync_server.extract.members import Cell, Facts, MemberRecord, member_row
from sync_server.extract.policy import Policy

#: Version 2: ``nik_pseudonym`` (sealed OPRF) replaces ``nik_hash`` (HMAC), and member rows
#: are generalised to k-anonymity.
FORMAT_ID = "lumbung-datacentre-extract/2"
PSEUDONYM_SCHEME = "2HashDH-OPRF/edwards25519-SHA512, sealed crypto_box_seal"
FORMATS = ("json", "csv")
TABLES = ("members", "aggregates")

Row = dict[str, Cell | bool]


class Pseudonyms(Protocol):
    """What the builder needs from :class:`~.pseudonym.Pseudonymiser`."""

    evaluations: int

    def pseudonyms(self, niks: list[str]) -> dict[str, bytes]: ...

    def seal(self, pseudonym: bytes) -> str: ...


@dataclass(frozen=True)
class Extract:
    """An extract ready to render.

    Attributes:
        cooperative_number: The cooperative's Nomor Induk Koperasi.
        generated_on: The date it was made (ISO); ages are computed on it.
        policy_sha256: Hash of the policy file it was made under.
        member_columns: Column names of ``members``.
        members: One row per published member, generalised to k-anonymity and sorted by
            content (not by id or join order).
        aggregates: Per-region rows (columns ``aggregate.AGGREGATE_COLUMNS``).
        region_level: ``"province"`` or ``"regency"``.
        undecodable_niks: Members whose NIK does not decode (their region columns are blank).
        statuses: Members per status.
        member_count: Members in the register (published rows may be fewer: withheld ones).
        anonymity: What generalisation and suppression did.
        evaluations: Elements the key holder evaluated for this extract.
    """

    cooperative_number: str
    generated_on: str
    policy_sha256: str
    member_columns: tuple[str, ...]
    members: tuple[Row, ...]
    aggregates: tuple[Row, ...]
    region_level: str
    undecodable_niks: int
    statuses: dict[str, int]
    member_count: int = 0
    anonymity: Report = field(default_factory=lambda: Report(k=0))
    evaluations: int = 0

    def row_count(self, table: str | None = None) -> int:
        """Rows in ``table``, or in both when None (what the extract log records)."""
        if table == "members":
            return len(self.members)
        if table == "aggregates":
            return len(self.aggregates)
        return len(self.members) + len(self.aggregates)


def build_extract(
    records: Iterable[MemberRecord], policy: Policy, pseudonyms: Pseudonyms, today: dt.date
) -> Extract:
    """Apply ``policy`` to ``records``; ``pseudonyms`` asks the key holder and seals.

    Raises:
        PseudonymError: the key holder failed.
    """
    facts = [Facts(r, today) for r in records]
    people = [oprf.normalise(f.nik).decode("utf-8") for f in facts]
    before = pseudonyms.evaluations
    by_nik = pseudonyms.pseudonyms(people) if "nik_pseudonym" in policy.field_names else {}
    plain = [
        member_row(f, policy, pseudonyms.seal(by_nik[p]) if by_nik else "", today)
        for f, p in zip(facts, people, strict=True)
    ]
    published, report = anonymise(plain, people, policy)
    columns = [c for c in policy.field_names if c != "nik_pseudonym"]
    if "nik_pseudonym" in policy.field_names:
        columns.append("nik_pseudonym")
    rows: list[Row] = [dict(r) for r in published]
    # Suppressed rows (every column "*") last, so a preview shows published detail first.
    rows.sort(
        key=lambda r: (
            sum(r[c] == WITHHELD for c in columns),
            tuple("" if r[c] is None else str(r[c]) for c in columns),
        )
    )
    return Extract(
        cooperative_number=policy.cooperative_number,
        generated_on=today.isoformat(),
        policy_sha256=policy.sha256,
        member_columns=policy.field_names,
        members=tuple(rows),
        aggregates=tuple(aggregate_rows(facts, policy, today)),
        region_level=policy.aggregates.region,
        undecodable_niks=sum(1 for f in facts if f.info is None),
        statuses=dict(sorted(Counter(f.status for f in facts).items())),
        member_count=len(facts),
        anonymity=report,
        evaluations=pseudonyms.evaluations - before,
    )


def render_json(extract: Extract) -> bytes:
    doc = {
        "format": FORMAT_ID,
        "nomor_induk_koperasi": extract.cooperative_number,
        "generated_on": extract.generated_on,
        "policy_sha256": extract.policy_sha256,
        "pseudonym_scheme": PSEUDONYM_SCHEME,
        "member_columns": list(extract.member_columns),
        "k_anonymity": {
            "k": extract.anonymity.k,
            "levels": extract.anonymity.levels,
            "suppressed_rows": extract.anonymity.suppressed,
            "withheld_rows": extract.anonymity.withheld,
            "groups": extract.anonymity.groups,
            "smallest_group": extract.anonymity.smallest_group,
        },
        "members": list(extract.members),
        "aggregate_columns": list(AGGREGATE_COLUMNS),
        "aggregates": list(extract.aggregates),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _csv_value(value: Cell | bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_csv(extract: Extract, table: str = "members") -> bytes:
    """One table as CSV (UTF-8 with a header row); the cooperative number is on every row so
    files from many cooperatives can be concatenated."""
    if table not in TABLES:
        raise ValidationError(
            f"Tabel ekstrak tidak dikenal: {table} (pilih {', '.join(TABLES)}).",
            f"Unknown extract table: {table} (choose {', '.join(TABLES)}).",
            field="table",
        )
    columns = extract.member_columns if table == "members" else AGGREGATE_COLUMNS
    rows = extract.members if table == "members" else extract.aggregates
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("nomor_induk_koperasi", *columns))
    for row in rows:
        writer.writerow((extract.cooperative_number, *(_csv_value(row[c]) for c in columns)))
    return out.getvalue().encode("utf-8")


def render(extract: Extract, fmt: str, table: str = "members") -> bytes:
    """The extract in ``fmt`` (``json``: both tables; ``csv``: ``table`` only)."""
    if fmt == "json":
        return render_json(extract)
    if fmt == "csv":
        return render_csv(extract, table)
    raise ValidationError(
        f"Format ekstrak tidak dikenal: {fmt} (pilih json atau csv).",
        f"Unknown extract format: {fmt} (choose json or csv).",
        field="format",
    )


def format_for(path: str, explicit: str | None = None) -> str:
    """The output format: ``explicit`` if given, else from the file's extension."""
    if explicit:
        return explicit.lower()
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix in FORMATS:
        return suffix
    raise ValidationError(
        f"Format tidak dapat ditebak dari nama berkas {path}; pakai akhiran .json/.csv "
        "atau --format.",
        f"Cannot tell the format from the file name {path}; use .json/.csv or --format.",
        field="format",
    )
