"""Device numbers unique per branch, the same receipt numbers everywhere, clashes from before
device numbers, and the day close that knows what the branch's other PCs still hold.

Against the real server process (tests/sync/harness.py): real desktop stores, enrolled and
synced by the real engine over HTTP; head office's admin works on the server's database as the
CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import requests
from argon2 import PasswordHasher
from sqlalchemy import select

from desktop import day_link
from desktop.counter import day_close
from desktop.counter.context import Context
from desktop.counter.records import StaffUser
from desktop.store import Store
from desktop.store import sync_state as st
from desktop.sync import credentials, enrol
from desktop.sync import numbering as desk_numbering
from ledger.errors import BusinessRuleError
from ledger.ids import uuid7
from ledger.wire import PROTOCOL_HEADER
from sync_server import admin, enrolment, numbering
from sync_server.reports import data as reports
from sync_server.store import tables as t

from .harness import DAY, Central, Replica, engine_of


def ctx_of(store: Store) -> Context:
    return Context(store, today=lambda: dt.date.fromisoformat(DAY), hasher=PasswordHasher())


def numbers_on_server(central: Central, branch_id: str) -> dict[str, int | None]:
    return {r["device_id"]: r["device_no"] for r in admin.list_devices(central.db, branch_id)}


def enroll_raw(central: Central, code: str, **body: Any) -> requests.Response:
    return requests.post(
        central.url + "/v1/enroll",
        json={"code": code, "device_name": "pc", **body},
        headers={PROTOCOL_HEADER: "1"},
        timeout=30,
    )


def test_head_office_numbers_pcs_per_branch_and_receipts_read_the_same_everywhere(
    central_any: Central, tmp_path: Path
) -> None:
    central = central_any
    br1, br2 = central.add_branch(), central.add_branch()
    pc1 = Replica.enrolled(central, br1, tmp_path / "pc1")
    pc2 = Replica.enrolled(central, br1, tmp_path / "pc2")
    other = Replica.enrolled(central, br2, tmp_path / "other")
    try:
        # Numbers follow enrolment order within each branch.
        assert [r.store.identity.device_no for r in (pc1, pc2, other)] == [1, 2, 1]  # type: ignore[union-attr]
        assert numbers_on_server(central, br1) == {pc1.device_id: 1, pc2.device_id: 2}
        assert numbers_on_server(central, br2) == {other.device_id: 1}

        # A proposed number another PC holds is refused, with a distinct code, and the code
        # stays usable; a free one is granted.
        code = central.code(br1)
        refused = enroll_raw(central, code, device_no=2)
        assert refused.status_code == 409
        body = refused.json()
        assert body["code"] == "device_no_taken"
        assert "02" in body["detail_id"] and "sudah dipakai" in body["detail_id"]
        assert "already used" in body["detail"]
        granted = enroll_raw(central, code, device_no=7)
        assert granted.status_code == 200, granted.text
        assert granted.json()["device_no"] == 7
        # Next free after 1, 2 and 7 is 3.
        assert enroll_raw(central, central.code(br1)).json()["device_no"] == 3

        # PC 2 posts; after a sync, PC 1 shows its receipts under number 02.
        for r in (pc1, pc2, other):
            r.sync()
        pc2.open_drawer()
        member = pc2.register()
        deposit = pc2.deposit(member, 250_000)
        pc2.sync()
        pc1.sync()
        expected = f"{br1}/02/{deposit.device_seq:07d}"
        assert ctx_of(pc1.store).receipt_no(deposit.device_id, deposit.device_seq, br1) == expected
        assert ctx_of(pc2.store).receipt_no(deposit.device_id, deposit.device_seq, br1) == expected
        other.sync()
        assert (
            ctx_of(other.store).receipt_no(deposit.device_id, deposit.device_seq, br1) == expected
        )
        # Head office's journal report prints the same receipt number.
        journal = reports.journal(central.db, "KSP", day=DAY, branch=br1)
        printed = {row[1] for section in journal.sections for row in section.rows}
        assert expected in printed

        # The snapshot carries the numbers: a PC enrolled now knows PC 2's number at once.
        late = Replica.enrolled(central, br1, tmp_path / "late")
        try:
            late.sync()
            assert (
                ctx_of(late.store).receipt_no(deposit.device_id, deposit.device_seq, br1)
                == expected
            )
            assert late.store.identity.device_no == 4  # type: ignore[union-attr]  # 1,2,3,7 held
        finally:
            late.close()
    finally:
        for r in (pc1, pc2, other):
            r.close()


def pre_upgrade_store(central: Central, branch_id: str, folder: Path, device_no: int) -> Replica:
    """A PC enrolled by a server from before device numbers: the server's device row has no
    number and no DeviceNumbered event; the store prints with the number its installer typed."""
    folder.mkdir(parents=True, exist_ok=True)
    device_id, token = uuid7(), "pre-upgrade-" + uuid7()
    with central.db.write() as conn:
        conn.execute(
            t.devices.insert().values(
                device_id=device_id,
                branch_id=branch_id,
                name="old pc",
                token_hash=enrolment.digest(token),
                status="active",
                last_seq=0,
                last_hash="0" * 64,
                last_hlc="",
                enrolled_at="2025-01-01T00:00:00+00:00",
            )
        )
    store = Store(folder / "lumbung.sqlite3")
    credentials.save_token(folder, device_id, token)
    with store.transaction() as conn:
        store.create_identity(
            device_no=device_no,
            branch_id=branch_id,
            branch_name=branch_id,
            cooperative_name="KSP",
            device_id=device_id,
        )
        st.update_state(conn, server_url=central.url, needs_bootstrap=0)
        conn.execute("UPDATE sync_state SET cursor = ?", (central.last_seq(),))
    return Replica(central, branch_id, folder / "lumbung.sqlite3", store, engine_of(store))


def test_a_clash_from_before_is_an_alarm_and_renumbering_keeps_printed_receipts(
    central_any: Central, tmp_path: Path
) -> None:
    central = central_any
    branch = central.add_branch()
    first = Replica.enrolled(central, branch, tmp_path / "first")  # number 1 from head office
    old = pre_upgrade_store(central, branch, tmp_path / "old", device_no=1)  # also "01"
    try:
        first.sync()
        old.open_drawer()
        member = old.register()
        printed = old.deposit(member, 100_000)
        # Before anything is known, the old PC prints its own local number.
        assert ctx_of(old.store).receipt_no(old.device_id, printed.device_seq, branch) == (
            f"{branch}/01/{printed.device_seq:07d}"
        )
        old.sync()  # pushes, then reports "01": head office records it and raises an alarm
        alarms = [a for a in admin.list_alarms(central.db) if a["device_id"] == old.device_id]
        assert [a["kind"] for a in alarms] == ["device_no_clash"]
        assert alarms[0]["resolved_at"] is None
        listed = {r["device_id"]: r for r in admin.list_devices(central.db, branch)}
        assert listed[old.device_id]["device_no"] == 1
        assert listed[old.device_id]["clash"] == str(alarms[0]["alarm_id"])
        assert listed[first.device_id]["clash"] == ""

        # Head office gives the old PC the next free number, from its next transaction on.
        assert numbering.renumber(central.db, old.device_id, actor="test") == 2
        listed = {r["device_id"]: r for r in admin.list_devices(central.db, branch)}
        assert listed[old.device_id]["assigned"] == 2
        assert listed[old.device_id]["device_no"] == 1  # not in force until the PC confirms
        alarm = next(a for a in admin.list_alarms(central.db) if a["device_id"] == old.device_id)
        assert alarm["resolved_at"] is not None

        # Meanwhile the old PC posted offline with its old number.
        offline = old.deposit(member, 50_000)
        counter = Store(old.path)  # the counter's own connection, as the UI's store thread has
        old.sync()  # pulls the assignment, confirms it at its next sequence, pushes
        confirm_seq = offline.device_seq + 1
        assert old.store.identity.device_no == 2  # type: ignore[union-attr]
        with counter.transaction():  # its next write sees the new number (new member numbers)
            pass
        assert counter.identity.device_no == 2  # type: ignore[union-attr]
        counter.close()
        after = old.deposit(member, 25_000)
        assert after.device_seq == confirm_seq + 1
        old.sync()
        first.sync()

        def receipt(store: Store, seq: int) -> str:
            return ctx_of(store).receipt_no(old.device_id, seq, branch)

        for store in (old.store, first.store):
            assert receipt(store, printed.device_seq) == f"{branch}/01/{printed.device_seq:07d}"
            assert receipt(store, offline.device_seq) == f"{branch}/01/{offline.device_seq:07d}"
            assert receipt(store, after.device_seq) == f"{branch}/02/{after.device_seq:07d}"
        journal = reports.journal(central.db, "KSP", day=DAY, branch=branch)
        on_server = {row[1] for section in journal.sections for row in section.rows}
        assert f"{branch}/01/{printed.device_seq:07d}" in on_server
        assert f"{branch}/02/{after.device_seq:07d}" in on_server
        listed = {r["device_id"]: r for r in admin.list_devices(central.db, branch)}
        assert (listed[old.device_id]["device_no"], listed[old.device_id]["assigned"]) == (2, None)
        with central.db.read() as conn:
            froms = sorted(
                conn.execute(
                    select(t.device_numbers.c.from_seq, t.device_numbers.c.device_no).where(
                        t.device_numbers.c.device_id == old.device_id
                    )
                ).all()
            )
        assert froms == [(0, 2), (1, 1), (confirm_seq, 2)]
    finally:
        first.close()
        old.close()


def agree(replica: Replica) -> str:
    """Compare the replica's branch day with head office as the day-close screen does."""
    server_day = day_link.fetch(replica.engine, replica.branch_id, DAY)
    recon = day_close.reconcile(
        ctx_of(replica.store), DAY, server_day.digest, list(server_day.events)
    )
    return recon.status


def supervisor(central: Central, replica: Replica, username: str) -> StaffUser:
    user_id = admin.add_user(
        central.db,
        admin.StaffInput(username, "Made Supervisor", "supervisor", replica.branch_id),
        "rahasia-123",
        actor="test",
    )
    replica.sync()
    return StaffUser(user_id, username, "Made Supervisor", "supervisor", True)


def test_the_day_close_will_not_say_matches_while_another_pc_holds_events(
    central_any: Central, tmp_path: Path
) -> None:
    central = central_any
    branch = central.add_branch()
    pc1 = Replica.enrolled(central, branch, tmp_path / "pc1")
    pc2 = Replica.enrolled(central, branch, tmp_path / "pc2")
    try:
        pc2.sync()
        boss = supervisor(central, pc1, "spv-" + branch.lower())
        member = pc2.register()
        pc2.sync()
        # PC 2 goes on offline: three deposits not pushed; it reports what it holds.
        for amount in (5_000_000, 4_000_000, 2_500_000):
            pc2.deposit(member, amount)
        assert pc2.store.pending_count() == 3
        desk_numbering.report(pc2.store, pc2.engine.client)
        pc1.sync()

        view = day_close.overview(ctx_of(pc1.store), DAY)
        rows = {pc.label: pc for pc in view.pcs}
        assert set(rows) == {"PC 01", "PC 02"}
        assert rows["PC 01"].this_pc and not rows["PC 02"].this_pc
        assert rows["PC 02"].waiting == 3
        assert rows["PC 02"].acked_seq == rows["PC 02"].reported_seq - 3
        assert [b.kind for b in view.pc_blockers] == ["waiting"]

        # PC 1 itself agrees with head office (PC 2's unpushed deposits are on neither).
        assert agree(pc1) == day_close.AGREED
        with pytest.raises(BusinessRuleError) as refused:
            day_close.close_day(ctx_of(pc1.store), actor=boss, day=DAY)
        assert "PC 02" in refused.value.message_id and "3 transaksi" in refused.value.message_id
        assert not day_close.is_closed(ctx_of(pc1.store), DAY)

        # With a written reason the supervisor may still close; the close is then pending,
        # not "matches head office".
        done = day_close.close_day(
            ctx_of(pc1.store), actor=boss, day=DAY, reason="PC 02 offline, kirim besok"
        )
        assert done.status == day_close.PENDING and done.offline

        # Once PC 2 has pushed, nothing of the other PCs holds a day up any more.
        pc2.sync()
        pc1.sync()
        view = day_close.overview(ctx_of(pc1.store), DAY)
        assert view.pc_blockers == ()
        assert {pc.label: pc.waiting for pc in view.pcs} == {"PC 01": 0, "PC 02": 0}
    finally:
        pc1.close()
        pc2.close()


def test_a_stand_alone_pc_joining_keeps_its_printed_number_and_head_office_is_alarmed(
    central_any: Central, tmp_path: Path
) -> None:
    central = central_any
    branch = central.add_branch()
    first = Replica.enrolled(central, branch, tmp_path / "first")  # PC 01 from head office
    folder = tmp_path / "standalone"
    folder.mkdir()
    store = Store(folder / "lumbung.sqlite3")
    try:
        with store.transaction():
            store.create_identity(
                device_no=1, branch_id=branch, branch_name=branch, cooperative_name="KSP"
            )
        standalone = Replica(central, branch, folder / "lumbung.sqlite3", store, None)  # type: ignore[arg-type]
        standalone.open_drawer()
        printed = standalone.deposit(standalone.register(), 75_000)
        # Its receipts say 01 already: joining is not refused, head office is told.
        identity = enrol(store, central.url, central.code(branch), first_sync=False)
        assert identity.device_no == 1
        (alarm,) = [
            a for a in admin.list_alarms(central.db) if a["device_id"] == identity.device_id
        ]
        assert alarm["kind"] == "device_no_clash" and alarm["resolved_at"] is None
        listed = {r["device_id"]: r for r in admin.list_devices(central.db, branch)}
        assert listed[identity.device_id]["device_no"] == 1
        assert listed[identity.device_id]["clash"] == str(alarm["alarm_id"])
        engine = engine_of(store)
        try:
            engine.sync_once()
        finally:
            engine.close()
        first.sync()
        assert ctx_of(first.store).receipt_no(identity.device_id, printed.device_seq, branch) == (
            f"{branch}/01/{printed.device_seq:07d}"
        )
    finally:
        store.close()
        first.close()


def test_a_revoked_pcs_number_is_never_given_again(central_any: Central) -> None:
    central = central_any
    branch = central.add_branch()
    gone = enroll_raw(central, central.code(branch)).json()
    assert gone["device_no"] == 1
    assert enrolment.revoke(central.db, gone["device_id"])
    # Its receipts BR/01/... exist on paper: a new PC must not print the same numbers.
    again = enroll_raw(central, central.code(branch), device_no=1)
    assert again.status_code == 409 and again.json()["code"] == "device_no_taken"
    assert enroll_raw(central, central.code(branch)).json()["device_no"] == 2
