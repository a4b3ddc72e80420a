"""Device numbers and the branch's PCs in the desktop store.

``device_numbers`` is the projection of ``DeviceNumbered`` events (pulled from head office,
loaded from the snapshot, or this device's own confirmations); :func:`ledger.devices.number_at`
reads it, the same rule the server uses, so every PC prints the same receipt number for the
same event. ``branch_pcs`` is device-local: the branch's PCs as head office last described
them in its reply to this device's status report (see :mod:`desktop.sync.numbering`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from ledger.devices import Numbering, PcStatus, number_at, numbering_of
from ledger.events import DeviceNumbered, Event


def write_numbering(conn: sqlite3.Connection, event: Event, p: DeviceNumbered) -> None:
    """Project one ``DeviceNumbered`` (a later one for the same device and ``from_seq``
    replaces the earlier, as on the server)."""
    n = numbering_of(event.device_id, event.branch_id, event.device_seq, p)
    if n is None:
        return
    conn.execute(
        "INSERT OR REPLACE INTO device_numbers (device_id, from_seq, branch_id, device_no,"
        " event_id) VALUES (?, ?, ?, ?, ?)",
        (n.device_id, n.from_seq, n.branch_id, n.device_no, event.id),
    )


def load_snapshot_row(conn: sqlite3.Connection, r: dict[str, Any]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO device_numbers (device_id, from_seq, branch_id, device_no,"
        " event_id) VALUES (?, ?, ?, ?, ?)",
        (r["device_id"], r["from_seq"], r["branch_id"], r["device_no"], r["event_id"]),
    )


def numberings(conn: sqlite3.Connection, device_id: str) -> list[Numbering]:
    return [
        Numbering(*row)
        for row in conn.execute(
            "SELECT device_id, branch_id, device_no, from_seq FROM device_numbers"
            " WHERE device_id = ? ORDER BY from_seq",
            (device_id,),
        )
    ]


def device_no_at(conn: sqlite3.Connection, device_id: str, device_seq: int) -> int | None:
    """The number ``device_id`` printed on its event ``device_seq`` (``None``: unknown)."""
    return number_at(numberings(conn, device_id), device_seq)


def save_branch_pcs(
    conn: sqlite3.Connection, pcs: Iterable[PcStatus], *, server_time: str, fetched_at: str
) -> None:
    conn.execute("DELETE FROM branch_pcs")
    conn.executemany(
        "INSERT INTO branch_pcs (device_id, device_no, name, status, last_contact_at,"
        " acked_seq, reported_seq, waiting, open_drawers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                pc.device_id,
                pc.device_no,
                pc.name,
                "active" if pc.active else "revoked",
                pc.last_contact_at,
                pc.acked_seq,
                pc.reported_seq,
                pc.waiting,
                pc.open_drawers,
            )
            for pc in pcs
        ],
    )
    conn.execute(
        "INSERT OR REPLACE INTO branch_pcs_state (id, server_time, fetched_at) VALUES (1, ?, ?)",
        (server_time, fetched_at),
    )


def branch_pcs(conn: sqlite3.Connection) -> tuple[list[PcStatus], str, str]:
    """The branch's PCs as head office last described them, its clock then, and when this
    device asked (local time); empty lists and ``""`` before the first report."""
    pcs = [
        PcStatus(
            device_id=str(r[0]),
            device_no=None if r[1] is None else int(r[1]),
            name=str(r[2]),
            active=r[3] == "active",
            last_contact_at=str(r[4]),
            acked_seq=int(r[5]),
            reported_seq=int(r[6]),
            waiting=int(r[7]),
            open_drawers=int(r[8]),
        )
        for r in conn.execute(
            "SELECT device_id, device_no, name, status, last_contact_at, acked_seq,"
            " reported_seq, waiting, open_drawers FROM branch_pcs ORDER BY device_no, device_id"
        )
    ]
    row = conn.execute("SELECT server_time, fetched_at FROM branch_pcs_state").fetchone()
    return pcs, (str(row[0]) if row else ""), (str(row[1]) if row else "")
