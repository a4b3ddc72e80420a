"""The cooperative-wide chart of accounts (bagan akun) of a KSP.

An account key is a chart code plus its dimensions, joined by ``:`` — cash is kept per branch
and per teller (``1101:BR01:u-ayu``), the vault per branch (``1102:BR01``), everything else per
branch (``2101:BR01``) so each branch's books can be reconciled on their own and summed for the
cooperative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["asset", "liability", "equity", "income", "expense"]


@dataclass(frozen=True)
class Account:
    """A chart-of-accounts entry.

    Attributes:
        code: The chart code (``"1101"``).
        name: Indonesian name as printed in reports.
        kind: Asset, liability, equity, income or expense; sets the normal balance side.
    """

    code: str
    name: str
    kind: Kind

    @property
    def debit_normal(self) -> bool:
        return self.kind in ("asset", "expense")


CASH_TELLER = "1101"
CASH_VAULT = "1102"
LOANS_RECEIVABLE = "1301"
INTEREST_RECEIVABLE = "1302"
SAVINGS_SUKARELA = "2101"
SAVINGS_POKOK = "3101"
SAVINGS_WAJIB = "3102"
CAPITAL = "3201"
INCOME_JASA = "4101"
INCOME_ADMIN = "4102"
INCOME_DENDA = "4103"
INCOME_PROVISI = "4104"
INCOME_SETTLEMENT_PENALTY = "4105"
INTER_BRANCH = "1901"
CASH_OVER_SHORT = "5901"
SAVINGS_BERJANGKA = "2102"
TAX_PPH42_PAYABLE = "2301"
INCOME_DEPOSIT_PENALTY = "4106"
INTEREST_EXPENSE_SAVINGS = "5101"
INTEREST_EXPENSE_DEPOSITS = "5102"

CHART: dict[str, Account] = {
    a.code: a
    for a in (
        Account(CASH_TELLER, "Kas Teller", "asset"),
        Account(CASH_VAULT, "Kas Khasanah Cabang", "asset"),
        Account(LOANS_RECEIVABLE, "Piutang Pinjaman Anggota", "asset"),
        Account(INTEREST_RECEIVABLE, "Piutang Jasa Pinjaman", "asset"),
        # Per branch and counterparty branch (1901:BR02:BR01): one branch collects for another's
        # loan; each branch's books balance and the pairs net to zero cooperative-wide.
        Account(INTER_BRANCH, "Rekening Antar Kantor", "asset"),
        Account(SAVINGS_SUKARELA, "Simpanan Sukarela", "liability"),
        Account(SAVINGS_POKOK, "Simpanan Pokok", "equity"),
        Account(SAVINGS_WAJIB, "Simpanan Wajib", "equity"),
        Account(CAPITAL, "Modal Penyertaan", "equity"),
        Account(INCOME_JASA, "Pendapatan Jasa Pinjaman", "income"),
        Account(INCOME_ADMIN, "Pendapatan Administrasi", "income"),
        Account(INCOME_DENDA, "Pendapatan Denda", "income"),
        Account(INCOME_PROVISI, "Pendapatan Provisi", "income"),
        Account(INCOME_SETTLEMENT_PENALTY, "Pendapatan Penalti Pelunasan Dipercepat", "income"),
        Account(CASH_OVER_SHORT, "Selisih Kas", "expense"),
        # The month (issue 19): interest on savings and time deposits, the final tax withheld
        # on it until it is paid to the state, and early-withdrawal penalties.
        Account(SAVINGS_BERJANGKA, "Simpanan Berjangka", "liability"),
        Account(TAX_PPH42_PAYABLE, "Utang PPh Pasal 4 ayat (2)", "liability"),
        Account(INCOME_DEPOSIT_PENALTY, "Pendapatan Penalti Simpanan Berjangka", "income"),
        Account(INTEREST_EXPENSE_SAVINGS, "Beban Jasa Simpanan", "expense"),
        Account(INTEREST_EXPENSE_DEPOSITS, "Beban Jasa Simpanan Berjangka", "expense"),
    )
}

SAVINGS_ACCOUNT: dict[str, str] = {
    "pokok": SAVINGS_POKOK,
    "wajib": SAVINGS_WAJIB,
    "sukarela": SAVINGS_SUKARELA,
}


def key(code: str, *dimensions: str) -> str:
    """An account key: ``key("1101", "BR01", "u-ayu") == "1101:BR01:u-ayu"``."""
    if code not in CHART:
        raise KeyError(f"unknown account code {code}")
    return ":".join((code, *dimensions))


def teller_cash(branch_id: str, teller_id: str) -> str:
    return key(CASH_TELLER, branch_id, teller_id)


def vault_cash(branch_id: str) -> str:
    return key(CASH_VAULT, branch_id)


def code_of(account_key: str) -> str:
    return account_key.split(":", 1)[0]


def account_of(account_key: str) -> Account:
    return CHART[code_of(account_key)]


def is_teller_cash(account_key: str) -> bool:
    return code_of(account_key) == CASH_TELLER
