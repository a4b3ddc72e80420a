"""Finding a member as the teller types: by name, NIK or member number.

What was typed decides how to look:

* digits only — a NIK: exact when 16 digits, else a prefix (B-tree range on ``members.nik``);
  a short run of digits (``00051``, ``51``: the tail of a member number, as members say it)
  first finds the members whose number ends so, at every branch and PC prefix
  (:func:`number_prefixes`, one index seek per prefix);
* a member number (``BR01-01-00042``, any case, or a prefix of one) — B-tree range on
  ``members.member_no``;
* anything else — words of a name: FTS5 prefix match on the name column, accents ignored
  (``unicode61 remove_diacritics 2``), listed by name; when the name finds fewer than asked,
  address matches fill the rest.

Name matches are read in a bounded window (:data:`WINDOW`, in member order) and sorted by name,
so every keystroke costs about the same whether the words match ten members or half the
register. When more members match than the window holds, the list is the alphabetical order of
the window, not of every match: the teller types another letter, as they would anyway to pick
one person out of hundreds. No bm25 ranking: for names it only orders by word rarity, and it
costs a pass over every match.

Connection-level reads only (no sqlite-utils wrappers): this runs on every keystroke.
"""

from __future__ import annotations

import re
import sqlite3

SUMMARY_COLUMNS = "member_id, member_no, nik, name, address, status, home_branch"

_WORD = re.compile(r"\w+", re.UNICODE)
_MEMBER_NO = re.compile(r"^[A-Z0-9]+-\d*(-\d*)?$")
#: How many FTS matches are read per query before sorting by name (see module docstring).
WINDOW = 500
#: Up to this many digits may be a member number's tail (``BR01-01-00051``: 5).
TAIL_DIGITS = 7
#: The width member numbers pad their serial to.
SERIAL_WIDTH = 5
#: At most this many branch/PC prefixes are walked for a tail (a cooperative has far fewer).
MAX_PREFIXES = 2000


def _prefix_range(prefix: str) -> tuple[str, str]:
    # Every string starting with ``prefix`` sorts in [prefix, prefix + U+10FFFF).
    return prefix, prefix + "\U0010ffff"


def fts_query(text: str, column: str) -> str | None:
    """An FTS5 query for the words of ``text``, each as a prefix, all required."""
    words = _WORD.findall(text)
    if not words:
        return None
    return f"{{{column}}} : " + " ".join(f'"{w}"*' for w in words)


def classify(text: str) -> str:
    """``"nik"``, ``"member_no"``, ``"name"`` or ``""`` (nothing to search for)."""
    query = text.strip()
    if not query:
        return ""
    compact = query.replace(" ", "")
    if compact.isascii() and compact.isdigit():
        return "nik"
    if _MEMBER_NO.match(compact.upper()) and any(ch.isdigit() for ch in compact):
        return "member_no"
    return "name"


def search_rows(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[tuple[str, ...]]:
    """Rows of :data:`SUMMARY_COLUMNS` for what was typed (see module docstring)."""
    kind = classify(text)
    if not kind or limit <= 0:
        return []
    query = text.strip()
    if kind == "nik":
        nik = query.replace(" ", "")
        tails = by_number_tail(conn, nik, limit) if len(nik) <= TAIL_DIGITS else []
        if tails:
            seen = {r[0] for r in tails}
            low, high = _prefix_range(nik)
            sql = (
                f"SELECT {SUMMARY_COLUMNS} FROM members WHERE nik >= ? AND nik < ?"
                " ORDER BY nik LIMIT ?"
            )
            more = conn.execute(sql, (low, high, limit)).fetchall()
            return (tails + [r for r in more if r[0] not in seen])[:limit]
        if len(nik) == 16:
            sql = f"SELECT {SUMMARY_COLUMNS} FROM members WHERE nik = ? LIMIT ?"
            return conn.execute(sql, (nik, limit)).fetchall()
        low, high = _prefix_range(nik)
        sql = (
            f"SELECT {SUMMARY_COLUMNS} FROM members WHERE nik >= ? AND nik < ? ORDER BY nik LIMIT ?"
        )
        return conn.execute(sql, (low, high, limit)).fetchall()
    if kind == "member_no":
        low, high = _prefix_range(query.replace(" ", "").upper())
        sql = (
            f"SELECT {SUMMARY_COLUMNS} FROM members WHERE member_no >= ? AND member_no < ?"
            " ORDER BY member_no LIMIT ?"
        )
        return conn.execute(sql, (low, high, limit)).fetchall()
    rows = _fts(conn, fts_query(query, "name"), limit)
    if len(rows) < limit:
        seen = {r[0] for r in rows}
        more = _fts(conn, fts_query(query, "address"), limit)
        rows.extend(r for r in more if r[0] not in seen)
    if not rows and any(ch.isdigit() for ch in query):
        return search_rows(conn, query.replace(" ", "") + "-", limit)  # "BR01": a number prefix
    return rows[:limit]


def number_prefixes(conn: sqlite3.Connection) -> list[str]:
    """Every ``BR01-01-`` prefix of the member numbers held, by skipping along the index:
    one seek per prefix, however many members each holds."""
    found: list[str] = []
    cursor = ""
    while len(found) < MAX_PREFIXES:
        row = conn.execute(
            "SELECT member_no FROM members WHERE member_no > ? ORDER BY member_no LIMIT 1",
            (cursor,),
        ).fetchone()
        if row is None:
            break
        number = str(row[0])
        cut = number.rfind("-")
        if cut < 0:
            cursor = number  # not a numbered member: step over it
            continue
        found.append(number[: cut + 1])
        cursor = number[: cut + 1] + "\U0010ffff"
    return found


def by_number_tail(conn: sqlite3.Connection, digits: str, limit: int) -> list[tuple[str, ...]]:
    """Members whose number ends in ``digits`` (``51`` or ``00051`` finds ``BR01-01-00051``)."""
    if not digits.isdigit():
        return []
    tails = {digits, digits.zfill(SERIAL_WIDTH)}
    numbers = [p + t for p in number_prefixes(conn) for t in sorted(tails)]
    rows: list[tuple[str, ...]] = []
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT {SUMMARY_COLUMNS} FROM members WHERE member_no IN ({marks})"
        rows.extend(conn.execute(sql, chunk).fetchall())
    rows.sort(key=lambda r: r[1])
    return rows[:limit]


def _fts(conn: sqlite3.Connection, match: str | None, limit: int) -> list[tuple[str, ...]]:
    if match is None:
        return []
    sql = (
        f"SELECT {SUMMARY_COLUMNS} FROM members JOIN ("
        "  SELECT rowid AS hit FROM members_fts WHERE members_fts MATCH ? LIMIT ?"
        ") ON members.id = hit ORDER BY name, member_no LIMIT ?"
    )
    try:
        return conn.execute(sql, (match, max(limit, WINDOW), limit)).fetchall()
    except sqlite3.OperationalError:
        return []  # a query FTS5 cannot parse finds nothing rather than failing the screen


def by_member_no(conn: sqlite3.Connection, member_no: str) -> tuple[str, ...] | None:
    sql = f"SELECT {SUMMARY_COLUMNS} FROM members WHERE member_no = ?"
    result: tuple[str, ...] | None = conn.execute(sql, (member_no.strip().upper(),)).fetchone()
    return result


def by_nik(conn: sqlite3.Connection, nik: str) -> tuple[str, ...] | None:
    sql = f"SELECT {SUMMARY_COLUMNS} FROM members WHERE nik = ? LIMIT 1"
    result: tuple[str, ...] | None = conn.execute(sql, (nik.strip().replace(" ", ""),)).fetchone()
    return result
