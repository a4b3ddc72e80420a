"""Staff account rules both apps enforce: roles, user names, passwords.

A branch account is made at head office (``lumbung-server user add``, the console) or at the
branch (first-run setup, a supervisor adding staff) and replicates to every PC as a
``StaffAccountSet`` event, so the two must accept exactly the same accounts: a user name head
office accepts and the branch's own form refuses would make an account nobody can retype.

The user name rule is the branch's, 2-32 characters: it fits the login screen and the receipt's
"Teller:" line, and no account made under the older head-office rule (up to 64) is refused at
login, only new ones are. Head office's own console accounts (which never leave the server)
follow the same user name and password rules, with their own roles.
"""

from __future__ import annotations

import re

from ledger.errors import ValidationError
from ledger.members import clean_text

#: Branch staff roles, lowest first. ``admin`` is head office's; a branch supervisor cannot
#: make one.
ROLES: tuple[str, ...] = ("teller", "supervisor", "admin")
MIN_PASSWORD = 8
USERNAME_MIN = 2
USERNAME_MAX = 32

_USERNAME = re.compile(rf"^[a-z0-9][a-z0-9._-]{{{USERNAME_MIN - 1},{USERNAME_MAX - 1}}}$")


def check_username(value: str) -> str:
    """``value`` as a user name (trimmed, lower case).

    Raises:
        ValidationError: not 2-32 of lower-case letters, digits, ``.``, ``_`` or ``-``
            (starting with a letter or digit).
    """
    name = value.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            f"Nama pengguna {USERNAME_MIN}-{USERNAME_MAX} karakter: huruf kecil, angka, titik, "
            "garis bawah atau tanda hubung.",
            f"User names are {USERNAME_MIN}-{USERNAME_MAX} characters: lower-case letters, "
            "digits, '.', '_' or '-'.",
            field="username",
        )
    return name


def check_password(value: str) -> str:
    """``value`` if it is long enough to be a password.

    Raises:
        ValidationError: shorter than :data:`MIN_PASSWORD`.
    """
    if len(value) < MIN_PASSWORD:
        raise ValidationError(
            f"Kata sandi minimal {MIN_PASSWORD} karakter.",
            f"The password needs at least {MIN_PASSWORD} characters.",
            field="password",
        )
    return value


def check_full_name(value: str) -> str:
    """``value`` cleaned (:func:`ledger.members.clean_text`) as a person's full name.

    Raises:
        ValidationError: fewer than two characters.
    """
    name = clean_text(value)
    if len(name) < 2:
        raise ValidationError(
            "Nama lengkap wajib diisi.", "The full name is required.", field="full_name"
        )
    return name


def check_role(role: str, roles: tuple[str, ...] = ROLES) -> str:
    """``role`` if it is one of ``roles`` (branch staff roles unless told otherwise).

    Raises:
        ValidationError: any other role.
    """
    if role not in roles:
        raise ValidationError(
            f"Peran tidak dikenal: {role}. Pilihan: {', '.join(roles)}.",
            f"Unknown role: {role}. Known: {', '.join(roles)}.",
            field="role",
        )
    return role
