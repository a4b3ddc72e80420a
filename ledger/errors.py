"""Two kinds of error.

A :class:`LumbungError` is a *known* error: bad input or a business rule that says no. It carries
a message in Bahasa Indonesia for the teller and one in English for logs and English UI, and the
caller shows it and carries on. Anything else that escapes is a bug (a programming error) and is
reported as such; :class:`UnbalancedEntry` is one of those, because no user input can produce it.
"""

from __future__ import annotations


class LumbungError(Exception):
    """A known, user-facing error.

    Attributes:
        message_id: The message in Bahasa Indonesia, shown to tellers by default.
        message_en: The same message in English.
        field: The input field the error is about, if any (for highlighting it on screen).
    """

    def __init__(self, message_id: str, message_en: str, *, field: str | None = None) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en
        self.field = field

    def message(self, language: str = "id") -> str:
        """The message in ``language`` ("id" or "en")."""
        return self.message_en if language == "en" else self.message_id

    def __str__(self) -> str:
        return self.message_en


class ValidationError(LumbungError):
    """Input that does not make sense (an amount with letters, an impossible NIK, ...)."""


class BusinessRuleError(LumbungError):
    """Well-formed input that a business rule refuses (overdraft, limit, closed day, ...)."""


class UnbalancedEntry(AssertionError):
    """A journal entry whose debits and credits differ: always a bug, never user input."""
