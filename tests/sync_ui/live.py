"""Helpers for driving the real desktop against the real server process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.app import LumbungApp
from desktop.services import BranchService, StaffUser
from desktop.store.paths import store_path
from desktop.sync import engine_for, enrol
from desktop.worker import Op

from .server import ServerProcess

TELLER = ("ayu", "ayu12345")
SUPERVISOR = ("made", "made12345")
SETUP = 1


OTHER_TELLER = ("ketut", "ketut12345")


def head_office(server: ServerProcess) -> None:
    """Two branches and their staff as head office creates them (they reach the PCs by sync)."""
    server.add_branch("BR01", "Cabang Ubud")
    server.add_user(SUPERVISOR[0], "I Made Sudarsana", "supervisor", "BR01", SUPERVISOR[1])
    server.add_user(TELLER[0], "Ni Luh Ayu Lestari", "teller", "BR01", TELLER[1])
    server.add_branch("BR02", "Cabang Gianyar")
    server.add_user(OTHER_TELLER[0], "Ketut Suardana", "teller", "BR02", OTHER_TELLER[1])


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
    qtbot.keyClicks(page.enrol_form.server_url, url)
    qtbot.keyClicks(page.enrol_form.enrol_code, code)
    page.enrol_form.enrol_button.click()
    qtbot.waitUntil(
        lambda: window.stack.currentIndex() == 0 and bool(app.ctx.branch), timeout=30_000
    )


class OtherBranchPC:
    """A second branch's PC, driven without a screen (store + sync engine in the test thread)."""

    def __init__(self, server: ServerProcess, data_dir: Path, branch_id: str) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.service = BranchService(store_path(data_dir))
        enrol(self.service, server.url, server.code(branch_id), device_name="pc-b",
              device_no=1, data_dir=data_dir)  # fmt: skip

    def login(self, username: str, password: str) -> StaffUser:
        return self.service.authenticate(username, password)

    def sync(self) -> Any:
        engine = engine_for(self.service.store, self.data_dir)
        assert engine is not None
        try:
            return engine.sync_once()
        finally:
            engine.client.close()

    def close(self) -> None:
        self.service.close()
