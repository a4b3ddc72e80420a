"""One member: profile, balances per product, and the history (mutasi) with balance after."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ops.members import LoadMember, MemberPage
from desktop.views import labels
from desktop.views.fmt import date_text
from desktop.views.loans.member_loans import MemberLoansPanel
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.services import HistoryRow, MemberDetail
    from desktop.views.context import UiContext

# Event types a teller may ask a supervisor to reverse.
REVERSIBLE = ("SavingsDeposited", "SavingsWithdrawn")


def _get(obj: Any, name: str, default: Any = "") -> Any:
    """A field of the detail record, or of its ``profile`` dict (the store may keep either)."""
    value = getattr(obj, name, None)
    if value is None:
        value = (getattr(obj, "profile", None) or {}).get(name, default)
    return value


class MemberDetailPanel(QWidget):
    """Shows the member the teller opened; empty until one is chosen.

    Signals:
        loaded(object): the MemberPage now shown.
    """

    loaded = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("memberDetail")
        self.page: MemberPage | None = None
        self._loading: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        self.placeholder = QLabel(
            self.tr("Find a member by name, NIK or member number (F2), or scan the member card.")
        )
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("memberTitle")
        layout.addWidget(self.title)
        # Shown the moment the member opens: a held account or a member who is no longer
        # active, with the reason and the case, before the teller asks for anything.
        self.banner = QLabel()
        self.banner.setObjectName("holdBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet(
            "background: #fdecea; color: #8c1d18; border: 1px solid #b3261e;"
            " border-radius: 4px; padding: 6px; font-weight: bold;"
        )
        self.banner.hide()
        layout.addWidget(self.banner)

        top = QHBoxLayout()
        profile_box = QGroupBox(self.tr("Profile"))
        profile = QFormLayout(profile_box)
        self.fields: dict[str, QLabel] = {}
        for key, text in (
            ("nik", self.tr("NIK")),
            ("birth", self.tr("Place, date of birth")),
            ("sex", self.tr("Sex")),
            ("address", self.tr("Address")),
            ("phone", self.tr("Phone")),
            ("occupation", self.tr("Occupation")),
            ("join_date", self.tr("Member since")),
            ("status", self.tr("Status")),
        ):
            label = QLabel()
            label.setObjectName(f"profile_{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = label
            profile.addRow(text, label)
        top.addWidget(profile_box, 3)

        balance_box = QGroupBox(self.tr("Savings balances"))
        grid = QGridLayout(balance_box)
        self.balances: dict[str, QLabel] = {}
        for row, code in enumerate((*labels.PRODUCTS, "total")):
            name = self.tr("Total") if code == "total" else labels.product(code)
            grid.addWidget(QLabel(name), row, 0)
            value = QLabel()
            value.setObjectName(f"balance_{code}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setProperty("role", "money")
            grid.addWidget(value, row, 1)
            self.balances[code] = value
        grid.setRowStretch(len(labels.PRODUCTS) + 1, 1)
        top.addWidget(balance_box, 2)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("memberTabs")
        self.history = QTableWidget(0, 8)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Time"),
                self.tr("Transaction"),
                self.tr("Product"),
                self.tr("Amount"),
                self.tr("Balance after"),
                self.tr("Teller"),
                self.tr("Receipt no."),
            ]
        )
        self.history.verticalHeader().hide()
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setAlternatingRowColors(True)
        header = self.history.horizontalHeader()
        # Every column as wide as its text; on a narrow screen the table scrolls sideways
        # rather than cut a word.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tabs.addTab(self.history, self.tr("Transaction history"))
        self.loans = MemberLoansPanel(ctx)
        self.tabs.addTab(self.loans, self.tr("Loans"))
        layout.addWidget(self.tabs, 1)
        # A small screen (1024×600) scrolls the member rather than squeeze the profile's rows;
        # the history keeps room for a few lines.
        self.history.setMinimumHeight(150)
        scroll = QScrollArea()
        scroll.setObjectName("memberScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.stack.addWidget(scroll)

    # -- loading ---------------------------------------------------------------------------

    @property
    def member_id(self) -> str | None:
        return self.page.detail.member_id if self.page else None

    def load(self, member_id: str) -> None:
        self._loading = member_id
        self.ctx.worker.submit(LoadMember(member_id), lambda page: self._show(member_id, page))

    def reload(self) -> None:
        if self.member_id:
            self.load(self.member_id)

    def clear(self) -> None:
        self.page = None
        self._loading = None
        self.loans.set_member(None)
        self.stack.setCurrentIndex(0)

    def _show(self, member_id: str, page: MemberPage) -> None:
        if member_id != self._loading:
            return  # the teller opened another member meanwhile
        if self.loans.member_id != member_id:
            self.tabs.setCurrentIndex(0)
        self.page = page
        self.loans.set_member(member_id)
        self._render(page.detail)
        self._render_banner(page)
        self._render_history(page.history)
        self.stack.setCurrentIndex(1)
        self.loaded.emit(page)

    def _render(self, d: MemberDetail) -> None:
        self.title.setText(f"{d.name}  ·  {d.member_no}")
        birth_place = _get(d, "birth_place")
        birth = date_text(_get(d, "birth_date"), long=True)
        self.fields["nik"].setText(str(d.nik))
        self.fields["birth"].setText(", ".join(p for p in (birth_place, birth) if p))
        self.fields["sex"].setText(labels.sex(str(_get(d, "sex"))))
        self.fields["address"].setText(str(d.address))
        self.fields["phone"].setText(str(_get(d, "phone")) or "—")
        self.fields["occupation"].setText(str(_get(d, "occupation")) or "—")
        self.fields["join_date"].setText(date_text(_get(d, "join_date"), long=True))
        self.fields["status"].setText(labels.status(str(d.status)))
        balances = dict(d.balances)
        for code in labels.PRODUCTS:
            self.balances[code].setText(format_rupiah(int(balances.get(code, 0))))
        self.balances["total"].setText(format_rupiah(sum(int(v) for v in balances.values())))

    def banner_text(self, page: MemberPage) -> str:
        from desktop.views.review_queue import kind_label

        parts = []
        status = str(page.detail.status)
        if status != "active":
            parts.append(
                self.tr("Member status: {}. No deposits are taken.").format(labels.status(status))
            )
        hold = getattr(page, "hold", None)
        if hold is not None:
            opened = f", {hold.opened_at[:16]}" if hold.opened_at else ""
            parts.append(
                self.tr(
                    "Account on hold: {kind} (case {case}{opened}). {detail} No withdrawal "
                    "until a supervisor decides the case (Ctrl+R)."
                ).format(
                    kind=kind_label(hold.kind),
                    case=hold.case_id[-8:],
                    opened=opened,
                    detail=hold.detail.rstrip(".") + "." if hold.detail else "",
                )
            )
        return " ".join(parts)

    def _render_banner(self, page: MemberPage) -> None:
        text = self.banner_text(page)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _render_history(self, rows: list[HistoryRow]) -> None:
        self.history.setRowCount(len(rows))
        grey = QColor("#8a8a8a")
        receipts = {row.event_id: row for row in rows if row.event_id}
        for r, row in enumerate(rows):
            recorded = str(row.recorded_at)
            kind = labels.event_type(row.type)
            undone = receipts.get(str(getattr(row, "reversal_of", "") or ""))
            if undone is not None:
                # A reversal names the receipt it undoes, and its day when that is another.
                kind = self.tr("Reversal of receipt {}").format(undone.receipt_no)
                if undone.business_date != row.business_date:
                    kind += " (" + date_text(str(undone.business_date)) + ")"
            if row.reversed:
                kind = self.tr("{} (reversed)").format(kind)
            opening = not row.event_id
            values = [
                date_text(str(row.business_date)),
                recorded[11:16] if len(recorded) >= 16 else recorded,
                kind,
                labels.product_short(row.product) if row.product else "",
                "" if opening else format_rupiah(int(row.amount)),
                format_rupiah(int(row.balance_after)) if row.balance_after is not None else "",
                str(row.actor or ""),
                str(row.receipt_no or ""),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (4, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.reversed:
                    item.setForeground(grey)
                if row.authorizer:
                    item.setToolTip(self.tr("Authorised by {}").format(row.authorizer))
                self.history.setItem(r, c, item)

    def selected_history_row(self) -> HistoryRow | None:
        if self.page is None:
            return None
        row = self.history.currentRow()
        if 0 <= row < len(self.page.history):
            return self.page.history[row]
        return None
