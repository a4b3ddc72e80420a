"""Names shown for codes the store uses (products, event types, roles, statuses, sex)."""

from __future__ import annotations

from desktop.i18n import translate

_Table = dict[str, str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for lupdate (which knows this name); it is translated when shown.

    Defined here because PySide6 types its own as returning object.
    """
    return text


# Savings products in the order the counter shows them.
PRODUCTS = ("pokok", "wajib", "sukarela")

_PRODUCTS: _Table = {
    "pokok": QT_TRANSLATE_NOOP("Labels", "Principal savings (pokok)"),
    "wajib": QT_TRANSLATE_NOOP("Labels", "Mandatory savings (wajib)"),
    "sukarela": QT_TRANSLATE_NOOP("Labels", "Voluntary savings (sukarela)"),
    "pinjaman": QT_TRANSLATE_NOOP("Labels", "Loan"),
}
_PRODUCTS_SHORT: _Table = {
    "pokok": QT_TRANSLATE_NOOP("Labels", "Principal"),
    "wajib": QT_TRANSLATE_NOOP("Labels", "Mandatory"),
    "sukarela": QT_TRANSLATE_NOOP("Labels", "Voluntary"),
}
_EVENT_TYPES: _Table = {
    "MemberRegistered": QT_TRANSLATE_NOOP("Labels", "Registration"),
    "SavingsDeposited": QT_TRANSLATE_NOOP("Labels", "Deposit"),
    "SavingsWithdrawn": QT_TRANSLATE_NOOP("Labels", "Withdrawal"),
    "Reversed": QT_TRANSLATE_NOOP("Labels", "Reversal"),
    "LoanDisbursed": QT_TRANSLATE_NOOP("Labels", "Loan disbursement"),
    "LoanRepaid": QT_TRANSLATE_NOOP("Labels", "Loan instalment"),
    "LoanSettled": QT_TRANSLATE_NOOP("Labels", "Loan settlement"),
    "LoanCreditRefunded": QT_TRANSLATE_NOOP("Labels", "Loan overpayment refund"),
    "OpeningBalance": QT_TRANSLATE_NOOP("Labels", "Opening balance"),
}
_ROLES: _Table = {
    "teller": QT_TRANSLATE_NOOP("Labels", "Teller"),
    "supervisor": QT_TRANSLATE_NOOP("Labels", "Supervisor"),
    "admin": QT_TRANSLATE_NOOP("Labels", "Administrator"),
}
_STATUSES: _Table = {
    "active": QT_TRANSLATE_NOOP("Labels", "Active"),
    "resigned": QT_TRANSLATE_NOOP("Labels", "Resigned"),
    "deceased": QT_TRANSLATE_NOOP("Labels", "Deceased"),
}
_SEXES: _Table = {
    "L": QT_TRANSLATE_NOOP("Labels", "Male"),
    "P": QT_TRANSLATE_NOOP("Labels", "Female"),
}


def _label(table: dict[str, str], code: str) -> str:
    source = table.get(code)
    return translate("Labels", source) if source else code


def product(code: str) -> str:
    return _label(_PRODUCTS, code)


def product_short(code: str) -> str:
    """A product's name where space is short (history tables)."""
    return _label(_PRODUCTS_SHORT, code)


def event_type(code: str) -> str:
    return _label(_EVENT_TYPES, code)


def role(code: str) -> str:
    return _label(_ROLES, code)


def status(code: str) -> str:
    return _label(_STATUSES, code)


def sex(code: str) -> str:
    return _label(_SEXES, code)
