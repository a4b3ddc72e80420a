"""k-anonymity for the member table: generalise quasi-identifiers, then suppress what is left.

Every published column but the pseudonym is a quasi-identifier: together, regency, sex, birth
year, join year, status and two bands were unique for every member of a test cooperative. So
before rows leave, the columns are coarsened one level at a time, the same level for the whole
column (full-domain generalisation), until every combination of published values is shared by
at least k people (``[members] k`` in the policy):

=============  ==============================================================================
region         regency → province → withheld
sex            L/P → withheld
birth_year     year → 5-year band → 10-year band → 20-year band → withheld
age_band       the policy's bands → withheld
join_year      year → 5-year band → 10-year band → withheld
status         active/resigned/deceased/other → active/inactive → withheld
savings_band   the policy's bands → adjacent bands merged in pairs → withheld
loan_band      the same
=============  ==============================================================================

The search runs top down: it starts with every column withheld (which is trivially safe) and,
in rounds, gives each column in the order of the table above (region first: what the data
centre most needs) one level of detail back if the result still leaves at most
``max_suppressed_percent`` of the rows in groups under k, until no column can take another
level. Going round the columns in turn, rather than refining one column fully first, keeps
some detail in each. The rows still in small groups at the end are
*suppressed*: every quasi-identifier becomes ``*`` (the pseudonym stays, so the person still
counts and links). If fewer than k people end up all-``*``, those rows are *withheld* from the
member table altogether, since an all-``*`` group smaller than k is itself a small cell. A
withheld value is always ``*``; an empty value means the cooperative does not hold it (a NIK
that does not decode has no region).

Groups count distinct people (NIKs), not rows, so a person registered twice does not make a
group look bigger than it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sync_server.extract.members import Cell
from sync_server.extract.policy import Band, Policy

WITHHELD = "*"

#: The order in which columns get detail back, each round.
IMPORTANCE = (
    "region",
    "sex",
    "birth_year",
    "age_band",
    "status",
    "join_year",
    "savings_band",
    "loan_band",
)

Level = Callable[[Cell], Cell]


def _juta(amount: int) -> str:
    if amount % 1_000_000 == 0:
        return f"{amount // 1_000_000}"
    return f"{amount:,}".replace(",", ".")


def merged_band_labels(bands: Sequence[Band]) -> dict[str, str]:
    """Each band's label -> the label of its pair of adjacent bands merged into one."""
    merged: dict[str, str] = {}
    for i, band in enumerate(bands):
        first, last = i - i % 2, min(i - i % 2 + 1, len(bands) - 1)
        lower = bands[first - 1].below if first > 0 else None
        upper = bands[last].below
        if first == last:
            merged[band.label] = band.label
        elif lower is None and upper is not None:
            merged[band.label] = f"< Rp {_juta(upper)} juta"
        elif upper is None and lower is not None:
            merged[band.label] = f"≥ Rp {_juta(lower)} juta"
        else:
            merged[band.label] = f"Rp {_juta(lower or 0)}–{_juta(upper or 0)} juta"
    return merged


def _year_band(width: int) -> Level:
    def level(value: Cell) -> Cell:
        if not isinstance(value, int):
            return value
        low = value - value % width
        return f"{low}–{low + width - 1}"

    return level


def _keep(value: Cell) -> Cell:
    return value


def _withhold(value: Cell) -> Cell:
    return WITHHELD if value not in (None, "") else value


def _active(value: Cell) -> Cell:
    return value if value in (None, "", "active") else "inactive"


@dataclass(frozen=True)
class Dimension:
    """One quasi-identifier: its columns and its levels, finest first.

    Attributes:
        name: ``region``, ``sex``, …
        columns: The extract columns it covers (region covers province and regency).
        levels: ``(label, per-column transforms)`` per level; level 0 is as the policy has it.
    """

    name: str
    columns: tuple[str, ...]
    levels: tuple[tuple[str, tuple[Level, ...]], ...]


def dimensions(policy: Policy) -> list[Dimension]:
    """The quasi-identifiers the policy's columns make, each with its hierarchy."""
    names = set(policy.field_names)
    dims: list[Dimension] = []
    region = tuple(c for c in ("province_code", "regency_code") if c in names)
    if region == ("province_code", "regency_code"):
        levels: tuple[tuple[str, tuple[Level, ...]], ...] = (
            ("regency", (_keep, _keep)),
            ("province", (_keep, _withhold)),
            ("withheld", (_withhold, _withhold)),
        )
        dims.append(Dimension("region", region, levels))
    elif region:
        dims.append(Dimension("region", region, (("as is", (_keep,)), ("withheld", (_withhold,)))))

    def simple(name: str, steps: Sequence[tuple[str, Level]]) -> None:
        if name in names:
            dims.append(Dimension(name, (name,), tuple((lbl, (f,)) for lbl, f in steps)))

    simple("sex", [("L/P", _keep), ("withheld", _withhold)])
    simple(
        "birth_year",
        [
            ("year", _keep),
            ("5-year band", _year_band(5)),
            ("10-year band", _year_band(10)),
            ("20-year band", _year_band(20)),
            ("withheld", _withhold),
        ],
    )
    simple("age_band", [("policy bands", _keep), ("withheld", _withhold)])
    simple(
        "join_year",
        [
            ("year", _keep),
            ("5-year band", _year_band(5)),
            ("10-year band", _year_band(10)),
            ("withheld", _withhold),
        ],
    )
    simple("status", [("status", _keep), ("active/inactive", _active), ("withheld", _withhold)])
    for band_field, table in (("savings_band", "savings"), ("loan_band", "loans")):
        merged = merged_band_labels(policy.bands[table])

        def pairs(value: Cell, merged: dict[str, str] = merged) -> Cell:
            return merged.get(value, value) if isinstance(value, str) else value

        simple(band_field, [("policy bands", _keep), ("bands merged in pairs", pairs),
                            ("withheld", _withhold)])  # fmt: skip
    return dims


@dataclass
class Report:
    """What generalisation and suppression did, for the dry run and the JSON document.

    Attributes:
        k: The group size every published combination reaches.
        levels: Quasi-identifier -> the level it was published at.
        unique_before: Rows that were alone on their published values before anything was done.
        small_before: Rows in groups under k before anything was done.
        suppressed: Rows whose quasi-identifiers were all withheld (pseudonym kept).
        withheld: Rows left out of the member table (fewer than k people all-``*``).
        groups: Distinct combinations published.
        smallest_group: People in the smallest published combination (0 if none).
        finest: Quasi-identifier -> its finest level (as the policy has it).
    """

    k: int
    levels: dict[str, str] = field(default_factory=dict)
    unique_before: int = 0
    small_before: int = 0
    suppressed: int = 0
    withheld: int = 0
    groups: int = 0
    smallest_group: int = 0
    finest: dict[str, str] = field(default_factory=dict)

    def generalised(self) -> dict[str, str]:
        """Only the quasi-identifiers that were coarsened, with their level."""
        return {d: lvl for d, lvl in self.levels.items() if lvl != self.finest.get(d)}


def _groups(
    keys: Sequence[tuple[Cell, ...]], people: Sequence[str]
) -> dict[tuple[Cell, ...], set[str]]:
    groups: dict[tuple[Cell, ...], set[str]] = defaultdict(set)
    for key, person in zip(keys, people, strict=True):
        groups[key].add(person)
    return groups


def anonymise(
    rows: Sequence[dict[str, Cell]], people: Sequence[str], policy: Policy
) -> tuple[list[dict[str, Cell]], Report]:
    """Generalise and suppress ``rows`` (one per member, level-0 values) to k-anonymity.

    Args:
        rows: Member rows as :func:`~.members.member_row` makes them.
        people: Who each row is (the NIK), to count distinct people per group.
        policy: Supplies k, the suppression budget and the columns.

    Returns:
        The rows to publish (withheld ones left out) and the report.
    """
    k = policy.k
    dims = dimensions(policy)
    report = Report(k=k)
    n = len(rows)
    # values[d][level][i]: row i's columns of dimension d at that level.
    values = [
        [[tuple(f(row.get(c)) for c, f in zip(d.columns, fs, strict=True)) for row in rows]
         for _label, fs in d.levels]
        for d in dims
    ]  # fmt: skip

    def keys(levels: Sequence[int]) -> list[tuple[Cell, ...]]:
        return [
            tuple(v for j, d in enumerate(dims) for v in values[j][levels[j]][i]) for i in range(n)
        ]

    def small_rows(levels: Sequence[int]) -> int:
        ks = keys(levels)
        groups = _groups(ks, people)
        return sum(1 for key in ks if len(groups[key]) < k)

    first = keys([0] * len(dims))
    first_groups = _groups(first, people)
    report.unique_before = sum(1 for key in first if len(first_groups[key]) == 1)
    report.small_before = sum(1 for key in first if len(first_groups[key]) < k)
    budget = n * policy.max_suppressed_percent // 100
    if report.small_before <= budget:
        levels = [0] * len(dims)
    else:
        levels = [len(d.levels) - 1 for d in dims]
        order = sorted(range(len(dims)), key=lambda j: IMPORTANCE.index(dims[j].name))
        refined = True
        while refined:
            refined = False
            for j in order:
                if levels[j] == 0:
                    continue
                trial = [*levels]
                trial[j] -= 1
                if small_rows(trial) <= budget:
                    levels = trial
                    refined = True

    final = keys(levels)
    groups = _groups(final, people)
    qi_columns = [c for d in dims for c in d.columns]
    published: list[dict[str, Cell]] = []
    starred: list[int] = []
    for i, row in enumerate(rows):
        out = dict(row)
        for j, d in enumerate(dims):
            out.update(zip(d.columns, values[j][levels[j]][i], strict=True))
        if len(groups[final[i]]) < k:
            report.suppressed += 1
            out.update(dict.fromkeys(qi_columns, WITHHELD))
        if all(out[c] == WITHHELD for c in qi_columns):
            starred.append(i)
        published.append(out)
    starred_people = {people[i] for i in starred}
    if 0 < len(starred_people) < k:
        drop = set(starred)
        report.withheld = len(drop)
        published = [row for i, row in enumerate(published) if i not in drop]
        people = [p for i, p in enumerate(people) if i not in drop]

    report.levels = {d.name: d.levels[levels[j]][0] for j, d in enumerate(dims)}
    report.finest = {d.name: d.levels[0][0] for d in dims}
    shown = _groups([tuple(row[c] for c in qi_columns) for row in published], people)
    report.groups = len(shown)
    report.smallest_group = min((len(p) for p in shown.values()), default=0)
    return published, report
