"""The settings catalogue: every key head office or a branch may set, once for both apps.

A setting is a ``SettingChanged`` event (key, value as text, scope: ``""`` for the whole
cooperative or a branch id), last writer by HLC wins, and a branch's own value beats the
cooperative's. What a key means, its type, its default and what values it takes are here, so
the branch (``desktop.counter``) and head office (``sync_server.admin``, the console) accept and
read the same things.

Attributes of a :class:`Setting`:

* ``kind``: ``"int"`` (a whole number: rupiah or minutes, typed as ``Rp 1.500.000`` or
  ``1500000``), ``"bool"`` (stored ``"1"``/``"0"``) or ``"text"``;
* ``scope``: ``"branch"`` may be set cooperative-wide or for one branch (also by a branch
  supervisor, for their own branch); ``"cooperative"`` only cooperative-wide, by head office.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ledger.devices import DEFAULT_CONTACT_MINUTES
from ledger.errors import ValidationError
from ledger.money import parse_rupiah
from ledger.policy import DEFAULT_TELLER_LIMIT, Limits

#: Simpanan pokok collected on registration and the monthly simpanan wajib, until head office
#: sets them.
DEFAULT_POKOK = 100_000
DEFAULT_WAJIB = 50_000


@dataclass(frozen=True)
class Setting:
    """One key of the catalogue.

    Attributes:
        key: As stored in ``SettingChanged.key``.
        kind: ``"int"``, ``"bool"`` or ``"text"``.
        default: What it is until someone sets it (``""`` for a text: the caller's fallback).
        scope: ``"branch"`` or ``"cooperative"`` (see the module's note).
        label_id: What it is, in Bahasa Indonesia.
        label_en: The same in English.
        unit: ``"rupiah"``, ``"minutes"`` or ``""``.
    """

    key: str
    kind: Literal["int", "bool", "text"]
    default: int | str
    scope: Literal["branch", "cooperative"]
    label_id: str
    label_en: str
    unit: str = ""

    def label(self, language: str = "id") -> str:
        return self.label_en if language == "en" else self.label_id

    def parse(self, value: str | int | bool) -> str:
        """``value`` as the text a ``SettingChanged`` carries.

        Raises:
            ValidationError: not a value of this setting (a number is a whole number above
                zero; a switch is 0 or 1; a text is not empty).
        """
        if self.kind == "bool":
            if isinstance(value, bool) or value in (0, 1):
                return "1" if value else "0"
            text = str(value).strip().lower()
            if text in ("0", "1"):
                return text
            raise ValidationError(
                f"{self.key}: isi 0 (tidak) atau 1 (ya).",
                f"{self.key}: give 0 (no) or 1 (yes).",
                field="value",
            )
        if self.kind == "text":
            text = " ".join(str(value).split())
            if not text:
                raise ValidationError(
                    f"{self.key}: isi teks.", f"{self.key}: give a text.", field="value"
                )
            return text
        if isinstance(value, bool):
            number = -1
        elif isinstance(value, int):
            number = value
        else:
            number = parse_rupiah(str(value))
        if number <= 0:
            raise ValidationError(
                f"{self.key}: nilai harus bilangan bulat lebih dari nol.",
                f"{self.key}: the value must be a whole number above zero.",
                field="value",
            )
        return str(number)

    def read(self, stored: str | None) -> int | str:
        """A stored value as the setting's type; the default when none or malformed (a bad
        value from elsewhere must not stop the counter)."""
        if stored is None:
            return self.default
        if self.kind == "text":
            return stored or self.default
        try:
            number = int(stored)
        except ValueError:
            return self.default
        if self.kind == "bool":
            return int(bool(number))
        return number if number > 0 else self.default


_LIMITS = Limits()

#: Every setting, in the order head office's settings page lists them.
SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            "teller_limit", "int", DEFAULT_TELLER_LIMIT, "branch",
            "Batas transaksi teller tanpa otorisasi supervisor",
            "Largest amount a teller may post without a supervisor", "rupiah",
        ),
        Setting(
            "home_offline_daily", "int", _LIMITS.home_offline_daily, "branch",
            "Penarikan luring per anggota per hari di cabang asal",
            "Offline payout per member per day at the home branch", "rupiah",
        ),
        Setting(
            "standin_offline", "int", _LIMITS.standin_offline, "branch",
            "Penarikan luring per anggota per hari di cabang lain",
            "Offline payout per member per day at another branch", "rupiah",
        ),
        Setting(
            "pokok_amount", "int", DEFAULT_POKOK, "branch",
            "Simpanan pokok saat mendaftar", "Simpanan pokok paid on registration", "rupiah",
        ),
        Setting(
            "wajib_amount", "int", DEFAULT_WAJIB, "branch",
            "Simpanan wajib per bulan", "Monthly simpanan wajib", "rupiah",
        ),
        Setting(
            "drawers_on_several_pcs", "bool", 0, "branch",
            "Teller boleh membuka laci kas di beberapa PC sekaligus (1 ya, 0 tidak)",
            "A teller may have drawers open on several PCs at once (1 yes, 0 no)",
        ),
        Setting(
            "pc_contact_minutes", "int", DEFAULT_CONTACT_MINUTES, "branch",
            "Menit tanpa kontak sebelum PC lain menahan tutup hari",
            "Minutes without contact before another PC holds up the day close", "minutes",
        ),
        Setting(
            "cooperative_name", "text", "", "cooperative",
            "Nama koperasi pada struk dan laporan",
            "The cooperative's name on receipts and reports",
        ),
    )
}  # fmt: skip


def setting(key: str) -> Setting:
    """The catalogue's entry for ``key``.

    Raises:
        ValidationError: an unknown key.
    """
    found = SETTINGS.get(key)
    if found is None:
        raise ValidationError(
            f"Pengaturan tidak dikenal: {key}. Pilihan: {', '.join(SETTINGS)}.",
            f"Unknown setting: {key}. Known: {', '.join(SETTINGS)}.",
            field="key",
        )
    return found


def setting_value(key: str, value: str | int | bool, *, branch_id: str = "") -> str:
    """``value`` checked for ``key`` set for ``branch_id`` (``""``: cooperative-wide).

    Raises:
        ValidationError: an unknown key, a bad value, or a branch value for a cooperative-wide
            setting.
    """
    entry = setting(key)
    if branch_id and entry.scope == "cooperative":
        raise ValidationError(
            f"{key} berlaku untuk seluruh koperasi, tidak per cabang.",
            f"{key} is cooperative-wide, not set per branch.",
            field="branch_id",
        )
    return entry.parse(value)
