"""Registering members, the NIK checked as typed, duplicates, search and the card scanner,
profile edits: through the real screens over the real service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.app import LumbungApp
from tests.desktop_ui.conftest import NIK_WOMAN_1990, Seeded, call, login, modal, press


def _open_register(qtbot: Any, app: LumbungApp) -> Any:
    login(qtbot, app)
    press(qtbot, Qt.Key.Key_F3)
    return modal(qtbot, "registerDialog")


def test_nik_is_checked_as_typed_and_fills_birth_date_and_sex(qtbot: Any, app: LumbungApp) -> None:
    dialog = _open_register(qtbot, app)
    nik = dialog.edits["nik"]
    qtbot.keyClicks(nik, "51040557")
    assert dialog.nik_hint.text() == "8 dari 16 digit"
    assert dialog.birth.text() == ""  # the hint is on the NIK's row
    assert not dialog.errors["nik"].isVisible()
    qtbot.keyClicks(nik, "9000007")  # 15 digits: still typing
    qtbot.keyClicks(nik, "x")
    assert dialog.errors["nik"].isVisible()
    assert dialog.errors["nik"].text() == "NIK hanya boleh berisi angka."
    nik.clear()
    qtbot.keyClicks(nik, "5104053102900007")  # 31 February
    assert dialog.errors["nik"].text().startswith("Tanggal lahir pada NIK tidak mungkin")
    nik.clear()
    qtbot.keyClicks(nik, NIK_WOMAN_1990)
    assert not dialog.errors["nik"].isVisible()
    assert dialog.birth.text() == "17 Mei 1990"
    assert dialog.sex.text() == "Perempuan"


def test_register_member_posts_registration_and_pokok(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    dialog = _open_register(qtbot, app)
    values = {
        "nik": NIK_WOMAN_1990,
        "name": "Ni Made Sari Dewi",
        "birth_place": "Gianyar",
        "address": "Jl. Raya Mas No. 12, Ubud",
        "phone": "081234567891",
        "occupation": "Pedagang",
        "mother_maiden_name": "Ni Ketut Suci",
    }
    # Field by field with Tab, as a teller would.
    qtbot.keyClicks(QApplication.focusWidget(), values["nik"])
    for name in ("name", "birth_place", "address", "phone", "occupation", "mother_maiden_name"):
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.edits[name]
        qtbot.keyClicks(QApplication.focusWidget(), values[name])
    window = app.window
    with qtbot.waitSignal(window.receipt_shown, timeout=5000) as shown:
        press(qtbot, Qt.Key.Key_Return)
    receipt = shown.args[0].receipt
    assert receipt.member_name == "Ni Made Sari Dewi"
    pokok = call(qtbot, app, lambda s: s.pokok_amount())
    assert receipt.amount == pokok

    found = call(qtbot, app, lambda s: s.member_by_nik(NIK_WOMAN_1990))
    detail = call(qtbot, app, lambda s: s.member_detail(found.member_id))
    assert detail.balances["pokok"] == pokok
    assert (detail.sex, detail.birth_date) == ("P", "1990-05-17")
    qtbot.waitUntil(lambda: window.detail.member_id == found.member_id)
    assert window.detail.fields["sex"].text() == "Perempuan"
    assert window.detail.fields["birth"].text() == "Gianyar, 17 Mei 1990"
    assert window.detail.history.item(0, 2).text() == "Setoran"
    # The pokok cash went into the teller's drawer.
    session = call(qtbot, app, lambda s: s.current_session(seeded.teller.user_id))
    assert session.expected_cash == 5_000_000 + pokok
    qtbot.waitUntil(lambda: app.ctx.session is not None and app.ctx.session.expected_cash > 5e6)


def test_duplicate_nik_offers_the_existing_member(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    existing = call(qtbot, app, lambda s: s.member_detail(seeded.member_id))
    dialog = _open_register(qtbot, app)
    for name, value in {
        "nik": existing.nik,
        "name": "Orang Lain",
        "birth_place": "Denpasar",
        "address": "Jl. Gatot Subroto",
        "phone": "",
        "occupation": "Guru",
        "mother_maiden_name": "Ibu",
    }.items():
        qtbot.keyClicks(dialog.edits[name], value)
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.duplicate.isVisible(), timeout=5000)
    assert "sudah terdaftar" in dialog.duplicate_text.text()
    assert existing.member_no in dialog.duplicate_text.text()
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        dialog.open_button.click()
    assert app.window.detail.member_id == seeded.member_id
    count = call(qtbot, app, lambda s: len(s.search_members("Orang Lain")))
    assert count == 0


def test_field_errors_are_shown_next_to_the_field(qtbot: Any, app: LumbungApp) -> None:
    dialog = _open_register(qtbot, app)
    qtbot.keyClicks(dialog.edits["nik"], NIK_WOMAN_1990)
    qtbot.keyClicks(dialog.edits["name"], "Ni Made Sari")
    qtbot.keyClicks(dialog.edits["address"], "Ubud")
    qtbot.keyClicks(dialog.edits["phone"], "12345")
    qtbot.keyClicks(dialog.edits["mother_maiden_name"], "Ni Ketut")
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.errors["phone"].isVisible(), timeout=5000)
    assert dialog.errors["phone"].text() == "Nomor HP tidak sah (contoh: 0812 3456 7890)."
    assert QApplication.focusWidget() is dialog.edits["phone"]


def test_search_as_you_type_and_card_scanner(qtbot: Any, app: LumbungApp, seeded: Seeded) -> None:
    login(qtbot, app)
    search = app.window.search
    qtbot.keyClicks(search.field, "Suda")
    qtbot.waitUntil(lambda: search.table.rowCount() == 1, timeout=5000)
    assert search.table.item(0, 1).text() == "I Wayan Sudarsana"
    assert search.table.item(0, 0).text() == seeded.member_no
    assert search.status.text() == "1 anggota ditemukan"
    qtbot.keyClicks(search.field, "zzz")
    qtbot.waitUntil(lambda: search.table.rowCount() == 0, timeout=5000)
    assert search.status.text() == "Tidak ada anggota yang cocok dengan “Sudazzz”."

    # A keyboard-wedge scanner types the member number and Enter, all at once.
    search.field.clear()
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        qtbot.keyClicks(search.field, seeded.member_no)
        press(qtbot, Qt.Key.Key_Return, search.field)
    assert app.window.detail.member_id == seeded.member_id
    assert app.window.detail.balances["pokok"].text() != ""


def test_edit_profile_sends_only_the_changed_fields(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        app.window.open_member(seeded.member_id)
    press(qtbot, Qt.Key.Key_F4)
    dialog = modal(qtbot, "profileDialog")
    dialog.edits["address"].clear()
    qtbot.keyClicks(dialog.edits["address"], "Jl. Hanoman 5, Ubud")
    assert dialog.changed_fields() == {"address": "Jl. Hanoman 5, Ubud"}
    with qtbot.waitSignal(app.window.detail.loaded, timeout=5000):
        press(qtbot, Qt.Key.Key_Return, dialog.edits["address"])
    assert app.window.detail.fields["address"].text() == "Jl. Hanoman 5, Ubud"
    detail = call(qtbot, app, lambda s: s.member_detail(seeded.member_id))
    assert detail.address == "Jl. Hanoman 5, Ubud"
