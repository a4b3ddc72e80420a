"""The extract policy: a human-readable TOML file that says what the data centre receives.

Loading checks the whole file against :mod:`sync_server.extract.catalogue` and refuses it with
every problem named (Bahasa Indonesia and English) rather than sending less, or more, than the
cooperative reviewed. The key-holder credential is never in the policy; the policy only says
where to find it (an environment variable or a file), the key holder's address, and the data
centre's public key (which is public, and covered by the policy's hash).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.errors import LumbungError
from sync_server.extract import keys
from sync_server.extract.catalogue import (
    BAND_TABLES,
    MEASURES,
    MEMBER_FIELDS,
    FieldSpec,
    forbidden_reason,
)

DEFAULT_POLICY = Path(__file__).with_name("default_policy.toml")

#: Floors a policy cannot go under: finer bands or smaller cells would let exact amounts, ages
#: or single people be read back out of the extract.
MIN_RUPIAH_BAND = 500_000
MIN_AGE_BAND = 5
MIN_CELL_FLOOR = 3
MIN_TOTAL_ROUNDING = 100_000
MIN_SHARE_PERCENT = 50
#: More suppression than this loses too much; less generalisation is never the answer.
MAX_SUPPRESSED_PERCENT = 20

_TOP_LEVEL = {"version", "cooperative", "keyholder", "datacentre", "members", "bands",
              "aggregates"}  # fmt: skip
_REGIONS = ("province", "regency")

Problem = tuple[str, str]


class PolicyError(LumbungError):
    """A policy file the server refuses; every reason is in ``problems``.

    Attributes:
        problems: ``(Indonesian, English)`` per reason.
    """

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        where = f" ({source})" if source else ""
        message_id = f"Kebijakan ekstrak ditolak{where}: " + "; ".join(p[0] for p in problems)
        message_en = f"Extract policy refused{where}: " + "; ".join(p[1] for p in problems)
        super().__init__(message_id, message_en, field="policy")
        self.problems = problems


@dataclass(frozen=True)
class Band:
    """One band: values below ``below`` (and at or above the previous band's) get ``label``.

    Attributes:
        label: What the extract shows (``"Rp 1–5 juta"``).
        below: Exclusive upper edge; ``None`` for the last, open-ended band.
    """

    label: str
    below: int | None


@dataclass(frozen=True)
class AggregatePolicy:
    """How the per-region tables are built.

    Attributes:
        region: ``"province"`` or ``"regency"`` (from the member's NIK).
        measures: Which tables (keys of ``catalogue.MEASURES``).
        min_cell: k: a count under k is suppressed, and so is a region with fewer members.
        total_rounding: Totals are rounded to a multiple of this many rupiah.
        max_share_percent: A total is suppressed when one member holds more than this share.
    """

    region: str
    measures: tuple[str, ...]
    min_cell: int
    total_rounding: int
    max_share_percent: int


@dataclass(frozen=True)
class Policy:
    """A loaded, checked policy.

    Attributes:
        cooperative_number: The cooperative's Nomor Induk Koperasi (not a member's NIK).
        fields: Member-level columns, in output order.
        bands: Band tables by name (``savings``, ``loans``, ``age``).
        aggregates: The per-region tables.
        k: Every published combination of member columns is shared by at least k people.
        max_suppressed_percent: Generalisation stops once at most this share of the rows is
            left in groups under k; those rows are suppressed (:mod:`.anonymise`).
        keyholder_url: The key holder's address (``https://…``).
        keyholder_verify_key: The key holder's public key; when set (not ``b""``), every answer
            is checked against the key holder's proof.
        key_env: Environment variable holding the key-holder credential, or ``""``.
        key_file: File holding the key-holder credential (absolute), or ``""``.
        datacentre_public_key: The data centre's X25519 public key the pseudonyms are sealed to.
        sha256: SHA-256 of the policy file's bytes, recorded with every extract.
        source: Where the policy was read from.
    """

    cooperative_number: str
    fields: tuple[FieldSpec, ...]
    bands: Mapping[str, tuple[Band, ...]]
    aggregates: AggregatePolicy
    k: int
    max_suppressed_percent: int
    keyholder_url: str
    keyholder_verify_key: bytes
    key_env: str
    key_file: str
    datacentre_public_key: bytes
    sha256: str
    source: str

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def load_policy(path: str | Path | None = None) -> Policy:
    """Read and check a policy file (the checked-in default when ``path`` is None).

    Raises:
        PolicyError: unreadable file, bad TOML, or any field or setting outside the catalogue.
    """
    file = Path(path) if path else DEFAULT_POLICY
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise PolicyError(
            [(f"berkas tidak dapat dibaca ({exc.strerror})", f"cannot read file ({exc.strerror})")],
            str(file),
        ) from None
    return parse_policy(data, source=str(file), base_dir=file.parent)


def parse_policy(data: bytes, *, source: str = "", base_dir: Path | None = None) -> Policy:
    """Check policy text. See :func:`load_policy`."""
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PolicyError([(f"TOML tidak sah: {exc}", f"invalid TOML: {exc}")], source) from None
    problems: list[Problem] = []
    for key in sorted(set(doc) - _TOP_LEVEL):
        problems.append((f"bagian tidak dikenal '{key}'", f"unknown section '{key}'"))
    if doc.get("version", 1) != 1:
        problems.append(("versi kebijakan harus 1", "policy version must be 1"))
    number = _cooperative_number(_table(doc, "cooperative", problems), problems)
    keyholder = _table(doc, "keyholder", problems)
    url, key_env, key_file = _key_source(keyholder, problems, base_dir)
    verify_key = _verify_key(keyholder, problems)
    public_key = _datacentre(_table(doc, "datacentre", problems), problems)
    members = _table(doc, "members", problems)
    fields = _fields(members, problems)
    k = _int_setting(members, "k", 5, MIN_CELL_FLOOR, 1000, problems, "members")
    max_suppressed = _int_setting(
        members, "max_suppressed_percent", 5, 0, MAX_SUPPRESSED_PERCENT, problems, "members"
    )
    bands = _bands(_table(doc, "bands", problems), problems)
    aggregates = _aggregates(_table(doc, "aggregates", problems), problems)
    if problems:
        raise PolicyError(problems, source)
    assert aggregates is not None
    return Policy(
        cooperative_number=number,
        fields=fields,
        bands=bands,
        aggregates=aggregates,
        k=k,
        max_suppressed_percent=max_suppressed,
        keyholder_url=url,
        keyholder_verify_key=verify_key,
        key_env=key_env,
        key_file=key_file,
        datacentre_public_key=public_key,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
    )


def _table(doc: Mapping[str, Any], name: str, problems: list[Problem]) -> Mapping[str, Any]:
    value = doc.get(name, {})
    if not isinstance(value, dict):
        problems.append((f"'{name}' harus berupa tabel", f"'{name}' must be a table"))
        return {}
    return value


def _unknown_keys(
    section: str, table: Mapping[str, Any], allowed: set[str], problems: list[Problem]
) -> None:
    for key in sorted(set(table) - allowed):
        problems.append(
            (f"kunci tidak dikenal '{section}.{key}'", f"unknown key '{section}.{key}'")
        )


def _cooperative_number(table: Mapping[str, Any], problems: list[Problem]) -> str:
    _unknown_keys("cooperative", table, {"nomor_induk_koperasi"}, problems)
    number = table.get("nomor_induk_koperasi", "")
    if not isinstance(number, str) or not number.strip():
        problems.append(
            (
                "cooperative.nomor_induk_koperasi (Nomor Induk Koperasi) belum diisi",
                "cooperative.nomor_induk_koperasi (the cooperative's registration number) "
                "is not set",
            )
        )
        return ""
    number = number.strip()
    if len(number) > 40 or not all(ch.isascii() and (ch.isalnum() or ch in ".-/") for ch in number):
        problems.append(
            (
                "Nomor Induk Koperasi hanya boleh berisi angka, huruf, '.', '-' atau '/'",
                "the Nomor Induk Koperasi may hold only digits, letters, '.', '-' or '/'",
            )
        )
    return number


def _key_source(
    table: Mapping[str, Any], problems: list[Problem], base_dir: Path | None
) -> tuple[str, str, str]:
    secret_like = sorted(set(table) - {"url", "env", "file", "verify_key"})
    if secret_like:
        problems.append(
            (
                "kredensial pemegang kunci tidak boleh ditulis di kebijakan "
                f"({', '.join(secret_like)}); sebutkan keyholder.env atau keyholder.file",
                "the key-holder credential must never be in the policy "
                f"({', '.join(secret_like)}); name keyholder.env or keyholder.file instead",
            )
        )
    url, env, file = table.get("url", ""), table.get("env", ""), table.get("file", "")
    if not all(isinstance(v, str) for v in (url, env, file)):
        problems.append(
            (
                "keyholder.url, keyholder.env dan keyholder.file berupa teks",
                "keyholder.url, keyholder.env and keyholder.file are text",
            )
        )
        return "", "", ""
    if not url.startswith(("https://", "http://")):
        problems.append(
            (
                "keyholder.url (alamat pemegang kunci, https://…) belum diisi",
                "keyholder.url (the key holder's address, https://…) is not set",
            )
        )
    if env and file:
        problems.append(
            (
                "sebutkan salah satu saja: keyholder.env atau keyholder.file",
                "name only one of keyholder.env or keyholder.file",
            )
        )
    if file and base_dir is not None and not Path(file).is_absolute():
        file = str((base_dir / file).resolve())
    return url, env, file


def _verify_key(table: Mapping[str, Any], problems: list[Problem]) -> bytes:
    text = table.get("verify_key", "")
    if text == "":
        return b""
    key = keys.decode_public_key(text) if isinstance(text, str) else None
    if key is None:
        problems.append(
            (
                "keyholder.verify_key (kunci publik pemegang kunci, base64 32 bita) tidak sah",
                "keyholder.verify_key (the key holder's public key, base64 of 32 bytes) is invalid",
            )
        )
        return b""
    return key


def _datacentre(table: Mapping[str, Any], problems: list[Problem]) -> bytes:
    _unknown_keys("datacentre", table, {"public_key"}, problems)
    text = table.get("public_key", "")
    key = keys.decode_public_key(text) if isinstance(text, str) else None
    if key is None:
        problems.append(
            (
                "datacentre.public_key (kunci publik pusat data, base64 32 bita) belum diisi "
                "atau tidak sah",
                "datacentre.public_key (the data centre's public key, base64 of 32 bytes) is "
                "not set or invalid",
            )
        )
        return b""
    return key


def _fields(table: Mapping[str, Any], problems: list[Problem]) -> tuple[FieldSpec, ...]:
    _unknown_keys("members", table, {"fields", "k", "max_suppressed_percent"}, problems)
    entries = table.get("fields", [])
    if not isinstance(entries, list):
        problems.append(("members.fields harus berupa daftar", "members.fields must be a list"))
        return ()
    chosen: list[FieldSpec] = []
    for entry in entries:
        if isinstance(entry, str):
            name, transform = entry, None
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            name, transform = entry["name"], entry.get("transform")
            for key in sorted(set(entry) - {"name", "transform"}):
                problems.append(
                    (
                        f"kunci tidak dikenal '{key}' pada kolom {name}",
                        f"unknown key '{key}' on field {name}",
                    )
                )
        else:
            problems.append(
                (f"isian kolom tidak sah: {entry!r}", f"invalid field entry: {entry!r}")
            )
            continue
        reason = forbidden_reason(name)
        spec = MEMBER_FIELDS.get(name)
        if reason is not None:
            problems.append(
                (
                    f"kolom '{name}' dilarang: {reason[0]}",
                    f"field '{name}' is forbidden: {reason[1]}",
                )
            )
        elif spec is None:
            allowed = ", ".join(MEMBER_FIELDS)
            problems.append(
                (
                    f"kolom '{name}' tidak ada di katalog yang diizinkan ({allowed})",
                    f"field '{name}' is not in the allowed catalogue ({allowed})",
                )
            )
        elif transform is not None and transform != spec.transform:
            problems.append(
                (
                    f"kolom '{name}' hanya boleh diubah dengan '{spec.transform}', "
                    f"bukan '{transform}'",
                    f"field '{name}' can only be transformed by '{spec.transform}', "
                    f"not '{transform}'",
                )
            )
        elif spec in chosen:
            problems.append((f"kolom '{name}' disebut dua kali", f"field '{name}' listed twice"))
        else:
            chosen.append(spec)
    return tuple(chosen)


def _bands(table: Mapping[str, Any], problems: list[Problem]) -> dict[str, tuple[Band, ...]]:
    _unknown_keys("bands", table, set(BAND_TABLES), problems)
    result: dict[str, tuple[Band, ...]] = {}
    for name, unit in BAND_TABLES.items():
        entries = table.get(name)
        if not isinstance(entries, list) or not entries:
            problems.append(
                (f"tabel kelompok bands.{name} wajib diisi", f"band table bands.{name} is required")
            )
            continue
        result[name] = _band_table(name, unit, entries, problems)
    return result


def _band_table(
    name: str, unit: str, entries: list[Any], problems: list[Problem]
) -> tuple[Band, ...]:
    bands: list[Band] = []
    min_width = MIN_RUPIAH_BAND if unit == "rupiah" else MIN_AGE_BAND
    previous: int | None = None
    for i, entry in enumerate(entries):
        last = i == len(entries) - 1
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            problems.append(
                (f"bands.{name}[{i}] perlu 'label'", f"bands.{name}[{i}] needs a 'label'")
            )
            return ()
        label, below = entry["label"].strip(), entry.get("below")
        if not label or any(b.label == label for b in bands):
            problems.append(
                (
                    f"label bands.{name}[{i}] kosong atau ganda",
                    f"label of bands.{name}[{i}] is empty or repeated",
                )
            )
        if last:
            if below is not None:
                problems.append(
                    (
                        f"kelompok terakhir bands.{name} tidak boleh punya batas 'below'",
                        f"the last band of bands.{name} must be open (no 'below')",
                    )
                )
            bands.append(Band(label, None))
            continue
        if not isinstance(below, int) or isinstance(below, bool):
            problems.append(
                (
                    f"bands.{name}[{i}].below harus bilangan bulat",
                    f"bands.{name}[{i}].below must be an integer",
                )
            )
            return ()
        if previous is not None and below - previous < min_width:
            problems.append(
                (
                    f"kelompok bands.{name}[{i}] terlalu sempit (minimal {min_width} {unit})",
                    f"band bands.{name}[{i}] is too narrow (at least {min_width} {unit})",
                )
            )
        previous = below
        bands.append(Band(label, below))
    return tuple(bands)


def _int_setting(
    table: Mapping[str, Any],
    key: str,
    default: int,
    floor: int,
    ceiling: int,
    problems: list[Problem],
    section: str = "aggregates",
) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not floor <= value <= ceiling:
        problems.append(
            (
                f"{section}.{key} harus bilangan bulat {floor}–{ceiling}",
                f"{section}.{key} must be an integer {floor}–{ceiling}",
            )
        )
        return default
    return value


def _aggregates(table: Mapping[str, Any], problems: list[Problem]) -> AggregatePolicy | None:
    allowed = {"region", "measures", "min_cell", "total_rounding", "max_share_percent"}
    _unknown_keys("aggregates", table, allowed, problems)
    region = table.get("region", "regency")
    if region not in _REGIONS:
        problems.append(
            (
                "aggregates.region harus 'province' atau 'regency'",
                "aggregates.region must be 'province' or 'regency'",
            )
        )
    measures = table.get("measures", list(MEASURES))
    if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
        problems.append(
            ("aggregates.measures harus daftar teks", "aggregates.measures must be a list of text")
        )
        measures = []
    for m in measures:
        if m not in MEASURES:
            problems.append(
                (
                    f"tabel agregat '{m}' tidak ada di katalog ({', '.join(MEASURES)})",
                    f"aggregate '{m}' is not in the catalogue ({', '.join(MEASURES)})",
                )
            )
    return AggregatePolicy(
        region=str(region),
        measures=tuple(dict.fromkeys(m for m in measures if m in MEASURES)),
        min_cell=_int_setting(table, "min_cell", 5, MIN_CELL_FLOOR, 1000, problems),
        total_rounding=_int_setting(
            table, "total_rounding", 1_000_000, MIN_TOTAL_ROUNDING, 10**12, problems
        ),
        max_share_percent=_int_setting(
            table, "max_share_percent", 60, MIN_SHARE_PERCENT, 100, problems
        ),
    )
