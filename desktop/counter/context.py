"""What every operation needs: the store, the clocks, and the checks they all share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher

from desktop.counter.errors import AuthorisationRequired, NoOpenSession, NotPermitted
from desktop.counter.records import StaffUser
from desktop.store import Identity, Store, drawers
from desktop.store import devices as store_devices
from ledger.accounts import teller_cash
from ledger.clock import HlcTimestamp
from ledger.devices import receipt_number
from ledger.errors import BusinessRuleError, LumbungError, ValidationError
from ledger.money import format_rupiah
from ledger.policy import Limits
from ledger.settings import setting


def local_time(hlc: str) -> str:
    """The wall-clock part of an HLC stamp as local time text."""
    ms = HlcTimestamp.decode(hlc).wall_ms
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class OpenSession:
    session_id: str
    teller_id: str
    opened_hlc: str
    opening_float: int
    business_date: str


class Context:
    """Shared state and checks; one per :class:`desktop.services.BranchService`."""

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], dt.date],
        hasher: PasswordHasher,
    ) -> None:
        self.store = store
        self.conn = store.conn
        self.today = today
        self.hasher = hasher
        #: What the sync worker last saw: True online, False offline (payouts are bounded,
        #: see desktop.counter.offline), None on a stand-alone device with no server.
        self.online: bool | None = None

    # Identity and the business day ---------------------------------------------------------

    @property
    def identity(self) -> Identity:
        if self.store.identity is None:
            raise LumbungError(
                "Perangkat ini belum disiapkan. Jalankan penyiapan awal.",
                "This device has not been set up yet. Run the first-run setup.",
            )
        return self.store.identity

    def business_date(self) -> dt.date:
        return self.today()

    def open_business_date(self) -> str:
        """Today's business date, refused once that day has been closed."""
        day = self.business_date().isoformat()
        closed = self.conn.execute(
            "SELECT 1 FROM closed_days WHERE branch_id = ? AND business_date = ?",
            (self.identity.branch_id, day),
        ).fetchone()
        if closed:
            raise BusinessRuleError(
                f"Hari usaha {day} sudah ditutup; tidak ada transaksi yang dapat dicatat.",
                f"Business day {day} is closed; nothing can be posted into it.",
            )
        return day

    # Settings -------------------------------------------------------------------------------

    def setting(self, key: str) -> int:
        """A number or switch of the settings catalogue (:mod:`ledger.settings`)."""
        entry = setting(key)
        row = self.conn.execute(
            "SELECT value FROM settings WHERE key = ? AND scope IN ('', ?)"
            " ORDER BY scope DESC LIMIT 1",  # the branch's own value beats the cooperative's
            (key, self.store.identity.branch_id if self.store.identity else ""),
        ).fetchone()
        value = entry.read(row[0] if row is not None else None)
        assert isinstance(value, int), key  # text settings have their own reader
        return value

    def cooperative_name(self) -> str:
        """The name printed on receipts and reports: head office's cooperative-wide setting
        once it has replicated here, else what this PC was given at setup or enrolment."""
        row = self.conn.execute(
            "SELECT value FROM settings WHERE scope = '' AND key = 'cooperative_name'"
        ).fetchone()
        return str(row[0]) if row and row[0] else self.identity.cooperative_name

    def limits(self) -> Limits:
        return Limits(
            teller_limit=self.setting("teller_limit"),
            home_offline_daily=self.setting("home_offline_daily"),
            standin_offline=self.setting("standin_offline"),
        )

    # Staff ----------------------------------------------------------------------------------

    def staff_row(self, user_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT user_id, username, full_name, role, active, password_hash FROM staff"
            " WHERE user_id = ?",
            (user_id,),
        ).fetchone()
        if row is None:
            return None
        keys = ("user_id", "username", "full_name", "role", "active", "password_hash")
        return dict(zip(keys, row, strict=True))

    def staff_name(self, user_id: str) -> str:
        if not user_id:
            return ""
        row = self.staff_row(user_id)
        return str(row["full_name"]) if row else user_id

    def require_staff(self, user: StaffUser) -> StaffUser:
        """``user`` as the store knows it now (a disabled account can no longer act)."""
        row = self.staff_row(user.user_id)
        if row is None or not row["active"]:
            raise NotPermitted(
                "Akun staf ini tidak aktif atau tidak dikenal.",
                "This staff account is inactive or unknown.",
            )
        return StaffUser(row["user_id"], row["username"], row["full_name"], row["role"], True)

    def require_supervisor(self, user: StaffUser, what_id: str, what_en: str) -> StaffUser:
        current = self.require_staff(user)
        if not current.is_supervisor:
            raise NotPermitted(
                f"Hanya supervisor yang boleh {what_id}.",
                f"Only a supervisor may {what_en}.",
            )
        return current

    def authorizer_id(
        self,
        actor: StaffUser,
        authorizer: StaffUser | None,
        *,
        required: bool,
        why_id: str,
        why_en: str,
        allow_self: bool = False,
    ) -> str:
        """The authorising supervisor's id for the event envelope (``""`` when none).

        Raises:
            AuthorisationRequired: ``required`` and no authorizer was given.
            NotPermitted: the authorizer is not an active supervisor, or is the actor.
        """
        if authorizer is None:
            if required:
                raise AuthorisationRequired(
                    f"{why_id} Diperlukan otorisasi supervisor.",
                    f"{why_en} A supervisor must authorise this.",
                )
            return ""
        current = self.require_supervisor(authorizer, "memberi otorisasi", "authorise")
        if current.user_id == actor.user_id and not allow_self:
            raise NotPermitted(
                "Otorisasi harus diberikan oleh supervisor lain, bukan oleh pelaku transaksi.",
                "Authorisation must come from another supervisor, not the person posting.",
            )
        return current.user_id

    def limit_authorizer(self, actor: StaffUser, authorizer: StaffUser | None, amount: int) -> str:
        limit = self.setting("teller_limit")
        return self.authorizer_id(
            actor,
            authorizer,
            required=amount > limit,
            why_id=f"Jumlah {format_rupiah(amount)} melebihi batas teller {format_rupiah(limit)}.",
            why_en=f"{format_rupiah(amount)} is above the teller limit {format_rupiah(limit)}.",
        )

    # The cash drawer ------------------------------------------------------------------------

    def open_session(self, teller_id: str) -> OpenSession | None:
        row = self.conn.execute(
            "SELECT session_id, teller_id, opened_hlc, opening_float, business_date"
            " FROM teller_sessions WHERE teller_id = ? AND status = 'open'"
            " AND device_id = ? ORDER BY opened_hlc DESC LIMIT 1",
            (teller_id, self.identity.device_id),
        ).fetchone()
        return OpenSession(*row) if row else None

    def require_session(self, actor: StaffUser) -> OpenSession:
        session = self.open_session(actor.user_id)
        if session is None:
            raise NoOpenSession()
        return session

    def drawer_cash(self, teller_id: str) -> int:
        """What the teller's drawer on this PC should hold: its session's own cash (0 when no
        drawer is open here). Another PC's drawer of the same teller is never counted."""
        session = self.open_session(teller_id)
        return drawers.expected(self.conn, session.session_id) if session else 0

    def teller_cash_elsewhere(self, teller_id: str) -> int:
        """Cash the books put in the teller's cash account outside any drawer still open: what
        is left over from a session that closed short of its postings (head office settles it).
        """
        row = self.conn.execute(
            "SELECT balance FROM gl_balances WHERE account = ?",
            (teller_cash(self.identity.branch_id, teller_id),),
        ).fetchone()
        in_account = int(row[0]) if row else 0
        (in_drawers,) = self.conn.execute(
            "SELECT coalesce(sum(c.balance), 0) FROM teller_sessions s"
            " JOIN drawer_cash c ON c.session_id = s.session_id"
            " WHERE s.teller_id = ? AND s.status = 'open'",
            (teller_id,),
        ).fetchone()
        return in_account - int(in_drawers)

    def open_drawers_elsewhere(self, teller_id: str) -> list[str]:
        """Device ids of the other PCs on which this teller has a drawer open, as far as this
        PC knows."""
        return [
            str(d)
            for (d,) in self.conn.execute(
                "SELECT DISTINCT device_id FROM teller_sessions"
                " WHERE teller_id = ? AND status = 'open' AND device_id != ?",
                (teller_id, self.identity.device_id),
            )
        ]

    def check_drawer_covers(self, actor: StaffUser, amount: int) -> None:
        cash = self.drawer_cash(actor.user_id)
        if amount > cash:
            raise BusinessRuleError(
                f"Uang di laci kas tidak cukup: tersedia {format_rupiah(cash)}, "
                f"diperlukan {format_rupiah(amount)}.",
                f"Not enough cash in the drawer: {format_rupiah(cash)} available, "
                f"{format_rupiah(amount)} needed.",
                field="amount",
            )

    # Members and money ---------------------------------------------------------------------

    def member_row(self, member_id: str) -> dict[str, Any]:
        cur = self.conn.execute("SELECT * FROM members WHERE member_id = ?", (member_id,))
        row = cur.fetchone()
        if row is None:
            raise ValidationError(
                "Anggota tidak ditemukan.", "Member not found.", field="member_id"
            )
        return {d[0]: v for d, v in zip(cur.description, row, strict=True)}

    def balances(self, member_id: str) -> dict[str, int]:
        result = {"pokok": 0, "wajib": 0, "sukarela": 0}
        for product, balance in self.conn.execute(
            "SELECT product, balance FROM member_balances WHERE member_id = ?", (member_id,)
        ):
            result[product] = int(balance)
        return result

    def device_label(self, device_id: str) -> str:
        """How a PC is named to staff: ``"PC 02"`` (the number it prints now)."""
        identity = self.store.identity
        number = store_devices.device_no_at(self.conn, device_id, 2**62) if device_id else None
        if number is None and identity is not None and identity.device_id == device_id:
            number = identity.device_no
        if number is not None:
            return f"PC {number:02d}"
        return f"PC {device_id[-4:]}" if device_id else "PC lain"

    def receipt_no(self, device_id: str, device_seq: int, branch_id: str) -> str:
        """``BR01/01/0000123``: branch, device number, the device's event sequence.

        Slashes keep it from being mistaken for a member number (``BR01-01-00042``). The
        device number is the one in force at that sequence (:func:`ledger.devices.number_at`
        over the replicated ``DeviceNumbered`` events), so every PC and head office print the
        same number. Only a PC that never learnt a number falls back: this device's own
        number, another's id tail.
        """
        number = store_devices.device_no_at(self.conn, device_id, device_seq)
        identity = self.store.identity
        if number is None and identity is not None and identity.device_id == device_id:
            number = identity.device_no
        return receipt_number(branch_id, number, device_id, device_seq)


def check_amount(amount: object) -> int:
    """A posted amount is a positive ``int`` of rupiah."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise ValidationError(
            "Jumlah uang harus berupa bilangan bulat rupiah.",
            "The amount must be a whole number of rupiah.",
            field="amount",
        )
    if amount <= 0:
        raise ValidationError(
            "Jumlah uang harus lebih dari nol.",
            "The amount must be more than zero.",
            field="amount",
        )
    return amount
