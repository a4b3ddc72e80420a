"""First run, staff accounts, logins and the lockout."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from desktop.services import AccountLocked, BranchService, LoginFailed, NotPermitted
from ledger.errors import LumbungError, ValidationError

from .builders import FAST_HASHER, TODAY, Branch, FakeClock, make_branch


def test_first_run_creates_identity_and_supervisor(tmp_path: Path) -> None:
    service = BranchService(tmp_path / "s.sqlite3", hasher=FAST_HASHER, today=TODAY)
    assert not service.is_initialised()
    with pytest.raises(LumbungError):
        service.branch_info()
    boss = service.initialise(
        cooperative_name="KSP Lumbung Sejahtera",
        branch_id="br01",
        branch_name="Cabang Ubud",
        device_no=2,
        supervisor_username="Made",
        supervisor_full_name="I Made Sudarsana",
        supervisor_password="made1234",
    )
    assert service.is_initialised()
    assert boss.username == "made" and boss.role == "supervisor"
    info = service.branch_info()
    assert info["branch_id"] == "BR01" and info["device_no"] == 2
    assert info["business_date"] == "2025-11-27"
    (event,) = service.store.events()
    assert event.type == "StaffAccountSet" and event.payload["password_hash"].startswith(
        "$argon2id$"
    )
    with pytest.raises(LumbungError):
        service.initialise(
            cooperative_name="X Koperasi",
            branch_id="BR02",
            branch_name="Lain",
            device_no=1,
            supervisor_username="x",
            supervisor_full_name="X Y",
            supervisor_password="12345678",
        )
    service.close()


def test_default_hasher_is_argon2id() -> None:
    assert PasswordHasher().hash("kata-sandi").startswith("$argon2id$")


def test_setup_validates_fields(tmp_path: Path) -> None:
    service = BranchService(":memory:", hasher=FAST_HASHER)
    base = dict(
        cooperative_name="KSP Lumbung Sejahtera",
        branch_id="BR01",
        branch_name="Cabang Ubud",
        device_no=1,
        supervisor_username="made",
        supervisor_full_name="I Made Sudarsana",
        supervisor_password="made1234",
    )
    for bad in (
        {"branch_id": "br 01!"},
        {"device_no": 0},
        {"supervisor_password": "short"},
        {"supervisor_username": "Made Sudarsana"},
    ):
        with pytest.raises(ValidationError):
            service.initialise(**{**base, **bad})  # type: ignore[arg-type]
    assert not service.is_initialised()


def test_login_and_roles(branch: Branch) -> None:
    svc = branch.service
    assert svc.authenticate(" AYU ", "ayu12345") == branch.teller
    with pytest.raises(LoginFailed) as info:
        svc.authenticate("ayu", "salah-sandi")
    assert info.value.message_id == "Nama pengguna atau kata sandi salah."
    with pytest.raises(LoginFailed):
        svc.authenticate("tidak-ada", "ayu12345")
    with pytest.raises(NotPermitted):
        svc.add_staff(
            actor=branch.teller,
            username="kadek",
            full_name="Kadek",
            role="teller",
            password="x" * 8,
        )
    with pytest.raises(ValidationError):
        svc.add_staff(
            actor=branch.supervisor,
            username="ayu",
            full_name="Ayu Lain",
            role="teller",
            password="x" * 8,
        )
    with pytest.raises(NotPermitted):
        svc.add_staff(
            actor=branch.supervisor,
            username="root",
            full_name="Root",
            role="admin",
            password="x" * 8,
        )
    assert {s.username for s in svc.staff_list()} == {"made", "ayu"}


def test_lockout_after_five_failures_survives_restart_and_expires(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "lumbung.sqlite3"
    branch = make_branch(path, clock=clock)
    svc = branch.service
    for _ in range(4):
        with pytest.raises(LoginFailed):
            svc.authenticate("ayu", "salah")
    with pytest.raises(AccountLocked):
        svc.authenticate("ayu", "salah")
    with pytest.raises(AccountLocked) as info:
        svc.authenticate("ayu", "ayu12345")  # even the right password waits
    assert info.value.minutes == 5 and "5 menit" in info.value.message_id
    assert svc.authenticate("made", "made1234") == branch.supervisor  # per user name
    svc.close()

    again = BranchService(path, clock=clock, hasher=FAST_HASHER, today=TODAY)
    with pytest.raises(AccountLocked):
        again.authenticate("ayu", "ayu12345")
    clock.advance(minutes=4)
    with pytest.raises(AccountLocked) as info:
        again.authenticate("ayu", "ayu12345")
    assert info.value.minutes == 1
    clock.advance(minutes=1, seconds=1)
    assert again.authenticate("ayu", "ayu12345").username == "ayu"
    # A success clears the count: four more failures do not lock.
    for _ in range(4):
        with pytest.raises(LoginFailed):
            again.authenticate("ayu", "salah")
    assert again.authenticate("ayu", "ayu12345").username == "ayu"
    again.close()


def test_authorise_needs_another_supervisor(branch: Branch) -> None:
    svc = branch.service
    assert svc.authorise("made", "made1234", for_user=branch.teller) == branch.supervisor
    with pytest.raises(NotPermitted):
        svc.authorise("made", "made1234", for_user=branch.supervisor)
    with pytest.raises(LoginFailed):
        svc.authorise("made", "salah", for_user=branch.teller)
