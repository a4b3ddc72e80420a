"""The branch service: everything the desktop UI does goes through one :class:`BranchService`.

Plain synchronous Python over the device's SQLite store, no Qt: the UI calls it from its store
worker thread only. Each method is one business action or one read; every posting commits the
event and its projections in one transaction, and any refusal (a
:class:`ledger.errors.LumbungError`, message in Bahasa Indonesia) leaves nothing written.
The work itself lives in :mod:`desktop.counter`, one module per area.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from desktop.counter import (
    day_close,
    drawer,
    loan_credit,
    loan_reads,
    loans,
    members,
    receipts,
    review,
    savings,
    staff,
)
from desktop.counter.context import Context
from desktop.counter.errors import (
    AccountLocked,
    AuthorisationRequired,
    DuplicateNik,
    LoginFailed,
    NoOpenSession,
    NotPermitted,
)
from desktop.counter.loan_records import (
    ArrearsLine,
    ArrearsReport,
    LoanDetail,
    LoanDue,
    LoanHistoryLine,
    LoanResult,
    LoanSummary,
    ScheduleDocument,
    ScheduleLine,
)
from desktop.counter.records import (
    CloseResult,
    HistoryRow,
    MemberDetail,
    MemberSummary,
    PostResult,
    Receipt,
    SessionInfo,
    StaffUser,
)
from desktop.counter.review import AccountOnHold, ReviewCase
from desktop.reports import data as report_data
from desktop.store import Store, sync_state
from desktop.store.store import system_ms
from ledger.clock import HybridClock
from ledger.events import Event, SettingChanged
from ledger.loans.allocation import Allocation
from ledger.loans.flow import SettlementQuote, Simulation
from ledger.loans.products import LoanProduct
from ledger.members import RegistrationInput
from ledger.policy import Limits
from ledger.posting import JournalLine
from ledger.reconcile import DayEvent
from ledger.settings import setting_value

__all__ = [
    "AccountLocked",
    "AccountOnHold",
    "ArrearsLine",
    "ArrearsReport",
    "AuthorisationRequired",
    "BranchService",
    "CloseResult",
    "DuplicateNik",
    "HistoryRow",
    "LoanDetail",
    "LoanDue",
    "LoanHistoryLine",
    "LoanResult",
    "LoanSummary",
    "LoginFailed",
    "MemberDetail",
    "MemberSummary",
    "NoOpenSession",
    "NotPermitted",
    "PostResult",
    "Receipt",
    "ReviewCase",
    "ScheduleDocument",
    "ScheduleLine",
    "SessionInfo",
    "StaffUser",
]

Today = Callable[[], dt.date] | dt.date


class BranchService:
    """One branch device's store and everything done with it (see module docstring).

    Args:
        db_path: The SQLite file (``desktop.store.paths.store_path(...)``), or ``":memory:"``.
        clock: The wall clock, a callable returning epoch milliseconds (or a
            :class:`ledger.clock.HybridClock`, whose wall clock is used). Tests pass a fake
            one to move time (lockouts, timestamps).
        today: The business date, a ``date`` or a callable returning one (default: the PC's
            date).
        hasher: The argon2id hasher (tests pass a cheap one; hashes carry their parameters,
            so verification works across settings).
    """

    def __init__(
        self,
        db_path: Path | str,
        *,
        clock: Callable[[], int] | HybridClock | None = None,
        today: Today | None = None,
        hasher: PasswordHasher | None = None,
    ) -> None:
        if isinstance(clock, HybridClock):
            clock = clock._now  # its wall clock: the store keeps its own HLC
        self._store = Store(db_path, wall_ms=clock or system_ms)
        self._today_override: dt.date | None = None
        self._today_source = today
        self._ctx = Context(self._store, today=self._today, hasher=hasher or PasswordHasher())

    def _today(self) -> dt.date:
        if self._today_override is not None:
            return self._today_override  # explicit: a closed date stays refused, never moved
        source = self._today_source
        if source is None:
            day = dt.date.fromtimestamp(self._store.wall_ms() / 1000)
        else:
            day = source if isinstance(source, dt.date) else source()
        identity = self._store.identity
        if identity is None:
            return day
        return day_close.next_open_date(self._store.conn, identity.branch_id, day)

    @property
    def store(self) -> Store:
        """The underlying store (sync and tests use it; the UI does not)."""
        return self._store

    def set_business_date(self, day: dt.date | None) -> None:
        """Post as of ``day`` until reset with ``None`` (demo data back-dates its history)."""
        self._today_override = day

    # Identity / first run -------------------------------------------------------------------

    def is_initialised(self) -> bool:
        return self._store.identity is not None

    def initialise(
        self,
        *,
        cooperative_name: str,
        branch_id: str,
        branch_name: str,
        device_no: int,
        supervisor_username: str,
        supervisor_full_name: str,
        supervisor_password: str,
    ) -> StaffUser:
        return staff.initialise(
            self._ctx,
            cooperative_name=cooperative_name,
            branch_id=branch_id,
            branch_name=branch_name,
            device_no=device_no,
            supervisor_username=supervisor_username,
            supervisor_full_name=supervisor_full_name,
            supervisor_password=supervisor_password,
        )

    def branch_info(self) -> dict[str, object]:
        identity = self._ctx.identity
        return {
            "cooperative_name": identity.cooperative_name,
            "branch_id": identity.branch_id,
            "branch_name": identity.branch_name,
            "device_id": identity.device_id,
            "device_no": identity.device_no,
            "business_date": self.business_date().isoformat(),
        }

    def business_date(self) -> dt.date:
        return self._ctx.business_date()

    # Staff ----------------------------------------------------------------------------------

    def add_staff(
        self, *, actor: StaffUser, username: str, full_name: str, role: str, password: str
    ) -> StaffUser:
        return staff.add_staff(
            self._ctx,
            actor=actor,
            username=username,
            full_name=full_name,
            role=role,
            password=password,
        )

    def authenticate(self, username: str, password: str) -> StaffUser:
        return staff.authenticate(self._ctx, username, password)

    def authorise(self, username: str, password: str, *, for_user: StaffUser) -> StaffUser:
        return staff.authorise(self._ctx, username, password, for_user=for_user)

    def staff_list(self) -> list[StaffUser]:
        return staff.staff_list(self._ctx)

    def get_staff(self, user_id: str) -> StaffUser | None:
        return staff.get_staff(self._ctx, user_id)

    # Settings -------------------------------------------------------------------------------

    def limits(self) -> Limits:
        return self._ctx.limits()

    def pokok_amount(self) -> int:
        return self._ctx.setting("pokok_amount")

    def wajib_amount(self) -> int:
        return self._ctx.setting("wajib_amount")

    def change_setting(self, key: str, value: int, *, actor: StaffUser) -> None:
        """Set a branch limit, amount or switch of :mod:`ledger.settings` (``teller_limit``,
        ``pokok_amount``, ...) as a SettingChanged event scoped to this branch. Supervisor only."""
        branch_id = self._ctx.identity.branch_id
        text = setting_value(key, value, branch_id=branch_id)
        with self._store.transaction():
            boss = self._ctx.require_supervisor(actor, "mengubah pengaturan", "change settings")
            self._store.append(
                SettingChanged(key=key, value=text, scope=branch_id),
                actor=boss.user_id,
                business_date=self._ctx.open_business_date(),
            )

    # Members --------------------------------------------------------------------------------

    def search_members(self, query: str, limit: int = 50) -> list[MemberSummary]:
        return members.search_members(self._ctx, query, limit)

    def member_by_no(self, member_no: str) -> MemberSummary | None:
        return members.by_no(self._ctx, member_no)

    def member_by_nik(self, nik: str) -> MemberSummary | None:
        return members.by_nik(self._ctx, nik)

    def member_detail(self, member_id: str) -> MemberDetail:
        return members.detail(self._ctx, member_id)

    def member_history(self, member_id: str, limit: int = 200) -> list[HistoryRow]:
        return members.history(self._ctx, member_id, limit)

    def register_member(self, form: RegistrationInput, *, actor: StaffUser) -> PostResult:
        return members.register(self._ctx, form, actor=actor)

    def update_member(self, member_id: str, changes: dict[str, str], *, actor: StaffUser) -> None:
        members.update(self._ctx, member_id, changes, actor=actor)

    # Savings --------------------------------------------------------------------------------

    def deposit(
        self,
        member_id: str,
        product: str,
        amount: int,
        *,
        actor: StaffUser,
        authorizer: StaffUser | None = None,
    ) -> PostResult:
        return savings.deposit(
            self._ctx, member_id, product, amount, actor=actor, authorizer=authorizer
        )

    def withdraw(
        self,
        member_id: str,
        product: str,
        amount: int,
        *,
        actor: StaffUser,
        authorizer: StaffUser | None = None,
    ) -> PostResult:
        return savings.withdraw(
            self._ctx, member_id, product, amount, actor=actor, authorizer=authorizer
        )

    def check_posting(
        self, kind: str, member_id: str, product: str, amount: int, *, actor: StaffUser
    ) -> savings.PostingCheck:
        """What :meth:`deposit` (``kind="deposit"``) or :meth:`withdraw` would refuse, raised
        before the counter asks anything; else whether a supervisor must authorise."""
        check = savings.check_deposit if kind == "deposit" else savings.check_withdrawal
        return check(self._ctx, member_id, product, amount, actor=actor)

    def member_hold(self, member_id: str) -> ReviewCase | None:
        """The open review case holding the member's account, if any."""
        return review.hold_case(self._ctx, member_id)

    def reverse(
        self, event_id: str, reason: str, *, actor: StaffUser, authorizer: StaffUser
    ) -> PostResult:
        return savings.reverse(self._ctx, event_id, reason, actor=actor, authorizer=authorizer)

    # Drawer ---------------------------------------------------------------------------------

    def open_session(self, *, actor: StaffUser, opening_float: int) -> SessionInfo:
        return drawer.open_session(self._ctx, actor=actor, opening_float=opening_float)

    def current_session(self, teller_id: str) -> SessionInfo | None:
        return drawer.current(self._ctx, teller_id)

    def close_session(
        self,
        *,
        actor: StaffUser,
        counted: dict[int, int],
        authorizer: StaffUser | None = None,
    ) -> CloseResult:
        return drawer.close_session(self._ctx, actor=actor, counted=counted, authorizer=authorizer)

    # Loans (desktop.counter.loans, loan_reads) -----------------------------------------------

    def loan_products(self, *, include_inactive: bool = False) -> list[LoanProduct]:
        """Loan products replicated from head office (or defined here when stand-alone)."""
        return loans.products(self._ctx, include_inactive=include_inactive)

    def define_loan_product(
        self, product: LoanProduct, *, actor: StaffUser, active: bool = True
    ) -> LoanProduct:
        """Supervisor, stand-alone devices only (head office defines them otherwise)."""
        return loans.define_product(self._ctx, product, actor=actor, active=active)

    def simulate_loan(
        self, product_id: str, principal: int, tenor: int, rate_bp: int | None = None
    ) -> Simulation:
        """Schedule, fees and effective rate as if disbursed today; refused out of range."""
        return loans.simulate(self._ctx, product_id, principal, tenor, rate_bp)

    def apply_loan(
        self,
        member_id: str,
        product_id: str,
        principal: int,
        tenor: int,
        *,
        actor: StaffUser,
        rate_bp: int | None = None,
        purpose: str = "",
    ) -> LoanResult:
        return loans.apply(
            self._ctx, member_id, product_id, principal, tenor,
            actor=actor, rate_bp=rate_bp, purpose=purpose,
        )  # fmt: skip

    def approve_loan(self, loan_id: str, *, approver: StaffUser, note: str = "") -> LoanResult:
        return loans.approve(self._ctx, loan_id, approver=approver, note=note)

    def reject_loan(self, loan_id: str, reason: str, *, approver: StaffUser) -> LoanResult:
        return loans.reject(self._ctx, loan_id, reason, approver=approver)

    def disburse_loan(
        self,
        loan_id: str,
        *,
        actor: StaffUser,
        channel: str = "cash",
        authorizer: StaffUser | None = None,
        first_due: dt.date | None = None,
    ) -> LoanResult:
        return loans.disburse(
            self._ctx, loan_id, actor=actor, channel=channel, authorizer=authorizer,
            first_due=first_due,
        )  # fmt: skip

    def preview_repayment(self, loan_id: str, amount: int) -> Allocation:
        return loans.preview_repayment(self._ctx, loan_id, amount)

    def repay_loan(
        self,
        loan_id: str,
        amount: int,
        *,
        actor: StaffUser,
        channel: str = "cash",
        authorizer: StaffUser | None = None,
    ) -> LoanResult:
        return loans.repay(
            self._ctx, loan_id, amount, actor=actor, channel=channel, authorizer=authorizer
        )

    def settlement_quote(self, loan_id: str) -> SettlementQuote:
        return loans.settlement_quote(self._ctx, loan_id)

    def settle_loan(
        self,
        loan_id: str,
        *,
        actor: StaffUser,
        channel: str = "cash",
        authorizer: StaffUser | None = None,
        expected_total: int | None = None,
    ) -> LoanResult:
        return loans.settle(
            self._ctx, loan_id, actor=actor, channel=channel, authorizer=authorizer,
            expected_total=expected_total,
        )  # fmt: skip

    def refund_loan_overpayment(
        self, case_id: str, *, actor: StaffUser, note: str = ""
    ) -> LoanResult:
        """Decide a loan overpayment case from head office: the credit to sukarela."""
        return loan_credit.refund_overpayment(self._ctx, case_id, actor=actor, note=note)

    def member_loans(self, member_id: str, *, include_void: bool = False) -> list[LoanSummary]:
        return loan_reads.member_loans(self._ctx, member_id, include_void=include_void)

    def loans_with_status(self, *statuses: str) -> list[LoanSummary]:
        return loan_reads.loans_with_status(self._ctx, *statuses)

    def loan_detail(self, loan_id: str) -> LoanDetail:
        return loan_reads.detail(self._ctx, loan_id)

    def loan_due(self, loan_id: str) -> LoanDue:
        return loan_reads.due(self._ctx, loan_id)

    def loan_arrears(self) -> ArrearsReport:
        """Open loans by kolektibilitas as of the business date, with PAR30 and NPL."""
        return loan_reads.arrears(self._ctx)

    def simulation_document(
        self,
        product_id: str,
        principal: int,
        tenor: int,
        *,
        rate_bp: int | None = None,
        member_id: str | None = None,
        teller_name: str = "",
    ) -> ScheduleDocument:
        return loan_reads.simulation_document(
            self._ctx, product_id, principal, tenor,
            rate_bp=rate_bp, member_id=member_id, teller_name=teller_name,
        )  # fmt: skip

    def loan_schedule_document(self, loan_id: str, *, teller_name: str = "") -> ScheduleDocument:
        return loan_reads.loan_document(self._ctx, loan_id, teller_name=teller_name)

    # Review cases and offline authority (sync) ---------------------------------------------

    def set_online(self, online: bool | None) -> None:
        """What the sync worker sees: False bounds payouts to the offline allowances
        (``home_offline_daily``, ``standin_offline``); None = stand-alone, no bound."""
        self._ctx.online = online

    def review_cases(self, *, include_resolved: bool = True) -> list[ReviewCase]:
        """Head office's review cases pulled into this store, open ones first."""
        return review.list_cases(self._ctx, include_resolved=include_resolved)

    def open_review_count(self) -> int:
        return review.open_case_count(self._ctx)

    def resolve_review_case(
        self,
        case_id: str,
        resolution: str,
        *,
        actor: StaffUser,
        note: str = "",
        release_hold: bool = True,
    ) -> ReviewCase:
        """Decide an open case (supervisor): a ReviewCaseResolved event that syncs to the
        server; by default it releases the account's hold."""
        return review.resolve(
            self._ctx, case_id, resolution, actor=actor, note=note, release_hold=release_hold
        )

    def sync_log(self, limit: int = 500) -> list[tuple[str, str, str]]:
        """The sync log, newest first: (local time, level, message)."""
        return sync_state.read_log(self._store.conn, limit)

    # End of day (desktop.counter.day_close) -------------------------------------------------

    def report_day(self) -> str:
        """The day the reports open on: the business date, or the last closed day while
        nothing is posted yet on a business date that just opened."""
        today = self.business_date().isoformat()
        branch = self._ctx.identity.branch_id
        posted = self._store.conn.execute(
            "SELECT 1 FROM events WHERE branch_id = ? AND business_date = ? LIMIT 1",
            (branch, today),
        ).fetchone()
        closed = day_close.last_closed(self._store.conn, branch)
        return closed if closed is not None and not posted else today

    def pc_labels(self) -> dict[str, str]:
        """Every PC this store holds events of, by device id: ``"PC 02"``."""
        ids = [str(d) for (d,) in self._store.conn.execute("SELECT DISTINCT device_id FROM events")]
        return {d: self._ctx.device_label(d) for d in ids}

    def day_overview(self, day: str | None = None) -> day_close.DayOverview:
        """Sessions, outbox, the branch's digest and the last comparison, for the close."""
        return day_close.overview(self._ctx, day)

    def reconcile_day(
        self, day: str, server_digest: dict[str, Any], server_events: list[DayEvent]
    ) -> day_close.Reconciliation:
        """Compare the day with head office's digest and events (fetched by the sync thread)."""
        return day_close.reconcile(self._ctx, day, server_digest, server_events)

    def close_day(
        self, *, actor: StaffUser, day: str | None = None, reason: str = ""
    ) -> day_close.DayCloseResult:
        """Close the business day (supervisor); see :func:`desktop.counter.day_close.close_day`."""
        return day_close.close_day(self._ctx, actor=actor, day=day, reason=reason)

    def days_awaiting_reconciliation(self) -> list[str]:
        """Days closed offline whose comparison with head office is still to come."""
        return day_close.awaiting_reconciliation(self._ctx)

    def closed_days(self, limit: int = 60) -> list[day_close.DayCloseRecord]:
        return day_close.closed_days(self._ctx, limit)

    def branch_trial_balance(self, as_of: str | None = None) -> dict[str, int]:
        """This branch's accounts only (signed, debit positive), as of a date's end."""
        return day_close.branch_trial_balance(self._ctx, as_of)

    def report(self, kind: str, **params: Any) -> Any:
        """A report's data (desktop.reports.data): ``teller_cash``, ``journal``,
        ``trial_balance``, ``statement``, ``savings``, ``loan_portfolio``, ``end_of_day``."""
        return report_data.build(self._ctx, kind, **params)

    # Receipts, books, sync hooks -------------------------------------------------------------

    def receipt(self, event_id: str, *, reprint: bool = False) -> Receipt:
        return receipts.receipt(self._ctx, event_id, reprint=reprint)

    def journal_lines(self, event_id: str) -> list[JournalLine]:
        return [
            JournalLine(account, debit, credit)
            for account, debit, credit in self._store.conn.execute(
                "SELECT account, debit, credit FROM journal_lines WHERE event_id = ? ORDER BY id",
                (event_id,),
            )
        ]

    def trial_balance(self) -> dict[str, int]:
        """Signed balance per account key (debit positive); the values sum to zero."""
        return {
            account: int(balance)
            for account, balance in self._store.conn.execute(
                "SELECT account, balance FROM gl_balances WHERE balance != 0 ORDER BY account"
            )
        }

    def apply_events(self, events: list[Event]) -> int:
        """Apply events from other devices (sync pull); idempotent. Returns how many were new."""
        return self._store.apply_events(events)

    def pending_count(self) -> int:
        return self._store.pending_count()

    def close(self) -> None:
        self._store.close()
