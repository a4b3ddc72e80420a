"""The counter: login, first-run setup, and the work page (search beside the member).

Keyboard: F2 search, F3 new member, F4 edit profile, F5 deposit, F6 withdraw, F7 reprint,
F8 reverse, F9 open drawer, F10 close drawer, Ctrl+L lock; F12 sync now, Ctrl+R review queue;
loans (desktop.views.loans.menu): F11 repayment, Ctrl+Shift+S/P/C/I/T simulation and
application, approval, disbursement, the member's loan, arrears; end of day
(desktop.views.eod_menu): Ctrl+Shift+D close the business day, Ctrl+Shift+R reports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop.ops.drawer import CurrentSession
from desktop.ops.savings import GetReceipt
from desktop.ops.slips import cash_count_slip
from desktop.ops.staff import GetStoreState, StoreState
from desktop.ops.sync import ReloadIdentity
from desktop.receipts import THERMAL_80, archive_path, write_pdf
from desktop.reports.render import print_report, report_path
from desktop.reports.render import write_pdf as write_report_pdf
from desktop.views.drawer import CloseDrawerDialog, OpenDrawerDialog
from desktop.views.eod_menu import EodMenu
from desktop.views.loans.menu import LoanMenu
from desktop.views.login import LoginPage
from desktop.views.member_detail import REVERSIBLE, MemberDetailPanel
from desktop.views.member_search import MemberSearch
from desktop.views.profile import ProfileDialog
from desktop.views.receipt import ReceiptDialog
from desktop.views.register import RegisterDialog
from desktop.views.reversal import ReversalDialog
from desktop.views.screen_fit import ScreenFit
from desktop.views.setup import SetupPage
from desktop.views.status import CounterStatusBar
from desktop.views.sync_menu import SyncMenu
from desktop.views.transaction import DEPOSIT, WITHDRAW, TransactionDialog
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.ops.staff import LoginResult
    from desktop.services import CloseResult, PostResult
    from desktop.views.context import UiContext
    from desktop.worker import Changes

log = logging.getLogger(__name__)

LOGIN, SETUP, WORK = range(3)


class MainWindow(QMainWindow):
    """Signals: receipt_shown(object) with the ReceiptDialog (tests and screenshots wait on it)."""

    receipt_shown = Signal(object)
    state_loaded = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowTitle("Lumbung")
        self.resize(1366, 768)  # capped to the screen as it shows (desktop.views.screen_fit)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(ScreenFit(self))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.login_page = LoginPage(ctx)
        self.setup_page = SetupPage(ctx)
        self.stack.addWidget(self.login_page)
        self.stack.addWidget(self.setup_page)

        work = QSplitter(Qt.Orientation.Horizontal)
        work.setObjectName("workPage")
        self.search = MemberSearch(ctx)
        self.detail = MemberDetailPanel(ctx)
        work.addWidget(self.search)
        work.addWidget(self.detail)
        work.setStretchFactor(0, 2)
        work.setStretchFactor(1, 3)
        work.setSizes([560, 806])
        self.stack.addWidget(work)
        self.setStatusBar(CounterStatusBar(ctx))
        self._build_actions()

        self.login_page.logged_in.connect(self._logged_in)
        self.setup_page.initialised.connect(self._initialised)
        self.setup_page.enrolled.connect(self._enrolled)
        self.search.member_chosen.connect(self.open_member)
        self.detail.loaded.connect(lambda _page: self._update_actions())
        self.detail.history.itemSelectionChanged.connect(self._update_actions)
        ctx.worker.changed.connect(self._changed)
        ctx.drawer_changed.connect(lambda _s: self._update_actions())
        self.stack.setCurrentIndex(LOGIN)
        self._first_user = ""
        self.cash_slip: Any = None  # the last drawer close's cash-count slip (a Report)
        self._exit_confirmed = False
        self._update_actions()

    # -- actions ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Counter"))
        bar.setObjectName("counterToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)

        def action(name: str, text: str, key: str, slot: Callable[[], object]) -> QAction:
            act = QAction(text, self)
            act.setIconText(f"{text} ({key})")  # the toolbar's button; a menu shows the key
            act.setObjectName(name)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            bar.addAction(act)
            self.addAction(act)
            return act

        self.act_search = action("actSearch", self.tr("Search"), "F2", self.focus_search)
        self.act_register = action("actRegister", self.tr("New member"), "F3", self.register_member)
        self.act_profile = action("actProfile", self.tr("Edit profile"), "F4", self.edit_profile)
        bar.addSeparator()
        self.act_deposit = action(
            "actDeposit", self.tr("Deposit"), "F5", lambda: self.transaction(DEPOSIT)
        )
        self.act_withdraw = action(
            "actWithdraw", self.tr("Withdraw"), "F6", lambda: self.transaction(WITHDRAW)
        )
        self.act_reprint = action("actReprint", self.tr("Reprint receipt"), "F7", self.reprint)
        self.act_reverse = action("actReverse", self.tr("Reverse"), "F8", self.reverse)
        # The drawer and the lock on a toolbar of their own, which moves to a second row when
        # the window is too narrow for both (a 1024-pixel laptop): never behind a "»".
        self.counter_bar = bar
        bar = QToolBar(self.tr("Drawer"))
        bar.setObjectName("drawerToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.drawer_bar = bar
        self._bar_break = False
        self.act_open_drawer = action(
            "actOpenDrawer", self.tr("Open drawer"), "F9", self.open_drawer
        )
        self.act_close_drawer = action(
            "actCloseDrawer", self.tr("Close drawer"), "F10", self.close_drawer
        )
        bar.addSeparator()
        self.act_lock = action("actLock", self.tr("Lock"), "Ctrl+L", lambda: self.lock(idle=False))
        self.sync_menu = SyncMenu(self)
        self.loan_menu = LoanMenu(self)
        self.eod_menu = EodMenu(self)

    # -- leaving -------------------------------------------------------------------------------

    def exit_reasons(self) -> list[str]:
        """What a teller should know before closing the app (nothing of it is lost)."""
        reasons = []
        session = self.ctx.session
        if session is not None and self.ctx.user is not None:
            reasons.append(
                self.tr(
                    "Your cash drawer is still open (expected {}). Close it (F10) before "
                    "leaving so the day can close."
                ).format(format_rupiah(int(session.expected_cash)))
            )
        sync = self.ctx.sync
        pending = int(getattr(sync.status, "pending", 0)) if sync is not None else 0
        if pending and sync is not None and sync.status.state != "unconfigured":
            reasons.append(
                self.tr(
                    "{} transactions have not reached head office yet; they are sent the next "
                    "time Lumbung runs with a connection."
                ).format(pending)
            )
        return reasons

    def closeEvent(self, event: QCloseEvent) -> None:
        reasons = [] if self._exit_confirmed else self.exit_reasons()
        if not reasons:
            super().closeEvent(event)
            return
        event.ignore()  # asked first; the app may still close, and nothing is lost
        box = QMessageBox(self)
        box.setObjectName("exitWarning")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Close Lumbung?"))
        box.setText("\n\n".join(reasons))
        box.setInformativeText(
            self.tr("Everything posted is saved on this PC. Close the app anyway?")
        )
        leave = box.addButton(self.tr("Close anyway"), QMessageBox.ButtonRole.DestructiveRole)
        leave.setObjectName("exitAnyway")
        stay = box.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is leave:
                self._exit_confirmed = True
                self.close()

        box.finished.connect(answered)
        box.open()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.counter_bar.sizeHint().width() + self.drawer_bar.sizeHint().width() + 8
        want_break = self.width() < wide
        if want_break != self._bar_break:
            if want_break:
                self.insertToolBarBreak(self.drawer_bar)
            else:
                self.removeToolBarBreak(self.drawer_bar)
            self._bar_break = want_break

    def _update_actions(self) -> None:
        working = self.stack.currentIndex() == WORK and self.ctx.user is not None
        member = working and self.detail.page is not None
        row = self.detail.selected_history_row() if member else None
        drawer = self.ctx.session is not None
        for act in (self.act_search, self.act_register, self.act_lock):
            act.setEnabled(working)
        self.act_profile.setEnabled(member)
        self.act_deposit.setEnabled(member)
        self.act_withdraw.setEnabled(member)
        self.act_reprint.setEnabled(bool(row and row.receipt_no))
        self.act_reverse.setEnabled(bool(row and row.type in REVERSIBLE and not row.reversed))
        self.act_open_drawer.setEnabled(working and not drawer)
        self.act_close_drawer.setEnabled(working and drawer)
        self.sync_menu.update(working)
        self.loan_menu.update(working, member)
        self.eod_menu.update(working)

    def refresh_actions(self) -> None:
        self._update_actions()

    # -- start, login, lock ------------------------------------------------------------------

    def start(self) -> None:
        """Ask the store whether this branch is set up (opens the store in the worker)."""
        self.login_page.reset()
        self.ctx.worker.submit(GetStoreState(), self._state_loaded)

    def _state_loaded(self, state: StoreState) -> None:
        if state.initialised:
            self.ctx.set_branch(state.branch)
            self.stack.setCurrentIndex(LOGIN)
            self.login_page.reset()
            if self._first_user:
                # Just set up: the new supervisor only needs to type the password.
                self.login_page.username.setText(self._first_user)
                self.login_page.password.setFocus()
                self._first_user = ""
        else:
            self.stack.setCurrentIndex(SETUP)
            self.setup_page.focus_first()
        self.state_loaded.emit(state)

    def _initialised(self, supervisor: Any) -> None:
        self._first_user = supervisor.username
        self.ctx.worker.submit(GetStoreState(), self._state_loaded)

    def _enrolled(self, _identity: Any) -> None:
        """Head office's identity is in the store (written by the sync thread): read it here
        too, show the login, and start syncing."""
        self.ctx.worker.submit(ReloadIdentity())
        self.ctx.worker.submit(GetStoreState(), self._state_loaded)
        if self.ctx.sync is not None:
            self.ctx.sync.enrolled()

    def _logged_in(self, result: LoginResult) -> None:
        self.ctx.login(result)
        self.stack.setCurrentIndex(WORK)
        self._update_actions()
        self.focus_search()

    def lock(self, *, idle: bool = True) -> None:
        """Back to the login screen; open dialogs are cancelled (nothing is posted by them).
        ``idle``: locked for want of input (the idle watcher), else by the user (Ctrl+L)."""
        if self.ctx.user is None:
            return
        user = self.ctx.user
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        self.search.field.clear()
        self.detail.clear()
        self.ctx.logout()
        self.stack.setCurrentIndex(LOGIN)
        self.login_page.reset(locked_user=user.username, idle=idle)
        self._update_actions()

    # -- members -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.stack.currentIndex() == WORK:
            self.search.focus_search()

    def open_member(self, member_id: str) -> None:
        self.detail.load(member_id)

    def register_member(self) -> None:
        if not self._require_drawer(self.register_member):
            return
        dialog = RegisterDialog(self.ctx, self)
        dialog.registered.connect(self._registered)
        dialog.open_existing.connect(self.open_member)
        dialog.open()

    def _registered(self, result: PostResult) -> None:
        self.open_member(result.member_id)
        self.show_receipt(result.event_id)

    def edit_profile(self) -> None:
        if self.detail.page is None:
            return
        dialog = ProfileDialog(self.ctx, self.detail.page.detail, self)
        dialog.open()

    # -- money -------------------------------------------------------------------------------

    def _require_drawer(self, then: Callable[[], object]) -> bool:
        """True when the drawer is open; otherwise open it first, then carry on with ``then``."""
        if self.ctx.session is not None:
            return True
        dialog = OpenDrawerDialog(self.ctx, self)
        dialog.opened.connect(lambda _session: then())
        dialog.open()
        return False

    def transaction(self, mode: str) -> None:
        if self.detail.page is None:
            return
        if not self._require_drawer(lambda: self.transaction(mode)):
            return
        dialog = TransactionDialog(self.ctx, mode, self.detail.page.detail, self)
        dialog.posted.connect(lambda result: self.show_receipt(result.event_id))
        dialog.open()

    def reverse(self) -> None:
        row = self.detail.selected_history_row()
        if row is None or row.type not in REVERSIBLE or row.reversed:
            return
        if not self._require_drawer(self.reverse):
            return
        dialog = ReversalDialog(self.ctx, row, self)
        dialog.reversed.connect(lambda result: self.show_receipt(result.event_id))
        dialog.open()

    def reprint(self) -> None:
        row = self.detail.selected_history_row()
        if row is not None and row.receipt_no:
            self.show_receipt(row.event_id, reprint=True)

    def show_receipt(self, event_id: str, reprint: bool = False) -> None:
        self.ctx.worker.submit(GetReceipt(event_id, reprint), self._receipt_ready)

    def _receipt_ready(self, receipt: Any) -> None:
        path: Path | None = archive_path(self.ctx.receipts_dir, receipt)
        try:
            write_pdf(receipt, archive_path(self.ctx.receipts_dir, receipt), THERMAL_80)
        except OSError:
            # The transaction is posted whatever happens to the PDF: it can be reprinted.
            log.exception("could not save receipt %s", receipt.receipt_no)
            path = None
        dialog = ReceiptDialog(receipt, path, self)
        dialog.finished.connect(lambda _r: self.focus_search())
        dialog.open()
        self.receipt_shown.emit(dialog)

    # -- drawer ------------------------------------------------------------------------------

    def open_drawer(self) -> None:
        if self.ctx.session is None and self.ctx.user is not None:
            OpenDrawerDialog(self.ctx, self).open()

    def close_drawer(self) -> None:
        if self.ctx.user is None:
            return
        self.ctx.worker.submit(CurrentSession(self.ctx.user.user_id), self._count_drawer)

    def _count_drawer(self, session: Any) -> None:
        self.ctx.set_session(session)
        if session is None:
            return
        dialog = CloseDrawerDialog(self.ctx, session, self)
        dialog.closed.connect(lambda result: self._drawer_closed(result, dialog.slip_facts()))
        dialog.open()

    def _signed_difference(self, difference: int) -> str:
        """The drawer's difference with its sign in words (lebih / kurang)."""
        if difference > 0:
            return self.tr("over {}").format(format_rupiah(difference))
        if difference < 0:
            return self.tr("short {}").format(format_rupiah(-difference))
        return format_rupiah(0)

    def _drawer_closed(self, result: CloseResult, facts: dict[str, Any] | None = None) -> None:
        self.ctx.set_session(None)
        slip = None
        if facts is not None and self.ctx.user is not None:
            slip = cash_count_slip(
                self.ctx.branch,
                teller=self.ctx.user.full_name,
                business_date=str(self.ctx.branch.get("business_date", "")),
                pieces=facts["pieces"],
                expected=int(result.expected),
                counted=int(result.counted_total),
                supervisor=str(facts.get("supervisor", "")),
            )
        box = QMessageBox(self)
        box.setObjectName("drawerClosedBox")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Drawer closed"))
        box.setText(
            self.tr(
                "Drawer closed. Expected {expected}, counted {counted}, difference {diff}."
            ).format(
                expected=format_rupiah(int(result.expected)),
                counted=format_rupiah(int(result.counted_total)),
                diff=self._signed_difference(int(result.difference)),
            )
        )
        if slip is not None:
            # The cash-count slip to sign, saved beside the reports and printable from here.
            try:
                path = write_report_pdf(slip, report_path(self.ctx.data_dir / "reports", slip))
                box.setInformativeText(
                    self.tr("Cash-count slip to sign (teller and supervisor): {}").format(path)
                )
            except OSError:
                log.exception("could not write the cash-count slip")
            printing = box.addButton(self.tr("Print slip…"), QMessageBox.ButtonRole.ActionRole)
            printing.setObjectName("printCashSlip")
            printing.clicked.connect(lambda: print_report(slip, self))
            box.addButton(QMessageBox.StandardButton.Ok)
        self.cash_slip = slip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- refresh after writes ---------------------------------------------------------------

    def refresh_after_pull(self) -> None:
        """Events from other branches arrived: what is on screen may have changed."""
        if self.stack.currentIndex() != WORK:
            return
        if self.detail.member_id:
            self.detail.reload()
        self.search.refresh()

    def _changed(self, changes: Changes) -> None:
        if self.detail.member_id and self.detail.member_id in changes.member_ids:
            self.detail.reload()
        if changes.member_ids:
            self.search.refresh()
        if changes.drawer and self.ctx.user is not None:
            self.ctx.worker.submit(CurrentSession(self.ctx.user.user_id), self.ctx.set_session)
