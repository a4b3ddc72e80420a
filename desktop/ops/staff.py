"""First run, login and supervisor authorisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.worker import Changes, CollectionOp, QueryOp

if TYPE_CHECKING:
    from desktop.services import BranchService, StaffUser
    from ledger.policy import Limits


@dataclass(frozen=True)
class StoreState:
    """What the UI needs before anyone logs in.

    Attributes:
        initialised: False on a fresh store (first-run setup is shown).
        branch: ``branch_info()`` when initialised, else empty.
    """

    initialised: bool
    branch: dict[str, Any]


@dataclass(frozen=True)
class GetStoreState(QueryOp[StoreState]):
    def run(self, service: BranchService) -> StoreState:
        if not service.is_initialised():
            return StoreState(False, {})
        return StoreState(True, dict(service.branch_info()))


@dataclass(frozen=True)
class Initialise(CollectionOp["StaffUser"]):
    cooperative_name: str
    branch_id: str
    branch_name: str
    device_no: int
    supervisor_username: str
    supervisor_full_name: str
    supervisor_password: str

    def run(self, service: BranchService) -> StaffUser:
        return service.initialise(
            cooperative_name=self.cooperative_name,
            branch_id=self.branch_id,
            branch_name=self.branch_name,
            device_no=self.device_no,
            supervisor_username=self.supervisor_username,
            supervisor_full_name=self.supervisor_full_name,
            supervisor_password=self.supervisor_password,
        )

    def changes(self, result: StaffUser) -> Changes:
        return Changes(staff=True)


@dataclass(frozen=True)
class LoginResult:
    """A logged-in user with what the screens need about the branch.

    Attributes:
        user: The staff member.
        branch: ``branch_info()``.
        limits: The teller limits (to know when a supervisor must authorise).
        session: The user's open drawer session, or None.
        pokok_amount: Simpanan pokok paid on registration.
    """

    user: StaffUser
    branch: dict[str, Any]
    limits: Limits
    session: Any
    pokok_amount: int


@dataclass(frozen=True)
class Login(QueryOp[LoginResult]):
    username: str
    password: str

    def run(self, service: BranchService) -> LoginResult:
        user = service.authenticate(self.username, self.password)
        return LoginResult(
            user=user,
            branch=dict(service.branch_info()),
            limits=service.limits(),
            session=service.current_session(user.user_id),
            pokok_amount=service.pokok_amount(),
        )


@dataclass(frozen=True)
class Authorise(QueryOp["StaffUser"]):
    """A supervisor's credentials for something over the teller's authority."""

    username: str
    password: str
    for_user: StaffUser

    def run(self, service: BranchService) -> StaffUser:
        return service.authorise(self.username, self.password, for_user=self.for_user)
