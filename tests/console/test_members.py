"""Member pages are limited by role and every look is in the access log."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event

from sync_server.console import accounts, overview
from sync_server.store import tables as t

from .conftest import Console

NIK = "5104034703900001"


def _member(console: Console) -> str:
    """A member as the central projection holds one (written directly: only reads are tested)."""
    member_id = "m-" + uuid.uuid4().hex[:12]
    with console.db.write() as conn:
        conn.execute(
            t.members.insert().values(
                member_id=member_id, nik=NIK, member_no=f"BR01-{member_id[-6:]}",
                home_branch="BR01", registered_event_id=member_id, registered_seq=0,
            )
        )  # fmt: skip
        fields = {"name": "Ni Wayan Rahasia", "mother_maiden_name": "Ni Ketut Ibu",
                  "phone": "081299990000", "address": "Jl. Sunyi 7"}  # fmt: skip
        conn.execute(
            t.member_fields.insert(),
            [{"member_id": member_id, "field": k, "value": v, "hlc": "0", "device_id": "d"}
             for k, v in fields.items()],
        )  # fmt: skip
    return member_id


def test_what_each_role_sees_of_a_member_and_the_access_log(console: Console) -> None:
    member_id = _member(console)
    path = f"{console.url}/console/members/{member_id}"

    auditor = console.session("auditor").get(path, timeout=30)
    assert auditor.status_code == 200
    assert NIK in auditor.text and "Ni Ketut Ibu" in auditor.text and "081299990000" in auditor.text

    manager = console.session("manager").get(path, timeout=30)
    assert manager.status_code == 200
    assert "Ni Wayan Rahasia" in manager.text
    assert NIK not in manager.text and NIK[-4:] in manager.text
    assert "Ni Ketut Ibu" not in manager.text and "081299990000" not in manager.text

    found = console.session("manager").get(
        f"{console.url}/console/members", params={"q": "wayan rahasia"}, timeout=30
    )
    assert member_id in found.text and NIK not in found.text

    refused = console.session("accountant").get(path, allow_redirects=False, timeout=30)
    assert refused.status_code == 403

    log = accounts.audit_log(console.db, action_prefix="member.")
    views = {(r["username"], r["action"]) for r in log if member_id in r["target"]}
    assert views == {
        (console.user("auditor"), "member.view"),
        (console.user("manager"), "member.view"),
    }
    searches = [r for r in log if r["action"] == "member.search" and r["target"] == "wayan rahasia"]
    assert searches and searches[0]["username"] == console.user("manager")
    assert "1 found" in searches[0]["detail"]


def test_member_search_finds_the_same_members_on_both_databases(console: Console) -> None:
    """Part of a name in any case, a member number or NIK exactly, LIKE's wildcards taken as
    text, and a common name cut at the limit to the first names in code-point order; on
    PostgreSQL the name match goes through the pg_trgm index (migration 0010)."""
    token = uuid.uuid4().hex[:8]
    names = {
        "a": f"Ni Luh {token} Sari",
        "b": f"I Wayan {token} Putra",
        "c": f"Made {token}_x Lestari",
        "d": f"Ketut {token}%y Wijaya",
    }
    names.update({f"z{i:02d}": f"Zz {token} {i:02d}" for i in range(12)})
    ids = {key: f"m-{token}-{key}" for key in names}
    with console.db.write() as conn:
        conn.execute(
            t.members.insert(),
            [{"member_id": ids[k], "nik": f"9{token}{n:07d}", "member_no": f"S{token}-{n:03d}",
              "home_branch": "BR01", "registered_event_id": ids[k], "registered_seq": 0}
             for n, k in enumerate(names)],
        )  # fmt: skip
        conn.execute(
            t.member_fields.insert(),
            [{"member_id": ids[k], "field": "name", "value": v, "hlc": "0", "device_id": "d"}
             for k, v in names.items()]
            # A member whose address (not name) holds the token is not found by it.
            + [{"member_id": ids["a"], "field": "address", "value": f"Jl. {token} Raya",
                "hlc": "0", "device_id": "d"}],
        )  # fmt: skip

    def found(query: str, limit: int = 50) -> list[str]:
        return [r["member_id"] for r in overview.search_members(console.db, query, limit)]

    assert found(f"luh {token.upper()} sari") == [ids["a"]]
    assert found(f"{token} P") == [ids["b"]]
    assert found(f"{token}_") == [ids["c"]]  # "_" is a character, not "any one"
    assert found(f"{token}%") == [ids["d"]]  # "%" likewise
    assert found(f"S{token}-001") == [ids["b"]]
    assert found(f"9{token}0000002") == [ids["c"]]
    # The number's member first, then the names containing the text, sorted by name.
    assert found(f"S{token}-003")[:1] == [ids["d"]]
    assert found(f"Zz {token}", limit=5) == [ids[f"z{i:02d}"] for i in range(5)]
    assert found(f"{token} zz") == []
    # The whole row as the page shows it.
    (row,) = overview.search_members(console.db, f"wayan {token}")
    assert row == {"member_id": ids["b"], "member_no": f"S{token}-001", "home_branch": "BR01",
                   "nik": f"9{token}0000001", "name": names["b"]}  # fmt: skip

    if console.backend == "postgres":
        with console.db.engine.connect() as conn:
            definition = conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_member_fields_name_trgm'"
            ).scalar_one()
        assert "gin (value gin_trgm_ops) WHERE (field = 'name'::text)" in definition
        assert "ix_member_fields_name_trgm" in plan_of_name_match(console, f"luh {token}")


def plan_of_name_match(console: Console, query: str) -> str:
    """PostgreSQL's plan of the statement ``search_members`` runs for its name match, caught as
    it runs, over 20,000 more names (a few would be read whole) in a transaction rolled back."""
    caught: list[tuple[str, Any]] = []

    def catch(conn: object, cursor: object, statement: str, params: Any, *_: object) -> None:
        if "ILIKE" in statement:
            caught.append((statement, params))

    event.listen(console.db.engine, "before_cursor_execute", catch)
    try:
        overview.search_members(console.db, query)
    finally:
        event.remove(console.db.engine, "before_cursor_execute", catch)
    (statement, params), *_ = caught
    with console.db.engine.connect() as conn, conn.begin() as transaction:
        conn.exec_driver_sql(
            "INSERT INTO member_fields SELECT 'x-' || g, 'name', 'Nama ' || g, '0', 'd'"
            " FROM generate_series(1, 20000) AS g"
        )
        conn.exec_driver_sql("ANALYZE member_fields")
        rows = conn.exec_driver_sql("EXPLAIN " + statement, params).all()
        transaction.rollback()
    return "\n".join(str(r[0]) for r in rows)
