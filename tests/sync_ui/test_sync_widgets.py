"""The status bar's sync part in each state, in Indonesian, and its progress bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.sync_worker import ERROR, OFFLINE, ONLINE, SYNCING, UNCONFIGURED, SyncStatus
from desktop.views.sync_status import SyncIndicator, clock_text


@pytest.fixture
def indicator(qapp: QApplication, qtbot: Any) -> Iterator[SyncIndicator]:
    i18n.install(qapp, "id")
    widget = SyncIndicator()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    i18n.install(qapp, "en")


def test_clock_text() -> None:
    today = dt.date(2026, 11, 27)
    assert clock_text("2026-11-27 14:02:09", today) == "14:02"
    assert clock_text("2026-11-26 17:45:00", today) == "26-11 17:45"
    assert clock_text("", today) == ""


def test_each_state_in_indonesian(indicator: SyncIndicator) -> None:
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    cases = [
        (SyncStatus(UNCONFIGURED), "Sinkronisasi: belum dikonfigurasi"),
        (SyncStatus(ONLINE, 0, now), f"Daring · sinkron {now[11:16]} · 0 menunggu"),
        (SyncStatus(SYNCING, 3, now), "Menyinkronkan… · 3 menunggu"),
        (SyncStatus(OFFLINE, 12, now, "Server tidak dapat dihubungi."), "Luring · 12 menunggu"),
        (SyncStatus(ERROR, 2, now, "Perbarui aplikasi.", blocked=True),
         "Sinkronisasi berhenti · 2 menunggu"),
        (SyncStatus(ERROR, 2, now, "Galat.", retry_in=8), "Galat sinkronisasi · 2 menunggu"),
    ]  # fmt: skip
    for status, text in cases:
        indicator.show_status(status)
        assert indicator.text() == text
    indicator.show_status(SyncStatus(OFFLINE, 12, now, "Server tidak dapat dihubungi.", False, 8))
    tip = indicator.toolTip()
    assert f"Sinkron terakhir yang berhasil: {now}" in tip
    assert "Server tidak dapat dihubungi." in tip and "Dicoba lagi dalam 8 detik." in tip


def test_the_progress_bar_shows_for_long_syncs_only(indicator: SyncIndicator) -> None:
    indicator.show_status(SyncStatus(SYNCING, 921))
    indicator.show_progress("push", 10, 50)  # a short sync: no bar, no flicker
    assert indicator.bar.isHidden()
    indicator.show_progress("push", 500, 921)
    assert not indicator.bar.isHidden()
    assert indicator.bar.text() == "Mengirim 500/921"
    assert indicator.text() == "Menyinkronkan…"  # the bar says how far
    indicator.show_progress("", 0, 0)
    assert indicator.bar.isHidden()
    assert indicator.text() == "Menyinkronkan… · 921 menunggu"
    indicator.show_progress("snapshot", 2, 5)  # snapshot pages are few but slow: always shown
    assert indicator.bar.text() == "Data cabang 2/5"


def test_no_bar_before_enrolment(indicator: SyncIndicator) -> None:
    indicator.show_status(SyncStatus(UNCONFIGURED))
    indicator.show_progress("snapshot", 3, 13)  # the enrolment page has its own bar
    assert indicator.bar.isHidden()
