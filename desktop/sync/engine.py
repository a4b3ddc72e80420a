"""The sync engine: push what this device made, pull what everyone else made.

One :meth:`SyncEngine.sync_once` is a complete round, safe to interrupt anywhere (a killed
process, a dropped connection, a server restarting) because every step is idempotent and each
is committed before the next:

1. ``GET /health``: the server's last global sequence. A server that holds less than this
   device's cursor was restored from a backup: the cursor goes back (events pulled again are
   recognised by id and skipped), so nothing stored after the restore is ever skipped.
2. A new device loads the snapshot first (:meth:`bootstrap`), resuming at the page it reached.
3. Push: this device's events after the last acknowledged sequence, ``batch`` at a time, as
   the bytes they were signed with. Each reply's ``ack_seq`` is committed at once. A ``gap``
   reply names the sequence the server expects: push resumes from there (after a restore
   from backup that is *below* what it had acknowledged, so those events wait again).
4. Pull: pages after the cursor; each page and the new cursor commit in one transaction, so a
   kill leaves the store at a page boundary. Own events coming back mark acknowledged.

Errors are those of :mod:`desktop.sync.client`; each failure is written to ``last_error``
and the sync log, each success to ``last_success_at`` (and the log when anything moved).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.store import Store
from desktop.store import sync_state as st
from desktop.sync import credentials, numbering
from desktop.sync.client import SyncClient, SyncRefused
from ledger.canonical import canonical_json, sha256_hex
from ledger.errors import LumbungError
from ledger.events import Event
from ledger.wire import HealthResponse, PullResponse

#: The device id of head office's own chain (``sync_server.central.HQ_DEVICE``).
HQ_DEVICE = "hq"

#: (phase "push" | "pull" | "snapshot", done, total)
Progress = Callable[[str, int, int], None]


class BootstrapRefused(LumbungError):
    """A snapshot would hide this device's events that the server does not hold yet."""

    def __init__(self, pending: int) -> None:
        super().__init__(
            f"Pemuatan data awal ditolak: {pending} transaksi perangkat ini belum terkirim ke "
            "server. Sinkronkan dulu.",
            f"Bootstrap refused: {pending} events of this device have not reached the server "
            "yet. Sync first.",
        )


class ServerRestoredUnknown(LumbungError):
    """The server was restored in a way this store cannot follow on its own."""

    def __init__(self) -> None:
        super().__init__(
            "Server pusat dipulihkan dari cadangan yang tidak dapat diikuti perangkat ini "
            "(data awal perangkat lebih baru dari cadangan). Transaksi perangkat ini tetap "
            "aman; hubungi TI untuk memuat ulang perangkat dari server.",
            "The server was restored from a backup this device cannot follow (its snapshot is "
            "newer than the backup). This device's transactions are safe; ask IT to reload "
            "the device from the server.",
        )


def restore_base(known_epoch: str, health: HealthResponse) -> int | None:
    """The last global sequence the server's current identity shares with ``known_epoch``
    (the lowest base of every identity since), or None when the lineage does not hold it."""
    lineage = [e.epoch for e in health.epochs]
    if known_epoch not in lineage:
        return None
    later = health.epochs[lineage.index(known_epoch) + 1 :]
    return min(e.base_seq for e in later) if later else None


class ServerDataInvalid(LumbungError):
    """The server sent something that fails its own check (a hash, a checksum)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Data dari server rusak ({what}); sinkronisasi dihentikan. Hubungi TI.",
            f"Data from the server is corrupt ({what}); sync stopped. Contact IT.",
        )


@dataclass(frozen=True)
class SyncReport:
    """What one round did.

    Attributes:
        pushed: Own events the server acknowledged in this round.
        pulled: Events new to this store from the server.
        pending: Own events still waiting.
        cursor: The global sequence applied up to.
        finished_at: Local time, ``"YYYY-MM-DD HH:MM:SS"``.
        cases_open: Review cases not yet resolved, as this store knows them.
    """

    pushed: int
    pulled: int
    pending: int
    cursor: int
    finished_at: str
    cases_open: int


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    cursor: int
    ack_seq: int
    last_success_at: str
    last_error: str
    server_url: str


def _ignore(phase: str, done: int, total: int) -> None:
    pass


class SyncEngine:
    """Sync for one store over one client (see module docstring).

    Args:
        store: This device's store (a connection of the sync thread's own).
        client: The server, with this device's token.
        batch: Events per push (the server takes at most 500).
        pull_page: Events per pull page, each applied in one transaction.
        verify: Check each pulled event's hash against its content.
        owns_store: :meth:`close` closes the store too.
    """

    def __init__(
        self,
        store: Store,
        client: SyncClient,
        *,
        batch: int = 500,
        pull_page: int = 1000,
        verify: bool = True,
        owns_store: bool = False,
    ) -> None:
        self.store = store
        self.client = client
        self.batch = batch
        self.pull_page = pull_page
        self.verify = verify
        self.owns_store = owns_store
        #: Set when the server looks restored from a backup: ask what it holds of ours.
        self._recheck_acks = False

    def close(self) -> None:
        self.client.close()
        if self.owns_store:
            self.store.close()

    # What the UI shows ----------------------------------------------------------------------

    def pending(self) -> int:
        return self.store.pending_count()

    def last_success(self) -> str:
        return st.read_state(self.store.conn).last_success_at

    def status(self) -> SyncStatus:
        s = st.read_state(self.store.conn)
        return SyncStatus(
            self.pending(), s.cursor, s.ack_seq, s.last_success_at, s.last_error, s.server_url
        )

    # A full round -----------------------------------------------------------------------------

    def sync_once(self, progress: Progress | None = None) -> SyncReport:
        """Push everything waiting, then pull to the end (see module docstring)."""
        report = progress or _ignore
        try:
            health = self.client.health()
            self._record_contact(health)
            self._follow_new_identity(health, report)
            self._follow_restored_server(health.last_seq)
            state = st.read_state(self.store.conn)
            pulled = 0
            if state.needs_bootstrap or state.snapshot_at:
                if self.pending():
                    self._replay_instead()
                else:
                    self.bootstrap(report)
            pushed = self.push_pending(report)
            self.pull_history(report)
            pulled += self.pull_all(report, until=health.last_seq)
            # A number head office assigned takes effect from this PC's next event; then tell
            # head office what this PC holds (the supervisor's day close on every PC reads it).
            if numbering.confirm_number(self.store) is not None:
                pushed += self.push_pending(report)
            numbering.report(self.store, self.client)
        except LumbungError as exc:
            self._record_failure(exc)
            raise
        with self.store.transaction() as conn:
            st.update_state(conn, last_success_at=st.now_text(), last_error="")
            if pushed or pulled:
                st.log(
                    conn,
                    "info",
                    f"Sinkronisasi berhasil: {pushed} terkirim, {pulled} diterima.",
                )
        return self._report(pushed, pulled)

    def _report(self, pushed: int, pulled: int) -> SyncReport:
        state = st.read_state(self.store.conn)
        (cases_open,) = self.store.conn.execute(
            "SELECT count(*) FROM review_cases WHERE resolution = ''"
        ).fetchone()
        return SyncReport(
            pushed=pushed,
            pulled=pulled,
            pending=self.pending(),
            cursor=state.cursor,
            finished_at=state.last_success_at,
            cases_open=int(cases_open),
        )

    def _record_failure(self, exc: LumbungError) -> None:
        level = "warning" if type(exc).__name__ == "ServerUnreachable" else "error"
        try:
            with self.store.transaction() as conn:
                st.update_state(conn, last_error=exc.message_id)
                st.log(conn, level, exc.message_id)
        except Exception:  # the sync's own error matters more than its log line
            pass

    def _replay_instead(self) -> None:
        # Events were made here before the snapshot was loaded: a snapshot would count them
        # twice once pushed, so this store replays the whole history by pull instead.
        st.forget_snapshot(self.store)
        with self.store.transaction() as conn:
            st.update_state(conn, needs_bootstrap=0)
            st.log(
                conn,
                "warning",
                "Transaksi dibuat sebelum data awal dimuat: riwayat lengkap ditarik dari server.",
            )

    def _record_contact(self, health: HealthResponse) -> None:
        if not health.server_time:
            return
        server_ms = int(dt.datetime.fromisoformat(health.server_time).timestamp() * 1000)
        with self.store.transaction() as conn:
            st.record_contact(conn, server_ms=server_ms, local_ms=self.store.wall_ms())

    def _follow_new_identity(self, health: HealthResponse, report: Progress) -> None:
        """The server's database has a new identity (it was restored from a backup): push
        back everything of ours it lacks, take head office's state from it again, and pull
        again from the last global sequence both identities share. Recorded only when done,
        so an interrupted recovery is simply done again by the next round."""
        known = st.server_contact(self.store.conn).epoch
        if not health.epoch or known == health.epoch:
            return
        if not known:
            with self.store.transaction() as conn:
                st.set_epoch(conn, health.epoch)
            return
        base = restore_base(known, health)
        state = st.read_state(self.store.conn)
        if base is None or state.bootstrapped_at > base:
            raise ServerRestoredUnknown()
        voided = st.forget_numbering_after(self.store, base)
        with self.store.transaction() as conn:
            st.log(
                conn,
                "warning",
                f"Server pusat dipulihkan dari cadangan (data bersama sampai #{base}): "
                "transaksi perangkat ini dikirim ulang dan data kantor pusat dimuat ulang.",
            )
        self._recheck_acks = True
        resent = self.push_pending(report)
        rows = self._fresh_snapshot_rows()
        dropped = st.replace_head_office_state(self.store, rows, HQ_DEVICE)
        own = self.store.identity.device_id if self.store.identity else ""
        with self.store.transaction() as conn:
            waiting = st.awaiting_other_devices(conn, own)
            st.set_epoch(conn, health.epoch)
            st.log(
                conn,
                "warning",
                f"Pemulihan server selesai: {resent} transaksi perangkat ini dikirim ulang, "
                f"{dropped} perubahan kantor pusat yang tidak ada lagi di server dibuang "
                f"(pengaturan dan akun diambil dari server), {voided} nomor urut global "
                f"ditarik ulang; {waiting} transaksi perangkat lain menunggu dikirim ulang "
                "oleh perangkatnya.",
            )

    def _fresh_snapshot_rows(self) -> list[dict[str, object]]:
        """Every row of a current snapshot, each page's checksum verified (not stored)."""
        first = self.client.snapshot(0)
        pages = [first]
        for number in range(1, first.pages):
            page = self.client.snapshot(number, first.at_seq)
            if page.at_seq != first.at_seq or page.page != number:
                raise ServerDataInvalid(f"halaman cuplikan {number}")
            pages.append(page)
        rows: list[dict[str, object]] = []
        for page in pages:
            if sha256_hex(canonical_json(page.rows)) != page.checksum:
                raise ServerDataInvalid(f"checksum halaman cuplikan {page.page}")
            rows += page.rows
        return rows

    def _check_link(self, page: PullResponse, cursor: int) -> None:
        """A page must continue what this store holds: same identity, the event at the cursor
        the same as the server's, global sequences without a gap. Else it is never applied."""
        conn = self.store.conn
        known = st.server_contact(conn).epoch
        if page.epoch and known and page.epoch != known:
            raise ServerDataInvalid("identitas server berubah; sinkronkan lagi")
        if cursor and page.prev_hash:
            local = st.local_hash_at(conn, cursor)
            if local is not None and local != page.prev_hash:
                raise ServerDataInvalid(f"urutan global #{cursor} berbeda dengan server")
        expected = cursor + 1
        for item in page.events:
            if item.global_seq != expected:
                raise ServerDataInvalid(f"celah urutan global sebelum #{item.global_seq}")
            expected += 1

    def _follow_restored_server(self, server_last_seq: int) -> None:
        state = st.read_state(self.store.conn)
        if server_last_seq >= state.cursor:
            return
        self._recheck_acks = True
        with self.store.transaction() as conn:
            st.update_state(conn, cursor=server_last_seq)
            st.log(
                conn,
                "warning",
                f"Server memegang lebih sedikit data ({server_last_seq}) daripada yang sudah "
                f"diterima perangkat ini ({state.cursor}); kemungkinan dipulihkan dari cadangan. "
                "Penarikan diulang dari posisi server.",
            )

    # Push -------------------------------------------------------------------------------------

    def push_pending(self, progress: Progress | None = None) -> int:
        """Push every waiting event; returns how many the server acknowledged now."""
        report = progress or _ignore
        if self.store.identity is None:
            return 0
        after = st.read_state(self.store.conn).ack_seq
        if self._recheck_acks:
            # An empty push answers with what the server holds of this device: after a restore
            # it may be less than it acknowledged, with nothing new here to reveal the gap.
            held = self.client.push_bodies([]).ack_seq
            self._recheck_acks = False
            if held < after:
                after = self._resume_at(after, held + 1)
        total = self.pending()
        done = 0
        gaps = 0
        while True:
            bodies = st.outbox(self.store, after, self.batch)
            if not bodies:
                return done
            try:
                reply = self.client.push_bodies(bodies)
            except SyncRefused as exc:
                if exc.code != "gap" or exc.expected_seq is None or gaps >= 3:
                    raise
                gaps += 1
                after = self._resume_at(after, exc.expected_seq)
                continue
            if reply.ack_seq <= after:
                return done  # nothing moved: never loop on a confused server
            st.mark_acked(self.store, reply.ack_seq)
            done += reply.ack_seq - after
            after = reply.ack_seq
            report("push", min(done, total), max(total, done))

    def _resume_at(self, after: int, expected_seq: int) -> int:
        held = expected_seq - 1
        if held < after:
            st.rewind_ack(self.store, expected_seq)
            with self.store.transaction() as conn:
                st.log(
                    conn,
                    "warning",
                    f"Server meminta pengiriman ulang mulai #{expected_seq} (sudah diakui "
                    f"sampai #{after}); dikirim ulang.",
                )
        elif held > after:
            st.mark_acked(self.store, held)
        return held

    # Pull -------------------------------------------------------------------------------------

    def pull_all(self, progress: Progress | None = None, *, until: int | None = None) -> int:
        """Pull and apply pages until the server has no more; returns events new here."""
        report = progress or _ignore
        state = st.read_state(self.store.conn)
        cursor = state.cursor
        total = max(0, (until or 0) - cursor)
        done = new = 0
        while True:
            page = self.client.pull(cursor, self.pull_page)
            self._check_link(page, cursor)
            events = [(p.global_seq, Event.from_dict(p.event)) for p in page.events]
            if self.verify:
                for _, event in events:
                    if event.compute_hash() != event.hash:
                        raise ServerDataInvalid(f"hash peristiwa {event.id}")
            older = self._older_targets([e for _, e in events], state.bootstrapped_at)
            new += st.apply_pulled(self.store, events, page.next_cursor, older_targets=older)
            done += len(events)
            cursor = page.next_cursor
            if events:
                report("pull", done, max(total, done))
            if not page.has_more:
                return new

    def _older_targets(self, events: list[Event], bootstrapped_at: int) -> dict[str, Event]:
        """Reversal targets from before this store's snapshot (known here only by effects)."""
        if not bootstrapped_at:
            return {}
        found = {}
        for target_id in st.missing_targets(self.store, events):
            try:
                held = self.client.event(target_id)
            except SyncRefused as exc:
                if exc.status == 404:
                    continue
                raise
            if held.global_seq <= bootstrapped_at:
                found[target_id] = Event.from_dict(held.event)
        return found

    # Bootstrap --------------------------------------------------------------------------------

    def bootstrap(self, progress: Progress | None = None) -> int:
        """Load the central snapshot into an empty store, then pull; returns the snapshot rows
        loaded (0 when the store already has history: it just pulls).

        Resumable: verified pages are kept in the store, and a retry fetches only the rest
        (from the same ``at_seq``; if the server no longer keeps it, from a new one).

        Raises:
            BootstrapRefused: this device has events the server does not hold yet.
        """
        report = progress or _ignore
        waiting = self.pending()
        if waiting:
            raise BootstrapRefused(waiting)
        state = st.read_state(self.store.conn)
        has_events = self.store.conn.execute("SELECT 1 FROM events LIMIT 1").fetchone()
        if has_events or state.bootstrapped_at or (state.cursor and not state.snapshot_at):
            if state.needs_bootstrap:
                with self.store.transaction() as conn:
                    st.update_state(conn, needs_bootstrap=0)
            self.pull_all(report)
            return 0
        for _attempt in range(3):
            try:
                self._fetch_snapshot(report)
            except SyncRefused as exc:
                if exc.code != "snapshot_expired":
                    raise
                st.forget_snapshot(self.store)
                continue
            break
        else:
            raise ServerDataInvalid("cuplikan terus kedaluwarsa")
        rows = st.load_saved_snapshot(self.store)
        with self.store.transaction() as conn:
            st.log(conn, "info", f"Data awal dimuat dari server ({rows} baris).")
        self.pull_history(report)
        self.pull_all(report, until=self.client.health().last_seq)
        return rows

    def pull_history(self, progress: Progress | None = None) -> int:
        """Fetch the history window the snapshot offered (events already counted in it), page
        by page, each page and the history cursor in one transaction; returns events new here.

        Resumable like the pull: an interruption carries on from the last page stored.
        """
        report = progress or _ignore
        after, until = st.history_range(self.store.conn)
        if after >= until:
            return 0
        total = until - after
        new = 0
        start = after
        while after < until:
            page = self.client.pull(after, self.pull_page, until=until)
            events = [(p.global_seq, Event.from_dict(p.event)) for p in page.events]
            if any(seq <= after or seq > until for seq, _ in events):
                raise ServerDataInvalid("halaman riwayat di luar rentang")
            if self.verify:
                for _, event in events:
                    if event.compute_hash() != event.hash:
                        raise ServerDataInvalid(f"hash peristiwa {event.id}")
            older = self._older_targets([e for _, e in events], after)
            next_after = page.next_cursor if page.has_more else until
            new += st.apply_history(self.store, events, next_after, older_targets=older)
            after = next_after
            report("history", after - start, total)
        st.finish_history(self.store)
        return new

    def _fetch_snapshot(self, report: Progress) -> None:
        state = st.read_state(self.store.conn)
        if not state.snapshot_at:
            first = self.client.snapshot(0)
            self._save_page(first.at_seq, first.page, first.pages, first.rows, first.checksum)
            with self.store.transaction() as conn:
                history = first.at_seq if first.history_after is None else first.history_after
                st.set_history_range(conn, min(history, first.at_seq), first.at_seq)
            state = st.read_state(self.store.conn)
        at, pages = state.snapshot_at, state.snapshot_pages
        have = st.saved_pages(self.store)
        report("snapshot", len(have), pages)
        for number in range(pages):
            if number in have:
                continue
            page = self.client.snapshot(number, at)
            if page.at_seq != at or page.page != number:
                raise ServerDataInvalid(f"halaman cuplikan {number}")
            self._save_page(at, number, pages, page.rows, page.checksum)
            have.add(number)
            report("snapshot", len(have), pages)

    def _save_page(
        self, at_seq: int, page: int, pages: int, rows: list[dict[str, object]], checksum: str
    ) -> None:
        text = canonical_json(rows)
        if sha256_hex(text) != checksum:
            raise ServerDataInvalid(f"checksum halaman cuplikan {page}")
        st.save_snapshot_page(self.store, at_seq, page, pages, text.decode("utf-8"))


def engine_for(
    store: Store, data_dir: Path | None = None, *, owns_store: bool = False
) -> SyncEngine | None:
    """The engine for an enrolled store (token from :mod:`.credentials`), or None for a
    stand-alone device that has no server."""
    state = st.read_state(store.conn)
    if not state.server_url or store.identity is None:
        return None
    folder = data_dir if data_dir is not None else Path(store.path).parent
    token = credentials.load_token(folder, store.identity.device_id)
    return SyncEngine(store, SyncClient(state.server_url, token), owns_store=owns_store)


def open_engine(db_path: Path | str, data_dir: Path | None = None) -> SyncEngine | None:
    """A store connection of the caller's own (the sync thread's) and its engine; None, with
    the connection closed again, when the device is not enrolled."""
    store = Store(db_path)
    engine = engine_for(store, data_dir, owns_store=True)
    if engine is None:
        store.close()
    return engine
