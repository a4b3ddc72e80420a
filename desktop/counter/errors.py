"""Known errors the counter can raise (all :class:`ledger.errors.LumbungError`)."""

from __future__ import annotations

from ledger.errors import BusinessRuleError, LumbungError


class DuplicateNik(BusinessRuleError):
    """The NIK already belongs to a member; ``existing_member_id`` says which."""

    def __init__(self, nik: str, member_id: str, member_no: str, name: str) -> None:
        super().__init__(
            f"NIK {nik} sudah terdaftar atas nama {name} (No. Anggota {member_no}).",
            f"NIK {nik} is already registered to {name} (member no. {member_no}).",
            field="nik",
        )
        self.existing_member_id = member_id
        self.existing_member_no = member_no
        self.existing_name = name


class AuthorisationRequired(BusinessRuleError):
    """The action needs a supervisor's credentials (over the teller limit, a cash difference,
    a reversal): the UI asks for them and retries with ``authorizer=``."""


class NoOpenSession(BusinessRuleError):
    """Cash moves only through the acting teller's open drawer session."""

    def __init__(self) -> None:
        super().__init__(
            "Sesi kas (laci) Anda belum dibuka. Buka sesi kas terlebih dahulu.",
            "Your cash drawer session is not open. Open a drawer session first.",
        )


class LoginFailed(LumbungError):
    """Wrong user name or password (the message never says which)."""

    def __init__(self) -> None:
        super().__init__("Nama pengguna atau kata sandi salah.", "Wrong user name or password.")


class AccountLocked(LumbungError):
    """Too many failed logins: the account waits out the lockout."""

    def __init__(self, minutes: int) -> None:
        super().__init__(
            "Akun dikunci karena terlalu banyak percobaan masuk yang gagal. "
            f"Coba lagi dalam {minutes} menit.",
            f"The account is locked after too many failed logins. Try again in {minutes} "
            "minute(s).",
        )
        self.minutes = minutes


class NotPermitted(BusinessRuleError):
    """The user's role does not allow the action."""
