"""Per-region tables with small-cell suppression.

Counts under k (the policy's ``min_cell``) could single a person out, so they are withheld
("suppressed"). Withholding one cell is not enough when the others and the total are shown:
the missing count is then a subtraction away. So within each breakdown, more cells are withheld
(smallest first) until the withheld cells together hold at least k members; a region with
fewer than k members is withheld whole. Totals of money are rounded, and withheld when one
member holds most of a total (the dominance rule), since the total would then be that member's
balance.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sync_server.extract.members import Cell, Facts
from sync_server.extract.policy import Policy

AGGREGATE_COLUMNS = (
    "region_level",
    "region_code",
    "measure",
    "sex",
    "age_band",
    "status",
    "members",
    "amount",
    "suppressed",
)


@dataclass
class _Cell:
    measure: str
    sex: str = ""
    age_band: str = ""
    status: str = ""
    members: int = 0
    amount: int | None = None
    suppressed: bool = False


def round_to(amount: int, multiple: int) -> int:
    """Round half up to a multiple, in integers (money never goes through a float)."""
    q, r = divmod(amount, multiple)
    if 2 * r >= multiple:
        q += 1
    return q * multiple


def suppress_counts(cells: Sequence[_Cell], k: int) -> None:
    """Withhold counts under k, then more until the withheld ones hold at least k members."""
    for c in cells:
        if 0 < c.members < k:
            c.suppressed = True
    hidden = [c for c in cells if c.suppressed]
    if not hidden:
        return
    total = sum(c.members for c in hidden)
    candidates = sorted(
        (c for c in cells if not c.suppressed and c.members > 0), key=lambda c: c.members
    )
    for c in candidates:
        if total >= k:
            break
        c.suppressed = True
        total += c.members


def _total(measure: str, amounts: list[int], policy: Policy) -> _Cell:
    agg = policy.aggregates
    contributors = [a for a in amounts if a != 0]
    cell = _Cell(measure, members=len(contributors))
    magnitude = sum(abs(a) for a in contributors)
    dominated = bool(contributors) and (
        max(abs(a) for a in contributors) * 100 > agg.max_share_percent * magnitude
    )
    if 0 < len(contributors) < agg.min_cell or dominated:
        cell.suppressed = True
    else:
        cell.amount = round_to(sum(contributors), agg.total_rounding)
    return cell


def _region_cells(members: Sequence[Facts], policy: Policy, today: dt.date) -> list[_Cell]:
    agg = policy.aggregates
    cells: list[_Cell] = []
    if "members_by_sex_age" in agg.measures:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for m in members:
            counts[(m.sex, m.age_band(policy, today))] += 1
        # The full grid, zeros included, so which cells exist says nothing about anyone.
        grid = [(s, b.label) for s in ("L", "P") for b in policy.bands["age"]]
        grid += sorted(set(counts) - set(grid))
        breakdown = [
            _Cell("members_by_sex_age", sex=s, age_band=b, members=counts[(s, b)]) for s, b in grid
        ]
        suppress_counts(breakdown, agg.min_cell)
        cells += breakdown
    if "members_by_status" in agg.measures:
        active = sum(1 for m in members if m.active)
        breakdown = [
            _Cell("members_by_status", status="active", members=active),
            _Cell("members_by_status", status="inactive", members=len(members) - active),
        ]
        suppress_counts(breakdown, agg.min_cell)
        cells += breakdown
    if "savings_total" in agg.measures:
        cells.append(_total("savings_total", [m.savings for m in members], policy))
    if "loans_total" in agg.measures:
        cells.append(_total("loans_total", [m.loans for m in members], policy))
    return cells


def aggregate_rows(
    facts: Iterable[Facts], policy: Policy, today: dt.date
) -> list[dict[str, Cell | bool]]:
    """The per-region tables, as rows of :data:`AGGREGATE_COLUMNS`, sorted by region."""
    level = policy.aggregates.region
    by_region: dict[str, list[Facts]] = defaultdict(list)
    for f in facts:
        by_region[f.region(level)].append(f)
    rows: list[dict[str, Cell | bool]] = []
    for region in sorted(by_region):
        members = by_region[region]
        cells = _region_cells(members, policy, today)
        if len(members) < policy.aggregates.min_cell:
            for c in cells:
                c.suppressed = True
        for c in cells:
            rows.append(
                {
                    "region_level": level,
                    "region_code": region,
                    "measure": c.measure,
                    "sex": c.sex,
                    "age_band": c.age_band,
                    "status": c.status,
                    "members": None if c.suppressed else c.members,
                    "amount": None if c.suppressed else c.amount,
                    "suppressed": c.suppressed,
                }
            )
    return rows
