"""Immutable records the service hands to the UI (no SQL rows, no Qt types)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StaffUser:
    """A staff account as the UI needs it (never the password hash).

    Attributes:
        user_id: Stable id (UUIDv7), what events record as actor or authorizer.
        username: Login name, lower case.
        full_name: Name printed on receipts.
        role: ``"teller"``, ``"supervisor"`` or ``"admin"``.
        active: False once head office or a supervisor disabled the account.
    """

    user_id: str
    username: str
    full_name: str
    role: str
    active: bool = True

    @property
    def is_supervisor(self) -> bool:
        return self.role in ("supervisor", "admin")


@dataclass(frozen=True)
class MemberSummary:
    """One line of a search result.

    Attributes:
        member_id: Stable id (UUIDv7).
        member_no: Member number as printed on the card (``"BR01-01-00042"``).
        nik: The 16-digit NIK.
        name: Full name.
        address: Address.
        status: ``"active"``, ``"resigned"`` or ``"deceased"``.
        home_branch: Branch the member belongs to.
    """

    member_id: str
    member_no: str
    nik: str
    name: str
    address: str
    status: str
    home_branch: str


@dataclass(frozen=True)
class MemberDetail:
    """A member's profile and savings balances.

    Attributes:
        profile: Every profile field by name (including the ones also given as attributes).
        balances: ``{"pokok": n, "wajib": n, "sukarela": n}`` in rupiah (zero when none).
    """

    member_id: str
    member_no: str
    nik: str
    name: str
    address: str
    status: str
    home_branch: str
    birth_place: str
    birth_date: str
    sex: str
    phone: str
    occupation: str
    mother_maiden_name: str
    join_date: str
    profile: dict[str, str] = field(default_factory=dict)
    balances: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> MemberSummary:
        return MemberSummary(
            self.member_id,
            self.member_no,
            self.nik,
            self.name,
            self.address,
            self.status,
            self.home_branch,
        )

    @property
    def total_savings(self) -> int:
        return sum(self.balances.values())


@dataclass(frozen=True)
class HistoryRow:
    """One line of a member's mutasi (passbook), newest first in lists.

    Attributes:
        event_id: The event that moved the money (a reversal has its own row).
        business_date: ISO business date.
        recorded_at: Local time the event was recorded, ``"YYYY-MM-DD HH:MM:SS"``.
        type: Event type (``"SavingsDeposited"``, ``"SavingsWithdrawn"``, ``"Reversed"``).
        product: ``"pokok"``, ``"wajib"`` or ``"sukarela"``.
        amount: Signed rupiah: positive in, negative out.
        balance_after: The product's balance after this row.
        actor: Full name of the staff member who posted it.
        authorizer: Full name of the authorising supervisor, or ``""``.
        reversed: True when a later reversal undid this row.
        receipt_no: The receipt number of the event.
        reversal_of: For a reversal row, the event id it undoes; else ``""``.
    """

    event_id: str
    business_date: str
    recorded_at: str
    type: str
    product: str
    amount: int
    balance_after: int
    actor: str
    authorizer: str
    reversed: bool
    receipt_no: str
    reversal_of: str = ""


@dataclass(frozen=True)
class PostResult:
    """What a posting changed, so the screen refreshes only that.

    Attributes:
        event_id: The event to print a receipt for (for a registration: the pokok deposit).
        receipt_no: Its receipt number.
        member_id: The member whose balances changed.
        balances: The member's balances after the posting, per product.
        amount: Rupiah moved (positive).
        type: ``"MemberRegistered"``, ``"SavingsDeposited"``, ``"SavingsWithdrawn"``,
            ``"Reversed"``.
    """

    event_id: str
    receipt_no: str
    member_id: str
    balances: dict[str, int]
    amount: int
    type: str


@dataclass(frozen=True)
class Receipt:
    """Everything a printed receipt shows."""

    cooperative: str
    branch_name: str
    branch_id: str
    printed_at: str
    recorded_at: str
    receipt_no: str
    member_no: str
    member_name: str
    tx_label: str
    amount: int
    amount_words: str
    balance_after: int
    teller_name: str
    authorizer_name: str
    reprint: bool
    product: str = ""
    business_date: str = ""
    reason: str = ""
    #: Extra labelled lines (loans: loan number, denda/jasa/pokok), already formatted.
    details: tuple[tuple[str, str], ...] = ()
    #: What ``balance_after`` is when it is not a savings balance ("Sisa pokok pinjaman").
    balance_label: str = ""
    #: What ``amount`` is when it is not simply the amount moved ("Diterima bersih").
    amount_label: str = ""
    #: For a reversal: the receipt it undoes and that receipt's business date.
    reverses_receipt: str = ""
    reverses_date: str = ""


@dataclass(frozen=True)
class SessionInfo:
    """A teller's drawer session.

    Attributes:
        opened_at: Local time the drawer was opened, ``"YYYY-MM-DD HH:MM:SS"``.
        expected_cash: What the drawer should hold now (opening float plus cash in minus out).
        status: ``"open"`` or ``"closed"``.
    """

    session_id: str
    teller_id: str
    opened_at: str
    opening_float: int
    expected_cash: int
    status: str
    business_date: str = ""


@dataclass(frozen=True)
class CloseResult:
    """A drawer count. ``difference`` is counted minus expected (over positive, short negative)."""

    session_id: str
    expected: int
    counted_total: int
    difference: int
    event_id: str
