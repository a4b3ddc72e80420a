"""Three branches, each a real desktop store and service, synced by the real engine through the
real server process: a member registered at one branch is served at another, and after a
pull everywhere every replica, the server's central projection and its snapshot agree."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from desktop.services import BranchService
from desktop.store import Store
from desktop.store import sync_state as st
from desktop.sync import BootstrapRefused, SyncRefused, credentials, engine_for, enrol
from ledger.members import RegistrationInput
from ledger.nik import make_nik
from sync_server import admin

from .harness import Central, Replica, expected_state, projection_of, replica_state

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def new_branch_pc(central: Central, branch_id: str, folder: Path) -> BranchService:
    folder.mkdir(parents=True, exist_ok=True)
    service = BranchService(folder / "lumbung.sqlite3", hasher=FAST)
    enrol(service, central.url, central.code(branch_id), device_name=f"Kasir {branch_id}")
    return service


def sync(service: BranchService) -> None:
    engine = engine_for(service.store)
    assert engine is not None
    try:
        engine.sync_once()
    finally:
        engine.client.close()


def test_register_at_one_branch_deposit_at_another_all_agree(
    central_any: Central, tmp_path: Path
) -> None:
    central = central_any
    a_id, b_id, c_id = (central.add_branch(f"Cabang {n}") for n in "ABC")
    for username, branch in (("ayu", a_id), ("bagus", b_id)):
        admin.add_user(
            central.db,
            admin.StaffInput(username, f"Teller {username}", "teller", branch),
            "rahasia123",
            actor="admin-cli",
        )

    a = new_branch_pc(central, a_id, tmp_path / "a")
    b = new_branch_pc(central, b_id, tmp_path / "b")
    c = new_branch_pc(central, c_id, tmp_path / "c")
    try:
        # Identity and staff came from head office: the teller logs in offline from now on.
        assert a.branch_info()["branch_name"] == "Cabang A"
        assert a.branch_info()["cooperative_name"] == "KSP Lumbung"
        ayu = a.authenticate("ayu", "rahasia123")
        a.open_session(actor=ayu, opening_float=5_000_000)
        form = RegistrationInput(
            nik=make_nik("510403", dt.date(1988, 4, 2), "P", 77),
            name="Ni Made Sekar",
            birth_place="Gianyar",
            address="Jl. Hanoman 3, Ubud",
            phone="081338112233",
            occupation="Penenun",
            mother_maiden_name="Ni Wayan Rai",
        )
        registered = a.register_member(form, actor=ayu)
        member_id = registered.member_id
        a.deposit(member_id, "sukarela", 400_000, actor=ayu)
        assert a.pending_count() > 0
        sync(a)
        assert a.pending_count() == 0

        # Branch B has never seen her until it pulls.
        assert b.member_by_nik(form.nik) is None
        sync(b)
        found = b.member_by_nik(form.nik)
        assert found is not None and found.member_id == member_id
        bagus = b.authenticate("bagus", "rahasia123")
        b.open_session(actor=bagus, opening_float=5_000_000)
        b.deposit(member_id, "sukarela", 250_000, actor=bagus)
        b.withdraw(member_id, "sukarela", 100_000, actor=bagus)
        sync(b)
        for service in (a, c):
            sync(service)

        expected_sukarela = 400_000 + 250_000 - 100_000
        for service in (a, b, c):
            detail = service.member_detail(member_id)
            assert detail.balances["sukarela"] == expected_sukarela
            assert service.pending_count() == 0
            assert sum(service.trial_balance().values()) == 0

        # The reference projection over every event the server holds is what each replica
        # shows (the whole state: balances, books, profiles, staff, sessions, cases).
        events = [e for _, e in central.events()]
        reference = projection_of(events)
        assert reference.balance(member_id, "sukarela") == expected_sukarela
        assert reference.trial_balance_total() == 0
        for service in (a, b, c):
            assert replica_state(service.store) == expected_state(reference)
        # ... and the server's own central tables agree with it.
        assert central.balances({member_id}) == {
            k: v for k, v in reference.balances.items() if k[0] == member_id and v
        }
        assert central.gl({a_id, b_id, c_id}) == {
            k: v
            for k, v in reference.gl.items()
            if v and set(k.split(":")[1:]) & {a_id, b_id, c_id}
        }
        # The server's snapshot is the same state: a fourth PC loaded from it alone agrees.
        d = new_branch_pc(central, c_id, tmp_path / "d")
        try:
            assert st.read_state(d.store.conn).bootstrapped_at == central.last_seq()
            # It also holds the events of the history window (92 days: all of them here) as
            # history, for member histories and reprints: their effects came with the
            # snapshot and are not counted twice.
            held = {i for (i,) in d.store.conn.execute("SELECT id FROM events WHERE is_local = 0")}
            at_seq = st.read_state(d.store.conn).bootstrapped_at
            assert held == {e.id for seq, e in central.events() if seq <= at_seq}
            assert replica_state(d.store) == expected_state(reference)
        finally:
            d.close()
    finally:
        for service in (a, b, c):
            service.close()


def test_a_new_pc_for_a_branch_bootstraps_from_the_snapshot_and_matches_full_replay(
    central: Central, tmp_path: Path
) -> None:
    branch = central.add_branch("Cabang Tegallalang")
    old = Replica.enrolled(central, branch, tmp_path / "old")
    try:
        old.open_drawer()
        members = [old.register() for _ in range(30)]
        deposits = [old.deposit(m, 10_000 * (i + 1)) for i, m in enumerate(members)]
        old.withdraw(members[0], 5_000)
        old.sync()
        # A reversal whose target the new PC will know only through the snapshot.
        late_reversal_target = deposits[3]
        assert old.store.identity is not None
        old_device = old.store.identity.device_id
    finally:
        old.close()

    folder = tmp_path / "new"
    folder.mkdir()
    fresh = BranchService(folder / "lumbung.sqlite3", hasher=FAST)
    phases: list[tuple[str, int, int]] = []
    try:
        enrol(
            fresh,
            central.url,
            central.code(branch),
            device_name="Kasir 2",
            device_no=2,
            progress=lambda phase, done, total: phases.append((phase, done, total)),
        )
        state = st.read_state(fresh.store.conn)
        assert state.bootstrapped_at > 0 and state.cursor >= state.bootstrapped_at
        assert {p for p, _, _ in phases} >= {"snapshot"}
        assert phases[-1 if phases[-1][0] == "snapshot" else 0][1] >= 1
        # Loaded from pages, not replayed: none of the old PC's events (all dated before the
        # history window) is stored here.
        assert fresh.store.conn.execute(
            "SELECT count(*) FROM events WHERE device_id = ?", (old_device,)
        ).fetchone() == (0,)

        # The old PC reverses a deposit from before the snapshot; the new PC pulls it.
        old = reopen(central, branch, tmp_path / "old" / "lumbung.sqlite3")
        old.reverse(late_reversal_target.id)
        old.sync()
        old.close()
        sync(fresh)
        reference = projection_of([e for _, e in central.events()])
        assert replica_state(fresh.store) == expected_state(reference)
        assert fresh.member_detail(members[3]).balances["sukarela"] == 0
    finally:
        fresh.close()


def reopen(central: Central, branch: str, path: Path) -> Replica:
    store = Store(path)
    engine = engine_for(store)
    assert engine is not None
    return Replica(central, branch, path, store, engine)


def test_bootstrap_is_refused_while_events_wait(central: Central, tmp_path: Path) -> None:
    branch = central.add_branch()
    pc = Replica.enrolled(central, branch, tmp_path / "pc")
    try:
        pc.open_drawer()
        with pytest.raises(BootstrapRefused) as refused:
            pc.engine.bootstrap()
        assert "belum terkirim" in refused.value.message_id
        assert pc.store.conn.execute("SELECT count(*) FROM member_balances").fetchone()[0] == 0
    finally:
        pc.close()


@pytest.mark.not_on_windows(
    reason="Windows has no POSIX file modes: os.stat reports 0o666; the token file is in the "
    "user's own %LOCALAPPDATA%, protected by its ACL"
)
def test_token_is_kept_in_a_file_only_the_user_can_read(central: Central, tmp_path: Path) -> None:
    pc = Replica.enrolled(central, central.add_branch(), tmp_path / "pc")
    try:
        token_file = tmp_path / "pc" / credentials.TOKEN_FILE
        assert not credentials.uses_keyring()
        assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
        assert credentials.load_token(tmp_path / "pc", pc.device_id) == pc.engine.client.token
        # The store itself never holds the token.
        store_bytes = (tmp_path / "pc" / "lumbung.sqlite3").read_bytes()
        assert str(pc.engine.client.token).encode() not in store_bytes
    finally:
        pc.close()


def test_a_stand_alone_store_joins_with_its_own_device_id_and_pushes_its_history(
    central: Central, tmp_path: Path
) -> None:
    branch = central.add_branch("Cabang Demo")
    folder = tmp_path / "demo"
    folder.mkdir()
    service = BranchService(folder / "lumbung.sqlite3", hasher=FAST)
    try:
        boss = service.initialise(
            cooperative_name="KSP Demo",
            branch_id=branch,
            branch_name="Cabang Demo",
            device_no=1,
            supervisor_username="made",
            supervisor_full_name="I Made Supervisor",
            supervisor_password="made1234",
        )
        service.open_session(actor=boss, opening_float=1_000_000)
        device_id = service.branch_info()["device_id"]
        waiting = service.pending_count()
        assert waiting >= 2

        # A code for another branch is refused and stays usable for its own branch.
        other = central.add_branch()
        wrong = central.code(other)
        with pytest.raises(SyncRefused) as refused:
            enrol(service, central.url, wrong, first_sync=False)
        assert refused.value.code == "forbidden"

        identity = enrol(service, central.url, central.code(branch), device_name="Demo")
        assert identity.device_id == device_id
        assert service.pending_count() == 0
        assert central.device_seqs(str(device_id)) == list(range(1, waiting + 1))
        # Proposing an id already enrolled is refused.
        with pytest.raises(SyncRefused) as taken:
            enrol(service, central.url, central.code(branch), first_sync=False)
        assert taken.value.code == "conflict"
    finally:
        service.close()
