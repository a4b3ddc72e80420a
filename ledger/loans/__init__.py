"""Loans (pinjaman): products, schedules, allocation, arrears, events, posting and state.

Importing this package registers the loan payload types and their posting rules;
:mod:`ledger.projection` and :mod:`ledger.digest` import it, so any code that projects or
digests events knows the loan events.
"""

from ledger.loans import posting as _posting  # noqa: F401  (registers the posting rules)
from ledger.loans.events import (
    LOAN_PAYLOADS,
    LoanApplied,
    LoanApproved,
    LoanDisbursed,
    LoanProductDefined,
    LoanRepaid,
    LoanSettled,
)
from ledger.loans.products import LoanProduct, LoanTerms, loan_terms
from ledger.loans.schedule import Schedule, build_schedule
from ledger.loans.state import LoanMovement, LoanState, loan_movements, loan_state

__all__ = [
    "LOAN_PAYLOADS",
    "LoanApplied",
    "LoanApproved",
    "LoanDisbursed",
    "LoanMovement",
    "LoanProduct",
    "LoanProductDefined",
    "LoanRepaid",
    "LoanSettled",
    "LoanState",
    "LoanTerms",
    "Schedule",
    "build_schedule",
    "loan_movements",
    "loan_state",
    "loan_terms",
]
