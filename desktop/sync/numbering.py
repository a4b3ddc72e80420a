"""The end of every sync round: tell head office what this PC holds, learn the branch's PCs.

:func:`report` sends this device's latest own sequence, the events still waiting to be pushed,
its open drawers and the number it prints (a PC enrolled before head office assigned numbers
reports the number it has used all along; head office records it and raises an alarm when it
clashes). The reply — every PC of the branch with its last contact, the sequence head office
holds of it and what it reported — is kept in ``branch_pcs`` for the supervisor's day close.

:func:`confirm_number` makes a number head office assigned (``lumbung-server device renumber``)
take effect: this device posts its own ``DeviceNumbered`` starting at that very event, so the
receipts it already printed keep their number everywhere (:func:`ledger.devices.number_at`).
"""

from __future__ import annotations

import datetime as dt

from desktop.store import Store
from desktop.store import devices as store_devices
from desktop.store import sync_state as st
from desktop.sync.client import SyncClient, SyncRefused
from ledger.devices import PcStatus, needs_confirmation
from ledger.events import DeviceNumbered
from ledger.wire import BranchDevices, StatusRequest


def open_drawers(store: Store, device_id: str) -> int:
    (count,) = store.conn.execute(
        "SELECT count(*) FROM teller_sessions WHERE status = 'open' AND device_id = ?",
        (device_id,),
    ).fetchone()
    return int(count)


def status_request(store: Store) -> StatusRequest:
    identity = store.identity
    assert identity is not None and store.chain is not None
    known = store_devices.numberings(store.conn, identity.device_id)
    return StatusRequest(
        last_seq=store.chain.last_seq,
        waiting=store.pending_count(),
        open_drawers=open_drawers(store, identity.device_id),
        # Only a PC head office has not numbered yet needs to say which number it used.
        device_no=None if known else identity.device_no,
    )


def report(store: Store, client: SyncClient) -> BranchDevices | None:
    """Report this device's status and keep the branch's PCs; ``None`` from a server that
    does not know the status call (older than device numbers)."""
    if store.identity is None or store.chain is None:
        return None
    try:
        reply = client.status(status_request(store))
    except SyncRefused as exc:
        if exc.status in (404, 405):
            return None
        raise
    pcs = [
        PcStatus(
            device_id=d.device_id,
            device_no=d.device_no,
            name=d.name,
            active=d.status == "active",
            last_contact_at=d.last_contact_at,
            acked_seq=d.acked_seq,
            reported_seq=d.reported_seq,
            waiting=d.reported_waiting,
            open_drawers=d.reported_open_drawers,
        )
        for d in reply.devices
    ]
    with store.transaction() as conn:
        store_devices.save_branch_pcs(
            conn, pcs, server_time=reply.server_time, fetched_at=st.now_text()
        )
    return reply


def _business_date(store: Store, branch_id: str) -> str:
    today = dt.date.today()
    row = store.conn.execute(
        "SELECT max(business_date) FROM closed_days WHERE branch_id = ?", (branch_id,)
    ).fetchone()
    if row and row[0] and today <= dt.date.fromisoformat(str(row[0])):
        today = dt.date.fromisoformat(str(row[0])) + dt.timedelta(days=1)
    return today.isoformat()


def confirm_number(store: Store) -> int | None:
    """Put in force a number head office assigned to this device; returns it, or ``None``
    when there was nothing to confirm."""
    identity = store.identity
    if identity is None or store.chain is None:
        return None
    known = store_devices.numberings(store.conn, identity.device_id)
    if needs_confirmation(known, store.chain.last_seq + 1) is None:
        return None  # the usual case: no write transaction every round
    with store.transaction() as conn:
        chain = store.chain
        assert chain is not None
        next_seq = chain.last_seq + 1
        wanted = needs_confirmation(store_devices.numberings(conn, identity.device_id), next_seq)
        if wanted is None:
            return None
        store.append(
            DeviceNumbered(
                device_id=identity.device_id,
                branch_id=identity.branch_id,
                device_no=wanted.device_no,
                from_seq=next_seq,
                reason="confirmed by the device",
            ),
            actor="device",
            business_date=_business_date(store, identity.branch_id),
        )
        # New member numbers carry the device number too.
        conn.execute("UPDATE device SET device_no = ?", (wanted.device_no,))
        st.log(
            conn,
            "info",
            f"Nomor PC ini sekarang {wanted.device_no:02d} (dari transaksi {next_seq}).",
        )
    store.reload()
    return wanted.device_no
