"""Deciding a review case: explicit choices for its kind, none preselected (nothing releases
a hold unless the supervisor chooses so), the receipts involved named and openable, and the
menu's count of open cases updated as soon as the decision is saved."""

from __future__ import annotations

from typing import Any

from desktop.app import LumbungApp
from ledger.events import ReviewCaseOpened
from ledger.ids import uuid7
from tests.desktop_ui.conftest import SUPERVISOR, Seeded, call, login, modal
from tests.sync_ui.remote import RemoteDevice


def _overdraft_on(qtbot: Any, app: LumbungApp, seeded: Seeded) -> tuple[str, str]:
    """A withdrawal here, then head office's overdraft case naming it: (case id, receipt no)."""
    call(qtbot, app, lambda s: s.deposit(seeded.member_id, "sukarela", 300_000,
                                         actor=seeded.teller))  # fmt: skip
    paid = call(qtbot, app, lambda s: s.withdraw(seeded.member_id, "sukarela", 250_000,
                                                 actor=seeded.teller))  # fmt: skip
    case_id = uuid7()
    event = RemoteDevice("HQ").event(
        ReviewCaseOpened(
            case_id=case_id,
            kind="overdraft",
            member_id=seeded.member_id,
            event_ids=[paid.event_id, uuid7()],  # ours, and the other branch's payout
            detail="Saldo sukarela menjadi -Rp 200.000 setelah digabungkan; rekening ditahan.",
            hold=True,
        )
    )
    call(qtbot, app, lambda s: s.apply_events([event]))
    return case_id, paid.receipt_no


def test_a_decision_is_chosen_explicitly_and_names_its_receipts(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    case_id, receipt_no = _overdraft_on(qtbot, app, seeded)
    login(qtbot, app, SUPERVISOR)
    window = app.window
    menu = window.sync_menu
    qtbot.waitUntil(lambda: menu.open_cases == 1, timeout=5000)
    queue = menu.open_review()
    assert queue is not None
    qtbot.waitUntil(lambda: len(queue.cases) == 1, timeout=5000)
    assert queue.windowTitle() == "Antrean tinjauan (1 terbuka)"
    assert f"Struk: {receipt_no}" in queue.table.item(0, 3).text()

    queue.resolve_button.click()
    decide = modal(qtbot, "resolveCaseDialog")
    assert sorted(decide.choices) == ["collect", "other", "repaid"]
    assert decide.chosen() is None and not decide.releases_hold()
    assert [b.text() for b in decide.receipt_buttons] == [f"Struk {receipt_no}"]
    # Saving with nothing chosen decides nothing.
    decide.ok.click()
    assert decide.error.text() == "Pilih keputusan atas kasus ini."
    assert call(qtbot, app, lambda s: s.member_hold(seeded.member_id)) is not None

    # The receipt involved opens (a copy, marked SALINAN).
    with qtbot.waitSignal(window.receipt_shown, timeout=5000) as shown:
        decide.receipt_buttons[0].click()
    receipt_dialog = shown.args[0]
    assert receipt_dialog.receipt.receipt_no == receipt_no
    receipt_dialog.reject()

    decide.choices["collect"][0].setChecked(True)
    assert decide.hold_effect.text() == "Rekening tetap ditahan."
    with qtbot.waitSignal(decide.resolved, timeout=5000):
        decide.ok.click()
    # The count follows at once, with the queue still open.
    qtbot.waitUntil(lambda: menu.open_cases == 0, timeout=5000)
    assert menu.menu.title() == "&Sinkronisasi"
    qtbot.waitUntil(lambda: queue.windowTitle() == "Antrean tinjauan (0 terbuka)", timeout=5000)
    [case] = call(qtbot, app, lambda s: s.review_cases())
    assert case.case_id == case_id
    assert case.resolution == "Penahanan tetap; selisih ditagih dari anggota"
    assert case.hold  # kept: the member still owes it
    assert call(qtbot, app, lambda s: s.member_hold(seeded.member_id)) is not None
    queue.reject()


def test_only_the_repaid_choice_releases_the_hold(
    qtbot: Any, app: LumbungApp, seeded: Seeded
) -> None:
    _overdraft_on(qtbot, app, seeded)
    login(qtbot, app, SUPERVISOR)
    queue = app.window.sync_menu.open_review()
    assert queue is not None
    qtbot.waitUntil(lambda: len(queue.cases) == 1, timeout=5000)
    queue.resolve_button.click()
    decide = modal(qtbot, "resolveCaseDialog")
    decide.choices["other"][0].setChecked(True)
    assert decide.decision.isEnabled() and not decide.releases_hold()
    decide.choices["repaid"][0].setChecked(True)
    assert decide.releases_hold()
    assert decide.hold_effect.text() == "Keputusan ini melepaskan penahanan rekening."
    with qtbot.waitSignal(decide.resolved, timeout=5000):
        decide.ok.click()
    assert call(qtbot, app, lambda s: s.member_hold(seeded.member_id)) is None
    queue.reject()
