"""Bahasa Indonesia by default: every UI string translated, catalogues compiled, Qt's own
buttons in Indonesian, English on request."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop import i18n, i18n_tools
from desktop.app import LumbungApp


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found[(name, message.findtext("source", ""))] = message.find("translation")
    return found


def test_every_ui_string_has_an_indonesian_translation(tmp_path: Path) -> None:
    committed = i18n_tools.ts_path("lumbung")
    fresh = tmp_path / "lumbung_id.ts"
    shutil.copy(committed, fresh)
    i18n_tools.update(fresh)  # what lupdate finds in the code today
    in_code = _messages(fresh)
    assert set(in_code) == set(_messages(committed)), "run: python -m desktop.i18n_tools update"
    untranslated = [
        key
        for key, translation in in_code.items()
        if translation is None or translation.get("type") == "unfinished" or not translation.text
    ]
    assert untranslated == []
    assert len(in_code) > 100


@pytest.mark.parametrize("catalogue", i18n.CATALOGUES)
def test_committed_qm_matches_its_ts(tmp_path: Path, catalogue: str) -> None:
    compiled = tmp_path / f"{catalogue}.qm"
    i18n_tools.compile_ts(i18n_tools.ts_path(catalogue), compiled)
    assert compiled.read_bytes() == i18n_tools.qm_path(catalogue).read_bytes(), (
        "run: python -m desktop.i18n_tools compile"
    )


@pytest.fixture
def indonesian(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "id")
    yield
    i18n.install(qapp, "en")


def test_standard_buttons_are_indonesian(qtbot: Any, indonesian: None) -> None:
    box = QMessageBox()
    box.setStandardButtons(
        QMessageBox.StandardButton.Ok
        | QMessageBox.StandardButton.Cancel
        | QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
    )
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Batal"
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Ya"
    assert box.button(QMessageBox.StandardButton.No).text() == "&Tidak"
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close
        | QDialogButtonBox.StandardButton.Save
    )
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Batal"
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text() == "Tutup"
    assert buttons.button(QDialogButtonBox.StandardButton.Save).text() == "Simpan"


def test_indonesian_is_the_default_and_english_is_selectable(
    qtbot: Any, make_app: Any, seeded: Any
) -> None:
    app: LumbungApp = make_app()
    page = app.window.login_page
    assert page.submit.text() == "Masuk"
    status = app.window.statusBar()
    assert status.sync.text() == "Sinkronisasi: belum dikonfigurasi"
    qtbot.waitUntil(lambda: status.branch.text() == "Cabang: Cabang Ubud (BR01)")
    assert status.date.text().startswith("Tanggal usaha: ")
    app.shutdown()

    english: LumbungApp = make_app(lang="en")
    assert english.window.login_page.submit.text() == "Log in"
    assert english.window.statusBar().sync.text() == "Sync: not configured"
