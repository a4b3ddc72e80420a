"""Head office's side of device numbers: handing them out, clashes, renumbering, PC status.

A number is an event (:class:`ledger.events.DeviceNumbered` on the server's HQ chain), so every
PC learns every other PC's number by pull and prints the same receipt numbers
(:func:`ledger.devices.number_at`).

* At enrolment head office gives the next free number of the branch, or the one the installer
  proposed if no active PC of the branch holds it (409 ``device_no_taken`` otherwise).
* A PC enrolled before numbers were assigned reports the number it printed with
  (:func:`report_status`). Head office records it as it is — its receipts carry it — and when
  another PC of the branch holds the same number raises a ``device_no_clash`` alarm.
* :func:`renumber` resolves a clash: the device gets a new number that applies from its next
  event once it has learnt it (the device confirms with its own ``DeviceNumbered``), so no
  receipt already printed changes number; the alarm is marked resolved.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from ledger.devices import ASSIGNED, check_device_no
from ledger.errors import ValidationError
from ledger.events import DeviceNumbered
from ledger.wire import BranchDevices, StatusRequest
from sync_server import central
from sync_server.devices import (
    CLASH,
    branch_devices,
    ever_taken,
    free_number,
    open_clashes,
    taken,
)
from sync_server.errors import ServiceError
from sync_server.store import tables as t
from sync_server.store.db import Database


def number_taken(branch_id: str, device_no: int, holder_name: str) -> ServiceError:
    return ServiceError(
        409,
        "device_no_taken",
        f"Nomor perangkat {device_no:02d} sudah dipakai PC lain di cabang {branch_id} "
        f"({holder_name}). Kosongkan isian agar kantor pusat memberi nomor berikutnya, atau "
        "pilih nomor lain.",
        f"Device number {device_no:02d} is already used by another PC of branch {branch_id} "
        f"({holder_name}). Leave it empty to get the next free number, or choose another.",
        device_no=device_no,
    )


def assign_at_enrolment(
    conn: Connection,
    device_id: str,
    branch_id: str,
    proposed: int | None,
    *,
    printed: bool = False,
) -> int:
    """The number a device enrolling now gets (inside the enrolment's transaction); emits its
    ``DeviceNumbered`` from sequence 1.

    ``printed``: the device already holds signed events (a stand-alone store joining), so its
    receipts carry ``proposed`` already. A taken number is then not refused but recorded as it
    is, with a ``device_no_clash`` alarm for head office to resolve (:func:`renumber`), as for
    a PC from before device numbers.

    Raises:
        ServiceError: 409 ``device_no_taken`` when ``proposed`` is another active PC's (and
            nothing is printed with it yet).
    """
    held = ever_taken(conn, branch_id, besides=device_id)
    if proposed is None:
        number = free_number(conn, branch_id)
    else:
        number = check_device_no(proposed)
        if number in held and not printed:
            name = conn.execute(
                select(t.devices.c.name).where(t.devices.c.device_id == held[number])
            ).scalar()
            raise number_taken(branch_id, number, name or held[number])
    if number in held:
        _clash_alarm(conn, device_id, branch_id, number, held[number], central.now_iso())
    central.append_hq(
        conn,
        [
            DeviceNumbered(
                device_id=device_id,
                branch_id=branch_id,
                device_no=number,
                from_seq=1,
                reason="enrolment",
            )
        ],
    )
    return number


def report_status(
    db: Database, device_id: str, branch_id: str, report: StatusRequest
) -> BranchDevices:
    """Record what ``device_id`` says it holds; returns every PC of its branch."""
    now = central.now_iso()
    d = t.devices.c
    with db.write() as conn:
        conn.execute(
            update(t.devices)
            .where(d.device_id == device_id)
            .values(
                last_contact_at=now,
                reported_seq=report.last_seq,
                reported_waiting=report.waiting,
                reported_open_drawers=report.open_drawers,
                reported_at=now,
            )
        )
        current = conn.execute(select(d.device_no).where(d.device_id == device_id)).scalar()
        if current is None and report.device_no is not None:
            _record_local_number(conn, device_id, branch_id, report.device_no, now)
    return branch_devices(db, branch_id, now)


def _record_local_number(
    conn: Connection, device_id: str, branch_id: str, device_no: int, now: str
) -> None:
    """A PC from before numbers were assigned: its number is what it printed, clash or not."""
    conn.execute(
        update(t.devices)
        .where(t.devices.c.device_id == device_id)
        .values(local_device_no=device_no)
    )
    holder = ever_taken(conn, branch_id, besides=device_id).get(device_no)
    central.append_hq(
        conn,
        [
            DeviceNumbered(
                device_id=device_id,
                branch_id=branch_id,
                device_no=device_no,
                from_seq=1,
                reason="reported by a PC enrolled before device numbers",
            )
        ],
    )
    if holder is not None:
        _clash_alarm(conn, device_id, branch_id, device_no, holder, now)


def _clash_alarm(
    conn: Connection, device_id: str, branch_id: str, device_no: int, holder: str, now: str
) -> None:
    """Record that ``device_id`` prints with the number ``holder`` holds too."""
    conn.execute(
        t.alarms.insert().values(
            kind=CLASH,
            device_id=device_id,
            event_id="",
            device_seq=None,
            stored_hash=None,
            received=str(device_no),
            detail=(
                f"Nomor perangkat {device_no:02d} juga dipakai {holder} di cabang "
                f"{branch_id}; struk kedua PC bernomor sama. / Device number "
                f"{device_no:02d} is also used by {holder} at branch {branch_id}; both "
                f"print the same receipt numbers. Resolve: lumbung-server device renumber "
                f"{device_id}"
            ),
            created_at=now,
        )
    )


def renumber(db: Database, device_id: str, device_no: int | None = None, *, actor: str) -> int:
    """Give ``device_id`` a new number (default: the branch's next free one) from its next
    event on; receipts already printed keep theirs. Marks its clash alarms resolved.

    Raises:
        ValidationError: unknown device, a number out of range or held by another PC.
    """
    d = t.devices.c
    with db.write() as conn:
        row = conn.execute(
            select(d.branch_id, d.device_no, d.token_hash).where(d.device_id == device_id)
        ).one_or_none()
        if row is None or row.token_hash is None:
            raise ValidationError(
                f"Perangkat {device_id} tidak dikenal.", f"No device {device_id}."
            )
        held = ever_taken(conn, row.branch_id, besides=device_id)
        if device_no is None:
            number = free_number(conn, row.branch_id)
        else:
            number = check_device_no(device_no)
            if number in held:
                raise ValidationError(
                    f"Nomor {number:02d} sudah dipakai {held[number]} di cabang {row.branch_id}.",
                    f"Number {number:02d} is already used by {held[number]} at {row.branch_id}.",
                )
        central.append_hq(
            conn,
            [
                DeviceNumbered(
                    device_id=device_id,
                    branch_id=row.branch_id,
                    device_no=number,
                    from_seq=ASSIGNED,
                    reason="renumbered by head office",
                )
            ],
            actor=actor,
        )
        _resolve_settled_clashes(conn)
    return number


def _resolve_settled_clashes(conn: Connection) -> None:
    """Mark resolved every clash alarm whose device no longer shares its number."""
    d = t.devices.c
    for alarm in open_clashes(conn):
        row = conn.execute(
            select(d.branch_id, d.device_no).where(d.device_id == alarm["device_id"])
        ).one_or_none()
        if row is None or row.device_no not in taken(
            conn, row.branch_id, besides=str(alarm["device_id"])
        ):
            conn.execute(
                update(t.alarms)
                .where(t.alarms.c.alarm_id == alarm["alarm_id"])
                .values(resolved_at=central.now_iso())
            )
