"""Helpers for driving the real desktop against the real server process."""

from __future__ import annotations

from typing import Any

from desktop.app import LumbungApp
from desktop.worker import Op

from .server import ServerProcess

TELLER = ("ayu", "ayu12345")
SUPERVISOR = ("made", "made12345")
SETUP = 1


def head_office(server: ServerProcess, branch_id: str = "BR01") -> None:
    """The branch and its staff as head office creates them (they reach the PC by sync)."""
    server.add_branch(branch_id, "Cabang Ubud")
    server.add_user(SUPERVISOR[0], "I Made Sudarsana", "supervisor", branch_id, SUPERVISOR[1])
    server.add_user(TELLER[0], "Ni Luh Ayu Lestari", "teller", branch_id, TELLER[1])


def submit(qtbot: Any, app: LumbungApp, op: Op[Any]) -> Any:
    """Run a real op through the store worker (writes are announced, as at the counter)."""
    ticket = app.worker.submit(op)
    qtbot.waitUntil(lambda: ticket.done, timeout=10_000)
    if ticket.error is not None:
        raise ticket.error
    return ticket.result


def enrol_through_setup_page(qtbot: Any, app: LumbungApp, url: str, code: str) -> None:
    """Fill the first-run page's enrolment form and wait for the login screen."""
    window = app.window
    qtbot.waitUntil(lambda: window.stack.currentIndex() == SETUP, timeout=10_000)
    page = window.setup_page
    assert page.enrol_choice.isChecked()  # enrolment is the default at a branch
    qtbot.keyClicks(page.server_url, url)
    qtbot.keyClicks(page.enrol_code, code)
    page.enrol_button.click()
    qtbot.waitUntil(
        lambda: window.stack.currentIndex() == 0 and bool(app.ctx.branch), timeout=30_000
    )
