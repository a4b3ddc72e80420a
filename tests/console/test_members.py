"""Member pages are limited by role and every look is in the access log."""

from __future__ import annotations

import uuid

from sync_server.console import accounts
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
