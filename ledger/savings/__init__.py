"""Savings interest, its final tax, time deposits and simpanan wajib dues: the cooperative's month.

Importing this package registers the month-end payload types and their posting rules;
:mod:`ledger.projection` imports it, so any code that projects events knows them.
"""

from ledger.savings import posting as _posting  # noqa: F401  (registers the posting rules)
from ledger.savings.events import (
    SAVINGS_MONTH_PAYLOADS,
    SavingsInterestCredited,
    SavingsInterestTaxWithheld,
)
from ledger.savings.interest import MonthInterest, Segment, month_interest
from ledger.savings.period import Month
from ledger.savings.tax import DEFAULT_RULE, TaxRule, Withholding, withhold
from ledger.savings.terms import (
    DEFAULT_CAPS,
    RateCap,
    RateChange,
    RateTier,
    SavingsInterestTerms,
    check_rate_cap,
)

__all__ = [
    "DEFAULT_CAPS",
    "DEFAULT_RULE",
    "SAVINGS_MONTH_PAYLOADS",
    "Month",
    "MonthInterest",
    "RateCap",
    "RateChange",
    "RateTier",
    "SavingsInterestCredited",
    "SavingsInterestTaxWithheld",
    "SavingsInterestTerms",
    "Segment",
    "TaxRule",
    "Withholding",
    "check_rate_cap",
    "month_interest",
    "withhold",
]
