"""Member search as the teller types, and the card scanner.

Typing runs a debounced search in the store worker; an answer to an older query is dropped.
A keyboard-wedge card scanner "types" the member number and presses Enter: Enter on text that
looks like a member number opens that member directly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.members import FindByNumber, SearchMembers
from desktop.views import labels

if TYPE_CHECKING:
    from desktop.services import MemberSummary
    from desktop.views.context import UiContext

# What ledger.members.member_number produces (branch code, device, serial): 001-01-00042.
MEMBER_NO = re.compile(r"^[0-9A-Za-z]+-\d{2}-\d{5}$")
DEBOUNCE_MS = 150


class _SearchField(QLineEdit):
    """Down arrow moves into the results, so the keyboard never has to leave the counter."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class _ResultsTable(QTableWidget):
    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.activated_row.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class MemberSearch(QWidget):
    """Search field and results table.

    Signals:
        member_chosen(str): the member_id the teller opened.
    """

    member_chosen = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("memberSearch")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.field = _SearchField()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(self.tr("Name, NIK or member number (F2)"))
        self.field.setClearButtonEnabled(True)
        layout.addWidget(self.field)
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        layout.addWidget(self.status)
        self.table = _ResultsTable(0, 4)
        self.table.setObjectName("searchResults")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Member no."), self.tr("Name"), self.tr("NIK"), self.tr("Address")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self._latest = 0
        self._decide_on_answer = False
        self._results: list[MemberSummary] = []
        self.field.textChanged.connect(self._typed)
        self.field.returnPressed.connect(self._enter)
        self.field.down.connect(self._into_results)
        self.table.activated_row.connect(self._choose_row)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._choose_row(row))

    def focus_search(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def results(self) -> list[MemberSummary]:
        return list(self._results)

    def refresh(self) -> None:
        """Search again for what is typed (after a member changed)."""
        if self.field.text().strip():
            self._search()

    # -- typing ----------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._decide_on_answer = False
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self._latest += 1  # any answer still on its way is now stale
            self._show([], "")

    def _search(self) -> None:
        self._timer.stop()
        query = self.field.text().strip()
        if not query:
            return
        self._latest += 1
        number = self._latest
        self.ctx.worker.submit(
            SearchMembers(query), lambda found: self._answered(number, query, found)
        )

    def _answered(self, number: int, query: str, found: list[MemberSummary]) -> None:
        if number != self._latest:
            return
        if len(found) >= SearchMembers.limit:
            status = self.tr(
                "Showing the first {} members: type more to narrow the search."
            ).format(len(found))
        elif found:
            status = self.tr("{} member(s) found").format(len(found))
        else:
            status = self.tr("No member matches “{}”.").format(query)
        self._show(found, status)
        if self._decide_on_answer:
            self._decide_on_answer = False
            self._decide()

    def _show(self, found: list[MemberSummary], status: str) -> None:
        self._results = list(found)
        self.status.setText(status)
        self.table.setRowCount(len(found))
        for row, member in enumerate(found):
            values = (member.member_no, member.name, member.nik, member.address)
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if member.status != "active":
                    item.setToolTip(labels.status(member.status))
                self.table.setItem(row, col, item)
        if found:
            self.table.selectRow(0)

    # -- Enter: scanner or choice ------------------------------------------------------------

    def _enter(self) -> None:
        text = self.field.text().strip()
        if not text:
            return
        if MEMBER_NO.match(text):
            self._timer.stop()
            self._latest += 1
            number = self._latest
            self.ctx.worker.submit(
                FindByNumber(text), lambda member: self._scanned(number, text, member)
            )
            return
        if self._timer.isActive():
            # Enter before the debounce fired: search now, decide when the answer comes.
            self._search()
            self._decide_on_answer = True
            return
        self._decide()

    def _decide(self) -> None:
        if len(self._results) == 1:
            self._choose_row(0)
        elif self._results:
            self._into_results()

    def _scanned(self, number: int, text: str, member: MemberSummary | None) -> None:
        if number != self._latest:
            return
        if member is None:
            self._show([], self.tr("No member has number {}.").format(text))
            return
        self._show([member], self.tr("{} member(s) found").format(1))
        self.member_chosen.emit(member.member_id)

    def _into_results(self) -> None:
        if self._results:
            self.table.setFocus()
            if self.table.currentRow() < 0:
                self.table.selectRow(0)

    def _choose_row(self, row: int) -> None:
        if 0 <= row < len(self._results):
            self.member_chosen.emit(self._results[row].member_id)
