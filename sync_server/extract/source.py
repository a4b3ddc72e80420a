"""Member records from the central projections, for the extract.

Only what some catalogue field can be derived from is read: the NIK, sex, birth and join
dates, status, savings balances and loan principal. Names, addresses and phone numbers are
never even selected, so no code path could put them in an extract.

Loan principal outstanding comes from the loan sub-ledger (``loan_movements``). Everything is
read in one consistent transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import Connection, func, select

from sync_server.extract.members import MemberRecord
from sync_server.store import tables as t
from sync_server.store.db import Database

#: Profile fields the extract derives anything from (a corrected NIK is a profile edit too).
PROFILE_FIELDS = ("nik", "birth_date", "sex", "join_date", "status")


def loans_outstanding(conn: Connection) -> dict[str, int]:
    """Principal still owed per member: per loan, disbursed minus repaid (reversal rows are
    stored negated, so they cancel), floored at zero so one overpaid loan hides no other."""
    m = t.loan_movements.c
    owed = func.sum(m.principal) - func.sum(m.pokok)
    rows = conn.execute(select(m.member_id, owed).group_by(m.member_id, m.loan_id))
    result: dict[str, int] = defaultdict(int)
    for member_id, amount in rows:
        result[member_id] += max(int(amount or 0), 0)
    return dict(result)


def member_records(db: Database) -> Iterator[MemberRecord]:
    """Every member the central ledger knows, as extract input."""
    with db.read(consistent=True) as conn:
        profiles: dict[str, dict[str, str]] = defaultdict(dict)
        rows = conn.execute(
            select(
                t.member_fields.c.member_id, t.member_fields.c.field, t.member_fields.c.value
            ).where(t.member_fields.c.field.in_(PROFILE_FIELDS))
        )
        for member_id, name, value in rows:
            profiles[member_id][name] = value
        savings: dict[str, dict[str, int]] = defaultdict(dict)
        for member_id, product, amount in conn.execute(
            select(t.balances.c.member_id, t.balances.c.product, t.balances.c.amount)
        ):
            savings[member_id][product] = int(amount)
        loans = loans_outstanding(conn)
        members = conn.execute(
            select(t.members.c.member_id, t.members.c.nik, t.members.c.home_branch)
        ).all()
    for member_id, nik, home_branch in members:
        profile = profiles.get(member_id, {})
        yield {
            "member_id": member_id,
            "nik": profile.get("nik") or nik,
            "home_branch": home_branch,
            "birth_date": profile.get("birth_date", ""),
            "sex": profile.get("sex", ""),
            "join_date": profile.get("join_date", ""),
            "status": profile.get("status", ""),
            "savings": savings.get(member_id, {}),
            "loans_outstanding": loans.get(member_id, 0),
        }
