"""The day close is never one click: a summary to confirm (drawers and their differences, what
is not sent, head office), a reason asked where something is off and recorded with the close,
and slips to sign: the drawer's cash count, and the day close with a line for every teller
and the supervisor. A stand-alone PC (no head office) closes like this too."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.app import LumbungApp
from tests.desktop_ui.conftest import SUPERVISOR, Seeded, call, login, modal

#: The teller's drawer, counted Rp 5.000 short of its Rp 5.000.000 float:
#: 49 × 100.000 + 1 × 50.000 + 2 × 20.000 + 1 × 5.000 = 4.995.000.
SHORT_COUNT = {100_000: 49, 50_000: 1, 20_000: 2, 5_000: 1}


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return out.stdout


def test_the_drawer_close_gives_a_cash_count_slip_to_sign(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    login(qtbot, app)
    window = app.window
    window.act_close_drawer.trigger()
    dialog = modal(qtbot, "closeDrawerDialog")
    for denom, pieces in SHORT_COUNT.items():
        dialog.counts[denom].setValue(pieces)
    assert dialog.difference_label.text() == "kurang Rp 5.000"
    qtbot.keyClicks(dialog.credentials.username, SUPERVISOR[0])
    qtbot.keyClicks(dialog.credentials.password, SUPERVISOR[1])
    dialog.ok.click()
    box = modal(qtbot, "drawerClosedBox")
    assert isinstance(box, QMessageBox)
    assert box.findChild(object, "printCashSlip") is not None
    slip = window.cash_slip
    assert slip is not None
    assert slip.title == "BERITA ACARA HITUNG KAS"
    assert ("Selisih", "kurang Rp 5.000") in slip.facts
    assert [role for role, _name, _when in slip.signatures] == ["Teller", "Supervisor"]
    assert slip.signatures[0][1] == "Ni Luh Ayu Lestari"
    assert slip.signatures[1][1] == "I Made Sudarsana"
    path = box.informativeText().split(": ", 1)[1]
    text = _pdf_text(Path(path))
    assert "BERITA ACARA HITUNG KAS" in text
    assert "4.995.000" in text and "kurang Rp 5.000" in text
    assert "Teller" in text and "Supervisor" in text
    box.accept()


def test_the_day_close_asks_for_a_reason_and_records_it(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    call(qtbot, app, lambda s: s.close_session(actor=seeded.teller, counted=SHORT_COUNT,
                                               authorizer=seeded.supervisor))  # fmt: skip
    # The supervisor's own drawer: Rp 1.000.000 float and the Rp 100.000 simpanan pokok.
    call(qtbot, app, lambda s: s.close_session(actor=seeded.supervisor, counted={100_000: 11}))
    login(qtbot, app, SUPERVISOR)
    today = app.ctx.business_date
    dialog = app.window.eod_menu.close_day()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=5000)
    pcs = [dialog.sessions.item(r, 1).text() for r in range(dialog.sessions.rowCount())]
    assert pcs == ["PC 01", "PC 01"]  # PCs by their number

    dialog.close_day_button.click()
    summary = modal(qtbot, "dayCloseSummary")
    assert summary is dialog.summary
    assert "Laci Ni Luh Ayu Lestari ditutup kurang Rp 5.000." in summary.problems
    assert "PC mandiri: hari ini tidak dicocokkan dengan kantor pusat." in summary.problems
    # No reason: nothing closes, the summary says why and stays.
    summary.ok.click()
    assert summary.isVisible()
    assert summary.error.text() == "Tulis alasan menutup hari walaupun ada yang tidak sesuai."
    closed_days = call(qtbot, app, lambda s: s.closed_days())
    assert closed_days == []

    qtbot.keyClicks(summary.reason, "Kurang Rp 5.000 diganti teller; PC belum terdaftar")
    with qtbot.waitSignal(dialog.closed_day, timeout=10_000) as closed:
        summary.ok.click()
    assert closed.args[0].reason == "Kurang Rp 5.000 diganti teller; PC belum terdaftar"
    [record] = call(qtbot, app, lambda s: s.closed_days())
    assert record.reason == "Kurang Rp 5.000 diganti teller; PC belum terdaftar"
    assert record.closed_by == "I Made Sudarsana"

    box = modal(qtbot, "dayClosedBox")
    assert "sudah ditutup" in box.text()
    qtbot.waitUntil(lambda: dialog.slip_file is not None, timeout=5000)
    assert dialog.slip_file is not None
    text = _pdf_text(dialog.slip_file)
    assert "BERITA ACARA TUTUP HARI DAN HITUNG KAS" in text
    assert "kurang Rp 5.000" in text
    assert "Kurang Rp 5.000 diganti teller" in text
    for name in ("Ni Luh Ayu Lestari", "I Made Sudarsana"):
        assert name in text
    box.accept()
    qtbot.waitUntil(lambda: app.ctx.business_date != today, timeout=5000)


def test_esc_on_the_summary_closes_nothing(qtbot: Any, app: LumbungApp, seeded: Seeded) -> None:
    login(qtbot, app, SUPERVISOR)
    dialog = app.window.eod_menu.close_day()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=5000)
    dialog.close_day_button.click()
    summary = modal(qtbot, "dayCloseSummary")
    # Drawers are still open: the summary says so and cannot close.
    assert not summary.ok.isEnabled()
    assert summary.error.text().startswith("Tutup semua laci kas dahulu")
    summary.reject()
    assert call(qtbot, app, lambda s: s.closed_days()) == []
