"""Fixtures for the desktop UI: the real app over a real BranchService on a temporary store.

The branch is set up directly through the service in the test thread (supervisor ``made``,
teller ``ayu``) and closed; then the app opens the same file in its own store thread, exactly
as at a counter. Assertions read the service back through the worker (:func:`call`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.app import LumbungApp
from desktop.services import BranchService, StaffUser
from desktop.store.paths import store_path
from desktop.worker import Call
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from tests.app_teardown import shut_down

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
TELLER = ("ayu", "ayu12345")
SUPERVISOR = ("made", "made1234")
#: A NIK from Gianyar, Bali: a woman born 17 May 1990.
NIK_WOMAN_1990 = make_nik("510405", dt.date(1990, 5, 17), "P", 7)


def service_for(data_dir: Path) -> BranchService:
    return BranchService(store_path(data_dir), hasher=FAST_HASHER)


@dataclass
class Seeded:
    """What the test branch holds before the app opens it."""

    supervisor: StaffUser
    teller: StaffUser
    member_id: str
    member_no: str


def seed_branch(data_dir: Path, *, open_drawer: bool = True) -> Seeded:
    data_dir.mkdir(parents=True, exist_ok=True)
    service = service_for(data_dir)
    try:
        supervisor = service.initialise(
            cooperative_name="KSP Lumbung Sejahtera",
            branch_id="BR01",
            branch_name="Cabang Ubud",
            device_no=1,
            supervisor_username=SUPERVISOR[0],
            supervisor_full_name="I Made Sudarsana",
            supervisor_password=SUPERVISOR[1],
        )
        teller = service.add_staff(
            actor=supervisor,
            username=TELLER[0],
            full_name="Ni Luh Ayu Lestari",
            role="teller",
            password=TELLER[1],
        )
        # Someone else's drawer registers the first member, so the teller's stays untouched.
        service.open_session(actor=supervisor, opening_float=1_000_000)
        form = RegistrationInput(
            nik=make_nik("510405", dt.date(1980, 5, 17), "L", 1),
            name="I Wayan Sudarsana",
            birth_place="Gianyar",
            address="Banjar Kalah, Peliatan, Ubud",
            phone="0812 3456 7890",
            occupation="Petani",
            mother_maiden_name="Ni Nyoman Rai",
        )
        registered = service.register_member(form, actor=supervisor)
        if open_drawer:
            service.open_session(actor=teller, opening_float=5_000_000)
        member_no = service.member_detail(registered.member_id).member_no
        return Seeded(supervisor, teller, registered.member_id, member_no)
    finally:
        service.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def seeded(data_dir: Path) -> Seeded:
    return seed_branch(data_dir)


@pytest.fixture
def make_app(qapp: QApplication, qtbot: Any, data_dir: Path) -> Iterator[Callable[..., LumbungApp]]:
    """Build and start the real app (Indonesian unless told otherwise)."""
    apps: list[LumbungApp] = []

    def make(lang: str = "id", lock_minutes: float = 60.0) -> LumbungApp:
        app = LumbungApp(
            qapp,
            data_dir,
            lang=lang,
            lock_minutes=lock_minutes,
            factory=lambda: service_for(data_dir),
        )
        apps.append(app)
        qtbot.addWidget(app.window)
        app.start()
        return app

    yield make
    shut_down(qapp, apps)


@pytest.fixture
def app(make_app: Callable[..., LumbungApp], seeded: Seeded, qtbot: Any) -> LumbungApp:
    """The app on the login screen of the seeded branch."""
    lumbung = make_app()
    qtbot.waitUntil(lambda: bool(lumbung.ctx.branch))
    return lumbung


def call(qtbot: Any, app: LumbungApp, fn: Callable[[BranchService], Any]) -> Any:
    """Run ``fn(service)`` in the store thread and return its result."""
    ticket = app.worker.submit(Call(fn))
    qtbot.waitUntil(lambda: ticket.done, timeout=5000)
    if ticket.error is not None:
        raise ticket.error
    return ticket.result


def type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    qtbot.keyClicks(widget, text)


def press(qtbot: Any, key: Qt.Key, widget: QWidget | None = None) -> None:
    """A key press sent where the keyboard focus is (or to ``widget``)."""
    target = widget or QApplication.focusWidget()
    assert target is not None, "nothing has keyboard focus"
    qtbot.keyClick(target, key)


def modal(qtbot: Any, name: str | None = None) -> QWidget:
    """Wait for the active modal dialog (optionally with the given objectName)."""

    def found() -> bool:
        widget = QApplication.activeModalWidget()
        return (
            widget is not None
            and (name is None or widget.objectName() == name)
            # Keys go where the focus is: wait until the dialog is the active window.
            and QApplication.activeWindow() is widget
        )

    qtbot.waitUntil(found, timeout=5000)
    widget = QApplication.activeModalWidget()
    assert widget is not None
    return widget


def login(qtbot: Any, app: LumbungApp, user: tuple[str, str] = TELLER) -> None:
    page = app.window.login_page
    page.username.setFocus()
    type_into(qtbot, page.username, user[0])
    press(qtbot, Qt.Key.Key_Return, page.username)
    type_into(qtbot, page.password, user[1])
    press(qtbot, Qt.Key.Key_Return, page.password)
    qtbot.waitUntil(lambda: app.ctx.user is not None, timeout=5000)
