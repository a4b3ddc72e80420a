"""What the supervisor confirms before the business day closes: the drawers and their
differences, what each PC has not sent, the comparison with head office; and, where anything
is off, the reason, which the close records (``DayClosed.reason``, ``day_closes.reason``).

Closing is never one click: *Tutup hari* on the day-close screen opens this summary, and
Esc (or *Batal*) goes back with nothing closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.views.fmt import date_text
from desktop.views.widgets import FieldError
from ledger.money import format_rupiah

if TYPE_CHECKING:
    from desktop.counter.day_close import DayOverview

#: The shortest reason taken as written (the counter itself wants one that is not empty).
MIN_REASON = 5


class DayCloseSummary(QDialog):
    """Signals: confirmed(str) with the reason ("" when nothing is off)."""

    confirmed = Signal(str)

    def __init__(
        self,
        view: DayOverview,
        *,
        has_server: bool,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("dayCloseSummary")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Close business day {}?").format(date_text(view.business_date)))
        layout = QVBoxLayout(self)

        self.drawer_lines = self._drawers(view)
        self.problems = self._problems(view, has_server)
        self.blocked = any(s.status == "open" for s in view.sessions) or not view.books_balanced

        body = QLabel()
        body.setObjectName("summaryText")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        body.setContentsMargins(8, 4, 8, 4)
        body.setText(self._html())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.reason_label = QLabel(
            self.tr("Reason (required: something above is not in order)")
            if self.problems
            else self.tr("Note (optional)")
        )
        layout.addWidget(self.reason_label)
        self.reason = QLineEdit(reason)
        self.reason.setObjectName("summaryReason")
        self.reason.setMaxLength(300)
        layout.addWidget(self.reason)
        self.error = FieldError()
        self.error.setObjectName("summaryError")
        layout.addWidget(self.error)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(
            self.tr("Close the day"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok.setObjectName("confirmCloseDay")
        self.ok.setEnabled(not self.blocked)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 560)
        if self.blocked:
            self.error.show_error(
                self.tr("Close every drawer first; the day cannot close while one is open.")
                if view.books_balanced
                else self.tr("The branch's books do not balance: the day cannot close.")
            )
        self.reason.setFocus()

    # -- what the summary says -----------------------------------------------------------------

    def _signed(self, difference: int) -> str:
        if difference > 0:
            return self.tr("over {}").format(format_rupiah(difference))
        if difference < 0:
            return self.tr("short {}").format(format_rupiah(-difference))
        return self.tr("no difference")

    def _drawers(self, view: DayOverview) -> list[str]:
        lines = []
        for s in view.sessions:
            pc = f"PC {s.device}" if s.device.isdigit() else s.device
            if s.status == "open":
                state = self.tr("still open")
            else:
                state = self.tr("counted {counted}, expected {expected}: {diff}").format(
                    counted=format_rupiah(s.counted),
                    expected=format_rupiah(s.expected),
                    diff=self._signed(s.difference),
                )
            lines.append(f"{s.teller_name} ({pc}): {state}")
        return lines

    def _problems(self, view: DayOverview, has_server: bool) -> list[str]:
        off = []
        for s in view.sessions:
            if s.status != "open" and s.difference:
                off.append(
                    self.tr("The drawer of {teller} closed {diff}.").format(
                        teller=s.teller_name, diff=self._signed(s.difference)
                    )
                )
        if not has_server:
            off.append(self.tr("Stand-alone PC: the day is not compared with head office."))
        elif view.pending:
            off.append(
                self.tr("This PC has {} transactions not yet sent to head office.").format(
                    view.pending
                )
            )
        for pc in view.pcs:
            if pc.this_pc:
                continue
            if pc.waiting or pc.problems:
                off.append(
                    self.tr("{pc}: {n} transactions not sent. {why}")
                    .format(pc=pc.label, n=pc.waiting, why=" ".join(pc.problems))
                    .strip()
                )
        recon = view.reconciliation
        if has_server and recon is None:
            off.append(self.tr("The day has not been compared with head office."))
        elif recon is not None and recon.mismatches:
            off.append(
                self.tr("{} differences with head office, event by event.").format(
                    len(recon.mismatches)
                )
            )
        return off

    def _html(self) -> str:
        from html import escape

        drawers = "".join(f"<li>{escape(line)}</li>" for line in self.drawer_lines)
        if not drawers:
            drawers = "<li>" + escape(self.tr("No drawer was opened today.")) + "</li>"
        heading = escape(self.tr("Drawers"))
        parts = [f"<p><b>{heading}</b></p><ul>{drawers}</ul>"]
        pcs = [
            f"<li>{escape(pc.label)} {escape(pc.name)}: "
            + escape(
                self.tr("this PC")
                if pc.this_pc
                else self.tr("{} not sent").format(pc.waiting)
                if pc.waiting
                else self.tr("everything sent")
            )
            + "</li>"
            for pc in self.view.pcs
        ]
        if pcs:
            heading = escape(self.tr("PCs of the branch"))
            parts.append(f"<p><b>{heading}</b></p><ul>{''.join(pcs)}</ul>")
        if self.problems:
            items = "".join(f"<li>{escape(p)}</li>" for p in self.problems)
            heading = escape(self.tr("Not in order"))
            parts.append(
                f"<p style='color:#b3261e'><b>{heading}</b></p>"
                f"<ul style='color:#b3261e'>{items}</ul>"
            )
        else:
            parts.append(
                "<p style='color:#2e7d32'><b>"
                + escape(self.tr("Everything is in order: drawers balanced, all sent, head "
                                 "office agrees."))
                + "</b></p>"
            )  # fmt: skip
        parts.append(
            "<p>"
            + escape(
                self.tr(
                    "Once closed, nothing more can be posted into this day; the next business "
                    "day opens."
                )
            )
            + "</p>"
        )
        return "".join(parts)

    # -- confirming ----------------------------------------------------------------------------

    def _submit(self) -> None:
        if self.blocked:
            return
        reason = " ".join(self.reason.text().split())
        if self.problems and len(reason) < MIN_REASON:
            self.error.show_error(
                self.tr("Write why the day closes although something is not in order.")
            )
            self.reason.setFocus()
            return
        self.confirmed.emit(reason)
        self.accept()
