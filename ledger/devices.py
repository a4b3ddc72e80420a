"""Branch PCs: their numbers within the branch, and whether they hold up the day close.

**Numbers.** Every PC of a branch has a small number (1-99) that its receipt numbers
(``BR01/02/0000123``) and new member numbers carry. Head office hands it out at enrolment;
which number a device prints is a projection of ``DeviceNumbered`` events
(:class:`ledger.events.DeviceNumbered`), replicated like any other event, so every PC and the
server turn the same ``(device, sequence)`` into the same receipt number:
:func:`number_at` is that rule, the only one.

A number applies from one of the device's own sequences on (``from_seq``). A new number given
by head office (``from_seq`` 0, *assigned*) applies only once the device has confirmed it with
its own event naming the sequence it starts at: the device is the only one that knows which
receipts it has already printed offline, so none of them ever changes number.

**Day close.** :func:`blockers` says which other PCs of the branch keep the supervisor from
closing the day as "matches head office": events waiting to be pushed, no contact with head
office for too long, or a drawer still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ledger.errors import ValidationError
from ledger.events import DeviceNumbered

MIN_DEVICE_NO = 1
MAX_DEVICE_NO = 99
#: ``from_seq`` of a number head office assigned that the device has not yet confirmed.
ASSIGNED = 0
#: Minutes without contact after which another PC holds up the day close (setting
#: ``pc_contact_minutes``).
DEFAULT_CONTACT_MINUTES = 15


@dataclass(frozen=True)
class Numbering:
    """One ``DeviceNumbered`` as the stores keep it: ``device_no`` from ``from_seq`` on
    (``from_seq`` 0: assigned, not yet in force)."""

    device_id: str
    branch_id: str
    device_no: int
    from_seq: int


#: The device id of head office's own chain (``sync_server.central.HQ_DEVICE``).
HQ_DEVICE = "hq"


def numbering_of(
    event_device_id: str, event_branch_id: str, event_device_seq: int, p: DeviceNumbered
) -> Numbering | None:
    """The numbering a ``DeviceNumbered`` event makes, or ``None`` when it makes none.

    Head office's chain may number any device. A device may only confirm its own number from
    the very event that says so (``from_seq`` equal to that event's sequence, in its own
    branch): it can never renumber another PC or receipts it has already printed.
    """
    if event_device_id != HQ_DEVICE and (
        p.device_id != event_device_id
        or p.branch_id != event_branch_id
        or p.from_seq != event_device_seq
    ):
        return None
    if not MIN_DEVICE_NO <= p.device_no <= MAX_DEVICE_NO or p.from_seq < 0:
        return None
    return Numbering(p.device_id, p.branch_id, p.device_no, p.from_seq)


def check_device_no(value: object) -> int:
    """A device number: a whole number 1-99."""
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not MIN_DEVICE_NO <= value <= MAX_DEVICE_NO
    ):
        raise ValidationError(
            f"Nomor perangkat harus {MIN_DEVICE_NO}-{MAX_DEVICE_NO}.",
            f"The device number must be {MIN_DEVICE_NO}-{MAX_DEVICE_NO}.",
            field="device_no",
        )
    return value


def number_at(entries: Iterable[Numbering], device_seq: int) -> int | None:
    """The number device ``D`` prints on its event ``device_seq``, from ``D``'s numberings:
    the one in force with the greatest ``from_seq`` not after ``device_seq``; ``None`` when no
    number is known (an old PC that never reported one)."""
    best: Numbering | None = None
    for e in entries:
        in_force = e.from_seq != ASSIGNED and e.from_seq <= device_seq
        if in_force and (best is None or e.from_seq > best.from_seq):
            best = e
    return best.device_no if best is not None else None


def needs_confirmation(entries: Collection[Numbering], next_seq: int) -> Numbering | None:
    """The number head office assigned that the device does not yet print from ``next_seq``
    (its next event), or ``None``."""
    assigned = [e for e in entries if e.from_seq == ASSIGNED]
    if not assigned:
        return None
    wanted = assigned[-1]
    return None if number_at(entries, next_seq) == wanted.device_no else wanted


def device_label(device_no: int | None, device_id: str) -> str:
    """Two digits (``"02"``) when the number is known, else the id's tail."""
    return f"{device_no:02d}" if device_no is not None else device_id[-4:]


def receipt_number(branch_id: str, device_no: int | None, device_id: str, device_seq: int) -> str:
    """``BR01/02/0000123``: branch, device number, the device's event sequence."""
    return f"{branch_id}/{device_label(device_no, device_id)}/{device_seq:07d}"


def next_free(taken: Collection[int]) -> int:
    """The lowest number no device of the branch holds.

    Raises:
        ValidationError: all 99 are taken.
    """
    for n in range(MIN_DEVICE_NO, MAX_DEVICE_NO + 1):
        if n not in taken:
            return n
    raise ValidationError(
        "Semua nomor perangkat cabang ini sudah terpakai.",
        "Every device number of this branch is taken.",
        field="device_no",
    )


# The day close ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PcStatus:
    """Another PC of the branch as head office last heard from it.

    Attributes:
        last_contact_at: ISO time of its last report to head office (``""``: never).
        acked_seq: The highest of its sequences head office holds.
        reported_seq: Its latest own sequence, as it last reported.
        waiting: Its events not yet pushed, as it last reported.
        open_drawers: Drawer sessions open on it, as it last reported.
    """

    device_id: str
    device_no: int | None
    name: str
    active: bool
    last_contact_at: str
    acked_seq: int
    reported_seq: int
    waiting: int
    open_drawers: int


@dataclass(frozen=True)
class Blocker:
    """Why one PC holds up "matches head office" (``kind``: ``waiting``, ``silent``,
    ``unpushed``, ``drawer``)."""

    device_id: str
    label: str
    kind: str
    message_id: str
    message_en: str


def _parse(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def blockers(
    pcs: Iterable[PcStatus],
    *,
    this_device: str,
    server_time: str,
    contact_minutes: int = DEFAULT_CONTACT_MINUTES,
    open_drawer_devices: Collection[str] = (),
) -> list[Blocker]:
    """Every reason another active PC of the branch keeps the day from closing as "matches".

    ``server_time`` is head office's clock when it answered (contact times are its own, so a
    PC's wrong clock does not matter); ``open_drawer_devices`` are the PCs this one knows
    have a drawer open.
    """
    now = _parse(server_time)
    window = dt.timedelta(minutes=contact_minutes)
    found: list[Blocker] = []
    for pc in pcs:
        if pc.device_id == this_device or not pc.active:
            continue
        label = f"PC {device_label(pc.device_no, pc.device_id)}"
        if pc.waiting > 0:
            found.append(
                Blocker(
                    pc.device_id,
                    label,
                    "waiting",
                    f"{label} masih menyimpan {pc.waiting} transaksi yang belum dikirim.",
                    f"{label} still holds {pc.waiting} transactions not yet sent.",
                )
            )
        elif pc.reported_seq > pc.acked_seq:
            found.append(
                Blocker(
                    pc.device_id,
                    label,
                    "unpushed",
                    f"{label} mencatat transaksi yang belum diterima kantor pusat.",
                    f"{label} recorded transactions head office does not hold yet.",
                )
            )
        contact = _parse(pc.last_contact_at) if pc.last_contact_at else None
        if contact is None or now is None or now - contact > window:
            found.append(
                Blocker(
                    pc.device_id,
                    label,
                    "silent",
                    f"{label} tidak menghubungi kantor pusat dalam {contact_minutes} menit "
                    "terakhir.",
                    f"{label} has not contacted head office in the last {contact_minutes} minutes.",
                )
            )
        if pc.device_id in open_drawer_devices or pc.open_drawers > 0:
            found.append(
                Blocker(
                    pc.device_id,
                    label,
                    "drawer",
                    f"{label} masih memiliki laci kas yang terbuka.",
                    f"{label} still has a cash drawer open.",
                )
            )
    return found
