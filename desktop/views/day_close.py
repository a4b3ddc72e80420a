"""The supervisor's day close: drawers, the outbox, the branch beside head office, the close.

The screen reads the day from the store thread; head office's side comes from the sync thread
(:func:`desktop.day_link.fetch_task`: push what waits, pull, then the server's digest and
event list), and the store thread records the comparison. The network never runs on the UI
thread. Closing needs head office's agreement, or a written reason (offline, or over a
mismatch the supervisor has seen); the end-of-day report PDF is written at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import day_link
from desktop.i18n import error_text, translate
from desktop.ops.day_close import (
    BranchInfo,
    BuildReport,
    CloseDay,
    DayOverviewOp,
    DaysAwaitingReconciliation,
    PcLabels,
    ReconcileDays,
)
from desktop.ops.slips import day_close_slip
from desktop.reports.data import label as event_label
from desktop.reports.render import print_report, report_path, write_pdf
from desktop.sync_worker import UNCONFIGURED
from desktop.views.day_close_summary import DayCloseSummary
from desktop.views.fmt import date_text
from desktop.views.labels import QT_TRANSLATE_NOOP
from desktop.views.screen_fit import scroll_section
from desktop.views.widgets import FieldError
from ledger.errors import LumbungError
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.counter.day_close import DayCloseResult, DayOverview, Reconciliation
    from desktop.views.context import UiContext

log = logging.getLogger(__name__)

_STATUS = {
    "agreed": QT_TRANSLATE_NOOP("DayClose", "Agrees with head office"),
    "mismatch": QT_TRANSLATE_NOOP("DayClose", "Differs from head office"),
    "pending": QT_TRANSLATE_NOOP("DayClose", "Not yet compared with head office"),
}
_MISMATCH = {
    "missing_at_server": QT_TRANSLATE_NOOP("DayClose", "Missing at head office"),
    "unknown_locally": QT_TRANSLATE_NOOP("DayClose", "Unknown at this branch"),
    "content_differs": QT_TRANSLATE_NOOP("DayClose", "Content differs"),
}


def _money(value: int) -> str:
    return format_rupiah(int(value))


def _when(iso: str) -> str:
    """Head office's ISO time as local ``dd-mm HH:MM`` (``-`` for never)."""
    if not iso:
        return "-"
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%d-%m %H:%M")
    except ValueError:
        return iso


def _table(name: str, headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class DayCloseDialog(QDialog):
    """Signals: closed_day(object) with the DayCloseResult; compared(object) with the
    Reconciliation once the screen shows it (tests and screenshots wait on them)."""

    closed_day = Signal(object)
    compared = Signal(object)
    loaded = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: DayOverview | None = None
        self.report_file: Path | None = None
        self.comparing = False
        self.offline_message = ""
        self._shown_next: Reconciliation | None = None
        self._labels: dict[str, str] = {}
        self._slip_after_load = False
        self.slip_file: Path | None = None
        self.summary: DayCloseSummary | None = None
        self.setObjectName("dayCloseDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Close the business day"))
        # Room to read the tables where the screen has it; capped to a small screen as it
        # shows (desktop.views.screen_fit), where the tables scroll.
        self.resize(1180, 780)
        layout = QVBoxLayout(self)

        self.title = QLabel()
        self.title.setObjectName("dayTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.status = QLabel()
        self.status.setObjectName("dayStatus")
        self.status.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.status, 2)
        layout.addLayout(head)

        layout.addWidget(QLabel(self.tr("Teller sessions of the day")))
        self.sessions = _table(
            "sessionTable",
            [self.tr("Teller"), self.tr("PC"), self.tr("Opened"), self.tr("Float"),
             self.tr("Transactions"), self.tr("Cash in"), self.tr("Cash out"),
             self.tr("Expected"), self.tr("Counted"), self.tr("Difference"), self.tr("Status")],
        )  # fmt: skip
        layout.addWidget(self.sessions, 2)
        self.outbox = QLabel()
        self.outbox.setObjectName("outboxLabel")
        layout.addWidget(self.outbox)

        layout.addWidget(QLabel(self.tr("The branch's PCs, as head office last heard from them")))
        self.pcs = _table(
            "pcTable",
            [self.tr("PC"), self.tr("Name"), self.tr("Last contact"),
             self.tr("Held by head office"), self.tr("Last recorded"), self.tr("Waiting"),
             self.tr("Drawers open"), self.tr("Status")],
        )  # fmt: skip
        self.pcs.setMinimumHeight(112)  # a branch's usual two or three PCs, unscrolled
        layout.addWidget(self.pcs, 1)
        self.pc_line = QLabel()
        self.pc_line.setObjectName("pcLine")
        self.pc_line.setWordWrap(True)
        layout.addWidget(self.pc_line)

        layout.addWidget(QLabel(self.tr("This branch beside head office, per PC and kind")))
        self.digests = _table(
            "digestTable",
            [self.tr("PC"), self.tr("Kind"), self.tr("Branch: count"),
             self.tr("Branch: total"), self.tr("Head office: count"),
             self.tr("Head office: total"), self.tr("Agrees")],
        )  # fmt: skip
        layout.addWidget(self.digests, 3)
        self.digest_line = QLabel()
        self.digest_line.setObjectName("digestLine")
        self.digest_line.setWordWrap(True)
        layout.addWidget(self.digest_line)

        layout.addWidget(QLabel(self.tr("Differences, event by event")))
        self.mismatches = _table(
            "mismatchTable",
            [self.tr("Difference"), self.tr("PC"), self.tr("Seq."), self.tr("Kind"),
             self.tr("At branch"), self.tr("At head office"), self.tr("Note")],
        )  # fmt: skip
        layout.addWidget(self.mismatches, 2)

        reason_row = QHBoxLayout()
        reason_row.addWidget(
            QLabel(self.tr("Reason (needed to close offline or over a difference)"))
        )
        self.reason = QLineEdit()
        self.reason.setObjectName("closeReason")
        self.reason.setMaxLength(300)
        reason_row.addWidget(self.reason, 1)
        layout.addLayout(reason_row)
        self.reason_error = FieldError()
        layout.addWidget(self.reason_error)

        buttons = QHBoxLayout()
        self.compare_button = QPushButton(self.tr("Compare with head office"))
        self.compare_button.setObjectName("compareButton")
        self.close_day_button = QPushButton(self.tr("Close the day"))
        self.close_day_button.setObjectName("closeDayButton")
        self.report_button = QPushButton(self.tr("End-of-day report"))
        self.report_button.setObjectName("eodReportButton")
        done = QPushButton(self.tr("Close"))
        done.setObjectName("doneButton")
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.close_day_button)
        buttons.addWidget(done)
        layout.addLayout(buttons)
        self.compare_button.clicked.connect(self.compare)
        self.close_day_button.clicked.connect(self.close_day)
        self.report_button.clicked.connect(self.write_report)
        done.clicked.connect(self.reject)
        self.close_day_button.setEnabled(False)
        # The tables scroll together on a small screen; the reason and buttons stay in view.
        self.tables_area = scroll_section(layout, 1, layout.indexOf(self.mismatches) + 1)

    # -- loading -----------------------------------------------------------------------------

    @property
    def has_server(self) -> bool:
        return self.ctx.sync is not None and self.ctx.sync.status.state != UNCONFIGURED

    def load(self, *, compare: bool = False) -> None:
        day = self.view.business_date if self.view is not None else None
        self.ctx.worker.submit(PcLabels(), self._set_labels)  # answered first: ops run in order
        self.ctx.worker.submit(DayOverviewOp(day), lambda v: self._loaded(v, compare))

    def _set_labels(self, labels: dict[str, str]) -> None:
        self._labels = dict(labels)

    def _loaded(self, view: DayOverview, compare: bool) -> None:
        self.view = view
        self.title.setText(self.tr("Business day {}").format(date_text(view.business_date)))
        self._show_sessions(view)
        self._show_pcs(view)
        self._show_comparison(view)
        self._update()
        if self._slip_after_load and view.closed is not None:
            self._slip_after_load = False
            self._write_slip(view)
        self.loaded.emit(view)
        if self._shown_next is not None:
            result, self._shown_next = self._shown_next, None
            self.compared.emit(result)
        if compare and self.has_server and view.closed is None:
            self.compare()

    def _signed(self, difference: int) -> str:
        """A cash difference with its sign in words (lebih / kurang)."""
        if difference > 0:
            return self.tr("over {}").format(_money(difference))
        if difference < 0:
            return self.tr("short {}").format(_money(-difference))
        return _money(0)

    def _show_sessions(self, view: DayOverview) -> None:
        rows = [
            (s.teller_name, f"PC {s.device}" if s.device.isdigit() else s.device,
             s.opened_at[11:16], _money(s.opening_float),
             str(s.transactions), _money(s.cash_in), _money(s.cash_out), _money(s.expected),
             _money(s.counted) if s.status != "open" else "",
             self._signed(s.difference) if s.status != "open" else "",
             self.tr("open") if s.status == "open" else self.tr("closed"))
            for s in view.sessions
        ]  # fmt: skip
        _fill(self.sessions, rows, right=range(3, 10))
        if not self.has_server:
            # A stand-alone PC sends nothing: nothing "waits" to be sent.
            self.outbox.setText(self.tr("Stand-alone PC: not connected to head office."))
        elif view.pending:
            self.outbox.setText(
                self.tr("{} transactions wait to be sent to head office.").format(view.pending)
            )
        else:
            self.outbox.setText(self.tr("Nothing waits to be sent to head office."))
        self.outbox.setProperty("warning", bool(view.pending) and self.has_server)

    def _pc_label(self, device_id: str) -> str:
        """``PC 02`` for a PC of the branch head office named, else the id's tail."""
        if self.view is not None:
            for pc in self.view.pcs:
                if pc.device_id == device_id:
                    return pc.label
        return self._labels.get(device_id, device_id[-8:])

    def _show_pcs(self, view: DayOverview) -> None:
        rows = []
        for pc in view.pcs:
            if pc.this_pc:
                state = self.tr("this PC")
            elif pc.problems:
                state = " ".join(pc.problems)
            else:
                state = self.tr("nothing waiting")
            rows.append(
                (pc.label, pc.name, _when(pc.last_contact), str(pc.acked_seq),
                 str(pc.reported_seq), str(pc.waiting), str(pc.open_drawers), state)
            )  # fmt: skip
        _fill(self.pcs, rows, right=range(3, 7))
        for r, row in enumerate(rows):
            item = self.pcs.item(r, 7)
            if item is not None:
                item.setToolTip(row[7])  # the reasons may be longer than the column
        general = [b.message_id for b in view.pc_blockers if not b.device_id]
        if not view.pcs and not general:
            self.pc_line.setText("")
        elif view.pc_blockers:
            self.pc_line.setText(
                " ".join(general)
                + (" " if general else "")
                + self.tr(
                    "Another PC of the branch is not all at head office yet: the day closes "
                    "as matching head office only once it has sent everything, or with a "
                    "written reason."
                )
            )
        else:
            self.pc_line.setText(
                self.tr("Every PC of the branch has sent everything (asked at {}).").format(
                    view.pcs_checked_at[11:16]
                )
            )
        self.pc_line.setProperty("warning", bool(view.pc_blockers))

    def _show_comparison(self, view: DayOverview) -> None:
        recon = view.reconciliation
        server = recon.server if recon is not None and recon.server else {"devices": {}}
        local_devices = view.local["devices"]
        rows = []
        for device in sorted(set(local_devices) | set(server["devices"])):
            mine = local_devices.get(device, {"by_type": {}})
            theirs = server["devices"].get(device, {"by_type": {}})
            for kind in sorted(set(mine["by_type"]) | set(theirs["by_type"])):
                a = mine["by_type"].get(kind)
                b = theirs["by_type"].get(kind)
                agree = "" if recon is None else (self.tr("yes") if a == b else self.tr("NO"))
                rows.append(
                    (self._pc_label(device), event_label(kind), str(a["count"]) if a else "-",
                     _money(a["total"]) if a else "-",
                     str(b["count"]) if b else "-", _money(b["total"]) if b else "-", agree)
                )  # fmt: skip
        _fill(self.digests, rows, right=range(2, 6))
        local_digest = str(view.local["digest"])[:16]
        server_digest = str(server.get("digest", ""))[:16] or "-"
        self.digest_line.setText(
            self.tr("Branch digest {local} · head office digest {server} · journal {d} / {c}")
            .format(local=local_digest, server=server_digest, d=_money(view.debits),
                    c=_money(view.credits))
        )  # fmt: skip
        lines = recon.mismatches if recon is not None else ()
        _fill(
            self.mismatches,
            [
                (translate("DayClose", _MISMATCH.get(m.kind, m.kind)), self._pc_label(m.device_id),
                 str(m.device_seq), event_label(m.type),
                 "" if m.local_amount is None else _money(m.local_amount),
                 "" if m.server_amount is None else _money(m.server_amount),
                 self.tr("duplicate of {}").format(m.duplicate_of[-12:]) if m.duplicate_of
                 else "")
                for m in lines
            ],
            right=(2, 4, 5),
        )  # fmt: skip

    def status_text(self) -> str:
        view = self.view
        if view is None:
            return ""
        if view.closed is not None:
            text = self.tr("Closed by {who} at {when}.").format(
                who=view.closed.closed_by, when=view.closed.closed_at
            )
            return f"{text} {translate('DayClose', _STATUS.get(view.closed.status, ''))}"
        if self.comparing:
            return self.tr("Comparing with head office…")
        recon = view.reconciliation
        if recon is None and self.offline_message:
            return self.offline_message
        if recon is None:
            return translate("DayClose", _STATUS["pending"])
        text = translate("DayClose", _STATUS.get(recon.status, recon.status))
        if recon.mismatches:
            text += " " + self.tr("({} differences)").format(len(recon.mismatches))
        if view.pc_blockers:
            text += " " + self.tr("— but not every PC of the branch has sent everything.")
        return text

    def _update(self) -> None:
        view = self.view
        self.status.setText(self.status_text())
        state = "none"
        if view is not None:
            status = (
                view.closed.status
                if view.closed
                else (view.reconciliation.status if view.reconciliation else "pending")
            )
            state = {"agreed": "ok", "mismatch": "bad"}.get(status, "wait")
            if state == "ok" and view.closed is None and view.pc_blockers:
                state = "wait"
        colour = {"ok": "#2e7d32", "bad": "#b3261e", "wait": "#8a5a00"}.get(state, "#333333")
        self.status.setStyleSheet(f"color: {colour}; font-weight: bold;")
        open_day = view is not None and view.closed is None
        self.compare_button.setEnabled(open_day and self.has_server and not self.comparing)
        self.close_day_button.setEnabled(open_day and not self.comparing)
        self.reason.setEnabled(open_day)

    # -- head office ---------------------------------------------------------------------------

    def compare(self) -> None:
        if self.view is None or self.ctx.sync is None or self.comparing:
            return
        self.comparing = True
        self._update()
        branch = str(self.ctx.branch.get("branch_id", ""))
        task = day_link.fetch_task(branch, [self.view.business_date])
        self.ctx.sync.run_task(task, self._fetched, self._fetch_failed)

    def _fetched(self, days: list[day_link.ServerDay]) -> None:
        self.offline_message = ""
        self.ctx.worker.submit(ReconcileDays(tuple(days)), self._reconciled, self._record_failed)

    def _reconciled(self, results: list[Reconciliation]) -> None:
        self.comparing = False
        self._shown_next = results[0] if results else None
        self.load()  # compared() follows once the screen shows it

    def _fetch_failed(self, error: BaseException) -> None:
        self.comparing = False
        message = error_text(error) if isinstance(error, LumbungError) else str(error)
        self.offline_message = (
            self.tr("Head office cannot be reached: {}").format(message)
            + " "
            + self.tr("You may close offline with a written reason.")
        )
        self.load()

    def _record_failed(self, error: BaseException) -> bool:
        self.comparing = False
        self._update()
        return False  # the default presenter shows it

    # -- closing -------------------------------------------------------------------------------

    def close_day(self) -> None:
        """Never one click: the summary to confirm first (and the reason where it is asked)."""
        user = self.ctx.user
        if self.view is None or user is None or self.view.closed is not None:
            return
        self.reason_error.show_error(None)
        summary = DayCloseSummary(
            self.view, has_server=self.has_server, reason=self.reason.text(), parent=self
        )
        summary.confirmed.connect(self._close_confirmed)
        self.summary = summary
        summary.open()

    def _close_confirmed(self, reason: str) -> None:
        user = self.ctx.user
        if self.view is None or user is None:
            return
        self.reason.setText(reason)
        self.close_day_button.setEnabled(False)
        op = CloseDay(user, self.view.business_date, reason)
        self.ctx.worker.submit(op, self._closed, self._close_failed)

    def _close_failed(self, error: BaseException) -> bool:
        self._update()
        if isinstance(error, LumbungError):
            self.reason_error.show_error(error)
            self.reason.setFocus()
            return True
        return False

    def _closed(self, result: DayCloseResult) -> None:
        # The business date moved on: the status bar and every later posting follow.
        self.ctx.worker.submit(BranchInfo(), self.ctx.set_branch)
        self.write_report()
        self._slip_after_load = True  # the slip prints the close as the store recorded it
        self._closed_result = result
        self.load()
        self.closed_day.emit(result)

    def _write_slip(self, view: DayOverview) -> None:
        closed = view.closed
        slip = day_close_slip(
            self.ctx.branch,
            view,
            supervisor=closed.closed_by if closed is not None else "",
            reason=closed.reason if closed is not None else "",
            pc_labels=self._labels,
        )
        self.slip = slip
        try:
            self.slip_file = write_pdf(slip, report_path(self.ctx.data_dir / "reports", slip))
        except OSError:
            log.exception("could not write the day-close slip")
            self.slip_file = None
        result = self._closed_result
        box = QMessageBox(self)
        box.setObjectName("dayClosedBox")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Business day closed"))
        box.setText(
            self.tr("Business day {day} is closed. The next business day is {next}.").format(
                day=date_text(result.business_date), next=date_text(result.next_date)
            )
        )
        if self.slip_file is not None:
            box.setInformativeText(
                self.tr("Day-close and cash-count slip to sign: {}").format(self.slip_file)
            )
        printing = box.addButton(self.tr("Print slip…"), QMessageBox.ButtonRole.ActionRole)
        printing.setObjectName("printDaySlip")
        printing.clicked.connect(lambda: print_report(slip, self))
        box.addButton(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def write_report(self) -> None:
        if self.view is None:
            return
        op = BuildReport("end_of_day", {"day": self.view.business_date})
        self.ctx.worker.submit(op, self._report_ready)

    def _report_ready(self, report: Any) -> None:
        path = report_path(self.ctx.data_dir / "reports", report)
        try:
            self.report_file = write_pdf(report, path)
        except OSError:
            log.exception("could not write the end-of-day report")
            self.report_file = None
            return
        self.digest_line.setText(
            self.digest_line.text() + "\n" + self.tr("Report saved: {}").format(path)
        )


class PendingReconciler(QObject):
    """After each successful sync, completes the comparison of days closed offline.

    Signals: reconciled(list) with the Reconciliations recorded.
    """

    reconciled = Signal(object)

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = False
        if ctx.sync is not None:
            ctx.sync.synced.connect(self._synced)

    def _synced(self, report: Any) -> None:
        if self._busy or int(getattr(report, "pending", 0)) or not self.ctx.branch:
            return  # a day closed offline compares once everything of it is pushed
        self._busy = True
        self.ctx.worker.submit(DaysAwaitingReconciliation(), self._days, self._failed)

    def _days(self, days: list[str]) -> None:
        if not days or self.ctx.sync is None:
            self._busy = False
            return
        branch = str(self.ctx.branch.get("branch_id", ""))
        task = day_link.fetch_task(branch, days, sync_first=False)
        self.ctx.sync.run_task(task, self._fetched, self._unreachable)

    def _fetched(self, days: list[day_link.ServerDay]) -> None:
        self.ctx.worker.submit(ReconcileDays(tuple(days)), self._done, self._failed)

    def _unreachable(self, error: BaseException) -> None:
        self._failed(error)  # the next sync tries again

    def _done(self, results: list[Any]) -> None:
        self._busy = False
        self.reconciled.emit(results)

    def _failed(self, error: BaseException) -> bool:
        self._busy = False
        log.warning("pending day reconciliation failed: %s", error)
        return True
